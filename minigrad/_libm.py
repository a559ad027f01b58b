"""The C library's elementwise math, which torch's own CPU kernels call.

Under ``ATEN_CPU_CAPABILITY=default`` torch's vectorised kernels (``sigmoid``, ``softmax``,
``log_softmax``, ``binary_cross_entropy``, ``log1p``, ``expm1``) compute ``exp``/``log``/
``log1p``/``expm1`` one element at a time with the C library (``std::exp(float)`` is
glibc's ``expf``). numpy has its own SIMD implementations, which differ in the last bit on
a few percent of inputs; calling the C library gives torch's bits. Measured on 20,000
random float32 inputs each (ATEN_CPU_CAPABILITY=default, one thread): ``sigmoid`` as
``1 / (expf(-x) + 1)``, ``log1pf`` and ``expm1f`` 0 differences; numpy 3,271, 1,128 and
3,216.

torch's ``exp``/``log``/``tanh`` *operators* use Intel MKL's vector math instead (not the
C library): :func:`exp`, :func:`log` and :func:`tanh` here call MKL when it is installed
(``_mkl``: torch's bits), else round numpy's float64 result once, the closest vectorised
approximation measured (exp 211, log 1,345, tanh 23 differences of 20,000, each at most
1 ulp; numpy's own float32 kernels: 7,880, 2,001 and 5,719).

When no C math library can be loaded (an unusual platform) the functions fall back to
numpy's, and last bits may differ from torch's.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import numpy as np

_NAMES = ("exp", "log", "log1p", "expm1")


class _CMath:
    """The C library's scalar functions, float and double versions, loaded lazily."""

    def __init__(self) -> None:
        self.loaded = False
        self.fns: dict[tuple[str, str], Callable[[float], float]] = {}

    def load(self) -> bool:
        if self.loaded:
            return bool(self.fns)
        self.loaded = True
        for name in ("libm.so.6", "libm.dylib", "ucrtbase.dll", "msvcrt.dll"):
            try:
                lib = ctypes.CDLL(name)
                fns = {}
                for base in _NAMES:
                    f32 = getattr(lib, base + "f")
                    f32.restype, f32.argtypes = ctypes.c_float, [ctypes.c_float]
                    f64 = getattr(lib, base)
                    f64.restype, f64.argtypes = ctypes.c_double, [ctypes.c_double]
                    fns[(base, "float32")] = f32
                    fns[(base, "float64")] = f64
            except (OSError, AttributeError):
                continue
            self.fns = fns
            return True
        return False


_cmath = _CMath()
_NUMPY = {"exp": np.exp, "log": np.log, "log1p": np.log1p, "expm1": np.expm1}


def _apply(name: str, a: np.ndarray) -> np.ndarray:
    """``name`` applied elementwise by the C library, in ``a``'s float dtype."""
    a = np.asarray(a)
    if a.dtype.kind != "f" or not _cmath.load():
        with np.errstate(all="ignore"):
            return _NUMPY[name](a)
    fn = _cmath.fns[(name, a.dtype.name)]
    flat = np.fromiter(map(fn, a.ravel().tolist()), dtype=a.dtype, count=a.size)
    return flat.reshape(a.shape)


# glibc's expf is within 0.502 ulp of the exact value, so it can differ from the correctly
# rounded result only where the exact value lies within 0.002 ulp of a rounding midpoint
# (a C library with a looser expf could differ from this path on rare elements; the tests
# compare the two on 300,000 inputs).
# float64 exp rounded to float32 is correctly rounded away from midpoints; elements closer
# than this share of an ulp to a midpoint (and edge cases) are sent to the C library.
_EXPF_RISKY = 0.49
_EXPF_VECTOR_MIN = 64


def c_exp(a: np.ndarray) -> np.ndarray:
    """``expf``/``exp`` of the C library, elementwise (torch's kernels' ``std::exp``).

    Large float32 arrays take a vectorised path with the same result: float64 ``exp``
    rounded to float32, and the C library only for the elements near a rounding midpoint
    (about 2%), at a power of two, or outside the normal float32 range.
    """
    a = np.asarray(a)
    if a.dtype != np.float32 or a.size < _EXPF_VECTOR_MIN or not _cmath.load():
        return _apply("exp", a)
    with np.errstate(all="ignore"):
        y = np.exp(a.astype(np.float64))
        r = y.astype(np.float32)
        r64 = r.astype(np.float64)
        frac = np.abs(y - r64) / np.spacing(r).astype(np.float64)
        mantissa = r.view(np.int32) & 0x7FFFFF
        risky = (
            ~(frac < _EXPF_RISKY)  # near a midpoint (or nan)
            | (mantissa == 0)  # a power of two: the ulp below is half the ulp above
            | ~(r64 >= np.finfo(np.float32).tiny)  # subnormal, zero
            | ~np.isfinite(r64)
        )
    if risky.any():
        r[risky] = _apply("exp", a[risky])
    return r


def c_log(a: np.ndarray) -> np.ndarray:
    """``logf``/``log`` of the C library, elementwise (torch's kernels' ``std::log``)."""
    return _apply("log", a)


def c_log1p(a: np.ndarray) -> np.ndarray:
    """``log1pf``/``log1p`` of the C library, elementwise (torch's ``log1p``)."""
    return _apply("log1p", a)


def c_expm1(a: np.ndarray) -> np.ndarray:
    """``expm1f``/``expm1`` of the C library, elementwise (torch's ``expm1``)."""
    return _apply("expm1", a)


def _via_float64(fn: Any, a: np.ndarray) -> np.ndarray:
    """``fn`` computed in float64 and rounded once to ``a``'s float32 dtype."""
    with np.errstate(all="ignore"):
        if a.dtype == np.float32:
            return fn(a.astype(np.float64)).astype(np.float32)
        return fn(a)


def _operator(name: str, fn: Any, a: np.ndarray) -> np.ndarray:
    from . import _mkl

    with np.errstate(all="ignore"):
        out = _mkl.vml(name, a)
    return _via_float64(fn, a) if out is None else out


def exp(a: np.ndarray) -> np.ndarray:
    """torch's ``exp`` operator: MKL's when installed (torch's bits), else float64 rounded
    to float32 (<= 1 ulp from torch's)."""
    return _operator("exp", np.exp, a)


def log(a: np.ndarray) -> np.ndarray:
    """torch's ``log`` operator: MKL's when installed, else float64 rounded (<= 1 ulp)."""
    return _operator("log", np.log, a)


def tanh(a: np.ndarray) -> np.ndarray:
    """torch's ``tanh`` operator: MKL's when installed, else float64 rounded (<= 1 ulp)."""
    return _operator("tanh", np.tanh, a)
