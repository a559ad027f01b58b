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
