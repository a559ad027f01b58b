"""``nn``: Module bookkeeping, Linear's init and forward, losses, state dicts, printing."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
import minigrad.nn as mnn
import minigrad.nn.functional as mF


class TwoLayer:
    """The same two-layer model built with either library."""

    @staticmethod
    def build(lib):
        class Net(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.hidden = lib.nn.Linear(3, 4)
                self.out = lib.nn.Linear(4, 1, bias=False)
                self.scale = lib.nn.Parameter(lib.ones(1))

            def forward(self, x):
                return self.out(self.hidden(x).relu()) * self.scale

        return Net()


@given(st.integers(0, 2**32 - 1), st.integers(1, 5), st.integers(1, 5))
def test_linear_init_draws_torchs_numbers_after_the_same_seed(seed, fan_in, fan_out):
    mg.manual_seed(seed)
    torch.manual_seed(seed)
    m = mnn.Linear(fan_in, fan_out)
    t = torch.nn.Linear(fan_in, fan_out)
    np.testing.assert_array_equal(m.weight.data, t.weight.detach().numpy())
    np.testing.assert_array_equal(m.bias.data, t.bias.detach().numpy())


def test_seed_1_linear_values_from_the_notes():
    mg.manual_seed(1)
    lin = mnn.Linear(1, 1)
    assert lin.weight.item() == 0.5152631998062134
    assert lin.bias.item() == -0.44137823581695557


def test_module_registration_order_names_and_traversal():
    mg.manual_seed(0)
    torch.manual_seed(0)
    m, t = TwoLayer.build(mg), TwoLayer.build(torch)
    assert [n for n, _ in m.named_parameters()] == [n for n, _ in t.named_parameters()]
    assert [type(c).__name__ for c in m.children()] == ["Linear", "Linear"]
    assert len(list(m.modules())) == 3
    for (_, mp), (_, tp) in zip(m.named_parameters(), t.named_parameters()):
        np.testing.assert_array_equal(mp.data, tp.detach().numpy())
    assert repr(m) == repr(t)


def test_module_forward_backward_matches_torch():
    mg.manual_seed(3)
    torch.manual_seed(3)
    m, t = TwoLayer.build(mg), TwoLayer.build(torch)
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    mo, to = m(mg.tensor(x)), t(torch.tensor(x))
    np.testing.assert_allclose(mo.data, to.detach().numpy(), rtol=1e-6, atol=1e-7)
    mo.sum().backward()
    to.sum().backward()
    for mp, tp in zip(m.parameters(), t.parameters()):
        np.testing.assert_allclose(mp.grad.data, tp.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_state_dict_round_trip_and_errors():
    mg.manual_seed(0)
    a, b = TwoLayer.build(mg), TwoLayer.build(mg)
    state = a.state_dict()
    assert list(state) == ["scale", "hidden.weight", "hidden.bias", "out.weight"] or list(
        state
    ) == [n for n, _ in a.named_parameters()]
    b.load_state_dict(state)
    for pa, pb in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(pa.data, pb.data)
        assert pa.data is not pb.data
    with pytest.raises(RuntimeError, match="Missing key"):
        b.load_state_dict({"scale": mg.ones(1)})
    bad = dict(state)
    bad["scale"] = mg.ones(2)
    with pytest.raises(RuntimeError, match="size mismatch"):
        b.load_state_dict(bad)


def test_train_eval_to_and_requires_grad():
    model = mnn.Linear(2, 1)
    assert model.training
    assert model.eval() is model and not model.training
    model.train()
    assert model.training
    assert model.to("cpu") is model
    model.to(mg.float64)
    assert (
        model.weight.dtype == mg.float64
        and model(mg.ones(1, 2, dtype=mg.float64)).dtype == mg.float64
    )
    model.requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())


def test_parameter_repr_and_module_print_like_torch():
    mg.manual_seed(1)
    torch.manual_seed(1)
    assert repr(mnn.Linear(1, 1).weight) == repr(torch.nn.Linear(1, 1).weight)
    assert repr(mnn.Parameter(mg.ones(2), requires_grad=False)) == repr(
        torch.nn.Parameter(torch.ones(2), requires_grad=False)
    )

    def build(lib):
        class LinearRegressionModel(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.linear = lib.nn.Linear(1, 1)

        return LinearRegressionModel()

    assert repr(build(mg)) == repr(build(torch))
    assert repr(mnn.MSELoss()) == repr(torch.nn.MSELoss())
    assert repr(mnn.L1Loss()) == repr(torch.nn.L1Loss())


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("loss", ["mse", "l1"])
def test_loss_modules_equal_functional(reduction, loss):
    x = mg.tensor([[1.0], [2.5], [-3.0]], requires_grad=True)
    y = mg.tensor([[1.0], [2.0], [3.0]])
    module = (mnn.MSELoss if loss == "mse" else mnn.L1Loss)(reduction=reduction)
    fn = mF.mse_loss if loss == "mse" else mF.l1_loss
    np.testing.assert_array_equal(module(x, y).data, fn(x, y, reduction=reduction).data)


def test_linear_grad_fn_names_like_torch():
    mg.manual_seed(0)
    assert mnn.Linear(1, 1)(mg.ones(3, 1)).grad_fn.name() == "AddmmBackward0"
    assert mF.mse_loss(mg.ones(2, requires_grad=True), mg.zeros(2)).grad_fn.name() == (
        "MseLossBackward0"
    )
    assert mF.l1_loss(mg.ones(2, requires_grad=True), mg.zeros(2)).grad_fn.name() == (
        "MeanBackward0"
    )


def test_init_functions_fill_in_place_without_recording():
    w = mnn.Parameter(mg.zeros(2, 3))
    for fn, args, check in [
        (mnn.init.ones_, (), lambda a: np.all(a == 1)),
        (mnn.init.zeros_, (), lambda a: np.all(a == 0)),
        (mnn.init.constant_, (0.5,), lambda a: np.all(a == 0.5)),
        (mnn.init.uniform_, (-1, 1), lambda a: np.all((a >= -1) & (a < 1))),
        (mnn.init.normal_, (0, 1), lambda a: np.isfinite(a).all()),
    ]:
        out = fn(w, *args)
        assert out is w and w.grad_fn is None and check(w.detach().numpy())


def test_init_uniform_and_normal_equal_torch_after_same_seed():
    for seed in (0, 1, 123):
        mg.manual_seed(seed)
        torch.manual_seed(seed)
        m = mnn.init.uniform_(mg.Tensor(1000, 1), -10, 10)
        t = torch.nn.init.uniform_(torch.Tensor(1000, 1), -10, 10)
        np.testing.assert_array_equal(m.data, t.numpy())
        m = mnn.init.normal_(mg.Tensor(7, 1), std=1)
        t = torch.nn.init.normal_(torch.Tensor(7, 1), std=1)
        np.testing.assert_array_equal(m.data, t.numpy())
