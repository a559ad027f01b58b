"""Elementwise results lie in memory as torch lays them out (minigrad/_layout.py).

The layout is what a later ``view`` (which works only on a viewable layout), ``is_contiguous``,
a sum (which walks memory: the last bits) and a random fill see. Hypothesis draws permuted,
sliced and broadcast operands; every case is compared with torch.
"""

from __future__ import annotations

import operator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad

torch = pytest.importorskip("torch")


@st.composite
def operands(draw):
    nd = draw(st.integers(2, 4))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=nd, max_size=nd)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)

    def arrangement(dims: tuple[int, ...]) -> tuple[np.ndarray, list[int]]:
        order = list(rng.permutation(len(dims))) if draw(st.booleans()) else list(range(len(dims)))
        values = rng.standard_normal([dims[i] for i in order]).astype(np.float32)
        return values, list(np.argsort(order))

    other = tuple(1 if draw(st.booleans()) and draw(st.booleans()) else n for n in shape)
    ops = [operator.add, operator.sub, operator.mul, operator.truediv]
    return arrangement(shape), arrangement(other), draw(st.sampled_from(ops))


def _build(lib, values: np.ndarray, perm: list[int]):
    return lib.tensor(values.tolist()).permute(*perm)


@given(operands())
def test_elementwise_results_are_laid_out_as_torchs(case):
    (a, pa), (b, pb), op = case
    results = {}
    for lib in (torch, minigrad):
        out = op(_build(lib, a, pa), _build(lib, b, pb))
        flat_ok = True
        try:
            out.view(-1)
        except RuntimeError:
            flat_ok = False
        results[lib.__name__] = (out.is_contiguous(), flat_ok, out.sum().item(),
                                 (out * 2).mean().item())
    assert results["minigrad"] == results["torch"]


UNARY = {
    "exp": lambda t: t.exp(), "log1p": lambda t: t.abs().log1p(), "expm1": lambda t: t.expm1(),
    "sigmoid": lambda t: t.sigmoid(), "tanh": lambda t: t.tanh(), "abs": lambda t: t.abs(),
    "neg": lambda t: -t, "sign": lambda t: t.sign(), "relu": lambda t: t.relu(),
    "square": lambda t: t**2, "rpow": lambda t: 2**t, "rsub": lambda t: 1 - t,
    "rdiv": lambda t: 1 / t, "clamp": lambda t: t.clamp(-0.5, 0.5), "cast": lambda t: t.double(),
    "compare": lambda t: t > 0, "clone": lambda t: t.clone(),
    "ones_like": lambda t: _lib(t).ones_like(t), "zeros_like": lambda t: _lib(t).zeros_like(t),
}


def _lib(t):
    return torch if isinstance(t, torch.Tensor) else minigrad


@given(operands(), st.sampled_from(sorted(UNARY)))
def test_unary_results_are_laid_out_as_torchs(case, name):
    """Every one-input elementwise op (and a number on the left) lays out its result as
    torch's kernel does: most follow the input, ``number ** tensor`` is contiguous."""
    (a, pa), _, _ = case
    results = {}
    for lib in (torch, minigrad):
        out = UNARY[name](_build(lib, a, pa))
        try:
            out.view(-1)
            flat_ok = True
        except RuntimeError:
            flat_ok = False
        results[lib.__name__] = (out.is_contiguous(), flat_ok)
    assert results["minigrad"] == results["torch"]
