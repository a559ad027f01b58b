"""Silence numpy's floating-point warnings inside minigrad, as torch is silent.

torch returns inf and nan without a word (overflow, 0/0, log of a negative number); numpy
warns. minigrad runs its numpy calls with numpy's error state set to "ignore", scoped to
those calls: the user's own numpy code keeps its settings. ``numpy.errstate`` costs about
2 us per use, too much for an op at N=3, so the same state is set through the context
variable behind it (0.2 us), with ``errstate`` as the fallback for other numpy versions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

try:  # numpy >= 2: errstate is a context variable holding an "extobj"
    from numpy._core.umath import _extobj_contextvar, _make_extobj

    _IGNORE = _make_extobj(all="ignore")

    # Start ignoring floating-point errors; returns the token for ``quiet_off``. (Bound C
    # callables rather than Python functions: every op calls both, and a Python call
    # around each doubles their cost.)
    quiet_on: Callable[[], Any] = functools.partial(_extobj_contextvar.set, _IGNORE)
    # Restore the error state that ``quiet_on`` replaced.
    quiet_off: Callable[[Any], Any] = _extobj_contextvar.reset

except ImportError:  # pragma: no cover - older numpy

    def quiet_on() -> Any:
        """Start ignoring floating-point errors; returns the token for ``quiet_off``."""
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def quiet_off(token: Any) -> None:
        """Restore the error state that ``quiet_on`` replaced."""
        token.__exit__(None, None, None)


class quiet:  # noqa: N801 - used like numpy's errstate
    """``with quiet(): ...`` ignores numpy's floating-point warnings in the block."""

    __slots__ = ("token",)

    def __enter__(self) -> None:
        self.token = quiet_on()

    def __exit__(self, *exc: object) -> None:
        quiet_off(self.token)
