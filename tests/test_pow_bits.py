"""float32 powers against torch, on inputs hypothesis draws.

torch's CPU loop computes ``a ** e`` (a number) with C's ``pow`` of the double values in its
scalar code and with the exponent rounded to float first in its vector code (blocks of 16
contiguous elements); tensor ** tensor and number ** tensor are C's float ``pow``. minigrad
computes each as the double power rounded once (``kernels.torch_math.float_pow``): exact for
every scalar-loop element, and within 1 ulp where C's ``powf`` is not correctly rounded.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad

torch = pytest.importorskip("torch")

finite32 = st.floats(-50, 50, width=32)
positive32 = st.floats(float(np.float32(1e-6)), 1e4, width=32)
# 0.5 and -0.5 take torch's sqrt (MKL's, within its documented bound: tests/op_table.py)
exponents = (st.floats(-6, 6, allow_nan=False) | st.sampled_from([1 / 3, 3.7, -1.3, 0.3])).filter(
    lambda e: abs(e) != 0.5
)


def _ulps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ia, ib = a.view(np.int32).astype(np.int64), b.view(np.int32).astype(np.int64)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    return np.where(same, 0, np.abs(ia - ib))


@given(hnp.arrays(np.float32, st.integers(0, 15), elements=positive32), exponents)
def test_small_tensor_to_a_number_is_torch_to_the_bit(x, e):
    expected = (torch.from_numpy(x) ** e).numpy()
    got = (minigrad.tensor(x) ** e).numpy()
    assert np.array_equal(got.view(np.int32), expected.view(np.int32)), (x, e)


@given(hnp.arrays(np.float32, st.integers(16, 80), elements=positive32), exponents)
def test_vector_loop_powers_are_within_one_ulp(x, e):
    expected = (torch.from_numpy(x) ** e).numpy()
    got = (minigrad.tensor(x) ** e).numpy()
    assert _ulps(got, expected).max(initial=0) <= 1, (x, e)


@given(st.data(), st.integers(1, 40))
def test_tensor_powers_and_number_bases_are_within_one_ulp(data, n):
    base = data.draw(hnp.arrays(np.float32, n, elements=positive32))
    exp = data.draw(hnp.arrays(np.float32, n, elements=finite32.filter(lambda v: abs(v) < 8)))
    number = data.draw(st.sampled_from([3.7, 0.3, 2.0, 10.0, 1e-3]))
    pairs = [
        ((torch.from_numpy(base) ** torch.from_numpy(exp)).numpy(),
         (minigrad.tensor(base) ** minigrad.tensor(exp)).numpy()),
        ((number ** torch.from_numpy(exp)).numpy(), (number ** minigrad.tensor(exp)).numpy()),
    ]
    for expected, got in pairs:
        assert _ulps(got, expected).max(initial=0) <= 1
