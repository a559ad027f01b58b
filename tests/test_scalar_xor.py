"""The scalar engine trains the course's 2-2-1 XOR network (micrograd's classic demo) exactly:
its float32 trace (cost, every gradient, every parameter, each step) equals torch's
``nn.Sequential(Linear(2, 2), Sigmoid, Linear(2, 1), Sigmoid)`` + ``nn.BCELoss`` + SGD lr 1
(the ``xor-2layer`` scenario) bit for bit. Measured: all 10,001 steps equal (about 20 s on a
loaded 2-core machine), which ``test_full_run_equals_torch`` checks under `make test-slow`;
by default the first 801 steps are compared.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from minigrad.scalar import Value  # noqa: E402
from reference import scalar_loops  # noqa: E402
from reference import scenarios as S  # noqa: E402
from reference.loops import train  # noqa: E402

STEPS = 801


def _torch_trace(steps: int):
    return train(torch, S.get("xor-2layer"), epochs=steps)


def first_difference(scalar_trace: list[dict], tensor_trace) -> str | None:
    """The first step where the scalar trace and torch's Trace differ in any field."""
    assert len(scalar_trace) == len(tensor_trace)
    for i, rec in enumerate(scalar_trace):
        if rec["cost"] != float(tensor_trace.cost[i]):
            return f"step {i} cost: {rec['cost']!r} vs {float(tensor_trace.cost[i])!r}"
        for name in tensor_trace.params:
            grads, params = tensor_trace.grads[name][i], tensor_trace.params[name][i]
            for idx in np.ndindex(grads.shape):
                label = name + "".join(f"[{j}]" for j in idx)
                for field, want in (("grads", grads[idx]), ("params", params[idx])):
                    if rec[field][label] != float(want):
                        return f"step {i} {field} {label}: {rec[field][label]!r} vs {want!r}"
    return None


def test_first_steps_equal_torch_bit_for_bit():
    mine = scalar_loops.xor(steps=STEPS)
    assert first_difference(mine, _torch_trace(STEPS)) is None
    assert all(isinstance(r["cost"], float) for r in mine)


def test_log_is_the_chapters():
    lines: list[str] = []
    scalar_loops.xor(steps=201, log=lines.append)
    assert lines == _torch_trace(201).log == [
        "0 0.7434073090553284", "100 0.693165123462677", "200 0.6931577920913696"]


@pytest.mark.slow
def test_full_run_equals_torch_and_learns_xor():
    mine = scalar_loops.xor()
    assert first_difference(mine, _torch_trace(10001)) is None
    assert mine[-1]["cost"] < 0.01


# ---- the pieces XOR needs, each against torch -------------------------------------------


@pytest.mark.parametrize("x", [-1000.0, -88.0, -17.3, -1.0, -1e-8, 0.0, 0.3, 1.0, 9.5, 88.0])
def test_float32_sigmoid_and_its_gradient_are_torchs(x):
    v = Value(np.float32(x))
    out = v.sigmoid()
    out.backward()
    t = torch.tensor(x, dtype=torch.float32, requires_grad=True)
    s = torch.nn.Sigmoid()(t)
    s.backward()
    assert (out.data, v.grad) == (s.item(), t.grad.item())


@pytest.mark.parametrize("p", [0.0, 1e-30, 1e-7, 0.25, 0.5, 0.731, 0.9999999, 1.0])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_float32_binary_cross_entropy_is_torchs(p, y):
    v = Value(np.float32(p))
    loss = v.binary_cross_entropy(y)
    loss.backward()
    t = torch.tensor([p], dtype=torch.float32, requires_grad=True)
    ref = torch.nn.BCELoss()(t, torch.tensor([y]))
    ref.backward()
    assert loss.data == ref.item()  # clamped at -100 where log(0) = -inf
    assert v.grad == t.grad.item()


def test_float64_binary_cross_entropy_is_the_formula():
    p, y = 0.3, 1.0
    v = Value(p)
    loss = v.binary_cross_entropy(y)
    loss.backward()
    assert loss.data == pytest.approx(-math.log(p))
    assert v.grad == pytest.approx((p - y) / (p * (1 - p)))  # d/dp, derived in scalar.py
