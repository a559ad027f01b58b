"""A tensor as something else: a Python number or list, a numpy array, another
dtype (``to``, ``float()``, ``long()``, ...), or a copy (``clone``, ``contiguous``); and
its device (always the CPU: ``cpu``, ``device``, ``is_cuda``).

``Tensor`` binds these functions as its methods (``item = conversion.item``); the
functions behind operators and builtins have plain names (``__float__`` is
``to_python_float``), and the casts are named by their dtype (``Tensor.float`` is
``to_float32``) so that no builtin is shadowed here.

Import order: see ``tensor.py`` (this module imports its siblings at its end).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _checks, dtypes
from . import ops as fn
from ._fp import quiet
from .autograd import _GradMode

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


def item(self: Tensor) -> float | int | bool:
    """The value of a one-element tensor as a Python number."""
    if self._data.size != 1:
        raise RuntimeError(
            f"a Tensor with {self._data.size} elements cannot be converted to Scalar"
        )
    return self._data.item()


def tolist(self: Tensor) -> Any:
    """The data as (nested) Python lists."""
    return self._data.tolist()


def numpy(self: Tensor) -> np.ndarray:
    """The underlying numpy array (shared, as in torch; allowed under no_grad)."""
    if self._requires_grad and _GradMode.enabled:
        raise RuntimeError(
            "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
            "instead."
        )
    return self._data


def to_array(self: Tensor, dtype: Any = None, copy: Any = None) -> np.ndarray:
    """``numpy.asarray(t)``: the data (shared), or a copy in ``dtype``."""
    return self._data if dtype is None else self._data.astype(dtype)


def _scalar(self: Tensor) -> float | int | bool:
    """The one value behind ``int()``/``float()``, or torch's ValueError."""
    if self._data.size != 1:
        raise ValueError("only one element tensors can be converted to Python scalars")
    return self._data.item()


def to_python_float(self: Tensor) -> float:
    """``float(t)`` of a one-element tensor (torch's warning, once, when it requires grad)."""
    if self._requires_grad:  # torch warns once per process, before any size check
        _warn_once(
            "Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
            "behavior.\nConsider using tensor.detach() first." + _checks.triggered(
                "torch/csrc/autograd/generated/python_variable_methods.cpp:822")
        )
    return float(self._scalar())


def to_python_int(self: Tensor) -> int:
    """``int(t)`` of a one-element tensor."""
    return int(self._scalar())


def truth_value(self: Tensor) -> bool:
    """``bool(t)`` of a one-element tensor; torch's errors for none or more."""
    if self._data.size == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if self._data.size != 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(self._data.item())


def to_index(self: Tensor) -> int:
    """``t.__index__()``: a one-element tensor used as an index (``range(t)``, ``xs[t]``)."""
    return int(self._data.item())


def format_spec(self: Tensor, spec: str) -> str:
    # torch formats a 0-dim tensor (not a Parameter) as its Python number, even with an
    # empty spec
    """``format(t, spec)``: a 0-dim tensor formats as its number, others only with an empty spec."""
    if self._data.ndim == 0 and type(self) is _tensor.Tensor:
        return format(self._data.item(), spec)
    if spec:
        raise TypeError(f"unsupported format string passed to {type(self).__name__}.__format__")
    return repr(self)


def to(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
    """Move (the CPU is the only device) and/or cast: ``to("cpu")``, ``to(float64)``,
    ``to(other_tensor)``. A cast to an integer or bool type leaves the graph."""
    dtype = kwargs.get("dtype")
    dtypes.check_device(kwargs.get("device"))
    for a in args:
        if isinstance(a, _tensor.Tensor):
            dtype = a._data.dtype
        elif isinstance(a, (str, dtypes.device)) and not (
            isinstance(a, str) and a in _DTYPE_ALIASES
        ):
            dtypes.check_device(a)
        else:
            dtype = a
    if dtype is None or as_dtype(dtype) == self._data.dtype:
        return self
    target = as_dtype(dtype)
    if target.kind not in "fc":  # integers carry no gradient
        with quiet():  # (laid out as torch's empty_like(preserve_format))
            return _tensor._new_tensor(fn._preserving_layout(self._data, target), None)
    return fn.ToDtype.apply(self, dtype=target)


def cpu(self: Tensor) -> Tensor:
    """Return self: minigrad lives on the CPU."""
    return self


def device(self: Tensor) -> dtypes.device:
    """Always ``device(type='cpu')``."""
    return dtypes.CPU


def is_cuda(self: Tensor) -> bool:
    """Always False: minigrad lives on the CPU."""
    return False


def to_float32(self: Tensor) -> Tensor:
    """Cast to float32."""
    return self.to(float32)


def to_float64(self: Tensor) -> Tensor:
    """Cast to float64."""
    return self.to(float64)


def to_int64(self: Tensor) -> Tensor:
    """Cast to int64."""
    return self.to(int64)


def type_or_cast(self: Tensor, dtype: Any = None) -> Any:
    """The torch-style type name, or a cast when a dtype is given."""
    if dtype is None:
        return f"torch.{fn._dtype_name(self._data.dtype)}Tensor"
    if isinstance(dtype, str) and dtype.startswith("torch.") and dtype.endswith("Tensor"):
        dtype = _TYPE_NAMES[dtype[6:-6]]
    return self.to(dtype)


def clone(self: Tensor) -> Tensor:
    """A copy with its own memory; gradients flow back to this tensor."""
    return fn.Clone.apply(self)


def contiguous(self: Tensor) -> Tensor:
    """Self when its memory is in row-major order, else a row-major copy (``clone``)."""
    if self._data.flags.c_contiguous:
        return self
    return fn.Clone.apply(self, order="C")


def to_uint8(self: Tensor) -> Tensor:
    """Cast to uint8."""
    return self.to(uint8)


def to_int32(self: Tensor) -> Tensor:  # noqa: A003
    """Cast to int32."""
    return self.to(int32)


def to_bool(self: Tensor) -> Tensor:  # noqa: A003
    """Cast to bool."""
    return self.to(bool_)


def to_int16(self: Tensor) -> Tensor:
    """Cast to int16."""
    return self.to(int16)


_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    """A UserWarning that, like torch's TORCH_WARN_ONCE, is given once per process."""
    if message not in _WARNED:
        _WARNED.add(message)
        warnings.warn(message, UserWarning, stacklevel=3)


# Last, after this module's own definitions: see "Import order" above.
import minigrad.tensor as _tensor  # noqa: E402

from .promotion import (  # noqa: E402
    _DTYPE_ALIASES,
    _TYPE_NAMES,
    as_dtype,
    bool_,
    float32,
    float64,
    int16,
    int32,
    int64,
    uint8,
)
