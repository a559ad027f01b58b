"""reference.trace: recording, ulps, and a comparison that explains itself (torch-free)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference.trace import EXACT, Tolerance, Trace, compare, tolerance_for, ulps


def make_trace(engine="a", steps=5, dtype="float32", w0=1.0, perturb=None, blowup_at=None):
    """A small synthetic trace: cost, grad and param of one parameter per step."""
    t = Trace("synthetic", engine, dtype)
    dt = np.dtype(dtype)
    w = dt.type(w0)
    for k in range(steps):
        cost = dt.type(w * w)
        grad = np.array([2 * w], dtype=dt)
        w = dt.type(w - dt.type(0.1) * grad[0])
        if blowup_at is not None and k >= blowup_at:
            cost, grad, w = dt.type(np.inf), np.array([np.nan], dtype=dt), dt.type(np.nan)
        params = {"W": np.array([w], dtype=dt)}
        if perturb is not None and perturb[0] == k:
            params = {"W": np.array([w + dt.type(perturb[1])], dtype=dt)}
        t.record(f"epoch {k}", np.array(cost, dtype=dt), {"W": grad}, params)
    return t


def test_identical_traces_are_identical():
    c = compare(make_trace("minigrad"), make_trace("torch"))
    assert c.ok and c.identical and c.verdict == "identical"
    assert c.max_abs == c.max_rel == c.max_ulps == 0
    assert c.first is None


def test_first_divergence_names_step_field_and_both_values():
    a = make_trace("minigrad", perturb=(3, 0.5))
    b = make_trace("torch")
    c = compare(a, b)
    assert not c.ok and c.verdict == "MISMATCH"
    assert c.first.step == "epoch 3" and c.first.field == "param[W]"
    assert c.first.a == pytest.approx(c.first.b + 0.5)
    text = c.describe()
    assert "epoch 3" in text and "param[W]" in text and "minigrad vs torch" in text
    assert repr(c.first.a) in text and repr(c.first.b) in text


def test_a_one_ulp_difference_is_ok_but_not_identical():
    a, b = make_trace("a"), make_trace("b")
    a.params["W"][2] = np.nextafter(a.params["W"][2], np.float32(np.inf))
    c = compare(a, b)
    assert c.ok and not c.identical and c.verdict == "ok" and c.max_ulps == 1
    assert not compare(a, b, EXACT).ok


def test_both_diverging_at_the_same_step_is_agreement():
    c = compare(make_trace("a", blowup_at=2), make_trace("b", blowup_at=2))
    assert c.ok and c.verdict == "both-diverged" and c.both_diverged_at == "epoch 2"
    assert "both diverged" in c.describe()


def test_only_one_diverging_is_a_mismatch_at_that_step():
    c = compare(make_trace("minigrad", blowup_at=3), make_trace("torch"))
    assert not c.ok
    assert c.first.step == "epoch 3" and "only minigrad went non-finite" in c.first.field
    c2 = compare(make_trace("minigrad", blowup_at=3), make_trace("torch", blowup_at=4))
    assert not c2.ok and c2.first.step == "epoch 3"


def test_structure_mismatch_is_reported():
    c = compare(make_trace(steps=4), make_trace(steps=5))
    assert not c.ok and "4 steps" in c.describe()


def test_missing_gradient_recorded_as_nan_and_equal_on_both_sides():
    t1, t2 = Trace("s", "a", "float32"), Trace("s", "b", "float32")
    for t in (t1, t2):
        t.record("epoch 0", np.float32(1), {"W": None}, {"W": np.ones(2, np.float32)})
    assert np.isnan(t1.grads["W"][0]).all()
    assert compare(t1, t2).identical


def test_tolerance_scales_atol_by_the_field_magnitude():
    # a cost that goes from 100 to ~0: an absolute error of 1e-4 late in the run is within
    # atol * scale = 1e-5 * 100 = 1e-3 but far outside a purely relative bound.
    a, b = Trace("s", "a", "float32"), Trace("s", "b", "float32")
    for k, (ca, cb) in enumerate([(100, 100), (1e-6 + 1e-4, 1e-6)]):
        for t, c in ((a, ca), (b, cb)):
            t.record(f"epoch {k}", np.float32(c), {"W": np.zeros(1, np.float32)},
                     {"W": np.zeros(1, np.float32)})
    assert compare(a, b).ok
    assert not compare(a, b, Tolerance(1e-4, 0.0)).ok


def test_documented_tolerances():
    assert tolerance_for("float64") == Tolerance(1e-10, 1e-10)
    assert tolerance_for(np.float32) == Tolerance(1e-4, 1e-5)


@given(st.sampled_from([np.float32, np.float64]), st.floats(allow_nan=False,
                                                             allow_infinity=False))
def test_ulps_of_neighbours_is_one(dtype, value):
    with np.errstate(over="ignore"):
        a = np.array([value]).astype(dtype)
    if not np.isfinite(a[0]) or a[0] == np.finfo(dtype).max:
        return
    b = np.nextafter(a, dtype(np.inf))
    assert ulps(a, b)[0] == 1
    assert ulps(b, a)[0] == 1
    assert ulps(a, a)[0] == 0


def test_ulps_across_zero_and_nan():
    assert ulps(np.array([-0.0]), np.array([0.0]))[0] == 0
    tiny = np.array([np.finfo(np.float32).smallest_subnormal], dtype=np.float32)
    assert ulps(-tiny, tiny)[0] == 2
    assert ulps(np.array([math.nan]), np.array([math.nan]))[0] == 0
