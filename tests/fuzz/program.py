"""Programs as Python source, and running one line of a program on one library."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .tolerance import EXACT, Tol

HEADER = "import torch as lib  # or: import minigrad as lib\nF = lib.nn.functional\n"


@dataclass(frozen=True)
class Line:
    """One statement: its kind (a row of :mod:`.kinds`), its source, the variable it
    assigns (or None) and the bounds of its value and of the gradients through it."""

    kind: str
    src: str
    target: str | None = None
    value: Tol = EXACT
    grad: Tol = EXACT


class Program:
    """A straight-line program; ``repr`` is its source (hypothesis prints it on failure;
    a plain class, since hypothesis prints a dataclass field by field)."""

    __slots__ = ("lines",)

    def __init__(self, lines: tuple[Line, ...]) -> None:
        self.lines = lines

    def source(self) -> str:
        """Runnable Python source (either library: change the import)."""
        return HEADER + "\n".join(line.src for line in self.lines) + "\n"

    def __repr__(self) -> str:
        return "\n" + self.source()


@dataclass
class LineResult:
    """What running a line did: the exception (class name, message) and the warnings."""

    error: tuple[str, str] | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _compile(src: str) -> Any:
    return compile(src, "<fuzz program>", "exec")


def namespace(lib: Any) -> dict[str, Any]:
    """A fresh namespace for a program on ``lib``."""
    return {"lib": lib, "F": lib.nn.functional, "__builtins__": __builtins__}


_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def normalise(message: str) -> str:
    """The one message normalisation: memory addresses (``0x7f...``) differ from run to run.
    (torch's C++ warnings end by naming their source, `` (Triggered internally at
    /__w/pytorch/.../TensorBody.h:493.)``: minigrad's carry the same words.)"""
    return _ADDRESS.sub("0x…", message)


# Warnings torch emits once per process (C++ TORCH_WARN_ONCE): whether torch shows one
# depends on what ran before in the process, so they are dropped on both sides.
ONCE_PER_PROCESS = (
    "The use of `x.T` on tensors of dimension other than 2",
    "Tensor.T is deprecated on 0-D tensors",
    "Converting a tensor with requires_grad=True to a scalar",
)


def run_line(line: Line, ns: dict[str, Any]) -> LineResult:
    """Execute ``line`` in ``ns``; record its exception and its warnings (all of them)."""
    result = LineResult()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(_compile(line.src), ns)  # noqa: S102 - the program is our own source
        except Exception as e:  # noqa: BLE001 - every exception is compared with torch's
            result.error = (type(e).__name__, normalise(str(e)))
    result.warnings = [
        (w.category.__name__, normalise(str(w.message)))
        for w in caught
        if not str(w.message).startswith(ONCE_PER_PROCESS)
    ]
    return result
