"""The differential fuzzer: random straight-line programs agree with torch line by line.

Each test draws programs (:mod:`tests.fuzz.generate`) whose body comes from one family of
statement kinds (plus one over every kind), runs each on torch and on minigrad and compares
after every line (:mod:`tests.fuzz.differential`): exceptions, warnings, every variable's
shape, dtype, flags, grad_fn name, values (bits, or an op's documented bound), repr, and
leaves' gradients. A failure prints the shrunk program as runnable source.

Budget per test, keyed on the hypothesis profile: ``ci`` 60 per test, 420 in all (about 10 s of CPU
when they pass), ``thorough`` 2,000 per test (14,000 programs).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings

import minigrad
from tests.fuzz import kinds as K
from tests.fuzz.differential import run_program
from tests.fuzz.generate import programs

torch = pytest.importorskip("torch")

PROGRAMS = {"dev": 10, "ci": 60, "thorough": 2000}
BUDGET = PROGRAMS.get(os.environ.get("HYPOTHESIS_PROFILE", "ci"), PROGRAMS["ci"])
FAMILIES = {**K.FAMILIES, "all": K.BODY}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_programs_agree_with_torch(family: str) -> None:
    """Every program of the family gives what torch gives, after every line."""

    @settings(max_examples=BUDGET)
    @given(programs(torch, FAMILIES[family]))
    def check(program: object) -> None:
        outcome = run_program(program, torch, minigrad)
        assert outcome.status in ("identical", "bound"), outcome.describe(program)

    check()

