"""The command line: ``python -m reference.cli verify | run | list | draw``.

* ``verify`` — every scenario on minigrad, on torch and on the numpy witness; one table row
  per scenario; exit status 1 on any mismatch (2 if an engine could not run at all).
  ``--plot DIR`` writes one PNG per scenario (cost curves, fitted line over the data).
* ``run SCENARIO --engine minigrad|torch|numpy`` — the tutorial-style log of one scenario.
  ``--engine minigrad`` and ``--engine numpy`` never import torch.
* ``list`` — the catalogue.
* ``draw SCENARIO --out FILE`` — minigrad's computation graph of one epoch's cost.

torch is imported only when needed, after ``ATEN_CPU_CAPABILITY=default`` has been put in the
environment (plain IEEE float32 arithmetic: see ``shared/notes/torch-semantics.md``), and is
run on one thread.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from reference import scenarios as S
from reference.golden import golden_log
from reference.trace import EXACT, Comparison, Trace

ENGINES = ("minigrad", "torch", "numpy")


def _prepare_torch_env() -> None:
    """Pin torch's CPU kernels to the default (non-FMA) capability before it is imported."""
    if "torch" in sys.modules:
        if os.environ.get("ATEN_CPU_CAPABILITY") != "default":
            warnings.warn("torch was imported before ATEN_CPU_CAPABILITY=default was set; "
                          "float32 results may differ from the pages by fused multiply-adds",
                          stacklevel=2)
        return
    os.environ["ATEN_CPU_CAPABILITY"] = "default"


def run_engine(engine: str, sc: S.Scenario, echo=None, epochs=None, use_lib_rng=False) -> Trace:
    """One scenario on one engine (``minigrad``, ``torch`` or ``numpy``)."""
    if engine == "numpy":
        from reference.manual import train_numpy

        return train_numpy(sc, epochs=epochs, echo=echo)
    if engine == "torch":
        _prepare_torch_env()
    from reference.loops import load_engine, train

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # float(tensor requiring grad) on page 002
        return train(load_engine(engine), sc, echo=echo, epochs=epochs, use_lib_rng=use_lib_rng)


# ----------------------------------------------------------------------------- verify


@dataclass
class Row:
    """What verify found for one scenario."""

    scenario: S.Scenario
    traces: dict[str, Trace] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    vs_torch: Comparison | None = None
    witness: Comparison | None = None
    golden: str = "-"

    @property
    def ok(self) -> bool:
        if self.errors:
            return False
        if self.vs_torch is not None and not self.vs_torch.ok:
            return False
        if self.witness is not None and not self.witness.ok:
            return False
        return self.golden != "DIFF"

    @property
    def verdict(self) -> str:
        if self.errors:
            return "ERROR"
        if not self.ok:
            return "MISMATCH"
        return self.vs_torch.verdict if self.vs_torch is not None else "ok"


def _short_origin(origin: str) -> str:
    if origin.startswith("companion"):
        return "companion"
    if origin.startswith("lab-"):  # a course chapter: lab-05_logistic_classification.ipynb
        return origin[:6]
    return "seed " + origin[:3]


def verify_one(sc: S.Scenario, engines: tuple[str, ...], exact: bool = False) -> Row:
    """Run ``sc`` on ``engines`` and compare minigrad and the witness against torch
    (within the documented tolerance, or bit for bit with ``exact``)."""
    from reference.manual import supports

    row = Row(sc)
    for engine in engines:
        if engine == "numpy" and not supports(sc):
            continue
        t0 = time.perf_counter()
        try:
            row.traces[engine] = run_engine(engine, sc)
        except Exception as exc:  # an engine failing is a finding, reported in the table
            row.errors[engine] = f"{type(exc).__name__}: {exc}"
        row.seconds[engine] = time.perf_counter() - t0
    from reference.course import compare_scenario

    tol = EXACT if exact else None
    ref = row.traces.get("torch")
    if ref is not None:
        if "minigrad" in row.traces:
            row.vs_torch = compare_scenario(sc, row.traces["minigrad"], ref, tol,
                                            a_name="minigrad")
        if "numpy" in row.traces:
            row.witness = compare_scenario(sc, row.traces["numpy"], ref, a_name="numpy")
    elif "minigrad" in row.traces and "numpy" in row.traces:
        row.vs_torch = compare_scenario(sc, row.traces["minigrad"], row.traces["numpy"], tol,
                                        a_name="minigrad")
    gold = golden_log(sc.name)
    if gold is not None:
        logs = {e: t.log for e, t in row.traces.items()}
        row.golden = "match" if logs and all(v == gold for v in logs.values()) else "DIFF"
        if row.golden == "DIFF":
            row.golden = "DIFF " + ",".join(e for e, v in logs.items() if v != gold)
    return row


def _fmt_num(x: float | None, spec: str = ".2g") -> str:
    return "-" if x is None else format(x, spec)


def format_table(rows: list[Row]) -> str:
    """The verify table: one row per scenario."""
    head = ["scenario", "source", "epochs", "dtype", "max abs", "max rel", "max ulps",
            "first divergence (minigrad vs torch)", "witness", "golden", "verdict"]
    body = []
    for r in rows:
        c = r.vs_torch
        first = "-"
        if r.errors:
            first = "; ".join(f"{e}: {m}" for e, m in r.errors.items())
        elif c is not None and c.first is not None:
            first = str(c.first)
        elif c is not None and c.both_diverged_at is not None:
            first = f"both diverged at {c.both_diverged_at}"
        if len(first) > 60:
            first = first[:57] + "..."
        body.append([
            r.scenario.name, _short_origin(r.scenario.origin), str(r.scenario.n_epochs),
            r.scenario.dtype,
            _fmt_num(c.max_abs if c else None), _fmt_num(c.max_rel if c else None),
            _fmt_num(c.max_ulps if c else None, ".0f"), first,
            r.witness.verdict if r.witness else "-", r.golden, r.verdict,
        ])
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)), line]
    out += ["  ".join(v.ljust(w) for v, w in zip(b, widths, strict=True)) for b in body]
    return "\n".join(out)


def cmd_verify(args: argparse.Namespace) -> int:
    engines = tuple(e for e in ENGINES if e in args.engines.split(","))
    if "torch" in engines:
        _prepare_torch_env()
        try:
            from reference.loops import load_engine

            load_engine("torch")
        except ImportError as exc:
            print(f"verify: torch cannot be imported ({exc}); install the 'torch' extra, or "
                  "run `verify --engines minigrad,numpy` for the torch-free check",
                  file=sys.stderr)
            return 2
    chosen = [S.get(n) for n in args.scenario] if args.scenario else S.SCENARIOS
    rows = []
    t_all = time.perf_counter()
    for i, sc in enumerate(chosen, 1):
        tty = sys.stderr.isatty()
        if tty:
            print(f"[{i:2d}/{len(chosen)}] {sc.name:<18} ...", end="", file=sys.stderr, flush=True)
        row = verify_one(sc, engines, exact=args.exact)
        times = "  ".join(f"{e} {s:.2f}s" for e, s in row.seconds.items())
        cr = "\r" if tty else ""
        print(f"{cr}[{i:2d}/{len(chosen)}] {sc.name:<18} {times}  -> {row.verdict}",
              file=sys.stderr, flush=True)
        rows.append(row)
        if args.plot:
            try:
                path = plot_row(row, Path(args.plot))
            except ImportError as exc:
                print(f"  (no plot: {exc})", file=sys.stderr)
            else:
                if path is not None:
                    print(f"  plot: {path}", file=sys.stderr)
    print(format_table(rows))
    if args.json:
        write_json(rows, Path(args.json), engines)
    n_bad = sum(not r.ok for r in rows)
    exact = sum(r.vs_torch is not None and r.vs_torch.identical for r in rows)
    print(f"\n{len(rows)} scenarios, {len(rows) - n_bad} agree, {exact} bit-identical "
          f"(minigrad vs torch), {n_bad} mismatched; engines: {', '.join(engines)}; "
          f"ATEN_CPU_CAPABILITY={os.environ.get('ATEN_CPU_CAPABILITY', '(unset)')}; "
          f"{time.perf_counter() - t_all:.1f}s")
    if args.verbose or n_bad:
        for r in rows:
            for c in (r.vs_torch, r.witness):
                if c is not None and (args.verbose or not c.ok):
                    print(f"  {r.scenario.name}: {c.describe()}")
            for e, m in r.errors.items():
                print(f"  {r.scenario.name}: {e} failed: {m}")
            if r.golden.startswith("DIFF"):
                print(f"  {r.scenario.name}: log differs from the page's ({r.golden})")
    if rows and all(r.errors for r in rows):
        return 2  # an engine could not run at all (not installed, import error)
    return 1 if n_bad else 0


def write_json(rows: list[Row], path: Path, engines: tuple[str, ...]) -> None:
    """The verify results as JSON (one object per scenario), e.g. for a CI artifact."""
    import json

    def comp(c: Comparison | None):
        if c is None:
            return None
        return {"verdict": c.verdict, "ok": c.ok, "identical": c.identical,
                "max_abs": c.max_abs, "max_rel": c.max_rel, "max_ulps": c.max_ulps,
                "first_divergence": str(c.first) if c.first else None,
                "both_diverged_at": c.both_diverged_at, "tolerance": str(c.tolerance)}

    data = {
        "engines": list(engines),
        "aten_cpu_capability": os.environ.get("ATEN_CPU_CAPABILITY"),
        "scenarios": [
            {"scenario": r.scenario.name, "origin": r.scenario.origin,
             "epochs": r.scenario.n_epochs, "dtype": r.scenario.dtype, "verdict": r.verdict,
             "minigrad_vs_torch": comp(r.vs_torch), "witness_vs_torch": comp(r.witness),
             "golden": r.golden, "errors": r.errors, "seconds": r.seconds}
            for r in rows
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------- plots


def plot_row(row: Row, out_dir: Path) -> Path | None:
    """Write ``out_dir/<scenario>.png``: cost per step of every engine, and the fit."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    if not row.traces or row.scenario.model == "demo":
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    sc = row.scenario
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {"torch": ("-", 3.0, 0.5), "minigrad": ("--", 1.5, 1.0), "numpy": (":", 1.5, 1.0)}
    for engine, tr in row.traces.items():
        ls, lw, alpha = styles[engine]
        cost = np.array([float(c) for c in tr.cost])
        ax1.plot(np.arange(len(cost)), cost, ls, lw=lw, alpha=alpha, label=engine)
    ax1.set_yscale("log")
    ax1.set_xlabel("step")
    ax1.set_ylabel("cost (before the step)")
    ax1.set_title(f"{sc.name}: cost")
    ax1.legend()
    x, y = sc.data()
    if x.ndim == 1 or x.shape[1] == 1:
        xs = x.reshape(-1)
        order = np.argsort(xs)
        ax2.scatter(xs, y.reshape(-1), s=8, color="gray", alpha=0.6, label="data")
        for engine, tr in row.traces.items():
            ls, lw, alpha = styles[engine]
            fit = np.asarray(tr.extra.get("fit")).reshape(-1)
            ax2.plot(xs[order], fit[order], ls, lw=lw, alpha=alpha, label=f"{engine} fit")
        ax2.set_xlabel("x")
        ax2.set_ylabel("y")
    else:
        yt = y.reshape(-1)
        ax2.plot([yt.min(), yt.max()], [yt.min(), yt.max()], color="gray", lw=1)
        for engine, tr in row.traces.items():
            fit = np.asarray(tr.extra.get("fit"))
            if fit.ndim == 2 and fit.shape[1] > 1:  # a classifier's scores: the class chosen
                fit = fit.argmax(axis=1)
            ax2.scatter(yt, fit.reshape(-1), s=20, label=engine)
        ax2.set_xlabel("target")
        ax2.set_ylabel("prediction")
    ax2.set_title(f"fit after {sc.n_epochs} epochs ({row.verdict})")
    ax2.legend()
    fig.suptitle(f"{sc.name} — {sc.origin}", fontsize=9)
    fig.tight_layout()
    path = out_dir / f"{sc.name}.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


# ----------------------------------------------------------------------------- other commands


def cmd_run(args: argparse.Namespace) -> int:
    sc = S.get(args.scenario)
    tr = run_engine(args.engine, sc, echo=print, epochs=args.epochs, use_lib_rng=args.lib_rng)
    if args.trace:
        print(f"# {len(tr)} steps; final params: "
              + ", ".join(f"{k}={v.tolist()}" for k, v in tr.final_params().items()))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from reference.manual import supports

    for sc in S.SCENARIOS:
        w = "witness" if supports(sc) else "no witness"
        print(f"{sc.name:<18} {_short_origin(sc.origin):<10} {sc.n_epochs:>5} epochs  "
              f"{sc.dtype}  {w:<10}  {sc.title}")
    return 0


def cmd_draw(args: argparse.Namespace) -> int:
    from reference.loops import load_engine, train

    mg = load_engine("minigrad")
    from minigrad.graph import draw_tensor_graph

    sc = S.get(args.scenario)
    done: list[Path] = []

    def on_cost(epoch, cost, named):
        if not done:
            labels = {"cost": cost, **named}
            done.append(draw_tensor_graph(cost, args.out, name=sc.name.replace("-", "_"),
                                          labels=labels))

    with mg.keep_graph_values():  # intermediates keep their values for the drawing
        train(mg, sc, epochs=1, on_cost=on_cost)
    print(f"wrote {done[0]}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests)."""
    p = argparse.ArgumentParser(prog="python -m reference.cli", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="every scenario on minigrad, torch and numpy; a table")
    v.add_argument("--scenario", action="append", help="only this scenario (repeatable)")
    v.add_argument("--engines", default=",".join(ENGINES),
                   help="comma-separated subset of minigrad,torch,numpy")
    v.add_argument("--plot", metavar="DIR", help="write one PNG per scenario into DIR")
    v.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    v.add_argument("-v", "--verbose", action="store_true", help="explain every comparison")
    v.add_argument("--exact", action="store_true",
                   help="require minigrad to be bit-identical to torch (not just within tolerance)")
    v.set_defaults(func=cmd_verify)
    r = sub.add_parser("run", help="print one scenario's tutorial-style log")
    r.add_argument("scenario", choices=S.names())
    r.add_argument("--engine", choices=ENGINES, default="minigrad")
    r.add_argument("--epochs", type=int, help="stop after this many epochs")
    r.add_argument("--lib-rng", action="store_true",
                   help="let the engine draw nn.Linear's parameters itself (manual_seed)")
    r.add_argument("--trace", action="store_true", help="also print the final parameters")
    r.set_defaults(func=cmd_run)
    ls = sub.add_parser("list", help="list the scenarios")
    ls.set_defaults(func=cmd_list)
    d = sub.add_parser("draw", help="draw minigrad's graph of one epoch's cost")
    d.add_argument("scenario", choices=S.names())
    d.add_argument("--out", required=True, help="output file (.png, .svg, .pdf or .dot)")
    d.set_defaults(func=cmd_draw)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point (``minigrad-verify`` and ``make verify``)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # e.g. `run ... | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
