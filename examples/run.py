"""Run a tutorial script with real torch or with minigrad standing in for it.

    python examples/run.py [--engine minigrad|torch] SCRIPT.py [SCRIPT.py ...]

With ``--engine minigrad`` (the default), ``import torch`` inside the script imports
minigrad: the script runs unchanged. torch is then never imported.
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys


def use_minigrad_as_torch() -> None:
    """Make ``import torch`` (and its submodules the tutorials use) resolve to minigrad."""
    import minigrad
    import minigrad.nn.functional
    import minigrad.nn.init
    import minigrad.utils.data

    sys.modules.update(
        {
            "torch": minigrad,
            "torch.nn": minigrad.nn,
            "torch.nn.functional": minigrad.nn.functional,
            "torch.nn.init": minigrad.nn.init,
            "torch.optim": minigrad.optim,
            "torch.utils": minigrad.utils,
            "torch.utils.data": minigrad.utils.data,
        }
    )


def use_torch() -> None:
    """Import real torch with the settings the parity checks use (no FMA kernels, MKL's
    CPU-independent path, 1 thread)."""
    os.environ.setdefault("ATEN_CPU_CAPABILITY", "default")
    os.environ.setdefault("MKL_CBWR", "COMPATIBLE")
    import torch

    torch.set_num_threads(1)


def main(argv: list[str] | None = None) -> int:
    """Run each script in turn, printing a header line before each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["minigrad", "torch"], default="minigrad")
    parser.add_argument("--quiet-headers", action="store_true")
    parser.add_argument("scripts", nargs="+")
    args = parser.parse_args(argv)
    (use_minigrad_as_torch if args.engine == "minigrad" else use_torch)()
    me = os.path.realpath(__file__)
    for script in args.scripts:
        if os.path.realpath(script) == me:  # `run.py examples/*.py` names this file too
            print(f"(skipping {script}: the runner itself)", file=sys.stderr)
            continue
        if not args.quiet_headers:
            print(f"=== {os.path.basename(script)} ({args.engine})", flush=True)
        runpy.run_path(script, run_name="__main__")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
