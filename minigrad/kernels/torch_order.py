"""torch's CPU summation order for float32/float64, bit for bit, vectorised with numpy.

``torch.sum`` on the CPU (one thread) is neither a left-to-right sum nor numpy's pairwise sum.
ATen's ``cascade_sum`` (aten/src/ATen/native/cpu/SumKernel.cpp) is emulated here:

* ``multi_row_sum`` (:func:`_cascade`): rows are added into level 0 in blocks of
  ``S = 2**max(4, ceil_log2(rows) // 4)``; each block sum is carried into level 1, every
  ``S`` level-1 sums into level 2, every ``S`` of those into level 3; the leftover rows, then
  levels 1, 2, 3 are added at the end. Each column (lane) is independent.
* ``row_sum`` (:func:`_row_sum`): the rows are read four at a time as four interleaved
  accumulators (``multi_row_sum`` over ``rows // 4`` groups), the leftover rows go into
  accumulator 0, then accumulators 1, 2, 3 are added to it.
* a contiguous inner reduction of ``n >= lanes`` values (``vectorized_inner_sum``,
  :func:`_inner`) runs ``row_sum`` over ``n // lanes`` vectors of ``lanes`` values (32-byte
  vectors: 8 float32 or 4 float64 lanes), sums the scalar tail from 0 and then adds the lanes
  one by one; fewer values take ``row_sum`` on scalars.
* a reduction over a leading axis with contiguous columns (``vectorized_outer_sum`` /
  ``scalar_outer_sum``, :func:`_outer`) runs ``multi_row_sum`` per column for the columns in
  full groups (of ``4 * lanes`` columns when there are at least ``lanes`` columns, else of 4)
  and ``row_sum`` per column for the rest.
* the output starts at 0 and each partial result is added into it (``+=``), in TensorIterator
  order: reduced dimensions first, innermost first.

Each level is one numpy call for all blocks at once (:func:`_blocks`): the rows viewed as
(blocks, step, w) and summed over the step axis, which numpy does row after row into the
output, left to right for every column, reading the data once. Every addition rounds to the
array's dtype, as torch's float32 accumulator (``acc_type`` on CPU for float is float) does.
A dense vector's sum (:func:`vector_sum`) takes about twenty numpy calls whatever its length.

The results are bit-identical to torch with one thread, with ``ATEN_CPU_CAPABILITY=default``
and with the AVX-512 kernels alike (sums fuse nothing; see ``tests/test_reduce.py``). With
more threads torch splits sums of 32768 or more elements per thread: not emulated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from .._fp import quiet
from .._layout import torch_dim_order
from .._strides import contiguous_strides

__all__ = ["torch_mean", "torch_norm2", "torch_sum", "torch_sum_axis", "vector_sum"]

_VECTOR_BYTES = 32  # Vectorized<float> holds 8 lanes, Vectorized<double> 4 (measured)


def _lanes(dtype: np.dtype) -> int:
    return _VECTOR_BYTES // dtype.itemsize


def _ceil_log2(x: int) -> int:
    """ATen ``utils::CeilLog2``: 1 for x <= 2, else ceil(log2(x))."""
    return 1 if x <= 2 else int(x - 1).bit_length()


def _seq(x: np.ndarray) -> np.ndarray:
    """Left-to-right sum over axis 1 of ``x`` (B, k, w) -> (B, w), each step rounded.

    One numpy call. With ``w >= 2`` columns numpy reduces a non-last axis as ``out += slice``,
    slice after slice (its pairwise summation applies only along the innermost, contiguous
    axis), i.e. left to right for every column; a single column is accumulated instead,
    sequential by definition (``out[i] = out[i-1] + x[i]``). Starting from the first value
    rather than from torch's ``+0`` can only change the sign of a zero partial sum, and every
    torch sum ends by adding into its zero-filled output, which makes any zero ``+0``."""
    k = x.shape[1]
    if k == 1:
        return x[:, 0]
    if k == 0:
        return np.zeros((x.shape[0], x.shape[2]), dtype=x.dtype)
    if x.shape[2] >= 2:
        return np.add.reduce(x, axis=1)
    return np.add.accumulate(x, axis=1)[:, -1]


_SMALL = 2048


def _blocks(x: np.ndarray, step: int) -> np.ndarray:
    """Sequential sums of consecutive blocks of ``step`` rows: (B, m, w) -> (B, m // step, w).

    Rows past the last full block are ignored. One call: ``np.einsum("bijk->bik")`` of the
    (B, blocks, step, w) view. With the ``w`` values of a row contiguous and ``w >= 2``,
    numpy iterates that axis innermost and adds row after row into the output, each step
    rounded (``out[k] += x[j, k]``), left to right for every column, and it reads the data
    once, with no copy. ``np.add.reduce`` over the same axis gives the same bits at twice
    the time but costs less to call: it takes the small inputs. A single column would be
    reduced with unrolled accumulators, so ``w == 1`` is accumulated instead.
    """
    nbatch, m, w = x.shape
    nb = m // step
    x = x[:, : nb * step]
    if w == 1:
        return np.add.accumulate(x.reshape(nbatch, nb, step), axis=2)[:, :, -1:]
    if x.strides[2] != x.itemsize:
        x = np.ascontiguousarray(x)
    view = x.reshape(nbatch, nb, step, w)
    if x.size <= _SMALL:  # fewer than 2,048 values: numpy's reduce has the cheaper call
        return np.add.reduce(view, axis=2)
    return np.einsum("bijk->bik", view)


def _cascade(x: np.ndarray) -> np.ndarray:
    """ATen ``multi_row_sum`` over axis 1: (B, rows, w) -> (B, w), columns independent.

    One block reduction per cascade level: the level-0 sums of every block of ``step`` rows
    (:func:`_blocks`), the level-1 sums of every ``step`` of those, then level 2; what each
    accumulator holds at the end (the rows or block sums after its last flush) is a short
    left-to-right sum, and the four are added in order: 0, 1, 2, 3."""
    m = x.shape[1]
    step = 1 << max(4, _ceil_log2(m) // 4)
    if m < step:  # no full block: everything stays in accumulator 0
        return _seq(x)
    full = m // step * step
    acc = _seq(x[:, full:])  # rows after the last full block, into accumulator 0
    level = _blocks(x, step)  # level-0 block sums, each carried into accumulator 1
    for _ in range(2):  # accumulators 1 and 2 flush into the next every `step` additions
        if level.shape[1] < step:  # nothing flushes further up: the higher ones stay 0
            break
        full = level.shape[1] // step * step
        if full < level.shape[1]:  # what is left in this accumulator at the end
            acc = acc + _seq(level[:, full:])
        level = _blocks(level, step)
    return acc + _seq(level)  # the last accumulator reached holds the rest


def _row_sum(x: np.ndarray) -> np.ndarray:
    """ATen ``row_sum`` (ILP factor 4) over axis 1: (B, rows, w) -> (B, w)."""
    nbatch, m, w = x.shape
    groups = m // 4
    part = _cascade(x[:, : groups * 4].reshape(nbatch, groups, 4 * w)).reshape(nbatch, 4, w)
    # accumulator 0, then the leftover rows, then accumulators 1, 2, 3, left to right
    order = (part[:, :1], x[:, groups * 4 :], part[:, 1:])
    return _seq(np.concatenate(order, axis=1))


def _inner(x: np.ndarray) -> np.ndarray:
    """Sum each row of ``x`` (R, n) as torch's inner reduction does -> (R,).

    ``vectorized_inner_sum`` when the rows are contiguous and ``n >= lanes``, else
    ``row_sum`` on scalars (``scalar_inner_sum``)."""
    nrows, n = x.shape
    lanes = _lanes(x.dtype)
    if n < lanes or (x.strides[1] != x.itemsize and n > 1):
        return _row_sum(x.reshape(nrows, n, 1))[:, 0]
    nvec = n // lanes
    vec = _row_sum(x[:, : nvec * lanes].reshape(nrows, nvec, lanes))
    # from 0: the scalar tail, then the lanes of the vector sum one by one
    return _seq(np.concatenate((x[:, nvec * lanes :], vec), axis=1)[:, :, None])[:, 0]


def _outer(x: np.ndarray, group: int | None = None) -> np.ndarray:
    """Sum ``x`` (B, N, K) over axis 1 with contiguous columns -> (B, K).

    ``vectorized_outer_sum`` (K >= lanes): ``multi_row_sum`` on groups of ``4 * lanes``
    columns, ``row_sum`` on the rest; ``scalar_outer_sum`` (K < lanes): ``multi_row_sum`` on
    groups of 4 columns, ``row_sum`` on the rest. Either way column-wise."""
    nbatch, _, ncols = x.shape
    lanes = _lanes(x.dtype)
    if group is None:
        group = 4 * lanes if ncols >= lanes else 4  # noqa: SIM300
    split = ncols // group * group
    out = np.empty((nbatch, ncols), dtype=x.dtype)
    if split:
        out[:, :split] = _cascade(x[:, :, :split])
    if split < ncols:
        out[:, split:] = _row_sum(np.ascontiguousarray(x[:, :, split:]))
    return out


def _reduce(a: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """Sum C-contiguous ``a`` over ``axes`` (sorted, unique) -> array of the kept axes."""
    kept_shape = tuple(n for i, n in enumerate(a.shape) if i not in axes)
    dt = a.dtype
    if a.size == 0:
        return np.zeros(kept_shape, dtype=dt)
    # TensorIterator drops size-1 dimensions and merges adjacent reduced / kept ones
    runs: list[list] = []  # [reduced?, size]
    for i, n in enumerate(a.shape):
        if n == 1:
            continue
        red = i in axes
        if runs and runs[-1][0] == red:
            runs[-1][1] *= n
        else:
            runs.append([red, n])
    red_runs = [k for k, (red, _) in enumerate(runs) if red]
    if not red_runs:  # not a true reduction: out = 0 + a
        return (np.zeros((), dt) + a).reshape(kept_shape)
    sizes = [n for _, n in runs]
    x = a.reshape(sizes)
    inner = red_runs[-1]  # the innermost reduced run is TensorIterator's dim 0
    if len(red_runs) == 1:
        before = math.prod(sizes[:inner])
        after = math.prod(sizes[inner + 1 :])
        if after == 1:  # contiguous rows: inner reduction per kept index
            res = _inner(x.reshape(before, sizes[inner]))
        else:  # reduction over a leading axis of (before, n, after)
            res = _outer(x.reshape(before, sizes[inner], after))
    else:
        # dims 0 and 1 are both reduced: every row of the innermost reduced run is summed
        # (inner reduction, strided rows if kept axes follow) and added into the output in
        # C order of the other reduced axes
        kept = [k for k, (red, _) in enumerate(runs) if not red]
        perm = kept + red_runs
        y = x.transpose(perm)
        nk = math.prod(sizes[k] for k in kept)
        m = math.prod(sizes[k] for k in red_runs[:-1])
        n = sizes[inner]
        rows = np.ascontiguousarray(y).reshape(nk * m, n)
        if inner == len(runs) - 1:
            res_rows = _inner(rows)
        else:  # kept axes follow: torch reads strided rows with scalar_inner_sum
            res_rows = _row_sum(rows.reshape(nk * m, n, 1))[:, 0]
        res = _seq(res_rows.reshape(nk, m, 1))[:, 0]
    # the output tensor is zero-filled and the partial sums are added into it
    return (np.zeros((), dt) + res).reshape(kept_shape)


def _check(a: np.ndarray, contiguous: bool = True) -> np.ndarray:
    a = np.asarray(a)
    if a.dtype not in (np.float32, np.float64):
        raise TypeError(f"torch-order sums are emulated for float32/float64, got {a.dtype}")
    return np.ascontiguousarray(a) if contiguous else a


def _memory_order(a: np.ndarray) -> np.ndarray | None:
    """``a``'s elements in memory order as a 1-D view if ``a`` is a dense block (C, F or any
    permutation): torch's iterator then sees one contiguous dimension. Else None."""
    if a.flags.c_contiguous:
        return a.reshape(-1)
    order = sorted(range(a.ndim), key=lambda i: -abs(a.strides[i]))
    view = a.transpose(order)
    return view.reshape(-1) if view.flags.c_contiguous else None


def _axes(axis: int | Iterable[int] | None, ndim: int) -> tuple[int, ...]:
    """Normalise ``axis`` to sorted unique non-negative axes (None: all)."""
    if axis is None:
        return tuple(range(ndim))
    raw = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    span = max(ndim, 1)  # a 0-d tensor accepts dim 0 and -1, as torch does
    for ax in raw:
        if not -span <= int(ax) < span:
            raise np.exceptions.AxisError(int(ax), ndim)
    return tuple(sorted({int(ax) % span for ax in raw})) if ndim else ()


def torch_sum(a: np.ndarray) -> np.ndarray:
    """``torch.sum(a)`` over all elements, bit for bit: a 0-d array of ``a``'s dtype.

    ``a`` (float32 or float64) stands for a torch tensor with the same strides: a dense
    block (C-contiguous, F-contiguous or any axis permutation of one) is read in memory order,
    as torch does; any other layout (a slice with steps) is walked as torch's iterator
    walks it (:func:`_reduce_strided`). Matches torch on
    the CPU with one thread (``ATEN_CPU_CAPABILITY=default`` or not: sums fuse nothing)."""
    a = _check(a, contiguous=False)
    flat = _memory_order(a)
    if flat is None:  # not a dense block: walked as torch's iterator walks it
        with quiet():  # torch overflows to inf silently
            return np.asarray(_reduce_strided(a, tuple(range(a.ndim))))
    return vector_sum(flat)


def vector_sum(flat: np.ndarray) -> np.ndarray:
    """``torch.sum`` of a contiguous 1-D float32/float64 vector, bit for bit: a 0-d array.

    torch's ``vectorized_inner_sum`` (or ``scalar_inner_sum`` below ``lanes`` values) in a
    few numpy calls: one block reduction per cascade level (:func:`_cascade`), then the
    leftover vectors, the four accumulators, the scalar tail and the lanes. Not checked:
    :func:`torch_sum` is the checked entry."""
    n = flat.shape[0]
    lanes = 32 // flat.itemsize  # _VECTOR_BYTES // itemsize, spelled out: this is hot
    with quiet():  # torch overflows to inf silently (numpy's errstate, at a tenth of its cost)
        if n < lanes or flat.strides[0] != flat.itemsize:
            return np.asarray(flat.dtype.type(0) + _inner(flat.reshape(1, -1))[0])
        return np.asarray(flat.dtype.type(0) + _vector_inner(flat, n, lanes))


def _vector_inner(flat: np.ndarray, n: int, lanes: int) -> np.ndarray:
    """:func:`_inner` of one contiguous row of ``n >= lanes`` values, in fewer numpy calls
    (the same additions in the same order: the sum of 10^4 float32 is about a third of the
    general path's time, which is mostly call overhead)."""
    nvec = n // lanes
    width = 4 * lanes  # row_sum reads four vectors at a time: one row of its cascade
    groups = nvec // 4
    body = groups * width
    if groups:
        part = _cascade_rows(flat[:body].reshape(groups, width), width)
    else:
        part = np.zeros(width, flat.dtype)
    # row_sum's end: accumulator 0, the leftover vectors, accumulators 1, 2, 3, per lane
    if body < nvec * lanes:
        part = np.concatenate((part[:lanes], flat[body : nvec * lanes], part[lanes:]))
    vec = np.add.reduce(part.reshape(-1, lanes), axis=0)
    # the scalar tail, then the lanes one by one (a single column: accumulated)
    if nvec * lanes < n:
        vec = np.concatenate((flat[nvec * lanes :], vec))
    return np.add.accumulate(vec)[-1]


def _cascade_rows(rows: np.ndarray, width: int) -> np.ndarray:
    """:func:`_cascade` of one (m, width) block of rows -> (width,): the level sums by
    ``np.add.reduce`` over a leading axis (row after row, as :func:`_seq`) and one block
    reduction per level (:func:`_blocks`)."""
    m = rows.shape[0]
    step = _cascade_step(m)
    if m < step:
        return np.add.reduce(rows, axis=0)
    full = m // step * step
    view = rows[:full].reshape(full // step, step, width)
    level = np.add.reduce(view, axis=1) if full * width <= _SMALL else np.einsum("ijk->ik", view)
    return _cascade_levels(level, rows[full:], step, width)


def _cascade_step(m: int) -> int:
    """Rows per block at each cascade level, for ``m`` rows (torch's ``multi_row_sum``)."""
    return 1 << max(4, _ceil_log2(m) // 4)


def _cascade_levels(
    level: np.ndarray, rest: np.ndarray, step: int, width: int
) -> np.ndarray:
    """The cascade above level 0: ``level`` holds the sums of the full blocks of ``step``
    rows, ``rest`` the rows after them (fewer than ``step``)."""
    acc = np.add.reduce(rest, axis=0) if rest.shape[0] else None
    for _ in range(2):
        k = level.shape[0]
        if k < step:
            break
        full = k // step * step
        if full < k:
            rest_sum = np.add.reduce(level[full:], axis=0)
            acc = rest_sum if acc is None else acc + rest_sum
        level = np.add.reduce(level[:full].reshape(full // step, step, width), axis=1)
    last = np.add.reduce(level, axis=0)
    return last if acc is None else acc + last


FUSED_FROM = 1 << 16  # sums of products at least this long are formed a chunk at a time
_CHUNK_BLOCKS = 256  # level-0 blocks per chunk (256 x 16 x 32 float32 values: 512 KiB)


def vector_sum_of_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``torch.sum(a * b)`` of two contiguous 1-D vectors of one float dtype, bit for bit
    (a 0-d array): :func:`vector_sum` of the product, with the product of a long vector
    formed one chunk of level-0 blocks at a time into a small buffer, so that it is never
    held whole (one memory pass, no N-sized temporary). The same additions in the same
    order: each level-0 block sum reads only its own products."""
    n = a.shape[0]
    lanes = 32 // a.itemsize
    nvec = n // lanes
    width = 4 * lanes
    groups = nvec // 4
    step = _cascade_step(groups)
    if n < FUSED_FROM or groups < step:
        with quiet():
            return vector_sum(a * b)
    full = groups // step * step
    block = step * width
    nblocks = full // step
    level = np.empty((nblocks, width), a.dtype)
    buffer = np.empty(_CHUNK_BLOCKS * block, a.dtype)
    with quiet():  # torch overflows to inf silently
        for i in range(0, nblocks, _CHUNK_BLOCKS):
            j = min(nblocks, i + _CHUNK_BLOCKS)
            product = np.multiply(a[i * block : j * block], b[i * block : j * block],
                                  out=buffer[: (j - i) * block])
            np.einsum("ijk->ik", product.reshape(j - i, step, width), out=level[i:j])
        rest = a[nblocks * block :] * b[nblocks * block :]  # fewer than block + width values
        body = groups * width - nblocks * block
        part = _cascade_levels(level, rest[:body].reshape(-1, width), step, width)
        # as _vector_inner: accumulator 0, the leftover vectors, accumulators 1, 2, 3
        vectors = nvec * lanes - nblocks * block
        if body < vectors:
            part = np.concatenate((part[:lanes], rest[body:vectors], part[lanes:]))
        vec = np.add.reduce(part.reshape(-1, lanes), axis=0)
        if vectors < rest.shape[0]:
            vec = np.concatenate((rest[vectors:], vec))
        return np.asarray(a.dtype.type(0) + np.add.accumulate(vec)[-1])


def torch_sum_axis(
    a: np.ndarray, axis: int | Iterable[int] | None = None, keepdims: bool = False
) -> np.ndarray:
    """``torch.sum(a, dim=axis, keepdim=keepdims)`` for a C-contiguous tensor, bit for bit.

    ``axis`` may be an int, a tuple of ints (negative allowed) or None (all axes). An empty
    tuple reduces nothing (numpy's convention, unlike torch's ``dim=[]``): the result is
    ``0 + a``. ``a`` is read as its C-contiguous copy: exact for a contiguous torch tensor;
    a torch tensor with another layout (a transposed view) may be summed in another order."""
    a = _check(a, contiguous=False)
    axes = _axes(axis, a.ndim)
    kept = [n for i, n in enumerate(a.shape) if i not in axes]
    if a.ndim and all(n == 1 for n in kept):  # a full reduction: any dense layout, as torch
        total = torch_sum(a)
        shape = tuple(1 if i in axes else n for i, n in enumerate(a.shape)) if keepdims else kept
        return total.reshape(shape)
    if a.ndim == 0:
        return np.zeros((), a.dtype) + a
    res = _reduce_in_memory_order(a, axes)
    if keepdims:
        res = res.reshape(tuple(1 if i in axes else n for i, n in enumerate(a.shape)))
    return res


def _reduce_in_memory_order(a: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """Sum ``a`` over ``axes`` in torch's order, for any layout: C-contiguous arrays take
    :func:`_reduce`, other layouts :func:`_reduce_strided`."""
    with quiet():  # torch overflows to inf silently
        if a.flags.c_contiguous or a.size == 0:
            return _reduce(np.ascontiguousarray(a), axes)
        return _reduce_strided(a, axes)


def _iteration_order(shape: tuple[int, ...], strides: tuple[int, ...],
                     axes: tuple[int, ...]) -> list[int]:
    """TensorIterator's dimension order for a sum (``reorder_dimensions``), innermost first.

    The output (contiguous in logical order, stride 0 on reduced dimensions) is compared
    first: reduced dimensions go innermost; then strides decide, output before input, and
    equal strides put the smaller size first. An insertion sort that stops at the first
    strict comparison, as ATen's."""
    nd = len(shape)
    out_strides = [0] * nd
    step = 1
    for i in reversed(range(nd)):
        if i not in axes:
            out_strides[i] = step
            step *= shape[i]

    def should_swap(d0: int, d1: int) -> int:
        for operand, st in ((True, out_strides), (False, strides)):
            s0, s1 = st[d0], st[d1]
            if operand and (s0 == 0) != (s1 == 0):
                return 1 if s1 == 0 else -1
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    return torch_dim_order(nd, should_swap)


def _reduce_strided(a: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """Sum a non-contiguous ``a`` over ``axes`` as ATen's ``cascade_sum`` walks its memory.

    The dimensions are put in TensorIterator's order and merged where both the input's and
    the output's memory continue (``coalesce_dimensions``); the two innermost groups form
    the kernel's 2-D loop, whose strides pick the kernel (contiguous inner sum, contiguous
    outer sum, or their scalar forms); each 2-D result is added into the zero-filled output
    in loop order."""
    shape, strides = a.shape, a.strides
    dt = a.dtype
    kept_shape = tuple(n for i, n in enumerate(shape) if i not in axes)
    groups = _loop_groups(shape, strides, axes)
    if not groups or groups[0][0] not in axes:  # nothing summed: out = 0 + a
        return (np.zeros((), dt) + a).reshape(kept_shape)
    sizes = [math.prod(shape[d] for d in g) for g in groups]
    size0, size1 = sizes[0], (sizes[1] if len(groups) > 1 else 1)
    stride0, stride1 = strides[groups[0][0]], (strides[groups[1][0]] if len(groups) > 1 else 0)
    # the values with the outermost group first: (outer iterations, size1, size0)
    ordered = [d for g in reversed(groups) for d in reversed(g)]
    ones = [d for d in range(a.ndim) if d not in ordered]
    x = np.ascontiguousarray(a.transpose(ones + ordered)).reshape(-1, size1, size0)
    lanes, item = _lanes(dt), a.itemsize
    if stride0 == item and size0 >= lanes:  # vectorized_inner_sum, row by row
        part = _inner(x.reshape(-1, size0))
    elif stride1 == item and size1 >= lanes:  # vectorized_outer_sum, column-wise
        part = _outer(np.ascontiguousarray(x.transpose(0, 2, 1)))
    elif stride0 < stride1:  # scalar_inner_sum: row_sum of each strided row
        part = _row_sum(x.reshape(-1, size0, 1))[:, 0]
    else:  # scalar_outer_sum: groups of 4 columns, then single columns
        part = _outer(np.ascontiguousarray(x.transpose(0, 2, 1)), group=4)
    # the 2-D results are added into the output in loop order: outer groups, then dim 1
    loop = list(reversed(groups[2:])) + groups[1:2]
    part = part.reshape([math.prod(shape[d] for d in g) for g in loop])
    kept = [i for i, g in enumerate(loop) if g[0] not in axes]
    summed = [i for i, g in enumerate(loop) if g[0] in axes]
    nk = math.prod(part.shape[i] for i in kept)
    res = _seq(part.transpose(kept + summed).reshape(nk, -1, 1))[:, 0]
    # back from the loop's order of the kept dimensions to their logical order
    current = [d for i in kept for d in reversed(loop[i])]
    res = res.reshape([shape[d] for d in current])
    logical = sorted(current)
    res = res.transpose([current.index(d) for d in logical])
    return (np.zeros((), dt) + res).reshape(kept_shape)


def _loop_groups(shape: tuple[int, ...], strides: tuple[int, ...],
                 axes: tuple[int, ...]) -> list[list[int]]:
    """A reduction's dimensions as TensorIterator loops over them: in its order (innermost
    first, size-1 dimensions dropped), merged where both the input's and the output's
    memory continue (``coalesce_dimensions``); each group's dimensions innermost first."""
    kept_shape = tuple(n for i, n in enumerate(shape) if i not in axes)
    out_strides = dict(zip(
        [i for i in range(len(shape)) if i not in axes], contiguous_strides(kept_shape)
    ))
    groups: list[list[int]] = []
    for d in _iteration_order(shape, strides, axes):
        if shape[d] == 1:
            continue
        if groups:
            prev = groups[-1][-1]
            same_kind = (prev in axes) == (d in axes)
            if same_kind and strides[d] == strides[prev] * shape[prev] and (
                d in axes or out_strides[d] == out_strides[prev] * shape[prev]
            ):
                groups[-1].append(d)
                continue
        groups.append([d])
    return groups


def torch_norm2(
    a: np.ndarray, axis: int | Iterable[int] | None = None, keepdims: bool = False
) -> np.ndarray:
    """``torch.linalg.vector_norm(a, 2, dim=axis, keepdim=keepdims)`` for a float32/float64
    array of any layout, bit for bit (one thread), where every norm covers 2 or more values.

    ATen's norm kernel squares and adds in the input's dtype. When the reduced dimensions
    merge into one contiguous run (a whole dense tensor, or the last dimension of a
    contiguous one), it keeps one accumulator per lane (8 float32 or 4 float64), adds the
    lanes left to right, then the leftover values one by one; otherwise it adds the squares
    one by one in TensorIterator's order (innermost dimension first)."""
    axes = _axes(axis, a.ndim)
    shape = a.shape
    kept_shape = tuple(n for i, n in enumerate(shape) if i not in axes)
    out_shape = tuple(1 if i in axes else n for i, n in enumerate(shape)) if keepdims else (
        kept_shape)
    if a.size == 0:
        return np.zeros(out_shape, a.dtype)
    groups = _loop_groups(shape, a.strides, axes)
    reduced = [g for g in groups if g[0] in axes]
    ordered = [d for g in reversed(groups) for d in reversed(g)]  # outermost first
    ones = [d for d in range(a.ndim) if d not in ordered]
    with quiet():  # torch overflows to inf silently
        squares = a * a
        x = np.ascontiguousarray(squares.transpose(ones + ordered))
        kept = [d for d in ordered if d not in axes]
        x = x.reshape(math.prod(shape[d] for d in kept), -1)
        n = x.shape[1]
        if len(reduced) == 1 and a.strides[reduced[0][0]] == a.itemsize:
            lanes = _lanes(a.dtype)
            full = n - n % lanes
            acc = _seq(x[:, :full].reshape(x.shape[0], -1, lanes)) if full else x[:, :0]
            total = _seq(np.concatenate([acc, x[:, full:]], axis=1)[:, :, None])[:, 0]
        else:
            total = _seq(x[:, :, None])[:, 0]
        res = np.sqrt(total)
    # back from the loop's order of the kept dimensions to their logical order
    res = res.reshape([shape[d] for d in kept])
    res = res.transpose([kept.index(d) for d in sorted(kept)])
    return np.ascontiguousarray(res).reshape(out_shape)


def torch_mean(
    a: np.ndarray, axis: int | Iterable[int] | None = None, keepdims: bool = False
) -> np.ndarray:
    """``torch.mean``: :func:`torch_sum_axis` divided by the count in ``a``'s dtype."""
    a = _check(a)
    total = torch_sum_axis(a, axis, keepdims)
    count = math.prod(a.shape[i] for i in _axes(axis, a.ndim))
    with quiet():
        return np.asarray(total / a.dtype.type(count))
