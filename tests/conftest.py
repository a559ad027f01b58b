"""Test configuration: hypothesis profiles and torch's parity settings.

Profiles (``HYPOTHESIS_PROFILE``): ``dev`` (few examples, fast), ``ci`` (the default:
derandomized so CI is repeatable, no deadline), ``thorough`` (many examples, long runs).

torch is imported by the parity tests with ``ATEN_CPU_CAPABILITY=default`` (plain IEEE
float32 arithmetic, no fused multiply-add; see shared notes), ``MKL_CBWR=COMPATIBLE`` (MKL's
one code path that gives the same bits on every x86 CPU: its default picks AVX-512 FMA
kernels on recent Intel CPUs and others on AMD, and matrix products differ between them)
and one thread.
"""

from __future__ import annotations

import os

os.environ.setdefault("ATEN_CPU_CAPABILITY", "default")
os.environ.setdefault("MKL_CBWR", "COMPATIBLE")
# One BLAS/OpenMP thread per process (set before numpy is imported; subprocesses inherit it):
# the suite runs one pytest-xdist worker per core, and idle BLAS threads spinning beside the
# other worker cost about a fifth of the suite's CPU time.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci",
    max_examples=25,  # the suite within 150 s of CPU on 2 cores; `thorough` runs 2,000
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

try:
    import torch

    torch.set_num_threads(1)
except ImportError:  # pragma: no cover - torch is a test dependency
    torch = None
