"""The ``numba`` kernel set: torch's summation order compiled with numba, bit for bit.

ATen's ``vectorized_inner_sum`` written as its loops: ``row_sum`` reads the vector four
at a time into four interleaved vector accumulators (4 x 8 float32 lanes = 32 running sums,
4 x 4 for float64), whose ``multi_row_sum`` cascade flushes every ``2**k`` rows into the
next of four levels; then the leftover vectors, accumulators 1-3, the scalar tail and the
lanes one by one, into the zero-filled output. No fast-math: every addition rounds in the
array's dtype, in this order, so the sums are bit-identical to the ``exact`` set's (and to
``torch.sum``). Full reductions of dense arrays run here; sums over some axes take the
numpy emulation (:mod:`minigrad.kernels.torch_order`), identical in result.

Importing this module imports numba (an optional extra: ``pip install 'minigrad[numba]'``);
minigrad imports it only when ``set_kernels("numba")`` or ``MINIGRAD_KERNELS=numba`` asks.
The first call per dtype compiles (measured here: 3 s for float32 and float64 together with
numba 0.68; the issue's earlier kernel took 30-55 s); later processes load the compiled code
from numba's cache (``cache=True``, files beside this module: 0.1 s), and importing numba
itself costs about 0.3 s.
"""

from __future__ import annotations

import numba
import numpy as np

from .exact import make_engine_sum  # (its other kernels are the exact set's)
from .torch_order import _lanes

__all__ = ["dense_sum", "sum_like_torch", "sum_of_product"]

_LEVELS = 4  # multi_row_sum's number of cascade levels
_ILP = 4  # row_sum's interleaved accumulators


@numba.njit(cache=True)
def _ceil_log2(x: int) -> int:
    """ATen ``utils::CeilLog2``: 1 for x <= 2, else ceil(log2(x))."""
    if x <= 2:
        return 1
    bits, y = 0, x - 1
    while y > 0:
        bits += 1
        y >>= 1
    return bits


@numba.njit(cache=True)
def _multi_row_sum(rows: np.ndarray, other: np.ndarray, fused: bool) -> np.ndarray:
    """ATen ``multi_row_sum`` over the rows of ``rows`` (m, c), columns independent -> (c,);
    with ``fused``, of the products ``rows * other`` (each rounded, then added)."""
    m, c = rows.shape
    power = max(4, _ceil_log2(m) // _LEVELS)
    step = 1 << power
    mask = step - 1
    acc = np.zeros((_LEVELS, c), rows.dtype)
    i = 0
    while i + step <= m:
        for _ in range(step):
            for k in range(c):
                acc[0, k] += rows[i, k] * other[i, k] if fused else rows[i, k]
            i += 1
        for j in range(1, _LEVELS):
            for k in range(c):
                acc[j, k] += acc[j - 1, k]
                acc[j - 1, k] = 0
            if (i & (mask << (j * power))) != 0:
                break
    while i < m:
        for k in range(c):
            acc[0, k] += rows[i, k] * other[i, k] if fused else rows[i, k]
        i += 1
    for j in range(1, _LEVELS):
        for k in range(c):
            acc[0, k] += acc[j, k]
    return acc[0]


@numba.njit(cache=True)
def _dense_sum(x: np.ndarray, y: np.ndarray, lanes: int, fused: bool) -> np.ndarray:
    """torch's sum of a contiguous 1-D vector ``x`` (with ``fused``, of the products
    ``x * y``, never held as an array) -> a 1-element array of its dtype."""
    n = x.shape[0]
    width = lanes if n >= lanes else 1  # vectorized_inner_sum, or scalar_inner_sum
    items = n // width
    groups = items // _ILP
    body = groups * _ILP * width
    acc = _multi_row_sum(x[:body].reshape(groups, _ILP * width),
                         y[:body].reshape(groups, _ILP * width), fused)
    part = acc[:width].copy()  # accumulator 0, then the leftover items, then 1, 2, 3
    for it in range(groups * _ILP, items):
        for k in range(width):
            i = it * width + k
            part[k] += x[i] * y[i] if fused else x[i]
    for q in range(1, _ILP):
        for k in range(width):
            part[k] += acc[q * width + k]
    out = np.zeros(1, x.dtype)  # the zero-filled output the result is added into
    if width == 1:
        out[0] += part[0]
        return out
    final = np.zeros(1, x.dtype)  # from 0: the scalar tail, then the lanes one by one
    for i in range(items * width, n):
        final[0] += x[i] * y[i] if fused else x[i]
    for k in range(width):
        final[0] += part[k]
    out[0] += final[0]
    return out


def dense_sum(flat: np.ndarray) -> np.ndarray:
    """``torch.sum`` of a contiguous 1-D float32/float64 vector, compiled: a 0-d array."""
    if flat.size == 0:
        return np.zeros((), flat.dtype)
    return _dense_sum(flat, flat, _lanes(flat.dtype), False).reshape(())


sum_like_torch = make_engine_sum(dense_sum)


def sum_of_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``torch.sum(a * b)`` of two C-contiguous arrays of one float dtype, compiled: each
    product rounded, then added in torch's order, with no product array (a 0-d array)."""
    if a.size == 0:
        return np.zeros((), a.dtype)
    flat_a, flat_b = a.reshape(-1), b.reshape(-1)
    return _dense_sum(flat_a, flat_b, _lanes(a.dtype), True).reshape(())
