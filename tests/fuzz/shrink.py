"""A greedy minimiser for the command-line runner (pytest uses hypothesis' own shrinking).

Deletes lines one at a time, keeping a deletion when the program still fails with the same
signature, until no single deletion keeps it. Deleting a line whose variable is used later
makes both libraries raise the same NameError there, which the comparison accepts, so the
result is still a valid program that shows the difference.
"""

from __future__ import annotations

from collections.abc import Callable

from .differential import Outcome
from .program import Program


def shrink(
    program: Program, run: Callable[[Program], Outcome], signature: str | None = None,
    max_rounds: int = 4,
) -> Program | None:
    """The smallest program (by deleting lines) with ``program``'s failure ``signature``
    (default: what it gives now); None when the program no longer gives that signature
    (the outcome then depended on earlier programs in the process: a fuzzer defect)."""
    now = run(program).signature
    if signature is not None and now != signature:
        return None
    signature = now
    best = program
    for _ in range(max_rounds):
        changed = False
        i = len(best.lines) - 1
        while i >= 0:
            candidate = Program(best.lines[:i] + best.lines[i + 1 :])
            if run(candidate).signature == signature and _refers(candidate):
                best = candidate
                changed = True
            i -= 1
        if not changed:
            break
    return best


def _refers(program: Program) -> bool:
    """Reject programs whose lines name variables no line defines (readability: a shrunk
    example should not lean on NameErrors)."""
    defined = {"lib", "F"}
    for line in program.lines:
        names = {w for w in _words(line.src) if w[:1] == "v" and w[1:].isdigit()}
        if line.target:
            names.discard(line.target)
        if "opt" in _words(line.src) and "opt" not in defined and line.target != "opt":
            return False
        if not names <= defined:
            return False
        if line.target:
            defined.add(line.target)
    return True


def _words(src: str) -> set[str]:
    word, out = "", set()
    for ch in src + " ":
        if ch.isalnum() or ch == "_":
            word += ch
        else:
            if word:
                out.add(word)
            word = ""
    return out
