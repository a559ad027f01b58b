"""The tutorials' training loops written with the scalar engine, ``minigrad.scalar.Value``.

Each loop is the source page's PyTorch loop taken apart into scalars: the prediction and
the cost are built one data point at a time, the cost is the mean of the squared errors
(a sum over the data points divided by their number), ``cost.backward()`` fills in the
gradients, and the SGD step is written out: ``p = p + (-lr) * p.grad``.

Every loop returns a *trace*: one dict per epoch with the cost (computed before the step),
the gradients, and the parameters after the step. With ``dtype=numpy.float32`` (the default)
every operation rounds to float32 as a float32 torch tensor does, so the traces equal
torch's bit for bit and the printed logs equal the pages' logs line for line. Pass
``dtype=float`` to run the same loops in float64.

Run ``python -m reference.scalar_loops 000`` (or ``003``, ``004``, ``xor``: the course's 2-2-1
XOR network, sigmoid and binary cross-entropy) to print a log, and add ``--draw graph.png`` to
draw the first epoch's computation graph.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import numpy as np

from minigrad.graph import render, to_dot
from minigrad.scalar import Value

Log = Callable[[str], None] | None
OnBackward = Callable[[int, Value], None] | None  # (epoch, cost) after backward, before step
Trace = list[dict]


def mean_squared_error(predictions: Sequence[Value], targets: Sequence[Value | float]) -> Value:
    """(1/n) * sum over the data points of (prediction - target)**2, as one Value."""
    squared_errors = [(p - t) ** 2 for p, t in zip(predictions, targets, strict=True)]
    return sum(squared_errors) / len(squared_errors)


def sgd_step(params: Sequence[Value], lr: float) -> None:
    """torch.optim.SGD's plain step, ``p = p + (-lr) * grad``, applied to ``p.data``."""
    for p in params:
        p.data = p.data + (-lr) * p.grad


def torch_repr_1(value: float, requires_grad: bool = True) -> str:
    """How torch prints a one-element float32 tensor, e.g. ``tensor([1.4000], requires_grad=True)``.

    Covers torch's three styles for one value: whole numbers (``[0.]``), four decimals
    (``[0.8400]``), and scientific notation outside [1e-4, 1e8) (``[1.2346e-05]``).
    """
    v = float(value)
    if v.is_integer():
        text = f"{v:.0f}."
    elif v != 0 and not 1e-4 <= abs(v) < 1e8:
        text = f"{v:.4e}"
    else:
        text = f"{v:.4f}"
    suffix = ", requires_grad=True" if requires_grad else ""
    return f"tensor([{text}]{suffix})"


def _record(epoch: int, cost: Value, params: dict[str, Value]) -> dict:
    return {
        "epoch": epoch,
        "cost": float(cost.data),
        "grads": {name: float(p.grad) for name, p in params.items()},
        "params": {name: float(p.data) for name, p in params.items()},
    }


def seed000(dtype: type = np.float32, log: Log = None,
            on_backward: OnBackward = None) -> Trace:
    """Seed 000, "[PyTorch] Linear Regression": x = y = [1, 2, 3], W = b = 0, lr 0.01,
    101 epochs, cost = mean((x*W + b - y)**2). Logs every epoch:
    ``Epoch    0/100, W: 0.093, b: 0.040, cost: 4.666667``."""
    xs = [dtype(v) for v in (1, 2, 3)]  # numbers: each epoch's graph holds them as constants
    ys = [dtype(v) for v in (1, 2, 3)]
    W, b = Value(dtype(0), label="W"), Value(dtype(0), label="b")
    lr, nb_epochs = dtype(0.01), 100
    trace = []
    for epoch in range(nb_epochs + 1):
        hypothesis = [x * W + b for x in xs]
        cost = mean_squared_error(hypothesis, ys)
        W.zero_grad()
        b.zero_grad()
        cost.backward()
        if on_backward:
            on_backward(epoch, cost)
        sgd_step([W, b], lr)
        trace.append(_record(epoch, cost, {"W": W, "b": b}))
        if log:
            log(f"Epoch {epoch:4d}/{nb_epochs}, W: {float(W.data):.3f}, "
                f"b: {float(b.data):.3f}, cost: {float(cost.data):.6f}")
    return trace


def seed003(dtype: type = np.float32, log: Log = None,
            on_backward: OnBackward = None) -> Trace:
    """Seed 003, the hypothesis without bias: x = y = [1, 2, 3], W = 0, lr 0.15, 11 epochs,
    cost = mean((x*W - y)**2). Logs *before* the step, W as torch prints it:
    ``EPOCH 1, W:tensor([1.4000], requires_grad=True), cost:0.7466669678688049``."""
    xs = [dtype(v) for v in (1, 2, 3)]  # numbers: each epoch's graph holds them as constants
    ys = [dtype(v) for v in (1, 2, 3)]
    W = Value(dtype(0), label="W")
    lr, nb_epochs = dtype(0.15), 10
    trace = []
    for epoch in range(nb_epochs + 1):
        hypothesis = [x * W for x in xs]
        cost = mean_squared_error(hypothesis, ys)
        if log:
            log(f"EPOCH {epoch}, W:{torch_repr_1(W.data)}, cost:{float(cost.data)}")
        W.zero_grad()
        cost.backward()
        if on_backward:
            on_backward(epoch, cost)
        sgd_step([W], lr)
        trace.append(_record(epoch, cost, {"W": W}))
    return trace


def seed004(dtype: type = np.float32, log: Log = None,
            on_backward: OnBackward = None) -> Trace:
    """Seed 004, "ML/DL for Everyone": x = [1, 2, 3], y = [2, 4, 6], W = b = 0, lr 0.01,
    epochs 1..1000, then the question of the page: the prediction for x = 4. The page
    prints nothing; this logs every 100 epochs in seed 000's format, then the prediction."""
    xs = [dtype(v) for v in (1, 2, 3)]
    ys = [dtype(v) for v in (2, 4, 6)]
    W, b = Value(dtype(0), label="W"), Value(dtype(0), label="b")
    lr, nb_epochs = dtype(0.01), 1000
    trace = []
    for epoch in range(1, nb_epochs + 1):
        hypothesis = [x * W + b for x in xs]
        cost = mean_squared_error(hypothesis, ys)
        W.zero_grad()
        b.zero_grad()
        cost.backward()
        if on_backward:
            on_backward(epoch, cost)
        sgd_step([W, b], lr)
        trace.append(_record(epoch, cost, {"W": W, "b": b}))
        if log and epoch % 100 == 0:
            log(f"Epoch {epoch:4d}/{nb_epochs}, W: {float(W.data):.3f}, "
                f"b: {float(b.data):.3f}, cost: {float(cost.data):.6f}")
    if log:
        prediction = dtype(4) * W + b
        log(f"Prediction for x = 4: {float(prediction.data):.4f}")
    return trace


def linear(inputs: Sequence[Value | float], weights: Sequence[Value], bias: Value) -> Value:
    """One output of ``nn.Linear``: (x_0 w_0 + x_1 w_1 + ...) + b, in torch's order."""
    total = inputs[0] * weights[0]
    for x, w in zip(inputs[1:], weights[1:], strict=True):
        total = total + x * w
    return total + bias


def xor(dtype: type = np.float32, log: Log = None, on_backward: OnBackward = None,
        steps: int = 10001) -> Trace:
    """The course's XOR network (lab-08_2_xor_nn), micrograd's classic demo done exactly: a
    2-2-1 network, ``nn.Sequential(Linear(2, 2), Sigmoid, Linear(2, 1), Sigmoid)``, started
    from the weights torch draws after ``manual_seed(777)``, ``nn.BCELoss`` (the mean of the
    four points' binary cross-entropies), SGD lr 1, 10,001 steps. Logs
    ``print(step, cost.item())`` every 100 steps, as the chapter does:
    ``0 0.7434073090553284``."""
    from reference import scenarios
    from reference.course import XOR_X, XOR_Y, initial_params

    init = initial_params(scenarios.get("xor-2layer"))
    w1 = [[Value(dtype(v), label=f"0.weight[{j}][{k}]") for k, v in enumerate(row)]
          for j, row in enumerate(init["0.weight"])]
    b1 = [Value(dtype(v), label=f"0.bias[{j}]") for j, v in enumerate(init["0.bias"])]
    w2 = [[Value(dtype(v), label=f"2.weight[0][{k}]") for k, v in enumerate(init["2.weight"][0])]]
    b2 = [Value(dtype(init["2.bias"][0]), label="2.bias[0]")]
    params = {p.label: p for p in [*w1[0], *w1[1], *b1, *w2[0], *b2]}
    xs = [[dtype(v) for v in row] for row in XOR_X]
    ys = [dtype(row[0]) for row in XOR_Y]
    lr = dtype(1)
    trace = []
    for step in range(steps):
        for p in params.values():
            p.zero_grad()  # optimizer.zero_grad()
        losses = []
        for x, y in zip(xs, ys, strict=True):
            hidden = [linear(x, w1[j], b1[j]).sigmoid() for j in range(2)]
            hypothesis = linear(hidden, w2[0], b2[0]).sigmoid()
            losses.append(hypothesis.binary_cross_entropy(y))
        cost = sum(losses) / len(losses)  # nn.BCELoss(): the mean
        cost.backward()
        if on_backward:
            on_backward(step, cost)
        sgd_step(list(params.values()), lr)
        trace.append(_record(step, cost, params))
        if log and step % 100 == 0:
            log(f"{step} {float(cost.data)}")
    return trace


LOOPS: dict[str, Callable[..., Trace]] = {"000": seed000, "003": seed003, "004": seed004,
                                          "xor": xor}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m reference.scalar_loops SEED [--float64] [--draw PATH [--epoch N]]``.

    Prints the loop's log; with ``--draw``, also draws the graph of epoch N's cost (after
    its backward pass, before its step) to PATH (.png/.svg need Graphviz; .dot is text).
    """
    parser = argparse.ArgumentParser(prog="python -m reference.scalar_loops",
                                     description="A tutorial loop on minigrad.scalar.Value.")
    parser.add_argument("seed", choices=sorted(LOOPS))
    parser.add_argument("--float64", action="store_true", help="Python floats, not float32")
    parser.add_argument("--draw", metavar="PATH", help="draw one epoch's graph to PATH")
    parser.add_argument("--epoch", type=int, default=None,
                        help="the epoch to draw (default: the first)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    graphs: list[str] = []

    def keep(epoch: int, cost: Value) -> None:  # the DOT text now: the step changes W, b
        if not graphs and (args.epoch is None or epoch == args.epoch):
            cost.label = "cost"
            graphs.append(to_dot(cost, name=f"seed {args.seed}, epoch {epoch}"))

    dtype = float if args.float64 else np.float32
    LOOPS[args.seed](dtype=dtype, log=print, on_backward=keep if args.draw else None)
    if args.draw:
        if not graphs:
            print(f"epoch {args.epoch} is not an epoch of seed {args.seed}", file=sys.stderr)
            return 2
        path = render(graphs[0], args.draw)
        print(f"drew the graph to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
