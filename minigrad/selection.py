"""Picking and joining elements: ``where``, ``cat``, ``stack``, ``scatter`` and
``gather``.

``Tensor`` binds the methods among them (``gather = selection.gather``; the method
``where`` is ``where_method`` beside the function ``where``).

Import order: see ``tensor.py`` (this module imports its siblings at its end).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _checks, autograd, saved_values
from . import ops as fn
from ._layout import dense_like
from .autograd import Function, _GradMode

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


def where(  # noqa: A002 - torch's argument names
    condition: Tensor, input: Any = None, other: Any = None
) -> Any:
    """``input`` where ``condition`` holds, else ``other`` (numbers allowed on either side;
    with only a condition, the indices where it holds, as ``nonzero(as_tuple=True)``)."""
    cond = condition._data if isinstance(condition, _tensor.Tensor) else np.asarray(condition)
    if input is None and other is None:
        return tuple(_tensor._new_tensor(i.astype(np.int64), None) for i in np.nonzero(cond))
    if cond.dtype != np.bool_:
        raise RuntimeError(
            f"where expected condition to be a boolean tensor, but got a tensor with dtype "
            f"{fn._dtype_name(cond.dtype)}"
        )
    a_t, b_t = isinstance(input, _tensor.Tensor), isinstance(other, _tensor.Tensor)
    params = {}
    if a_t and b_t:
        if input.dtype != other.dtype:  # torch casts inside the op (no ToCopy node): each
            params["dtype"] = result_type(input, other)  # gradient comes back cast to its
            # input's dtype by the engine
    elif a_t:
        dtype = result_type(input, other)
        input = input.to(dtype)
        other = _checks.fill_value(other, dtype)  # (in range, or wrapped as torch's)
        other = _tensor._new_tensor(np.asarray(other, dtype=dtype), None)
    elif b_t:
        dtype = result_type(other, input)
        other = other.to(dtype)
        input = _checks.fill_value(input, dtype)
        input = _tensor._new_tensor(np.asarray(input, dtype=dtype), None)
    else:
        input, other = tensor(input), tensor(other)
        if input._data.dtype.kind == "f" or other._data.dtype.kind == "f":
            input, other = input.to(float32), other.to(float32)
    try:
        out = fn.Where.apply(cond, input, other, **params)
        node = out._grad_fn
        if isinstance(node, Function) and isinstance(condition, _tensor.Tensor):
            # the node saved the condition (not an input torch differentiates): writing it
            # in place is caught by backward through its version, as in torch
            node._saved_versions.append((condition, condition._version))
        return out
    except ValueError:
        autograd._raise_broadcast_error(cond.shape, np.broadcast_shapes(input.shape))
        raise


def where_method(self: Tensor, condition: Tensor, other: Any) -> Tensor:
    """``where(condition, self, other)``."""
    return where(condition, self, other)


def _joined(tensors: Sequence[Tensor], what: str) -> list[Tensor]:
    """The tensors of a cat/stack, promoted to one dtype as torch promotes them."""
    if isinstance(tensors, _tensor.Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{what}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
            f"{type(tensors).__name__}"
        )
    if not tensors:
        if what == "cat":
            raise ValueError("torch.cat(): expected a non-empty list of Tensors")
        raise RuntimeError("stack expects a non-empty TensorList")
    for t in tensors:  # (torch reads every input's history before its checks)
        t._check_history()
    dtype = tensors[0]._data.dtype
    for t in tensors[1:]:
        dtype = promote_types(dtype, t._data.dtype)
    return [t if t._data.dtype == dtype else t.to(dtype) for t in tensors]


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors of equal shape along a new dimension."""
    tensors = _joined(tensors, "stack")
    shape = tensors[0]._data.shape
    d = fn.normalize_dim(dim, len(shape) + 1)  # torch checks the dim before the sizes
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(
                "stack expects each tensor to be equal size, but got "
                f"{list(shape)} at entry 0 and {list(t._data.shape)} at entry {i}"
            )
    return fn.Stack.apply(*tensors, dim=d)


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension."""
    tensors = _joined(tensors, "cat")
    # torch skips 1-D empty tensors (a legacy rule) when the others have more dimensions
    shape = tensors[0]._data.shape
    for i, t in enumerate(tensors):
        if not t._data.shape:
            raise RuntimeError(
                f"zero-dimensional tensor (at position {i}) cannot be concatenated"
            )
    legacy = [t._data.shape == (0,) for t in tensors]
    if not all(legacy):  # the first tensor that is not a skipped 1-D empty one decides
        shape = next(t._data.shape for t, skip in zip(tensors, legacy) if not skip)
    d = fn.normalize_dim(dim, len(shape)) if not all(legacy) else 0  # (all skipped: any dim)
    for i, t in enumerate(tensors):
        if legacy[i] and len(shape) > 1:
            continue
        other = t._data.shape
        if len(other) != len(shape):
            raise RuntimeError(
                "Tensors must have same number of dimensions: got "
                f"{len(shape)} and {len(other)}"
            )
        for j, (n, m) in enumerate(zip(shape, other)):
            if j != d and n != m:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{n} but got size {m} for tensor number {i} in the list."
                )
    return fn.Cat.apply(*tensors, dim=d)


def scatter(self: Tensor, dim: int, index: Tensor, value: Any = None, *, src: Any = None) -> Tensor:
    """A copy with ``value`` (a number, or a tensor ``src``) written at ``index`` along
    ``dim``: the one-hot idiom ``zeros.scatter(1, y.unsqueeze(1), 1)``."""
    src = value if src is None else src
    given = src if isinstance(src, _tensor.Tensor) else None
    idx = _index_array(index)
    d = _scatter_gather_checks("scatter", self, dim, idx, given)
    dtype = self._data.dtype
    a = self._data  # (torch writes self's clone, laid out dense in self's order when self
    # is not dense: the clone's strides order the kernel's loop)
    clone = None if _GradMode.writing_in_place or _checks.is_dense(a) else (
        lambda: dense_like(a, a))
    _check_index_bounds(self, d, idx, given, first_write=None if given is not None else (
        lambda: _checks.fill_value(src, dtype)), written=clone)
    if given is None:  # the number in self's dtype (torch's kernel converts it as it writes
        # an element: not at all when there is nothing to write)
        src = _checks.fill_value(src, dtype) if idx.size else 0
    if given is not None:
        out = fn.Scatter.apply(self, given, dim=d, index=idx)
    else:
        out = fn.Scatter.apply(self, dim=d, index=idx, value=src)
    saved_values.watch_params(out, index)  # torch saves the index: written since, backward raises
    return out


def check_scatter(self: Tensor, dim: int, index: Tensor, given: Any) -> None:
    """scatter's meta checks (the dim, the index's and ``given``'s dtypes, the shapes), which
    ``scatter_`` makes before it checks that self's elements are written once."""
    src = given if isinstance(given, _tensor.Tensor) else None
    _scatter_gather_checks("scatter", self, dim, _index_array(index), src)


def gather(self: Tensor, dim: int, index: Tensor) -> Tensor:
    """``out[i][j] = self[index[i][j]][j]`` along ``dim`` (here dim 0)."""
    idx = _index_array(index)
    d = _scatter_gather_checks("gather", self, dim, idx)
    _check_index_bounds(self, d, idx, gather=True)
    out = fn.Gather.apply(self, dim=d, index=idx)
    saved_values.watch_params(out, index)
    return out


def check_index_backward(kind: str, g: np.ndarray, shape: tuple[int, ...], dim: int,
                         index: np.ndarray) -> None:
    """The checks torch's backward kernels make of an index that a ``.data =`` replaced
    since the forward: gather's ``scatter_add`` of the gradient into zeros of ``shape``;
    scatter's ``scatter`` of 0 into the gradient, then its ``gather`` for ``src``."""
    grad = _tensor._new_tensor(g, None)
    if kind == "gather":
        zeros = _tensor._new_tensor(np.zeros(shape, g.dtype), None)
        d = _scatter_gather_checks("scatter", zeros, dim, index, grad)  # (torch's name)
        _check_index_bounds(zeros, d, index, grad)
        return
    d = _scatter_gather_checks("scatter", grad, dim, index)
    _check_index_bounds(grad, d, index)
    if kind == "scatter_src":
        _check_index_bounds(grad, d, index, gather=True)


def _index_array(index: Any) -> np.ndarray:
    """The int64 array behind an index tensor (torch's scatter/gather take int64)."""
    return index._data if isinstance(index, _tensor.Tensor) else np.asarray(index)


def _scatter_gather_checks(
    name: str, self: Tensor, dim: int, index: np.ndarray, src: Tensor | None = None
) -> int:
    """torch's checks of gather and scatter, in its order: the dim, the index's dtype (and
    src's), the shapes (each at least 1-D). Returns the dim, wrapped."""
    self._check_history()  # (torch reads the history first)
    a = self._data
    d = fn.normalize_dim(dim, a.ndim)
    if index.size and index.dtype not in (np.dtype(np.int64), np.dtype(np.int32)):
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    if src is not None and src._data.dtype != a.dtype:
        raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")
    if index.size == 0:  # (an empty index: no shape checks)
        return d
    ndim = max(a.ndim, 1)
    self_shape, index_shape = a.shape or (1,), index.shape or (1,)
    what = "input" if name == "gather" else "self"
    if max(index.ndim, 1) != ndim:
        raise RuntimeError(
            f"Index tensor must have the same number of dimensions as {what} tensor")
    if src is not None and max(src._data.ndim, 1) != ndim:
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    wide = next((i for i in range(ndim) if i != d and index_shape[i] > self_shape[i]), None)
    larger = wide is not None
    if name == "gather" and larger:
        raise RuntimeError(
            f"Size does not match at dimension {wide} expected index {list(index.shape)} to be "
            f"no larger than self {list(a.shape)} apart from dimension {d}")
    if name != "gather":
        src_shape = (src._data.shape or (1,)) if src is not None else None
        if not larger and src_shape is not None:
            larger = any(index_shape[i] > src_shape[i] for i in range(ndim))
        if larger:
            tail = "" if src is None else (
                f" and to be no larger size than src {list(src._data.shape)}")
            raise RuntimeError(
                f"Expected index {list(index.shape)} to be no larger than self "
                f"{list(a.shape)} apart from dimension {d}{tail}")
    return d


def _check_index_bounds(
    self: Tensor, d: int, index: np.ndarray, src: Tensor | None = None, gather: bool = False,
    first_write: Any = None, written: Any = None,
) -> None:
    """torch's kernel reads the index values in its order (:func:`_kernel_order`) and
    refuses the first one out of range; ``first_write`` (scatter of a number: its
    conversion to self's dtype) runs when the kernel writes its first element, so before
    the refusal of a bad index read after a good one. ``written()``: the array the kernel
    writes, when not self (out-of-place scatter writes self's clone)."""
    a = self._data
    if index.size == 0:
        return
    index_shape = index.shape or (1,)
    size = (a.shape or (1,))[d]
    bad = (index < 0) | (index >= size)
    if bad.any():
        if written is not None:
            a = written()
        operands = [a, index] + ([src._data] if src is not None else [])
        if gather:
            operands.append(np.empty(index_shape, np.int8))  # the result: index-shaped
        order = _kernel_order(index_shape, d, operands)
        rows = index.reshape(index_shape).transpose(order).reshape(-1)
        first = int(np.argmax(bad.reshape(index_shape).transpose(order).reshape(-1)))
        if first and first_write is not None:
            first_write()
        raise RuntimeError(
            f"index {int(rows[first])} is out of bounds for dimension {d} with size {size}")


def _kernel_order(shape: tuple[int, ...], d: int, operands: list[np.ndarray]) -> list[int]:
    """The order in which torch's scatter/gather kernel reads the index (outermost first):
    its iterator runs over the index's shape without ``dim``, merging dimensions whose
    memory continues in every operand; the innermost run is the kernel's inner loop, which
    sits inside the loop along ``dim``, or outside it when ``dim`` is the last one."""
    strides = [[s // x.itemsize for s in _checks.torch_strides(x)] if x.ndim else [1]
               for x in operands]
    groups: list[list[int]] = []
    for i in range(len(shape)):
        if i == d or shape[i] == 1:
            continue
        if groups and all(st[groups[-1][-1]] == shape[i] * st[i] for st in strides):
            groups[-1].append(i)
        else:
            groups.append([i])
    inner = groups[-1] if groups else []
    outer = [i for g in groups[:-1] for i in g]
    order = outer + inner + [d] if d == len(shape) - 1 else outer + [d] + inner
    return order + [i for i in range(len(shape)) if i not in order]


# Last, after this module's own definitions: see "Import order" above.
import minigrad.tensor as _tensor  # noqa: E402

from .creation import tensor  # noqa: E402
from .promotion import float32, promote_types, result_type  # noqa: E402
