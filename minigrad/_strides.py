"""torch's strides of a tensor's memory, where numpy's differ.

numpy and torch agree on the stride of every dimension a view walks along. They can differ
on a dimension of size 1, whose stride addresses nothing but which torch compares when it
judges whether two tensors overlap (``get_overlap_status``: the same memory with other
strides is a *partial* overlap, and an in-place op refuses it). numpy gives ``x[None]`` stride
0 where torch's unsqueeze gives the next dimension's extent; ``torch_strides`` reads numpy's 0
so. Where that reading is wrong (every dimension of an expanded 0-d tensor has stride 0 in
torch; ``x[None, :2]`` unsqueezes before it slices, so its new dimension spans 4 elements, not
2; a transposed unsqueeze), ``note_view`` records the view's torch strides beside its array.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

# id(array) -> (a weak reference to the array, its torch strides in bytes)
_NOTED: dict[int, tuple[weakref.ref[np.ndarray], tuple[int, ...]]] = {}


def contiguous_strides(shape: tuple[int, ...]) -> list[int]:
    """A contiguous tensor's strides, in elements, as torch computes them (row-major; a
    size-0 dimension steps as a size-1 one)."""
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return strides[::-1]


def torch_strides(a: np.ndarray) -> list[int]:
    """``a``'s strides in bytes as torch has them: those noted for a view (``note_view``),
    else numpy's, with numpy's 0 for a dimension of size 1 inserted by ``x[None]`` read as
    torch's unsqueeze makes it: the extent of the next dimension (itemsize at the end)."""
    noted = _NOTED.get(id(a))
    if noted is not None and noted[0]() is a:
        return list(noted[1])
    strides = list(a.strides)
    for i in reversed(range(a.ndim)):
        if a.shape[i] == 1 and strides[i] == 0:
            strides[i] = a.shape[i + 1] * strides[i + 1] if i + 1 < a.ndim else a.itemsize
    return strides


def _note(a: np.ndarray, strides: list[int]) -> None:
    key = id(a)
    _NOTED[key] = (weakref.ref(a, lambda _ref: _NOTED.pop(key, None)), tuple(strides))


def with_strides(a: np.ndarray, strides: list[int]) -> np.ndarray:
    """``a`` with torch's ``strides`` (bytes): those of its size-1 dimensions may differ from
    numpy's (the others must be ``a``'s): the same memory, restrided (and noted) if needed."""
    if torch_strides(a) == strides:
        return a
    out = np.lib.stride_tricks.as_strided(a, a.shape, strides, writeable=a.flags.writeable)
    if torch_strides(out) != strides:  # a stride 0 numpy's reading takes for an unsqueeze
        _note(out, strides)
    return out


def row_major(a: np.ndarray) -> np.ndarray:
    """``a`` as torch's contiguous tensor: C order, and each size-1 dimension's stride the
    extent of the dimensions after it (numpy calls an array C-contiguous whatever strides
    its size-1 dimensions have: a transposed (1, 3) moved back to (3, 1), say)."""
    if not a.flags.c_contiguous:
        a = np.ascontiguousarray(a)
    strides, step = [], a.itemsize
    for n in reversed(a.shape):
        strides.append(step)
        step *= n
    return with_strides(a, strides[::-1])


def alias(a: np.ndarray) -> np.ndarray:
    """A new array over ``a``'s memory with ``a``'s torch strides (``detach``, ``.data``)."""
    out = a[...]
    noted = _NOTED.get(id(a))
    if noted is not None and noted[0]() is a:
        _note(out, list(noted[1]))
    return out


def note_view(out: np.ndarray, src: np.ndarray, op: str, params: dict[str, Any]) -> None:
    """Note the torch strides of ``out``, made from ``src`` by the view op named ``op``,
    where ``torch_strides`` would read them wrong (only a dimension of size 1 can be: numpy
    and torch address the others alike, so a view without one costs one test)."""
    if 1 not in out.shape:
        return
    rule = _RULES.get(op)
    if rule is None:
        return
    wanted = rule(list(src.shape), torch_strides(src), src.itemsize, params)
    if wanted is not None and wanted != torch_strides(out):
        _note(out, wanted)


# Each rule: (sizes, torch strides in bytes, itemsize, the op's parameters) -> the view's
# torch strides in bytes, as ATen's shape functions compute them (None: not computed).
Rule = Callable[[list[int], list[int], int, dict[str, Any]], "list[int] | None"]


def _alias(sizes: list[int], strides: list[int], item: int, p: dict[str, Any]) -> list[int]:
    return strides


def _transpose(sizes: list[int], strides: list[int], item: int, p: dict[str, Any]) -> list[int]:
    out = list(strides)
    out[p["dim0"]], out[p["dim1"]] = strides[p["dim1"]], strides[p["dim0"]]
    return out


def _permute(sizes: list[int], strides: list[int], item: int, p: dict[str, Any]) -> list[int]:
    return [strides[d] for d in p["dims"]]


def _squeeze(sizes: list[int], strides: list[int], item: int, p: dict[str, Any]) -> list[int]:
    dim = p["dim"]
    if not sizes:
        return []
    return [s for d, (n, s) in enumerate(zip(sizes, strides))
            if n != 1 or (dim is not None and d != dim)]


def unsqueezed(sizes: list[int], strides: list[int], item: int, dim: int) -> list[int]:
    """torch's unsqueeze: the new dimension's stride is the extent of the one it precedes."""
    new = sizes[dim] * strides[dim] if dim < len(sizes) else item
    return strides[:dim] + [new] + strides[dim:]


def _unsqueeze(sizes: list[int], strides: list[int], item: int, p: dict[str, Any]) -> list[int]:
    return unsqueezed(sizes, strides, item, p["dim"])


def expanded(sizes: list[int], strides: list[int], item: int, shape: tuple[int, ...]) -> list[int]:
    """torch's ``inferExpandGeometry``: a new dimension takes the next one's extent, a
    broadcast dimension stride 0; every dimension of an expanded 0-d tensor has stride 0."""
    if not sizes:
        return [0] * len(shape)
    out = [0] * len(shape)
    lead = len(shape) - len(sizes)
    for i in reversed(range(len(shape))):
        if i >= lead:
            size, stride = sizes[i - lead], strides[i - lead]
        else:
            size, stride = 1, (shape[i + 1] * out[i + 1] if i + 1 < len(shape) else item)
        out[i] = 0 if size != shape[i] else stride
    return out


def _expand(sizes: list[int], strides: list[int], item: int, p: dict[str, Any]) -> list[int]:
    return expanded(sizes, strides, item, p["shape"])


def _view(sizes: list[int], strides: list[int], item: int, p: dict[str, Any]) -> list[int] | None:
    """torch's ``computeStride`` (the strides of a view with another shape), in bytes."""
    shape = list(p["shape"])
    if not sizes:
        return [item] * len(shape)
    numel = int(np.prod(sizes))
    if numel == 0:
        return None  # an empty tensor overlaps nothing: its strides are never compared
    out = [0] * len(shape)
    view_d = len(shape) - 1
    chunk_base = strides[-1]
    tensor_numel = view_numel = 1
    for tensor_d in reversed(range(len(sizes))):
        tensor_numel *= sizes[tensor_d]
        if tensor_d == 0 or (
            sizes[tensor_d - 1] != 1 and strides[tensor_d - 1] != tensor_numel * chunk_base
        ):
            while view_d >= 0 and (view_numel < tensor_numel or shape[view_d] == 1):
                out[view_d] = view_numel * chunk_base
                view_numel *= shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base, tensor_numel, view_numel = strides[tensor_d - 1], 1, 1
    return out if view_d == -1 else None


def _index(sizes: list[int], strides: list[int], item: int, p: dict[str, Any]) -> list[int]:
    """torch's ``applySlicing``: each item in turn selects (drops a dimension), slices
    (stride times step) or unsqueezes the result so far."""
    index = p["index"]
    items = index if isinstance(index, tuple) else (index,)
    used = sum(1 for i in items if i is not None and i is not Ellipsis)
    sizes, strides = list(sizes), list(strides)
    ndim, dim = len(sizes), 0
    for i in items:
        if i is Ellipsis:
            dim += ndim - used
        elif i is None:
            strides = unsqueezed(sizes, strides, item, dim)
            sizes.insert(dim, 1)
            dim += 1
        elif isinstance(i, slice):
            sizes[dim] = len(range(*i.indices(sizes[dim])))
            strides[dim] *= i.step or 1
            dim += 1
        else:
            del sizes[dim], strides[dim]
    return strides


_RULES: dict[str, Rule] = {
    "Alias": _alias, "Transpose": _transpose, "Permute": _permute, "Squeeze": _squeeze,
    "Unsqueeze": _unsqueeze, "Expand": _expand, "View": _view, "Index": _index,
}
