"""The benchmarks never rot: ``python -m benchmarks --quick`` runs and reports what it promises.

Asserts the structure of the output and that the contenders agree; never a timing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package; `python -m pytest`
    sys.path.insert(0, str(ROOT))  # has the root on sys.path already, `pytest` may not

from benchmarks.contenders import CONTENDERS, build_numpy_hand, by_name, make_problem  # noqa: E402
from benchmarks.memory import measure_in_subprocess  # noqa: E402
from benchmarks.runner import LocalRunner, ProcessRunner, WorkerError  # noqa: E402
from benchmarks.timing import DisagreementError, check_agreement, run_epochs  # noqa: E402


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, str]:
    """One quick run shared by the module's tests. The contenders are timed in this one
    process (``--in-process``; the worker processes have tests of their own below), float32
    only, torch on one thread: half the CPU of the default quick run, same report."""
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--in-process", "--dtypes", "float32",
         "--threads", "1", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads((out / "quick.json").read_text()), out, proc.stdout


def test_quick_run_writes_json_markdown_and_png(quick_run):
    run, out, stdout = quick_run
    assert (out / "quick.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = (out / "quick.md").read_text()
    for key in (
        "date_utc",
        "machine",
        "versions",
        "threads",
        "load_average",
        "settings",
        "contenders",
        "agreement",
        "timings",
        "memory",
        "targets",
    ):
        assert key in run, key
    assert run["quick"] is True
    assert run["threads"]["configs"][-1] == 1
    assert len(run["load_average"]["start"]) == 3
    available = [c["name"] for c in run["contenders"] if c["available"]]
    for name in (
        "numpy-hand",
        "minigrad-manual",
        "minigrad-linear",
        "torch-manual",
        "torch-linear",
        "torch-nograd",
    ):
        assert name in available
        assert f"`{name}`" in md
        assert name in stdout


def test_every_available_contender_is_timed_in_every_cell(quick_run):
    run, _, _ = quick_run
    s = run["settings"]
    assert not run["errors"]
    maxn = {c["name"]: c["max_n"] for c in run["contenders"] if c["available"]}
    cells = {(t["contender"], t["n"], t["dtype"], t["threads"]): t for t in run["timings"]}
    for name, limit in maxn.items():
        for n in s["sizes"]:
            for dtype in s["dtypes"]:
                for threads in run["threads"]["configs"]:
                    t = cells.get((name, n, dtype, threads))
                    if limit is not None and n > limit:
                        assert t is None
                        continue
                    assert t is not None, (name, n, dtype, threads)
                    assert len(t["samples_us"]) == s["repeats"]
                    assert 0 < t["min_us"] <= t["median_us"] <= t["max_us"]
                    if name == "numpy-hand":
                        assert t["ratio_numpy"] == 1.0
                    if name == "torch-manual":
                        assert t["ratio_torch"] == 1.0


def test_contenders_agreed_before_timing(quick_run):
    run, _, _ = quick_run
    timed = {(t["contender"], t["n"], t["dtype"], t["threads"]) for t in run["timings"]}
    agreed = {
        (a["contender"], a["n"], a["dtype"], a["threads"]) for a in run["agreement"] if a["ok"]
    }
    assert timed <= agreed
    assert all(a["ok"] for a in run["agreement"])


def test_memory_measured_in_own_processes(quick_run):
    run, _, _ = quick_run
    mem = {m["contender"]: m for m in run["memory"]}
    assert {"numpy-hand", "minigrad-manual", "torch-manual"} <= set(mem)
    assert len({m["pid"] for m in mem.values()}) == len(mem)
    assert mem["numpy-hand"]["method"] == "tracemalloc"
    assert mem["torch-manual"]["method"].startswith(("rss", "ru_maxrss"))
    for m in mem.values():
        assert m["peak_bytes"] > 0
        assert m["peak_vectors"] == pytest.approx(m["peak_bytes"] / m["vector_bytes"])


def test_numpy_hand_peak_is_its_two_temporaries():
    # err (one vector) plus one product temporary at a time: the meter is right if it sees ~2
    m = measure_in_subprocess("numpy-hand", 200_000, "float64", 4)
    assert 1.9 <= m["peak_vectors"] <= 2.5, m
    assert m["grows"] is False


def test_disagreement_names_the_contender():
    ref = (0.1, 0.2)
    good = {"a": (0.1, 0.2), "b": (0.1 + 1e-13, 0.2)}
    assert all(r["ok"] for r in check_agreement(good, ref, "float64", 3))
    with pytest.raises(DisagreementError, match=r"(?s)wrong: W=0\.1.*b=0\.25") as info:
        check_agreement({**good, "wrong": (0.1, 0.25)}, ref, "float64", 3)
    assert "a:" not in str(info.value)
    with pytest.raises(DisagreementError, match="nan"):
        check_agreement({"nan": (float("nan"), 0.2)}, ref, "float32", 3)
    # float32's tolerance admits float32 rounding but not a real difference
    assert check_agreement({"f32": (0.1 * (1 + 5e-6), 0.2)}, ref, "float32", 3)[0]["ok"]
    with pytest.raises(DisagreementError):
        check_agreement({"f32": (0.1 * (1 + 5e-3), 0.2)}, ref, "float32", 3)


def test_numpy_hand_gradients_match_finite_differences():
    # the witness itself: one step of the hand-derived loop equals a step along the
    # central-difference gradient of the cost
    p = make_problem(50, "float64")
    w, b = run_epochs(build_numpy_hand(p), 1)
    x, y = p.x.ravel(), p.y.ravel()

    def cost(w_: float, b_: float) -> float:
        return float(((x * w_ + b_ - y) ** 2).mean())

    h = 1e-6
    gw = (cost(h, 0) - cost(-h, 0)) / (2 * h)
    gb = (cost(0, h) - cost(0, -h)) / (2 * h)
    assert w == pytest.approx(-p.lr * gw, rel=1e-7)
    assert b == pytest.approx(-p.lr * gb, rel=1e-7)


def test_contender_names_are_unique_and_known():
    names = [c.name for c in CONTENDERS]
    assert len(names) == len(set(names))
    assert by_name("numpy-hand").name == "numpy-hand"
    with pytest.raises(KeyError, match="known"):
        by_name("nope")


def test_worker_process_runs_the_same_loop_as_this_process():
    local, worker = LocalRunner("numpy-hand"), ProcessRunner("numpy-hand")
    try:
        assert worker.build(100, "float64", 1, 5) == local.build(100, "float64", 1, 5)
        wall, cpu, faults = worker.sample(3)
        assert wall > 0 and cpu > 0 and faults >= 0
    finally:
        worker.close()
    assert worker.proc.returncode == 0


def test_worker_reports_a_failing_build():
    worker = ProcessRunner("no-such-contender")
    try:
        with pytest.raises(WorkerError, match="no-such-contender"):
            worker.build(3, "float32", 1, 1)
    finally:
        worker.close()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_minimal_engine_trains_as_minigrad(dtype):
    """The floor that ``benchmarks.instructions`` counts beside minigrad runs the same loop:
    its parameters after 200 epochs equal minigrad's (exact kernels) and numpy by hand's
    within the benchmark's agreement bound; its gradient is the hand-derived one."""
    import numpy as np

    import minigrad as mg
    from benchmarks.instructions import _phases
    from benchmarks.minimal_engine import Tensor, build_loop

    p = make_problem(3, dtype)
    _, _, epoch, params = build_loop(p.x, p.y, p.lr)
    hand = build_numpy_hand(p)
    for _ in range(200):
        epoch()
        hand.epoch()
    np.testing.assert_allclose(params(), hand.params(), rtol=1e-4 if dtype == "float32" else 1e-9)
    if dtype == "float32":
        mg.set_kernels("exact")
        _, _, mg_epoch, mg_params = _phases("minigrad", "exact")  # (N=3 float32, as p)
        _, _, epoch, params = build_loop(p.x, p.y, p.lr)
        for _ in range(200):
            epoch()
            mg_epoch()
        np.testing.assert_allclose(params(), mg_params(), rtol=1e-6)
    W = Tensor(np.array([0.5]), requires_grad=True)
    x, y = Tensor(p.x.astype(np.float64)), Tensor(p.y.astype(np.float64))
    (x * W - y).square().mean().backward()
    expected = 2 * np.mean((p.x.astype(np.float64) * 0.5 - p.y) * p.x)
    np.testing.assert_allclose(W.grad, [expected], rtol=1e-12)
