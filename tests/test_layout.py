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
from minigrad._strides import torch_strides

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


@st.composite
def advanced_indices(draw):
    """A permuted (maybe sliced) tensor and an index mixing ints, slices, None, bools,
    index lists, masks and transposed or expanded index tensors."""
    nd = draw(st.integers(1, 4))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=nd, max_size=nd)))
    perm = draw(st.permutations(range(nd)))
    step = draw(st.sampled_from([1, 1, 2]))
    seen = [shape[p] for p in perm]
    seen[-1] = len(range(0, seen[-1], step))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    items: list = []
    for n in seen:
        kind = draw(st.sampled_from(["slice", "step", "int", "none", "list", "nested",
                                     "mask", "transposed", "expanded", "bool"]))
        if kind == "none":
            items.append(None)
        elif kind == "bool":
            items.append(bool(rng.integers(2)))
        if kind in ("none", "bool"):
            continue  # these consume no dimension: the next draw indexes this one
        if kind == "slice":
            items.append(slice(None))
        elif kind == "step":
            items.append(slice(None, None, 2))
        elif kind == "int":
            items.append(int(rng.integers(n)))
        elif kind == "list":
            items.append(rng.integers(n, size=rng.integers(0, 4)).tolist())
        elif kind == "nested":
            items.append(rng.integers(n, size=(2, rng.integers(1, 3))).tolist())
        elif kind == "mask":
            items.append((rng.random(n) < 0.6).tolist())
        elif kind == "transposed":
            items.append(("t", rng.integers(n, size=(2, 3)).tolist()))
        else:
            items.append(("e", rng.integers(n, size=(2, 1)).tolist()))
    return shape, perm, step, tuple(items)


def _index_item(lib, item):
    if isinstance(item, tuple):
        kind, values = item
        t = lib.tensor(values)
        return t.t() if kind == "t" else t.expand(2, 3)
    return lib.tensor(item) if isinstance(item, list) else item


@given(advanced_indices())
def test_advanced_index_results_are_laid_out_as_torchs(case):
    """An advanced index's result lies in memory as torch's index kernel allocates it (a
    TensorIterator over the restrided input and the index tensors), whatever the input's
    and the indices' layouts: the stride of every dimension, size-1 ones included (torch's
    overlap checks compare them)."""
    shape, perm, step, items = case
    results = {}
    for lib in (torch, minigrad):
        x = lib.arange(int(np.prod(shape)), dtype=lib.float32).reshape(shape).permute(*perm)
        x = x[..., ::step]
        try:
            out = x[tuple(_index_item(lib, i) for i in items)]
        except (IndexError, RuntimeError) as e:
            results[lib.__name__] = type(e).__name__
            continue
        data = out.numpy()
        strides = (list(out.stride()) if lib is torch
                   else [s // 4 for s in torch_strides(out._data)])
        layout = strides if out.numel() else []
        results[lib.__name__] = (tuple(out.shape), data.tolist(), layout, out.is_contiguous())
    assert results["minigrad"] == results["torch"]
