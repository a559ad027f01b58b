"""``minigrad verify-script``: a user's script or notebook, run with torch and with minigrad,
compared step by step. Each end-to-end test runs the command in this process and the two
engines in subprocesses (about 4 s of CPU, mostly torch's import: keep their number small)."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from reference import cli
from reference.script_runner import load_units, missing_api
from reference.verify_script import compare_records

ROOT = Path(__file__).resolve().parents[1]

LOOP = """\
import torch
import torch.optim as optim

x_train = torch.FloatTensor([[1], [2], [3]])
y_train = torch.FloatTensor([[2], [4], [6]])
W = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
optimizer = optim.SGD([W, b], lr=0.01)
for epoch in range(10):
    hypothesis = x_train * W + b
    cost = torch.mean((hypothesis - y_train) ** 2)
    if epoch == 6 and torch.__name__ == "minigrad":  # departs at step 7, on minigrad only
        cost = cost * 1.5
    optimizer.zero_grad()
    cost.backward()
    optimizer.step()
    print(f"epoch {epoch} cost {cost.item():.6f}")
"""


@pytest.fixture
def verify(capsys):
    """``verify(*args) -> (exit status, stdout, stderr)`` of ``minigrad verify-script``."""

    def run(*args: str) -> tuple[int, str, str]:
        code = cli.main(["verify-script", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_a_tutorial_script_is_bit_identical(verify):
    """Seed 001's backward demo (no optimizer: its torch run skips torch.optim's costly first
    step; the notebook below has the multi-step loop)."""
    code, out, err = verify(str(ROOT / "examples" / "seed001_backward_demo.py"), "--exact")
    assert code == 0, out + err
    assert "1 steps, 1 events compared (bit for bit)" in out
    rows = [line.split()[:2] for line in out.splitlines()[3:6]]
    assert rows == [["loss", "1"], ["x", "1"], ["x.grad", "1"]]
    assert "verdict: IDENTICAL" in out


def test_a_script_that_departs_names_the_step_and_the_tensor(tmp_path, verify):
    script = tmp_path / "loop.py"
    script.write_text(LOOP)
    code, out, _ = verify(str(script))
    assert code == 1
    assert "verdict: DEPART" in out
    first = out.split("first departing step: ")[1].splitlines()[0]
    assert first.startswith(f"step 7 (after backward, {script}:15): loss: torch ")
    assert "ulps)" in first
    row = next(line for line in out.splitlines() if line.startswith("W.grad"))
    assert row.split()[-2:] == ["step", "7"]


def test_steps_stops_the_run_after_n_steps(tmp_path):
    """--steps N: the runner stops the script after N optimizer steps (in process, minigrad;
    the process's `torch` module is restored afterwards)."""
    from reference.script_runner import run

    before = sys.modules.get("torch")
    script = tmp_path / "loop.py"
    script.write_text(LOOP)
    rec = run(script, "minigrad", steps=6)
    assert rec["status"] == "stopped" and rec["n_steps"] == 6
    assert [(e["kind"], e["step"]) for e in rec["events"][-2:]] == [("backward", 6), ("step", 6)]
    assert list(rec["events"][0]["values"]) == ["W", "b"]
    assert [line.split(" cost")[0] for _, line in rec["lines"]] == [
        f"epoch {k}" for k in range(5)]  # step 6 stopped the script before its print
    assert sys.modules.get("torch") is before


def test_a_notebook_runs_its_code_cells_without_magics_or_plots(tmp_path, verify):
    cells = [
        ("markdown", "# A course notebook"),
        ("code", "%matplotlib inline\nimport torch\nimport torch.nn as nn\n"
                 "import torch.nn.functional as F\nimport matplotlib.pyplot as plt"),
        ("code", "!pip install torch\ntorch.manual_seed(1)\nmodel = nn.Linear(3, 1)\n"
                 "optimizer = torch.optim.SGD(model.parameters(), lr=1e-5)\n"
                 "x_train = torch.FloatTensor([[73, 80, 75], [93, 88, 93], [89, 91, 90]])\n"
                 "y_train = torch.FloatTensor([[152], [185], [180]])\nlosses = []"),
        ("code", "for epoch in range(21):\n    prediction = model(x_train)\n"
                 "    cost = F.mse_loss(prediction, y_train)\n    optimizer.zero_grad()\n"
                 "    cost.backward()\n    optimizer.step()\n    losses.append(cost.item())\n"
                 "    plt.plot(losses)\n"
                 "    if epoch % 10 == 0:\n        print(epoch, cost.item())"),
        ("code", "fig, ax = plt.subplots()\nax.plot(losses)\nplt.show()\ndisplay(model)"),
    ]
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": kind, "metadata": {}, "source": src.splitlines(True),
         **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, src in cells]}
    path = tmp_path / "course.ipynb"
    path.write_text(json.dumps(nb))
    units = load_units(path)
    assert [name for name, _ in units] == [f"{path}[cell {k}]" for k in (1, 2, 3, 4)]
    assert "matplotlib" not in units[0][1] and "pip install" not in units[1][1]
    assert "plt.plot" not in units[2][1] and "print(epoch" in units[2][1]
    assert "ax.plot" not in units[3][1] and "display(model)" in units[3][1]
    code, out, err = verify(str(path), "--exact", "--steps", "15", "--json", "-", "--plot",
                            str(tmp_path))
    assert code == 0, err
    report = json.loads(out)  # --json -: the JSON alone on stdout, the table on stderr
    assert "15 steps, 30 events compared (bit for bit)" in err and "verdict: IDENTICAL" in err
    assert report["verdict"] == "pass" and report["exact"] is True
    assert report["summary"]["steps"] == 15 and report["summary"]["identical"] is True
    assert [t["name"] for t in report["tensors"]] == [
        "loss", "model.weight", "model.weight.grad", "model.bias", "model.bias.grad"]
    assert all(t["events"] == 30 and t["max_ulps"] == 0 for t in report["tensors"])
    assert report["printed_lines"]["compared"] == 2  # epochs 0 and 10; --steps stops at 15
    assert report["runs"]["torch"]["status"] == "stopped"  # by --steps
    assert report["versions"]["torch"].startswith("2.13.0")
    assert (tmp_path / "course.png").read_bytes()[:4] == b"\x89PNG"


def test_a_script_calling_what_minigrad_lacks_gets_a_clear_report(tmp_path, verify):
    script = tmp_path / "spectral.py"
    script.write_text(textwrap.dedent("""\
        import torch
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).sum().backward()
        print(x.grad)
        z = torch.fft.rfft(x.detach())
        print(z)
        """))
    code, out, _ = verify(str(script))
    assert code == 1
    assert "the torch run succeeded" in out
    assert f"{script}:5: z = torch.fft.rfft(x.detach())" in out
    assert "minigrad lacks torch.fft" in out
    assert "the 1 events recorded before the failure agree" in out


def test_usage_errors_and_timeouts(tmp_path, verify):
    code, _, err = verify(str(tmp_path / "missing.py"))
    assert code == 2 and "no such file" in err
    (tmp_path / "notes.txt").write_text("x")
    code, _, err = verify(str(tmp_path / "notes.txt"))
    assert code == 2 and "expected a .py script or a .ipynb notebook" in err
    slow = tmp_path / "slow.py"
    slow.write_text("import time\nimport torch\ntime.sleep(60)\n")
    code, out, _ = verify(str(slow), "--timeout", "1")
    assert code != 0 and "still running after 1 s (--timeout)" in out


# ---- the comparison itself, on synthetic records (no subprocess) ---------------------------


def _record(values: list[float], lines=("done",), status="ok") -> dict:
    events = []
    for k, v in enumerate(values, 1):
        arr = np.array([v], dtype=np.float32)
        events.append({"kind": "backward", "step": k, "where": "s.py:3", "loss": arr[0],
                       "values": {"w": arr}, "grads": {"w": arr * 2}, "lines": 0})
    return {"status": status, "events": events, "lines": [(len(values), s) for s in lines]}


def test_one_ulp_agrees_within_tolerance_but_not_with_exact():
    a = _record([1.0, 2.0, 3.0])
    b = _record([1.0, float(np.nextafter(np.float32(2.0), np.float32(3.0))), 3.0])
    res = compare_records(a, b, exact=False)
    assert res.ok and not res.identical and res.first is None
    assert res.first_bits.step == 2 and res.first_bits.ulps == 1
    res = compare_records(a, b, exact=True)
    assert not res.ok and res.first.step == 2 and res.first.tensor == "loss"
    assert res.step_ulps == {1: 0.0, 2: 1.0, 3: 0.0}


def test_printed_lines_and_structure_are_compared():
    res = compare_records(_record([1.0], lines=("a 1.0",)), _record([1.0], lines=("a 2.0",)))
    assert not res.ok and res.lines.first.tensor == "printed line"
    res = compare_records(_record([1.0]), _record([1.0, 2.0]))
    assert not res.ok and res.structure is not None and res.structure.step == 2


def test_missing_api_names_the_torch_call():
    assert missing_api(AttributeError("module 'minigrad.nn' has no attribute 'Conv2d'")) == \
        "torch.nn.Conv2d"
    assert missing_api(ModuleNotFoundError("x", name="torch.distributions")) == \
        "torch.distributions"
    assert missing_api(ValueError("bad")) is None


@pytest.mark.parametrize("src, kept, dropped", [
    ("import seaborn as sns\nsns.set()\nx = 1\n", ["x = 1"], ["sns.set"]),
    ("a = 1?\n", [], ["a = 1?"]),
])
def test_notebook_filters(tmp_path, src, kept, dropped):
    nb = tmp_path / "n.ipynb"
    nb.write_text(json.dumps({"cells": [{"cell_type": "code", "source": src}]}))
    text = load_units(nb)[0][1]
    for k in kept:
        assert k in text
    for d in dropped:
        assert d not in text


def test_a_missing_third_party_module_is_not_blamed_on_minigrad():
    assert missing_api(ModuleNotFoundError("No module named 'torchvision'",
                                           name="torchvision")) is None


def test_without_torch_nothing_is_verified(tmp_path, monkeypatch, verify):
    """A machine without torch: exit 2 and a message, not a pass (the torch run's `import
    torch` finds a stand-in that fails, as a missing torch does)."""
    fake = tmp_path / "no_torch"
    fake.mkdir()
    (fake / "torch.py").write_text("raise ImportError('No module named torch')\n")
    monkeypatch.setenv("PYTHONPATH", str(fake))
    script = tmp_path / "loop.py"
    script.write_text(LOOP)
    code, out, _ = verify(str(script))
    assert code == 2
    assert "verdict: NOT VERIFIED: torch cannot be imported" in out
