"""A torch-free witness: every op of the table, and composite expressions, against central
finite differences in float64.

For a random upstream gradient ``g`` and a random direction ``v`` (one array per input),
the engine's gradients must satisfy ``<grad, v> == d/dt <f(x + t v), g>`` at ``t = 0``; the
right side is ``(phi(h) - phi(-h)) / 2h`` with ``phi(t) = <f(x + t v), g>`` evaluated by the
engine's forward pass alone (under ``no_grad``). Nothing here comes from torch.
Inputs are drawn smooth (no forced zeros or ties) and moved off kinks.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import strategies as S
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_table import COMPOSITES, OPS, OpSpec, make_leaves
from strategies import Case

import minigrad

F64 = np.dtype(np.float64)


def directions(shapes: list[tuple[int, ...]]) -> st.SearchStrategy[list[np.ndarray]]:
    """One random direction array per input, entries in [-1, 1]."""
    return st.tuples(
        *(hnp.arrays(F64, shape, elements=st.floats(-1.0, 1.0)) for shape in shapes)
    ).map(list)


def phi(spec: OpSpec, case: Case, v: list[np.ndarray], g: np.ndarray, t: float) -> float:
    """``<f(x + t v), g>`` computed by minigrad's forward pass in float64 (no graph)."""
    moved = tuple(np.asarray(a + t * d) for a, d in zip(case.arrays, v))  # 0-d stays an array
    with minigrad.no_grad():
        out = spec.call(minigrad, *make_leaves(minigrad, spec, moved), **case.params)
    return float(np.sum(np.asarray(out.detach().numpy(), dtype=np.float64) * g))


def check_directional_derivative(spec: OpSpec, data: st.DataObject) -> None:
    """Backward's gradients agree with a central difference along a random direction."""
    case = data.draw(spec.inputs(F64, smooth=True), label="case")
    if spec.away_from_kinks is not None:
        case = spec.away_from_kinks(case)
    leaves = make_leaves(minigrad, spec, case.arrays)
    out = spec.call(minigrad, *leaves, **case.params)
    g = data.draw(S.upstream_gradients(out.dtype, tuple(out.shape)), label="upstream")
    try:
        out.backward(minigrad.tensor(g))
    except Exception as exc:
        raise AssertionError(
            f"{spec.name}: backward raised {type(exc).__name__}: {exc} "
            f"(input shapes {[a.shape for a in case.arrays]})"
        ) from exc
    v = data.draw(directions([a.shape for a in case.arrays]), label="direction")

    for i, leaf in enumerate(leaves):
        assert leaf.grad is not None, f"{spec.name}: input {i} got no gradient"
        assert leaf.grad.shape == leaf.shape, (
            f"{spec.name}: grad of input {i} has shape {leaf.grad.shape}, input {leaf.shape}"
        )
    analytic = sum(float(np.sum(leaf.grad.numpy() * d)) for leaf, d in zip(leaves, v))
    h = spec.fd_step
    g64 = g.astype(np.float64)
    numeric = (phi(spec, case, v, g64, h) - phi(spec, case, v, g64, -h)) / (2 * h)
    size = abs(phi(spec, case, v, g64, 0.0)) + abs(analytic) + 1.0
    assert abs(numeric - analytic) <= spec.fd_rtol * size, (
        f"{spec.name}: <grad, v> = {analytic!r} but the central difference gives {numeric!r} "
        f"(h = {h:g}; params {case.params})"
    )


@pytest.mark.parametrize("spec", OPS, ids=[op.name for op in OPS])
@given(data=st.data())
def test_op_gradient_matches_finite_differences(spec: OpSpec, data: st.DataObject) -> None:
    """Every op of the table: <grad, v> equals the float64 central difference."""
    check_directional_derivative(spec, data)


@pytest.mark.parametrize("spec", COMPOSITES, ids=[op.name for op in COMPOSITES])
@given(data=st.data())
def test_composite_gradient_matches_finite_differences(spec: OpSpec, data: st.DataObject) -> None:
    """Composite expressions (x*W+b MSE, L1 of a linear layer, matmul chains, an MLP,
    re-used nodes, keepdim broadcasting): <grad, v> equals the central difference."""
    check_directional_derivative(spec, data)


def test_witness_detects_a_wrong_gradient() -> None:
    """The check itself can fail: a deliberately wrong backward rule is caught."""

    class BadSquare(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx: Any, a: np.ndarray) -> np.ndarray:
            ctx.save_for_backward(a)
            return a * a

        @staticmethod
        def backward(ctx: Any, grad: np.ndarray) -> tuple[np.ndarray]:
            (a,) = ctx.saved_tensors
            return (grad * a,)  # wrong: should be 2 * a * grad

    spec = OpSpec(
        "bad",
        lambda lib, x: BadSquare.apply(x),
        lambda dtype, smooth=False: st.just(Case((np.array([1.0, -2.0, 0.5]),))),
    )

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        check_directional_derivative(spec, data)

    with pytest.raises(AssertionError, match="central difference"):
        run()


def test_witness_modules_do_not_import_torch() -> None:
    """The op table, the strategies and minigrad load without torch: the witness is torch-free."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import op_table, strategies, minigrad; "
        "x = minigrad.tensor([1.0, 2.0], requires_grad=True); "
        "op_table.OPS_BY_NAME['exp'].call(minigrad, x).sum().backward(); "
        "assert 'torch' not in sys.modules, 'torch was imported'"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSTARTUP"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
