"""Every differentiable op against torch, driven by the op table (tests/op_table.py).

For each row, hypothesis draws the inputs (broadcastable shapes where the op broadcasts),
the dtype (float32/float64) and a random upstream gradient of the output's shape, then
checks against torch: the value, every input's gradient, the output dtype, the grad_fn name,
and that the inputs were not mutated. float64 is compared to ``rtol64``; float32 to the row's
ulp bound (0 = bit-exact: same bits, signed zeros included).

Then explicit cases: the kinks (|x| at 0, relu at 0, x**2 at 0, x**0, x**-1 and x**0.5 at 0,
x**1.5 at negative numbers, L1 at equality) matched with torch bit for bit, including signed
zeros and nan/inf positions; and torch's type-promotion table.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import strategies as S
import torch
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_table import COMPOSITES, OPS, OpSpec, Tol, make_leaves
from strategies import Case

import minigrad

TORCH_DTYPES = {
    np.dtype(np.float32): torch.float32,
    np.dtype(np.float64): torch.float64,
    np.dtype(np.int64): torch.int64,
    np.dtype(np.bool_): torch.bool,
}
NUMPY_DTYPES = {v: k for k, v in TORCH_DTYPES.items()}


# ----------------------------------------------------------------------------- helpers
def as_numpy(t: Any) -> np.ndarray:
    """A tensor of either library as a numpy array (a copy for torch)."""
    if isinstance(t, torch.Tensor):
        return t.detach().numpy().copy()
    return np.asarray(t.detach().numpy())


def grad_fn_name(t: Any) -> str | None:
    """torch's node class name, or minigrad's ``grad_fn.name()``; None for no node."""
    if t.grad_fn is None:
        return None
    if isinstance(t, torch.Tensor):
        return type(t.grad_fn).__name__
    return t.grad_fn.name()


def ulp_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Elementwise distance in units in the last place (finite values of one float dtype)."""
    itype = np.int32 if a.dtype == np.float32 else np.int64
    ia, ib = a.view(itype).astype(np.int64), b.view(itype).astype(np.int64)
    # map the sign-magnitude bit patterns onto a monotonic integer line
    top = np.int64(np.iinfo(itype).min)
    ia = np.where(ia < 0, top - ia, ia)
    ib = np.where(ib < 0, top - ib, ib)
    return np.abs(ia - ib)


def magnitudes(
    spec: OpSpec, case: Case, upstream: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray | None]]:
    """The op run by torch in float64 on |inputs| with |upstream|: per element, a bound on the
    size of the terms that were summed, hence on the rounding error of any summation order."""
    arrays = tuple(np.abs(a).astype(np.float64) for a in case.arrays)
    leaves = make_leaves(torch, spec, arrays)
    out = spec.torch_fn()(torch, *leaves, **case.params)
    out.backward(torch.tensor(np.abs(upstream).astype(np.float64)))
    grads = [None if t.grad is None else np.abs(as_numpy(t.grad)) for t in leaves]
    return np.abs(as_numpy(out)), grads


def assert_matches(
    got: np.ndarray,
    want: np.ndarray,
    *,
    tol32: Tol,
    rtol64: float,
    magnitude: np.ndarray,
    upstream_max: float,
    what: str,
) -> None:
    """``got`` (minigrad) equals ``want`` (torch) within the row's tolerance.

    Shapes, dtypes, nan positions and infinities (with sign) must agree exactly. float32 with
    an exact ``tol32`` must be identical (``==``: the sign of a zero is left to the kink
    tests, which check every bit at the points where signed zeros arise); otherwise
    ``|got - want| <= ulps * ulp(want) + atol * eps * magnitude + floor * eps * max(1, |g|)``.
    float64: ``|got - want| <= rtol64 * max(|want|, magnitude)`` (+ the same ``floor``).
    """
    assert got.shape == want.shape, f"{what}: shape {got.shape} != torch's {want.shape}"
    assert got.dtype == want.dtype, f"{what}: dtype {got.dtype} != torch's {want.dtype}"
    nan_g, nan_w = np.isnan(got), np.isnan(want)
    assert np.array_equal(nan_g, nan_w), f"{what}: nan positions differ:\n{got}\nvs torch\n{want}"
    inf_g, inf_w = np.isinf(got), np.isinf(want)
    assert np.array_equal(inf_g, inf_w) and np.array_equal(got[inf_g], want[inf_w]), (
        f"{what}: infinities differ:\n{got}\nvs torch\n{want}"
    )
    fin = ~(nan_w | inf_w)
    g, w = got[fin], want[fin]
    mag = np.broadcast_to(magnitude, want.shape)[fin]
    if got.dtype == np.float32:
        if tol32.exact:
            assert (g == w).all(), (
                f"{what}: float32 not identical to torch (max {ulp_distance(g, w).max()} "
                f"ulp):\n{got!r}\nvs torch\n{want!r}"
            )
            return
        eps = float(np.finfo(np.float32).eps)
        bound = tol32.ulps * np.spacing(np.abs(w)).astype(np.float64) + tol32.atol * eps * mag
        bound += tol32.floor * eps * max(1.0, upstream_max)
        err = np.abs(g.astype(np.float64) - w.astype(np.float64))
        assert (err <= bound).all(), (
            f"{what}: float32 differs from torch beyond {tol32} (max "
            f"{ulp_distance(g, w).max()} ulp):\n{got!r}\nvs torch\n{want!r}"
        )
    else:
        err = np.abs(g - w)
        bound = rtol64 * np.maximum(np.abs(w), mag)
        bound += tol32.floor * float(np.finfo(np.float64).eps) * max(1.0, upstream_max)
        assert (err <= bound).all(), (
            f"{what}: float64 differs from torch beyond rtol {rtol64:g} (max abs err "
            f"{err.max():.3g}):\n{got!r}\nvs torch\n{want!r}"
        )


def forward_both(spec: OpSpec, case: Case) -> tuple[list[Any], Any, list[Any], Any]:
    """Leaves and output of the op in minigrad and in torch; checks dtype and shape agree."""
    m_leaves = make_leaves(minigrad, spec, case.arrays)
    t_leaves = make_leaves(torch, spec, case.arrays)
    t_out = spec.torch_fn()(torch, *t_leaves, **case.params)
    try:
        m_out = spec.call(minigrad, *m_leaves, **case.params)
    except Exception as exc:  # torch succeeded: any exception here is a minigrad bug
        raise AssertionError(
            f"{spec.name}: minigrad forward raised {type(exc).__name__}: {exc} (torch did not)"
        ) from exc
    assert isinstance(m_out, minigrad.Tensor), f"{spec.name}: returned {type(m_out)}"
    assert m_out.dtype == NUMPY_DTYPES[t_out.dtype], (
        f"{spec.name}: output dtype {m_out.dtype} != torch's {t_out.dtype}"
    )
    assert tuple(m_out.shape) == tuple(t_out.shape), (
        f"{spec.name}: output shape {m_out.shape} != torch's {tuple(t_out.shape)}"
    )
    return m_leaves, m_out, t_leaves, t_out


def check_values_and_grads(spec: OpSpec, data: st.DataObject, dtype: np.dtype) -> None:
    """Draw one case of ``spec``; compare value, dtype, shape and every input's gradient (for
    a random upstream gradient) with torch, and check that no input was mutated; for a table
    op (not a composite) the output's grad_fn name (``MulBackward0`` ...) too. (The name had
    a test of its own drawing the same kind of cases again: one draw now checks both.)"""
    case = data.draw(spec.inputs(dtype), label="case")
    originals = [a.copy() for a in case.arrays]
    m_leaves, m_out, t_leaves, t_out = forward_both(spec, case)
    if any(spec is op for op in OPS):
        assert grad_fn_name(m_out) == grad_fn_name(t_out), (
            f"{spec.name}: grad_fn {grad_fn_name(m_out)} != torch's {grad_fn_name(t_out)} "
            f"(input shapes {[a.shape for a in case.arrays]}, params {case.params})"
        )

    upstream = data.draw(S.upstream_gradients(m_out.dtype, tuple(m_out.shape)), label="upstream")
    out_mag, grad_mags = magnitudes(spec, case, upstream)
    up_max = float(np.max(np.abs(upstream), initial=0.0))
    tols = {"rtol64": spec.rtol64, "upstream_max": up_max}
    value = f"{spec.name} value"
    assert_matches(
        as_numpy(m_out), as_numpy(t_out), tol32=spec.value32, magnitude=out_mag, what=value, **tols
    )

    t_out.backward(torch.tensor(upstream))
    try:
        m_out.backward(minigrad.tensor(upstream))
    except Exception as exc:  # torch succeeded: any exception here is a minigrad bug
        raise AssertionError(
            f"{spec.name}: minigrad backward raised {type(exc).__name__}: {exc} (torch did "
            f"not; input shapes {[a.shape for a in case.arrays]})"
        ) from exc
    for i, (m, t, mag) in enumerate(zip(m_leaves, t_leaves, grad_mags)):
        assert (m.grad is None) == (t.grad is None), (
            f"{spec.name}: input {i} grad is {m.grad!r}, torch's {t.grad!r}"
        )
        if t.grad is not None:
            what = f"{spec.name} grad of input {i}"
            got, want = as_numpy(m.grad), as_numpy(t.grad)
            assert_matches(got, want, tol32=spec.grad32, magnitude=mag, what=what, **tols)
    for i, (leaf, orig) in enumerate(zip(m_leaves, originals)):
        assert leaf.detach().numpy().tobytes() == orig.tobytes(), (
            f"{spec.name}: input {i} was mutated"
        )
    for i, (arr, orig) in enumerate(zip(case.arrays, originals)):
        assert arr.tobytes() == orig.tobytes(), f"{spec.name}: source array {i} was mutated"


# ------------------------------------------------------------------------ the op table
@pytest.mark.parametrize("spec", OPS + COMPOSITES, ids=[op.name for op in OPS + COMPOSITES])
@given(data=st.data(), dtype=S.float_dtypes())
def test_op_values_and_grads_match_torch(
    spec: OpSpec, data: st.DataObject, dtype: np.dtype
) -> None:
    """Value and every input's gradient (random upstream) vs torch; inputs not mutated."""
    check_values_and_grads(spec, data, dtype)


# ------------------------------------------------------------------------------ kinks
def assert_bitwise(got: np.ndarray, want: np.ndarray, what: str) -> None:
    """Same shape, dtype, nan positions and bits elsewhere (so signed zeros and infs too)."""
    assert got.shape == want.shape, f"{what}: shape {got.shape} != torch's {want.shape}"
    assert got.dtype == want.dtype, f"{what}: dtype {got.dtype} != torch's {want.dtype}"
    if got.dtype.kind == "f":
        nan_g, nan_w = np.isnan(got), np.isnan(want)
        itype = np.int32 if got.dtype == np.float32 else np.int64
        same = (nan_g & nan_w) | (~nan_g & ~nan_w & (got.view(itype) == want.view(itype)))
    else:
        same = got == want
    assert np.all(same), f"{what}: not bit-identical to torch:\n{got!r}\nvs torch\n{want!r}"


def check_exact(fn: Any, arrays: list[np.ndarray], upstream: float | None, what: str) -> None:
    """Run ``fn(lib, *leaves)`` in both libraries; value and every grad must be bit-identical.

    ``upstream`` fills the output's gradient (None: no backward, for non-float outputs).
    """
    m_leaves = [minigrad.tensor(a.copy(), requires_grad=a.dtype.kind == "f") for a in arrays]
    t_leaves = [torch.tensor(a.copy(), requires_grad=a.dtype.kind == "f") for a in arrays]
    m_out, t_out = fn(minigrad, *m_leaves), fn(torch, *t_leaves)
    assert_bitwise(as_numpy(m_out), as_numpy(t_out), f"{what} value")
    if upstream is None:
        return
    g = np.full(tuple(t_out.shape), upstream, dtype=NUMPY_DTYPES[t_out.dtype])
    m_out.backward(minigrad.tensor(g))
    t_out.backward(torch.tensor(g))
    for i, (m, t) in enumerate(zip(m_leaves, t_leaves)):
        assert m.grad is not None, f"{what}: input {i} got no gradient (torch: {t.grad})"
        assert_bitwise(as_numpy(m.grad), as_numpy(t.grad), f"{what} grad of input {i}")


Z = [0.0, -0.0]
KINKS: list[tuple[str, Any, list[list[float]]]] = (
    [
        # (name, fn(lib, *tensors), input values)
        ("abs at 0", lambda lib, x: x.abs(), [Z + [1.0, -1.0]]),
        ("relu at 0", lambda lib, x: x.relu(), [Z + [1.0, -1.0]]),
        ("sign at 0", lambda lib, x: x.sign(), [Z + [1.0, -2.0]]),
        ("x**2 at 0", lambda lib, x: x**2, [Z + [-3.0]]),
        ("x**2.0 at -3", lambda lib, x: x**2.0, [[-3.0, 0.0]]),
        ("x**0 at 0", lambda lib, x: x**0, [Z + [2.0, -2.0]]),
        ("x**0.0 at 0", lambda lib, x: x**0.0, [Z + [2.0, -2.0]]),
        ("x**1 at 0", lambda lib, x: x**1, [Z + [2.0]]),
        ("x**-1 at 0", lambda lib, x: x**-1, [Z + [2.0]]),
        ("x**-2 at 0", lambda lib, x: x**-2, [Z + [2.0]]),
        ("x**0.5 at 0", lambda lib, x: x**0.5, [Z + [4.0]]),
        ("x**0.5 at negative", lambda lib, x: x**0.5, [[-1.0, -4.0]]),
        ("x**1.5 at negative", lambda lib, x: x**1.5, [[-1.0, -2.0, 0.0, 1.0]]),
        ("sqrt at 0", lambda lib, x: x.sqrt(), [Z + [4.0]]),
        ("log at 0 and below", lambda lib, x: x.log(), [Z + [-1.0, 1.0]]),
        ("1/x at 0", lambda lib, x: 1 / x, [Z + [2.0]]),
        ("x/y at y=0", lambda lib, x, y: x / y, [[1.0, -1.0, 0.0, 2.0], [0.0, -0.0, 0.0, 4.0]]),
        ("x**y at x=0", lambda lib, x, y: x**y, [[0.0, 0.0, 0.0, 2.0], [0.0, 1.0, 2.0, 0.0]]),
        ("0**x", lambda lib, x: 0.0**x, [[0.0, 1.0, 2.0]]),
        ("0**x at negative x", lambda lib, x: 0.0**x, [[-1.0, -0.5]]),
        ("2**x", lambda lib, x: 2**x, [[0.0, -0.0, 1.0, -1.0]]),
        ("sigmoid saturated", lambda lib, x: x.sigmoid(), [[-100.0, 100.0, 0.0]]),
        ("tanh saturated", lambda lib, x: x.tanh(), [[-20.0, 20.0, 0.0]]),
        ("exp overflow", lambda lib, x: x.exp(), [[100.0, 1000.0, -1000.0]]),
        ("x*0", lambda lib, x: x * 0, [[-1.0, 1.0, 0.0]]),
        ("0-x", lambda lib, x: 0 - x, [Z + [1.0]]),
    ]
    + [
        (
            f"l1_loss({r}) at equality",
            lambda lib, x, y, r=r: lib.nn.functional.l1_loss(x, y, reduction=r),
            [[1.0, 2.0, -3.0, 0.0], [1.0, 0.0, -3.0, 0.0]],
        )
        for r in ("mean", "sum", "none")
    ]
    + [
        (
            f"mse_loss({r}) at equality",
            lambda lib, x, y, r=r: lib.nn.functional.mse_loss(x, y, reduction=r),
            [[1.0, 2.0, -3.0, 0.0], [1.0, 0.0, -3.0, 0.0]],
        )
        for r in ("mean", "sum", "none")
    ]
)


@pytest.mark.parametrize("upstream", [1.0, -1.5])
@pytest.mark.parametrize("dtype", S.FLOAT_DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("name,fn,values", KINKS, ids=[k[0] for k in KINKS])
def test_kinks_match_torch_bitwise(
    name: str, fn: Any, values: list[list[float]], dtype: np.dtype, upstream: float
) -> None:
    """At kinks and out-of-domain points, values and grads equal torch's, bit for bit."""
    with np.errstate(all="ignore"):
        check_exact(fn, [np.array(v, dtype=dtype) for v in values], upstream, name)


# ------------------------------------------------------------------------- promotion
def expect_runtime_error(call: Any, what: str, torch_error: Exception) -> None:
    """``call()`` (minigrad) must raise RuntimeError, as torch did with ``torch_error``."""
    try:
        call()
    except RuntimeError:
        return
    except Exception as exc:
        raise AssertionError(
            f"{what}: minigrad raised {type(exc).__name__}: {exc}; torch raises RuntimeError: "
            f"{torch_error}"
        ) from exc
    raise AssertionError(f"{what}: minigrad did not raise; torch raises: {torch_error}")


def _operand(kind: str) -> Any:
    """A maker ``lib -> operand`` for the promotion table."""
    makers = {
        "f32": lambda lib: lib.tensor([1.5, -2.25, 3.0], dtype=lib.float32),
        "f64": lambda lib: lib.tensor([1.5, -2.25, 3.0], dtype=lib.float64),
        "i64": lambda lib: lib.tensor([1, -2, 3]),
        "bool": lambda lib: lib.tensor([True, False, True]),
        "f32_0d": lambda lib: lib.tensor(2.5, dtype=lib.float32),
        "f64_0d": lambda lib: lib.tensor(0.1, dtype=lib.float64),
        "f64_1": lambda lib: lib.tensor([0.1], dtype=lib.float64),
        "i64_0d": lambda lib: lib.tensor(3),
        "float": lambda lib: 0.1,
        "int": lambda lib: 3,
        "true": lambda lib: True,
    }
    return makers[kind]


PROMOTION_PAIRS = [
    ("f32", "float"),
    ("f32", "int"),
    ("float", "f32"),
    ("int", "f32"),
    ("f64", "float"),
    ("i64", "float"),
    ("float", "i64"),
    ("i64", "int"),
    ("f32", "f64_0d"),
    ("f64_0d", "f32"),
    ("f32", "f64_1"),
    ("f64_1", "f32"),
    ("f32", "f64"),
    ("f32_0d", "f64_0d"),
    ("f32_0d", "f64"),
    ("i64", "f64_0d"),
    ("i64", "f32_0d"),
    ("i64_0d", "f32"),
    ("bool", "int"),
    ("int", "bool"),
    ("bool", "float"),
    ("bool", "i64"),
    ("bool", "bool"),
    ("bool", "true"),
    ("f32", "true"),
    ("i64", "i64"),
    ("f32", "i64"),
    ("i64", "f32"),
    ("f32_0d", "i64_0d"),
    ("bool", "f32"),
]
OPERATORS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


@pytest.mark.parametrize("op", OPERATORS, ids=list(OPERATORS))
@pytest.mark.parametrize("lhs,rhs", PROMOTION_PAIRS, ids=[f"{a}-{b}" for a, b in PROMOTION_PAIRS])
def test_type_promotion_matches_torch(lhs: str, rhs: str, op: str) -> None:
    """Result dtype (and value, bit for bit) of mixed-dtype arithmetic equals torch's."""
    fn = OPERATORS[op]
    try:
        want = fn(_operand(lhs)(torch), _operand(rhs)(torch))
    except RuntimeError as exc:  # e.g. bool - bool: torch refuses; minigrad must refuse too
        expect_runtime_error(
            lambda: fn(_operand(lhs)(minigrad), _operand(rhs)(minigrad)), f"{lhs} {op} {rhs}", exc
        )
        return
    got = fn(_operand(lhs)(minigrad), _operand(rhs)(minigrad))
    assert got.dtype == NUMPY_DTYPES[want.dtype], (
        f"{lhs} {op} {rhs}: dtype {got.dtype}, torch gives {want.dtype}"
    )
    assert_bitwise(as_numpy(got), as_numpy(want), f"{lhs} {op} {rhs}")


CONSTRUCTOR_INPUTS = [
    np.float64(0.1),
    np.float32(0.1),
    np.array(0.1),
    np.array([0.1, 2.5]),
    np.array([1, 2], dtype=np.int64),
    np.bool_(True),
    0.1,
    [0.1, 2.5],
    [[1, 2], [3, 4]],
    True,
]


@pytest.mark.parametrize("value", CONSTRUCTOR_INPUTS, ids=[repr(v) for v in CONSTRUCTOR_INPUTS])
def test_tensor_constructor_dtype_matches_torch(value: Any) -> None:
    """``tensor(x)`` infers torch's dtype (numpy scalars keep theirs) and keeps the value."""
    got, want = minigrad.tensor(value), torch.tensor(value)
    assert got.dtype == NUMPY_DTYPES[want.dtype], (
        f"tensor({value!r}): dtype {got.dtype}, torch gives {want.dtype}"
    )
    assert_bitwise(as_numpy(got), as_numpy(want), f"tensor({value!r})")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_tensor_with_explicit_dtype_keeps_full_precision(dtype: str) -> None:
    """``tensor([0.1], dtype=float64)`` is the double nearest 0.1, not a float32 widened."""
    got = minigrad.tensor([0.1], dtype=getattr(minigrad, dtype))
    want = torch.tensor([0.1], dtype=getattr(torch, dtype))
    assert_bitwise(as_numpy(got), as_numpy(want), f"tensor([0.1], dtype={dtype})")


@st.composite
def promotion_operands(draw: st.DrawFn) -> tuple[str, Any, Any]:
    """A (kind, value) operand: a tensor of some dtype and dimension, or a Python number."""
    kind = draw(st.sampled_from(["tensor", "tensor", "int", "float", "bool"]))
    if kind == "int":
        return "int", draw(st.integers(-5, 5)), None
    if kind == "float":
        return "float", draw(st.sampled_from([0.5, -1.25, 0.1, 3.0, 1e-3])), None
    if kind == "bool":
        return "bool", draw(st.booleans()), None
    dtype = draw(st.sampled_from(["float32", "float64", "int64", "bool"]))
    shape = draw(st.sampled_from([(), (1,), (3,)]))
    values = draw(hnp.arrays(np.int64, shape, elements=st.integers(-4, 4)))
    return "tensor", values.astype(np.dtype(dtype)), dtype


def _promotion_operand(lib: Any, operand: tuple[str, Any, Any]) -> Any:
    kind, value, _ = operand
    return lib.tensor(value.copy()) if kind == "tensor" else value


@given(
    lhs=promotion_operands(),
    rhs=promotion_operands(),
    op=st.sampled_from(sorted(OPERATORS)),
)
def test_random_type_promotion_matches_torch(lhs: Any, rhs: Any, op: str) -> None:
    """Any mix of tensor dtypes/dimensions and Python numbers promotes as in torch."""
    assume(lhs[0] == "tensor" or rhs[0] == "tensor")
    fn = OPERATORS[op]
    what = f"{lhs[2] or lhs[0]}{np.shape(lhs[1])} {op} {rhs[2] or rhs[0]}{np.shape(rhs[1])}"
    try:
        want = fn(_promotion_operand(torch, lhs), _promotion_operand(torch, rhs))
    except RuntimeError as exc:
        expect_runtime_error(
            lambda: fn(_promotion_operand(minigrad, lhs), _promotion_operand(minigrad, rhs)),
            what,
            exc,
        )
        return
    with np.errstate(all="ignore"):
        got = fn(_promotion_operand(minigrad, lhs), _promotion_operand(minigrad, rhs))
    assert got.dtype == NUMPY_DTYPES[want.dtype], f"{what}: dtype {got.dtype}, torch {want.dtype}"
    assert_bitwise(as_numpy(got), as_numpy(want), what)
