"""The ``exact`` kernel set (the default): torch's CPU numbers, bit for bit, on numpy.

:func:`sum_like_torch` is the sum every op, gradient reduction and loss calls; how torch orders
the additions is emulated in :mod:`minigrad.kernels.torch_order`. The matrix products come
from :mod:`~minigrad.kernels.torch_linalg`, the elementwise special cases from
:mod:`~minigrad.kernels.torch_math`, max/min and var's recurrences from
:mod:`~minigrad.kernels.torch_stats`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from .torch_linalg import addmm, gemm, matmul
from .torch_math import (
    clamp_between,
    exp,
    expm1,
    float_pow,
    int_power,
    log,
    log1p,
    maximum,
    power,
    sigmoid,
    sign,
    sqrt,
    tanh,
)
from .torch_order import (
    _axes,
    _memory_order,
    torch_norm2,
    torch_sum_axis,
    vector_sum,
    vector_sum_of_product,
)
from .torch_stats import extreme, select_along, welford

__all__ = [
    "EngineSum", "addmm", "clamp_between", "exp", "expm1", "extreme", "float_pow", "gemm",
    "int_power", "log", "log1p",
    "make_engine_sum", "matmul", "maximum", "norm2", "power", "select_along", "sigmoid",
    "sign", "sqrt",
    "sum_like_torch", "sum_of_product", "tanh", "welford",
]

Axes = int | tuple[int, ...] | None
_DENSE_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


class EngineSum(Protocol):
    """The type of a kernel set's ``sum_like_torch``."""

    def __call__(
        self, a: np.ndarray, axis: Axes = None, keepdims: bool = False
    ) -> np.ndarray: ...


def make_engine_sum(dense_sum: Callable[[np.ndarray], np.ndarray]) -> EngineSum:
    """Build the engine's sum around ``dense_sum``, torch's sum of a contiguous 1-D vector.

    The ``exact`` set passes :func:`~minigrad.kernels.torch_order.vector_sum` (numpy), the
    ``numba`` set its compiled loop: the rules below are shared, only that kernel differs."""

    def sum_like_torch(
        a: np.ndarray, axis: Axes = None, keepdims: bool = False
    ) -> np.ndarray:
        """The engine's sum: torch's order for float32/float64, numpy's where they agree.

        With at most 4 values in a row (a vector, or a C-contiguous array) every torch
        kernel adds them left to right, and so does numpy: those (the tutorials' 3-point
        sums) take numpy's call; other layouts (an expanded or strided 2 x 2) torch sums a
        row at a time. Integer and bool sums are exact in any order. A full reduction of a
        dense block (any axis permutation of a C-contiguous array, every summed axis the
        only long ones) is one vector sum."""
        if a.dtype.kind != "f" or (a.size <= 4 and (a.ndim <= 1 or a.flags.c_contiguous)):
            # numpy's stubs type keepdims only as Literal[True] / Literal[False], not bool
            return np.asarray(np.add.reduce(a, axis=axis, keepdims=keepdims))  # type: ignore[call-overload]
        if a.dtype not in _DENSE_DTYPES:  # float16, longdouble: torch_sum_axis raises
            return torch_sum_axis(a, axis, keepdims)
        if axis is None:
            flat = _memory_order(a)
            if flat is not None:
                total = dense_sum(flat)
                return total.reshape((1,) * a.ndim) if keepdims else total
        elif a.flags.c_contiguous:
            shape = a.shape
            axes = _axes(axis, a.ndim)
            count = 1
            for i in axes:
                count *= shape[i]
            if count == a.size:  # every other axis has length 1: one contiguous vector
                total = dense_sum(a.reshape(-1))
                if keepdims:
                    return total.reshape(tuple(1 if i in axes else n for i, n in enumerate(shape)))
                return total.reshape(tuple(n for i, n in enumerate(shape) if i not in axes))
        return torch_sum_axis(a, axis, keepdims)

    return sum_like_torch


sum_like_torch = make_engine_sum(vector_sum)


def sum_of_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``torch.sum(a * b)`` for two C-contiguous float32/float64 arrays of one shape and
    dtype (a 0-d array): the product summed in torch's order, a long one formed a chunk at
    a time (:func:`~minigrad.kernels.torch_order.vector_sum_of_product`)."""
    if a.size <= 4:
        return sum_like_torch(a * b)
    return vector_sum_of_product(a.reshape(-1), b.reshape(-1))


norm2 = torch_norm2
"""``K.norm2(a, axes, keepdims)``: the 2-norm in torch's norm kernel's order."""
