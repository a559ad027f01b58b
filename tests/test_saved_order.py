"""Which saved tensor a node finds modified first: torch's node checks its saved inputs in
alphabetical order of their names (``other`` before ``self``, ``mat2`` before ``self``,
``exponent`` before ``self``; ``self`` before ``target``, ``tensor`` or ``vec``), then its saved
result. When several were modified in place, torch's error names the first one's maker; so
must minigrad's (``autograd.record`` watches them in the order each op saves them).
"""

from __future__ import annotations

import pytest

import minigrad

torch = pytest.importorskip("torch")

OPS = {
    "mul": "a * b", "div": "a / b", "pow": "lib.pow(a, b)", "pow_operator": "a ** b",
    "rpow": "2 ** a", "matmul": "a @ b.t()", "mm": "lib.mm(a, b.t())",
    "dot": "a.view(-1) @ b.view(-1)", "mv": "a @ b[0]", "batched": "a[None] @ b",
    "maximum": "lib.maximum(a, b)", "minimum": "lib.minimum(a, b)",
    "clamp": "lib.clamp(a, b, b + 1)", "where": "lib.where(a > 0, a, b)",
    "mse": "F.mse_loss(a, b)", "l1": "F.l1_loss(a, b)",
    "bce": "F.binary_cross_entropy(a.sigmoid(), b.sigmoid())",
    "cross_entropy": "F.cross_entropy(a, lib.tensor([0, 1]))",
    "linear": "F.linear(a, b)", "linear_bias": "F.linear(a, b, b[0])",
    "std": "a.std()", "var": "a.var()", "norm": "a.norm()", "max": "a.max()",
    "softmax": "F.softmax(a, dim=1)", "sigmoid": "a.sigmoid()",
}
MODIFIED = ["a", "b", "ab", "a+result", "b+result"]


def _outcome(lib, expr: str, modified: str) -> str:
    x = lib.tensor([[1.5, 2.0], [0.5, 1.0]], requires_grad=True)
    y = lib.tensor([[1.25, 0.5], [2.0, 3.0]], requires_grad=True)
    a, b = x.exp(), y.relu()  # makers the message names: ExpBackward0, ReluBackward0
    try:
        result = eval(expr, {"lib": lib, "F": lib.nn.functional, "a": a, "b": b})
        if "a" in modified:
            a.add_(1)
        if "b" in modified:
            b.mul_(2)
        if "result" in modified:
            result.mul_(1)
        result.sum().backward()
    except RuntimeError as e:
        return str(e)
    return "ok"


@pytest.mark.parametrize("modified", MODIFIED)
@pytest.mark.parametrize("name", OPS)
def test_first_modified_saved_tensor_named_as_torch(name, modified):
    expr = OPS[name]
    assert _outcome(minigrad, expr, modified) == _outcome(torch, expr, modified)
