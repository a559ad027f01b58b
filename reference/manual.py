"""The torch-free third witness: the scenarios' loops in numpy with hand-derived gradients.

For a linear model ``h = X w + b`` (the forms of ``reference.scenarios``) and a cost on the
residual ``d = h - y`` over ``n`` samples:

* MSE ``mean(d**2)``:      ``dC/dh = 2 d / n``
* sum of ``d**2 / n``:     ``dC/dh = 2 d / n``
* L1 ``mean(|d|)``:        ``dC/dh = sign(d) / n``    (``sign(0) = 0``: torch's ``abs'(0)``)
* sum of ``|d|``:          ``dC/dh = sign(d)``
* chain rule to the parameters: ``dC/dw_j = sum_i dC/dh_i * x_ij``, ``dC/db = sum_i dC/dh_i``

then SGD exactly as ``torch.optim.SGD`` documents it (weight decay, momentum with dampening,
nesterov, maximize). In float32 every step is rounded in the order torch's CPU kernels round
it when run with ``ATEN_CPU_CAPABILITY=default`` (two roundings for ``a + alpha * b``, the
mean's ``1/n`` applied before the ``2 d`` product, ``F.mse_loss``'s ``d * float32(2/n)``,
torch's summation order (``minigrad.kernels.torch_order``, tested against torch), a sequential
sum for the weight gradient of ``nn.Linear(1, 1)``), so on the 1-feature scenarios it reproduces
torch bit for bit.
Where torch hands the product to a BLAS (``matmul``, ``nn.Linear(3, 1)``) numpy's BLAS is used
and the agreement is within tolerance only.
"""

from __future__ import annotations

import numpy as np

from minigrad.kernels.torch_order import torch_sum
from reference.scenarios import Scenario, initial_params
from reference.torchrng import TorchCPUGenerator, dataloader_orders, linear_init
from reference.trace import Trace

__all__ = ["train_numpy", "supports", "NumpySGD", "FakeTensor"]

_SUPPORTED_LOSSES = {"mean_sq", "mean_sq_method", "sum_sq_over_n", "mse_loss", "MSELoss",
                     "L1Loss", "sum_abs"}


def supports(scenario: Scenario) -> bool:
    """Whether the witness has hand-derived gradients for this scenario."""
    from reference.course import MODELS

    if scenario.model in MODELS:
        return scenario.witness
    return scenario.witness and scenario.loss in _SUPPORTED_LOSSES


class FakeTensor:
    """Just enough of a tensor for the pages' log lines: ``item``, ``float``, ``.data``,
    ``f"{t}"`` of a 0-d value (the float's repr, as torch does) and a torch-like ``str``."""

    def __init__(self, value: np.ndarray, requires_grad: bool = False):
        self.value = np.asarray(value)
        self.requires_grad = requires_grad

    def item(self) -> float:
        return self.value.item()

    def __float__(self) -> float:
        return float(self.value.reshape(-1)[0])

    @property
    def data(self) -> FakeTensor:
        return FakeTensor(self.value)

    def squeeze(self) -> FakeTensor:
        return FakeTensor(self.value.squeeze(), self.requires_grad)

    def detach(self) -> FakeTensor:
        return FakeTensor(self.value)

    def __format__(self, spec: str) -> str:
        if self.value.ndim == 0:
            return format(self.value.item(), spec)
        return format(str(self), spec)

    def __str__(self) -> str:
        v = self.value
        flat = v.reshape(-1).astype(np.float64)
        finite = flat[np.isfinite(flat)]
        if finite.size and np.all(finite == np.round(finite)) and np.abs(finite).max() < 1e8:
            items = [f"{e:.0f}." for e in flat]
        else:
            nz = np.abs(finite[finite != 0])
            sci = nz.size and (nz.max() / nz.min() > 1000 or nz.max() > 1e8 or nz.min() < 1e-4)
            items = [f"{e:.4e}" if sci else f"{e:.4f}" for e in flat]
        width = max(len(s) for s in items)
        body = ", ".join(s.rjust(width) for s in items)
        body = body if v.ndim == 0 else f"[{body}]"
        extra = "" if v.dtype == np.float32 else f", dtype=torch.{v.dtype}"
        grad = ", requires_grad=True" if self.requires_grad else ""
        return f"tensor({body}{extra}{grad})"

    __repr__ = __str__


class NumpySGD:
    """``torch.optim.SGD``'s update rule on numpy arrays, rounding like torch at
    ``ATEN_CPU_CAPABILITY=default`` (each ``x + alpha * y`` is two roundings)."""

    def __init__(self, dtype, lr, momentum=0.0, dampening=0.0, weight_decay=0.0,
                 nesterov=False, maximize=False):
        c = np.dtype(dtype).type
        self.neg_lr, self.momentum, self.one_minus_damp = c(-lr), c(momentum), c(1 - dampening)
        self.weight_decay, self.nesterov, self.maximize = c(weight_decay), nesterov, maximize
        self.use_wd, self.use_m = weight_decay != 0, momentum != 0
        self.buf: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update ``params`` in place from ``grads`` (same keys)."""
        for k, p in params.items():
            g = -grads[k] if self.maximize else grads[k]
            if self.use_wd:
                g = g + self.weight_decay * p  # grad.add(p, alpha=weight_decay)
            if self.use_m:
                if k not in self.buf:
                    self.buf[k] = g.copy()  # first step: buf = clone(grad)
                else:  # buf.mul_(momentum).add_(grad, alpha=1 - dampening)
                    self.buf[k] = self.buf[k] * self.momentum + self.one_minus_damp * g
                g = g + self.momentum * self.buf[k] if self.nesterov else self.buf[k]
            p[...] = p + self.neg_lr * g  # p.add_(g, alpha=-lr)


def _cost_and_dh(kind: str, d: np.ndarray, dt) -> tuple[np.generic, np.ndarray]:
    """The cost of residuals ``d`` and its gradient with respect to the hypothesis."""
    c = dt.type
    n = d.size
    if kind in ("mean_sq", "mean_sq_method"):
        # MeanBackward0: 1 / n; PowBackward0: grad * (2 * d)
        cost = (torch_sum(d * d) / c(n)).astype(dt)
        return cost, (c(1) / c(n)) * (c(2) * d)
    if kind in ("mse_loss", "MSELoss"):
        # mse_loss_backward: (input - target) * float(2 / n) * grad_output
        cost = (torch_sum(d * d) / c(n)).astype(dt)
        return cost, d * c(2.0 / n)
    if kind == "sum_sq_over_n":
        # SumBackward0: 1; DivBackward0: 1 / n; PowBackward0: * (2 * d)
        cost = torch_sum((d * d) / c(n))
        return cost, (c(1) / c(n)) * (c(2) * d)
    if kind == "L1Loss":
        cost = (torch_sum(np.abs(d)) / c(n)).astype(dt)
        return cost, (c(1) / c(n)) * np.sign(d)
    if kind == "sum_abs":
        return torch_sum(np.abs(d)), np.sign(d).astype(dt)
    raise ValueError(f"no hand-derived gradient for loss {kind!r}")


def _seq_dot(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``x @ w`` for ``x`` (n, k), ``w`` (k,) -> (n, 1) as torch's CPU mm does for k <= 4:
    left to right over k, product and sum each rounded. (For k >= 5 torch's kernel uses
    another order, not reproduced: numpy's BLAS is used and agreement is within tolerance.)"""
    if x.shape[1] > 4:
        return (x @ w.reshape(-1, 1)).astype(x.dtype)
    acc = x[:, 0] * w[0]
    for j in range(1, x.shape[1]):
        acc = acc + x[:, j] * w[j]
    return acc.reshape(-1, 1)


def _seq_colsum(a: np.ndarray) -> np.ndarray:
    """Column sums of ``a`` (n, k) left to right: torch's ``x.t() @ g`` for a (n, 1) ``g``."""
    return np.add.accumulate(a, axis=0)[-1]


def _forward(model: str, p: dict, x: np.ndarray) -> np.ndarray:
    if model == "wx+b":
        return x * p["W"] + p["b"]
    if model == "wx":
        return x * p["W"]
    if model == "w1x1+w2x2+w3x3+b":
        return x[:, 0:1] * p["w1"] + x[:, 1:2] * p["w2"] + x[:, 2:3] * p["w3"] + p["b"]
    if model == "x@W+b":
        return _seq_dot(x, p["W"][:, 0]) + p["b"]
    if model == "linear":
        w = p["weight"]
        return (x * w[0, 0] if w.shape == (1, 1) else _seq_dot(x, w[0])) + p["bias"]
    raise ValueError(f"unknown model {model!r}")


def _backward(model: str, p: dict, x: np.ndarray, gh: np.ndarray) -> dict[str, np.ndarray]:
    """dC/dparam from dC/dh, summing in torch's order where torch's order is known."""
    dt = gh.dtype
    if model in ("wx+b", "wx"):
        out = {"W": np.array([torch_sum(gh * x)], dtype=dt)}
        if model == "wx+b":
            out["b"] = np.array([torch_sum(gh)], dtype=dt)
        return out
    if model == "w1x1+w2x2+w3x3+b":
        out = {f"w{j + 1}": np.array([torch_sum(gh * x[:, j : j + 1])], dtype=dt)
               for j in range(3)}
        out["b"] = np.array([torch_sum(gh)], dtype=dt)
        return out
    if model == "x@W+b":
        # MmBackward0: x.t() @ grad, a running sum over the samples for each feature
        gw = _seq_colsum(x * gh).reshape(-1, 1)
        return {"W": gw, "b": np.array([torch_sum(gh)], dtype=dt)}
    if model == "linear":
        # AddmmBackward0: grad.t() @ x (a running sum over samples); bias: grad.sum(0)
        gw = _seq_colsum(x * gh).reshape(1, -1)
        return {"weight": gw, "bias": np.array([torch_sum(gh)], dtype=dt)}
    raise ValueError(f"unknown model {model!r}")


def _log(trace: Trace, sc: Scenario, epoch: int, cost, params: dict, extra: dict, echo) -> None:
    names = list(params)
    ts = [FakeTensor(params[k].copy(), requires_grad=sc.update != "nonleaf") for k in names]
    if sc.update == "nonleaf":
        ts = [FakeTensor(params[k].copy()) for k in names]
    ns = {"epoch": epoch, "nb_epochs": sc.nb_epochs, "total": sc.n_epochs,
          "cost": cost.item(), "cost_t": FakeTensor(cost), "params_t": ts,
          "params": [t.item() if t.value.size == 1 else t for t in ts]}
    for k, t in zip(names, ts, strict=True):
        ns[k] = t.item() if t.value.size == 1 else t
        ns[k + "_t"] = t
    if names == ["weight", "bias"]:
        ns["W"], ns["b"] = ns["weight"], ns["bias"]
    ns.update(extra)
    line = sc.log(ns) if callable(sc.log) else sc.log.format(**ns)
    trace.log.append(line)
    if echo is not None:
        echo(line)


def train_numpy(
    scenario: Scenario,
    init: dict[str, np.ndarray] | None = None,
    *,
    epochs: int | None = None,
    echo=None,
) -> Trace:
    """Run ``scenario`` in numpy with hand-derived gradients and return its Trace."""
    sc = scenario
    if not supports(sc):
        raise ValueError(f"the numpy witness does not cover {sc.name!r}")
    from reference import course

    if sc.model in course.MODELS:
        return course.train_numpy(sc, init, epochs=epochs, echo=echo)
    dt = np.dtype(sc.dtype)
    params = {k: np.array(v, dtype=dt, copy=True) for k, v in (init or initial_params(sc)).items()}
    x, y = (a.astype(dt) for a in sc.data())
    trace = Trace(sc.name, "numpy", sc.dtype)
    if sc.model == "demo":
        d = (dt.type(2) * (params["x"] * dt.type(2)) + dt.type(3)) - y
        cost, gz = _cost_and_dh("sum_abs", d, dt)
        g = dt.type(2) * (dt.type(2) * gz)  # through z = 2*y + 3 and y = x*2
        trace.record("backward", cost, {"x": g}, {"x": params["x"]})
        trace.log.append(str(FakeTensor(g)))
        if echo is not None:
            echo(trace.log[-1])
        return trace
    stop = sc.epochs[1] if epochs is None else sc.epochs[0] + epochs
    page_numpy = sc.loss == "sum_sq_over_n" and not sc.sgd
    sgd = NumpySGD(dt, **sc.sgd_kwargs())
    orders = None
    if sc.batch_size:
        gen = TorchCPUGenerator(sc.shuffle_seed)
        if sc.init.kind == "torch_linear":  # building the model consumed these draws
            for _ in range(sc.init.skip + 1):
                linear_init(gen, sc.features(), 1)
        orders = dataloader_orders(gen, len(x), stop - sc.epochs[0])
    for e, epoch in enumerate(range(sc.epochs[0], stop)):
        if orders is None:
            batches = [(x, y)]
        else:
            o = orders[e]
            batches = [(x[o[i : i + sc.batch_size]], y[o[i : i + sc.batch_size]])
                       for i in range(0, len(o), sc.batch_size)]
        for bi, (xb, yb) in enumerate(batches):
            h = _forward(sc.model, params, xb)
            if page_numpy:
                cost, grads = _page_002(params, xb, yb)
            else:
                cost, gh = _cost_and_dh(sc.loss, h - yb, dt)
                grads = _backward(sc.model, params, xb, gh.astype(dt))
            logging = bool(sc.log) and epoch % sc.log_every == 0
            extra = {"batch": bi + 1, "n_batches": len(batches), "hypothesis": FakeTensor(
                h.squeeze())}
            if logging and sc.log_before_step:
                _log(trace, sc, epoch, cost, params, extra, echo)
            sgd.step(params, grads)
            step = f"epoch {epoch}" + (f" batch {bi + 1}" if orders is not None else "")
            trace.record(step, cost, grads, params)
            if logging and not sc.log_before_step:
                _log(trace, sc, epoch, cost, params, extra, echo)
    trace.extra["fit"] = _forward(sc.model, params, x)
    if sc.predict is not None:
        q = np.full((1, 1), sc.predict, dtype=dt)
        pred = _forward(sc.model, params, q).item()
        trace.extra["prediction"] = pred
        trace.log.append(f"predict x={sc.predict:g}: {pred:.6f}")
        if echo is not None:
            echo(trace.log[-1])
    return trace


def _page_002(p: dict, x: np.ndarray, y: np.ndarray):
    """Seed 002's numpy cell, verbatim maths (float64)."""
    n_data = len(x)
    hypothesis = x * p["W"] + p["b"]
    cost = np.sum(((hypothesis - y) ** 2) / n_data)
    gradient_w = np.sum((p["W"] * x - y + p["b"]) * 2 * x) / n_data
    gradient_b = np.sum((p["W"] * x - y + p["b"]) * 2) / n_data
    return cost, {"W": np.array([gradient_w]), "b": np.array([gradient_b])}
