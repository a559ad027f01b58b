"""The memory layout torch gives the result of an elementwise op.

numpy and torch agree on what an elementwise result holds, not always on how it lies in
memory. The layout decides what a user can see later: whether ``view`` works, the order in
which a sum or a random fill walks the elements (so the last bits), ``is_contiguous()``.
torch's TensorIterator orders the dimensions by the inputs' strides (the first input
decides, the next breaks ties; a broadcast dimension is skipped) and allocates the result
contiguous in that order. numpy's own heuristic differs in about three cases in ten where an
input is not contiguous, so such results are laid out again here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ._checks import expanded_like_torch, torch_strides
from ._strides import with_strides


def _elementwise_order(shape: tuple[int, ...], strides: list[list[int]]) -> list[int]:
    """TensorIterator's ``reorder_dimensions`` for an elementwise op whose output it
    allocates: the dimensions innermost first (an insertion sort that stops at the first
    strict comparison, as ATen's)."""

    def should_swap(d0: int, d1: int) -> int:
        for st in strides:
            s0, s1 = st[d0], st[d1]
            if s0 == 0 or s1 == 0:  # broadcast along one of them: the next input decides
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:  # equal strides: the smaller size goes inside
                return 1
        return 0

    return torch_dim_order(len(shape), should_swap)


def torch_dim_order(ndim: int, should_swap: Callable[[int, int], int]) -> list[int]:
    """TensorIterator's ``reorder_dimensions``: the dimensions innermost first, sorted by
    insertion from the last, stopping at the first strict comparison (``should_swap(d0,
    d1)`` > 0 moves d1 inside d0, < 0 keeps the order, 0 looks further)."""
    perm = list(reversed(range(ndim)))
    for i in range(1, ndim):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return perm


def as_torch_lays_out(out: np.ndarray, *inputs: object) -> np.ndarray:
    """``out`` (an elementwise result of ``inputs``) in the memory layout torch gives it:
    the same array when it already lies so, else a copy laid out that way."""
    shape = out.shape
    strides = []
    for x in inputs:
        if isinstance(x, np.ndarray) and x.ndim:
            # the operand's strides, 0 on size-1 dimensions: numpy's fresh arrays give those
            # strides torch's would not have (a result's size-1 strides are not modelled)
            b = np.broadcast_to(x, shape)
            strides.append([s // b.itemsize for s in b.strides])
    return _laid_out_in(out, _elementwise_order(shape, strides))


def dense_like(out: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``out`` (a copy of ``a``, which has gaps or overlaps) laid out as torch's
    ``empty_like(preserve_format)``: dense in the order of ``a``'s strides
    (``infer_dense_strides``; size-1 dimensions take their place in that order, their own
    strides unread: numpy's fresh arrays set them as torch would not)."""
    order = _elementwise_order(a.shape, [[0 if n == 1 else s // a.itemsize
                                          for n, s in zip(a.shape, a.strides)]])
    return _dense_in(out, order)


def _dense_in(out: np.ndarray, inner_first: list[int]) -> np.ndarray:
    """``out`` laid out contiguous in the dimension order ``inner_first`` with torch's
    strides for its size-1 dimensions too (the extent of the dimensions inside them, as
    torch allocates a result in that order; numpy's may be any)."""
    laid = _laid_out_in(out, inner_first)
    expected = [0] * out.ndim
    step = out.itemsize
    for d in inner_first:
        expected[d] = step
        step *= out.shape[d]
    return with_strides(laid, expected)


def as_torch_concatenates(out: np.ndarray, inputs: list[np.ndarray]) -> np.ndarray:
    """``out = concatenate(inputs)`` in the layout torch's ``cat`` gives it: channels-last
    when every input suggests it (4-D or 5-D), else contiguous (numpy keeps a transposed
    layout, and a later sum walks the elements in the layout's order)."""
    if out.ndim in (4, 5) and inputs and all(_is_channels_last(a) for a in inputs):
        inner_first = [1, 3, 2, 0] if out.ndim == 4 else [1, 4, 3, 2, 0]
        return _laid_out_in(out, inner_first)
    return out if out.flags.c_contiguous else np.ascontiguousarray(out)


def _is_channels_last(a: np.ndarray) -> bool:
    """c10's ``is_channels_last_strides_2d/3d``: what ``suggest_memory_format`` reads."""
    if a.ndim not in (4, 5):
        return False
    sizes, strides = a.shape, [s // a.itemsize for s in torch_strides(a)]
    if strides[1] == 0:  # a trivial channel dimension: NCHW by default
        return False
    least = 0
    for d in ([1, 3, 2, 0] if a.ndim == 4 else [1, 4, 3, 2, 0]):
        if sizes[d] == 0 or strides[d] < least:
            return False
        if d == 0 and least == strides[1]:  # ambiguous (N111): contiguous by default
            return False
        least = strides[d] * (sizes[d] if sizes[d] > 1 else 1)
    return True


def as_torch_indexes(out: np.ndarray, a: np.ndarray, index: Any) -> np.ndarray:
    """``out = a[index]`` (an advanced index: tensors, lists and masks beside ints, slices
    and None) in the layout torch's index kernel gives it: a copy where numpy's differs.

    torch applies the ints, slices and None as views, then runs a TensorIterator over the
    view restrided (each indexed dimension replaced by the index shape, stride 0) and the
    index tensors (reshaped with size-1 dimensions around them); the result is allocated
    in the order those operands' strides give, size-1 dimensions' strides included.
    """
    if out.ndim < 2 or out.size == 0:  # one layout only (a batch of rows: x[idx] of 2-D
        return out  # input is 2-D, so it goes on; a 1-D gather returns here)
    items = index if isinstance(index, tuple) else (index,)
    shape, strides = list(a.shape), [s // a.itemsize for s in torch_strides(a)]
    found: dict[int, np.ndarray] = {}  # dimension of the view -> its index (torch's strides)
    dim = 0
    for pos, i in enumerate(items):
        if i is Ellipsis:
            dim = len(shape) - sum(_dims_taken(j) for j in items[pos + 1:])
        elif i is None or isinstance(i, (bool, np.bool_)) or (
            isinstance(i, np.ndarray) and i.dtype == bool and i.ndim == 0
        ):  # unsqueeze; a bool also indexes the new dimension by [0] or []
            strides.insert(dim, 1 if dim >= len(shape) else shape[dim] * strides[dim])
            shape.insert(dim, 1)
            if i is not None:
                found[dim] = np.zeros(int(bool(i)), dtype=np.int64)
            dim += 1
        elif isinstance(i, slice):
            start, stop, step = i.indices(shape[dim])
            shape[dim], strides[dim] = len(range(start, stop, step)), strides[dim] * step
            dim += 1
        elif isinstance(i, (int, np.integer)):  # select: the dimension goes
            del shape[dim], strides[dim]
        else:
            arr = np.asarray(i)
            if arr.dtype == bool:  # a mask: one index per dimension, nonzero's columns
                rows = np.ascontiguousarray(np.stack(np.nonzero(arr), axis=1))
                found.update((dim + k, rows[:, k]) for k in range(arr.ndim))
                dim += arr.ndim
            else:
                found[dim] = arr
                dim += 1
    if not found:
        return out
    order = sorted(found)
    if order != list(range(order[0], order[-1] + 1)):  # not adjacent: to the front
        dims = order + [d for d in range(len(shape)) if d not in found]
        shape, strides = [shape[d] for d in dims], [strides[d] for d in dims]
        found = {k: found[d] for k, d in enumerate(order)}
        order = list(range(len(order)))
    shape_b = np.broadcast_shapes(*(found[d].shape for d in order))
    before, after = order[0], len(shape) - order[-1] - 1
    result = tuple(shape[:before]) + shape_b + tuple(shape[len(shape) - after:])
    if result != out.shape:
        return out
    operands = [strides[:before] + [0] * len(shape_b) + strides[len(shape) - after:]]
    for d in order:
        b = expanded_like_torch(found[d], shape_b)
        elements = [s // b.itemsize for s in torch_strides(b)]
        operands.append(_view_strides(shape_b, elements, (1,) * before + shape_b + (1,) * after))
    for st in operands[1:]:  # a size-1 dimension broadcast by the iterator: stride 0
        st[:] = [0 if n != 1 and m == 1 else s for s, n, m in
                 zip(st, result, (1,) * before + shape_b + (1,) * after)]
    return _dense_in(out, _elementwise_order(result, operands))


def _view_strides(old: tuple[int, ...], strides: list[int], new: tuple[int, ...]) -> list[int]:
    """torch's ``computeStride``: the strides of a view of ``old`` as ``new`` (here only
    size-1 dimensions are added, which always succeeds)."""
    if not old:
        return [1] * len(new)
    out = [0] * len(new)
    view_d, base, old_numel, new_numel = len(new) - 1, strides[-1], 1, 1
    for d in range(len(old) - 1, -1, -1):
        old_numel *= old[d]
        if d == 0 or (old[d - 1] != 1 and strides[d - 1] != old_numel * base):
            while view_d >= 0 and (new_numel < old_numel or new[view_d] == 1):
                out[view_d] = new_numel * base
                new_numel *= new[view_d]
                view_d -= 1
            if d > 0:
                base, old_numel, new_numel = strides[d - 1], 1, 1
    return out


def _dims_taken(i: Any) -> int:
    """How many of the indexed tensor's dimensions an index item consumes."""
    if i is None or i is Ellipsis or isinstance(i, (bool, np.bool_)):
        return 0
    arr = np.asarray(i)
    return arr.ndim if arr.dtype == bool else 1


def _laid_out_in(out: np.ndarray, inner_first: list[int]) -> np.ndarray:
    """``out`` laid out contiguous in the dimension order ``inner_first`` (innermost first):
    itself when it already lies so (size-1 dimensions aside), else a copy."""
    shape = out.shape
    outer_first = inner_first[::-1]
    expected = [0] * len(shape)
    step = out.itemsize
    for d in reversed(outer_first):
        expected[d] = step
        step *= shape[d]
    if all(n == 1 or s == e for n, s, e in zip(shape, out.strides, expected)):
        return out
    laid = np.empty([shape[d] for d in outer_first], dtype=out.dtype)
    laid = laid.transpose(np.argsort(outer_first))
    laid[...] = out
    return laid


def vector_loop_mask(shape: tuple[int, ...], inputs: tuple[np.ndarray, ...],
                     itemsize: int) -> np.ndarray | None:
    """Which elements of an elementwise result torch's CPU loop computes with its vector
    code rather than its scalar code (they differ at ties: ``maximum`` keeps the second
    operand in one and the first in the other). None when no element is vectorised.

    TensorIterator orders the dimensions (``_elementwise_order``), merges those that lie one
    after the other in every operand, and runs the innermost (merged) dimension as rows;
    a row is vectorised when every operand is contiguous along it, or one input is a
    broadcast scalar, and then in blocks of two 32-byte vectors, the tail in scalar code.
    """
    if not shape:
        return None
    arrays = [np.broadcast_to(x, shape) for x in inputs]
    strides = [[s // x.itemsize for s in x.strides] for x in arrays]
    perm = _elementwise_order(shape, strides)  # innermost first
    out_strides = [0] * len(shape)
    step = 1
    for d in perm:
        out_strides[d] = step
        step *= shape[d]
    operands = [out_strides] + strides
    # the innermost merged dimension: perm's dimensions while every operand continues
    size0 = shape[perm[0]]
    inner = [op[perm[0]] for op in operands]
    for d in perm[1:]:
        n = shape[d]
        if size0 != 1 and n != 1 and any(
            s * size0 != op[d] for s, op in zip(inner, operands)
        ):
            break
        if size0 == 1:
            inner = [op[d] for op in operands]
        size0 *= n
    block = 2 * (32 // itemsize)
    vectorised = size0 - size0 % block
    if vectorised == 0:
        return None
    inputs_inner = inner[1:]
    contiguous = all(s == 1 for s in inner)
    one_scalar = inner[0] == 1 and sorted(inputs_inner).count(0) == 1 and all(
        s in (0, 1) for s in inputs_inner
    )
    if not (contiguous or one_scalar):
        return None
    outer_first = perm[::-1]
    position = np.arange(math.prod(shape)).reshape([shape[d] for d in outer_first]) % size0
    return (position < vectorised).transpose(np.argsort(outer_first))
