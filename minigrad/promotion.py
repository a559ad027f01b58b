"""torch's dtype rules: dtype names, defaults for Python data, and type promotion.

torch promotes by category first (bool < integer < floating): int64 with float32 is float32
where numpy says float64, and a 0-dim tensor or a Python number only changes a dimensioned
tensor's dtype when it is of a higher category.

Import order: see ``tensor.py`` (this module imports its siblings at its end).
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any

import numpy as np

from . import dtypes

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
int64 = np.dtype(np.int64)
bool_ = np.dtype(np.bool_)
uint8 = np.dtype(np.uint8)
int16 = np.dtype(np.int16)
int32 = np.dtype(np.int32)


_TYPE_NAMES = {
    "Float": "float32", "Double": "float64", "Long": "int64", "Int": "int32", "Short": "int16",
    "Char": "int8", "Byte": "uint8", "Bool": "bool", "Half": "float16",
}


_DTYPE_ALIASES: dict[Any, np.dtype] = {
    "float": float32,
    "float32": float32,
    "double": float64,
    "float64": float64,
    "long": int64,
    "int64": int64,
    "bool": bool_,
    float: float64,
    int: int64,
    bool: bool_,
}


def as_dtype(dtype: Any) -> np.dtype:
    """Normalise a dtype given as a minigrad dtype, numpy dtype, type or name to numpy's."""
    if isinstance(dtype, np.dtype):
        return dtype
    if isinstance(dtype, dtypes.dtype):
        return dtype.np
    if dtype in _DTYPE_ALIASES:
        return _DTYPE_ALIASES[dtype]
    return np.dtype(dtype)


def _default_dtype_for(array: np.ndarray) -> np.ndarray:
    """Map what numpy inferred from Python data to torch's defaults (float32, int64, bool)."""
    kind = array.dtype.kind
    if kind == "f":
        with np.errstate(over="ignore"):  # 1e308 is inf in float32, silently as in torch
            return array.astype(float32)
    if kind in "iu":
        return array.astype(int64)
    if kind == "b":
        return array
    if array.dtype.kind in "US":  # torch's words for strings
        if array.ndim == 0:
            raise TypeError("new(): invalid data type 'str'")
        raise ValueError("too many dimensions 'str'")
    raise TypeError(f"Could not infer dtype of {array.dtype}")


def _category(dtype: np.dtype) -> int:
    return {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}[dtype.kind]


def promote_types(a: np.dtype, b: np.dtype) -> np.dtype:
    """torch.promote_types: the higher category (bool < int < float) wins outright, so
    int64 with float32 is float32 (numpy says float64); within a category, the wider."""
    ca, cb = _category(a), _category(b)
    if ca != cb:
        return a if ca > cb else b
    return np.promote_types(a, b)


def pair_type(da: np.dtype, a_dim: bool, db: np.dtype, b_dim: bool) -> np.dtype:
    """torch's result type of two tensors of dtypes ``da``, ``db`` (``*_dim``: not 0-d):
    dimensioned ones decide; a 0-d one wins only with a higher category."""
    if a_dim == b_dim:
        return promote_types(da, db)
    dimmed, zero = (da, db) if a_dim else (db, da)
    return zero if _category(zero) > _category(dimmed) else dimmed


def result_type(a: Tensor, b: Any) -> np.dtype:
    """torch's type promotion for ``a op b``.

    Dimensioned tensors decide; a 0-dim tensor or a Python number only wins when it is of a
    higher category (bool < integer < floating). A Python float turns an integer tensor
    into float32 (the default dtype); a 0-dim float64 tensor into float64.
    """
    da = a._data.dtype
    if isinstance(b, _tensor.Tensor):
        db = b._data.dtype
        if da == db:
            return da
        return pair_type(da, a._data.ndim > 0, db, b._data.ndim > 0)
    if isinstance(b, bool):
        return da
    if isinstance(b, numbers.Integral):
        return int64 if da.kind == "b" else da
    if isinstance(b, numbers.Real):
        return da if da.kind == "f" else float32
    raise TypeError(f"unsupported operand type for a Tensor: {type(b).__name__}")


def _refuse_bool_subtraction(a: Tensor, b: Any) -> None:
    """torch refuses ``-`` on booleans (it means xor or not); so does minigrad."""
    a_bool = a._data.dtype.kind == "b"
    b_bool = isinstance(b, bool) or (isinstance(b, _tensor.Tensor) and b._data.dtype.kind == "b")
    if a_bool and b_bool:
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the "
            "`^` or `logical_xor()` operator instead."
        )
    if a_bool or b_bool:
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
            "trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )


# Last, after this module's own definitions: see "Import order" above.
import minigrad.tensor as _tensor  # noqa: E402
