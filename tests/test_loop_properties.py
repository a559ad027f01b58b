"""Property tests per scenario family: hypothesis draws the data and the hyper-parameters.

Each example builds a :class:`reference.scenarios.Scenario` of one family — manual
parameters (``x*W+b``, ``x*W``, three weights, ``x.matmul(W)+b``), an ``nn.Linear(k, 1)``
module with ``mse_loss`` / ``MSELoss`` / ``L1Loss``, seed 002's non-leaf update, minibatches
from a shuffled ``DataLoader`` — with a drawn dataset (size, values, true slope and bias,
noise), initial parameters, a learning rate inside (and sometimes outside) the stable range,
epochs, dtype and SGD options (momentum, dampening, nesterov, weight decay, maximize), runs it
on minigrad, torch and the numpy witness, and checks:

* minigrad vs torch: every step within ``reference.trace.tolerance_for(dtype)`` (float64
  rtol=atol=1e-10; float32 rtol=1e-4, atol=1e-5, atol scaled by the field's magnitude); ulps
  are reported (``--hypothesis-show-statistics`` counts identical vs within-tolerance);
* and, separately, minigrad bit-identical to torch (its reductions follow torch's order);
* numpy witness vs torch: bit for bit (it mirrors torch's rounding order);
* no reference needed: lr = 0 leaves the parameters unchanged; MSE with lr <= 1/L never
  raises the cost; enough epochs reach ``numpy.linalg.lstsq``'s solution.

A failure names the scenario (with its hyper-parameters), the step, the field, both values;
hypothesis prints the drawn example.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import assume, event, given, note, settings
from hypothesis import strategies as st

from reference import scenarios as S
from reference.loops import train
from reference.manual import train_numpy
from reference.trace import EXACT, compare, tolerance_for

torch = pytest.importorskip("torch")
import minigrad  # noqa: E402


def _examples(fraction: float) -> int:
    """A share of the active profile's max_examples (HYPOTHESIS_PROFILE is honoured)."""
    return max(3, int(settings.default.max_examples * fraction))


# ----------------------------------------------------------------------------- strategies

MANUAL_MODELS = ("wx+b", "wx", "w1x1+w2x2+w3x3+b", "x@W+b")
MODULE_LOSSES = ("mse_loss", "MSELoss", "L1Loss")


@dataclass
class Problem:
    """One drawn example: the scenario, its initial parameters, and how it was drawn."""

    scenario: S.Scenario
    init: dict[str, np.ndarray]
    lr_over_stable: float

    def __repr__(self) -> str:
        sc = self.scenario
        x, y = sc.data()
        return (
            f"Problem({sc.name}: model={sc.model} loss={sc.loss} update={sc.update} "
            f"dtype={sc.dtype} n={len(x)} epochs={sc.n_epochs} lr={sc.lr!r} "
            f"(x{self.lr_over_stable:.3g} of 1/L) sgd={sc.sgd} batch={sc.batch_size} "
            f"x={x.tolist()} y={y.tolist()} init={ {k: v.tolist() for k, v in self.init.items()} })"
        )


def _design(model: str, x: np.ndarray) -> np.ndarray:
    """The design matrix [features, 1] (or [feature] without bias) of a linear model."""
    cols = x.reshape(len(x), -1).astype(np.float64)
    if model == "wx":
        return cols
    return np.hstack([cols, np.ones((len(x), 1))])


def _curvature(model: str, x: np.ndarray) -> tuple[float, float]:
    """Largest and smallest eigenvalue of the MSE Hessian 2/n A^T A."""
    A = _design(model, x)
    ev = np.linalg.eigvalsh(2.0 / len(x) * A.T @ A)
    return float(ev.max()), float(max(ev.min(), 0.0))


xs_elements = st.one_of(
    st.sampled_from([0.0, 1.0, -1.0, 0.5, 2.0, -3.0]),
    st.floats(-3, 3, allow_nan=False, allow_infinity=False, width=32),
)


@st.composite
def sgd_options(draw, allow_maximize=True):
    momentum = draw(st.one_of(st.just(0.0), st.floats(0.05, 0.95)))
    dampening = draw(st.one_of(st.just(0.0), st.floats(0.0, 0.9)))
    nesterov = momentum > 0 and dampening == 0 and draw(st.booleans())
    opts = {}
    if momentum:
        opts.update(momentum=momentum, dampening=dampening, nesterov=nesterov)
    wd = draw(st.one_of(st.just(0.0), st.floats(0.0, 0.1)))
    if wd:
        opts["weight_decay"] = wd
    if allow_maximize and draw(st.integers(0, 9)) == 0:
        opts["maximize"] = True
    return opts


@st.composite
def problems(draw, family: str, dtype=None, stable_only=False, options=True):
    """A random scenario of ``family`` (manual, module, nonleaf, minibatch)."""
    dtype = dtype or draw(st.sampled_from(["float32", "float64"]))
    if family == "manual":
        model, loss = draw(st.sampled_from(MANUAL_MODELS)), "mean_sq"
    elif family == "nonleaf":
        model, loss = "wx+b", "mean_sq_method"
    else:
        model = "linear"
        loss = draw(st.sampled_from(MODULE_LOSSES)) if family == "module" else "mse_loss"
    k = 3 if model in ("w1x1+w2x2+w3x3+b",) else 1
    if model in ("x@W+b", "linear"):
        k = draw(st.integers(1, 3))
    n = draw(st.integers(2 if family == "minibatch" else 1, 9 if family == "minibatch" else 40))
    x = np.array(draw(st.lists(xs_elements, min_size=n * k, max_size=n * k))).reshape(n, k)
    slope = np.array(draw(st.lists(st.floats(-3, 3), min_size=k, max_size=k)))
    bias = 0.0 if model == "wx" else draw(st.floats(-3, 3))
    noise = draw(st.floats(0, 1))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    y = (x @ slope + bias + noise * rng.standard_normal(n)).reshape(n, 1)
    if model in ("wx+b", "wx") and family != "nonleaf" and draw(st.booleans()):
        pass  # keep x as a column (n, 1), as the pages do
    if family == "nonleaf":
        x, y = x.reshape(-1), y.reshape(-1)  # seed 002's 1-D tensors
    x, y = x.astype(dtype), y.astype(dtype)

    big, _ = _curvature(model, x)
    frac = draw(st.floats(0.0, 0.95)) if stable_only else draw(
        st.one_of(st.floats(0.0, 0.95), st.floats(0.95, 4.0))
    )
    opts = draw(sgd_options()) if (options and family != "nonleaf") else {}
    lr = frac / (max(big, 1e-3) + opts.get("weight_decay", 0.0))
    epochs = draw(st.integers(1, 25))
    batch = draw(st.integers(1, 4)) if family == "minibatch" else None
    seed = draw(st.integers(0, 2**32 - 1))

    sc = S.Scenario(
        name=f"prop-{family}",
        origin="hypothesis",
        title="drawn",
        data=lambda: (x.copy(), y.copy()),
        model=model,
        loss=loss,
        update="nonleaf" if family == "nonleaf" else "sgd",
        sgd=opts,
        lr=lr,
        epochs=(0, epochs),
        dtype=dtype,
        init=S.Init("torch_linear", seed=seed) if model == "linear" else S.Init("zeros"),
        batch_size=batch,
        shuffle_seed=seed if batch else None,
    )
    shapes = sc.param_shapes()
    init = {
        name: np.array(
            draw(st.lists(st.floats(-2, 2), min_size=math.prod(s), max_size=math.prod(s)))
        ).reshape(s).astype(dtype)
        for name, s in shapes.items()
    }
    return Problem(sc, init, frac)


# ----------------------------------------------------------------------------- running


def _run(engine: str, p: Problem):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        if engine == "numpy":
            return train_numpy(p.scenario, init=p.init)
        lib = torch if engine == "torch" else minigrad
        with np.errstate(all="ignore"):
            return train(lib, p.scenario, init=p.init)


def _check_against_torch(p: Problem, exact: bool = False) -> None:
    note(repr(p))
    with np.errstate(all="ignore"):
        ref = _run("torch", p)
        mg = _run("minigrad", p)
        witness = _run("numpy", p)
    tol = EXACT if exact else tolerance_for(p.scenario.dtype)
    c = compare(mg, ref, tol, a_name="minigrad")
    note(f"minigrad: {c.describe()}")
    event(f"minigrad vs torch: {c.verdict} ({p.scenario.dtype})")
    assert c.ok, f"{p!r}\n{c.describe()}"
    w = compare(witness, ref, EXACT, a_name="numpy witness")
    assert w.ok, f"{p!r}\n{w.describe()}"


@settings(max_examples=_examples(0.5))
@given(problems("manual"))
def test_manual_parameter_loops_agree(p):
    _check_against_torch(p)


@settings(max_examples=_examples(0.5))
@given(problems("module"))
def test_linear_module_loops_agree(p):
    _check_against_torch(p)


@settings(max_examples=_examples(0.25))
@given(problems("nonleaf"))
def test_nonleaf_update_loops_agree(p):
    _check_against_torch(p)


@settings(max_examples=_examples(0.25))
@given(problems("minibatch"))
def test_minibatch_loops_agree(p):
    _check_against_torch(p)


@settings(max_examples=_examples(0.25))
@given(st.sampled_from(["manual", "module", "nonleaf", "minibatch"]).flatmap(problems))
def test_minigrad_bit_identical_to_torch(p):
    """Beyond the tolerance: minigrad rounds exactly as torch does (both dtypes, all SGD
    options), since its reductions follow torch's summation order."""
    _check_against_torch(p, exact=True)


# ----------------------------------------------------------------------------- no reference


@settings(max_examples=_examples(0.25))
@given(st.sampled_from(["manual", "module", "minibatch"]).flatmap(problems))
def test_zero_learning_rate_leaves_parameters_unchanged(p):
    sc = p.scenario.with_(lr=0.0)
    p = Problem(sc, p.init, 0.0)
    for engine in ("minigrad", "torch", "numpy"):
        tr = _run(engine, p)
        for name, start in p.init.items():
            for k, value in enumerate(tr.params[name]):
                assert np.array_equal(value, start), (
                    f"{engine}, {sc.name}, step {tr.steps[k]}, param[{name}]: "
                    f"{value.tolist()} != initial {start.tolist()}"
                )


@settings(max_examples=_examples(0.25))
@given(st.sampled_from(["manual", "module"]).flatmap(
    lambda fam: problems(fam, dtype="float64", stable_only=True, options=False)))
def test_mse_with_small_lr_never_raises_the_cost(p):
    sc = p.scenario
    assume(sc.loss != "L1Loss")
    big, _ = _curvature(sc.model, sc.data()[0])
    sc = sc.with_(lr=min(sc.lr, 1.0 / max(big, 1e-3)), epochs=(0, 30))
    tr = _run("minigrad", Problem(sc, p.init, p.lr_over_stable))
    costs = [float(c) for c in tr.cost]
    for k in range(1, len(costs)):
        assert costs[k] <= costs[k - 1] * (1 + 1e-12) + 1e-15 * costs[0], (
            f"{sc.name} lr={sc.lr}: cost rose at {tr.steps[k]}: {costs[k - 1]!r} -> {costs[k]!r}"
        )


@settings(max_examples=_examples(0.15))
@given(st.sampled_from(["wx+b", "x@W+b", "linear"]), st.integers(6, 30),
       st.integers(0, 2**32 - 1))
def test_enough_epochs_reach_the_least_squares_solution(model, n, seed):
    rng = np.random.default_rng(seed)
    k = 1 if model == "wx+b" else int(rng.integers(1, 4))
    x = rng.uniform(-2, 2, size=(n, k))
    y = (x @ rng.uniform(-3, 3, k) + rng.uniform(-3, 3) + 0.3 * rng.standard_normal(n))
    y = y.reshape(n, 1)
    big, small = _curvature(model, x)
    assume(small > 0)
    lr = 1.0 / big
    epochs = int(math.ceil(math.log(1e-10) / math.log(1 - small / big))) + 1
    assume(epochs <= 1500)
    loss = "mse_loss" if model == "linear" else "mean_sq"
    sc = S.Scenario(name="prop-lstsq", origin="hypothesis", title="lstsq", dtype="float64",
                    data=lambda: (x.copy(), y.copy()), model=model, loss=loss, lr=lr,
                    epochs=(0, epochs), init=S.Init("zeros"))
    init = {k_: np.zeros(s) for k_, s in sc.param_shapes().items()}
    solution, *_ = np.linalg.lstsq(_design(model, x), y[:, 0], rcond=None)
    tr = _run("minigrad", Problem(sc, init, 1.0))
    final = tr.final_params()
    weights = final["weight"].reshape(-1) if model == "linear" else final["W"].reshape(-1)
    bias = final["bias"] if model == "linear" else final["b"]
    got = np.concatenate([weights, bias.reshape(-1)])
    np.testing.assert_allclose(got, solution, rtol=1e-6, atol=1e-6,
                               err_msg=f"{model}, n={n}, {epochs} epochs at lr={lr}")


@settings(max_examples=_examples(0.1))
@given(st.sampled_from(["float32", "float64"]), st.sampled_from(["wx+b", "linear"]),
       st.floats(10, 100), st.integers(0, 2**32 - 1))
def test_too_large_lr_diverges_on_both_at_the_same_epoch(dtype, model, factor, seed):
    """lr = factor / L: each step multiplies the error by ~(factor - 1) until it overflows;
    minigrad, torch and the witness must all go non-finite at the same epoch."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 12))
    x = rng.uniform(-3, 3, size=(n, 1)).astype(dtype)
    y = (2 * x + 1 + rng.standard_normal((n, 1))).astype(dtype)
    big, _ = _curvature(model, x)
    digits = 800 if dtype == "float64" else 100  # ln of the overflow threshold, with margin
    epochs = int(math.ceil(digits / math.log(factor - 1))) + 5
    loss = "mse_loss" if model == "linear" else "mean_sq"
    sc = S.Scenario(name="prop-diverge", origin="hypothesis", title="diverge", dtype=dtype,
                    data=lambda: (x.copy(), y.copy()), model=model, loss=loss,
                    lr=factor / big, epochs=(0, epochs), init=S.Init("zeros"))
    init = {k: np.zeros(s, dtype=dtype) for k, s in sc.param_shapes().items()}
    p = Problem(sc, init, factor)
    note(repr(p))
    with np.errstate(all="ignore"):
        ref, mg, witness = _run("torch", p), _run("minigrad", p), _run("numpy", p)
    c = compare(mg, ref, a_name="minigrad")
    assert c.ok and c.both_diverged_at is not None, f"{p!r}\n{c.describe()}"
    w = compare(witness, ref, EXACT, a_name="numpy witness")
    assert w.ok and w.both_diverged_at == c.both_diverged_at, f"{p!r}\n{w.describe()}"
