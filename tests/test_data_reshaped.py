"""A leaf whose ``.data`` takes another shape under a live graph, then backward: torch's
gradient accumulator keeps the shape the graph saw, each node's formula reads what it saved
(the leaf's new values), and the incoming gradient is kept or copied into the new shape by
its strides (``obeys_layout_contract``: a sum's expanded gradient never obeys it). Drawn
pairings of the shapes and ops below are compared with torch: the gradient, or the error.
(Each ``.data =`` under a live graph searches the heap, about 30 ms with torch loaded: the
default profile draws 25 cases, ``thorough`` covers the 810 pairings.)
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad

torch = pytest.importorskip("torch")

SHAPES = [(), (1,), (2,), (1, 2), (2, 1), (3, 2), (1, 1), (2, 2), (1, 3, 1)]
OPS = [
    "t.sum()", "t.mean()", "(t * 2).sum()", "(t ** 2).sum()", "(t * t).sum()",
    "t.sum(0).sum() if t.dim() else t.sum()",
    "t.sum(-1, keepdim=True).sum() if t.dim() else t.sum()",
    "t.expand(2, *t.shape).sum()", "t.view(-1).sum()", "t.exp().sum()",
]


def _outcome(lib, old, new, op, permuted=False):
    t = lib.ones(old, requires_grad=True)
    result = eval(op, {"t": t})
    # the new data contiguous, or laid out in reverse (its strides are the contract's)
    t.data = lib.zeros(new[::-1]).permute(*reversed(range(len(new)))) if permuted and new else (
        lib.zeros(new))
    try:
        result.backward()
    except Exception as e:  # noqa: BLE001 - the class and message are compared
        return type(e).__name__, str(e)
    return tuple(t.grad.shape), t.grad.tolist()


@given(st.sampled_from(SHAPES), st.sampled_from(SHAPES), st.sampled_from(OPS), st.booleans())
def test_backward_after_data_changed_shape_as_torch(old, new, op, permuted):
    assert _outcome(minigrad, old, new, op, permuted) == _outcome(torch, old, new, op, permuted)
