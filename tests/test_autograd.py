"""Autograd semantics, each checked against torch where torch defines them.

Accumulation, retain_grad, no_grad, zero_grad, in-place rules, deep and re-used graphs,
second backward through a freed graph, saved tensors modified in place.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
import minigrad.nn as mnn

floats = st.floats(-3, 3, allow_nan=False, width=32)


def pair(values, requires_grad=True, dtype=np.float32):
    """The same leaf tensor in minigrad and torch."""
    arr = np.asarray(values, dtype=dtype)
    return (
        mg.tensor(arr, requires_grad=requires_grad),
        torch.tensor(arr.copy(), requires_grad=requires_grad),
    )


# ------------------------------------------------------------------ accumulation
@given(st.lists(floats, min_size=1, max_size=5), st.integers(1, 4))
def test_grad_accumulates_across_backward_calls_like_torch(values, calls):
    m, t = pair(values)
    for _ in range(calls):
        (m * m).sum().backward()
        (t * t).sum().backward()
    np.testing.assert_array_equal(m.grad.numpy(), t.grad.numpy())


def test_accumulation_updates_the_same_grad_tensor_in_place():
    m = mg.tensor([1.0, 2.0], requires_grad=True)
    (m * 3).sum().backward()
    first = m.grad
    (m * 3).sum().backward()
    assert m.grad is first  # torch accumulates into the existing .grad
    np.testing.assert_array_equal(first.numpy(), [6.0, 6.0])


def test_optimizer_zero_grad_sets_none_by_default_and_zeros_on_request():
    w = mg.tensor([1.0], requires_grad=True)
    opt = mg.optim.SGD([w], lr=0.1)
    (w * 2).sum().backward()
    opt.zero_grad()
    assert w.grad is None
    (w * 2).sum().backward()
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(w.grad.numpy(), [0.0])


def test_module_zero_grad():
    model = mnn.Linear(2, 1)
    model(mg.ones(3, 2)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


# ------------------------------------------------------------------ re-used nodes
@given(floats)
def test_reused_nodes_get_every_path(a):
    m, t = pair([a])
    for lib_x in (m, t):
        b = lib_x + lib_x
        c = b * b  # c = 4a^2, dc/da = 8a
        c.sum().backward()
    np.testing.assert_array_equal(m.grad.numpy(), t.grad.numpy())
    np.testing.assert_allclose(m.grad.numpy(), [8 * np.float32(a)], rtol=1e-6)


def test_diamond_graph_sums_both_branches():
    m, t = pair([1.5, -2.0])
    outs = []
    for x in (m, t):
        y = x * 2
        z = y * y + y.exp()  # y used twice
        outs.append(z.sum())
    outs[0].backward()
    outs[1].backward()
    np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), rtol=1e-6)


@pytest.mark.slow  # `make test-slow`
def test_deep_chain_of_100k_ops_backprops_without_recursion():
    x = mg.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0])


# ------------------------------------------------------------------ retain_grad / non-leaf
def test_non_leaf_grad_is_none_with_torchs_warning():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.sum().backward()
    with pytest.warns(UserWarning, match="not a leaf Tensor is being accessed"):
        assert y.grad is None


def test_retain_grad_keeps_non_leaf_gradient_like_torch():
    grads = []
    for lib in (mg, torch):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 3
        y.retain_grad()
        (y * y).sum().backward()
        grads.append(np.array(y.grad.tolist()))
        assert y.retains_grad
    np.testing.assert_array_equal(*grads)


def test_seed_002_non_leaf_update_loop_matches_torch():
    """w = w - lr * w.grad rebuilds the parameter as a non-leaf each epoch (seed 002)."""
    results = []
    for lib in (mg, torch):
        x = lib.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
        y = lib.tensor([3.0, 6.0, 9.0, 12.0, 15.0, 18.0])
        w = lib.tensor([0.5], requires_grad=True)
        b = lib.tensor([0.25], requires_grad=True)
        trace = []
        for _ in range(30):
            loss = ((x * w + b - y) ** 2).mean()
            w.retain_grad()
            b.retain_grad()
            loss.backward()
            w = w - 0.01 * w.grad
            b = b - 0.01 * b.grad
            trace.append((loss.item(), w.item(), b.item()))
        results.append(trace)
    assert results[0] == results[1]


# ------------------------------------------------------------------ no_grad
def test_no_grad_context_and_decorator_record_nothing():
    x = mg.tensor([1.0], requires_grad=True)
    with mg.no_grad():
        y = x * 2
    assert y.grad_fn is None and not y.requires_grad

    @mg.no_grad()
    def double(t):
        return t * 2

    z = double(x)
    assert z.grad_fn is None and not z.requires_grad
    assert mg.is_grad_enabled()
    w = x * 2
    assert w.grad_fn is not None and w.requires_grad


def test_enable_grad_inside_no_grad():
    x = mg.tensor([1.0], requires_grad=True)
    with mg.no_grad():
        with mg.enable_grad():
            y = x * 2
        z = x * 2
    assert y.requires_grad and not z.requires_grad


def test_detach_cuts_the_graph_and_shares_data():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    d = (x * 2).detach()
    assert d.grad_fn is None and not d.requires_grad
    y = x * 1
    y_d = y.detach()
    assert np.shares_memory(y_d.numpy(), y.detach().numpy())


# ------------------------------------------------------------------ in-place rules
def test_inplace_on_leaf_requiring_grad_is_refused_like_torch():
    m, t = pair([1.0])
    with pytest.raises(RuntimeError) as tm:
        t.add_(1)
    with pytest.raises(RuntimeError) as mm:
        m.add_(1)
    assert str(mm.value) == str(tm.value)


@pytest.mark.parametrize("op", ["add_", "sub_", "mul_", "zero_"])
def test_inplace_allowed_under_no_grad_and_through_data(op):
    m, t = pair([1.0, 2.0])
    args = () if op == "zero_" else (3.0,)
    with mg.no_grad():
        getattr(m, op)(*args)
    with torch.no_grad():
        getattr(t, op)(*args)
    np.testing.assert_array_equal(m.data, t.detach().numpy())
    m.data += 1  # through .data, no check: the numpy array itself
    t.data += 1
    np.testing.assert_array_equal(m.data, t.detach().numpy())


def test_inplace_on_tensor_without_grad_bumps_version():
    x = mg.zeros(2)
    x.add_(2).mul_(3).sub_(1)
    np.testing.assert_array_equal(x.numpy(), [5.0, 5.0])
    assert x._version == 3


def test_saved_tensor_modified_in_place_is_detected_like_torch():
    messages = []
    for lib in (mg, torch):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        x = lib.tensor([3.0, 4.0])
        y = (x * w).sum()  # Mul saved x
        x.add_(1)
        with pytest.raises(RuntimeError) as err:
            y.backward()
        messages.append(str(err.value))
    for msg in messages:
        assert "modified by an inplace operation" in msg
        assert "is at version 1; expected version 0 instead" in msg


def test_optimizer_step_then_backward_through_old_graph_is_detected():
    w = mg.tensor([1.0], requires_grad=True)
    x = mg.tensor([2.0])
    loss = (x * w).sum() * (w * w).sum()
    loss.backward(retain_graph=True)
    mg.optim.SGD([w], lr=0.1).step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


# ------------------------------------------------------------------ second backward
def test_second_backward_through_freed_graph_raises_torchs_message():
    messages = []
    for lib in (mg, torch):
        x = lib.tensor([2.0, 3.0], requires_grad=True)
        y = (x * x).sum()
        y.backward()
        with pytest.raises(RuntimeError) as err:
            y.backward()
        messages.append(str(err.value))
    assert messages[0] == messages[1]


def test_second_backward_with_retain_graph_accumulates():
    m, t = pair([2.0, 3.0])
    for x in (m, t):
        y = (x * x).sum()
        y.backward(retain_graph=True)
        y.backward()
    np.testing.assert_array_equal(m.grad.numpy(), t.grad.numpy())


def test_graph_that_saved_nothing_can_backward_twice():
    m, t = pair([2.0, 3.0])
    for x in (m, t):
        y = (x + 1).sum()
        y.backward()
        y.backward()
    np.testing.assert_array_equal(m.grad.numpy(), t.grad.numpy())


# ------------------------------------------------------------------ backward arguments
def test_backward_with_explicit_gradient_on_non_scalar():
    m, t = pair([1.0, 2.0, 3.0])
    g = np.array([0.5, -1.0, 2.0], dtype=np.float32)
    (m * m).backward(mg.tensor(g))
    (t * t).backward(torch.tensor(g))
    np.testing.assert_array_equal(m.grad.numpy(), t.grad.numpy())


def test_backward_on_leaf_scalar_sets_its_grad():
    m, t = pair(2.0)
    m.backward()
    t.backward()
    assert m.grad.item() == t.grad.item() == 1.0


def test_grad_dtype_follows_the_leaf_across_promotion():
    for lib in (mg, torch):
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor(3.0, dtype=lib.float64, requires_grad=True)
        (a * b).sum().backward()
        assert a.grad.dtype == a.dtype
        assert b.grad.dtype == b.dtype


def test_warning_free_normal_path():
    x = mg.tensor([1.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (x * 2).sum().backward()
        assert x.grad is not None


# ------------------------------------------------------------------ memory and graph shape
def test_intermediates_are_freed_once_unused_like_torch():
    """Nodes keep edges, not input tensors: an intermediate nothing saved dies at once."""
    import gc
    import weakref

    x = mg.ones(1000)
    w = mg.tensor([2.0], requires_grad=True)
    xw = x * w  # Mul saves x (data) and w, not its output
    probe = weakref.ref(xw._data)
    cost = (xw + 1.0).sum()  # Add saves nothing
    del xw
    gc.collect()
    assert probe() is None, "x * w's array outlived its last use"
    cost.backward()
    assert w.grad.item() == 1000.0


def test_keep_graph_values_keeps_inputs_for_drawing():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    with mg.keep_graph_values():
        y = (x * 3).sum()
    (mul,) = y.grad_fn.inputs
    assert mul is not None and mul.tolist() == [3.0, 6.0]
    z = (x * 3).sum()
    assert z.grad_fn.inputs == (None,)  # freed outside the block
    assert z.grad_fn.next_functions[0][0].name() == "MulBackward0"


def test_next_functions_lead_to_accumulate_grad_for_leaves():
    for lib in (mg, torch):
        w = lib.tensor([1.0], requires_grad=True)
        y = w * 2
        (fn, _), (none, _) = y.grad_fn.next_functions
        assert type(fn).__name__ == "AccumulateGrad" and none is None


def test_set_sum_order_switches_between_torch_and_numpy():
    values = np.random.default_rng(1).standard_normal(1001).astype(np.float32)
    assert mg.get_sum_order() == "torch"
    exact = mg.tensor(values).sum().item()
    assert exact == torch.tensor(values).sum().item()
    try:
        mg.set_sum_order("numpy")
        assert mg.tensor(values).sum().item() == values.sum()
    finally:
        mg.set_sum_order("torch")
    with pytest.raises(ValueError):
        mg.set_sum_order("kahan")


def test_data_is_a_detached_tensor_sharing_memory_like_torch():
    for lib in (mg, torch):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        (w * w).sum().backward()
        d = w.data
        assert not d.requires_grad and d.grad_fn is None
        w.data -= 0.5 * w.grad.data  # the classic manual update, in place
        assert w.tolist() == [0.0, 0.0] and w.requires_grad and w.is_leaf
        w.data = lib.tensor([5.0, 6.0])
        assert w.tolist() == [5.0, 6.0]
    assert repr(mg.tensor([1.5]).data) == "tensor([1.5000])"


@pytest.mark.parametrize("shape", [(1,), (), (1, 1)])
def test_numpy_sum_order_fuses_a_broadcast_factors_gradient_into_a_dot(shape):
    """With numpy's sums the weight gradient of x * W is one dot product: same value as
    the multiply-then-sum within rounding, and the same as torch's within float64 noise."""
    rng = np.random.default_rng(3)
    xs = rng.standard_normal((500, 1))
    g = rng.standard_normal((500, 1))
    w0 = np.full(shape, 0.5)
    expected = torch.tensor(w0, requires_grad=True)
    (torch.tensor(xs) * expected).backward(torch.tensor(g))
    for order in ("torch", "numpy"):
        mg.set_sum_order(order)
        try:
            w = mg.tensor(w0, requires_grad=True)
            (mg.tensor(xs) * w).backward(mg.tensor(g))
        finally:
            mg.set_sum_order("torch")
        assert w.grad.shape == shape
        if order == "torch":
            np.testing.assert_array_equal(w.grad.numpy(), expected.grad.numpy())
        else:
            np.testing.assert_allclose(w.grad.numpy(), expected.grad.numpy(), rtol=1e-12)


def test_expand_is_a_broadcast_view_with_torchs_gradient():
    values = np.array([[1.5], [-2.0]], dtype=np.float32)
    results = []
    for lib in (mg, torch):
        x = lib.tensor(values, requires_grad=True)
        y = x.expand(3, -1, 4)
        assert tuple(y.shape) == (3, 2, 4) and y.grad_fn.name() == "ExpandBackward0"
        (y * y).sum().backward()
        results.append((np.array(y.tolist()), x.grad.numpy()))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])
