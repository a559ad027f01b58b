"""Machine instructions per epoch of the seeds' loop at N=3: ``python -m benchmarks.instructions``.

Wall-clock time at N=3 moves by 10-50% from one process to the next on a shared VM; the
number of instructions the CPU executes does not. Each count runs the loop in a child process
under valgrind's callgrind (about 50x slower than native: ~2 minutes in all), twice: 20
warm-up epochs then ``--epochs`` more, and 20 warm-up epochs alone; the difference divided
by ``--epochs`` is one epoch's instructions, exact to a few dozen when the children run with
numpy's BLAS on one thread, a fixed hash seed and, where ``setarch -R`` is allowed, no
address-space randomisation (all three set here).

Each engine is counted in three phases: the forward pass (building the cost, which also frees
the previous epoch's graph), forward + ``zero_grad`` + backward, and the whole epoch (with
the optimizer's step); the report gives each phase's share. Engines: ``minigrad`` under a
kernel set (``exact``, the default, and ``fast``; numba's compilation under valgrind would
take the better part of an hour) and ``minimal``, the bare autograd of
:mod:`benchmarks.minimal_engine`: the cost of recording a graph in Python before torch's
semantics. Needs valgrind (``apt install valgrind``); without it, says so and exits 2.

Examples::

    python -m benchmarks.instructions
    python -m benchmarks.instructions --kernels exact,fast --epochs 2000
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from benchmarks.contenders import make_problem

PHASES = ("forward", "backward", "epoch")
WARM_UP = 20
_COLLECTED = re.compile(r"Collected : (\d+)")


def _phases(engine: str, kernels: str) -> tuple[Any, ...]:
    """(forward, forward + backward, epoch, params) of ``engine``'s loop at N=3 float32."""
    p = make_problem(3, "float32")
    if engine == "minimal":
        from benchmarks.minimal_engine import build_loop

        return build_loop(p.x, p.y, p.lr)
    import minigrad as mg

    mg.set_kernels(kernels)
    x, y = mg.tensor(p.x), mg.tensor(p.y)
    W = mg.tensor([p.w0], dtype=mg.float32, requires_grad=True)
    b = mg.tensor([p.b0], dtype=mg.float32, requires_grad=True)
    optimizer = mg.optim.SGD([W, b], lr=p.lr)

    def forward() -> Any:
        return mg.mean((x * W + b - y) ** 2)

    def forward_backward() -> None:
        cost = forward()
        optimizer.zero_grad()
        cost.backward()

    def epoch() -> None:
        forward_backward()
        optimizer.step()

    return forward, forward_backward, epoch, lambda: (W.item(), b.item())


def child(engine: str, kernels: str, phase: str, epochs: int) -> None:
    """Run ``epochs`` repetitions of ``phase`` after the warm-up (what valgrind counts)."""
    forward, forward_backward, epoch, _ = _phases(engine, kernels)
    for _ in range(WARM_UP):
        epoch()
    run = {"forward": forward, "backward": forward_backward, "epoch": epoch}[phase]
    for _ in range(epochs):
        run()


def count(engine: str, kernels: str, phase: str, epochs: int) -> int:
    """Instructions executed by a child running ``phase`` ``epochs`` times (with warm-up)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", PYTHONHASHSEED="0")
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, "-m", "benchmarks.instructions",
        "--child", engine, kernels, phase, str(epochs),
    ]
    if _setarch_works():
        command = ["setarch", "-R", *command]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def _setarch_works() -> bool:
    if shutil.which("setarch") is None:
        return False
    return subprocess.run(["setarch", "-R", "true"], capture_output=True).returncode == 0


def measure(engines: list[tuple[str, str]], epochs: int, jobs: int) -> dict[str, dict[str, float]]:
    """Per engine label, instructions per repetition of each phase."""
    tasks = []
    for e, k in engines:  # the warm-up alone, then each phase
        tasks += [(e, k, "epoch", 0)] + [(e, k, ph, epochs) for ph in PHASES]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        counts = dict(zip(tasks, pool.map(lambda t: count(*t), tasks)))
    out: dict[str, dict[str, float]] = {}
    for e, k in engines:
        base = counts[(e, k, "epoch", 0)]
        label = e if e == "minimal" else f"minigrad ({k})"
        out[label] = {ph: (counts[(e, k, ph, epochs)] - base) / epochs for ph in PHASES}
    return out


def report(results: dict[str, dict[str, float]]) -> str:
    """The table: per engine, instructions per epoch and per phase."""
    lines = [
        "N=3 float32, machine instructions per epoch (valgrind callgrind)",
        f"{'engine':18s} {'forward':>10s} {'backward':>10s} {'step':>10s} {'epoch':>10s}",
    ]
    for label, r in results.items():
        forward, backward = r["forward"], r["backward"] - r["forward"]
        step = r["epoch"] - r["backward"]
        lines.append(
            f"{label:18s} {forward:10,.0f} {backward:10,.0f} {step:10,.0f} {r['epoch']:10,.0f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, count, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kernels", default="exact,fast", help="minigrad kernel sets")
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-minimal", action="store_true", help="skip the minimal engine")
    parser.add_argument("--child", nargs=4, metavar=("ENGINE", "KERNELS", "PHASE", "EPOCHS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        engine, kernels, phase, epochs = args.child
        child(engine, kernels, phase, int(epochs))
        return 0
    if shutil.which("valgrind") is None:
        print("benchmarks.instructions needs valgrind (apt install valgrind); not found")
        return 2
    kernel_sets = [k for k in args.kernels.split(",") if k]
    if "numba" in kernel_sets:
        parser.error("numba's compilation under valgrind takes too long: use exact or fast")
    engines = [("minigrad", k) for k in kernel_sets]
    if not args.no_minimal:
        engines.append(("minimal", "-"))
    print(report(measure(engines, args.epochs, args.jobs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
