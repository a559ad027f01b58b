"""Argument checks that give torch's exception classes and messages.

Each check is shared by every call site that needs it: one argument-type check for the
methods that take a tensor, one broadcast check, the matmul/mm shape rules, the dtype
rules of the random fills and of ``fill_``. A check returns nothing and raises on bad
input, so a call site reads ``check_x(...)`` on its first line.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

# torch's short names (kernel messages) and C++ names (matmul's dtype message)
_SHORT = {
    "float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int", "int16": "Short",
    "int8": "Char", "uint8": "Byte", "bool": "Bool", "float16": "Half",
}
_C_TYPE = {
    "float32": "float", "float64": "double", "int64": "long int", "int32": "int",
    "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool",
}
_C_INT = {
    "int64": "int64_t", "int32": "int", "int16": "int16_t", "int8": "int8_t",
    "uint8": "uint8_t", "float32": "float", "float64": "double",
}


def short_name(dtype: np.dtype) -> str:
    """torch's scalar-type name of a dtype, as in kernel messages (``'Long'``)."""
    return _SHORT.get(dtype.name, dtype.name)


def require_tensor(value: Any, function: str, argument: str = "other", position: int = 1) -> None:
    """TypeError in torch's words when ``value`` passed as a tensor argument is not one."""
    from .tensor import Tensor

    if not isinstance(value, Tensor):
        raise TypeError(
            f"{function}(): argument '{argument}' (position {position}) must be Tensor, "
            f"not {type(value).__name__}"
        )


def check_broadcast(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    """torch's RuntimeError when shapes ``sa`` and ``sb`` do not broadcast (else nothing)."""
    for i in range(1, min(len(sa), len(sb)) + 1):
        x, y = sa[-i], sb[-i]
        if x != y and x != 1 and y != 1:
            dim = max(len(sa), len(sb)) - i
            raise RuntimeError(
                f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                f"non-singleton dimension {dim}"
            )


def check_not_bool(dtype: np.dtype, kernel: str) -> None:
    """NotImplementedError in torch's words for a kernel without a bool version."""
    if dtype.kind == "b":
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


def check_floating(dtype: np.dtype, kernel: str) -> None:
    """NotImplementedError in torch's words for a kernel with floating versions only
    (the random fills: ``check_uniform_bounds``, ``normal_kernel_cpu``; ``mse_cpu``)."""
    if dtype.kind not in "fc":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{short_name(dtype)}\'')


def check_fill_value(value: Any, dtype: np.dtype) -> None:
    """torch's RuntimeError when a Python number does not fit ``dtype`` (``fill_``);
    uint8 wraps negative integers as torch does, bool takes anything."""
    if dtype.kind == "b" or isinstance(value, bool):
        return
    name = _C_INT.get(dtype.name, dtype.name)
    if dtype.kind == "f":
        fits = not (math.isfinite(value) and abs(value) > float(np.finfo(dtype).max))
    elif isinstance(value, float) and not math.isfinite(value):
        fits = False
    else:
        info = np.iinfo(dtype)
        low = -(1 << 63) if dtype.name == "uint8" else info.min  # uint8 wraps, as torch's
        fits = low <= math.trunc(value) <= info.max
    if not fits:
        raise RuntimeError(f"value cannot be converted to type {name} without overflow")


def check_mm(a: Any, b: Any) -> None:
    """``mm``'s checks, in torch's order: both matrices, sizes, dtypes, bool."""
    if a.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    _check_mat(a.shape, b.shape)
    _check_same_dtype(a, b)
    check_not_bool(a._data.dtype, "addmm_impl_cpu_")


def check_matmul(a: Any, b: Any, folds_b: bool) -> None:
    """``matmul``'s checks for each of torch's paths (dot, mv, mm, folded, batched).

    ``folds_b`` is true when a 1-D/2-D ``a`` that requires grad meets a batch ``b``: minigrad
    then recurses as torch does (``b^T @ a^T``) and the recursion checks."""
    da, db = a.ndim, b.ndim
    if da == 0 or db == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D"
        )
    sa, sb = tuple(a.shape), tuple(b.shape)
    if db <= 2 and da <= 2 or da >= 3 and db <= 2:
        if da >= 3:  # torch folds a's leading dimensions into rows
            sa = (math.prod(sa[:-1]), sa[-1])
        kernel = _check_unbatched(sa, sb)
    elif folds_b:
        return
    else:
        _check_batched(sa, sb)
        kernel = "bmm"
    _check_same_dtype(a, b)
    check_not_bool(a._data.dtype, kernel)


def _check_unbatched(sa: tuple[int, ...], sb: tuple[int, ...]) -> str:
    """Shape check of a dot, mv or mm product; returns the kernel's name."""
    if len(sa) == 1 and len(sb) == 1:
        if sa != sb:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{sa[0]}] and src [{sb[0]}] to have "
                f"the same number of elements, but got {sa[0]} and {sb[0]} elements respectively"
            )
        return "dot"
    if len(sb) == 1:
        if sa[1] != sb[0]:
            raise RuntimeError(
                f"size mismatch, got input ({sa[0]}), mat ({sa[0]}x{sa[1]}), vec ({sb[0]})"
            )
        return "addmv_impl_cpu"
    _check_mat(sa if len(sa) == 2 else (1, sa[0]), sb)
    return "addmm_impl_cpu_"


def _check_mat(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    if sa[1] != sb[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({sa[0]}x{sa[1]} and {sb[0]}x{sb[1]})"
        )


def _check_batched(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    """A batched product: the batch dimensions broadcast, then bmm's size check."""
    batch_a = sa[:-2] if len(sa) >= 2 else ()
    batch_b = sb[:-2] if len(sb) >= 2 else ()
    check_broadcast(batch_a, batch_b)
    n = math.prod(np.broadcast_shapes(batch_a, batch_b))
    k = sa[-1]
    kb = sb[-2] if len(sb) >= 2 else sb[0]
    if k != kb:
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{n}, {k}] but got: [{n}, {kb}]."
        )


def _check_same_dtype(a: Any, b: Any) -> None:
    da, db = a._data.dtype, b._data.dtype
    if da != db:
        raise RuntimeError(
            "expected m1 and m2 to have the same dtype, but got: "
            f"{_C_TYPE.get(da.name, da.name)} != {_C_TYPE.get(db.name, db.name)}"
        )
