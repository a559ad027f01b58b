"""An input whose history became invalid (a view made under no_grad whose memory was then
written with grad mode on) meets every op: the op raises what torch raises, in torch's order
(autograd reads an op's input histories before the op's own checks; an in-place write is
refused for how the view was made before its history is read; backward's argument checks
come first; ``requires_grad_``/``retain_grad`` read no history)."""

from __future__ import annotations

from typing import Any

import pytest

import minigrad

torch = pytest.importorskip("torch")

CALLS = [
    'v.sum(5)',
    'v.mean(5)',
    'v.softmax(5)',
    'v.var(5)',
    'v.std(5)',
    'v.max(5)',
    'v.min(5)',
    'v.argmax(5)',
    'v.transpose(0, 5)',
    'v.view(7)',
    'v.reshape(7)',
    'v.expand(5, 5)',
    'v.squeeze(5)',
    'v.unsqueeze(5)',
    'v.permute(0, 0)',
    'lib.cat([v, lib.ones(3, 3)])',
    'lib.stack([v, lib.ones(3)])',
    'v.gather(5, lib.zeros(2, 2, dtype=lib.long))',
    'F.mse_loss(v, lib.ones(3))',
    'F.l1_loss(v, lib.ones(3, 3))',
    'F.cross_entropy(v, lib.ones(5, dtype=lib.long))',
    'F.binary_cross_entropy(v, lib.ones(3))',
    'v[5]',
    'v @ lib.ones(3)',
    'v + lib.ones(3)',
    'v * lib.ones(3)',
    'v.pow(lib.ones(3))',
    'lib.where(lib.ones(3, dtype=lib.bool), v, v)',
    'v.norm(dim=5)',
    'F.log_softmax(v, 5)',
    'F.linear(v, lib.ones(3, 3))',
    'v.flatten(5)',
    'v.clamp()',
    'v.t()',
    'v.exp()',
    'v.sum(dim=(0, 0))',
    'v.mm(lib.ones(3, 3))',
    'v.matmul(lib.ones(3, 3))',
    'v.view(-1, -1)',
    'v.add(lib.ones(3), alpha=True)',
    'v.scatter(5, lib.zeros(1, 1, dtype=lib.long), 1.0)',
    'v.max(v[0])',
    'lib.maximum(v, lib.ones(3))',
    'v.sigmoid()',
    'F.relu(v)',
    'v.abs()',
    'v.sign()',
    'v.log()',
    'v.sqrt()',
    'v.tanh()',
    'v.neg()',
    'v.clone()',
    'v.contiguous()',
    'v.detach()',
    'v.to(lib.float64)',
    'v.float()',
    'v.item()',
    'v.tolist()',
    'v.numpy()',
    'v.expand_as(lib.ones(3, 3))',
    'v.view_as(lib.ones(7))',
    'v.reshape_as(lib.ones(7))',
    'v.mean(dtype=lib.long)',
    'v.sum(dtype=lib.float64)',
    'v.T',
    'v.unbind(5)',
    'list(v)',
    'v.eq(lib.ones(3))',
    'v > lib.ones(3)',
    'F.softmax(v, 5)',
    'F.nll_loss(v, lib.zeros(1, dtype=lib.long))',
    'lib.nn.Linear(3, 2)(v)',
    'lib.nn.Linear(2, 2)(v)',
    'lib.zeros_like(v)',
    'v.fill_(1)',
    'v.zero_()',
    'v.add_(1)',
    'v.copy_(lib.ones(3))',
    'v.requires_grad_(False)',
    'v.retain_grad()',
    'v.sum().backward()',
    'v.backward()',
    'v[0] = 1',
    'v.clamp_(0, 1)',
    'v.mul_(lib.ones(3))',
]


def _invalid_view(lib: Any) -> Any:
    w = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = w * 1
    with lib.no_grad():
        v = y.view(2, 2)
    y.add_(1)  # v's history is now invalid
    return v


def _outcome(lib: Any, call: str) -> str:
    env = {"lib": lib, "F": lib.nn.functional, "v": _invalid_view(lib)}
    try:
        exec(call, env)  # noqa: S102 - the calls above, on either library
    except Exception as e:  # noqa: BLE001 - the outcome compared
        return f"{type(e).__name__}: {e}"
    return "ok"


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("call", CALLS)
def test_an_invalid_history_is_read_where_torch_reads_it(call: str) -> None:
    assert _outcome(minigrad, call) == _outcome(torch, call)
