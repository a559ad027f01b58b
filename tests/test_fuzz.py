"""The differential fuzzer: random straight-line programs agree with torch line by line.

Each test draws programs (:mod:`tests.fuzz.generate`) whose body comes from one family of
statement kinds (plus one over every kind), runs each on torch and on minigrad and compares
after every line (:mod:`tests.fuzz.differential`): exceptions, warnings, every variable's
shape, dtype, flags, grad_fn name, values (bits, or an op's documented bound), repr, and
leaves' gradients. A failure prints the shrunk program as runnable source.

Budget per test, keyed on the hypothesis profile: ``ci`` 30 programs per test (270 against
minigrad, 30 torch against itself: about 15 s of CPU when they pass), ``thorough`` 1,500 per
test (13,500 programs against minigrad).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings

import minigrad
from tests.fuzz import kinds as K
from tests.fuzz.compare import compare_arrays
from tests.fuzz.differential import run_program
from tests.fuzz.generate import programs
from tests.fuzz.program import Line, Program
from tests.fuzz.tolerance import EXACT, LIBM

torch = pytest.importorskip("torch")

PROGRAMS = {"dev": 10, "ci": 30, "thorough": 1500}
BUDGET = PROGRAMS.get(os.environ.get("HYPOTHESIS_PROFILE", "ci"), PROGRAMS["ci"])
FAMILIES = {**K.FAMILIES, "all": K.BODY}


# CI runs a fixed budget (the `ci` profile is derandomized: the same programs every run);
# `HYPOTHESIS_PROFILE=thorough` runs 13,500, and `python -m tests.fuzz.run --programs N
# --seed S --report FILE` draws fresh ones and reports the counts per outcome.
@pytest.mark.parametrize("family", list(FAMILIES))
def test_programs_agree_with_torch(family: str) -> None:
    """Every program of the family gives what torch gives, after every line."""

    @settings(max_examples=BUDGET)
    @given(programs(torch, FAMILIES[family]))
    def check(program: object) -> None:
        outcome = run_program(program, torch, minigrad)
        assert outcome.status in ("identical", "bound"), outcome.describe(program)

    check()



def test_torch_against_itself_is_identical() -> None:
    """The harness makes no differences of its own: torch run twice on the same programs is
    identical line by line (determinism, warnings torch emits once per process, resync)."""

    @settings(max_examples=BUDGET)
    @given(programs(torch))
    def check(program: object) -> None:
        outcome = run_program(program, torch, torch)
        assert outcome.status == "identical", outcome.describe(program)

    check()


def test_comparator_sees_the_last_bit_signed_zeros_and_nan_positions() -> None:
    """Bits, not numbers: -0.0 vs 0.0 and one ulp differ; any NaN payload is the same NaN;
    a bound admits a 1-ulp difference but never a signed zero."""
    one = np.array([1.0, 0.0, np.nan], dtype=np.float32)
    assert compare_arrays(one, one.copy(), EXACT) == "exact"
    quiet_nan = np.array([np.nan], dtype=np.float32)
    other_nan = np.array([0x7FC00001], dtype=np.uint32).view(np.float32)
    assert compare_arrays(quiet_nan, other_nan, EXACT) == "exact"
    neg_zero = np.array([1.0, -0.0, np.nan], dtype=np.float32)
    assert compare_arrays(one, neg_zero, EXACT) == "differs"
    assert compare_arrays(one, neg_zero, LIBM) == "differs"
    next_up = np.nextafter(one, np.float32(2))
    next_up[2] = np.nan
    assert compare_arrays(one, next_up, EXACT) == "differs"
    assert compare_arrays(one[:1], next_up[:1], LIBM) == "bound"
    three_ulps = np.array([1.0 + 3 * 2.0**-23], dtype=np.float32)
    assert compare_arrays(one[:1], three_ulps, LIBM) == "differs"
    assert compare_arrays(one, one.astype(np.float64), LIBM) == "differs"  # dtype


def test_a_difference_is_reported_with_its_program() -> None:
    """A program whose libraries disagree fails with the program's source in the message
    (a stand-in library that computes exp one ulp high plays minigrad)."""

    class OneUlpHigh:
        """torch, except that ``Tensor.exp`` is rounded one ulp up."""

        def __getattr__(self, name: str) -> object:
            return getattr(torch, name)

        @staticmethod
        def exp(x: object) -> object:
            return torch.nextafter(torch.exp(x), torch.tensor(float("inf")))

    program = Program((
        Line("leaf", "v1 = lib.tensor([0.5, -1.0])", "v1"),
        Line("torch.exp", "v2 = lib.exp(v1)", "v2"),  # exact kind: no bound
    ))
    outcome = run_program(program, torch, OneUlpHigh())
    assert outcome.signature == "value @ torch.exp"
    assert "v2 = lib.exp(v1)" in outcome.describe(program)
    bounded = Program((program.lines[0], Line("torch.exp", "v2 = lib.exp(v1)", "v2", LIBM)))
    assert run_program(bounded, torch, OneUlpHigh()).status == "bound"
