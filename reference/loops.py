"""One loop source per scenario family, run on ``torch`` or ``minigrad``.

``train(lib, scenario)`` executes a tutorial loop written against the torch-shaped API — the
same lines the pages print (``x_train * W + b``, ``torch.mean((hypothesis - y_train) ** 2)``,
``optimizer.zero_grad(); cost.backward(); optimizer.step()``) — with ``lib`` being the
``torch`` module or the ``minigrad`` module, and records a :class:`reference.trace.Trace`.

Initial parameters are drawn once (numpy, torch-free: ``scenarios.initial_params``) and copied
into each library with ``lib.tensor(array.copy())`` so no two engines ever share memory.
This module never imports torch itself: the caller passes the library in.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

import numpy as np

from reference import course
from reference.scenarios import Scenario, initial_params
from reference.trace import Trace

__all__ = ["train", "engine_name", "load_engine"]


def engine_name(lib: ModuleType) -> str:
    """``"torch"`` or ``"minigrad"`` (the top-level module name)."""
    return lib.__name__.split(".")[0]


def load_engine(name: str) -> ModuleType:
    """Import ``torch`` (single-threaded, after setting ``ATEN_CPU_CAPABILITY=default`` if
    the environment has no value yet) or ``minigrad``."""
    if name == "torch":
        import os

        os.environ.setdefault("ATEN_CPU_CAPABILITY", "default")
        torch = importlib.import_module("torch")
        torch.set_num_threads(1)
        return torch
    if name == "minigrad":
        return importlib.import_module("minigrad")
    raise ValueError(f"unknown engine {name!r} (torch or minigrad)")


def _np(t) -> np.ndarray:
    """A numpy copy of a tensor of either library (None stays None)."""
    if t is None:
        return None
    return np.array(t.detach().numpy(), copy=True)


def _item_or_tensor(t):
    return t.item() if int(np.prod(t.shape)) == 1 else t


def _model_class(lib: ModuleType, features: int):
    """The pages' ``class LinearRegressionModel(nn.Module)`` holding ``nn.Linear(f, 1)``."""

    class LinearRegressionModel(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = lib.nn.Linear(features, 1)

        def forward(self, x):
            return self.linear(x)

    return LinearRegressionModel


def _loss_fn(lib: ModuleType, kind: str, n: int) -> Callable:
    """The page's cost expression for ``kind`` (see ``reference.scenarios``)."""
    F = importlib.import_module(lib.__name__ + ".nn.functional")
    if kind == "mean_sq":
        return lambda h, y: lib.mean((h - y) ** 2)
    if kind == "mean_sq_method":
        return lambda h, y: ((h - y) ** 2).mean()
    if kind == "sum_sq_over_n":
        return lambda h, y: lib.sum(((h - y) ** 2) / n)
    if kind == "mse_loss":
        return lambda h, y: F.mse_loss(h, y)
    if kind == "MSELoss":
        return lib.nn.MSELoss()
    if kind == "L1Loss":
        return lib.nn.L1Loss()
    if kind == "sum_abs":
        return lambda h, y: lib.sum(lib.abs(h - y))
    raise ValueError(f"unknown loss {kind!r}")


class _Model:
    """Holds the parameters (as the page names them) and computes the hypothesis."""

    def __init__(self, lib, scenario: Scenario, init: dict, use_lib_rng: bool):
        self.lib, self.sc = lib, scenario
        dtype = getattr(lib, scenario.dtype)
        self.module = None
        if scenario.model == "linear":
            cls = _model_class(lib, scenario.features())
            rng_seed = scenario.init.seed if scenario.init.kind == "torch_linear" else None
            if rng_seed is not None and (use_lib_rng or scenario.batch_size):
                lib.manual_seed(rng_seed)  # the shuffle (if any) continues this stream
                for _ in range(scenario.init.skip):
                    cls()
            self.module = cls()
            if not use_lib_rng:
                lin = self.module.linear
                lin.weight = lib.nn.Parameter(lib.tensor(init["weight"].copy(), dtype=dtype))
                lin.bias = lib.nn.Parameter(lib.tensor(init["bias"].copy(), dtype=dtype))
            self.tensors = None
        else:
            self.tensors = {
                k: lib.tensor(v.copy(), dtype=dtype, requires_grad=True) for k, v in init.items()
            }

    def names(self) -> list[str]:
        return ["weight", "bias"] if self.module is not None else list(self.tensors)

    def parameters(self) -> list:
        if self.module is not None:
            return list(self.module.parameters())
        return list(self.tensors.values())

    def __call__(self, x):
        m = self.sc.model
        if m == "linear":
            return self.module(x)
        t = self.tensors
        if m == "wx+b":
            return x * t["W"] + t["b"]
        if m == "wx":
            return x * t["W"]
        if m == "w1x1+w2x2+w3x3+b":
            x1, x2, x3 = x  # the page's x1_train, x2_train, x3_train
            return x1 * t["w1"] + x2 * t["w2"] + x3 * t["w3"] + t["b"]
        if m == "x@W+b":
            return x.matmul(t["W"]) + t["b"]
        raise ValueError(f"unknown model {m!r}")


def _namespace(sc: Scenario, epoch: int, cost, names: list[str], params: list, extra: dict):
    """What a log line may refer to: the page's variables, items and tensors."""
    ns = {
        "epoch": epoch,
        "nb_epochs": sc.nb_epochs,
        "total": sc.n_epochs,
        "cost": cost.item(),
        "cost_t": cost,
        "params_t": params,
        "params": [_item_or_tensor(p) for p in params],
    }
    for name, p in zip(names, params, strict=True):
        ns[name] = _item_or_tensor(p)
        ns[name + "_t"] = p
    if names == ["weight", "bias"]:
        ns["W"], ns["b"] = ns["weight"], ns["bias"]
    ns.update(extra)
    return ns


def _emit(trace: Trace, sc: Scenario, ns: dict, echo: Callable[[str], None] | None) -> None:
    line = sc.log(ns) if callable(sc.log) else sc.log.format(**ns)
    trace.log.append(line)
    if echo is not None:
        echo(line)


def train(
    lib: ModuleType,
    scenario: Scenario,
    init: dict[str, np.ndarray] | None = None,
    *,
    use_lib_rng: bool = False,
    epochs: int | None = None,
    on_cost: Callable | None = None,
    echo: Callable[[str], None] | None = None,
) -> Trace:
    """Run ``scenario`` with ``lib`` (the torch or minigrad module) and return its Trace.

    ``init`` overrides the scenario's starting parameters (name -> array); ``use_lib_rng``
    lets the library draw them itself (``lib.manual_seed`` + building the models, as the page
    did) instead of copying the torch-free emulation in; ``epochs`` cuts the run short;
    ``on_cost(epoch, cost, named)`` sees each cost tensor before ``backward()`` together with
    the tensors it was built from by the page's names (``x_train``, ``y_train``, ``W``, ...,
    for labelling a drawing); ``echo`` receives each log line as it is produced.
    """
    sc = scenario
    if init is None and not (use_lib_rng and sc.init.kind == "torch_linear"):
        init = initial_params(sc)
    if hasattr(lib, "set_num_threads"):
        lib.set_num_threads(1)
    dtype = getattr(lib, sc.dtype)
    trace = Trace(sc.name, engine_name(lib), sc.dtype)
    x_np, y_np = sc.data()
    npdt = np.dtype(sc.dtype)
    x = lib.tensor(x_np.astype(npdt), dtype=dtype)
    y = (lib.tensor(y_np.astype(np.int64), dtype=lib.long) if sc.labels
         else lib.tensor(y_np.astype(npdt), dtype=dtype))
    if sc.normalize:  # the training-tips chapter: (x_train - mu) / sigma
        mu = x.mean(dim=0)
        sigma = x.std(dim=0)
        x = (x - mu) / sigma
    if sc.model == "w1x1+w2x2+w3x3+b":
        x = tuple(lib.tensor(np.ascontiguousarray(x_np[:, j : j + 1]).astype(npdt), dtype=dtype)
                  for j in range(3))
    stop = sc.epochs[1] if epochs is None else sc.epochs[0] + epochs

    if sc.model == "demo":
        return _train_demo(lib, sc, init, trace, dtype, on_cost, echo)

    if sc.model in course.MODELS:
        model, loss_fn = course.make_model(lib, sc, init, use_lib_rng), course.loss_fn(lib, sc.loss)
    else:
        model, loss_fn = _Model(lib, sc, init, use_lib_rng), _loss_fn(lib, sc.loss, len(x_np))
    names = model.names()

    if sc.update == "nonleaf":
        return _train_nonleaf(lib, sc, model, x, y, loss_fn, trace, stop, on_cost, echo)

    optimizer = lib.optim.SGD(model.parameters(), **sc.sgd_kwargs())
    if sc.batch_size:
        data_mod = importlib.import_module(lib.__name__ + ".utils.data")
        dataset = data_mod.TensorDataset(x, y)
        loader = data_mod.DataLoader(dataset, batch_size=sc.batch_size, shuffle=True)
    for epoch in range(sc.epochs[0], stop):
        batches = enumerate(loader) if sc.batch_size else [(0, (x, y))]
        for batch_idx, (xb, yb) in batches:
            hypothesis = model(xb)
            cost = loss_fn(hypothesis, yb)
            if on_cost is not None:
                xs = xb if isinstance(xb, tuple) else (xb,)
                named = {f"x{j + 1 if len(xs) > 1 else ''}_train": t for j, t in enumerate(xs)}
                named["y_train"] = yb
                if model.module is not None:
                    pnames = model.names() if sc.model in course.MODELS else ("weight", "bias")
                    named.update(zip(pnames, model.parameters(), strict=True))
                else:
                    named.update(model.tensors)
                on_cost(epoch, cost, named)
            params = model.parameters()
            logging = (epoch % sc.log_every == 0) if sc.log else False
            extra = {"batch": batch_idx + 1, "n_batches": len(loader) if sc.batch_size else 1}
            if logging and sc.log_before_step:
                _emit(trace, sc, _namespace(sc, epoch, cost, names, params, extra), echo)
            optimizer.zero_grad()
            cost.backward()
            grads = {n: _np(p.grad) for n, p in zip(names, params, strict=True)}
            optimizer.step()
            step = f"epoch {epoch}" + (f" batch {batch_idx + 1}" if sc.batch_size else "")
            trace.record(step, _np(cost), grads, {n: _np(p) for n, p in zip(names, params,
                                                                             strict=True)})
            if logging and not sc.log_before_step:
                if isinstance(sc.log, str) and "{hypothesis" in sc.log:
                    extra["hypothesis"] = hypothesis.squeeze().detach()
                _emit(trace, sc, _namespace(sc, epoch, cost, names, params, extra), echo)
    _finish(lib, sc, model, x, trace, dtype, echo)
    return trace


def _finish(lib, sc: Scenario, model, x, trace: Trace, dtype, echo) -> None:
    """Keep the fitted outputs on the training data and the page's prediction, if any."""
    with lib.no_grad():
        trace.extra["fit"] = _np(model(x))
        if sc.test_data is not None:  # the training-tips chapter's test(): accuracy and cost
            xt_np, yt_np = sc.test_data()
            xt = lib.tensor(xt_np.astype(np.dtype(sc.dtype)), dtype=dtype)
            yt = lib.tensor(yt_np.astype(np.int64), dtype=lib.long)
            prediction = model(xt)
            correct = (prediction.max(1)[1] == yt).sum().item()
            cost = course.loss_fn(lib, sc.loss)(prediction, yt).item()
            trace.extra["test"] = (correct / len(yt_np) * 100, cost)
            line = f"Accuracy: {correct / len(yt_np) * 100}% Cost: {cost:.6f}"
            trace.log.append(line)
            if echo is not None:
                echo(line)
        if sc.predict is not None:
            shape = (1, 1) if sc.model in ("linear", "wx+b", "wx") else (1, 3)
            q = lib.tensor(np.full(shape, sc.predict, dtype=np.dtype(sc.dtype)), dtype=dtype)
            pred = model(q).item()
            trace.extra["prediction"] = pred
            line = f"predict x={sc.predict:g}: {pred:.6f}"
            trace.log.append(line)
            if echo is not None:
                echo(line)


def _train_nonleaf(lib, sc, model, x, y, loss_fn, trace, stop, on_cost, echo) -> Trace:
    """Seed 002's autograd loop: no optimiser, the parameters are rebuilt every epoch.

    ``w.retain_grad()`` then ``loss.backward()`` then ``w = w - learning_rate * w.grad``:
    after the first epoch ``w`` is a non-leaf whose graph reaches back to the first leaf.
    """
    learning_rate = sc.lr
    w, b = model.tensors["W"], model.tensors["b"]
    for epoch in range(sc.epochs[0], stop):
        y_hat = x * w + b
        loss = loss_fn(y_hat, y)
        if on_cost is not None:
            on_cost(epoch, loss, {"x": x, "y": y, "w": w, "b": b})
        w.retain_grad()
        b.retain_grad()
        loss.backward()
        grads = {"W": _np(w.grad), "b": _np(b.grad)}
        w = w - learning_rate * w.grad
        b = b - learning_rate * b.grad
        trace.record(f"epoch {epoch}", _np(loss), grads, {"W": _np(w), "b": _np(b)})
        if sc.log and epoch % sc.log_every == 0:
            _emit(trace, sc, _namespace(sc, epoch, loss, ["W", "b"], [w, b], {}), echo)
    with lib.no_grad():
        trace.extra["fit"] = _np(x * w + b)
    return trace


def _train_demo(lib, sc, init, trace, dtype, on_cost, echo) -> Trace:
    """Seed 001's backward demo: ``loss = sum(abs(2*(x*2) + 3 - target))``; ``x.grad``."""
    x_np, t_np = sc.data()
    x = lib.tensor(init["x"].copy(), dtype=dtype, requires_grad=True)
    y = x * 2
    z = 2 * y + 3
    target = lib.tensor(t_np.astype(np.dtype(sc.dtype)), dtype=dtype)
    loss = lib.sum(lib.abs(z - target))
    if on_cost is not None:
        on_cost(0, loss, {"x": x, "target": target})
    loss.backward()
    trace.record("backward", _np(loss), {"x": _np(x.grad)}, {"x": _np(x)})
    line = str(x.grad)
    trace.log.append(line)
    if echo is not None:
        echo(line)
    return trace
