"""The order in which torch's elementwise loops read and write memory, for in-place ops
whose operands read the memory they write.

torch refuses an in-place op whose operand partly overlaps the written memory only where it
can judge the overlap: both tensors dense (``get_overlap_status``). When either has gaps
(``v.sub_(v[:, :1])``, ``v4 /= v4[18, 0]`` on a strided view) the op runs, and its loop
(``TensorIterator``) reads each operand element as it goes: a value written earlier in the
same op is read back. minigrad computes an op out of place, reading every operand before
writing anything. So when an operand shares memory with the written tensor, ``write_in_loop_order``
replays torch's loop instead, in the order torch's iterator visits the elements:

1. **Strides** (``compute_strides``): every operand's byte strides over the output's shape,
   0 along a dimension it is broadcast over.
2. **Order** (``reorder_dimensions``): the dimensions sorted by stride, the smallest innermost
   (an insertion sort that asks the operands in turn: output first; a stride of 0 abstains,
   equal strides put the smaller size inside).
3. **Rows** (``coalesce_dimensions``): neighbouring dimensions that step through memory as one
   merge; the innermost merged dimension is one *row*, the unit the kernel's loop takes.
4. **Within a row** (``cpu_kernel_vec``'s ``vectorized_loop``): when every operand steps one
   element at a time, the row goes in chunks of 64 bytes (two 32-byte vectors: 8 float64, 16
   float32) whose inputs are all read before its outputs are written; when exactly one input
   stays put (stride 0, a broadcast scalar) its value is read once, at the row's start, for the
   chunks; what is left at the row's end, and every row of any other layout, goes element by
   element (``basic_loop``), reading each operand just before writing that element.

Measured on torch 2.13.0 (x86, both the default and AVX-512 capabilities give 64-byte chunks);
one thread (a loop of at least 32,768 elements is split between threads in torch, not here).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._layout import _elementwise_order
from ._strides import torch_strides

CHUNK_BYTES = 64  # the vectorized loop's step: two 32-byte vectors


def reads_written_memory(out: np.ndarray, operands: Sequence[Any]) -> bool:
    """Whether an operand (an array) shares memory with ``out`` without being ``out``'s own
    elements read in place (the same memory, shape and strides: each element read where it is
    written, so the loop order cannot matter)."""
    for a in operands:
        if not isinstance(a, np.ndarray) or a.size == 0 or out.size == 0:
            continue
        if (a.shape == out.shape and a.strides == out.strides
                and a.__array_interface__["data"][0] == out.__array_interface__["data"][0]):
            continue
        if np.may_share_memory(a, out) and np.shares_memory(a, out):
            return True
    return False


def broadcast_strides(a: Any, shape: tuple[int, ...]) -> list[int]:
    """An operand's byte strides over the loop's ``shape`` (``compute_strides``): torch's own,
    0 where the operand has size 1 and the loop does not, or lacks the dimension; a number
    (torch wraps it into a 0-d tensor) steps nowhere."""
    if not isinstance(a, np.ndarray):
        return [0] * len(shape)
    own = torch_strides(a)
    offset = len(shape) - a.ndim
    out = [0] * len(shape)
    for i, n in enumerate(a.shape):
        out[offset + i] = 0 if n == 1 and shape[offset + i] != 1 else own[i]
    return out


def loop_order(shape: tuple[int, ...], strides: list[list[int]]) -> list[int]:
    """The dimensions from innermost to outermost as torch's iterator orders them
    (``reorder_dimensions``, as for an elementwise result's layout; ``strides``: each
    operand's, the output's first)."""
    return _elementwise_order(shape, strides)


def rows(shape: tuple[int, ...], strides: list[list[int]]) -> tuple[int, list[int], list[int]]:
    """(row length, the row's byte stride per operand, the loop order) after torch merges
    neighbouring dimensions (``coalesce_dimensions``)."""
    perm = loop_order(shape, strides)
    if not perm:
        return 1, [0] * len(strides), perm
    sizes = [shape[d] for d in perm]
    st = [[s[d] for d in perm] for s in strides]
    prev = 0
    for dim in range(1, len(sizes)):
        n0, n1 = sizes[prev], sizes[dim]
        if n0 == 1 or n1 == 1 or all(n0 * s[prev] == s[dim] for s in st):
            if n0 == 1:
                for s in st:
                    s[prev] = s[dim]
            sizes[prev] *= n1
        else:
            prev += 1
            if prev != dim:
                for s in st:
                    s[prev] = s[dim]
                sizes[prev] = n1
    return sizes[0], [s[0] for s in st], perm


def write_in_loop_order(
    out: np.ndarray, inputs: Sequence[Any], kernel: Callable[..., np.ndarray],
    vectorized: bool = True,
) -> None:
    """Write ``kernel(*inputs)`` into ``out`` as torch's loop does: element by element or in
    chunks, in its order, reading the inputs (arrays over memory ``out`` may share, or numbers)
    at the moment torch reads them. ``kernel`` takes, for a chunk of k elements, each array
    input's values as a (k,) array (a 0-d input's as a 0-d array) and each number as given;
    ``vectorized``: False for kernels torch runs element by element (``cpu_kernel``)."""
    shape = out.shape
    if out.size == 0:
        return
    strides = [broadcast_strides(out, shape)] + [broadcast_strides(a, shape) for a in inputs]
    row_len, row_strides, perm = rows(shape, strides)
    expanded = [np.broadcast_to(a, shape) if isinstance(a, np.ndarray) else a for a in inputs]
    zero_d = [isinstance(a, np.ndarray) and a.ndim == 0 for a in inputs]
    item = out.itemsize
    chunk = CHUNK_BYTES // item
    chunked, scalar = False, None  # (chunks; the input read once per row for them)
    if vectorized and row_strides[0] == item:
        ins = row_strides[1:]
        if all(s == item for s in ins):
            chunked = True
        else:
            for k, s in enumerate(ins):  # the first input that stays put, the others stepping
                if s == 0 and all(t == item for j, t in enumerate(ins) if j != k):
                    chunked, scalar = True, k
                    break
    order = [range(shape[d]) for d in reversed(perm)]  # outermost first

    def indices() -> Any:
        for outer_first in itertools.product(*order):
            idx = [0] * len(shape)
            for d, i in zip(reversed(perm), outer_first):
                idx[d] = i
            yield tuple(idx)

    def run(positions: list[tuple[int, ...]], frozen: dict[int, Any]) -> None:
        args = []
        for k, a in enumerate(expanded):
            if not isinstance(a, np.ndarray):
                args.append(a)
            elif k in frozen:
                args.append(frozen[k] if zero_d[k] else np.full(len(positions), frozen[k]))
            elif zero_d[k]:
                args.append(np.asarray(a[positions[0]]))
            else:
                args.append(np.array([a[p] for p in positions], dtype=a.dtype))
        values = np.asarray(kernel(*args))
        for j, p in enumerate(positions):
            out[p] = values[j] if values.ndim else values

    it = indices()
    while True:
        row = list(itertools.islice(it, row_len))
        if not row:
            return
        i = 0
        if chunked:
            frozen = {} if scalar is None else {scalar: np.asarray(expanded[scalar][row[0]])}
            while i + chunk <= len(row):
                run(row[i:i + chunk], frozen)
                i += chunk
        for p in row[i:]:
            run([p], {})


def put_in_loop_order(a: np.ndarray, v: np.ndarray, index: tuple[Any, ...] | Any) -> bool:
    """``a[index] = v`` as torch's ``index_put_`` kernel runs it where ``v`` reads ``a``'s
    memory: element after element in its iterator's order over the indexing result, each
    value read just before it is written. The iterator's operands: ``a`` restrided to the
    result (stride 0 along the index dimensions), ``v`` expanded, and the index tensors (a
    bool mask as the columns of its ``nonzero()``). Only full slices and index arrays are
    modelled; False (nothing written) for any other index."""
    items = list(index) if isinstance(index, tuple) else [index]
    if any(i is Ellipsis for i in items):
        at = items.index(Ellipsis)
        items[at:at + 1] = [slice(None)] * (a.ndim - (len(items) - 1))
    covered = sum(np.asarray(i).ndim if isinstance(i, (list, np.ndarray)) and np.asarray(
        i).dtype == bool else 1 for i in items)
    items += [slice(None)] * (a.ndim - covered)  # (the dimensions left: full slices)
    arrays: list[tuple[tuple[int, ...], list[int]]] = []  # the index tensors' shapes, strides
    advanced: list[int] = []  # the items' positions that are index arrays
    for k, i in enumerate(items):
        if isinstance(i, slice) and i == slice(None):
            continue
        if not isinstance(i, (list, np.ndarray)):
            return False
        x = np.asarray(i)
        advanced.append(k)
        if x.dtype == bool:  # the columns of nonzero()'s (count, ndim) result
            arrays.extend([((int(x.sum()),), [x.ndim * 8])] * x.ndim)
        else:
            arrays.append((x.shape, torch_strides(x)))
    if not advanced:
        return False
    block = np.broadcast_shapes(*(shape for shape, _ in arrays))
    kept = [k for k, i in enumerate(items) if k not in advanced]  # a's full-slice dims
    dims_of = []  # each item's first dimension of a
    d = 0
    for i in items:
        dims_of.append(d)
        d += np.asarray(i).ndim if isinstance(i, (list, np.ndarray)) and np.asarray(
            i).dtype == bool else 1
    slice_dims = [dims_of[k] for k in kept]
    adjacent = advanced == list(range(advanced[0], advanced[-1] + 1))
    before = sum(1 for k in kept if k < advanced[0]) if adjacent else 0
    nb = len(block)
    result_shape = tuple(a.shape[j] for j in slice_dims[:before]) + block + tuple(
        a.shape[j] for j in slice_dims[before:])
    own = torch_strides(a)
    out_strides = ([own[j] for j in slice_dims[:before]] + [0] * nb
                   + [own[j] for j in slice_dims[before:]])
    strides = [out_strides, broadcast_strides(v, result_shape)]
    for shape, own_strides in arrays:
        inner = [0] * nb  # broadcast over the index block, as compute_strides does
        for k, n in enumerate(shape):
            at = nb - len(shape) + k
            inner[at] = 0 if n == 1 and block[at] != 1 else own_strides[k]
        strides.append([0] * before + inner + [0] * (len(result_shape) - before - nb))
    perm = loop_order(result_shape, strides)
    coords = [np.broadcast_to(np.arange(n).reshape([-1 if j == k else 1 for k in range(a.ndim)]),
                              a.shape)[tuple(items)] for j, n in enumerate(a.shape)]
    values = np.broadcast_to(v, result_shape)
    for outer_first in itertools.product(*(range(result_shape[d]) for d in reversed(perm))):
        idx = [0] * len(result_shape)
        for d, i in zip(reversed(perm), outer_first):
            idx[d] = i
        at_ = tuple(idx)
        a[tuple(int(c[at_]) for c in coords)] = values[at_]
    return True
