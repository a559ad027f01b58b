"""``matmul`` takes torch's paths (``_matmul_impl``): dot, mv, mm, a batch folded into one
mm or mv, or expanded batches through one bmm. Random operands (1-4 dimensions, broadcast
batches, sizes 0 and 1, transposed layouts, gradients wanted or not, mixed dtypes, grad
mode on or off) give torch's outcome: the exception's class and message, or the value (bits,
or the MM bound where torch hands the product to MKL), dtype, contiguity, the whole graph
of node names down to the leaves, and the leaves' gradients."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minigrad as mg
from tests.fuzz.compare import compare_arrays
from tests.fuzz.tolerance import mm_bound

torch = pytest.importorskip("torch")

DTYPES = ("float32", "float32", "float32", "float64", "int64", "bool")


@st.composite
def operands(draw: st.DrawFn) -> dict[str, Any]:
    """Two operands' shapes, dtypes, layouts and flags, mostly compatible."""
    k = draw(st.integers(0, 3))
    m, n = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    batch = draw(st.lists(st.integers(0, 3), max_size=2))
    specs = []
    for side in (0, 1):
        ndim = draw(st.integers(1, 2 + len(batch)))
        if ndim == 1:
            shape = [k]
        else:
            lead = [draw(st.sampled_from([b, 1])) for b in batch[len(batch) - (ndim - 2):]]
            shape = lead + ([m, k] if side == 0 else [k, n])
        if draw(st.integers(0, 9)) == 0 and shape:  # a mismatch now and then
            shape[draw(st.integers(0, len(shape) - 1))] += 1
        float_dtype = draw(st.sampled_from(DTYPES))
        perm = draw(st.permutations(range(len(shape))))
        specs.append({
            "shape": shape, "dtype": float_dtype, "perm": list(perm),
            "grad": float_dtype.startswith("float") and draw(st.booleans()),
        })
    if draw(st.integers(0, 3)):  # mostly one dtype
        specs[1]["dtype"] = specs[0]["dtype"]
        specs[1]["grad"] = specs[1]["grad"] and specs[1]["dtype"].startswith("float")
    values = draw(st.lists(st.integers(-4, 4), min_size=64, max_size=64))
    return {"specs": specs, "values": values, "grad_mode": draw(st.integers(0, 4)) > 0}


def _leaf(lib: Any, spec: dict[str, Any], values: list[int]) -> tuple[Any, Any]:
    """The leaf, and the operand: the leaf permuted back to the spec's shape (a layout
    torch's fold and bmm paths tell apart)."""
    shape = [spec["shape"][i] for i in spec["perm"]]
    size = int(np.prod(shape))
    data = (np.resize(np.array(values, dtype=np.float64), size) / 2).reshape(shape)
    leaf = lib.tensor(data.astype(spec["dtype"]), requires_grad=spec["grad"])
    inverse = list(np.argsort(spec["perm"]))
    return leaf, leaf.permute(*inverse) if len(shape) > 1 else leaf


def _graph(node: Any) -> list[str]:
    """Node names, depth first."""
    if node is None:
        return []
    names = [node.name()]
    for child, _ in getattr(node, "next_functions", ()):
        names += ["  " + name for name in _graph(child)]
    return names


def _run(lib: Any, case: dict[str, Any]) -> dict[str, Any]:
    leaves, ops = zip(*(_leaf(lib, s, case["values"]) for s in case["specs"]))
    try:
        if case["grad_mode"]:
            out = lib.matmul(*ops)
        else:
            with lib.no_grad():
                out = lib.matmul(*ops)
    except Exception as e:  # noqa: BLE001 - the outcome compared
        return {"error": f"{type(e).__name__}: {e}"}
    result = {
        "value": out.detach().numpy().copy(), "dtype": str(out.dtype),
        "contiguous": out.is_contiguous(), "graph": _graph(out.grad_fn),
    }
    if out.requires_grad:
        out.sum().backward()
        result["grads"] = [None if x.grad is None else x.grad.numpy().copy() for x in leaves]
    return result


@settings(max_examples=400, deadline=None)
@given(operands())
def test_matmul_takes_torch_paths(case: dict[str, Any]) -> None:
    want, got = _run(torch, case), _run(mg, case)
    assert want.keys() == got.keys(), (want, got)
    if "error" in want:
        assert got["error"] == want["error"]
        return
    sides = tuple(case["specs"][0]["shape"]) + tuple(case["specs"][1]["shape"])
    tol = mm_bound(sides)
    assert (want["dtype"], want["contiguous"]) == (got["dtype"], got["contiguous"])
    assert got["graph"] == want["graph"]
    assert compare_arrays(want["value"], got["value"], tol) != "differs", (want, got)
    for w, g in zip(want.get("grads", ()), got.get("grads", ())):
        assert (w is None) == (g is None)
        if w is not None:
            assert compare_arrays(w, g, tol) != "differs", (w, g)


def test_reshape_of_a_layout_that_cannot_be_viewed_records_a_clone() -> None:
    """``reshape`` copies through ``clone`` (CloneBackward0 under UnsafeViewBackward0)."""
    for lib in (torch, mg):
        w = lib.ones(2, 3, requires_grad=True)
        names = _graph(w.t().reshape(6).grad_fn)
        assert names == ["UnsafeViewBackward0", "  CloneBackward0", "    TBackward0",
                         "      torch::autograd::AccumulateGrad"], (lib, names)


# --------------------------------------------------------------------- MKL's dot-form sums
# float32 products MKL reads along k (``x @ W.T``, ``nn.Linear``, ``mv``, a 1-D input): its
# lanes of partial sums (``minigrad.kernels.torch_linalg._dot_form_sums``), bit for bit.

SIDES = st.sampled_from([1, 2, 3, 4, 5, 7, 8, 9, 12, 13])


@st.composite
def dot_form_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Sizes (k up to 64; gemm blocking from m, n, k >= 8), values (normal, wide, small
    integers with zeros of both signs, or zeros only), and whether x is a strided view."""
    m, n = draw(SIDES), draw(SIDES)
    k = draw(st.one_of(st.integers(1, 20), st.integers(21, 64)))
    kind = draw(st.sampled_from(["normal", "wide", "integers", "zeros"]))
    return {"m": m, "n": n, "k": k, "kind": kind, "seed": draw(st.integers(0, 2**16)),
            "strided_x": draw(st.booleans())}


def _values(rng: np.random.Generator, shape: tuple[int, ...], kind: str) -> np.ndarray:
    if kind == "normal":
        return rng.standard_normal(shape).astype(np.float32)
    if kind == "wide":
        scale = 10.0 ** rng.integers(-4, 5, shape)
        return (rng.standard_normal(shape) * scale).astype(np.float32)
    if kind == "integers":
        v = rng.integers(-2, 3, shape).astype(np.float32)
    else:
        v = np.zeros(shape, dtype=np.float32)
    return np.where((v == 0) & (rng.random(shape) < 0.6), np.float32(-0.0), v)


def _same_bits(want: np.ndarray, got: np.ndarray) -> bool:
    return want.shape == got.shape and want.dtype == got.dtype and bool(np.all(
        (want == got) & (np.signbit(want) == np.signbit(got)) | (np.isnan(want) & np.isnan(got))
    ))


@settings(max_examples=150, deadline=None)
@given(dot_form_cases())
def test_dot_form_products_match_torch_bit_for_bit(case: dict[str, Any]) -> None:
    """``x @ W.T``, ``F.linear`` with and without a bias, a 1-D input, ``W @ v`` (mv) and
    ``v @ W.T``, for a row-major (or strided) x and a contiguous weight."""
    rng = np.random.default_rng(case["seed"])
    m, n, k, kind = case["m"], case["n"], case["k"], case["kind"]
    x = _values(rng, (m, k), kind)
    w = _values(rng, (n, k), kind)
    b = _values(rng, (n,), kind)
    outs = {}
    for lib in (torch, mg):
        tx = lib.tensor(np.repeat(x, 2, axis=1))[:, ::2] if case["strided_x"] else lib.tensor(x)
        tw, tb = lib.tensor(w), lib.tensor(b)
        f = lib.nn.functional
        outs[lib] = [
            lib.mm(tx, tw.t()), tx @ tw.t(), f.linear(tx, tw), f.linear(tx, tw, tb),
            f.linear(tx[0], tw, tb), lib.matmul(tx[0], tw.t()),
            lib.matmul(tw, lib.tensor(x[0])),  # (mv with a strided vector: not modelled)
            lib.nn.functional.linear(tx, tw[:1], tb[:1]),
        ]
    for i, (want, got) in enumerate(zip(outs[torch], outs[mg])):
        want_a, got_a = want.numpy(), got.detach().numpy()
        assert _same_bits(want_a, got_a), (i, case, want_a, got_a)


def test_nn_linear_forward_and_backward_match_torch_bit_for_bit() -> None:
    """A linear layer's output and gradients on one batch: the forward sums in MKL's lanes
    (m, n, k = 13, 9, 24 takes the blocked kernel, its left-over row a gemv)."""
    rng = np.random.default_rng(0)
    x, w, b = (rng.standard_normal(s).astype(np.float32) for s in ((13, 24), (9, 24), (9,)))
    results = {}
    for lib in (torch, mg):
        tw = lib.tensor(w, requires_grad=True)
        tb = lib.tensor(b, requires_grad=True)
        out = lib.nn.functional.linear(lib.tensor(x), tw, tb)
        (out * out).sum().backward()
        results[lib] = [out.detach().numpy(), tw.grad.numpy(), tb.grad.numpy()]
    for want, got in zip(results[torch], results[mg]):
        assert _same_bits(want, got)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("layout", ["x W.T", "x.T W.T", "x W (transposed weight)", "x W[:, ::2]"])
def test_linear_zero_sums_keep_torchs_sign(dtype: str, layout: str) -> None:
    """Where MKL's gemm starts a sum from +0.0 (every product -0.0, the bias -0.0: the sign
    of the result tells), per weight layout and dtype, over sizes around its blocks of 4 and
    8 and its 3- and 9-product dot thresholds (measured under MKL_CBWR=COMPATIBLE)."""
    sizes = (1, 2, 3, 4, 5, 8, 9, 13)
    differ = []
    for m in sizes:
        for n in sizes:
            for k in (1, 2, 3, 8, 9, 13):
                signs = []
                for lib in (torch, mg):
                    dt = getattr(lib, dtype)
                    x = -lib.zeros(m, k, dtype=dt) if layout[:2] == "x " else (
                        -lib.zeros(k, m, dtype=dt).t())
                    if layout.endswith("W.T"):
                        w = lib.zeros(n, k, dtype=dt)
                    elif "transposed" in layout:
                        w = lib.zeros(k, n, dtype=dt).t()
                    else:
                        w = lib.zeros(n, 2 * k, dtype=dt)[:, ::2]
                    with lib.no_grad():
                        out = lib.nn.functional.linear(x, w, -lib.zeros(n, dtype=dt))
                    signs.append(np.signbit(np.asarray(out.tolist())))
                if not np.array_equal(*signs):
                    differ.append((m, n, k))
    # not modelled: float32 with a transposed x, in MKL's blocked kernel's rows left over
    # (16 of the 2,197 sizes m, n, k in 1..13 differ; these 4 here)
    known = {(9, 9, 8), (9, 13, 8), (13, 9, 8), (13, 13, 8)} if (
        (dtype, layout) == ("float32", "x.T W.T")) else set()
    assert sorted(differ) == sorted(known), differ
