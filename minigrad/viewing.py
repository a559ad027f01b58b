"""Shape queries (``size``, ``dim``, ``numel``, ``is_contiguous``, ...) and the view
methods: ``view``, ``reshape``, ``flatten``, ``squeeze``, ``unsqueeze``, ``transpose``, ``t``,
``permute``, ``T``, ``expand``, indexing and ``unbind``.

A view shares its input's memory and version counter (``views.make_view`` records how to
replay it from its base). ``Tensor`` binds these functions as its methods
(``view = viewing.view``; ``__getitem__`` is ``getitem``, ``__iter__`` is ``iterate``,
``__len__`` is ``length``).

Import order: see ``tensor.py`` (this module imports its siblings at its end).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _checks, dtypes, views
from . import ops as fn
from .autograd import Function, _GradMode

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


def _is_view(self: Tensor) -> bool:
    """True when this tensor is a view of another tensor's memory."""
    return self._base is not None


def is_contiguous(self: Tensor) -> bool:
    """True when the elements lie in memory in row-major order without gaps."""
    return bool(self._data.flags.c_contiguous)


def data_ptr(self: Tensor) -> int:
    """The address of the first element (aliases of one element share it; 0 for a tensor
    with no elements, as torch's)."""
    if self._data.size == 0:
        return 0
    return int(self._data.__array_interface__["data"][0])


def size(self: Tensor, dim: int | None = None) -> dtypes.Size | int:
    """The shape, or the size of one dimension."""
    if dim is None:
        return dtypes.Size(self._data.shape)
    _checks.check_dim_type(dim, "size")
    if self._data.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return self._data.shape[fn.normalize_dim(dim, self._data.ndim)]


def dim(self: Tensor) -> int:
    """Number of dimensions."""
    return self._data.ndim


def numel(self: Tensor) -> int:
    """Number of elements."""
    return self._data.size


def length(self: Tensor) -> int:
    """``len(t)``: the size of dimension 0."""
    if self._data.ndim == 0:
        raise TypeError("len() of a 0-d tensor")
    return self._data.shape[0]


def _view(self: Tensor, op: type[Function], **params: Any) -> Tensor:
    """Apply a view op: the result shares this tensor's memory and version counter."""
    return views.make_view(op.apply(self, **params), self, op, params)


def _check_history(self: Tensor) -> None:
    """With grad mode on, torch reads an op's input history before anything else: a
    view whose history is invalid raises first."""
    if _GradMode.enabled and isinstance(self._grad_fn, views.InvalidHistory):
        self.grad_fn  # noqa: B018 - raises torch's error


def view(self: Tensor, *shape: Any) -> Tensor:
    """The same memory with another shape (one size may be -1); torch's error when the
    layout does not allow it (use ``reshape``)."""
    self._check_history()
    shape = fn.infer_shape(_shape_args(shape), self._data.size)
    if not fn.viewable(self._data, shape):
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    return self._view(fn.View, shape=shape)


def reshape(self: Tensor, *shape: Any) -> Tensor:
    """``view`` when the layout allows it, else a reshaped copy."""
    # torch's reshape: a contiguous tensor goes straight to view (its history read first);
    # another has its shape inferred first (fuzz seed 5315)
    contiguous = self.is_contiguous()
    if contiguous:
        self._check_history()
    shape = fn.infer_shape(_shape_args(shape), self._data.size)
    if not contiguous:
        self._check_history()
    if fn.viewable(self._data, shape):
        out = self._view(fn.View, shape=shape)
        node = out._grad_fn
        if isinstance(node, Function):  # facts for the node's name (_naming)
            node.via, node.contiguous_input = "reshape", self._data.flags.c_contiguous
        return out
    # torch: _unsafe_view of a contiguous clone (CloneBackward0 under UnsafeViewBackward0)
    return fn.UnsafeView.apply(fn.Clone.apply(self, order="C"), shape=shape)


def view_as(self: Tensor, other: Tensor) -> Tensor:
    """``view`` with another tensor's shape."""
    _checks.require_tensor(other, "view_as")
    return self.view(other.shape)


def reshape_as(self: Tensor, other: Tensor) -> Tensor:
    """``reshape`` with another tensor's shape."""
    _checks.require_tensor(other, "reshape_as")
    return self.reshape(other.shape)


def flatten(self: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge dimensions ``start_dim`` .. ``end_dim`` into one (a view when possible)."""
    shape = self._data.shape
    if not shape:
        return self.reshape(1)
    start = fn.normalize_dim(start_dim, len(shape))
    end = fn.normalize_dim(end_dim, len(shape))
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return self
    merged = 1
    for n in shape[start : end + 1]:
        merged *= n
    return self.reshape(shape[:start] + (merged,) + shape[end + 1 :])


def squeeze(self: Tensor, dim: int | None = None) -> Tensor:
    """Remove dimensions of size 1 (all of them, or ``dim``): a view."""
    self._check_history()
    if dim is not None:
        dim = fn.normalize_dim(dim, self._data.ndim)
    return self._view(fn.Squeeze, dim=dim)


def unsqueeze(self: Tensor, dim: int) -> Tensor:
    """Insert a dimension of size 1 at ``dim``: a view."""
    self._check_history()
    return self._view(fn.Unsqueeze, dim=fn.normalize_dim(dim, self._data.ndim + 1))


def transpose(self: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swap two dimensions: a view."""
    self._check_history()
    n = self._data.ndim
    return self._view(
        fn.Transpose, dim0=fn.normalize_dim(dim0, n), dim1=fn.normalize_dim(dim1, n)
    )


def t(self: Tensor) -> Tensor:
    """Transpose a tensor of at most 2 dimensions: a view."""
    self._check_history()
    if self.ndim > 2:
        raise RuntimeError(
            f"t() expects a tensor with <= 2 dimensions, but self is {self.ndim}D"
        )
    # a vector has nothing to swap, but torch still records a TBackward0 node
    out = self._view(fn.Alias) if self.ndim < 2 else self._view(fn.Transpose, dim0=0, dim1=1)
    if out.grad_fn is not None:
        out.grad_fn.via = "t"
    return out


def permute(self: Tensor, *dims: int) -> Tensor:
    """Reorder the dimensions: a view."""
    self._check_history()
    if not dims:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = tuple(dims[0])
    n = self._data.ndim
    if len(dims) != n:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match "
            "the length of the desired ordering of dimensions i.e. input.dim() = "
            f"{n} is not equal to len(dims) = {len(dims)}"
        )
    order = tuple(fn.normalize_dim(d, n) for d in dims)
    if len(set(order)) != n:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return self._view(fn.Permute, dims=order)


def T(self: Tensor) -> Tensor:  # noqa: N802 - torch's name
    """The tensor with its dimensions reversed (a view); torch's warnings (once each)
    for other than 2 dimensions."""
    if self.ndim == 0:
        _warn_once(
            "Tensor.T is deprecated on 0-D tensors. This function is the identity in these "
            "cases." + _checks.triggered("aten/src/ATen/native/TensorShape.cpp:4321")
        )
        return self._view(fn.Permute, dims=())
    if self.ndim != 2:
        _warn_once(
            "The use of `x.T` on tensors of dimension other than 2 to reverse their shape "
            "is deprecated and it will throw an error in a future release. Consider `x.mT` "
            "to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, "
            "-1))` to reverse the dimensions of a tensor."
            + _checks.triggered("aten/src/ATen/native/TensorShape.cpp:4314")
        )
    return self.permute(*reversed(range(self.ndim)))


def expand(self: Tensor, *shape: Any) -> Tensor:
    """A broadcast view of this tensor with ``shape`` (-1 keeps a size; gradients are
    summed back)."""
    self._check_history()
    if not shape:
        raise TypeError('expand() missing 1 required positional arguments: "size"')
    _checks.check_expand_rank(self._data.dtype, self._data.shape, _shape_args(shape))
    _checks.check_expand_sizes(self._data.shape, _shape_args(shape))
    return self._view(fn.Expand, shape=fn.expanded_shape(self._data.shape, _shape_args(shape)))


def expand_as(self: Tensor, other: Tensor) -> Tensor:
    """``expand`` to another tensor's shape."""
    _checks.require_tensor(other, "expand_as")
    return self.expand(other.shape)


def getitem(self: Tensor, index: Any) -> Tensor:
    """``t[index]``: a view for basic indices (ints, slices, None, ...), else a copy."""
    index = _checks.sequence_as_tuple(index)
    _checks.check_index_types(index)
    _checks.check_zero_dim_index(index, self._data.ndim, views.stale_size(self))
    index = _checks.expand_ellipses(_as_index(index), self._data.shape, self._data)
    if fn.is_basic_index(index):
        index = fn.check_basic_index(index, self._data.shape)
        steps = fn.basic_index_steps(index, self._data.shape)
        if steps is None:
            return self._view(fn.Index, index=index)
        out = self  # torch applies the items one by one: one view node each
        for step in steps:
            out = out._view(fn.Index, index=step)
        return out
    split = _checks.split_view_first(index, self._data.shape)
    if split is not None:  # torch takes the basic items as views first (a node each), then
        basic, advanced = split  # indexes that view with the advanced ones
        return getitem(getitem(self, basic), advanced)
    return fn.Index.apply(self, index=index)


def _as_index(index: Any) -> Any:
    """An index with its tensors as arrays (a uint8 tensor is a mask, with torch's
    deprecation warning; a 0-d bool or uint8 one a bool, a 0-d integer one an int)."""
    if isinstance(index, tuple):
        return tuple(_as_index_item(i) for i in index)
    return _as_index_item(index)


def _as_index_item(i: Any) -> Any:
    if not isinstance(i, _tensor.Tensor):
        return i
    if i._data.dtype == np.uint8:
        if i._data.ndim == 0:  # (a 0-d one is a bool, silently)
            return i._data != 0
        warnings.warn(_checks.UINT8_INDEX_WARNING, UserWarning, stacklevel=4)
        return i._data != 0
    if i._data.ndim == 0 and i._data.dtype.kind in "iu":  # torch selects, as with an int
        return int(i._data)
    if i._data.ndim == 0 and i._data.dtype == np.bool_:  # torch takes it as a Python bool:
        return i._data[()]  # unsqueeze, then index (seed 4650)
    return i._data


def iterate(self: Tensor) -> Iterator[Tensor]:
    """``iter(t)``: the slices along dimension 0, as views."""
    if self._data.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    return iter(self.unbind(0))


def unbind(self: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """The slices along ``dim``, as views (torch records one ``UnbindBackward0``)."""
    self._check_history()
    d = fn.normalize_dim(dim, self._data.ndim)
    if not self._data.ndim:
        raise IndexError(f"Dimension specified as {d} but tensor has no dimensions")
    parts = []
    for i in range(self._data.shape[d]):
        part = self[(slice(None),) * d + (i,)]
        if part.grad_fn is not None:
            part.grad_fn.via = "unbind"
        if _GradMode.enabled:
            views.mark_creation(part, views.MULTI_OUTPUT, f"Output {i} of Unbind")
        parts.append(part)
    return tuple(parts)


# Last, after this module's own definitions: see "Import order" above.
import minigrad.tensor as _tensor  # noqa: E402

from .conversion import _warn_once  # noqa: E402
from .creation import _shape_args  # noqa: E402
