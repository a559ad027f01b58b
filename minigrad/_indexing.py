"""Advanced indexing as torch checks and applies it, apart from the ops that use it
(``ops.Index``, ``ops.IndexPut``): after the basic items (ints select first, slices cut,
``None`` adds a dimension), torch checks each bool mask against its dimensions, broadcasts
the index tensors together, refuses an index into a dimension of size 0, then reads each
index as it takes an element, so an empty result reads none and an out-of-bounds write has
written the elements before it. numpy checks and words these differently.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Array = np.ndarray


def check_selects(index: Any, shape: tuple[int, ...]) -> None:
    """The ints of an advanced index are selects that torch applies before any tensor
    index (``applySlicing``): an int out of range raises first, naming its position."""
    items = index if isinstance(index, tuple) else (index,)
    used = sum(dims_taken(i) for i in items if i is not Ellipsis)
    dim = 0
    for position, i in enumerate(items):
        if i is Ellipsis:
            dim += len(shape) - used
        elif _is_int(i):
            n = shape[dim] if dim < len(shape) else 0
            if not -n <= i < n:
                raise IndexError(
                    f"index {i} is out of bounds for dimension {position} with size {n}"
                )
            dim += 1
        else:
            dim += dims_taken(i)


def check_advanced(index: Any, shape: tuple[int, ...], bounds: bool = True) -> None:
    """torch's checks of an advanced index after its basic items made a view, in its order
    and words (numpy's differ): each bool mask against the dimensions it covers
    (``expandTensors``), the index tensors broadcast together, no index into a dimension of
    size 0, then each index in bounds, reported at the first element taken in order, naming
    the index tensor's place among the index tensors (the kernel's ``dimension``; not with
    ``bounds=False``: ``index_put_`` reads the value's dtype before)."""
    items = index if isinstance(index, tuple) else (index,)
    arrays = [np.asarray(i) if isinstance(i, (list, np.ndarray)) else None for i in items]
    basic: list[Any] = []  # the view torch indexes: ints select, slices cut, None adds
    for i, a in zip(items, arrays):
        if a is not None:
            basic.extend([slice(None)] * (a.ndim if a.dtype == bool else 1))
        else:
            basic.append(None if isinstance(i, bool) else i)
    try:
        view = np.broadcast_to(np.empty((), np.int8), shape)[tuple(basic)].shape
    except IndexError:  # more items than dimensions
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}") from None
    used = sum(0 if i is Ellipsis or _is_int(i) else
               (a.ndim if a is not None and a.dtype == bool else 1)
               for i, a in zip(items, arrays))
    dim = 0
    tensors: list[tuple[Array, int]] = []  # each index tensor and the size it indexes
    for i, a in zip(items, arrays):
        if i is Ellipsis:
            dim += len(view) - used
        elif a is not None and a.dtype == bool and a.ndim:
            for j, n in enumerate(a.shape):
                if dim + j < len(view) and n != view[dim + j]:
                    raise IndexError(
                        f"The shape of the mask {list(a.shape)} at index {j} does not match "
                        f"the shape of the indexed tensor {list(view)} at index {dim + j}"
                    )
            tensors.extend((p, view[dim + j]) for j, p in enumerate(np.nonzero(a)))
            dim += a.ndim
        elif a is not None:
            if a.dtype != bool:
                tensors.append((a, view[dim] if dim < len(view) else 0))
            dim += 1
        elif isinstance(i, bool):  # torch: a new dimension, indexed by [0] (True) or []
            tensors.append((np.zeros(1 if i else 0, np.int64), 1))
            dim += 1
        elif not _is_int(i):
            dim += 1
    if not tensors:
        return
    try:
        common = np.broadcast_shapes(*(t.shape for t, _ in tensors))
    except ValueError:
        shapes = ", ".join(str(list(t.shape)) for t, _ in tensors)
        raise IndexError(
            f"shape mismatch: indexing tensors could not be broadcast together with shapes "
            f"{shapes}"
        ) from None
    if any(n == 0 for _, n in tensors):
        if 0 not in common:
            raise IndexError("index is out of bounds for dimension with size 0")
        return
    if 0 in common or 0 in view or not bounds:  # nothing is taken: no index is read
        return
    bad = [(t < -n) | (t >= n) for t, n in tensors]
    if not any(b.any() for b in bad):
        return
    first = np.flatnonzero(np.logical_or.reduce([np.broadcast_to(b, common) for b in bad]))[0]
    for j, ((t, n), b) in enumerate(zip(tensors, bad)):
        if np.broadcast_to(b, common).flat[first]:
            value = np.broadcast_to(t, common).flat[first]
            raise IndexError(f"index {value} is out of bounds for dimension {j} with size {n}")


def write_until_out_of_bounds(a: Array, v: Array, index: Any) -> None:
    """torch's ``index_put_`` writes element after element (in the result's order) and
    raises at the first index out of bounds: the elements before it are written, into ``a``
    itself. Done here through a padded copy of ``a``'s positions, where each index out of
    range points at the padding (-1)."""
    items = index if isinstance(index, tuple) else (index,)
    arrays = [np.asarray(i) if isinstance(i, (list, np.ndarray)) else None for i in items]
    used = sum(dims_taken(i) for i in items if i is not Ellipsis)
    padded_shape, mapped, dim = list(a.shape), [], 0
    for i, x in zip(items, arrays):
        if i is Ellipsis:
            dim += a.ndim - used
            mapped.append(i)
        elif x is not None and x.dtype != bool:
            n = a.shape[dim]
            padded_shape[dim] = n + 1
            mapped.append(np.where((x < -n) | (x >= n), n, x % max(n, 1)))
            dim += 1
        else:
            mapped.append(i)
            dim += x.ndim if x is not None else 1
    places = np.full(padded_shape, -1, dtype=np.int64)
    places[tuple(slice(0, n) for n in a.shape)] = np.arange(a.size).reshape(a.shape)
    taken = places[tuple(mapped)]
    first = int(np.argmax(taken.reshape(-1) < 0))
    values = np.broadcast_to(v, taken.shape).reshape(-1)
    a[np.unravel_index(taken.reshape(-1)[:first], a.shape)] = values[:first]


def _is_int(i: Any) -> bool:
    return isinstance(i, (int, np.integer)) and not isinstance(i, bool)


def dims_taken(i: Any) -> int:
    """The dimensions an index item applies to (a bool mask: its own; None: none)."""
    if i is None:
        return 0
    if isinstance(i, slice):
        return 1
    return np.ndim(i) if np.asarray(i).dtype == bool else 1


def empty_result(a: Array, index: Any) -> Array | None:
    """``a[index]`` when it takes no element although an index is out of range: torch
    checks each index as it takes an element (and refuses any index into a dimension of
    size 0 first), so an empty result raises nothing. None otherwise."""
    items = index if isinstance(index, tuple) else (index,)
    used = sum(dims_taken(i) for i in items if i is not Ellipsis)
    dim, safe = 0, []
    for i in items:
        if i is Ellipsis:
            dim += a.ndim - used
        elif i is not None and not isinstance(i, slice) and np.asarray(i).dtype != bool:
            n = a.shape[dim] if dim < a.ndim else 0
            if n == 0:
                return None
            i = np.asarray(i)
            i = np.where((i < -n) | (i >= n), 0, i)
        dim += dims_taken(i) if i is not Ellipsis else 0
        safe.append(i)
    try:
        out = np.asarray(a[tuple(safe)])
    except IndexError:
        return None
    return out if out.size == 0 else None
