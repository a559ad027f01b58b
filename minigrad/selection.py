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

from . import _checks, autograd
from . import ops as fn
from .autograd import Function

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
        _checks.check_float_scalar(other, dtype)
        other = _tensor._new_tensor(np.asarray(other, dtype=dtype), None)
    elif b_t:
        dtype = result_type(other, input)
        other = other.to(dtype)
        _checks.check_float_scalar(input, dtype)
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
    if isinstance(src, _tensor.Tensor):
        if src.dtype != self.dtype:
            raise RuntimeError(
                "scatter(): Expected self.dtype to be equal to src.dtype"
            )
        return fn.Scatter.apply(self, src, dim=dim, index=_index_array(index))
    return fn.Scatter.apply(self, dim=dim, index=_index_array(index), value=src)


def gather(self: Tensor, dim: int, index: Tensor) -> Tensor:
    """``out[i][j] = self[index[i][j]][j]`` along ``dim`` (here dim 0)."""
    return fn.Gather.apply(self, dim=dim, index=_index_array(index))


def _index_array(index: Any) -> np.ndarray:
    """The int64 array behind an index tensor (torch's scatter/gather take int64)."""
    return index._data if isinstance(index, _tensor.Tensor) else np.asarray(index)


# Last, after this module's own definitions: see "Import order" above.
import minigrad.tensor as _tensor  # noqa: E402

from .creation import tensor  # noqa: E402
from .promotion import float32, promote_types, result_type  # noqa: E402
