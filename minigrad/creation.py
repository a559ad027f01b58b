"""Constructors: ``tensor``, ``zeros``, ``ones``, ``full``, ``arange``, ``eye``,
``randint`` and torch's legacy ones (``Tensor(3, 1)``, ``FloatTensor``, ``LongTensor``, ...).

Import order: see ``tensor.py`` (this module imports its siblings at its end).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _checks
from ._fp import quiet

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


def new(cls: type[Tensor], *args: Any) -> Tensor:
    """``Tensor(t)`` of a tensor is an alias of ``t`` whatever its dtype (``AliasBackward0``,
    its memory and version counter), as torch's legacy constructor; anything else is a new
    tensor that ``init`` fills."""
    if cls is _tensor.Tensor and len(args) == 1 and isinstance(args[0], _tensor.Tensor):
        return args[0]._view(ops.Alias)
    return object.__new__(cls)


def init(self: Tensor, *args: Any) -> None:
    """``Tensor(data)`` (a sequence, as float32) or ``Tensor(*sizes)`` (float32 zeros):
    torch's legacy constructor (``Tensor(t)`` of a tensor is the alias ``new`` made)."""
    if len(args) == 1 and isinstance(args[0], _tensor.Tensor):
        return  # ``new`` returned an alias of the tensor: nothing to fill
    if len(args) == 1 and _is_data(args[0]):
        data = args[0]
        if isinstance(data, numbers.Number):
            raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
        elif isinstance(data, (list, tuple)):
            _checks.check_nested_lengths(data)
        with quiet():
            array = np.array(data, dtype=float32)
    elif all(isinstance(a, numbers.Integral) for a in args):
        array = np.zeros(tuple(int(a) for a in args) if args else (0,), dtype=float32)
    else:
        raise TypeError(f"Tensor(): invalid arguments {args!r}")
    self._data = array
    self._grad = None
    self._grad_fn = None
    self._requires_grad = False
    self._storage = None
    self._base = None
    self._view_steps = ()


def tensor(data: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A new leaf tensor holding a copy of ``data``.

    Python floats become float32 and ints int64 (torch's defaults); numpy arrays keep
    their dtype; ``dtype`` overrides.
    """
    if device is not None and str(device) not in ("cpu", "cpu:0"):
        raise RuntimeError(f"minigrad runs on the CPU only; got device {device!r}")
    _checks.check_dtype_argument(dtype, "tensor")
    if isinstance(data, (list, tuple)):
        _checks.check_nested_lengths(data)
    if isinstance(data, _tensor.Tensor):
        data = data._data
    if dtype is not None and as_dtype(dtype).kind in "iu" and not isinstance(
        data, (np.ndarray, np.generic)
    ):
        array = _python_to_integers(data, as_dtype(dtype))
    elif dtype is not None:  # straight to the dtype: 0.1 as float64 must not pass through float32
        try:
            with quiet():  # (1e308 is inf in float32, silently as in torch)
                array = np.array(data, dtype=as_dtype(dtype), copy=True)
        except OverflowError:
            _raise_overflow(data, as_dtype(dtype))
            raise
    elif isinstance(data, (np.ndarray, np.generic)):  # numpy arrays and scalars keep dtype
        array = np.array(data, copy=True)
    else:
        array = _default_dtype_for(np.array(data))
    t = _tensor._new_tensor(array, None)
    if requires_grad:
        t._set_requires_grad(True, _CONSTRUCTOR_REFUSAL)
    return t


_CONSTRUCTOR_REFUSAL = "Only Tensors of floating point and complex dtype"


def _python_to_integers(data: Any, dtype: np.dtype) -> np.ndarray:
    """Python numbers into an integer dtype with torch's checks (``c10::overflows``): a
    float must be a number within the type's range before it is truncated; an int within
    it too, except that an unsigned type takes a negative int down to minus its maximum
    (two's complement: ``-1`` is 255 in uint8)."""
    array = np.array(data)
    if array.dtype.kind == "O" or array.dtype == np.uint64:  # an int beyond int64
        _raise_overflow(data, dtype)
    info = np.iinfo(dtype)
    with quiet():
        if array.dtype.kind == "f":
            bad = np.isnan(array) | (array < info.min) | (array > info.max)
        elif array.dtype.kind in "iu":
            bad = (array < (-info.max if info.min == 0 else info.min)) | (array > info.max)
        else:
            bad = np.zeros((), bool)
        if bad.any():
            raise RuntimeError(
                f"value cannot be converted to type {dtype.name} without overflow"
            )
        return array.astype(dtype)


def _raise_overflow(data: Any, dtype: np.dtype) -> None:
    """torch's errors for a value that does not fit an integer dtype: a Python int beyond
    64 bits cannot even be read; a float is refused by the conversion."""
    flat = list(np.ravel(np.array(data, dtype=object)))
    if any(isinstance(x, int) and not -(2**63) <= x < 2**63 for x in flat):
        raise ValueError("Overflow when unpacking long long")
    raise RuntimeError(f"value cannot be converted to type {np.dtype(dtype).name} without overflow")


def _as_tensor(x: Any) -> Tensor:
    """A Tensor for ``x`` (tensors pass through; numbers and arrays are wrapped)."""
    if isinstance(x, _tensor.Tensor):
        return x
    return tensor(x)


def is_tensor(obj: Any) -> bool:
    """True for a minigrad Tensor."""
    return isinstance(obj, _tensor.Tensor)


def _shape_args(shape: Sequence[Any]) -> tuple[int, ...]:
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return tuple(int(s) for s in shape)


def _filled(fill: Any, shape: tuple[int, ...], dtype: Any, requires_grad: bool) -> Tensor:
    _checks.check_sizes(shape)
    t = _tensor._new_tensor(np.full(shape, fill, dtype=as_dtype(dtype or float32)), None)
    if requires_grad:
        t._set_requires_grad(True, _CONSTRUCTOR_REFUSAL)
    return t


def zeros(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, device: Any = None
) -> Tensor:
    """A tensor of zeros (float32 unless ``dtype`` says otherwise)."""
    _checks.check_dtype_argument(dtype, "zeros")
    shape = _shape_args(shape)
    if any(n < 0 for n in shape):
        raise RuntimeError("zeros: Dimension size must be non-negative.")
    return _filled(0, shape, dtype, requires_grad)


def ones(*shape: Any, dtype: Any = None, requires_grad: bool = False, device: Any = None) -> Tensor:
    """A tensor of ones."""
    _checks.check_dtype_argument(dtype, "ones")
    return _filled(1, _shape_args(shape), dtype, requires_grad)


def full(
    shape: Sequence[int], fill_value: float, dtype: Any = None, requires_grad: bool = False
) -> Tensor:
    """A tensor filled with ``fill_value``."""
    _checks.check_dtype_argument(dtype, "full")
    if not isinstance(fill_value, (numbers.Number, np.generic, _tensor.Tensor)):
        raise TypeError(
            "full(): argument 'fill_value' (position 2) must be Number, not "
            f"{type(fill_value).__name__}"
        )
    if dtype is None and isinstance(fill_value, bool):
        dtype = bool_
    elif dtype is None and isinstance(fill_value, numbers.Integral):
        dtype = int64
    _checks.check_float_scalar(fill_value, as_dtype(dtype or float32))
    return _filled(fill_value, _shape_args((shape,)), dtype, requires_grad)


def zeros_like(t: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Zeros with ``t``'s shape, dtype and layout."""
    return _like(t, 0, dtype, requires_grad)


def ones_like(t: Tensor, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Ones with ``t``'s shape, dtype and layout."""
    return _like(t, 1, dtype, requires_grad)


def _like(t: Tensor, fill: Any, dtype: Any, requires_grad: bool) -> Tensor:
    """``fill`` laid out as torch's ``*_like`` lays it out (``preserve_format``: ``t``'s
    strides when it is dense, so a later sum walks the same order)."""
    data = ops._preserving_layout(t._data, as_dtype(dtype or t.dtype))
    data[...] = fill
    out = _tensor._new_tensor(data, None)
    if requires_grad:
        out._set_requires_grad(True, _CONSTRUCTOR_REFUSAL)
    return out


def arange(
    start: float,
    end: float | None = None,
    step: float = 1,
    dtype: Any = None,
    requires_grad: bool = False,
) -> Tensor:
    """Evenly spaced values in [start, end): int64 for integer arguments, else float32."""
    if end is None:
        start, end = 0, start
    if dtype is None:
        ints = all(isinstance(v, numbers.Integral) for v in (start, end, step))
        dtype = int64 if ints else float32
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    t = _tensor._new_tensor(np.arange(start, end, step).astype(as_dtype(dtype)), None)
    if requires_grad:
        t._set_requires_grad(True, _CONSTRUCTOR_REFUSAL)
    return t


def eye(
    n: int, m: int | None = None, *, dtype: Any = None, requires_grad: bool = False,
    device: Any = None,
) -> Tensor:
    """The n x m identity matrix (float32 unless ``dtype`` says otherwise)."""
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m is not None and m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    t = _tensor._new_tensor(
        np.eye(n, n if m is None else m, dtype=as_dtype(dtype or float32)), None
    )
    if requires_grad:
        t._set_requires_grad(True, _CONSTRUCTOR_REFUSAL)
    return t


def randint(
    low: int, high: Any = None, size: Any = None, *, generator: Any = None, dtype: Any = None,
    requires_grad: bool = False, device: Any = None,
) -> Tensor:
    """Integers drawn uniformly from [low, high) (``randint(high, size)`` means low = 0),
    int64 by default: torch's ``(word % range) + low`` with one 32-bit word per value, or
    one 64-bit value (two words, high first) when the range is 2**28 or more (measured on
    torch 2.13 for int64 and float results)."""
    from . import random as _random

    if size is None:  # randint(high, size)
        low, high, size = 0, low, high
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    shape = _shape_args((size,)) if isinstance(size, (tuple, list)) else _shape_args((size,))
    span = int(high) - int(low)
    if span <= 0:
        raise RuntimeError(
            f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
        )
    gen = generator or _random.default_generator
    n = int(np.prod(shape)) if shape else 1
    out_dtype = as_dtype(dtype or int64)
    if span >= 1 << 28 and out_dtype not in (int64, float32, float64):
        raise NotImplementedError(f"randint with a range of 2**28 or more into {out_dtype}")
    if span >= 1 << 28:
        words = np.array([gen.random64() for _ in range(n)], dtype=np.uint64)
    else:
        words = gen.random_words(n).astype(np.uint64)
    values = (words % np.uint64(span)).astype(np.int64) + int(low)
    t = _tensor._new_tensor(values.reshape(shape).astype(out_dtype), None)
    if requires_grad:
        t._set_requires_grad(True, _CONSTRUCTOR_REFUSAL)
    return t


def _is_data(arg: Any) -> bool:
    """True when a constructor's single argument is data rather than a size (a bool is
    data: torch refuses ``LongTensor(True)``)."""
    return isinstance(arg, bool) or not isinstance(arg, numbers.Integral)


def _require_sequence(data: Any) -> None:
    """torch's TypeError when a typed constructor (``LongTensor(2.0)``) gets one number that
    is not a size: data must be a sequence."""
    if isinstance(data, (numbers.Number, np.generic)):
        raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")


def _typed(dtype: np.dtype, args: tuple[Any, ...]) -> Tensor:
    if len(args) == 1 and _is_data(args[0]):
        data = args[0]
        _require_sequence(data)
        if isinstance(data, _tensor.Tensor):
            return _alias_of(data, dtype)
        return tensor(data, dtype=dtype)  # torch's checks: a value must fit the type
    return zeros(*args, dtype=dtype)


def _alias_of(source: Tensor, dtype: np.dtype) -> Tensor:
    """A typed constructor given a tensor (``LongTensor(t)``): an alias of it
    (``AliasBackward0``, its memory and version counter), refused for another dtype."""
    if source._data.dtype != dtype:
        options = "device=cpu, layout=Strided, requires_grad=false (default), pinned_memory=" \
            "false (default), memory_format=(nullopt))"
        raise TypeError(
            f"expected TensorOptions(dtype={_checks.c_type_name(dtype)}, {options} (got "
            f"TensorOptions(dtype={_checks.c_type_name(source._data.dtype)}, {options})"
        )
    return source._view(ops.Alias)


def FloatTensor(*args: Any) -> Tensor:  # noqa: N802 - torch's name
    """A float32 tensor: ``FloatTensor([[1], [2]])`` holds data, ``FloatTensor(3, 1)`` a shape."""
    if len(args) == 1 and isinstance(args[0], _tensor.Tensor):
        return _alias_of(args[0], float32)
    return _tensor.Tensor(*args)


def DoubleTensor(*args: Any) -> Tensor:  # noqa: N802 - torch's name
    """A float64 tensor, like ``FloatTensor`` (data converted straight to float64)."""
    if len(args) == 1 and isinstance(args[0], _tensor.Tensor):
        return _alias_of(args[0], float64)
    if len(args) == 1 and _is_data(args[0]):
        if isinstance(args[0], numbers.Number):
            raise TypeError(f"new(): data must be a sequence (got {type(args[0]).__name__})")
        return tensor(args[0], dtype=float64)
    return zeros(*args, dtype=float64)


def LongTensor(*args: Any) -> Tensor:  # noqa: N802 - torch's name
    """An int64 tensor."""
    if len(args) == 1 and isinstance(args[0], _tensor.Tensor):
        return _alias_of(args[0], int64)
    if len(args) == 1 and _is_data(args[0]):
        _require_sequence(args[0])
        return tensor(args[0], dtype=int64)
    return zeros(*args, dtype=int64)


def ByteTensor(*args: Any) -> Tensor:  # noqa: N802 - torch's name
    """A uint8 tensor: ``ByteTensor([True, False])`` holds 1 and 0."""
    return _typed(uint8, args)


def IntTensor(*args: Any) -> Tensor:  # noqa: N802 - torch's name
    """An int32 tensor."""
    return _typed(int32, args)


def BoolTensor(*args: Any) -> Tensor:  # noqa: N802 - torch's name
    """A bool tensor."""
    return _typed(bool_, args)


# Last, after this module's own definitions: see "Import order" above.
import minigrad.tensor as _tensor  # noqa: E402

from . import ops  # noqa: E402
from .promotion import (  # noqa: E402
    _default_dtype_for,
    as_dtype,
    bool_,
    float32,
    float64,
    int32,
    int64,
    uint8,
)
