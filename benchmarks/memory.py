"""Peak memory of one contender's loop, measured in a process of its own.

``measure_in_subprocess`` runs ``python -m benchmarks.memory ...`` once per contender, so no
contender sees another's allocations, caches or imports (minigrad's process never imports
torch). In the child:

1. the data are drawn (x, y as numpy arrays) and the loop is built (its own copies of x, y,
   the parameters, the optimizer): this is the *baseline*;
2. the loop runs ``epochs`` epochs from there (no warm-up: the first epoch's allocations, such
   as the gradients, belong to the loop); after each epoch we read the peak since the previous
   reading and the memory still held.

Two meters:

- ``tracemalloc`` (numpy, minigrad, scalar engines, MyGrad): numpy reports its data buffers to
  tracemalloc, so the traced peak minus the baseline is exactly the bytes the loop allocated at
  its worst moment: temporaries, gradients, graph nodes, Python objects.
- ``rss`` (torch: its allocator does not report to tracemalloc): the resident-set high-water
  mark. On Linux we reset it by writing ``5`` to ``/proc/self/clear_refs`` and read ``VmHWM``
  from ``/proc/self/status``, so the peak is the loop's own (``getrusage``'s ``ru_maxrss``
  cannot be reset, includes the import of torch, and a child started by fork/vfork inherits
  its parent's high-water mark; it is only the fallback, marked as such). RSS counts whole
  pages and memory the allocator keeps cached, so it is coarser than tracemalloc; the
  tracemalloc processes record it too, as a cross-check.

Both report "peak above baseline" in bytes and as a count of N-sized vectors of the dtype
(N * itemsize bytes); the inputs x and y (two vectors, plus the caller's numpy copies) are in
the baseline, not in the count. "Growth" is the memory still held after the last epoch minus
after the second, per epoch; a loop that keeps something per epoch grows.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np

from benchmarks.contenders import by_name, make_problem

WARMUP_N = 65536
"""Before measuring, the loop runs 2 epochs at this size (or N if smaller) and is dropped."""

MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": "65536"}
"""glibc: serve every block >= 64 KiB by mmap and unmap it on free. Without it the threshold
adapts upwards after the first large free, freed vectors stay in the heap, and RSS shows the
allocator's cache rather than the loop's live memory."""

GROWTH_THRESHOLD_VECTORS = 0.01
GROWTH_THRESHOLD_BYTES = 16 * 1024


def growth_threshold(vector_bytes: int) -> float:
    """A loop whose held memory rises by more than this per epoch "grows": 1% of an N-vector,
    and at least 16 KiB (small Python objects come and go at any N)."""
    return max(GROWTH_THRESHOLD_VECTORS * vector_bytes, GROWTH_THRESHOLD_BYTES)


def _status_bytes(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _maxrss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


def measure(name: str, n: int, dtype: str, epochs: int, threads: int | None = None) -> dict:
    """Measure one contender's loop in this process (call it in a fresh process)."""
    contender = by_name(name)
    if threads is not None and "torch" in contender.requires:
        import torch

        torch.set_num_threads(threads)
    use_tracemalloc = contender.memory_method == "tracemalloc"
    # page in the library's code and lazily built state on a small copy of the problem first,
    # so the peak below is the loop's data, not first-touch code pages
    warm = contender.build(make_problem(min(n, WARMUP_N), dtype))
    for _ in range(2):
        warm.epoch()
    del warm
    problem = make_problem(n, dtype)
    gc.collect()
    if use_tracemalloc:
        tracemalloc.start()
    before_build = tracemalloc.get_traced_memory()[0] if use_tracemalloc else 0
    loop = contender.build(problem)
    gc.collect()
    base_traced = tracemalloc.get_traced_memory()[0] if use_tracemalloc else 0
    if use_tracemalloc:
        tracemalloc.reset_peak()
    base_rss = _status_bytes("VmRSS")
    hwm_resettable = _reset_hwm() and base_rss is not None
    base_maxrss = _maxrss_bytes()

    # readings go into a preallocated array: appending records would itself allocate
    readings = np.zeros((epochs, 4), dtype=np.int64)  # traced peak, traced held, rss peak, held
    for e in range(epochs):
        loop.epoch()
        if use_tracemalloc:
            readings[e, 1], readings[e, 0] = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
        if hwm_resettable:
            readings[e, 2] = _status_bytes("VmHWM") or 0
            readings[e, 3] = _status_bytes("VmRSS") or 0
            _reset_hwm()
        else:
            readings[e, 2] = _maxrss_bytes()
    if use_tracemalloc:
        tracemalloc.stop()
    readings -= np.array(
        [base_traced, base_traced, base_rss if hwm_resettable else base_maxrss, base_rss or 0]
    )
    per_epoch = [
        {
            "traced_peak": int(r[0]),
            "traced_held": int(r[1]),
            "rss_peak": int(r[2]),
            "rss_held": int(r[3]),
        }
        if use_tracemalloc
        else {"rss_peak": int(r[2]), "rss_held": int(r[3])}
        for r in readings
    ]
    if not hwm_resettable:
        for rec in per_epoch:
            del rec["rss_held"]

    vector = n * np.dtype(dtype).itemsize
    meter = "traced" if use_tracemalloc else "rss"
    peak = max(r[f"{meter}_peak"] for r in per_epoch)
    held_key = f"{meter}_held"
    if held_key in per_epoch[0] and epochs >= 3:
        growth = (per_epoch[-1][held_key] - per_epoch[1][held_key]) / (epochs - 2)
    else:
        growth = None
    result = {
        "contender": name,
        "n": n,
        "dtype": dtype,
        "epochs": epochs,
        "method": (
            "tracemalloc"
            if use_tracemalloc
            else ("rss-hwm (clear_refs + VmHWM)" if hwm_resettable else "ru_maxrss delta")
        ),
        "vector_bytes": vector,
        "setup_bytes": (base_traced - before_build) if use_tracemalloc else None,
        "peak_bytes": peak,
        "peak_vectors": peak / vector,
        "growth_bytes_per_epoch": growth,
        "grows": None if growth is None else growth > growth_threshold(vector),
        "rss_peak_bytes": max(r["rss_peak"] for r in per_epoch),
        "rss_peak_vectors": max(r["rss_peak"] for r in per_epoch) / vector,
        "per_epoch": per_epoch,
        "pid": os.getpid(),
    }
    if "torch" in contender.requires:
        import torch

        result["torch_threads"] = torch.get_num_threads()
    return result


def measure_in_subprocess(
    name: str, n: int, dtype: str, epochs: int, timeout: float = 600.0
) -> dict:
    """Run :func:`measure` in a fresh ``python -m benchmarks.memory`` process."""
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ)
    env.update(MALLOC_ENV)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "benchmarks.memory", name, str(n), dtype, str(epochs)]
    proc = subprocess.run(
        cmd, cwd=root, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"contender": name, "n": n, "dtype": dtype, "error": " | ".join(tail)}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Entry point of the child process: print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contender")
    parser.add_argument("n", type=int)
    parser.add_argument("dtype")
    parser.add_argument("epochs", type=int)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.contender, args.n, args.dtype, args.epochs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
