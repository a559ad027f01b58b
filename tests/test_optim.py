"""``optim.SGD`` matches ``torch.optim.SGD`` step by step, with every option."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg

dtypes = st.sampled_from([np.float32, np.float64])


@st.composite
def sgd_options(draw):
    """Hyperparameters over every SGD option, valid by torch's checks."""
    momentum = draw(st.sampled_from([0.0, 0.5, 0.9]) | st.floats(0, 0.99))
    nesterov = momentum > 0 and draw(st.booleans())
    dampening = 0.0 if nesterov else draw(st.sampled_from([0.0, 0.1]) | st.floats(0, 1))
    return dict(
        lr=draw(st.sampled_from([0.0, 0.01, 0.15]) | st.floats(1e-5, 1.0)),
        momentum=momentum,
        dampening=dampening,
        weight_decay=draw(st.sampled_from([0.0, 1e-2]) | st.floats(0, 0.5)),
        nesterov=nesterov,
        maximize=draw(st.booleans()),
    )


@given(
    dtype=dtypes,
    options=sgd_options(),
    shape=hnp.array_shapes(min_dims=1, max_dims=2, max_side=4),
    steps=st.integers(1, 6),
    data=st.data(),
)
def test_sgd_matches_torch_step_by_step(dtype, options, shape, steps, data):
    elements = st.floats(-10, 10, allow_nan=False, width=32)
    p0 = data.draw(hnp.arrays(dtype, shape, elements=elements), label="initial parameter")
    m = mg.tensor(p0, requires_grad=True)
    t = torch.tensor(p0.copy(), requires_grad=True)
    m_opt = mg.optim.SGD([m], **options)
    t_opt = torch.optim.SGD([t], **options)
    for step in range(steps):
        g = data.draw(hnp.arrays(dtype, shape, elements=elements), label=f"grad {step}")
        m.grad = mg.tensor(g)
        t.grad = torch.tensor(g.copy())
        m_opt.step()
        t_opt.step()
        np.testing.assert_array_equal(
            m.detach().numpy(), t.detach().numpy(), err_msg=f"step {step}, options {options}"
        )
        if options["momentum"]:
            np.testing.assert_array_equal(
                m_opt.state[m]["momentum_buffer"], t_opt.state[t]["momentum_buffer"].numpy()
            )


def test_sgd_skips_parameters_without_grad_including_momentum_buffer():
    results = []
    for lib in (mg, torch):
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor([3.0], requires_grad=True)
        opt = lib.optim.SGD([a, b], lr=0.1, momentum=0.9)
        (a * a).sum().backward()
        opt.step()
        assert b not in opt.state or "momentum_buffer" not in opt.state[b]
        results.append((a.tolist(), b.tolist()))
    assert results[0] == results[1]


def test_sgd_param_groups_and_defaults():
    a = mg.tensor([1.0], requires_grad=True)
    b = mg.tensor([1.0], requires_grad=True)
    opt = mg.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1, momentum=0.0)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    a.grad = mg.tensor([1.0])
    b.grad = mg.tensor([1.0])
    opt.step()
    assert a.item() == np.float32(1.0) - np.float32(0.1)
    assert b.item() == 0.5


def test_sgd_refuses_a_non_leaf_and_a_parameter_twice():
    x = mg.tensor([1.0], requires_grad=True)
    with pytest.raises(ValueError, match="non-leaf"):
        mg.optim.SGD([x * 2], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        mg.optim.SGD([{"params": [x]}, {"params": [x]}], lr=0.1)


def test_sgd_lr_zero_leaves_parameters_unchanged():
    x = mg.tensor([1.5, -2.0], requires_grad=True)
    opt = mg.optim.SGD([x], lr=0.0, momentum=0.9)
    for _ in range(3):
        (x * x).sum().backward()
        opt.step()
    assert x.tolist() == [1.5, -2.0]
