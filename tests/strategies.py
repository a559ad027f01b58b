"""Hypothesis strategies shared by the op, gradcheck and repr tests.

Everything is bounded so that no op overflows unless a test is about overflow: values live in
[-3, 3] (exp(3) ~ 20, 3 ** 3 = 27), shapes have at most 3 axes of at most 4 elements.
Kinks are kept on purpose: the element strategies draw exact 0.0 (and ties, through
hypothesis' ``fill`` value and a small pool of "special" numbers) so that |x| at 0, relu at 0
and L1 at equality are exercised against torch's convention.

``smooth=True`` variants draw every element independently from a continuous range, with no
special values: the finite-difference witness uses them and stays away from kinks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))

MAX_DIMS = 3
MAX_SIDE = 4

# A few exactly representable values that make ties, zeros and sign changes likely.
SPECIAL = (0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0)


@dataclass
class Case:
    """One drawn input of an op: its arrays (in argument order) and extra call parameters."""

    arrays: tuple[np.ndarray, ...]
    params: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # shown by hypothesis on failure: keep it readable
        arrays = ", ".join(
            f"np.array({a.tolist()!r}, dtype=np.{a.dtype.name})" for a in self.arrays
        )
        return f"Case(arrays=({arrays},), params={self.params!r})"


# ------------------------------------------------------------------------------ dtypes
def float_dtypes() -> st.SearchStrategy[np.dtype]:
    """float32 or float64 (as numpy dtypes, which are also minigrad's dtypes)."""
    return st.sampled_from(FLOAT_DTYPES)


# ------------------------------------------------------------------------------ shapes
def shapes(
    min_dims: int = 0, max_dims: int = MAX_DIMS, min_side: int = 1, max_side: int = MAX_SIDE
) -> st.SearchStrategy[tuple[int, ...]]:
    """Shapes of 0-d to 3-d tensors with small sides (size-1 axes included)."""
    return hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


def broadcastable_shapes(
    num_shapes: int = 2, min_dims: int = 0, max_dims: int = MAX_DIMS
) -> st.SearchStrategy[tuple[tuple[int, ...], ...]]:
    """Mutually broadcastable shapes: size-1 axes and missing leading axes on either side."""
    return hnp.mutually_broadcastable_shapes(
        num_shapes=num_shapes, min_dims=min_dims, max_dims=max_dims, max_side=MAX_SIDE
    ).map(lambda bs: bs.input_shapes)


@st.composite
def matmul_shapes(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Shapes for ``a @ b``, 1-D/2-D operands: (k,)@(k,), (k,)@(k,m), (n,k)@(k,), (n,k)@(k,m)."""
    n, k, m = (draw(st.integers(1, MAX_SIDE)) for _ in range(3))
    a = (k,) if draw(st.booleans()) else (n, k)
    b = (k,) if draw(st.booleans()) else (k, m)
    return a, b


# ---------------------------------------------------------------------------- elements
# domain -> (low, high, exclude-interval half-width around 0)
DOMAINS: dict[str, tuple[float, float, float]] = {
    "real": (-3.0, 3.0, 0.0),  # anything, exact zeros and ties included
    "positive": (0.25, 3.0, 0.0),  # log, sqrt, base of tensor ** tensor
    "nonzero": (-3.0, 3.0, 0.25),  # divisors: |x| >= 0.25
    "exponent": (-2.0, 2.0, 0.0),  # tensor exponents
}


def elements(
    dtype: np.dtype, domain: str = "real", smooth: bool = False
) -> st.SearchStrategy[float]:
    """Finite floats of ``domain``, exactly representable in ``dtype``.

    Unless ``smooth``, special values (0.0, -0.0, +-1, +-0.5, ...) that fall in the domain are
    mixed in, so ties and kinks appear often.
    """
    low, high, gap = DOMAINS[domain]
    width = 32 if dtype == np.float32 else 64

    def ok(v: float) -> bool:
        return low <= v <= high and abs(v) >= gap

    if gap:
        cont = st.one_of(
            st.floats(gap, high, width=width), st.floats(-high, -gap, width=width)
        ).filter(ok)
    else:
        cont = st.floats(low, high, width=width)
    if smooth:
        return cont
    special = [v for v in SPECIAL if ok(v)]
    return st.one_of(st.sampled_from(special), cont) if special else cont


def arrays(
    dtype: np.dtype, shape: tuple[int, ...], domain: str = "real", smooth: bool = False
) -> st.SearchStrategy[np.ndarray]:
    """Bounded finite arrays; non-smooth ones often repeat one value (hypothesis' fill)."""
    elems = elements(dtype, domain, smooth)
    fill = st.nothing() if smooth else None
    return hnp.arrays(dtype, shape, elements=elems, fill=fill)


def positive_arrays(dtype: np.dtype, shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray]:
    """Arrays in [0.25, 3] (log, sqrt)."""
    return arrays(dtype, shape, "positive")


def upstream_gradients(dtype: np.dtype, shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray]:
    """A random upstream gradient (d loss / d output) of ``shape``: catches a rule that forgets
    to multiply by the incoming gradient. Bounded, no zeros forced."""
    width = 32 if dtype == np.float32 else 64
    return hnp.arrays(dtype, shape, elements=st.floats(-2.0, 2.0, width=width))


# --------------------------------------------------------------------------- indexing
@st.composite
def indices(draw: st.DrawFn, shape: tuple[int, ...]) -> Any:
    """A basic or advanced index valid for ``shape`` (ndim >= 1, every side >= 1).

    Ints (negative too), slices (with steps and negative bounds), tuples mixing them, and a
    fancy list of row indices with repeats.
    """
    n0 = shape[0]

    def an_int(n: int) -> st.SearchStrategy[int]:
        return st.integers(-n, n - 1)

    def a_slice(n: int) -> st.SearchStrategy[slice]:
        bound = st.none() | st.integers(-n, n)
        return st.builds(slice, bound, bound, st.none() | st.integers(1, 3))

    kind = draw(st.sampled_from(["int", "slice", "tuple", "fancy"]))
    if kind == "int":
        return draw(an_int(n0))
    if kind == "slice":
        return draw(a_slice(n0))
    if kind == "fancy":
        rows = draw(st.lists(an_int(n0), min_size=1, max_size=5))
        return rows  # a list: repeats accumulate gradients
    parts = tuple(draw(an_int(n) | a_slice(n)) for n in shape[: draw(st.integers(1, len(shape)))])
    return parts
