"""Agreement check and interleaved per-epoch timing.

Before any timing, every contender trains ``CHECK_EPOCHS`` epochs from the same start and must
reach the parameters of the float64 numpy-by-hand loop within the tolerance of its dtype
(float32 loops accumulate float32 rounding, and reductions differ in summation order between
libraries; float64 loops agree to ~1e-12). Timing then warms each loop up, calibrates how many
epochs one sample runs, and takes ``repeats`` rounds in which every contender is sampled once,
in an order that rotates each round, so slow drifts of the machine's load hit all contenders
alike. Ratios are computed per round (contender / reference in the same round) and their median
is reported.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from benchmarks.contenders import Loop

CHECK_EPOCHS = 5
TOLERANCES: dict[str, dict[str, float]] = {
    "float64": {"rtol": 1e-9, "atol": 1e-12},
    "float32": {"rtol": 1e-4, "atol": 1e-6},
}
"""Per dtype at N <= 10^4: |p - p_ref| <= atol + rtol * |p_ref| for W and b, where p_ref is
the float64 numpy-by-hand loop's. Above 10^4, rtol grows like sqrt(N / 10^4): a length-N
reduction accumulated in the dtype (torch's addmm backward for nn.Linear's weight is a float32
dot product) has a rounding error that grows like sqrt(N) * eps; at N=10^6 float32 it is
~1.3e-4 relative after 5 epochs. A wrong gradient is off by O(1), far outside either bound."""


def tolerance(dtype: str, n: int) -> dict[str, float]:
    """The agreement tolerance for ``dtype`` at size ``n`` (see ``TOLERANCES``)."""
    tol = TOLERANCES[dtype]
    return {"rtol": tol["rtol"] * max(1.0, math.sqrt(n / 1e4)), "atol": tol["atol"]}


class DisagreementError(RuntimeError):
    """Raised when a contender does not reach the reference parameters."""


def check_agreement(
    params: Mapping[str, tuple[float, float]],
    reference: tuple[float, float],
    dtype: str,
    n: int,
) -> list[dict]:
    """Compare each contender's (W, b) with the reference; raise naming every one that differs.

    Returns one record per contender (values, absolute errors, ok) when all agree.
    """
    tol = tolerance(dtype, n)
    records, bad = [], []
    for name, (w, b) in params.items():
        errs = [abs(v - r) for v, r in zip((w, b), reference)]
        ok = all(
            math.isfinite(v) and e <= tol["atol"] + tol["rtol"] * abs(r)
            for v, e, r in zip((w, b), errs, reference)
        )
        rec = {
            "contender": name,
            "dtype": dtype,
            "n": n,
            "W": w,
            "b": b,
            "ref_W": reference[0],
            "ref_b": reference[1],
            "abs_err_W": errs[0],
            "abs_err_b": errs[1],
            "ok": ok,
            "rtol": tol["rtol"],
            "atol": tol["atol"],
        }
        records.append(rec)
        if not ok:
            bad.append(rec)
    if bad:
        lines = [
            f"  {r['contender']}: W={r['W']!r} b={r['b']!r} "
            f"(reference W={r['ref_W']!r} b={r['ref_b']!r}; |dW|={r['abs_err_W']:.3g} "
            f"|db|={r['abs_err_b']:.3g})"
            for r in bad
        ]
        raise DisagreementError(
            f"contenders disagree after {CHECK_EPOCHS} epochs at N={n} {dtype} "
            f"(tolerance rtol={tol['rtol']:.3g}, atol={tol['atol']} vs float64 numpy-by-hand):\n"
            + "\n".join(lines)
        )
    return records


def run_epochs(loop: Loop, epochs: int) -> tuple[float, float]:
    """Train ``epochs`` epochs and return (W, b)."""
    for _ in range(epochs):
        loop.epoch()
    return loop.params()


@dataclass(frozen=True)
class TimingSettings:
    """How long and how often to sample."""

    repeats: int = 7
    min_sample_s: float = 0.025
    min_epochs: int = 3
    warmup_s: float = 0.05


class Runner(Protocol):
    """Something that runs one contender's built loop (see :mod:`benchmarks.runner`)."""

    def warm(self, seconds: float) -> float: ...

    def sample(self, k: int) -> tuple[float, float, float]: ...


def time_interleaved(
    runners: Mapping[str, Runner],
    settings: TimingSettings,
    on_sample: Callable[[str], None] = lambda name: None,
) -> dict[str, dict]:
    """Time each built loop's epoch; contenders interleaved within each repeat.

    Returns per contender: samples (µs per epoch, one per repeat), epochs per sample, median,
    min and max (µs); the median CPU time of the timing thread (µs per epoch: unlike the wall
    clock it does not count time the process waited for a core, but it does not count torch's
    worker threads either); minor page faults per epoch (fresh memory the allocator had to get
    from the OS: at N=10^6 a new 4 MB temporary costs ~1000 faults).
    """
    names = list(runners)
    per_sample = {}
    for name in names:
        best = runners[name].warm(settings.warmup_s)
        per_sample[name] = max(settings.min_epochs, math.ceil(settings.min_sample_s / best))
    samples: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    faults: dict[str, list[float]] = {name: [] for name in names}
    for r in range(settings.repeats):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            wall_us, cpu_us, flt = runners[name].sample(per_sample[name])
            samples[name].append(wall_us)
            cpu[name].append(cpu_us)
            faults[name].append(flt)
            on_sample(name)
    return {
        name: {
            "samples_us": samples[name],
            "epochs_per_sample": per_sample[name],
            "median_us": statistics.median(samples[name]),
            "min_us": min(samples[name]),
            "max_us": max(samples[name]),
            "cpu_median_us": statistics.median(cpu[name]),
            "page_faults_per_epoch": statistics.median(faults[name]),
        }
        for name in names
    }


def paired_ratio(a: list[float], b: list[float]) -> float:
    """Median over repeats of a[r] / b[r]: both measured in the same round."""
    return statistics.median(x / y for x, y in zip(a, b))
