"""The course's next chapters as verify scenarios: logistic and softmax classification,
training tips, the XOR networks (deeplearningzerotoall/PyTorch, labs 05 to 08).

Model kinds (``Scenario.model``), each the chapter's own expression:

* ``"sigmoid(x@W+b)"`` — ``torch.sigmoid(x_train.matmul(W) + b)``, W (features, 1), b (1,)
* ``"softmax(x@W+b)"`` — ``F.softmax(x_train.matmul(W) + b, dim=1)``, W (features, classes),
  b (1,) (the chapter's b is one number broadcast over the classes)
* ``"z=x@W+b"`` — the logits ``x_train.matmul(W) + b`` for ``F.cross_entropy``
* ``"binary_classifier"`` — ``class BinaryClassifier(nn.Module)``: ``nn.Linear(f, 1)`` then
  ``nn.Sigmoid()``
* ``"softmax_classifier"`` — ``class SoftmaxClassifierModel(nn.Module)``: ``nn.Linear(f, k)``
  (also the training-tips chapter's regression model when ``classes == 1``)
* ``"sequential"`` — the XOR chapters' ``nn.Sequential(linear1, sigmoid, linear2, sigmoid,
  ...)`` with one shared ``nn.Sigmoid()``; ``Scenario.layers`` gives the widths, e.g. (2, 2, 1)

Losses: ``"bce_formula"`` ``-(y * torch.log(h) + (1 - y) * torch.log(1 - h)).mean()``,
``"binary_cross_entropy"`` ``F.binary_cross_entropy(h, y)``, ``"BCELoss"``
``nn.BCELoss()``, ``"ce_onehot_formula"`` (one-hot with ``scatter_``, then
``(y_one_hot * -torch.log(h)).sum(dim=1).mean()``), ``"cross_entropy"``
``F.cross_entropy(z, y)``, and the seeds' ``"mse_loss"``.

The numpy witness (:func:`train_numpy`) uses the closed-form gradients derived below, not
torch's order of operations, so it agrees with torch within the documented float32 bound
(``reference.trace.tolerance_for``), not bit for bit.
"""

from __future__ import annotations

import importlib

import numpy as np

from minigrad.kernels.torch_order import torch_sum
from reference.coursedata import diabetes, zoo
from reference.trace import Trace

__all__ = ["MODELS", "LOSSES", "course_scenarios", "param_shapes", "initial_params",
           "make_model", "loss_fn", "train_numpy", "normalise_numpy"]

MODELS = {"sigmoid(x@W+b)", "softmax(x@W+b)", "z=x@W+b", "binary_classifier",
          "softmax_classifier", "sequential"}
LOSSES = {"bce_formula", "binary_cross_entropy", "BCELoss", "ce_onehot_formula",
          "cross_entropy", "mse_loss"}

LAB05 = "lab-05_logistic_classification.ipynb"
LAB06_1 = "lab-06_1_softmax_classification.ipynb"
LAB06_2 = "lab-06_2_fancy_softmax_classification.ipynb"
LAB07 = "lab-07_1_tips.ipynb"
LAB08_1, LAB08_2, LAB08_3 = ("lab-08_1_xor.ipynb", "lab-08_2_xor_nn.ipynb",
                             "lab-08_3_xor_nn_wide_deep.ipynb")

# ------------------------------------------------------------------------ data (the chapters')

LOGISTIC_X = [[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]]
LOGISTIC_Y = [[0], [0], [0], [1], [1], [1]]
SOFTMAX_X = [[1, 2, 1, 1], [2, 1, 3, 2], [3, 1, 3, 4], [4, 1, 5, 5], [1, 7, 5, 5],
             [1, 2, 5, 6], [1, 6, 6, 6], [1, 7, 7, 7]]
SOFTMAX_Y = [2, 2, 2, 1, 1, 1, 0, 0]
TIPS_X = [[1, 2, 1], [1, 3, 2], [1, 3, 4], [1, 5, 5], [1, 7, 5], [1, 2, 5], [1, 6, 6], [1, 7, 7]]
TIPS_Y = [2, 2, 2, 1, 1, 1, 0, 0]
TIPS_TEST_X = [[2, 1, 1], [3, 1, 2], [3, 3, 4]]
TIPS_TEST_Y = [2, 2, 2]
QUIZ_X = [[73, 80, 75], [93, 88, 93], [89, 91, 90], [96, 98, 100], [73, 66, 70]]
QUIZ_Y = [[152], [185], [180], [196], [142]]
XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]]
XOR_Y = [[0], [1], [1], [0]]


def _const(x, y):
    xa, ya = np.asarray(x, dtype=np.float64), np.asarray(y)
    return lambda: (xa.copy(), ya.copy())


def _diabetes():
    xy = diabetes().astype(np.float32)  # np.loadtxt(..., dtype=np.float32) of the CSV
    return xy[:, 0:-1], xy[:, [-1]]


def _zoo():
    xy = zoo().astype(np.float32)
    return xy[:, 0:-1], xy[:, -1].astype(np.int64)


def _epoch_cost(ns: dict) -> str:
    return "Epoch {epoch:4d}/{nb_epochs} Cost: {cost:.6f}".format(**ns)


def _xor_log(ns: dict) -> str:
    return f"{ns['epoch']} {ns['cost']}"  # print(step, cost.item())


def course_scenarios():
    """The chapters' loops as Scenarios (built here to keep ``reference.scenarios`` short)."""
    from reference.scenarios import Init, Scenario

    def tips(name, title, lr, nth, **kw):
        # manual_seed(1) at the top; every SoftmaxClassifierModel() draws a Linear(3, 3)
        return Scenario(
            name=name, origin=LAB07, title=title, data=_const(TIPS_X, TIPS_Y),
            model="softmax_classifier", loss="cross_entropy", lr=lr, epochs=(0, 20),
            classes=3, labels=True, init=Init("torch_linear", seed=1, before=((3, 3),) * nth),
            log="Epoch {epoch:4d}/20 Cost: {cost:.6f}",
            test_data=_const(TIPS_TEST_X, TIPS_TEST_Y), **kw)

    def xor(name, origin, title, layers):
        return Scenario(
            name=name, origin=origin, title=title, data=_const(XOR_X, XOR_Y),
            model="sequential", layers=layers, loss="BCELoss", lr=1.0, epochs=(0, 10001),
            init=Init("torch_linear", seed=777), log_every=100, log=_xor_log,
            notes="device = 'cpu' (torch.cuda.is_available() is False here)")

    drawn = Init("torch_linear", seed=1, draws=18)  # torch.rand(3, 5), randint(5, (3,))
    return [
        Scenario(
            name="logistic-manual", origin=LAB05,
            title="sigmoid(x@W+b), BCE by formula; W, b zeros; SGD lr 1; 1001 epochs",
            data=_const(LOGISTIC_X, LOGISTIC_Y), model="sigmoid(x@W+b)", loss="bce_formula",
            lr=1.0, epochs=(0, 1001), log_every=100, log=_epoch_cost),
        Scenario(
            name="logistic-bce", origin=LAB05,
            title="sigmoid(x@W+b) + F.binary_cross_entropy; SGD lr 1; 1001 epochs",
            data=_const(LOGISTIC_X, LOGISTIC_Y), model="sigmoid(x@W+b)",
            loss="binary_cross_entropy", lr=1.0, epochs=(0, 1001), log_every=100,
            log=_epoch_cost),
        Scenario(
            name="logistic-diabetes", origin=LAB05,
            title="759 x 8 (generated diabetes-like data), BCE by formula; lr 1; 101 epochs",
            data=_diabetes, model="sigmoid(x@W+b)", loss="bce_formula", lr=1.0,
            epochs=(0, 101), log_every=10, log=_epoch_cost,
            notes="data generated (reference.coursedata), not the course's CSV"),
        Scenario(
            name="logistic-module", origin=LAB05,
            title="BinaryClassifier(nn.Linear(8,1), nn.Sigmoid) + F.binary_cross_entropy; "
            "lr 1; 101 epochs",
            data=_diabetes, model="binary_classifier", loss="binary_cross_entropy", lr=1.0,
            epochs=(0, 101), init=Init("torch_linear", seed=1), log_every=10, log=_epoch_cost,
            notes="data generated; manual_seed(1) then the model"),
        Scenario(
            name="softmax-manual", origin=LAB06_1,
            title="softmax(x@W+b), one-hot by scatter_, CE by formula; SGD lr 0.1; 1001 epochs",
            data=_const(SOFTMAX_X, SOFTMAX_Y), model="softmax(x@W+b)",
            loss="ce_onehot_formula", lr=0.1, epochs=(0, 1001), classes=3, labels=True,
            log_every=100, log=_epoch_cost,
            notes="the notebook's cell 15 applies softmax twice (F.softmax(hypothesis)); the "
            "scenario follows the cost of its cells 8 and 11, one softmax"),
        Scenario(
            name="softmax-ce", origin=LAB06_1,
            title="z = x@W+b, F.cross_entropy(z, y); SGD lr 0.1; 1001 epochs",
            data=_const(SOFTMAX_X, SOFTMAX_Y), model="z=x@W+b", loss="cross_entropy", lr=0.1,
            epochs=(0, 1001), classes=3, labels=True, log_every=100, log=_epoch_cost),
        Scenario(
            name="softmax-module", origin=LAB06_1,
            title="SoftmaxClassifierModel(nn.Linear(4,3)) + F.cross_entropy; lr 0.1; 1001 epochs",
            data=_const(SOFTMAX_X, SOFTMAX_Y), model="softmax_classifier",
            loss="cross_entropy", lr=0.1, epochs=(0, 1001), classes=3, labels=True,
            init=drawn, log_every=100, log=_epoch_cost,
            notes="manual_seed(1), torch.rand(3, 5) and torch.randint(5, (3,)) (18 draws), "
            "then the model"),
        Scenario(
            name="softmax-zoo", origin=LAB06_2,
            title="101 x 16 (generated zoo-like data), 7 classes, F.cross_entropy; lr 0.1; "
            "1001 epochs",
            data=_zoo, model="z=x@W+b", loss="cross_entropy", lr=0.1, epochs=(0, 1001),
            classes=7, labels=True, log_every=100, log=_epoch_cost,
            notes="data generated (reference.coursedata), not the course's CSV"),
        tips("tips-train", "train/test split, Linear(3,3) + F.cross_entropy; lr 0.1; 20 epochs",
             0.1, 0),
        tips("tips-lr-high", "learning rate too high: lr 1e5 (the cost jumps to ~1e6)", 1e5, 1),
        tips("tips-lr-low", "learning rate too low: lr 1e-10 (the cost does not move)", 1e-10, 2),
        Scenario(
            name="tips-normalized", origin=LAB07,
            title="quiz scores normalised by mean/std(dim=0), Linear(3,1) + F.mse_loss; lr 0.1; "
            "20 epochs",
            data=_const(QUIZ_X, QUIZ_Y), model="softmax_classifier", loss="mse_loss", lr=0.1,
            epochs=(0, 20), normalize=True,
            init=Init("torch_linear", seed=1, before=((3, 3),) * 4),
            log="Epoch {epoch:4d}/20 Cost: {cost:.6f}",
            notes="four Linear(3,3) models were built before (cells 5, 11, 14, 17)"),
        xor("xor-slp", LAB08_1, "XOR, Linear(2,1) + Sigmoid + BCELoss; lr 1; 10001 steps "
            "(cannot learn XOR)", (2, 1)),
        xor("xor-2layer", LAB08_2, "XOR, 2-2-1 nn.Sequential, Sigmoid + BCELoss; lr 1; "
            "10001 steps", (2, 2, 1)),
        xor("xor-4layer", LAB08_3, "XOR, 2-10-10-10-1 nn.Sequential, Sigmoid + BCELoss; "
            "lr 1; 10001 steps", (2, 10, 10, 10, 1)).with_(
            agree_steps=5000,
            notes="compared within the bound over steps 0-4999 (the plateau); the escape "
            "from it (~step 5100) amplifies last-bit differences, so after that the outcome "
            "is compared"),
    ]


def outcome(trace: Trace) -> tuple[tuple[int, ...], float]:
    """What a run ends with: the predicted classes on the training data (``fit >= 0.5`` for one
    output, argmax for several) and the last step's cost."""
    fit = np.asarray(trace.extra["fit"])
    classes = (fit >= 0.5).reshape(-1) if fit.ndim < 2 or fit.shape[1] == 1 else fit.argmax(1)
    return tuple(int(c) for c in classes), float(trace.cost[-1])


def outcomes_agree(a: Trace, b: Trace) -> bool:
    """Same predictions, and final costs within a factor of 2 of each other."""
    (pa, ca), (pb, cb) = outcome(a), outcome(b)
    return pa == pb and 0.5 <= ca / cb <= 2


def compare_scenario(sc, a: Trace, b: Trace, tol=None, a_name: str | None = None):
    """``reference.trace.compare``, except for a scenario with ``agree_steps``: when the whole
    runs part, the first ``agree_steps`` steps are compared within ``tol`` and the rest by
    :func:`outcomes_agree` (the result says so in its ``note``)."""
    from reference.trace import compare

    full = compare(a, b, tol, a_name=a_name)
    if full.ok or sc.agree_steps is None or len(b) <= sc.agree_steps:
        return full
    head = compare(a.head(sc.agree_steps), b.head(sc.agree_steps), tol, a_name=a_name)
    head.identical = False
    (pa, ca), (pb, cb) = outcome(a), outcome(b)
    head.note = (f"steps 0-{sc.agree_steps - 1} compared; then the runs part at {full.first} "
                 f"and end with predictions {pa} vs {pb}, cost {ca:.3g} vs {cb:.3g}")
    head.ok = head.ok and outcomes_agree(a, b)
    return head


# ------------------------------------------------------------------------ parameters


def _linears(sc) -> list[tuple[int, int]]:
    """The (in, out) of each nn.Linear the model builds, in build order."""
    f = sc.features()
    if sc.model == "sequential":
        return list(zip(sc.layers[:-1], sc.layers[1:]))
    if sc.model == "binary_classifier":
        return [(f, 1)]
    if sc.model == "softmax_classifier":
        return [(f, sc.classes)]
    return []


def param_shapes(sc) -> dict[str, tuple[int, ...]]:
    """Parameter names (as ``named_parameters()`` or the chapter names them) and shapes."""
    f = sc.features()
    if sc.model == "sigmoid(x@W+b)":
        return {"W": (f, 1), "b": (1,)}
    if sc.model in ("softmax(x@W+b)", "z=x@W+b"):
        return {"W": (f, sc.classes), "b": (1,)}
    if sc.model in ("binary_classifier", "softmax_classifier"):
        (i, o), = _linears(sc)
        return {"linear.weight": (o, i), "linear.bias": (o,)}
    if sc.model == "sequential":
        out = {}
        for j, (i, o) in enumerate(_linears(sc)):
            out[f"{2 * j}.weight"], out[f"{2 * j}.bias"] = (o, i), (o,)
        return out
    raise ValueError(f"unknown course model {sc.model!r}")


def initial_params(sc) -> dict[str, np.ndarray]:
    """Zeros for the hand-written models; torch's draws (emulated, torch-free) for modules:
    ``manual_seed(seed)``, ``draws`` 32-bit words (``torch.rand``/``randint`` calls in
    between), the ``before`` models' Linears, then the model's own Linears in build order."""
    from reference.torchrng import TorchCPUGenerator, linear_init

    shapes = param_shapes(sc)
    if sc.init.kind == "zeros":
        return {k: np.zeros(s, dtype=np.float32) for k, s in shapes.items()}
    if sc.init.kind != "torch_linear":
        raise ValueError(f"course scenarios start from zeros or torch_linear, not {sc.init.kind}")
    gen = TorchCPUGenerator(sc.init.seed)
    gen.random_words(sc.init.draws)
    for i, o in sc.init.before:
        linear_init(gen, i, o)
    values = []
    for i, o in _linears(sc):
        drawn = linear_init(gen, i, o)
        values += [drawn["weight"], drawn["bias"]]
    return dict(zip(shapes, values, strict=True))


# ------------------------------------------------------------------------ the lib side


class CourseModel:
    """The chapter's model on ``lib`` (torch or minigrad), started from ``init``."""

    def __init__(self, lib, sc, init: dict | None, use_lib_rng: bool):
        self.lib, self.sc = lib, sc
        nn = lib.nn
        self.F = importlib.import_module(lib.__name__ + ".nn.functional")
        self.module, self.tensors = None, None
        if sc.model in ("sigmoid(x@W+b)", "softmax(x@W+b)", "z=x@W+b"):
            self.tensors = {k: lib.tensor(v.copy(), requires_grad=True) for k, v in init.items()}
            return
        if use_lib_rng:
            lib.manual_seed(sc.init.seed)
            if sc.init.draws:
                lib.rand(sc.init.draws)  # one 32-bit word per float32
            for i, o in sc.init.before:
                nn.Linear(i, o)
        if sc.model == "sequential":
            linears = [nn.Linear(i, o, bias=True) for i, o in _linears(sc)]
            sigmoid = nn.Sigmoid()
            parts = []
            for linear in linears:
                parts += [linear, sigmoid]
            self.module = nn.Sequential(*parts)
        else:
            (i, o), = _linears(sc)
            binary = sc.model == "binary_classifier"

            class Classifier(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.linear = nn.Linear(i, o)
                    if binary:
                        self.sigmoid = nn.Sigmoid()

                def forward(self, x):
                    return self.sigmoid(self.linear(x)) if binary else self.linear(x)

            self.module = Classifier()
        if not use_lib_rng:
            with lib.no_grad():
                for name, p in self.module.named_parameters():
                    p.copy_(lib.tensor(init[name].copy()))

    def names(self) -> list[str]:
        if self.module is not None:
            return [n for n, _ in self.module.named_parameters()]
        return list(self.tensors)

    def parameters(self) -> list:
        if self.module is not None:
            return list(self.module.parameters())
        return list(self.tensors.values())

    def __call__(self, x):
        if self.module is not None:
            return self.module(x)
        W, b = self.tensors["W"], self.tensors["b"]
        if self.sc.model == "sigmoid(x@W+b)":
            return self.lib.sigmoid(x.matmul(W) + b)
        if self.sc.model == "softmax(x@W+b)":
            return self.F.softmax(x.matmul(W) + b, dim=1)
        return x.matmul(W) + b


def make_model(lib, sc, init, use_lib_rng: bool) -> CourseModel:
    """The scenario's model on ``lib``."""
    return CourseModel(lib, sc, init, use_lib_rng)


def loss_fn(lib, kind: str):
    """The chapter's cost expression for ``kind``."""
    F = importlib.import_module(lib.__name__ + ".nn.functional")
    if kind == "bce_formula":
        return lambda h, y: -(y * lib.log(h) + (1 - y) * lib.log(1 - h)).mean()
    if kind == "binary_cross_entropy":
        return lambda h, y: F.binary_cross_entropy(h, y)
    if kind == "BCELoss":
        return lib.nn.BCELoss()
    if kind == "cross_entropy":
        return lambda z, y: F.cross_entropy(z, y)
    if kind == "mse_loss":
        return lambda h, y: F.mse_loss(h, y)
    if kind == "ce_onehot_formula":
        def cost(h, y):
            y_one_hot = lib.zeros_like(h)
            y_one_hot.scatter_(1, y.unsqueeze(1), 1)
            return (y_one_hot * -lib.log(h)).sum(dim=1).mean()
        return cost
    raise ValueError(f"unknown course loss {kind!r}")


# ------------------------------------------------------------------------ the numpy witness
#
# Notation: n samples, x (n, f), logits z = x W + b (hand models) or z = a W^T + b (nn.Linear).
#
# Sigmoid + binary cross-entropy. p = s(z) = 1 / (1 + e^-z), so ds/dz = e^-z / (1 + e^-z)^2
# = s (1 - s). The cost is L = -(1/n) sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)], so
#   dL/dp_i = -(1/n) [y_i / p_i - (1 - y_i) / (1 - p_i)]
#           = (1/n) (p_i - y_i) / (p_i (1 - p_i)),
# and by the chain rule
#   dL/dz_i = dL/dp_i * p_i (1 - p_i) = (p_i - y_i) / n.
# (The same for F.binary_cross_entropy / nn.BCELoss: only the clamp of log at -100 differs,
# which never binds here: p stays well inside (e^-100, 1 - e^-100) on these data.)
#
# Softmax + cross-entropy. p_ij = e^{z_ij} / sum_k e^{z_ik}, so dp_ij/dz_il = p_ij (d_jl - p_il).
# With the one-hot target t (t_ij = 1 if j == y_i), L = -(1/n) sum_i sum_j t_ij log p_ij and
#   dL/dz_il = -(1/n) sum_j t_ij (1/p_ij) p_ij (d_jl - p_il)
#            = -(1/n) (t_il - p_il sum_j t_ij) = (p_il - t_il) / n      (sum_j t_ij = 1).
# F.cross_entropy(z, y) = nll_loss(log_softmax(z), y) is the same L, so the same gradient.
#
# From the logits to the parameters (z = x W + b, b one number broadcast over all z_ij):
#   dL/dW = x^T dL/dz,   dL/db = sum_ij dL/dz_ij.
# nn.Linear (z = a W^T + b, b one per output):  dL/dW = (dL/dz)^T a,  dL/db = sum_i dL/dz_i,
#   and the layer's input gets dL/da = dL/dz W.
# Through a hidden Sigmoid a = s(u):  dL/du = dL/da * a (1 - a).
# MSE (tips-normalized): L = (1/n) sum (h - y)^2, dL/dh = 2 (h - y) / n.


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return (np.float32(1) / (np.float32(1) + np.exp(-z))).astype(np.float32)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def _bce(p: np.ndarray, y: np.ndarray) -> np.float32:
    log_p = np.maximum(np.log(p), np.float32(-100))
    log_q = np.maximum(np.log1p(-p), np.float32(-100))
    return np.float32(torch_sum(-(y * log_p + (1 - y) * log_q)) / np.float32(y.size))


def _cross_entropy(z: np.ndarray, labels: np.ndarray) -> np.float32:
    """-(1/n) sum_i log p_i,y_i from the logits: log p_ij = z_ij - m_i - log sum_k e^(z_ik - m_i)
    with m_i = max_k z_ik (finite even where p_ij underflows to 0, as at lr 1e5)."""
    m = z.max(axis=1, keepdims=True)
    log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    picked = log_p[np.arange(len(labels)), labels]
    return np.float32(torch_sum(-picked.astype(np.float32)) / np.float32(len(labels)))


def normalise_numpy(x: np.ndarray) -> np.ndarray:
    """``(x - x.mean(dim=0)) / x.std(dim=0)`` (the unbiased std, as torch's default)."""
    mu = (x.sum(axis=0) / np.float32(len(x))).astype(np.float32)
    sigma = np.sqrt(((x - mu) ** 2).sum(axis=0) / np.float32(len(x) - 1)).astype(np.float32)
    return ((x - mu) / sigma).astype(np.float32)


def _forward_backward(sc, p: dict, x: np.ndarray, y: np.ndarray):
    """The cost and every parameter's gradient, by the formulas above."""
    n = np.float32(len(x))
    m = sc.model
    if m in ("sigmoid(x@W+b)", "softmax(x@W+b)", "z=x@W+b"):
        z = (x @ p["W"] + p["b"]).astype(np.float32)
        if m == "sigmoid(x@W+b)":
            h = _sigmoid(z)
            cost, dz = _bce(h, y), (h - y) / n
        else:
            h = _softmax(z)
            onehot = np.eye(sc.classes, dtype=np.float32)[y]
            cost, dz = _cross_entropy(z, y), (h - onehot) / n
        dz = dz.astype(np.float32)
        return cost, {"W": (x.T @ dz).astype(np.float32),
                      "b": np.array([dz.sum()], dtype=np.float32)}, h
    # nn.Linear stacks: forward, keeping each layer's input
    names = list(param_shapes(sc))
    weights = [(names[j], names[j + 1]) for j in range(0, len(names), 2)]
    acts = [x]
    for k, (wn, bn) in enumerate(weights):
        u = (acts[-1] @ p[wn].T + p[bn]).astype(np.float32)
        last = k == len(weights) - 1
        sig = sc.model != "softmax_classifier" or (not last)
        acts.append(_sigmoid(u) if sig else u)
    h = acts[-1]
    if sc.loss in ("binary_cross_entropy", "BCELoss"):
        cost, du = _bce(h, y), (h - y) / n  # sigmoid + BCE: dL/du = (p - y) / n
    elif sc.loss == "cross_entropy":
        s = _softmax(h)
        onehot = np.eye(sc.classes, dtype=np.float32)[y]
        cost, du = _cross_entropy(h, y), (s - onehot) / n
    elif sc.loss == "mse_loss":
        d = h - y
        cost, du = np.float32(torch_sum(d * d) / n), np.float32(2) * d / n
    else:
        raise ValueError(f"no hand-derived gradient for {sc.loss!r} on {m!r}")
    grads = {}
    du = du.astype(np.float32)
    for k in range(len(weights) - 1, -1, -1):
        wn, bn = weights[k]
        a = acts[k]
        grads[wn] = (du.T @ a).astype(np.float32)
        grads[bn] = du.sum(axis=0).astype(np.float32)
        if k:
            da = du @ p[wn]
            du = (da * acts[k] * (np.float32(1) - acts[k])).astype(np.float32)
    return cost, {k: grads[k] for k in names}, h


def train_numpy(sc, init=None, *, epochs=None, echo=None) -> Trace:
    """The scenario in numpy with the hand-derived gradients above; returns its Trace."""
    from reference.manual import FakeTensor, NumpySGD

    params = {k: np.array(v, dtype=np.float32, copy=True)
              for k, v in (init or initial_params(sc)).items()}
    x, y = sc.data()
    x = x.astype(np.float32)
    y = y.astype(np.int64) if sc.labels else y.astype(np.float32)
    if sc.normalize:
        x = normalise_numpy(x)
    trace = Trace(sc.name, "numpy", "float32")
    sgd = NumpySGD(np.float32, **sc.sgd_kwargs())
    stop = sc.epochs[1] if epochs is None else sc.epochs[0] + epochs
    for epoch in range(sc.epochs[0], stop):
        cost, grads, h = _forward_backward(sc, params, x, y)
        sgd.step(params, grads)
        trace.record(f"epoch {epoch}", cost, grads, params)
        if sc.log and epoch % sc.log_every == 0:
            ns = {"epoch": epoch, "nb_epochs": sc.nb_epochs, "cost": float(cost),
                  "cost_t": FakeTensor(np.asarray(cost))}
            line = sc.log(ns) if callable(sc.log) else sc.log.format(**ns)
            trace.log.append(line)
            if echo is not None:
                echo(line)
    trace.extra["fit"] = _forward_backward(sc, params, x, y)[2]
    if sc.test_data is not None:  # the training-tips chapter's test(): accuracy and cost
        xt, yt = sc.test_data()
        cost, _, logits = _forward_backward(sc, params, xt.astype(np.float32), yt.astype(np.int64))
        correct = int((logits.argmax(axis=1) == yt).sum())
        trace.extra["test"] = (correct / len(yt) * 100, float(cost))
        trace.log.append(f"Accuracy: {correct / len(yt) * 100}% Cost: {float(cost):.6f}")
        if echo is not None:
            echo(trace.log[-1])
    return trace
