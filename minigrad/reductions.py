"""Reductions: ``sum``, ``mean``, ``max``/``min`` (of all elements, along a
dimension, or elementwise against another tensor), ``argmax``/``argmin``, ``var``, ``std``
and ``norm``.

``Tensor`` binds these functions as its methods (``sum = reductions.sum``). Named as the
methods, ``sum``, ``max`` and ``min`` hide the builtins in this module, which uses none of
them.

Import order: see ``tensor.py`` (this module imports its siblings at its end).
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any

from . import _checks, autograd
from . import kernels as K
from . import ops as fn

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


def sum(self: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """Sum over all elements or over ``dim``."""
    self._check_history()
    _checks.check_reduction_dim(dim, "sum")
    if dtype is None:
        return fn.Sum.apply(self, dim=dim, keepdim=keepdim)
    target = as_dtype(dtype)
    if target.kind not in "fc" and self._requires_grad and autograd._GradMode.enabled:
        raise RuntimeError(f"Autograd not support dtype: {_checks.short_name(target)}")
    src = self.to(dtype)  # one SumBackward node on self, as torch's (no cast node)
    out = _without_casts(fn.Sum.apply(src, dim=dim, keepdim=keepdim), (self,), (src,))
    return out if out._data.dtype == target else out.to(target)  # (an integer dtype)


def mean(self: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """Mean over all elements or over ``dim`` (float32 sum divided by float32 count)."""
    self._check_history()
    _checks.check_reduction_dim(dim, "mean")
    if dtype is None:
        return fn.Mean.apply(self, dim=dim, keepdim=keepdim)
    target = as_dtype(dtype)
    if target.kind not in "fc":
        raise RuntimeError(
            "mean(): could not infer output dtype. Optional dtype must be either a floating "
            f"point or complex dtype. Got: {_checks.short_name(target)}"
        )
    src = self.to(dtype)  # one MeanBackward node on self, as torch's (no cast node)
    return _without_casts(fn.Mean.apply(src, dim=dim, keepdim=keepdim), (self,), (src,))


def max(self: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A003
    """The largest element; with ``dim``, (values, indices) along it; with a tensor,
    the elementwise maximum."""
    return _max_min(self, dim, keepdim, largest=True)


def min(self: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A003
    """The smallest element; with ``dim``, (values, indices); with a tensor, elementwise."""
    return _max_min(self, dim, keepdim, largest=False)


def maximum(self: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum (a tie shares the gradient equally)."""
    _checks.require_tensor(other, "maximum")
    return _max_min(self, other, False, largest=True)


def minimum(self: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum."""
    _checks.require_tensor(other, "minimum")
    return _max_min(self, other, False, largest=False)


def argmax(self: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the largest element (of the flattened tensor, or along ``dim``)."""
    return _arg_select(self, dim, keepdim, largest=True)


def argmin(self: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """Index of the smallest element."""
    return _arg_select(self, dim, keepdim, largest=False)


def _max_min(a: Tensor, dim: Any, keepdim: bool, largest: bool) -> Any:
    """``max``/``min``: of all elements, along ``dim`` (a values/indices pair), or
    elementwise against another tensor."""
    from . import return_types

    a._check_history()  # (torch reads the inputs' histories before its checks)
    if isinstance(dim, _tensor.Tensor):
        dim._check_history()
    if dim is None:
        return fn.MaxAll.apply(a, largest=largest)
    if isinstance(dim, _tensor.Tensor):
        other = dim
        a2, other2 = a, other
        if other._data.dtype != a._data.dtype:
            dtype = result_type(a, other)
            a2 = a.to(dtype) if a._data.dtype != dtype else a
            other2 = other.to(dtype) if other._data.dtype != dtype else other
        try:
            out = fn.Maximum.apply(a2, other2, largest=largest)
            return _without_casts(out, (a, other), (a2, other2))
        except ValueError:
            autograd._raise_broadcast_error(a.shape, other.shape)
            raise
    d = fn.normalize_dim(dim, a.ndim)
    values = fn.MaxDim.apply(a, dim=d, keepdim=keepdim, largest=largest)
    node: Any = values.grad_fn  # MaxDim keeps the indices it found
    if node is not None:
        indices = node.indices
    else:  # no graph recorded: compute the indices again (cheap, and rare)
        indices, _ = K.select_along(a._data, d, keepdim, largest)
    pair = return_types.max if largest else return_types.min
    result = pair(values, _tensor._new_tensor(indices, None))
    if not keepdim and a._data.ndim == 1:  # torch resizes both to the kept shape (1,),
        for t in result:  # then squeezes: the size array keeps that 1 past its end
            t._stale_shape = (1,)  # (``views.copy_stale_shape``)
    return result


def _arg_select(a: Tensor, dim: int | None, keepdim: bool, largest: bool) -> Tensor:
    """argmax/argmin: over the flattened tensor, or along ``dim`` (first occurrence;
    a nan counts as the largest and the smallest, as in torch)."""
    data = a._data
    name = "argmax" if largest else "argmin"
    if data.dtype.kind == "b":
        raise RuntimeError(f"{name}(): does not support bool input")
    if dim is None:
        flat = data.reshape(-1)
        if flat.size == 0:
            raise IndexError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0."
            )
        idx, _ = K.select_along(flat, 0, False, largest)
        if keepdim:
            idx = idx.reshape((1,) * data.ndim)
        return _tensor._new_tensor(idx, None)
    _checks.check_dim_type(dim, name)
    d = fn.normalize_dim(dim, data.ndim)
    if data.ndim and data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    idx, _ = K.select_along(data, d, keepdim, largest)
    return _tensor._new_tensor(idx, None)


def var(
    self: Tensor, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
    correction: float | None = None,
) -> Tensor:
    """Variance (``correction=1``, unbiased, by default), over all elements or ``dim``."""
    if isinstance(dim, bool):  # var(False): the old positional ``unbiased``
        dim, unbiased = None, dim
    corr = correction if correction is not None else (0 if unbiased is False else 1)
    self._check_history()  # (torch reads the input's history before its kernel warns)
    _warn_no_dof(self, dim, corr, "var")
    return fn.Var.apply(self, dim=dim, correction=corr, keepdim=keepdim)


def std(
    self: Tensor, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
    correction: float | None = None,
) -> Tensor:
    """Standard deviation (unbiased by default), over all elements or ``dim``."""
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    corr = correction if correction is not None else (0 if unbiased is False else 1)
    self._check_history()  # (torch reads the input's history before its kernel warns)
    _warn_no_dof(self, dim, corr, "std")
    return fn.Var.apply(self, dim=dim, correction=corr, keepdim=keepdim, take_sqrt=True)


def _warn_no_dof(t: Tensor, dim: Any, correction: float, name: str) -> None:
    """torch's warning (every call) when var/std have no degrees of freedom left: the number
    of elements reduced per output is at most ``correction`` (integer input is refused
    first, by the op)."""
    if t._data.dtype.kind not in "fc":
        return
    shape = t._data.shape
    if dim is None:
        factor = t._data.size
    else:  # torch: input numel / output numel, and 0 when there is no output element
        reduced = fn._as_axes(dim, len(shape)) or ()  # a bad or repeated dim raises first
        factor = math.prod(shape[d] for d in reduced) if shape else 1
        if math.prod(n for d, n in enumerate(shape) if d not in reduced) == 0:
            factor = 0
    if factor - correction <= 0:
        warnings.warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "reduction factor (input numel divided by output numel)."
            + _checks.triggered("aten/src/ATen/native/ReduceOps.cpp:1861"),
            UserWarning,
            stacklevel=3,
        )


def norm(self: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
    """The 2-norm (``p=2`` or ``"fro"``), over all elements or ``dim``."""
    if p not in ("fro", 2, 2.0):
        raise NotImplementedError(f"minigrad's norm supports p=2 only, got p={p!r}")
    # torch.norm hands "fro" over more than two dims to linalg.matrix_norm, which refuses
    # them (after its own checks); the rest to linalg.vector_norm
    matrix = p == "fro" and isinstance(dim, (list, tuple)) and len(dim) > 2
    name = "linalg.matrix_norm" if matrix else "linalg.vector_norm"
    if matrix and self._data.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if self._data.dtype.kind not in "fc":
        raise RuntimeError(
            f"{name}: Expected a floating point or complex tensor as input. Got "
            f"{_checks.short_name(self._data.dtype)}"
        )
    if matrix:
        raise RuntimeError(f"{name}: dim must be a 2-tuple. Got " + " ".join(map(str, dim)))
    if isinstance(dim, (list, tuple)) and not dim:  # vector_norm's dim=[]: every dimension
        dim = None
    return fn.Norm2.apply(self, dim=dim, keepdim=keepdim)


# Last, after this module's own definitions: see "Import order" above.
import minigrad.tensor as _tensor  # noqa: E402

from .arithmetic import _without_casts  # noqa: E402
from .promotion import as_dtype, result_type  # noqa: E402
