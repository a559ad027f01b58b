"""Every training loop of the source documents, as data.

A :class:`Scenario` says what a tutorial loop does — the data, the model, the loss, the
optimiser and its hyper-parameters, the epochs, the dtype, how the parameters start and what
the page prints — without saying how. ``reference.loops.train`` runs it on ``torch`` or
``minigrad`` from one loop source; ``reference.manual.train_numpy`` runs it in numpy with
hand-derived gradients. The seeds are described in ``shared/seeds/README.md``; where a page
has a typo or a bug, the scenario follows the corrected code noted there.

Model kinds (``model``), each naming the tutorial's own expression:

* ``"wx+b"`` — ``hypothesis = x * W + b`` with ``W``, ``b`` of shape (1,)
* ``"wx"`` — ``hypothesis = x * W`` (no bias)
* ``"w1x1+w2x2+w3x3+b"`` — three weights on the three feature columns
* ``"x@W+b"`` — ``x.matmul(W) + b`` with ``W`` of shape (features, 1)
* ``"linear"`` — an ``nn.Module`` subclass holding ``nn.Linear(features, 1)``
* ``"demo"`` — seed 001's backward demo (no training)

Losses (``loss``): ``"mean_sq"`` ``torch.mean((h - y) ** 2)``, ``"mean_sq_method"``
``((h - y) ** 2).mean()``, ``"sum_sq_over_n"`` ``torch.sum(((h - y) ** 2) / n)`` (the numpy
page), ``"mse_loss"`` ``F.mse_loss``, ``"MSELoss"`` ``nn.MSELoss()``, ``"L1Loss"``
``nn.L1Loss()``, ``"sum_abs"`` ``torch.sum(torch.abs(z - target))``.

Updates (``update``): ``"sgd"`` ``optim.SGD`` with ``sgd`` as keyword arguments; ``"nonleaf"``
seed 002's ``w = w - lr * w.grad`` after ``w.retain_grad()``; ``"none"`` backward only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

__all__ = ["Scenario", "Init", "SCENARIOS", "get", "names", "SEEDS_DIR_HINT"]

SEEDS_DIR_HINT = "shared/seeds"


@dataclass(frozen=True)
class Init:
    """How a scenario's parameters start.

    ``kind`` is one of ``"zeros"``; ``"torch_linear"`` (``torch.manual_seed(seed)``, ``skip``
    throw-away ``nn.Linear`` models, then the trained one: the values are emulated in numpy by
    ``reference.torchrng`` so no torch is needed); ``"rand"`` (``torch.rand(1)`` per parameter
    on an unseeded page: drawn here from ``numpy.random.default_rng(seed)``, float32);
    ``"values"`` (given in ``values``).
    """

    kind: str = "zeros"
    seed: int = 0
    skip: int = 0
    values: tuple = ()
    draws: int = 0  # course chapters: 32-bit words drawn (torch.rand, randint) before models
    before: tuple = ()  # course chapters: (in, out) of each nn.Linear built before the model


@dataclass(frozen=True)
class Scenario:
    """One tutorial loop. See the module docstring for the vocabulary."""

    name: str
    origin: str
    title: str
    data: Callable[[], tuple[np.ndarray, np.ndarray]]
    model: str
    loss: str
    update: str = "sgd"
    sgd: dict = field(default_factory=dict)
    lr: float = 0.01
    epochs: tuple[int, int] = (0, 101)
    dtype: str = "float32"
    init: Init = Init()
    batch_size: int | None = None
    shuffle_seed: int | None = None
    log_every: int = 1
    log_before_step: bool = False
    log: str | Callable[[dict], str] = ""
    predict: float | None = None
    notes: str = ""
    witness: bool = True
    # the course chapters (reference.course): outputs per sample, integer class labels,
    # nn.Sequential widths, inputs normalised by mean/std, a held-out test set
    classes: int = 1
    labels: bool = False
    layers: tuple = ()
    normalize: bool = False
    test_data: Callable[[], tuple[np.ndarray, np.ndarray]] | None = None
    # Steps compared within the tolerance when engines are not bit-identical (None: all).
    # Past a saddle (XOR's plateau) last-bit differences shift the escape by a few steps and
    # the trajectories part; after ``agree_steps`` only the outcome is compared
    # (``reference.course.outcome``: same predictions, final cost within a factor of 2).
    agree_steps: int | None = None

    @property
    def witness_exact(self) -> bool:
        """Whether the numpy witness claims bit-identity with torch (the seeds' float32
        loops), or agreement within ``reference.trace.tolerance_for`` (the course's)."""
        from reference.course import MODELS

        return self.dtype == "float32" and self.model not in MODELS

    @property
    def nb_epochs(self) -> int:
        """The ``nb_epochs`` the page's format strings print (the last epoch number)."""
        return self.epochs[1] - 1

    @property
    def n_epochs(self) -> int:
        """How many passes over the data the loop makes."""
        return self.epochs[1] - self.epochs[0]

    def epoch_range(self) -> range:
        """The page's ``range(...)`` of epochs."""
        return range(*self.epochs)

    def features(self) -> int:
        """Input features per sample (1 for a column, 3 for the quiz data)."""
        x, _ = self.data()
        return 1 if x.ndim == 1 else x.shape[1]

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        """Parameter names (in the loop's order) and shapes."""
        from reference import course

        if self.model in course.MODELS:
            return course.param_shapes(self)
        f = self.features()
        if self.model == "wx+b":
            return {"W": (1,), "b": (1,)}
        if self.model == "wx":
            return {"W": (1,)}
        if self.model == "w1x1+w2x2+w3x3+b":
            return {"w1": (1,), "w2": (1,), "w3": (1,), "b": (1,)}
        if self.model == "x@W+b":
            return {"W": (f, 1), "b": (1,)}
        if self.model == "linear":
            return {"weight": (1, f), "bias": (1,)}
        if self.model == "demo":
            return {"x": (2,)}
        raise ValueError(f"unknown model kind {self.model!r}")

    def with_(self, **changes) -> Scenario:
        """A copy with some fields replaced (``sgd`` is replaced, not merged)."""
        return replace(self, **changes)

    def sgd_kwargs(self) -> dict:
        """Keyword arguments for ``optim.SGD``: ``lr`` plus the scenario's options."""
        return {"lr": self.lr, **self.sgd}


# --------------------------------------------------------------------------- data


def _const(x, y, dtype=np.float64):
    xa, ya = np.asarray(x, dtype=dtype), np.asarray(y, dtype=dtype)
    return lambda: (xa.copy(), ya.copy())


QUIZ_X = [[73, 80, 75], [93, 88, 93], [89, 91, 90], [96, 98, 100], [73, 66, 70]]
QUIZ_Y = [[152], [185], [180], [196], [142]]


def noisy_line_data(
    n: int = 1000, seed: int = 1, low: float = -10.0, high: float = 10.0, std: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Seed 001's data: ``x ~ U(low, high)``, ``noise ~ N(0, std)``, ``y = 2 * (x + noise) + 3``
    in float32 arithmetic as the page computes it (drawn with numpy, seeded, so every engine
    sees the same numbers)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, size=(n, 1)).astype(np.float32)
    noise = rng.normal(0.0, std, size=(n, 1)).astype(np.float32)
    y = (np.float32(2) * (x + noise) + np.float32(3)).astype(np.float32)
    return x, y


def _fmt(template: str) -> Callable[[dict], str]:
    return lambda ns: template.format(**ns)


def _log_002(ns: dict) -> str:
    # f'Epoch ({str(epoch).rjust(4)}/1000) cost: {round(float(loss),6)}, W: {round(float(w),7)},
    #   b:{round(float(b),7)}'
    return (
        f"Epoch ({str(ns['epoch']).rjust(4)}/1000) cost: {round(float(ns['cost_t']), 6)}, "
        f"W: {round(float(ns['params_t'][0]), 7)}, b:{round(float(ns['params_t'][1]), 7)}"
    )


def _log_001(ns: dict) -> str:
    # print(loss.data); print(param_list[0].item(), param_list[1].item())
    return f"{str(ns['cost_t'].data)}\n{ns['params'][0]} {ns['params'][1]}"


# --------------------------------------------------------------------------- the catalogue

S000 = "000_12e82eed11f4f9e3.txt"
S001 = "001_9003d0feabf093af.txt"
S002 = "002_59e5eecab309a236.txt"
S003 = "003_e191fe3c4a0fc7f8.txt"
S004 = "004_89a9c53dd6d34d41.txt"
COMPANION = "companion of " + S003

_ONE_TWO_THREE = [[1.0], [2.0], [3.0]]

SCENARIOS: list[Scenario] = [
    Scenario(
        name="seed000-manual",
        origin=S000,
        title="manual W, b; torch.mean((x*W+b - y)**2); SGD lr 0.01; 101 epochs",
        data=_const(_ONE_TWO_THREE, _ONE_TWO_THREE),
        model="wx+b",
        loss="mean_sq",
        lr=0.01,
        epochs=(0, 101),
        log="Epoch {epoch:4d}/{nb_epochs}, W: {W:.3f}, b: {b:.3f}, cost: {cost:.6f}",
        notes="golden: the page's 101-line log",
    ),
    Scenario(
        name="seed000-module",
        origin=S000,
        title="nn.Module(nn.Linear(1,1)) + F.mse_loss; SGD lr 0.01; 1001 epochs",
        data=_const(_ONE_TWO_THREE, _ONE_TWO_THREE),
        model="linear",
        loss="mse_loss",
        lr=0.01,
        epochs=(0, 1001),
        init=Init("torch_linear", seed=1, skip=2),
        log_every=100,
        log="Epoch {epoch:4d}/{nb_epochs} W: {W:.3f}, b: {b:.3f} Cost: {cost:.6f}",
        notes="golden: 11 lines; manual_seed(1) and the third nn.Linear(1,1) created",
    ),
    Scenario(
        name="seed001-backward",
        origin=S001,
        title="x=[2,3]; z=2*(x*2)+3; sum(abs(z-target)).backward() -> x.grad=[4,4]",
        data=_const([2.0, 3.0], [3.0, 4.0]),
        model="demo",
        loss="sum_abs",
        update="none",
        epochs=(0, 1),
        init=Init("values", values=(("x", (2.0, 3.0)),)),
        log="{grad_x}",
        notes="typos fixed: data[...] -> [...], required_grad -> requires_grad, z = 2*y + 3",
    ),
    Scenario(
        name="seed001-l1-noisy",
        origin=S001,
        title="1000 noisy points, nn.Linear(1,1) + nn.L1Loss; SGD lr 0.001; 500 epochs",
        data=noisy_line_data,
        model="linear",
        loss="L1Loss",
        lr=0.001,
        epochs=(0, 500),
        init=Init("torch_linear", seed=1),
        log_every=10,
        log=_log_001,
        notes="noise corrected to init.normal_(std=1); data drawn with numpy (seeded); "
        "the unseeded page's model drawn as after manual_seed(1)",
    ),
    Scenario(
        name="seed002-numpy",
        origin=S002,
        title="numpy, hand-derived gradients, float64; y = 3x; lr 0.01; 1000 iterations",
        data=_const([1, 2, 3, 4, 5, 6], [3, 6, 9, 12, 15, 18]),
        model="wx+b",
        loss="sum_sq_over_n",
        lr=0.01,
        epochs=(0, 1000),
        dtype="float64",
        init=Init("rand", seed=2),
        log_every=100,
        log="Epoch ({epoch:10d}/{total:10d}) cost: {cost:10f}, W: {W:10f}, b:{b:10f}",
        notes="the page's own loop is the numpy witness; torch/minigrad run the same cost "
        "through autograd; np.random.rand(1) drawn from a seeded generator",
    ),
    Scenario(
        name="seed002-autograd",
        origin=S002,
        title="autograd, non-leaf update w = w - lr * w.grad (+ retain_grad); 1001 epochs",
        data=_const([1, 2, 3, 4, 5, 6], [3, 6, 9, 12, 15, 18]),
        model="wx+b",
        loss="mean_sq_method",
        update="nonleaf",
        lr=0.01,
        epochs=(0, 1001),
        init=Init("rand", seed=3),
        log_every=100,
        log=_log_002,
        notes="torch.rand(1) on an unseeded page: drawn from a seeded numpy generator",
    ),
    Scenario(
        name="seed002-module",
        origin=S002,
        title="nn.Module(nn.Linear(1,1)) + nn.MSELoss, x.view(-1,1); SGD lr 0.01; 1001 epochs",
        data=_const([[1], [2], [3], [4], [5], [6]], [[3], [6], [9], [12], [15], [18]]),
        model="linear",
        loss="MSELoss",
        lr=0.01,
        epochs=(0, 1001),
        init=Init("torch_linear", seed=2),
        log_every=100,
        log=_log_002,
        notes="unseeded page: the model drawn as after manual_seed(2)",
    ),
    Scenario(
        name="seed003-nobias",
        origin=S003,
        title="H(x) = x*W, no bias; SGD lr 0.15; 11 epochs; prints before the step",
        data=_const(_ONE_TWO_THREE, _ONE_TWO_THREE),
        model="wx",
        loss="mean_sq",
        lr=0.15,
        epochs=(0, 11),
        log_before_step=True,
        log="EPOCH {epoch}, W:{W_t}, cost:{cost_t}",
        notes="golden: the page's 11 lines",
    ),
    Scenario(
        name="seed004-y2x",
        origin=S004,
        title="y = 2x; manual W, b; SGD lr 0.01; epochs 1..1000; predict x = 4",
        data=_const(_ONE_TWO_THREE, [[2.0], [4.0], [6.0]]),
        model="wx+b",
        loss="mean_sq",
        lr=0.01,
        epochs=(1, 1001),
        log_every=100,
        log="Epoch {epoch:4d}/{nb_epochs} W: {W:.3f}, b: {b:.3f} Cost: {cost:.6f}",
        predict=4.0,
        notes="OCR damage fixed (y train, requires grad, 1r); log format from the course",
    ),
    Scenario(
        name="multi-weights",
        origin=COMPANION,
        title="quiz scores, w1*x1 + w2*x2 + w3*x3 + b; SGD lr 1e-5; 1001 epochs",
        data=_const(QUIZ_X, QUIZ_Y),
        model="w1x1+w2x2+w3x3+b",
        loss="mean_sq",
        lr=1e-5,
        epochs=(0, 1001),
        log_every=100,
        log="Epoch {epoch:4d}/{nb_epochs} w1: {w1:.3f} w2: {w2:.3f} w3: {w3:.3f} b: {b:.3f} "
        "Cost: {cost:.6f}",
    ),
    Scenario(
        name="multi-matmul",
        origin=COMPANION,
        title="quiz scores, x.matmul(W) + b with W (3,1); SGD lr 1e-5; 21 epochs",
        data=_const(QUIZ_X, QUIZ_Y),
        model="x@W+b",
        loss="mean_sq",
        lr=1e-5,
        epochs=(0, 21),
        log="Epoch {epoch:4d}/{nb_epochs} hypothesis: {hypothesis} Cost: {cost:.6f}",
    ),
    Scenario(
        name="multi-module",
        origin=COMPANION,
        title="quiz scores, nn.Module(nn.Linear(3,1)) + F.mse_loss; SGD lr 1e-5; 21 epochs",
        data=_const(QUIZ_X, QUIZ_Y),
        model="linear",
        loss="mse_loss",
        lr=1e-5,
        epochs=(0, 21),
        init=Init("torch_linear", seed=1),
        log="Epoch {epoch:4d}/{nb_epochs} Cost: {cost:.6f}",
    ),
    Scenario(
        name="minibatch",
        origin=COMPANION,
        title="quiz scores, TensorDataset + DataLoader(batch_size=2, shuffle=True), "
        "nn.Linear(3,1); lr 1e-5; 21 epochs",
        data=_const(QUIZ_X, QUIZ_Y),
        model="linear",
        loss="mse_loss",
        lr=1e-5,
        epochs=(0, 21),
        init=Init("torch_linear", seed=1),
        batch_size=2,
        shuffle_seed=1,
        log="Epoch {epoch:4d}/{nb_epochs} Batch {batch}/{n_batches} Cost: {cost:.6f}",
        notes="manual_seed(1), the model, then the loader: the shuffle continues the stream",
    ),
]

def _with_course() -> None:
    from reference.course import course_scenarios

    SCENARIOS.extend(course_scenarios())


_with_course()

_BY_NAME = {s.name: s for s in SCENARIOS}


def names() -> list[str]:
    """All scenario names, in catalogue order."""
    return [s.name for s in SCENARIOS]


def get(name: str) -> Scenario:
    """The scenario called ``name`` (KeyError lists the known names)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown scenario {name!r}; known: {', '.join(names())}") from None


def initial_params(scenario: Scenario) -> dict[str, np.ndarray]:
    """The scenario's starting parameters as fresh numpy arrays in its dtype (torch-free).

    ``torch_linear`` is emulated bit-exactly from torch's generator (``reference.torchrng``).
    """
    from reference import course
    from reference.torchrng import TorchCPUGenerator, linear_init

    if scenario.model in course.MODELS:
        return course.initial_params(scenario)
    shapes = scenario.param_shapes()
    dt = np.dtype(scenario.dtype)
    init = scenario.init
    if init.kind == "zeros":
        return {k: np.zeros(s, dtype=dt) for k, s in shapes.items()}
    if init.kind == "values":
        vals = dict(init.values)
        return {k: np.asarray(vals[k], dtype=dt).reshape(s) for k, s in shapes.items()}
    if init.kind == "rand":
        rng = np.random.default_rng(init.seed)
        return {
            k: rng.random(s).astype(np.float32).astype(dt) for k, s in shapes.items()
        }
    if init.kind == "torch_linear":
        gen = TorchCPUGenerator(init.seed)
        f = scenario.features()
        for _ in range(init.skip):
            linear_init(gen, f, 1)
        drawn = linear_init(gen, f, 1)
        if scenario.model == "linear":
            return {"weight": drawn["weight"].astype(dt), "bias": drawn["bias"].astype(dt)}
        raise ValueError("torch_linear init needs model 'linear'")
    raise ValueError(f"unknown init kind {init.kind!r}")
