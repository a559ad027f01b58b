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
from hypothesis import given, settings
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


@settings(max_examples=200)
@given(reductions(), st.sampled_from(["var", "std"]), st.randoms(use_true_random=False))
def test_var_and_std_of_a_permuted_layout_add_in_memory_order(case, name, rnd):
    """All elements of a permuted (transposed) tensor: the squared deviations are added in
    memory order, as torch's two-pass kernel walks them."""
    values, _, _, correction = case
    order = list(range(values.ndim))
    rnd.shuffle(order)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = getattr(torch.from_numpy(values).permute(*order), name)(
            correction=correction).numpy()
        ours = getattr(minigrad.tensor(values).permute(*order), name)(
            correction=correction).numpy()
    assert ours.tobytes() == theirs.tobytes() or np.isnan(ours) and np.isnan(theirs)


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


@st.composite
def tie_operands(draw):
    """Two operands of zeros of both signs (and ones): same shape, broadcast along a
    dimension or the leading ones, or 0-d; maybe transposed, maybe swapped."""
    shape = tuple(draw(st.lists(st.integers(1, 40), min_size=0, max_size=3)))
    if len(shape) > 1:
        shape = shape[:1] + tuple(min(n, 8) for n in shape[1:])
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def zeros(shape):
        return rng.choice(np.array([0.0, -0.0, 1.0], dtype=dtype), size=shape)

    kind = draw(st.sampled_from(["same", "trailing", "scalar", "one dim"]))
    if kind == "same" or not shape:
        other = shape
    elif kind == "trailing":
        other = shape[1:]
    elif kind == "scalar":
        other = ()
    else:
        other = list(shape)
        other[draw(st.integers(0, len(shape) - 1))] = 1
    return zeros(shape), zeros(tuple(other)), draw(st.booleans()), draw(st.booleans())


@given(tie_operands(), st.sampled_from(["maximum", "minimum"]))
def test_maximum_and_minimum_return_torchs_zero_at_ties(case, name):
    """At a tie of -0.0 and 0.0 torch's scalar loop returns the first operand and its vector
    loop the second; which elements each runs depends on the layout (TensorIterator's
    merged inner dimension, in blocks of two vectors)."""
    a, b, transposed, swapped = case
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    ma, mb = minigrad.tensor(a), minigrad.tensor(b)
    if transposed and a.ndim >= 2:
        ta, ma = ta.transpose(0, 1), ma.transpose(0, 1)
        if b.ndim == a.ndim:
            tb, mb = tb.transpose(0, 1), mb.transpose(0, 1)
    if swapped:
        ta, tb, ma, mb = tb, ta, mb, ma
    try:
        theirs = getattr(torch, name)(ta, tb).numpy()
    except RuntimeError:
        return  # shapes that do not broadcast after the transpose: errors are tested elsewhere
    ours = getattr(minigrad, name)(ma, mb).numpy()
    assert theirs.shape == ours.shape
    assert np.signbit(theirs).tolist() == np.signbit(ours).tolist()
