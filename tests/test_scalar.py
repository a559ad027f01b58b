"""The scalar engine, minigrad.scalar.Value, against torch (float64) and the tensor engine.

* random expressions (shared sub-expressions, kinks at 0, exact zeros): values and
  gradients equal torch's and minigrad's 0-dim float64 tensors';
* special points (kinks, 1/0, log 0, 0 ** negative) give torch's inf/nan/0;
* a 1,000,000-node chain, gradient accumulation like torch, re-used nodes;
* micrograd compatibility, float32 data.
"""

from __future__ import annotations

import gc
import itertools
import math
import random

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.scalar import Value

# inf and nan on purpose (1/0, log 0, ...): numpy's RuntimeWarnings about them are expected.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

# ---------------------------------------------------------------------------------------
# Random expressions: a program is a list of (op, i, j, constant) steps over a growing list
# of nodes; i and j pick earlier nodes, so nodes get re-used (shared sub-expressions).
# The same program runs on Value, on torch 0-dim float64 tensors and on minigrad's.
# ---------------------------------------------------------------------------------------

EXPONENTS = [0, 1, 2, 3, -1, -2, 0.5, 1.5, 2.0, 2.5]

OPS = {
    "add": lambda a, b, c: a + b,
    "sub": lambda a, b, c: a - b,
    "mul": lambda a, b, c: a * b,
    "div": lambda a, b, c: a / b,
    "add_number": lambda a, b, c: a + c,
    "number_sub": lambda a, b, c: c - a,
    "number_mul": lambda a, b, c: c * a,
    "number_div": lambda a, b, c: c / a,
    "neg": lambda a, b, c: -a,
    "pow_number": lambda a, b, c: a ** EXPONENTS[int(abs(c) * 10) % len(EXPONENTS)],
    "pow_value": lambda a, b, c: a.abs() ** b,
    "exp": lambda a, b, c: a.exp(),
    "log": lambda a, b, c: a.abs().log(),
    "tanh": lambda a, b, c: a.tanh(),
    "sigmoid": lambda a, b, c: a.sigmoid(),
    "relu": lambda a, b, c: a.relu(),
    "abs": lambda a, b, c: a.abs(),
}

# Exact zeros and small integers on purpose: they sit on the kinks (abs, relu, x**n at 0).
numbers = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5]),
    st.floats(-3, 3, allow_nan=False, allow_subnormal=False),
)
steps = st.tuples(st.sampled_from(sorted(OPS)), st.integers(0, 99), st.integers(0, 99), numbers)
programs = st.tuples(st.lists(numbers, min_size=1, max_size=3),
                     st.lists(steps, min_size=1, max_size=12))


def run(program, leaf):
    """Run a program with ``leaf(x)`` making the inputs; returns (leaves, all nodes)."""
    inputs, ops = program
    nodes = [leaf(x) for x in inputs]
    leaves = list(nodes)
    for op, i, j, c in ops:
        nodes.append(OPS[op](nodes[i % len(nodes)], nodes[j % len(nodes)], c))
    return leaves, nodes


def torch_leaf(x):
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def minigrad_leaf(x):
    # From a float64 ndarray: (at the time of writing) mg.tensor(python_float, dtype=float64)
    # rounds through float32 first, unlike torch.tensor.
    return mg.tensor(np.array(x, dtype=np.float64), requires_grad=True)


def close(a: float, b: float, scale: float) -> bool:
    """Equal up to float64 rounding noise (relative 1e-9 of the graph's largest number)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-9 * (abs(b) + scale)


def check_against(program, leaf):
    """Compare every node's value and gradient with a tensor engine's (the intermediate
    tensors keep their gradients through retain_grad())."""
    _, value_nodes = run(program, Value)
    tensors, tensor_nodes = run(program, leaf)
    result_t = tensor_nodes[-1]
    assume(result_t.requires_grad)  # a program of only constants has nothing to check
    for t in tensor_nodes[len(tensors):]:
        if t.requires_grad:
            t.retain_grad()
    result_t.backward()
    expected_values = [t.item() for t in tensor_nodes]
    expected_grads = [0.0 if t.grad is None else t.grad.item() for t in tensor_nodes]
    # Only finite graphs here: the inf/nan rules are checked one by one below.
    assume(all(math.isfinite(x) for x in expected_values + expected_grads))

    value_nodes[-1].backward()
    got_values = [v.data for v in value_nodes]
    got_grads = [v.grad for v in value_nodes]
    scale = max(abs(x) for x in expected_values + expected_grads + [1.0])
    for k, (got, want) in enumerate(zip(got_values, expected_values, strict=True)):
        assert close(got, want, scale), f"node {k}: value {got} != {want}"
    for k, (got, want) in enumerate(zip(got_grads, expected_grads, strict=True)):
        assert close(got, want, scale), f"node {k}: grad {got} != {want}"


@given(programs)
def test_random_expressions_match_torch_float64(program):
    check_against(program, torch_leaf)


@given(programs)
def test_random_expressions_match_the_tensor_engine_on_0dim_float64(program):
    check_against(program, minigrad_leaf)


def test_random_expressions_do_hit_the_kinks():
    """The strategy's exact zeros reach abs/relu/x**n at 0 (else the kink tests are idle)."""
    hits = set()
    for op in ("abs", "relu", "pow_number"):
        program = ([0.0], [(op, 0, 0, 0.2)])  # 0.2 picks EXPONENTS[2] = 2
        _, nodes = run(program, Value)
        nodes[-1].backward()
        assert nodes[0].grad == 0.0
        hits.add(op)
    assert hits == {"abs", "relu", "pow_number"}


# ---------------------------------------------------------------------------------------
# Special points, one by one, against torch (values and gradients, inf and nan included)
# ---------------------------------------------------------------------------------------

SPECIAL_UNARY = [
    ("abs at 0", lambda a: a.abs(), 0.0),
    ("abs at -0.0", lambda a: a.abs(), -0.0),
    ("relu at 0", lambda a: a.relu(), 0.0),
    ("relu at -1", lambda a: a.relu(), -1.0),
    ("x**2 at 0", lambda a: a**2, 0.0),
    ("x**0 at 0", lambda a: a**0, 0.0),
    ("x**-1 at 0", lambda a: a**-1, 0.0),
    ("x**-2 at 0", lambda a: a**-2, 0.0),
    ("x**0.5 at 0", lambda a: a**0.5, 0.0),
    ("x**1.5 at -1", lambda a: a**1.5, -1.0),
    ("x**2.0 at -3", lambda a: a**2.0, -3.0),
    ("x**3 at -2", lambda a: a**3, -2.0),
    ("x**(1/3) at -8", lambda a: a ** (1 / 3), -8.0),
    ("x**-1 at -0.0", lambda a: a**-1, -0.0),
    ("x**-3 at -0.0", lambda a: a**-3, -0.0),
    ("x**1000 at 10 (overflow)", lambda a: a**1000, 10.0),
    ("log at 0", lambda a: a.log(), 0.0),
    ("log at -1", lambda a: a.log(), -1.0),
    ("exp at 1000 (overflow)", lambda a: a.exp(), 1000.0),
    ("sigmoid at -1000", lambda a: a.sigmoid(), -1000.0),
    ("sigmoid at 1000", lambda a: a.sigmoid(), 1000.0),
    ("tanh at 0", lambda a: a.tanh(), 0.0),
    ("1 / x at 0", lambda a: 1 / a, 0.0),
    ("0 / x at 0", lambda a: 0 / a, 0.0),
    ("x / 0", lambda a: a / 0, 2.0),
    ("2 ** x at 0", lambda a: 2**a, 0.0),
]

SPECIAL_BINARY = [  # (name, f, a, b): a ** b with a Value exponent
    ("0 ** 2", 0.0, 2.0),
    ("0 ** 0", 0.0, 0.0),
    ("0 ** -1", 0.0, -1.0),
    ("0 ** 0.5", 0.0, 0.5),
    ("-2 ** 2", -2.0, 2.0),
    ("-2 ** 0.5", -2.0, 0.5),
    ("2 ** -1", 2.0, -1.0),
    ("1 ** 5", 1.0, 5.0),
    ("0 / 0", 0.0, 0.0),
]


def same(a: float, b: float) -> bool:
    """Equal as IEEE numbers, nan equal to nan, and ±0 told apart only for inf results."""
    return (math.isnan(a) and math.isnan(b)) or a == b or math.isclose(a, b, rel_tol=1e-15)


@pytest.mark.parametrize(("name", "f", "x"), SPECIAL_UNARY, ids=[c[0] for c in SPECIAL_UNARY])
def test_special_points_match_torch(name, f, x):
    v = Value(x)
    out = f(v)
    out.backward()
    t = torch_leaf(x)
    out_t = f(t)
    out_t.backward()
    assert same(out.data, out_t.item()), f"{name}: value {out.data} vs torch {out_t.item()}"
    want = 0.0 if t.grad is None else t.grad.item()
    assert same(v.grad, want), f"{name}: grad {v.grad} vs torch {want}"


@pytest.mark.parametrize(("name", "a", "b"), SPECIAL_BINARY, ids=[c[0] for c in SPECIAL_BINARY])
def test_special_points_of_two_values_match_torch(name, a, b):
    op = (lambda p, q: p / q) if "/" in name else (lambda p, q: p**q)
    va, vb = Value(a), Value(b)
    out = op(va, vb)
    out.backward()
    ta, tb = torch_leaf(a), torch_leaf(b)
    out_t = op(ta, tb)
    out_t.backward()
    assert same(out.data, out_t.item()), f"{name}: value {out.data} vs {out_t.item()}"
    assert same(va.grad, ta.grad.item()), f"{name}: d/da {va.grad} vs {ta.grad.item()}"
    assert same(vb.grad, tb.grad.item()), f"{name}: d/db {vb.grad} vs {tb.grad.item()}"


# ---------------------------------------------------------------------------------------
# Deep graphs, re-used nodes, accumulation
# ---------------------------------------------------------------------------------------


@pytest.mark.slow  # `make test-slow`
def test_a_million_node_chain_backprops_without_recursion():
    gc.disable()  # Python's cycle collector rescans the growing heap: 2/3 of the build time
    try:
        x = Value(0.5)
        y = x
        for _ in range(500_000):  # two nodes per step: 1,000,000 nodes after x
            y = -(y + x)
        y.backward()
    finally:
        gc.enable()
    # y_k = -(y_{k-1} + x): dy_k/dx = -(dy_{k-1}/dx + 1), a period-2 sequence from dy_0/dx = 1
    # 1 -> -2 -> 1 -> -2 ...: after an even number of steps it is 1
    assert x.grad == 1.0
    assert y.data == 0.5


def test_a_node_used_twice_gets_both_shares():
    a = Value(3.0)
    (a * a).backward()  # d(a^2)/da = 2a
    assert a.grad == 6.0
    b = Value(3.0)
    (b + b + b).backward()
    assert b.grad == 3.0


def test_a_reused_intermediate_node_passes_its_full_gradient_once():
    x = Value(2.0)
    h = x * x  # used by two later nodes
    out = h * 3 + h.tanh()
    out.backward()
    # d/dx = (3 + (1 - tanh(h)^2)) * 2x
    assert x.grad == pytest.approx((3 + 1 - math.tanh(4.0) ** 2) * 4.0, rel=1e-15)


def test_leaf_gradients_accumulate_across_backward_calls_until_zeroed():
    w = Value(1.5)
    for calls in range(1, 4):
        (w * 4).backward()
        assert w.grad == 4.0 * calls
    w.zero_grad()
    assert w.grad == 0.0
    (w * 4).backward()
    assert w.grad == 4.0
    w.grad = 0  # micrograd's way of zeroing works too
    (w * 4).backward()
    assert w.grad == 4.0


def test_two_results_sharing_a_node_accumulate_like_torch():
    """micrograd's fault: h.grad keeps the first call's gradient and sends it again."""
    x, w = Value(2.0), Value(5.0)
    h = x * w
    (h * 2).backward()
    (h * 3).backward()
    tx, tw = torch_leaf(2.0), torch_leaf(5.0)
    th = tx * tw
    (th * 2).backward(retain_graph=True)
    (th * 3).backward()
    assert (x.grad, w.grad) == (tx.grad.item(), tw.grad.item()) == (25.0, 10.0)
    assert h.grad == 3.0  # an intermediate node holds the latest call's gradient


def test_backward_twice_on_the_same_graph_accumulates_like_torch_retain_graph():
    x = Value(0.7)
    y = (x * x).tanh()
    y.backward()
    y.backward()
    tx = torch_leaf(0.7)
    ty = (tx * tx).tanh()
    ty.backward(retain_graph=True)
    ty.backward()
    assert x.grad == pytest.approx(tx.grad.item(), rel=1e-15)


def test_parents_are_an_ordered_tuple():
    a, b = Value(1.0), Value(2.0)
    for out in (a - b, a / b, a**b, a * b, a + b):
        assert out._prev == (a, b)
    assert (b - a)._prev == (b, a)
    assert isinstance((a + b)._prev, tuple)


@pytest.mark.parametrize("xs", list(itertools.permutations([1.0, 1e16, -1e16])))
def test_shares_of_a_gradient_add_up_in_the_order_of_use_like_torchs_vector_sum(xs):
    """Parents in a tuple, not a set, and a fixed traversal: w.grad = x0 + x1 + x2 summed
    left to right (here the order changes the result), as torch sums x * w's gradient."""
    w = Value(0.0)
    sum(x * w for x in xs).backward()
    tw = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    (torch.tensor(xs, dtype=torch.float64) * tw).sum().backward()
    assert w.grad == tw.grad.item() == (xs[0] + xs[1]) + xs[2]


# ---------------------------------------------------------------------------------------
# micrograd compatibility: the README demo, nn.py-style code, and micrograd itself
# ---------------------------------------------------------------------------------------


def micrograd_readme_demo(value_cls):
    Value = value_cls
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return g.data, a.grad, b.grad


def test_micrograd_readme_demo_gives_its_printed_numbers():
    g, da, db = micrograd_readme_demo(Value)
    assert (f"{g:.4f}", f"{da:.4f}", f"{db:.4f}") == ("24.7041", "138.8338", "645.5773")


def test_micrograd_constructor_and_attributes():
    a = Value(2.0)
    out = Value(5.0, (a,), "custom")  # micrograd's Value(data, _children, _op)
    assert out._prev == (a,) and out._op == "custom" and out.data == 5.0 and out.grad == 0
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    labelled = Value(1.0, label="w")  # the micrograd lecture's label
    assert labelled.label == "w"
    assert (a * 3)._op == "*" and (a + 1)._op == "+" and a.relu()._op == "ReLU"
    assert (a**2)._op == "**2"
    x = a * 3
    x.grad = 1.0
    x._backward()  # micrograd's per-node step
    assert a.grad == 3.0


class TinyNeuron:
    """A neuron written the way micrograd's nn.py users write one."""

    def __init__(self, nin, rng):
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0)

    def __call__(self, x):
        return sum((wi * xi for wi, xi in zip(self.w, x, strict=True)), self.b).relu()

    def parameters(self):
        return self.w + [self.b]


def test_nn_py_style_training_reduces_the_loss():
    rng = random.Random(0)
    neurons = [TinyNeuron(2, rng) for _ in range(4)]
    head = TinyNeuron(4, rng)
    params = [p for n in neurons + [head] for p in n.parameters()]
    xs = [[2.0, 3.0], [3.0, -1.0], [0.5, 1.0], [1.0, 1.0]]
    ys = [1.0, 0.0, 0.5, 1.0]
    losses = []
    for _ in range(20):
        preds = [head([n(x) for n in neurons]) for x in xs]
        loss = sum((p - y) ** 2 for p, y in zip(preds, ys, strict=True))
        for p in params:
            p.grad = 0
        loss.backward()
        for p in params:
            p.data -= 0.05 * p.grad
        losses.append(loss.data)
    assert losses[-1] < losses[0]


def test_micrograd_mlp_runs_on_minigrad_values_after_changing_the_import(monkeypatch):
    """micrograd's own nn.py, with its `Value` swapped for ours, trains the same way."""
    micrograd_nn = pytest.importorskip("micrograd.nn")

    def train(seed):
        random.seed(seed)
        model = micrograd_nn.MLP(2, [4, 4, 1])
        xs = [[2.0, 3.0], [3.0, -1.0], [0.5, 1.0], [1.0, 1.0]]
        ys = [1.0, -1.0, -1.0, 1.0]
        for _ in range(5):
            preds = [model(x) for x in xs]
            loss = sum((p - y) ** 2 for p, y in zip(preds, ys, strict=True)) / len(ys)
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= 0.05 * p.grad
        return loss.data, [p.data for p in model.parameters()]

    theirs = train(7)
    monkeypatch.setattr(micrograd_nn, "Value", Value)
    ours = train(7)
    assert ours[0] == pytest.approx(theirs[0], rel=1e-12)
    assert ours[1] == pytest.approx(theirs[1], rel=1e-12)


def test_random_expressions_match_micrograd_where_micrograd_is_right():
    engine = pytest.importorskip("micrograd.engine")
    rng = random.Random(3)
    for _ in range(50):
        values = [rng.uniform(-2, 2) for _ in range(3)]

        def expr(value_cls, values=values):
            a, b, c = (value_cls(v) for v in values)
            h = a * b + c  # shared below
            out = (h * h + (b - a).relu() * 3 + h / 2.0 - 1.5 * c) ** 2
            out.backward()
            return [out.data, a.grad, b.grad, c.grad]

        assert expr(Value) == pytest.approx(expr(engine.Value), rel=1e-12, abs=1e-12)


# ---------------------------------------------------------------------------------------
# Precision: float32 data computes in float32
# ---------------------------------------------------------------------------------------


def test_float32_data_stays_float32_through_every_op_and_gradient():
    a, b = Value(np.float32(0.3)), Value(np.float32(-1.7))
    outs = [a + b, a - b, a * b, a / b, a**2, a.abs() ** b, -a, a.exp(), a.log(), a.tanh(),
            a.sigmoid(), a.relu(), b.abs(), 2 * a, 1 - a, 0.1 / a]
    total = sum(outs[1:], outs[0])
    total.backward()
    for node in outs + [total]:
        assert type(node.data) is np.float32, node._op
    assert type(a.grad) is np.float32 and type(b.grad) is np.float32


def test_float32_arithmetic_rounds_like_a_float32_torch_tensor():
    x = [np.float32(v) for v in (0.1, 0.7, 3.3)]
    a, b, c = (Value(v) for v in x)
    out = ((a * b + c) / b - a) ** 2
    out.backward()
    ta, tb, tc = (torch.tensor(v, requires_grad=True) for v in x)
    out_t = ((ta * tb + tc) / tb - ta) ** 2
    out_t.backward()
    assert out.data == out_t.item()
    assert [a.grad, b.grad, c.grad] == [ta.grad.item(), tb.grad.item(), tc.grad.item()]


def test_numpy_scalars_on_the_left_defer_to_value():
    v = Value(2.0)
    out = np.float32(3) * v
    assert isinstance(out, Value) and out.data == 6.0
