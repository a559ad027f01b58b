"""Where one epoch of a contender spends its time and memory: ``python -m benchmarks.profile``.

Three views of one contender's loop (default ``minigrad-manual``):

- ``calls``: cProfile of many epochs at small N (default 3), per epoch: Python function calls,
  and the functions with the most own time. At N=3 this *is* the cost: interpreter overhead.
- ``ops``: cProfile at large N (default 10^6): numpy's arithmetic runs inside the Python
  function that calls it, so each op's forward/backward own time is its memory passes.
- ``steps``: CPU time (thread time: immune to other processes' load) and page faults of each
  step (each ``Function.forward`` / ``backward``, unbroadcast, grad accumulation, optimizer),
  found by wrapping them at run time - minigrad's files are not touched.
- ``memory``: a timeline of one epoch at large N under tracemalloc: for each step (each
  ``Function.forward`` / ``backward`` / grad accumulation / optimizer step, found by wrapping
  them at run time - minigrad's files are not touched), the N-vectors alive after it and the
  peak during it. Only for minigrad contenders.

Examples::

    python -m benchmarks.profile                      # all three for minigrad-manual
    python -m benchmarks.profile --view calls --contender minigrad-linear --epochs 20000
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import pstats
import resource
import sys
import time
import tracemalloc
from typing import Any

import numpy as np

from benchmarks.contenders import by_name, make_problem


def view_calls(name: str, n: int, dtype: str, epochs: int, top: int) -> str:
    """cProfile ``epochs`` epochs at size ``n``: calls per epoch and the top own-time functions."""
    loop = by_name(name).build(make_problem(n, dtype))
    for _ in range(50):
        loop.epoch()
    t0 = time.perf_counter()
    for _ in range(epochs):
        loop.epoch()
    plain = (time.perf_counter() - t0) / epochs * 1e6
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(epochs):
        loop.epoch()
    prof.disable()
    stats = pstats.Stats(prof)
    total_calls = stats.total_calls  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = (
            func
            if file == "~"
            else f"{file.split('/site-packages/')[-1].split('/work/main/')[-1]}:{line}({func})"
        )
        rows.append((tt, ct, nc, where))
    rows.sort(reverse=True)
    out = io.StringIO()
    out.write(
        f"{name} N={n} {dtype}: {plain:.1f} us/epoch without the profiler; "
        f"{total_calls / epochs:.0f} Python-level calls per epoch under cProfile\n"
    )
    out.write(f"{'own us/ep':>10} {'cum us/ep':>10} {'calls/ep':>9}  function\n")
    for tt, ct, nc, where in rows[:top]:
        out.write(
            f"{tt / epochs * 1e6:10.2f} {ct / epochs * 1e6:10.2f} {nc / epochs:9.1f}  {where}\n"
        )
    return out.getvalue()


class _Steps:
    """Wrap minigrad's steps (every Function's forward/backward, unbroadcast, grad
    accumulation, SGD.step/zero_grad) at run time and call ``probe(label)`` around each."""

    def __init__(self, before: Any, after: Any) -> None:
        import minigrad.autograd as autograd
        import minigrad.ops as functions
        import minigrad.optim as optim

        self.before, self.after = before, after
        self.targets: list[tuple[Any, str, str, bool]] = []
        for cls in vars(functions).values():
            if (
                isinstance(cls, type)
                and issubclass(cls, autograd.Function)
                and cls is not autograd.Function
            ):
                for phase in ("forward", "backward"):
                    if phase in vars(cls):
                        self.targets.append((cls, phase, f"{cls.__name__}.{phase}", True))
        self.targets += [
            (autograd, "unbroadcast", "unbroadcast", False),
            (autograd, "accumulate", "accumulate .grad", False),  # (the name the loop calls)
            (autograd, "topological_order", "topological_order", False),
            (optim.SGD, "step", "SGD.step", False),
            (optim.SGD, "zero_grad", "zero_grad", False),
        ]
        self.originals: list[Any] = []

    def __enter__(self) -> _Steps:
        for owner, attr, label, static in self.targets:
            original = getattr(owner, attr)
            self.originals.append(original)
            setattr(owner, attr, self._wrapper(original, label, static))
        return self

    def _wrapper(self, original: Any, label: str, static: bool) -> Any:
        before, after = self.before, self.after

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            token = before(label)
            result = original(*args, **kwargs)
            after(label, token)
            return result

        return staticmethod(wrapper) if static else wrapper

    def __exit__(self, *exc: object) -> None:
        for (owner, attr, _label, static), original in zip(self.targets, self.originals):
            setattr(owner, attr, staticmethod(original) if static else original)


def view_steps(name: str, n: int, dtype: str, epochs: int) -> str:
    """CPU time (this thread's, so other processes' load does not count) and page faults per
    step of the loop at size ``n``, averaged over ``epochs`` epochs (minigrad only). Nested
    steps (unbroadcast inside the backward pass) are also inside their caller's figures."""
    loop = by_name(name).build(make_problem(n, dtype))
    for _ in range(3):
        loop.epoch()
    totals: dict[str, list[float]] = {}

    def before(label: str) -> tuple[int, int]:
        return time.thread_time_ns(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt

    def after(label: str, token: tuple[int, int]) -> None:
        t = time.thread_time_ns() - token[0]
        f = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - token[1]
        rec = totals.setdefault(label, [0.0, 0.0, 0.0])
        rec[0] += t
        rec[1] += f
        rec[2] += 1

    t0 = time.thread_time_ns()
    for _ in range(epochs):
        loop.epoch()
    plain = (time.thread_time_ns() - t0) / epochs / 1e3
    with _Steps(before, after):
        for _ in range(epochs):
            loop.epoch()
    out = io.StringIO()
    out.write(
        f"{name} N={n} {dtype}: {plain:.0f} us CPU per epoch (thread time, unwrapped); "
        "per step, per epoch:\n"
    )
    out.write(f"{'step':<24} {'CPU us':>9} {'faults':>8} {'calls':>6}\n")
    for label, (t, f, c) in sorted(totals.items(), key=lambda kv: -kv[1][0]):
        out.write(f"{label:<24} {t / epochs / 1e3:9.1f} {f / epochs:8.0f} {c / epochs:6.1f}\n")
    return out.getvalue()


def view_memory(name: str, n: int, dtype: str) -> str:
    """Live N-vectors after, and peak during, each step of one epoch (minigrad only)."""
    vector = n * np.dtype(dtype).itemsize
    loop = by_name(name).build(make_problem(n, dtype))
    loop.epoch()  # a first epoch: .grad exists, as in the steady state
    log: list[tuple[str, float, float]] = []

    def before(label: str) -> int:
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        return peak  # the peak so far, kept so that nested steps do not lose it

    def after(label: str, outer_peak: int) -> None:
        current, peak = tracemalloc.get_traced_memory()
        log.append((label, current / vector, peak / vector))

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0] / vector
    tracemalloc.reset_peak()
    try:
        with _Steps(before, after):
            loop.epoch()
    finally:
        tracemalloc.stop()
    epoch_peak = max(p for _, _, p in log) - base
    out = io.StringIO()
    out.write(
        f"{name} N={n} {dtype}: one steady-state epoch; N-vectors relative to the memory held "
        f"before it (x, y, params, .grad); epoch peak {epoch_peak:.2f} (within the steps)\n"
    )
    out.write(f"{'step':<28} {'alive after':>11} {'peak during':>11}\n")
    for label, current, peak in log:
        out.write(f"{label:<28} {current - base:11.2f} {peak - base:11.2f}\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Print the requested views."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.profile", description=__doc__.splitlines()[0]
    )
    p.add_argument("--contender", default="minigrad-manual")
    p.add_argument("--view", choices=["calls", "ops", "steps", "memory", "all"], default="all")
    p.add_argument("--small-n", type=int, default=3)
    p.add_argument("--large-n", type=int, default=1_000_000)
    p.add_argument("--dtype", default="float32")
    p.add_argument("--epochs", type=int, default=5000, help="epochs profiled at small N")
    p.add_argument("--large-epochs", type=int, default=20, help="epochs profiled at large N")
    p.add_argument("--top", type=int, default=25)
    args = p.parse_args(argv)
    if args.view in ("calls", "all"):
        print(view_calls(args.contender, args.small_n, args.dtype, args.epochs, args.top))
    if args.view in ("ops", "all"):
        print(view_calls(args.contender, args.large_n, args.dtype, args.large_epochs, args.top))
    if args.view in ("steps", "all") and args.contender.startswith("minigrad"):
        print(view_steps(args.contender, args.large_n, args.dtype, args.large_epochs))
        print(view_steps(args.contender, args.small_n, args.dtype, args.epochs))
    if args.view in ("memory", "all") and args.contender.startswith("minigrad"):
        print(view_memory(args.contender, args.large_n, args.dtype))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
