"""Elementwise kernels in torch's manner (the ``exact`` kernel set's ``power``,
``int_power``, ``sign``, ``maximum``, and the transcendental functions): the special cases
of torch's CPU kernels that decide a last bit, the sign of a zero or infinity, or a value
numpy refuses. ``exp``, ``log``, ``tanh`` come from ``minigrad._libm`` (float64 rounded once,
or MKL's VML when installed), ``sigmoid``, ``log1p``, ``expm1`` from the C library, as torch's
kernels call them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _mkl
from .._fp import quiet
from .._layout import vector_loop_mask
from .._libm import c_exp, c_expm1, c_log1p, exp, log, tanh

__all__ = [
    "exp", "expm1", "float_pow", "int_power", "log", "log1p", "maximum", "power", "sigmoid",
    "sign", "sqrt", "tanh",
]

Array = np.ndarray
log1p = c_log1p
expm1 = c_expm1


def power(a: Array, e: float) -> Array:
    """``a ** e`` as torch's CPU kernel computes it: a few exponents are special-cased
    (0.5 -> sqrt, 2 -> a*a, 3 -> a*a*a, -0.5 -> 1/sqrt, -1 -> 1/a, -2 -> 1/(a*a)), which
    decides the last bit and the sign of infinities at -0.0. (The square, the common case,
    is taken before the ``quiet`` block: its callers, an op's forward and backward, already
    run quietly.)"""
    if e == 2:
        return a * a
    with quiet():
        if e == 3:
            return a * a * a
        if e == 0.5:
            return np.sqrt(a)
        if e == -0.5:
            return 1 / np.sqrt(a)
        if e == -1:
            return 1 / a
        if e == -2:
            return 1 / (a * a)
        if a.dtype != np.float32:
            return a**e
        # torch's scalar loop computes C's pow(double(a), e) and rounds it; its vector loop
        # (blocks of 16 contiguous elements) takes the exponent as a float first. numpy's
        # float32 power is neither (its own SIMD code, with e rounded to float32)
        out = float_pow(a, e)
        vector = vector_loop_mask(np.shape(a), (a,), 4)
        if vector is not None:
            out = np.where(vector, float_pow(a, float(np.float32(e))), out)
        return out


def float_pow(a: Array, b: Any) -> Array:
    """float32 ``a ** b`` as C's ``powf`` (and torch's float kernels) give it: the double
    power of the float values, rounded once."""
    with quiet():
        return np.power(a, b, dtype=np.float64).astype(np.float32)


def int_power(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Integer ``a ** b`` as torch's kernel: a negative exponent gives 1 for base 1, +-1 for
    base -1 and 0 otherwise (numpy refuses negative integer powers)."""
    if a.dtype == np.bool_ and np.asarray(b).dtype == np.bool_:  # torch: stays bool
        return np.where(b, a, True)
    neg = b < 0
    if not neg.any():
        return a**b
    out = a ** np.where(neg, 0, b)
    odd = (b % 2) != 0
    special = np.where(a == 1, 1, np.where(a == -1, np.where(odd, -1, 1), 0))
    return np.where(neg, special, out).astype(out.dtype, copy=False)


def sign(a: Array) -> Array:
    """-1, 0 or 1 per element, and 0 at nan as torch's sign."""
    s = np.sign(a)
    if a.dtype.kind == "f":
        return np.where(np.isnan(a), 0, s)
    return s


def maximum(a: Array, b: Array, largest: bool = True) -> Array:
    """Elementwise ``maximum`` / ``minimum`` (nan propagates), and at a tie of -0.0 and 0.0
    the zero torch's loop returns: its scalar code the first operand, its vector code the
    second (which elements each runs: ``_layout.vector_loop_mask``)."""
    out = np.maximum(a, b) if largest else np.minimum(a, b)
    if out.dtype.kind == "f":
        tie = a == b
        if tie.any():
            out = np.where(tie, a, out)
            vector = vector_loop_mask(out.shape, (a, b), out.dtype.itemsize)
            if vector is not None:
                out = np.where(tie & vector, b, out)
    return out


def clamp_between(a: Array, lo: Array, hi: Array) -> Array:
    """torch's ``clamp`` with both bounds tensors: its scalar code computes
    ``std::min(std::max(a, lo), hi)`` (a NaN bound gives NaN; a tie keeps the first
    operand), its vector code ``minimum(maximum(a, lo), hi)`` (NaN propagates; a tie keeps
    the second); which elements run which: ``_layout.vector_loop_mask``. Only values are
    picked here, none computed."""
    shape = np.broadcast_shapes(a.shape, lo.shape, hi.shape)
    dtype = np.result_type(a, lo, hi)
    a, lo, hi = (np.broadcast_to(x, shape).astype(dtype, copy=False) for x in (a, lo, hi))
    low = np.where(a < lo, lo, a)  # std::max(a, lo): a unless a < lo
    out = np.where(hi < low, hi, low)  # std::min(low, hi): low unless hi < low
    if dtype.kind == "f":
        out = np.where(np.isnan(lo) | np.isnan(hi), dtype.type(np.nan), out)
        vector = vector_loop_mask(shape, (a, lo, hi), dtype.itemsize)
        if vector is not None:
            low = np.where((a > lo) | np.isnan(a), a, lo)
            vec = np.where((low < hi) | np.isnan(low), low, hi)
            out = np.where(vector, vec, out)
    return np.array(out, dtype=dtype)


def sqrt(a: Array) -> Array:
    """Square root: MKL's when installed (torch's is MKL's, not correctly rounded), else
    numpy's."""
    out = _mkl.vml("sqrt", a)
    if out is None:
        with quiet():
            out = np.sqrt(a)
    return out


def sigmoid(a: Array) -> Array:
    """torch's kernel: ``1 / (exp(-a) + 1)``, exp from the C library (bit-identical)."""
    with np.errstate(over="ignore"):
        return 1 / (c_exp(-a) + 1)
