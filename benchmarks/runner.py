"""Where a contender's loop runs while it is timed: in this process, or in a worker process.

By default every contender is timed in a worker process of its own (``python -m
benchmarks.runner``), driven over a pipe, so the parent can still interleave the contenders
sample by sample. Isolation matters at large N: the cost of a temporary depends on the state
of the C allocator, which every loop in a process shares. glibc serves a 4 MB block from its
heap once a block that size has been freed, and gives the heap's top back to the OS when more
than twice that is free (its trim threshold), so a loop that frees several vectors at once at
the end of an epoch gets them back as fresh pages the next epoch, ~1000 page faults per 4 MB
vector. Whether that happens depends on what else lives in the heap: in a shared process one
contender's buffers could hide another's faults (or cause them). A worker holds one contender
only, like a user's script. Workers are started afresh for every cell with N >= 10^5.

``--in-process`` times everything in the parent instead (faster to start; figures at large N
then depend on the order the loops allocated in).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.contenders import Loop, by_name, make_problem

FRESH_WORKER_N = 100_000


def _warm_up(loop: Loop, min_seconds: float, min_epochs: int = 2) -> float:
    """Run epochs for at least ``min_seconds``; return the fastest single epoch seen (s)."""
    best = float("inf")
    start = time.perf_counter()
    done = 0
    while done < min_epochs or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter()
        loop.epoch()
        best = min(best, time.perf_counter() - t0)
        done += 1
    return best


def _sample(loop: Loop, k: int) -> tuple[float, float, float]:
    """Run ``k`` epochs: wall µs, timing-thread CPU µs and minor page faults, per epoch."""
    epoch = loop.epoch
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    c0 = time.thread_time_ns()
    t0 = time.perf_counter_ns()
    for _ in range(k):
        epoch()
    wall = time.perf_counter_ns() - t0
    cpu = time.thread_time_ns() - c0
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
    return wall / k / 1e3, cpu / k / 1e3, faults / k


def _set_threads(name: str, threads: int) -> None:
    if "torch" in by_name(name).requires:
        import torch

        torch.set_num_threads(threads)


class LocalRunner:
    """Runs one contender's loop in this process."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.loop: Loop | None = None

    def build(self, n: int, dtype: str, threads: int, check_epochs: int) -> tuple[float, float]:
        """Build the loop for a cell and train ``check_epochs`` epochs; return (W, b)."""
        self.loop = None
        _set_threads(self.name, threads)
        self.loop = by_name(self.name).build(make_problem(n, dtype))
        for _ in range(check_epochs):
            self.loop.epoch()
        return self.loop.params()

    def warm(self, seconds: float) -> float:
        """Warm up; return the fastest epoch seen (s)."""
        assert self.loop is not None
        return _warm_up(self.loop, seconds)

    def sample(self, k: int) -> tuple[float, float, float]:
        """Time ``k`` epochs: (wall µs, CPU µs, page faults) per epoch."""
        assert self.loop is not None
        return _sample(self.loop, k)

    def drop(self) -> None:
        """Free the cell's loop."""
        self.loop = None

    def close(self) -> None:
        """Nothing to stop."""
        self.loop = None


class WorkerError(RuntimeError):
    """A worker process reported an exception or died."""


class ProcessRunner:
    """Runs one contender's loop in a worker process (``python -m benchmarks.runner``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        root = Path(__file__).resolve().parent.parent
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "benchmarks.runner", name],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _call(self, **msg: Any) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(json.dumps(msg) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerError(f"{self.name} worker died: {exc}") from exc
        if not line:
            raise WorkerError(f"{self.name} worker exited (status {self.proc.poll()})")
        reply = json.loads(line)
        if "error" in reply:
            raise WorkerError(reply["error"])
        return reply["result"]

    def build(self, n: int, dtype: str, threads: int, check_epochs: int) -> tuple[float, float]:
        """See :meth:`LocalRunner.build`."""
        w, b = self._call(cmd="build", n=n, dtype=dtype, threads=threads, epochs=check_epochs)
        return w, b

    def warm(self, seconds: float) -> float:
        """See :meth:`LocalRunner.warm`."""
        return self._call(cmd="warm", seconds=seconds)

    def sample(self, k: int) -> tuple[float, float, float]:
        """See :meth:`LocalRunner.sample`."""
        wall, cpu, faults = self._call(cmd="sample", k=k)
        return wall, cpu, faults

    def drop(self) -> None:
        """See :meth:`LocalRunner.drop`."""
        self._call(cmd="drop")

    def close(self) -> None:
        """Stop the worker."""
        if self.proc.poll() is None:
            with contextlib.suppress(WorkerError):
                self._call(cmd="exit")
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def worker(name: str) -> int:
    """The worker's loop: one JSON command per stdin line, one JSON reply per stdout line."""
    runner = LocalRunner(name)
    out = sys.stdout
    for line in sys.stdin:
        msg = json.loads(line)
        cmd = msg.pop("cmd")
        try:
            if cmd == "exit":
                out.write(json.dumps({"result": None}) + "\n")
                out.flush()
                return 0
            if cmd == "build":
                result: Any = runner.build(msg["n"], msg["dtype"], msg["threads"], msg["epochs"])
            elif cmd == "warm":
                result = runner.warm(msg["seconds"])
            elif cmd == "sample":
                result = runner.sample(msg["k"])
            elif cmd == "drop":
                result = runner.drop()
            else:
                raise ValueError(f"unknown command {cmd!r}")
            reply = {"result": result}
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(worker(sys.argv[1]))
