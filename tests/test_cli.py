"""reference.cli: list, run, verify (table, exit status, plots), draw."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reference import cli
from reference import scenarios as S
from reference.golden import golden_log

ROOT = Path(__file__).parents[1]


def test_list_names_every_scenario(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    for name in S.names():
        assert name in out


@pytest.mark.parametrize("engine", ["minigrad", "numpy", "torch"])
def test_run_prints_the_page_log(engine, capsys):
    assert cli.main(["run", "seed003-nobias", "--engine", engine]) == 0
    assert capsys.readouterr().out.splitlines() == golden_log("seed003-nobias")


def test_run_epochs_option_cuts_the_log(capsys):
    assert cli.main(["run", "seed000-manual", "--engine", "minigrad", "--epochs", "3"]) == 0
    assert capsys.readouterr().out.splitlines() == golden_log("seed000-manual")[:3]


@pytest.mark.parametrize("engine", ["minigrad", "numpy"])
def test_run_without_torch_never_imports_torch(engine):
    code = (
        "import sys\n"
        "from reference import cli\n"
        f"cli.main(['run', 'seed000-module', '--engine', '{engine}', '--epochs', '2'])\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Epoch    0/1000 W: -0.784, b: 0.665 Cost: 13.291902")


def test_verify_table_and_exit_status(capsys, tmp_path):
    code = cli.main(["verify", "--scenario", "seed003-nobias", "--scenario", "seed001-backward",
                     "--plot", str(tmp_path), "--json", str(tmp_path / "verify.json")])
    captured = capsys.readouterr()
    assert code == 0, captured.out
    lines = captured.out.splitlines()
    assert lines[0].split()[:4] == ["scenario", "source", "epochs", "dtype"]
    row = next(line for line in lines if line.startswith("seed003-nobias"))
    assert "seed 003" in row and "float32" in row and "match" in row and "identical" in row
    assert "2 scenarios, 2 agree" in captured.out
    assert "[ 1/2] seed003-nobias" in captured.err  # progress
    png = tmp_path / "seed003-nobias.png"
    assert png.exists() and png.read_bytes()[:4] == b"\x89PNG"
    report = json.loads((tmp_path / "verify.json").read_text())
    assert [s["scenario"] for s in report["scenarios"]] == ["seed003-nobias", "seed001-backward"]
    first = report["scenarios"][0]
    assert first["verdict"] == "identical" and first["minigrad_vs_torch"]["max_ulps"] == 0


def test_verify_fails_loudly_on_a_mismatch(capsys, monkeypatch):
    """A minigrad that drifts at step 4 makes verify exit 1 and name the step and field."""
    real = cli.run_engine

    def drifting(engine, sc, **kw):
        tr = real(engine, sc, **kw)
        if engine == "minigrad":
            tr.params["W"][4] = tr.params["W"][4] + np.float32(1e-3)
        return tr

    monkeypatch.setattr(cli, "run_engine", drifting)
    code = cli.main(["verify", "--scenario", "seed003-nobias"])
    out = capsys.readouterr().out
    assert code == 1
    assert "MISMATCH" in out and "epoch 4, param[W]" in out


def test_verify_reports_an_engine_error(capsys, monkeypatch):
    real = cli.run_engine

    def broken(engine, sc, **kw):
        if engine == "minigrad":
            raise RuntimeError("boom")
        return real(engine, sc, **kw)

    monkeypatch.setattr(cli, "run_engine", broken)
    assert cli.main(["verify", "--scenario", "seed003-nobias"]) == 2
    out = capsys.readouterr().out
    assert "ERROR" in out and "RuntimeError: boom" in out


def test_draw_writes_the_graph_of_one_epoch(tmp_path, capsys):
    out = tmp_path / "graph.dot"
    assert cli.main(["draw", "seed000-manual", "--out", str(out)]) == 0
    text = out.read_text()
    for op in ("MulBackward0", "AddBackward0", "SubBackward0", "PowBackward0", "MeanBackward0"):
        assert op in text


def _without_torch(args: list[str]) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter where `import torch` fails."""
    code = (
        "import sys\n"
        "sys.modules['torch'] = None  # any `import torch` now raises ImportError\n"
        "from reference import cli\n"
        f"sys.exit(cli.main({args!r}))\n"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_torch_free_verify_compares_minigrad_with_the_witness():
    res = _without_torch(["verify", "--engines", "minigrad,numpy", "--scenario",
                          "seed000-manual", "--scenario", "seed004-y2x"])
    assert res.returncode == 0, res.stdout + res.stderr
    assert "2 scenarios, 2 agree" in res.stdout and "engines: minigrad, numpy" in res.stdout


def test_verify_without_torch_says_how_to_proceed():
    res = _without_torch(["verify", "--scenario", "seed003-nobias"])
    assert res.returncode == 2
    assert "--engines minigrad,numpy" in res.stderr


def test_exact_flag_rejects_a_one_ulp_difference(capsys, monkeypatch):
    real = cli.run_engine

    def one_ulp_off(engine, sc, **kw):
        tr = real(engine, sc, **kw)
        if engine == "minigrad":
            w = tr.params["W"][2]
            tr.params["W"][2] = np.nextafter(w, np.float32(np.inf))
        return tr

    monkeypatch.setattr(cli, "run_engine", one_ulp_off)
    assert cli.main(["verify", "--scenario", "seed003-nobias"]) == 0
    assert "seed003-nobias" in capsys.readouterr().out
    assert cli.main(["verify", "--exact", "--scenario", "seed003-nobias"]) == 1
    assert "epoch 2, param[W]" in capsys.readouterr().out
