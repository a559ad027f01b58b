"""Bad input gets a clear error, in torch's words, never a silent wrong number."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad as mg
import minigrad.nn as mnn
import minigrad.nn.functional as mF
import minigrad.utils.data as mdata


def both_raise(exc, make):
    """Run ``make(lib)`` for torch and minigrad; both must raise ``exc``; return the messages."""
    messages = []
    for lib in (torch, mg):
        with pytest.raises(exc) as err:
            make(lib)
        messages.append(str(err.value))
    return messages


def test_mismatched_shapes_message_is_torchs():
    t_msg, m_msg = both_raise(RuntimeError, lambda lib: lib.ones(2, 3) + lib.ones(4, 3))
    assert m_msg == t_msg


def test_matmul_shape_mismatch_message_is_torchs():
    t_msg, m_msg = both_raise(RuntimeError, lambda lib: lib.ones(2, 3) @ lib.ones(4, 3))
    assert m_msg == t_msg


def test_linear_with_wrong_input_width():
    def make(lib):
        lib.manual_seed(0)
        return lib.nn.Linear(3, 1)(lib.ones(5, 2))

    t_msg, m_msg = both_raise(RuntimeError, make)
    assert m_msg == t_msg


def test_view_with_wrong_size():
    t_msg, m_msg = both_raise(RuntimeError, lambda lib: lib.ones(2, 3).view(4, 2))
    assert m_msg == t_msg


def test_requires_grad_on_integer_tensor():
    t_msg, m_msg = both_raise(RuntimeError, lambda lib: lib.tensor([1, 2], requires_grad=True))
    assert m_msg == t_msg


def test_backward_on_non_scalar_without_gradient():
    def make(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).backward()

    t_msg, m_msg = both_raise(RuntimeError, make)
    assert m_msg == t_msg


def test_backward_on_tensor_without_grad():
    t_msg, m_msg = both_raise(RuntimeError, lambda lib: lib.tensor([1.0]).sum().backward())
    assert m_msg == t_msg


def test_backward_gradient_of_wrong_shape():
    def make(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).backward(lib.ones(3))

    t_msg, m_msg = both_raise(RuntimeError, make)
    assert m_msg == t_msg


def test_changing_requires_grad_of_non_leaf():
    def make(lib):
        x = lib.tensor([1.0], requires_grad=True)
        (x * 2).requires_grad = False

    t_msg, m_msg = both_raise(RuntimeError, make)
    assert m_msg == t_msg


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lr": -0.1},
        {"lr": 0.1, "momentum": -0.5},
        {"lr": 0.1, "weight_decay": -1.0},
        {"lr": 0.1, "nesterov": True},
        {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True},
    ],
)
def test_sgd_argument_checks(kwargs):
    def make(lib):
        w = lib.zeros(1, requires_grad=True)
        lib.optim.SGD([w], **kwargs)

    t_msg, m_msg = both_raise(ValueError, make)
    assert m_msg == t_msg


def test_sgd_empty_parameter_list():
    t_msg, m_msg = both_raise(ValueError, lambda lib: lib.optim.SGD([], lr=0.1))
    assert m_msg == t_msg


@pytest.mark.parametrize("batch_size", [0, -1])
def test_dataloader_batch_size_must_be_positive(batch_size):
    def make(lib):
        ds = lib.utils.data.TensorDataset(lib.ones(3))
        lib.utils.data.DataLoader(ds, batch_size=batch_size)

    t_msg, m_msg = both_raise(ValueError, make)
    assert m_msg == t_msg


def test_tensor_dataset_size_mismatch():
    t_msg, m_msg = both_raise(
        AssertionError, lambda lib: lib.utils.data.TensorDataset(lib.ones(3), lib.ones(4))
    )
    assert m_msg == t_msg


def test_invalid_reduction():
    t_msg, m_msg = both_raise(
        ValueError,
        lambda lib: lib.nn.functional.mse_loss(lib.ones(2), lib.ones(2), reduction="avg"),
    )
    assert m_msg == t_msg


def test_mse_loss_warns_on_broadcasting_target_like_torch():
    with pytest.warns(UserWarning) as m_rec:
        mF.mse_loss(mg.ones(3, 1), mg.ones(3))
    with pytest.warns(UserWarning) as t_rec:
        torch.nn.functional.mse_loss(torch.ones(3, 1), torch.ones(3))
    assert str(m_rec[0].message) == str(t_rec[0].message)


def test_item_of_many_elements():
    t_msg, m_msg = both_raise(RuntimeError, lambda lib: lib.ones(3).item())
    assert m_msg == t_msg


def test_numpy_of_tensor_requiring_grad():
    t_msg, m_msg = both_raise(RuntimeError, lambda lib: lib.ones(3, requires_grad=True).numpy())
    assert m_msg == t_msg


def test_shuffling_an_empty_dataset():
    def make(lib):
        ds = lib.utils.data.TensorDataset(lib.zeros(0, 1))
        lib.utils.data.DataLoader(ds, batch_size=2, shuffle=True)

    t_msg, m_msg = both_raise(ValueError, make)
    assert m_msg == t_msg


def test_mean_of_integer_tensor():
    t_msg, m_msg = both_raise(RuntimeError, lambda lib: lib.tensor([1, 2]).mean())
    assert m_msg == t_msg


def test_module_without_forward():
    class Empty(mnn.Module):
        pass

    with pytest.raises(NotImplementedError, match="forward"):
        Empty()(mg.ones(1))


def test_empty_dataset_loader_yields_no_batches_and_mean_of_empty_is_nan():
    loader = mdata.DataLoader(mdata.TensorDataset(mg.zeros(0, 1)), batch_size=2)
    assert list(loader) == [] and len(loader) == 0
    with np.errstate(invalid="ignore"):
        assert np.isnan(mg.zeros(0).mean().item()) and np.isnan(torch.zeros(0).mean().item())


@pytest.mark.parametrize("where", ["cuda", "cuda:0"])
def test_non_cpu_device_is_refused_as_torch_cpu_build_refuses(where):
    with pytest.raises(AssertionError) as theirs:
        torch.ones(2).to(where)
    with pytest.raises(AssertionError) as ours:
        mg.ones(2).to(where)
    assert str(ours.value) == str(theirs.value)
    with pytest.raises(AssertionError):
        mg.ones(2).to(mg.device(where))
