"""The contenders: one epoch of the seeds' loop (hypothesis = x*W + b, MSE mean, SGD) per library.

Every contender is built from the same :class:`Problem` (the data and the starting W, b) and
returns a :class:`Loop`: ``epoch()`` runs one full epoch (forward, cost, backward, step) and
``params()`` reads W and b back as Python floats. The torch-shaped loops are written once and
run with ``lib=torch`` or ``lib=minigrad``, so both libraries execute the very same code.
"""

from __future__ import annotations

import atexit
import importlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

LR = 0.01
"""The seeds' learning rate."""


@dataclass(frozen=True)
class Problem:
    """The data of one benchmark cell: x in [0, 1), y = 2x + 1 + noise, both shaped (N, 1)."""

    x: np.ndarray
    y: np.ndarray
    dtype: np.dtype
    w0: float = 0.0
    b0: float = 0.0
    lr: float = LR

    @property
    def n(self) -> int:
        """The number of data points N."""
        return int(self.x.shape[0])


def make_problem(n: int, dtype: str | np.dtype, seed: int = 0) -> Problem:
    """Draw the data for size ``n``: x uniform in [0, 1) so that no size diverges at lr 0.01."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 1))
    y = 2.0 * x + 1.0 + 0.1 * rng.standard_normal((n, 1))
    dt = np.dtype(dtype)
    return Problem(x=x.astype(dt), y=y.astype(dt), dtype=dt)


class Loop(NamedTuple):
    """A built contender: call ``epoch()`` to train one epoch, ``params()`` to read (W, b)."""

    epoch: Callable[[], None]
    params: Callable[[], tuple[float, float]]


@dataclass(frozen=True)
class Contender:
    """One way of running the loop.

    ``requires`` names the modules that must import for the contender to run (it is skipped
    otherwise); ``max_n`` bounds the sizes it runs at (scalar engines); ``memory_method`` says
    how its peak memory is measured (see :mod:`benchmarks.memory`).
    """

    name: str
    label: str
    family: str
    build: Callable[[Problem], Loop]
    requires: tuple[str, ...]
    memory_method: str = "tracemalloc"
    max_n: int | None = None
    note: str = ""
    info_only: bool = field(default=False)

    probe: Callable[[], str | None] | None = None

    def unavailable_reason(self) -> str | None:
        """Return why this contender cannot run here (a missing module, or what ``probe``
        found: a library that imports but cannot compute here), or None."""
        for module in self.requires:
            try:
                importlib.import_module(module)
            except Exception as exc:  # noqa: BLE001 - any import failure means "skip"
                return f"{module} not importable ({type(exc).__name__}: {exc})"
        return self.probe() if self.probe is not None else None

    def runs_at(self, n: int) -> bool:
        """Whether the contender is run at size ``n``."""
        return self.max_n is None or n <= self.max_n


# --- numpy with hand-derived gradients -------------------------------------------------------


def build_numpy_hand(p: Problem, with_cost: bool = True) -> Loop:
    """numpy, gradients derived by hand (the 002 seed's formulas), cost computed as well.

    cost = mean(err^2) with err = x*w + b - y; d cost/dw = 2 mean(err*x), d cost/db = 2 mean(err).
    """
    x, y = p.x.copy(), p.y.copy()
    w = np.array([p.w0], dtype=p.dtype)
    b = np.array([p.b0], dtype=p.dtype)
    lr = p.dtype.type(p.lr)

    def epoch() -> None:
        err = x * w + b - y
        if with_cost:
            cost = np.mean(err**2)  # noqa: F841 - computed, as an autograd engine must
        grad_w = 2 * np.mean(err * x)
        grad_b = 2 * np.mean(err)
        w[...] -= lr * grad_w
        b[...] -= lr * grad_b

    return Loop(epoch, lambda: (float(w[0]), float(b[0])))


# --- torch-shaped loops, written once for torch and minigrad ---------------------------------


def _tensors(lib: Any, p: Problem) -> tuple[Any, Any, Any]:
    dt = getattr(lib, p.dtype.name)
    return lib.tensor(p.x, dtype=dt), lib.tensor(p.y, dtype=dt), dt


def build_manual_sgd(lib: Any, p: Problem) -> Loop:
    """The 000 seed's loop: W, b leaf tensors, ``optim.SGD``, cost = mean((x*W + b - y)**2)."""
    x, y, dt = _tensors(lib, p)
    W = lib.tensor([p.w0], dtype=dt, requires_grad=True)
    b = lib.tensor([p.b0], dtype=dt, requires_grad=True)
    optimizer = lib.optim.SGD([W, b], lr=p.lr)

    def epoch() -> None:
        hypothesis = x * W + b
        cost = lib.mean((hypothesis - y) ** 2)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()

    return Loop(epoch, lambda: (float(W.item()), float(b.item())))


def build_minigrad(builder: Callable[[Any, Problem], Loop], kernels: str = "exact") -> Callable:
    """A minigrad loop under the kernel set ``kernels`` (``minigrad.set_kernels``).

    The set is chosen when the loop is built and checked before every epoch (one attribute
    read and compare): in a worker process of its own the loop never switches; timed in one
    process with other minigrad contenders (``--in-process``) it switches once per sample."""

    def build(p: Problem) -> Loop:
        mg = _lib("minigrad")
        mg.set_kernels(kernels)
        loop = builder(mg, p)
        get, choose, inner = mg.get_kernels, mg.set_kernels, loop.epoch

        def epoch() -> None:
            if get() != kernels:
                choose(kernels)
            inner()

        return Loop(epoch, loop.params)

    return build


def _linear(lib: Any, p: Problem, dt: Any) -> Any:
    try:
        model = lib.nn.Linear(1, 1, dtype=dt)
    except TypeError:  # a Linear without the dtype keyword: set the parameters' data instead
        model = lib.nn.Linear(1, 1)
        model.weight.data = np.zeros((1, 1), dtype=p.dtype)
        model.bias.data = np.zeros((1,), dtype=p.dtype)
    lib.nn.init.constant_(model.weight, p.w0)
    lib.nn.init.constant_(model.bias, p.b0)
    return model


def build_linear(lib: Any, p: Problem) -> Loop:
    """The 000 seed's second loop: ``nn.Linear(1, 1)`` + ``F.mse_loss`` + ``optim.SGD``."""
    x, y, dt = _tensors(lib, p)
    model = _linear(lib, p, dt)
    F = lib.nn.functional
    optimizer = lib.optim.SGD(model.parameters(), lr=p.lr)

    def epoch() -> None:
        prediction = model(x)
        cost = F.mse_loss(prediction, y)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()

    return Loop(epoch, lambda: (float(model.weight.item()), float(model.bias.item())))


def build_nograd(lib: Any, p: Problem) -> Loop:
    """Manual W, b updated in place under ``no_grad`` (no optimizer object)."""
    x, y, dt = _tensors(lib, p)
    W = lib.tensor([p.w0], dtype=dt, requires_grad=True)
    b = lib.tensor([p.b0], dtype=dt, requires_grad=True)
    lr = p.lr

    def epoch() -> None:
        cost = lib.mean((x * W + b - y) ** 2)
        cost.backward()
        with lib.no_grad():
            W.sub_(lr * W.grad)
            b.sub_(lr * b.grad)
        W.grad = None
        b.grad = None

    return Loop(epoch, lambda: (float(W.item()), float(b.item())))


def _lib(name: str) -> Any:
    return importlib.import_module(name)


# --- scalar engines (one Value per number) ---------------------------------------------------


def build_scalar(value_cls: Callable[[float], Any], p: Problem) -> Loop:
    """A micrograd-style scalar loop: one graph node per multiply/add, Python floats."""
    xs = [float(v) for v in p.x.ravel()]
    ys = [float(v) for v in p.y.ravel()]
    W = value_cls(p.w0)
    b = value_cls(p.b0)
    inv_n = 1.0 / len(xs)
    lr = p.lr

    def epoch() -> None:
        cost = sum(((W * xi + b - yi) ** 2 for xi, yi in zip(xs, ys)), value_cls(0.0)) * inv_n
        W.grad = 0.0
        b.grad = 0.0
        cost.backward()
        W.data -= lr * W.grad
        b.data -= lr * b.grad

    return Loop(epoch, lambda: (float(W.data), float(b.data)))


def build_minigrad_scalar(p: Problem) -> Loop:
    """minigrad's own scalar engine, ``minigrad.scalar.Value``."""
    return build_scalar(importlib.import_module("minigrad.scalar").Value, p)


def build_micrograd(p: Problem) -> Loop:
    """karpathy/micrograd's ``Value`` (recursive topological sort: RecursionError near N=1000)."""
    return build_scalar(importlib.import_module("micrograd.engine").Value, p)


# --- MyGrad ----------------------------------------------------------------------------------


def build_mygrad(p: Problem) -> Loop:
    """MyGrad: tensors over numpy; gradients are numpy arrays, cleared by the next graph."""
    mygrad = importlib.import_module("mygrad")
    x, y = mygrad.tensor(p.x.copy()), mygrad.tensor(p.y.copy())
    W = mygrad.tensor(np.array([p.w0], dtype=p.dtype))
    b = mygrad.tensor(np.array([p.b0], dtype=p.dtype))
    lr = p.dtype.type(p.lr)

    def epoch() -> None:
        cost = mygrad.mean((x * W + b - y) ** 2)
        cost.backward()
        W.data -= lr * W.grad
        b.data -= lr * b.grad

    return Loop(epoch, lambda: (float(W.data[0]), float(b.data[0])))


# --- compiled peers: jax.jit of the whole step, tinygrad ------------------------------------


def build_jax_jit(p: Problem) -> Loop:
    """jax: the whole step (forward, cost, gradient, SGD update) under one ``jax.jit``, with
    flat (N,) arrays (its best case); each epoch waits for the result."""
    jax = importlib.import_module("jax")
    if p.dtype == np.float64:
        jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy
    x, y = jnp.asarray(p.x.ravel()), jnp.asarray(p.y.ravel())
    lr = p.lr

    def cost(w: Any, b: Any, xs: Any, ys: Any) -> Any:
        return jnp.mean((xs * w + b - ys) ** 2)

    grads = jax.value_and_grad(cost, argnums=(0, 1))

    @jax.jit
    def step(w: Any, b: Any, xs: Any, ys: Any) -> tuple[Any, Any, Any]:
        c, (gw, gb) = grads(w, b, xs, ys)
        return w - lr * gw, b - lr * gb, c

    state = [jnp.asarray(p.w0, dtype=p.dtype), jnp.asarray(p.b0, dtype=p.dtype)]

    def epoch() -> None:
        w, b, c = step(state[0], state[1], x, y)
        c.block_until_ready()
        state[0], state[1] = w, b

    return Loop(epoch, lambda: (float(state[0]), float(state[1])))


# tinygrad 0.14's CPU device (runtime/ops_cpu.py) compiles every kernel, and when it opens its
# own queue programs, by running ``$CC`` (default ``clang``) with clang-only flags
# (``--target=x86_64-none-unknown-elf``, which gcc rejects). Its other CPU renderers do not
# avoid that: LLVM (``DEV=CPU:LLVM``, needs a shared libLLVM; llvmlite's exports only its own
# ``LLVMPY_`` API) and X86 still open the device through clang. Without clang on PATH and with
# CC unset, the clang bundled in the ``ziglang`` wheel (``pip install ziglang``) is used: CC
# names a single executable, and zig runs its clang as ``zig clang``, hence a two-line script.
TINYGRAD_NEEDS = "clang on PATH, CC naming a clang, or the ziglang wheel (pip install ziglang)"


def _tinygrad_cc() -> str | None:
    """Make sure tinygrad finds a clang (see above); return why not, or None."""
    if os.environ.get("CC") or shutil.which("clang"):
        return None
    try:
        zig = Path(importlib.import_module("ziglang").__file__).with_name("zig")
    except ImportError:
        return f"its CPU device compiles with clang: none here; needs {TINYGRAD_NEEDS}"
    folder = tempfile.mkdtemp(prefix="benchmarks-zigcc-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    script = Path(folder) / "clang"
    script.write_text(f'#!/bin/sh\nexec "{zig}" clang "$@"\n')
    script.chmod(0o700)
    os.environ["CC"] = str(script)  # inherited by the worker processes
    return None


def _tinygrad_probe() -> str | None:
    """tinygrad imports without a compiler; its CPU device needs one (clang) to run."""
    if (missing := _tinygrad_cc()) is not None:
        return f"tinygrad cannot compute here: {missing}"
    try:
        tensor = importlib.import_module("tinygrad").Tensor
        tensor(np.ones(2, np.float32), device="CPU").add(1).numpy()
    except Exception as exc:  # noqa: BLE001 - whatever stops it computing means "skip"
        return (
            f"tinygrad cannot compute here (CC={os.environ.get('CC', 'clang')!r}: "
            f"{type(exc).__name__}: {str(exc)[:120]}); needs {TINYGRAD_NEEDS}"
        )
    return None


def build_tinygrad(p: Problem, jit: bool = False) -> Loop:
    """tinygrad (0.14 API) on its CPU device: W, b tensors, ``nn.optim.SGD``, cost =
    mean((x*W + b - y)**2); each epoch realises the cost and the step together. ``jit``:
    tinygrad's best case, the step under ``TinyJit``, which records the step's kernels on its
    first calls and then replays them (no graph, no scheduling per epoch).

    ``cost.gradient(W, b)``, not ``backward()``: in 0.14 ``backward`` gives a lazy ``.grad`` to
    every live float tensor in the graph, x and y too, whose unrealised sums grow each epoch.
    The optimizer is made under the row's ``DEFAULT_FLOAT``, which sets its lr tensor's dtype."""
    _tinygrad_cc()
    tinygrad = importlib.import_module("tinygrad")
    context = importlib.import_module("tinygrad.helpers").Context
    sgd = importlib.import_module("tinygrad.nn.optim").SGD
    tensor = tinygrad.Tensor
    x, y = tensor(p.x.copy(), device="CPU"), tensor(p.y.copy(), device="CPU")
    W = tensor(np.array([p.w0], dtype=p.dtype), device="CPU")
    b = tensor(np.array([p.b0], dtype=p.dtype), device="CPU")
    with context(DEFAULT_FLOAT=p.dtype.name):
        optimizer = sgd([W, b], lr=p.lr)

    def step() -> Any:
        cost = ((x * W + b - y) ** 2).mean()
        W.grad, b.grad = cost.gradient(W, b)
        return cost.realize(*optimizer.schedule_step())

    run = tinygrad.TinyJit(step) if jit else step

    def epoch() -> None:
        with context(TRAINING=1):
            run()

    return Loop(epoch, lambda: (float(W.numpy()[0]), float(b.numpy()[0])))


SCALAR_MAX_N = 100
"""Scalar engines build one graph node per number; they run at N <= this only."""

CONTENDERS: tuple[Contender, ...] = (
    Contender(
        "numpy-hand", "numpy, hand-derived gradients + cost", "numpy", build_numpy_hand, ("numpy",)
    ),
    Contender(
        "numpy-hand-nocost",
        "numpy, hand-derived gradients, no cost",
        "numpy",
        lambda p: build_numpy_hand(p, with_cost=False),
        ("numpy",),
        info_only=True,
        note="the floor: skips the cost that an autograd engine must compute",
    ),
    Contender(
        "minigrad-manual",
        "minigrad W, b + optim.SGD (exact kernels)",
        "minigrad",
        build_minigrad(build_manual_sgd),
        ("minigrad",),
    ),
    Contender(
        "minigrad-manual-fast",
        "minigrad W, b + optim.SGD, fast kernels (numpy's sum order)",
        "minigrad",
        build_minigrad(build_manual_sgd, "fast"),
        ("minigrad",),
        note="set_kernels('fast'): numpy's sum order, not bit-identical to torch",
    ),
    Contender(
        "minigrad-manual-numba",
        "minigrad W, b + optim.SGD, numba kernels (torch's order, compiled)",
        "minigrad",
        build_minigrad(build_manual_sgd, "numba"),
        ("minigrad", "numba"),
        note="set_kernels('numba'): bit-identical to exact; optional extra minigrad[numba]",
    ),
    Contender(
        "minigrad-linear",
        "minigrad nn.Linear + F.mse_loss + SGD",
        "minigrad",
        build_minigrad(build_linear),
        ("minigrad",),
    ),
    Contender(
        "minigrad-nograd",
        "minigrad W, b, update under no_grad",
        "minigrad",
        build_minigrad(build_nograd),
        ("minigrad",),
    ),
    Contender(
        "minigrad-scalar",
        "minigrad.scalar.Value (one node per number)",
        "minigrad",
        build_minigrad_scalar,
        ("minigrad.scalar",),
        max_n=SCALAR_MAX_N,
        note="Python floats (float64) whatever the row's dtype",
    ),
    Contender(
        "torch-manual",
        "torch W, b + optim.SGD",
        "torch",
        lambda p: build_manual_sgd(_lib("torch"), p),
        ("torch",),
        memory_method="rss",
    ),
    Contender(
        "torch-linear",
        "torch nn.Linear + F.mse_loss + SGD",
        "torch",
        lambda p: build_linear(_lib("torch"), p),
        ("torch",),
        memory_method="rss",
    ),
    Contender(
        "torch-nograd",
        "torch W, b, update under no_grad",
        "torch",
        lambda p: build_nograd(_lib("torch"), p),
        ("torch",),
        memory_method="rss",
    ),
    Contender(
        "micrograd",
        "karpathy/micrograd Value (peer)",
        "peer",
        build_micrograd,
        ("micrograd.engine",),
        max_n=SCALAR_MAX_N,
        note="Python floats (float64); recursive toposort fails from N~1000",
    ),
    Contender("mygrad", "MyGrad tensors (peer)", "peer", build_mygrad, ("mygrad",)),
    Contender(
        "jax-jit",
        "jax.jit of the whole step, flat (N,) arrays (peer)",
        "peer",
        build_jax_jit,
        ("jax",),
        memory_method="rss",
        note="compiled once per cell; its allocator does not report to tracemalloc",
    ),
    Contender(
        "tinygrad",
        "tinygrad W, b + nn.optim.SGD (peer)",
        "peer",
        build_tinygrad,
        ("tinygrad",),
        memory_method="rss",
        probe=_tinygrad_probe,
        note="lazy: kernels compiled on first use and cached per process",
    ),
    Contender(
        "tinygrad-jit",
        "tinygrad, the step under TinyJit (peer)",
        "peer",
        lambda p: build_tinygrad(p, jit=True),
        ("tinygrad",),
        memory_method="rss",
        probe=_tinygrad_probe,
        note="TinyJit replays the kernels its first calls recorded",
    ),
)

NUMPY_REF = "numpy-hand"
TORCH_REF = "torch-manual"


def by_name(name: str) -> Contender:
    """Look a contender up by name (KeyError names the known ones)."""
    for c in CONTENDERS:
        if c.name == name:
            return c
    raise KeyError(f"unknown contender {name!r}; known: {', '.join(c.name for c in CONTENDERS)}")
