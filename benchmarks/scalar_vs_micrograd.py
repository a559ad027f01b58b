"""Time minigrad.scalar.Value against micrograd's Value (an optional contender).

Two measurements, each as a median over interleaved repeats (the contenders alternate
inside every repeat, so machine noise hits both alike):

* ``Value + Value``: the cost of one graph-building operation;
* the N=3 loop: one epoch of seed 000's tutorial loop (x = y = [1, 2, 3], W = b = 0,
  cost = mean of squared errors, backward, SGD step with lr 0.01) with Python floats.

Both engines run the *same* loop code; before timing, the script checks that they reach
the same parameters. Run: ``python benchmarks/scalar_vs_micrograd.py [--repeats 15]``.
micrograd is skipped when it is not installed (``pip install micrograd``).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time

from minigrad.scalar import Value as MinigradValue

try:
    from micrograd.engine import Value as MicrogradValue
except ImportError:  # micrograd is an optional contender
    MicrogradValue = None


def add_seconds(value_cls: type, n: int) -> float:
    """Seconds per ``a + b`` (both Values), averaged over ``n`` additions."""
    a, b = value_cls(1.5), value_cls(2.5)
    start = time.perf_counter()
    for _ in range(n):
        a + b
    return (time.perf_counter() - start) / n


def train(value_cls: type, epochs: int) -> tuple[float, float]:
    """Seed 000's loop with scalars; returns (W, b) after ``epochs`` epochs."""
    Value = value_cls
    xs = [Value(1.0), Value(2.0), Value(3.0)]
    ys = [Value(1.0), Value(2.0), Value(3.0)]
    W, b = Value(0.0), Value(0.0)
    lr = 0.01
    for _ in range(epochs):
        cost = sum((x * W + b - y) ** 2 for x, y in zip(xs, ys)) / 3
        W.grad = 0
        b.grad = 0
        cost.backward()
        W.data += -lr * W.grad
        b.data += -lr * b.grad
    return W.data, b.data


def loop_seconds(value_cls: type, epochs: int) -> float:
    """Seconds per epoch of the N=3 loop."""
    start = time.perf_counter()
    train(value_cls, epochs)
    return (time.perf_counter() - start) / epochs


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a JSON summary (µs per op / per epoch, and ratios)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--adds", type=int, default=100_000, help="additions per repeat")
    parser.add_argument("--epochs", type=int, default=2_000, help="loop epochs per repeat")
    args = parser.parse_args(argv)

    contenders = {"minigrad.scalar": MinigradValue}
    if MicrogradValue is None:
        print("micrograd is not installed: timing minigrad.scalar alone", file=sys.stderr)
    else:
        contenders["micrograd"] = MicrogradValue
        mine, theirs = train(MinigradValue, 101), train(MicrogradValue, 101)
        if not all(math.isclose(p, q, rel_tol=1e-12) for p, q in zip(mine, theirs)):
            raise SystemExit(f"the engines disagree after 101 epochs: {mine} vs {theirs}")

    times: dict[str, dict[str, list[float]]] = {k: {"add": [], "loop": []} for k in contenders}
    for Value in contenders.values():  # warm-up
        add_seconds(Value, args.adds // 10)
        loop_seconds(Value, args.epochs // 10)
    for _ in range(args.repeats):
        for name, Value in contenders.items():
            times[name]["add"].append(add_seconds(Value, args.adds))
            times[name]["loop"].append(loop_seconds(Value, args.epochs))

    result: dict = {"repeats": args.repeats, "python": sys.version.split()[0], "us": {}}
    for name in contenders:
        result["us"][name] = {
            "add": statistics.median(times[name]["add"]) * 1e6,
            "loop_epoch": statistics.median(times[name]["loop"]) * 1e6,
        }
    if "micrograd" in contenders:
        us = result["us"]
        result["speedup_vs_micrograd"] = {
            key: us["micrograd"][key] / us["minigrad.scalar"][key] for key in ("add", "loop_epoch")
        }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
