"""``python -m benchmarks``: time and measure the contenders, write benchmarks/results/.

Full run (``make bench``): N in {3, 100, 10^4, 10^6} (``--big`` adds 10^7), float32 and
float64, torch at its default thread count and at 1 thread, peak memory at the largest N.
``--quick`` (``make bench-quick``, and tests/test_benchmarks.py): tiny sizes and repeats,
written to ``results/quick.*`` so the committed ``latest.*`` stay the full run's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import importlib.metadata
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.contenders import (
    CONTENDERS,
    LR,
    NUMPY_REF,
    TORCH_REF,
    Contender,
    build_numpy_hand,
    make_problem,
)
from benchmarks.memory import MALLOC_ENV, measure_in_subprocess
from benchmarks.runner import FRESH_WORKER_N, LocalRunner, ProcessRunner, WorkerError
from benchmarks.timing import (
    CHECK_EPOCHS,
    TOLERANCES,
    DisagreementError,
    TimingSettings,
    check_agreement,
    paired_ratio,
    run_epochs,
    time_interleaved,
)

RESULTS = Path(__file__).resolve().parent / "results"
FULL_SIZES = [3, 100, 10_000, 1_000_000]
BIG_SIZE = 10_000_000
QUICK_SIZES = [3, 1000]
QUICK_MEMORY = ("numpy-hand", "minigrad-manual", "torch-manual")
MEMORY_EPOCHS = 8


class Progress:
    """A one-line progress bar on stderr (a line per 10% when stderr is not a terminal)."""

    def __init__(self, total: int, stream=sys.stderr) -> None:
        self.total, self.done, self.stream = max(total, 1), 0, stream
        self.tty = stream.isatty()
        self.start = time.perf_counter()
        self._last_decile = -1

    def step(self, label: str, count: int = 1) -> None:
        """Advance by ``count`` and show ``label``."""
        self.done = min(self.total, self.done + count)
        frac = self.done / self.total
        elapsed = time.perf_counter() - self.start
        if self.tty:
            bar = "#" * int(30 * frac) + "." * (30 - int(30 * frac))
            self.stream.write(f"\r[{bar}] {frac:4.0%} {elapsed:5.0f}s  {label[:60]:<60}")
            self.stream.flush()
        elif int(frac * 10) > self._last_decile:
            self._last_decile = int(frac * 10)
            self.stream.write(f"[{frac:4.0%}] {elapsed:.0f}s {label}\n")

    def close(self) -> None:
        """End the bar's line."""
        if self.tty:
            self.stream.write("\n")
        self.stream.flush()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="tiny sizes and repeats (a smoke run)")
    p.add_argument("--big", action="store_true", help=f"also N={BIG_SIZE:.0e}")
    p.add_argument("--sizes", help="comma-separated N list (overrides the defaults)")
    p.add_argument("--dtypes", default="float32,float64")
    p.add_argument(
        "--threads", default="default,1", help="torch thread counts to run, e.g. 'default,1' or '1'"
    )
    p.add_argument(
        "--contenders",
        default="*",
        help="comma-separated names or globs, e.g. 'numpy-*,minigrad-manual'",
    )
    p.add_argument("--repeats", type=int, help="interleaved repeats per cell")
    p.add_argument("--no-memory", action="store_true", help="skip the memory subprocesses")
    p.add_argument("--memory-n", type=int, help="N for the memory runs (default: largest N)")
    p.add_argument("--no-plot", action="store_true")
    p.add_argument(
        "--in-process",
        action="store_true",
        help="time every contender in this process (default: a worker process each)",
    )
    p.add_argument("--out", type=Path, help="output directory (default benchmarks/results)")
    p.add_argument("--name", help="file stem (default 'latest', or 'quick' with --quick)")
    p.add_argument(
        "--render",
        type=Path,
        metavar="JSON",
        help="measure nothing: re-derive targets, table, .md and .png from a run's JSON",
    )
    return p.parse_args(argv)


def _select(pattern: str) -> list[Contender]:
    pats = [s.strip() for s in pattern.split(",") if s.strip()]
    chosen = [c for c in CONTENDERS if any(fnmatch.fnmatch(c.name, p) for p in pats)]
    if not chosen:
        raise SystemExit(f"no contender matches {pattern!r}")
    return chosen


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args],
            cwd=RESULTS.parent.parent,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info() -> dict:
    """CPU, core count, memory, OS."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = None
    try:
        with open("/proc/meminfo") as fh:
            mem = int(next(line.split()[1] for line in fh if line.startswith("MemTotal"))) * 1024
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_bytes": mem,
        "platform": platform.platform(),
        "machine": platform.machine(),
    }


def versions() -> dict:
    """Python and library versions (None for a library that is not installed)."""
    import numpy as np

    out = {"python": platform.python_version(), "numpy": np.__version__}
    for dist in (
        "torch", "minigrad", "matplotlib", "micrograd", "mygrad", "numba", "jax", "jaxlib",
        "tinygrad", "ziglang",
    ):
        out[dist] = _version(dist)
    commit = _git("rev-parse", "HEAD")
    out["git_commit"] = commit
    out["git_dirty"] = bool(_git("status", "--porcelain", "--", "minigrad", "benchmarks"))
    return out


def thread_info(torch_default: int | None, configs: list[int]) -> dict:
    """Thread counts: torch's default and the configurations run; numpy's BLAS."""
    import numpy as np

    blas = None
    try:
        cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{cfg.get('name')} {cfg.get('version')}"
    except Exception:  # noqa: BLE001 - informational only
        pass
    info = {
        "torch_default": torch_default,
        "configs": configs,
        "numpy_blas": blas,
        "numpy_note": "numpy's elementwise ops and reductions are single-threaded; only BLAS "
        "calls (matmul) may use threads, and they are not changed between configurations",
        "env": {
            k: os.environ.get(k)
            for k in (
                "OMP_NUM_THREADS",
                "MKL_NUM_THREADS",
                "OPENBLAS_NUM_THREADS",
                "ATEN_CPU_CAPABILITY",
            )
        },
    }
    if torch_default is not None:
        import torch

        info["torch_interop"] = torch.get_num_interop_threads()
        info["torch_cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    return info


def _targets(run: dict) -> list[dict]:
    """Issue 10's targets, from the float32 cells with torch on one thread (if run)."""
    timings = {(t["contender"], t["n"], t["dtype"], t["threads"]): t for t in run["timings"]}
    configs = run["threads"]["configs"]
    threads = 1 if 1 in configs else configs[0]
    largest = max(run["settings"]["sizes"])
    out = []

    def ratio(name: str, n: int, key: str, limit: float, tid: str) -> None:
        t = timings.get((name, n, "float32", threads))
        value = None if t is None else t[key]
        out.append(
            {
                "id": tid,
                "limit": limit,
                "value": value,
                "reached": None if value is None else value <= limit,
                "measured": "-" if value is None else f"{value:.2f}x",
            }
        )

    ratio("minigrad-manual", 3, "ratio_torch", 0.30, "exact_n3_vs_torch")
    ratio("minigrad-manual", 10_000, "ratio_torch", 0.80, "exact_n1e4_vs_torch")
    ratio("minigrad-manual", 1_000_000, "ratio_numpy", 1.5, "exact_n1e6_vs_numpy")
    ratio("minigrad-manual-numba", 10_000, "ratio_torch", 0.45, "numba_n1e4_vs_torch")
    ratio("minigrad-manual-numba", 1_000_000, "ratio_numpy", 1.1, "numba_n1e6_vs_numpy")
    mem = next(
        (
            m
            for m in run.get("memory", [])
            if m["contender"] == "minigrad-manual"
            and m["dtype"] == "float32"
            and m["n"] == 1_000_000
            and "error" not in m
        ),
        None,
    )
    out.append(
        {
            "id": "memory_vectors",
            "limit": 4,
            "value": mem and mem["peak_vectors"],
            # + 1% of a vector: the loop's small Python objects (nodes, tensors) are traced too
            "reached": None if mem is None else mem["peak_vectors"] <= 4.01,
            "measured": "-" if mem is None else f"{mem['peak_vectors']:.2f} vectors",
        }
    )
    out.append(
        {
            "id": "memory_growth",
            "limit": 0,
            "value": mem and mem["growth_bytes_per_epoch"],
            "reached": None if mem is None or mem["grows"] is None else not mem["grows"],
            "measured": "-" if mem is None else f"{mem['growth_bytes_per_epoch']:,.0f} B/epoch",
        }
    )
    for t in out:
        if t["value"] is None:
            t["note"] = "not in this run (size or contender not run)"
        elif largest < 1_000_000 and t["id"].startswith("memory"):
            t["note"] = "N=10^6 not in this run"
    return out


def run_memory(names: list[str], n: int, dtypes: list[str], progress: Progress) -> list[dict]:
    """One subprocess per (contender, dtype) at size ``n``."""
    results = []
    for dtype in dtypes:
        for name in names:
            progress.step(f"memory {name} N={report.fmt_n(n)} {dtype}")
            results.append(measure_in_subprocess(name, n, dtype, MEMORY_EPOCHS))
    return results


def render(path: Path, no_plot: bool = False) -> int:
    """Rewrite the targets, the .md and the .png of a saved run; print its tables."""
    import json

    run = json.loads(path.read_text())
    run["targets"] = _targets(run)
    report.write_json(run, path)
    path.with_suffix(".md").write_text(report.markdown(run))
    if not no_plot:
        report.plot(run, path.with_suffix(".png"))
    sys.stdout.write(report.text_tables(run))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return the exit status (2 when contenders disagree)."""
    args = parse_args(argv)
    if args.render:
        return render(args.render, no_plot=args.no_plot)
    quick = args.quick
    if args.sizes:
        sizes = sorted({int(float(s)) for s in args.sizes.split(",")})
    else:
        sizes = list(QUICK_SIZES if quick else FULL_SIZES) + ([BIG_SIZE] if args.big else [])
    dtypes = [d.strip() for d in args.dtypes.split(",") if d.strip()]
    for d in dtypes:
        if d not in TOLERANCES:
            raise SystemExit(f"unknown dtype {d!r} (float32 or float64)")
    settings = (
        TimingSettings(repeats=3, min_sample_s=0.002, min_epochs=1, warmup_s=0.002)
        if quick
        else TimingSettings()
    )
    if args.repeats:
        settings = TimingSettings(
            args.repeats, settings.min_sample_s, settings.min_epochs, settings.warmup_s
        )
    out_dir = args.out or RESULTS
    stem = args.name or ("quick" if quick else "latest")
    load_start = os.getloadavg()

    contenders, records = [], []
    for c in _select(args.contenders):
        reason = c.unavailable_reason()
        records.append(
            {
                "name": c.name,
                "label": c.label,
                "family": c.family,
                "available": reason is None,
                "skip_reason": reason,
                "max_n": c.max_n,
                "memory_method": c.memory_method,
                "note": c.note,
                "info_only": c.info_only,
            }
        )
        if reason is None:
            contenders.append(c)
        else:
            print(f"skipping {c.name}: {reason}", file=sys.stderr)
    torch_default = None
    if any("torch" in c.requires for c in contenders):
        import torch

        torch_default = torch.get_num_threads()
    wanted = [s.strip() for s in args.threads.split(",") if s.strip()]
    configs: list[int] = []
    for w in wanted:
        t = (torch_default or 1) if w == "default" else int(w)
        if t not in configs:
            configs.append(t)

    memory_n = args.memory_n or (10_000 if quick else max(sizes))
    memory_names = [
        c.name for c in contenders if c.runs_at(memory_n) and (not quick or c.name in QUICK_MEMORY)
    ]
    memory_dtypes = dtypes[:1] if quick else dtypes
    cells = [(d, n, t) for d in dtypes for n in sizes for t in configs]
    per_cell = {n: sum(c.runs_at(n) for c in contenders) for n in sizes}
    total = (0 if args.no_memory else len(memory_names) * len(memory_dtypes)) + sum(
        per_cell[n] * (settings.repeats + 1) for _, n, _ in cells
    )
    progress = Progress(total)

    memory = [] if args.no_memory else run_memory(memory_names, memory_n, memory_dtypes, progress)

    timings, agreement, errors = [], [], []
    make_runner = LocalRunner if args.in_process else ProcessRunner
    runners: dict[str, Any] = {}

    def fresh_runners() -> None:
        for r in runners.values():
            r.close()
        runners.clear()
        for c in contenders:
            runners[c.name] = make_runner(c.name)

    try:
        for i, (dtype, n, threads) in enumerate(cells):
            if i == 0 or (not args.in_process and n >= FRESH_WORKER_N):
                fresh_runners()
            if torch_default is not None:
                import torch

                torch.set_num_threads(threads)
            # the reference: numpy by hand in float64 on the same draws
            reference = run_epochs(build_numpy_hand(make_problem(n, "float64")), CHECK_EPOCHS)
            built, params = {}, {}
            for c in contenders:
                if not c.runs_at(n):
                    continue
                progress.step(f"{dtype} N={report.fmt_n(n)} threads={threads} check {c.name}")
                try:
                    params[c.name] = runners[c.name].build(n, dtype, threads, CHECK_EPOCHS)
                except Exception as exc:  # noqa: BLE001 - a broken contender is reported
                    msg = f"{type(exc).__name__}: {exc}"
                    errors.append(
                        {
                            "contender": c.name,
                            "n": n,
                            "dtype": dtype,
                            "threads": threads,
                            "error": msg,
                        }
                    )
                    print(f"\n{c.name} failed at N={n} {dtype}: {msg}", file=sys.stderr)
                    if isinstance(exc, WorkerError) and runners[c.name].proc.poll() is not None:
                        runners[c.name] = make_runner(c.name)  # a dead worker: start another
                    continue
                built[c.name] = runners[c.name]
            agreement += [
                dict(r, threads=threads) for r in check_agreement(params, reference, dtype, n)
            ]

            def on_sample(name: str, _d=dtype, _n=n, _t=threads) -> None:
                progress.step(f"{_d} N={report.fmt_n(_n)} threads={_t} {name}")

            cell = time_interleaved(built, settings, on_sample)
            for r in built.values():
                r.drop()
            for name, t in cell.items():
                np_s = cell.get(NUMPY_REF, {}).get("samples_us")
                th_s = cell.get(TORCH_REF, {}).get("samples_us")
                t.update(
                    contender=name,
                    n=n,
                    dtype=dtype,
                    threads=threads,
                    ratio_numpy=paired_ratio(t["samples_us"], np_s) if np_s else None,
                    ratio_torch=paired_ratio(t["samples_us"], th_s) if th_s else None,
                )
                timings.append(t)
    except DisagreementError as exc:
        progress.close()
        print(f"STOP: {exc}", file=sys.stderr)
        return 2
    finally:
        for r in runners.values():
            r.close()
    progress.close()

    run = {
        "schema": 1,
        "date_utc": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(
            ["python -m benchmarks", shlex.join(argv if argv is not None else sys.argv[1:])]
        ).strip(),
        "quick": quick,
        "machine": machine_info(),
        "versions": versions(),
        "threads": thread_info(torch_default, configs),
        "load_average": {"start": list(load_start), "end": list(os.getloadavg())},
        "settings": {
            "sizes": sizes,
            "dtypes": dtypes,
            "repeats": settings.repeats,
            "min_sample_s": settings.min_sample_s,
            "min_epochs_per_sample": settings.min_epochs,
            "warmup_s": settings.warmup_s,
            "lr": LR,
            "check_epochs": CHECK_EPOCHS,
            "tolerances": TOLERANCES,
            "data": "x ~ U[0,1) (N,1), y = 2x + 1 + 0.1 N(0,1), seed 0,"
            " drawn in float64 then cast; W = b = 0 at start",
            "memory_n": None if args.no_memory else memory_n,
            "memory_epochs": MEMORY_EPOCHS,
            "memory_env": MALLOC_ENV,
            "gc": "enabled (as in user code)",
            "timing_processes": "one in-process loop per contender"
            if args.in_process
            else f"a worker process per contender; fresh workers for each cell with N >= "
            f"{FRESH_WORKER_N}",
        },
        "contenders": records,
        "agreement": agreement,
        "errors": errors,
        "timings": timings,
        "memory": memory,
    }
    run["targets"] = _targets(run)
    out_dir.mkdir(parents=True, exist_ok=True)
    report.write_json(run, out_dir / f"{stem}.json")
    (out_dir / f"{stem}.md").write_text(report.markdown(run))
    if not args.no_plot:
        report.plot(run, out_dir / f"{stem}.png")
    sys.stdout.write(report.text_tables(run))
    print(f"\nwrote {out_dir / stem}.json, .md" + ("" if args.no_plot else ", .png"))
    return 1 if errors else 0
