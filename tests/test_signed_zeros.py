"""Which zero a linear layer returns, against torch, on layouts and sizes hypothesis draws.

A sum of -0.0 products is -0.0 when it starts from the first product and +0.0 when it
starts from +0.0. torch's addmm (``nn.Linear``, ``F.linear`` with a bias) hands the bias to
MKL's gemm, whose gemv path starts from +0.0 or not depending on how the matrix operand is
read (along rows or down columns), on the block of four rows a row falls in, and on the
number of products (``kernels.torch_linalg.addmm_sums_from_zero``).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad

torch = pytest.importorskip("torch")


@st.composite
def linear_cases(draw):
    """A linear layer on zeros of either sign with one sample, one output, or both."""
    k = draw(st.integers(1, 30))
    rows = draw(st.integers(1, 20))
    layout = draw(st.sampled_from(
        ["one sample", "one sample, weight transposed", "one output", "one output, x transposed",
         "1-D sample"]
    ))
    dtype = draw(st.sampled_from(["float32", "float64"]))
    signs = draw(st.sampled_from([(0.0, -0.0), (-0.0, 0.0), (-0.0, -0.0)]))
    return k, rows, layout, dtype, signs, draw(st.sampled_from([-0.0, 0.0]))


def _linear(lib, case):
    k, rows, layout, dtype, (x_zero, w_zero), b_zero = case
    dt = getattr(lib, dtype)
    F = lib.nn.functional
    if layout == "one sample":
        x, w, b = lib.full((1, k), x_zero, dtype=dt), lib.full((rows, k), w_zero, dtype=dt), rows
    elif layout == "one sample, weight transposed":
        w = lib.full((k, rows), w_zero, dtype=dt).t()
        x, b = lib.full((1, k), x_zero, dtype=dt), rows
    elif layout == "one output":
        x, w, b = lib.full((rows, k), x_zero, dtype=dt), lib.full((k,), w_zero, dtype=dt)[None], 1
    elif layout == "one output, x transposed":
        x, w, b = lib.full((k, rows), x_zero, dtype=dt).t(), lib.full((1, k), w_zero, dtype=dt), 1
    else:
        x, w, b = lib.full((k,), x_zero, dtype=dt), lib.full((rows, k), w_zero, dtype=dt), rows
    return F.linear(x, w, lib.full((b,), b_zero, dtype=dt))


@given(linear_cases())
def test_linear_returns_torchs_zero(case):
    theirs = _linear(torch, case).numpy()
    ours = _linear(minigrad, case).numpy()
    assert theirs.shape == ours.shape
    assert np.signbit(theirs).tolist() == np.signbit(ours).tolist()


POW_BASES = [-0.0, 0.0, -np.inf, np.inf, -1.5, 2.0, 0.25, np.nan]
POW_EXPONENTS = [0.5, 1.5, 2.0, 3.0, -0.5, -1.0, 0.0, 1.0, 2.5, np.nan]


def _bits(t) -> bytes | str:
    a = np.asarray(t.detach().numpy())
    return "nan" if np.isnan(a).all() else a.tobytes()


@pytest.mark.parametrize("dtypes", [("float64", "float64"), ("float64", "float32"),
                                    ("float32", "float64"), ("float32", "float32")])
def test_tensor_pow_and_its_gradients_at_zeros_and_infinities(dtypes):
    """``pow(x, e)`` with a tensor exponent and both gradients, bit for bit at signed zeros,
    infinities and nan: torch's kernel is C's ``pow`` (numpy's loops take sqrt for 0.5, so
    ``(-0.0) ** 0.5`` was -0.0 in the base's gradient; fuzz seed 3123)."""
    for v in POW_BASES:
        for e in POW_EXPONENTS:
            seen = []
            for lib in (torch, minigrad):
                x = lib.tensor(v, dtype=getattr(lib, dtypes[0]), requires_grad=True)
                ex = lib.tensor(e, dtype=getattr(lib, dtypes[1]), requires_grad=True)
                y = lib.pow(x, ex)
                y.backward()
                seen.append([_bits(y), _bits(x.grad), _bits(ex.grad)])
            assert seen[0] == seen[1], (v, e)
