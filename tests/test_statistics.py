"""var and std against torch, bit for bit, on shapes, dims and dtypes hypothesis draws.

torch's CPU var/std take two kernels: when the result is one value (every dim reduced, or
the others of size 1) the two-pass one (torch's mean, then the squared deviations added one
by one in float64), else Welford's algorithm in float64. Choosing by the named dims instead
of by the output's size left float64 results 1 ulp off in four cases of ten.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad

torch = pytest.importorskip("torch")


@st.composite
def reductions(draw):
    shape = tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    seed = draw(st.integers(0, 2**32 - 1))
    values = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    dims = draw(st.lists(st.integers(0, len(shape) - 1), min_size=1, unique=True))
    return values, tuple(sorted(dims)), draw(st.booleans()), draw(st.sampled_from([0, 1, 2]))


@given(reductions(), st.sampled_from(["var", "std"]))
def test_var_and_std_over_dims_are_torchs_bits(case, name):
    values, dims, keepdim, correction = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degrees of freedom <= 0: both warn, checked elsewhere
        theirs = getattr(torch, name)(
            torch.from_numpy(values), dims, keepdim=keepdim, correction=correction
        ).numpy()
        ours = getattr(minigrad, name)(
            minigrad.tensor(values), dims, keepdim=keepdim, correction=correction
        ).numpy()
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    # bits (signed zeros included); nan where both are nan (a payload is not compared)
    same_bits = ours.tobytes() == theirs.tobytes()
    assert same_bits or np.array_equal(ours, theirs, equal_nan=True) and not (
        np.signbit(ours) != np.signbit(theirs)
    )[~np.isnan(theirs)].any(), (values, dims, ours, theirs)


@given(
    st.lists(st.sampled_from([-0.0, 0.0, 1.0, -1.0, float("nan")]), min_size=1, max_size=70),
    st.sampled_from([np.float32, np.float64]),
    st.booleans(),
    st.booleans(),
)
def test_max_and_min_of_all_elements_return_torchs_zero(values, dtype, largest, transposed):
    """torch's all-element max/min keeps the last of equal values per vector lane, so which
    zero comes back (and nan) is torch's, for any length and layout."""
    data = np.array(values, dtype=dtype)
    if transposed and data.size % 2 == 0:
        data = data.reshape(2, -1)
    theirs_in, ours_in = torch.from_numpy(data.copy()), minigrad.tensor(data)
    if transposed and data.ndim == 2:
        theirs_in, ours_in = theirs_in.t(), ours_in.t()
    theirs = (theirs_in.max() if largest else theirs_in.min()).numpy()
    ours = (ours_in.max() if largest else ours_in.min()).numpy()
    assert (np.isnan(theirs) and np.isnan(ours)) or theirs.tobytes() == ours.tobytes()
