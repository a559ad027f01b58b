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


# ---- verify cannot pass falsely; user errors end in a message, never a traceback ----------


def test_a_corrupted_golden_log_fails_verify(tmp_path, monkeypatch, capsys):
    """One changed line in the page's log: verify says MISMATCH, names the line, exits 1."""
    import reference.golden as golden

    lines = golden_log("seed003-nobias")
    lines[4] = lines[4].replace("W:", "W: ")
    (tmp_path / "seed003-nobias.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(golden, "_HERE", tmp_path)
    code = cli.main(["verify", "--scenario", "seed003-nobias", "--json", str(tmp_path / "v.json")])
    out = capsys.readouterr().out
    assert code == 1, out
    row = next(line for line in out.splitlines() if line.startswith("seed003-nobias"))
    assert "DIFF" in row and row.rstrip().endswith("MISMATCH")
    assert "0 agree" in out and "verdict: FAIL" in out
    assert "line 5" in out  # where the printed log departs from the (corrupted) page
    report = json.loads((tmp_path / "v.json").read_text())
    assert report["verdict"] == "fail" and report["summary"]["golden_mismatched"] == 1
    assert report["scenarios"][0]["ok"] is False


def test_unknown_engine_and_scenario_are_usage_errors(capsys):
    assert cli.main(["verify", "--engines", "jax"]) == 2
    assert "unknown engine(s) 'jax'" in capsys.readouterr().err
    assert cli.main(["verify", "--engines", "minigrad,jax", "--scenario", "seed003-nobias"]) == 2
    assert cli.main(["verify", "--scenario", "nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown scenario 'nope'" in err and "seed000-manual" in err
    assert cli.main(["run", "nope"]) == 2
    assert cli.main(["draw", "nope", "--out", "g.dot"]) == 2
    assert "unknown scenario 'nope'" in capsys.readouterr().err


def test_verify_with_nothing_to_compare_does_not_pass(capsys):
    assert cli.main(["verify", "--engines", "minigrad", "--scenario", "seed001-backward"]) == 1
    out = capsys.readouterr().out
    assert "NOT-COMPARED" in out and "1 not compared" in out and "verdict: FAIL" in out


def test_verify_json_to_stdout_with_versions_summary_and_verdict(capsys):
    code = cli.main(["verify", "--scenario", "seed003-nobias", "--json", "-"])
    captured = capsys.readouterr()
    assert code == 0
    report = json.loads(captured.out)  # stdout holds only the JSON; the table went to stderr
    assert report["verdict"] == "pass"
    assert set(report["versions"]) >= {"python", "numpy", "minigrad", "torch"}
    assert report["versions"]["torch"].startswith("2.13.0")
    assert report["summary"]["scenarios"] == 1 and report["summary"]["agree"] == 1
    assert report["scenarios"][0]["minigrad_vs_torch"]["identical"] is True
    assert "seed003-nobias" in captured.err


def test_argument_errors_exit_2_with_a_message(capsys):
    for argv in (["run", "seed000-manual", "--epochs", "-3"], ["nonsense"],
                 ["verify-script", "x.py", "--steps", "-1"], ["verify-script", "x.py",
                                                              "--timeout", "0"]):
        with pytest.raises(SystemExit) as info:
            cli.main(argv)
        assert info.value.code == 2
    assert "must not be negative" in capsys.readouterr().err


def test_draw_rejects_an_unsupported_extension(tmp_path, capsys):
    assert cli.main(["draw", "seed000-manual", "--out", str(tmp_path / "g.gif")]) == 2
    err = capsys.readouterr().err
    assert "unsupported extension .gif" in err and ".png" in err
    assert not (tmp_path / "g.gif").exists()


def test_draw_without_a_renderer_says_what_to_install(tmp_path, capsys, monkeypatch):
    from minigrad import graph

    monkeypatch.setattr(graph, "find_renderer", lambda: None)
    assert cli.main(["draw", "seed000-manual", "--out", str(tmp_path / "g.png")]) == 1
    err = capsys.readouterr().err
    assert "graphviz-pure" in err and "Traceback" not in err


def test_run_of_a_failing_script_reports_the_line(tmp_path, capsys):
    script = tmp_path / "bad.py"
    script.write_text("import torch\nx = torch.ones(2)\ny = x.no_such_method()\n")
    assert cli.main(["run", str(script)]) == 1
    err = capsys.readouterr().err
    assert "bad.py:3" in err and "x.no_such_method()" in err and "AttributeError" in err
    assert "Traceback" not in err
    assert sys.modules.get("torch") is None or sys.modules["torch"].__name__ == "torch"


def test_run_of_a_script_prints_its_output(capsys):
    assert cli.main(["run", str(ROOT / "examples" / "seed001_backward_demo.py")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "tensor([4., 4.])"


def test_version_and_the_console_command():
    import tomllib

    res = subprocess.run([sys.executable, "-m", "reference.cli", "--version"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.startswith("minigrad 0.1.0 (numpy ")
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["minigrad"] == scripts["minigrad-verify"] == "reference.cli:main"
    sub = cli.build_parser()._subparsers._group_actions[0].choices
    assert set(sub) == {"verify", "verify-script", "run", "list", "draw", "bench"}


def test_without_torch_the_table_says_what_was_compared():
    res = _without_torch(["verify", "--engines", "minigrad,numpy", "--scenario",
                          "seed003-nobias"])
    assert res.returncode == 0, res.stdout + res.stderr
    assert "first divergence (minigrad vs numpy)" in res.stdout
    assert "torch not run: minigrad checked against the numpy witness" in res.stdout
    res = _without_torch(["run", "seed003-nobias", "--engine", "torch"])
    assert res.returncode == 2 and "needs torch" in res.stderr and "Traceback" not in res.stderr


def test_plot_shows_the_per_epoch_difference(tmp_path, monkeypatch):
    """The third panel is computed from step_ulps: a 1-ulp change at step 2 shows there."""
    row = cli.verify_one(S.get("seed003-nobias"), ("minigrad", "torch"))
    tr, ref = row.traces["minigrad"], row.traces["torch"]
    assert cli.step_ulps(tr, ref).tolist() == [0.0] * len(ref)
    tr.params["W"][2] = np.nextafter(tr.params["W"][2], np.float32(np.inf))
    assert cli.step_ulps(tr, ref).tolist() == [0.0, 0.0, 1.0] + [0.0] * (len(ref) - 3)
    png = cli.plot_row(row, tmp_path)
    data = png.read_bytes()
    assert data[:4] == b"\x89PNG" and int.from_bytes(data[16:20], "big") == 16 * 90
