"""The course's backpropagation by hand (lab-08_4_mnist_back_prop.ipynb), checked against autograd.

The chapter trains a 784-30-10 sigmoid network on MNIST with gradients written out by the
chain rule (``sigmoid_prime``, ``d_l2 = diff * sigmoid_prime(l2)``, ...). MNIST needs
torchvision and a download, so its code runs here on XOR's four points (a 2-2-1 network,
the XOR chapters' shape), the data shipped as literals. The chapter's formulas are the
gradient of ``0.5 * sum((y_pred - Y) ** 2)`` (``diff = y_pred - Y``); they are compared with
``backward()`` of that cost, on torch and on minigrad, and the chapter's update loop (biases
moved by the *mean* of their per-sample gradients, as the notebook does) gives the same
numbers on both libraries to a few ulps (see ULP_BOUND).
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import minigrad  # noqa: E402

XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]]
XOR_Y = [[0], [1], [1], [0]]


def chapter_parameters(lib):
    """Cells 1, 5 and 6: manual_seed(777), Parameters of torch.Tensor(...), init.normal_."""
    lib.manual_seed(777)
    w1 = lib.nn.Parameter(lib.Tensor(2, 2)).to("cpu")
    b1 = lib.nn.Parameter(lib.Tensor(2)).to("cpu")
    w2 = lib.nn.Parameter(lib.Tensor(2, 1)).to("cpu")
    b2 = lib.nn.Parameter(lib.Tensor(1)).to("cpu")
    for p in (w1, b1, w2, b2):
        lib.nn.init.normal_(p)
    return w1, b1, w2, b2


def by_hand(lib, w1, b1, w2, b2, X, Y):  # noqa: N803 - the chapter's names
    """Cells 7 to 9: the forward pass and the chain rule written out."""

    def sigmoid(x):
        return 1.0 / (1.0 + lib.exp(-x))

    def sigmoid_prime(x):  # d sigmoid / dx = sigmoid(x) (1 - sigmoid(x))
        return sigmoid(x) * (1 - sigmoid(x))

    l1 = lib.add(lib.matmul(X, w1), b1)
    a1 = sigmoid(l1)
    l2 = lib.add(lib.matmul(a1, w2), b2)
    y_pred = sigmoid(l2)
    diff = y_pred - Y  # d(0.5 * sum((y_pred - Y)^2)) / d y_pred
    d_l2 = diff * sigmoid_prime(l2)  # chain rule through the output sigmoid
    d_b2 = d_l2  # per sample: l2 = a1 w2 + b2
    d_w2 = lib.matmul(lib.transpose(a1, 0, 1), d_l2)  # summed over the samples
    d_a1 = lib.matmul(d_l2, lib.transpose(w2, 0, 1))
    d_l1 = d_a1 * sigmoid_prime(l1)
    d_b1 = d_l1
    d_w1 = lib.matmul(lib.transpose(X, 0, 1), d_l1)
    return y_pred, {"w1": d_w1, "b1": d_b1, "w2": d_w2, "b2": d_b2}


def _data(lib):
    return lib.FloatTensor(XOR_X), lib.FloatTensor(XOR_Y)


@pytest.mark.parametrize("lib", [torch, minigrad], ids=["torch", "minigrad"])
def test_hand_backprop_equals_autograd(lib):
    w1, b1, w2, b2 = chapter_parameters(lib)
    X, Y = _data(lib)
    with lib.no_grad():
        _, hand = by_hand(lib, w1, b1, w2, b2, X, Y)
    # autograd on the cost the hand-written gradients differentiate
    a1 = lib.sigmoid(X.matmul(w1) + b1)
    y_pred = lib.sigmoid(a1.matmul(w2) + b2)
    cost = 0.5 * ((y_pred - Y) ** 2).sum()
    cost.backward()
    auto = {"w1": w1.grad, "b1": b1.grad, "w2": w2.grad, "b2": b2.grad}
    for name in auto:
        h = hand[name].numpy()
        if name.startswith("b"):
            h = h.sum(0)  # the per-sample bias gradients, summed over the batch
        a = auto[name].numpy()
        np.testing.assert_allclose(h, a, rtol=1e-5, atol=1e-7, err_msg=name)
        assert np.abs(a).max() > 1e-4, name  # a real gradient, not zeros on both sides


# minigrad vs torch on the chapter's own arithmetic is not bit for bit yet. Measured: y_pred
# 1 ulp (``torch.exp``: minigrad's float32 exp is numpy's, 1-2 ulp from torch's), then the
# matmuls with 4 samples on the inner dimension (``X.t() @ d_l1``, torch's order for an inner
# dimension >= 4 is not reproduced): d_w1 4 ulp, d_w2 2 ulp; over 300 training steps the costs
# stay within 3 ulp and the parameters within 7. The bound asserted is 16 ulp.
ULP_BOUND = 16


def test_hand_backprop_within_a_few_ulps_on_both_libraries():
    from reference.trace import ulps

    grads = {}
    for lib in (torch, minigrad):
        w1, b1, w2, b2 = chapter_parameters(lib)
        X, Y = _data(lib)
        with lib.no_grad():
            y_pred, hand = by_hand(lib, w1, b1, w2, b2, X, Y)
        grads[lib.__name__] = {k: v.numpy().copy() for k, v in hand.items()}
        grads[lib.__name__]["y_pred"] = y_pred.numpy().copy()
    for name, value in grads["torch"].items():
        assert ulps(grads["minigrad"][name], value).max() <= ULP_BOUND, name


def _train_by_hand(lib, steps: int, learning_rate: float = 0.5) -> list[np.ndarray]:
    """Cell 9's loop on XOR: the chapter's updates, no optimiser, no autograd."""
    w1, b1, w2, b2 = chapter_parameters(lib)
    X, Y = _data(lib)
    costs = []
    with lib.no_grad():
        for _ in range(steps):
            y_pred, d = by_hand(lib, w1, b1, w2, b2, X, Y)
            costs.append((0.5 * ((y_pred - Y) ** 2).sum()).numpy().copy())
            w1 = w1 - learning_rate * d["w1"]
            b1 = b1 - learning_rate * lib.mean(d["b1"], 0)
            w2 = w2 - learning_rate * d["w2"]
            b2 = b2 - learning_rate * lib.mean(d["b2"], 0)
    return costs + [p.numpy().copy() for p in (w1, b1, w2, b2)]


def test_hand_training_loop_agrees_and_descends():
    from reference.trace import ulps

    mine, theirs = _train_by_hand(minigrad, 300), _train_by_hand(torch, 300)
    for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        assert ulps(a, b).max() <= ULP_BOUND, f"item {i}: {a} vs {b}"
    costs = [float(c) for c in theirs[:300]]
    assert costs[-1] < costs[0]
