"""Tolerances: exact bits everywhere, except the ops ``tests/op_table.py`` documents.

The bounds are op_table's (measured over ~800 examples per op there, not chosen here):

* ``LIBM`` (2 ulp): a float32 value of exp, log, sqrt, sigmoid, tanh, pow with a tensor,
  negative, fractional or >= 3 exponent, and a number to a tensor power (numpy's and torch's
  float32 math kernels differ by 1-2 ulp).
* ``LIBM_RED`` / ``SATURATING``: the input gradients of those ops (a transcendental value,
  then a product or a sum; ``1 - tanh**2`` and ``s * (1 - s)`` cancel near saturation).
* ``MM``: matrix products, ``F.linear`` / ``nn.Linear`` values and gradients (torch adds
  the bias inside its GEMM kernel for some layouts, and hands dot and matrix-vector products
  to MKL); for products longer than 8 terms ``mm_bound`` widens it with the length.
* float64: ``RTOL64`` (op_table's ``rtol64``) relative to ``max(|torch value|, 1)``; a
  float64 leaf's gradient under a bound also passes within the float32 bound (torch may
  compute it in float32 and cast it: a float32 tensor's op with a 0-d float64 operand keeps
  float32; the fuzzer does not trace dtypes through the graph).

Everything else (arithmetic, casts, views, indexing, sums, matmul of these small sizes,
losses, in-place ops) must be bit-identical, NaN positions and signed zeros included.

A value within its bound is then copied from torch into minigrad's result (``resync`` in
:mod:`.differential`), so the next lines compare exactly again. Gradients cannot be
resynchronised inside a backward pass: a leaf gradient that flows through a node made by a
line with a gradient bound (traced in torch's graph) is compared under that bound (a
retained non-leaf gradient: once any such line has run), and a gradient within it is
copied from torch too (an SGD step from it then compares exactly). The bound's ``atol``/``floor``
terms scale with op_table's *magnitude*; here the magnitude is approximated by
``max(1, max |torch gradient|)`` over the tensor (documented approximation).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

_TESTS = str(Path(__file__).resolve().parent.parent)
if _TESTS not in sys.path:  # the runner runs outside pytest: make op_table importable
    sys.path.insert(0, _TESTS)

from op_table import EXACT, LIBM, LIBM_RED, MM, SATURATING, Tol  # noqa: E402

RTOL64 = 1e-12

__all__ = [
    "EXACT", "LIBM", "LIBM_RED", "MM", "RTOL64", "SATURATING", "Tol", "loosest", "mm_bound",
    "within",
]


def mm_bound(sides: tuple[int, ...]) -> Tol:
    """The bound of a matrix product whose operands have these sides: op_table's MM, widened
    for long products. torch hands dot products, matrix-vector products and some matrix
    products to MKL, whose vectorised order (chosen by the CPU) is not emulated; any two
    orders of a k-term sum differ by at most (k - 1) eps times the sum of the terms'
    magnitudes, so past 8 terms the ``atol`` grows to k (in eps times the result's
    magnitude). With MKL installed minigrad calls MKL itself and is exact."""
    k = max(sides, default=1)
    return MM if k <= 8 else Tol(MM.ulps, max(MM.atol, k), MM.floor)


def loosest(a: Tol, b: Tol) -> Tol:
    """The tolerance that admits what either admits (used for gradients)."""
    return Tol(max(a.ulps, b.ulps), max(a.atol, b.atol), max(a.floor, b.floor))


def within(got: np.ndarray, want: np.ndarray, tol: Tol, gradient: bool = False) -> bool:
    """True when every finite ``got`` is within ``tol`` of ``want`` (same NaN/inf pattern
    checked by the caller). ``gradient``: a float64 leaf's gradient under a bound may have
    been computed in float32 (a float32 tensor's op with a 0-d float64 operand keeps
    float32) and cast by torch's engine, so the float32 bound admits it too."""
    if tol.exact:
        return False
    g = got.astype(np.float64)
    w = want.astype(np.float64)
    finite = np.isfinite(w) & np.isfinite(g)
    if not np.array_equal(np.isfinite(w), np.isfinite(g)) or not np.array_equal(
        g[~finite], w[~finite], equal_nan=True
    ):
        return False
    zeros = finite & (w == 0) & (g == 0)
    if np.any(np.signbit(w[zeros]) != np.signbit(g[zeros])):
        return False  # a signed zero is never a rounding difference: no bound admits it
    diff = np.abs(g[finite] - w[finite])
    if want.dtype == np.float64:
        scale = np.maximum(np.abs(w[finite]), 1.0)
        if np.all(diff <= RTOL64 * scale) or not gradient:
            return bool(np.all(diff <= RTOL64 * scale))
    eps = float(np.finfo(np.float32).eps)
    ulp = np.spacing(np.abs(want[finite]).astype(np.float32)).astype(np.float64)
    magnitude = max(1.0, float(np.max(np.abs(w[finite]), initial=0.0)))
    bound = tol.ulps * ulp + (tol.atol + tol.floor) * eps * magnitude
    return bool(np.all(diff <= bound))
