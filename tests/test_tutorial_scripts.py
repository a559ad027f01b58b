"""The tutorials' own code (``examples/``) runs unchanged with ``import minigrad as torch``.

Each script runs twice in a subprocess: once with real torch (``ATEN_CPU_CAPABILITY=default``,
one thread) and once with minigrad standing in for ``torch``. Their printed output must be
identical, and where the source page printed a log, equal to the page's log.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reference.golden import golden_log

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py") if p.name != "run.py")

# Scripts whose output is not yet identical, with the reason (numbers are then compared to
# 6 significant digits instead). Keep this list honest and short.
NOT_YET_BIT_EXACT: dict[str, str] = {}


@functools.cache
def outputs(engine: str) -> dict[str, str]:
    """Run every script with ``engine``; return stdout per script."""
    env = {**os.environ, "ATEN_CPU_CAPABILITY": "default", "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "run.py"), "--engine", engine]
        + [str(EXAMPLES / s) for s in SCRIPTS],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    parts = re.split(r"^=== (\S+) \(\w+\)\n", result.stdout, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+")


def numbers_close(a: str, b: str, digits: int = 6) -> bool:
    """Same text apart from numbers, and numbers equal to ``digits`` significant digits."""
    if NUMBER.sub("#", a) != NUMBER.sub("#", b):
        return False
    for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)):
        fx, fy = float(x), float(y)
        if fx != fy and abs(fx - fy) > 10 ** -digits * max(abs(fx), abs(fy), 1e-3):
            return False
    return True


def test_every_script_ran_under_both_engines():
    assert len(SCRIPTS) >= 10
    assert set(outputs("minigrad")) == set(SCRIPTS) == set(outputs("torch"))


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_prints_what_torch_prints(script):
    mine, theirs = outputs("minigrad")[script], outputs("torch")[script]
    assert mine.strip(), f"{script} printed nothing"
    if script in NOT_YET_BIT_EXACT:
        for i, (a, b) in enumerate(zip(mine.splitlines(), theirs.splitlines())):
            assert numbers_close(a, b), f"{script} line {i + 1}:\n minigrad: {a}\n torch:    {b}"
        assert len(mine.splitlines()) == len(theirs.splitlines())
    else:
        for i, (a, b) in enumerate(zip(mine.splitlines(), theirs.splitlines())):
            assert a == b, f"{script} line {i + 1}:\n minigrad: {a}\n torch:    {b}"
        assert mine == theirs


@pytest.mark.parametrize(
    "script, golden",
    [
        ("seed000_manual.py", "seed000-manual"),
        ("seed000_module.py", "seed000-module"),
        ("seed003_no_bias.py", "seed003-nobias"),
    ],
)
@pytest.mark.parametrize("engine", ["minigrad", "torch"])
def test_script_reproduces_the_pages_log(script, golden, engine):
    page = golden_log(golden)
    printed = [
        line for line in outputs(engine)[script].splitlines() if line.upper().startswith("EPOCH")
    ]
    assert printed == page


def test_seed_001_demo_gradient_and_seed_004_prediction():
    demo = outputs("minigrad")["seed001_backward_demo.py"].splitlines()
    assert demo[-1] == "tensor([4., 4.])"
    prediction = outputs("minigrad")["seed004_study_hours.py"].splitlines()[-1]
    assert abs(float(prediction.split("->")[1]) - 8.0) < 0.1


def test_the_runner_skips_itself_in_a_glob():
    """`python examples/run.py examples/*.py` names run.py too: it is skipped, not re-run."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "run.py"), str(EXAMPLES / "run.py"),
         str(EXAMPLES / "seed001_backward_demo.py")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "skipping" in result.stderr and "the runner itself" in result.stderr
    assert result.stdout.splitlines()[0] == "=== seed001_backward_demo.py (minigrad)"
    assert result.stdout.count("===") == 1
