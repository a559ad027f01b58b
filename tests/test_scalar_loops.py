"""The tutorials in scalar form (reference/scalar_loops.py): the pages' logs, line for line,
and per-epoch traces equal to torch's and to minigrad's tensor engine's, bit for bit."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch

import minigrad
from reference import scalar_loops
from reference.scalar_loops import LOOPS, torch_repr_1

SEEDS = Path("/work/shared/seeds")

# The tensor form of each loop, as on the pages: (x, y, has bias, lr, epochs).
PAGES = {
    "000": ([1, 2, 3], [1, 2, 3], True, 0.01, range(101)),
    "003": ([1, 2, 3], [1, 2, 3], False, 0.15, range(11)),
    "004": ([1, 2, 3], [2, 4, 6], True, 0.01, range(1, 1001)),
}


def tensor_trace(lib, seed: str, dtype=None) -> list[dict]:
    """The page's loop with ``lib`` = torch or minigrad (one source for both), as a trace."""
    xs, ys, bias, lr, epochs = PAGES[seed]
    dtype = dtype or lib.float32
    x = lib.tensor([[v] for v in xs], dtype=dtype)
    y = lib.tensor([[v] for v in ys], dtype=dtype)
    params = {"W": lib.zeros(1, dtype=dtype, requires_grad=True)}
    if bias:
        params["b"] = lib.zeros(1, dtype=dtype, requires_grad=True)
    optimizer = lib.optim.SGD(list(params.values()), lr=lr)
    trace = []
    for epoch in epochs:
        hypothesis = x * params["W"] + params["b"] if bias else x * params["W"]
        cost = lib.mean((hypothesis - y) ** 2)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
        trace.append({
            "epoch": epoch,
            "cost": cost.item(),
            "grads": {k: p.grad.item() for k, p in params.items()},
            "params": {k: p.item() for k, p in params.items()},
        })
    return trace


def first_difference(a: list[dict], b: list[dict]) -> str | None:
    assert len(a) == len(b)
    for mine, theirs in zip(a, b, strict=True):
        if mine != theirs:
            return f"epoch {mine['epoch']}: {mine} != {theirs}"
    return None


@pytest.fixture(scope="module")
def float32_traces() -> dict[str, list[dict]]:
    return {seed: LOOPS[seed]() for seed in PAGES}  # the XOR loop: tests/test_scalar_xor.py


# ---- the pages' logs --------------------------------------------------------------------


def golden(seed: str, pattern: str) -> list[str]:
    (page,) = SEEDS.glob(f"{seed}_*.txt")
    return [line.rstrip() for line in page.read_text().splitlines() if re.match(pattern, line)]


def logged(loop, **kwargs) -> list[str]:
    lines: list[str] = []
    loop(log=lines.append, **kwargs)
    return lines


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed pages are not on this machine")
def test_seed000_prints_the_pages_101_lines():
    expected = golden("000", r"Epoch +\d+/100, W: ")
    assert len(expected) == 101
    assert logged(scalar_loops.seed000) == expected


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed pages are not on this machine")
def test_seed003_prints_the_pages_11_lines():
    expected = golden("003", r"EPOCH \d+, W:")
    assert len(expected) == 11
    assert logged(scalar_loops.seed003) == expected


def test_seed000_log_in_float64_differs_from_the_page():
    """The page's digits are float32's: the same loop in float64 prints other digits."""
    assert logged(scalar_loops.seed000, dtype=float) != logged(scalar_loops.seed000)


def test_seed004_answers_the_pages_question():
    lines = logged(scalar_loops.seed004)
    assert len(lines) == 11 and lines[-1].startswith("Prediction for x = 4: ")
    prediction = float(lines[-1].split(": ")[1])
    assert abs(prediction - 8.0) < 0.1  # y = 2x: training approaches 8


# ---- per-epoch traces, bit for bit --------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(PAGES))
def test_float32_trace_equals_torch(seed, float32_traces):
    assert first_difference(float32_traces[seed], tensor_trace(torch, seed)) is None


@pytest.mark.parametrize("seed", sorted(PAGES))
def test_float32_trace_equals_the_tensor_engine(seed, float32_traces):
    assert first_difference(float32_traces[seed], tensor_trace(minigrad, seed)) is None


@pytest.mark.parametrize("seed", sorted(PAGES))
def test_float64_trace_equals_torch_float64(seed):
    mine = LOOPS[seed](dtype=float)
    assert first_difference(mine, tensor_trace(torch, seed, dtype=torch.float64)) is None


def test_trace_fields(float32_traces):
    first = float32_traces["000"][0]
    assert first == {"epoch": 0, "cost": pytest.approx(14 / 3),
                     "grads": {"W": pytest.approx(-28 / 3), "b": pytest.approx(-4.0)},
                     "params": {"W": pytest.approx(0.28 / 3), "b": pytest.approx(0.04)}}
    assert [len(float32_traces[s]) for s in ("000", "003", "004")] == [101, 11, 1000]
    assert float32_traces["004"][0]["epoch"] == 1


# ---- printing W as torch does --------------------------------------------------------------


@pytest.mark.parametrize("value", [0.0, 1.4, 0.84, -0.5, 2.0, 1e-5, -3.25e-7, 123456.0,
                                   12345.678, 1e8, 0.9999, 1.00005])
def test_torch_repr_1_matches_torchs_repr(value):
    w = torch.tensor([value], requires_grad=True)  # float32, as on the page
    assert torch_repr_1(np.float32(value)) == repr(w)


def test_main_prints_a_log_and_rejects_unknown_seeds(capsys):
    assert scalar_loops.main(["003"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 11 and out[0].startswith("EPOCH 0, W:tensor([0.], requires_grad=True)")
    assert scalar_loops.main(["999"]) == 2
    assert scalar_loops.main([]) == 2


def test_main_draws_the_chosen_epochs_graph_as_it_was_at_that_epoch(tmp_path, capsys,
                                                                     float32_traces):
    path = tmp_path / "epoch3.dot"
    assert scalar_loops.main(["000", "--draw", str(path), "--epoch", "3"]) == 0
    capsys.readouterr()
    dot = path.read_text()
    before_step = float32_traces["000"][2]["params"]  # epoch 3 runs on epoch 2's result
    grads = float32_traces["000"][3]["grads"]
    assert dot.startswith('digraph "seed 000, epoch 3" {')
    assert f'{{ W | data {before_step["W"]:.6g} | grad {grads["W"]:.6g} }}' in dot
    assert f'{{ b | data {before_step["b"]:.6g} | grad {grads["b"]:.6g} }}' in dot
    assert f'{{ cost | data {float32_traces["000"][3]["cost"]:.6g} | grad 1 }}' in dot
    assert scalar_loops.main(["000", "--draw", str(path), "--epoch", "500"]) == 2
