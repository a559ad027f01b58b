"""The ``fast`` kernel set: numpy's own summation order (pairwise), not torch's.

As accurate as torch's order and about twice as fast on large arrays, but the last bits of
a sum differ from torch's: the seed loops then agree with torch to rounding, not to the bit.
This is what ``minigrad.set_sum_order("numpy")`` chooses.
"""

from __future__ import annotations

import numpy as np

# only the sums differ: every other kernel is the exact set's (kernels.set_kernels)
__all__ = ["sum_like_torch", "sum_of_product"]


def sum_like_torch(
    a: np.ndarray, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> np.ndarray:
    """The engine's sum in numpy's order: ``np.add.reduce``, as a (0-d) array."""
    # numpy's stubs type keepdims only as Literal[True] / Literal[False], not bool
    return np.asarray(np.add.reduce(a, axis=axis, keepdims=keepdims))  # type: ignore[call-overload]


def sum_of_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``sum(a * b)`` in numpy's order; a long one as one dot product (one pass, no
    product array)."""
    if a.size > 64:
        return np.asarray(np.dot(a.reshape(-1), b.reshape(-1)))
    return np.asarray(np.add.reduce(a * b, axis=None))


def norm2(
    a: np.ndarray, axis: int | tuple[int, ...] | None = None, keepdims: bool = False
) -> np.ndarray:
    """The 2-norm ``sqrt(sum(a * a))`` in numpy's order, as a (0-d) array."""
    return np.sqrt(sum_like_torch(a * a, axis, keepdims))
