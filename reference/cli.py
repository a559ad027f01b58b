"""The command line: ``minigrad verify | verify-script | run | list | draw | bench``.

(also ``python -m reference.cli ...``; ``minigrad-verify`` is an alias of ``minigrad``)

* ``verify`` — every scenario on minigrad, on torch and on the numpy witness; one table row
  per scenario; exit status 0 only if every comparison agrees (a golden-log difference is a
  failure), 1 on any mismatch, 2 on a usage error or if an engine could not run at all.
  ``--plot DIR`` writes one PNG per scenario (cost curves, fitted line over the data, the
  per-epoch difference between engines); ``--json FILE|-`` the results as JSON.
* ``verify-script PATH.py|PATH.ipynb`` — any torch training script or notebook, run once with
  torch and once with minigrad standing in for it, compared step by step
  (see ``reference.verify_script``).
* ``run SCENARIO|SCRIPT.py --engine minigrad|torch|numpy`` — the tutorial-style log of one
  scenario, or a script run with minigrad (or torch) as ``torch``.
  ``--engine minigrad`` and ``--engine numpy`` never import torch.
* ``list`` — the catalogue.
* ``draw SCENARIO --out FILE`` — minigrad's computation graph of one epoch's cost, after
  backward (gradients shown).
* ``bench`` — the benchmarks (``python -m benchmarks``; from a source checkout).

torch is imported only when needed, after ``ATEN_CPU_CAPABILITY=default`` has been put in the
environment (plain IEEE float32 arithmetic: see ``shared/notes/torch-semantics.md``), and is
run on one thread. A user error (unknown name, bad option, missing program) ends with a
one-line message and exit status 2 (usage) or 1, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reference import scenarios as S
from reference.golden import golden_log
from reference.trace import EXACT, Comparison, Trace, ulps

ENGINES = ("minigrad", "torch", "numpy")


class UsageError(Exception):
    """A command line that cannot be run as written (exit status 2, no traceback)."""


class UserError(Exception):
    """A run that could not be done for a reason the user can fix (exit status 1)."""


def _parse_engines(text: str) -> tuple[str, ...]:
    """``"minigrad,torch"`` -> the engines in canonical order; unknown names are an error."""
    asked = [e.strip() for e in text.split(",") if e.strip()]
    unknown = [e for e in asked if e not in ENGINES]
    if unknown or not asked:
        raise UsageError(f"unknown engine(s) {', '.join(map(repr, unknown)) or '(none given)'}; "
                         f"choose from {', '.join(ENGINES)}")
    return tuple(e for e in ENGINES if e in asked)


def _scenario(name: str) -> S.Scenario:
    try:
        return S.get(name)
    except KeyError:
        raise UsageError(f"unknown scenario {name!r}; known: {', '.join(S.names())} "
                         "(`minigrad list`)") from None


def _import_torch_or_explain(what: str) -> None:
    """Import torch (after pinning its kernels) or raise a UsageError saying what to do."""
    _prepare_torch_env()
    try:
        from reference.loops import load_engine

        load_engine("torch")
    except ImportError as exc:
        raise UsageError(f"{what} needs torch, which cannot be imported ({exc}); install the "
                         "'torch' extra (pip install -c constraints.txt -e '.[torch]')"
                         + (", or run `verify --engines minigrad,numpy` for the torch-free "
                            "check" if what == "verify" else "")) from None


def _prepare_torch_env() -> None:
    """Pin torch's CPU kernels to the default (non-FMA) capability, and MKL to its
    CPU-independent code path, before torch is imported."""
    if "torch" in sys.modules:
        if os.environ.get("ATEN_CPU_CAPABILITY") != "default":
            warnings.warn("torch was imported before ATEN_CPU_CAPABILITY=default was set; "
                          "float32 results may differ from the pages by fused multiply-adds",
                          stacklevel=2)
        if os.environ.get("MKL_CBWR") != "COMPATIBLE":
            warnings.warn("torch was imported before MKL_CBWR=COMPATIBLE was set; its matrix "
                          "products may differ from minigrad's in the last bits on this CPU",
                          stacklevel=2)
        return
    os.environ["ATEN_CPU_CAPABILITY"] = "default"
    os.environ["MKL_CBWR"] = "COMPATIBLE"


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
    golden_detail: str = ""
    reference: str = "torch"

    @property
    def ok(self) -> bool:
        if self.errors:
            return False
        if self.vs_torch is not None and not self.vs_torch.ok:
            return False
        if self.witness is not None and not self.witness.ok:
            return False
        if self.golden.startswith("DIFF"):
            return False
        return self.compared

    @property
    def compared(self) -> bool:
        """Whether anything was compared at all (two engines, or a log with the page's)."""
        return self.vs_torch is not None or self.witness is not None or self.golden == "match"

    @property
    def verdict(self) -> str:
        if self.errors:
            return "ERROR"
        if not self.compared:
            return "NOT-COMPARED"
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
        row.reference = "numpy"
        row.vs_torch = compare_scenario(sc, row.traces["minigrad"], row.traces["numpy"], tol,
                                        a_name="minigrad")
    else:
        row.reference = "-"
    gold = golden_log(sc.name)
    logs = {e: t.log for e, t in row.traces.items()}
    if gold is not None and logs:
        bad = [e for e, v in logs.items() if v != gold]
        row.golden = "DIFF " + ",".join(bad) if bad else "match"
        if bad:
            row.golden_detail = _first_log_difference(logs[bad[0]], gold, bad[0])
    return row


def _first_log_difference(got: list[str], page: list[str], engine: str) -> str:
    """Where ``engine``'s printed log first departs from the page's, in one sentence."""
    for i, (a, b) in enumerate(zip(got, page), 1):
        if a != b:
            return f"{engine} line {i}: printed {a!r}, the page has {b!r}"
    return f"{engine} printed {len(got)} lines, the page has {len(page)}"


def _fmt_num(x: float | None, spec: str = ".2g") -> str:
    return "-" if x is None else format(x, spec)


def format_table(rows: list[Row]) -> str:
    """The verify table: one row per scenario. The header names what minigrad was compared
    with (torch, or the numpy witness when torch was not run)."""
    refs = sorted({r.reference for r in rows if r.reference != "-"}) or ["nothing"]
    head = ["scenario", "source", "epochs", "dtype", "max abs", "max rel", "max ulps",
            f"first divergence (minigrad vs {'/'.join(refs)})", "witness", "golden", "verdict"]
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
    engines = _parse_engines(args.engines)
    chosen = [_scenario(n) for n in args.scenario] if args.scenario else S.SCENARIOS
    if "torch" in engines:
        _import_torch_or_explain("verify")
    to_stdout = args.json == "-"
    out = sys.stderr if to_stdout else sys.stdout  # `--json -`: stdout holds only the JSON
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
                print(f"  (no plot: {exc}; install the 'plot' extra)", file=sys.stderr)
            else:
                if path is not None:
                    print(f"  plot: {path}", file=sys.stderr)
    summary = summarize(rows, engines)
    print(format_table(rows), file=out)
    print(f"\n{summary['sentence']}; "
          f"ATEN_CPU_CAPABILITY={os.environ.get('ATEN_CPU_CAPABILITY', '(unset)')}, "
          f"MKL_CBWR={os.environ.get('MKL_CBWR', '(unset)')}; "
          f"{time.perf_counter() - t_all:.1f}s", file=out)
    if args.verbose or summary["verdict"] != "pass":
        for r in rows:
            for c in (r.vs_torch, r.witness):
                if c is not None and (args.verbose or not c.ok):
                    print(f"  {r.scenario.name}: {c.describe()}", file=out)
            for e, m in r.errors.items():
                print(f"  {r.scenario.name}: {e} failed: {m}", file=out)
            if r.golden.startswith("DIFF"):
                print(f"  {r.scenario.name}: printed log differs from the page's "
                      f"({r.golden_detail})", file=out)
            if not r.compared and not r.errors:
                print(f"  {r.scenario.name}: nothing to compare minigrad with (engines: "
                      f"{', '.join(engines)})", file=out)
    if args.json:
        write_json(rows, args.json, engines, summary)
    if rows and all(r.errors for r in rows):
        return 2  # an engine could not run at all (not installed, import error)
    return 0 if summary["verdict"] == "pass" else 1


def summarize(rows: list[Row], engines: tuple[str, ...]) -> dict:
    """Counts over the rows, the overall verdict (``pass`` only if every scenario was compared
    and agreed) and a sentence saying what was compared with what."""
    n_bad = sum(r.compared and not r.ok and not r.errors for r in rows)
    n_err = sum(bool(r.errors) for r in rows)
    n_none = sum(not r.compared and not r.errors for r in rows)
    n_ok = sum(r.ok for r in rows)
    exact = sum(r.vs_torch is not None and r.vs_torch.identical for r in rows)
    golden_bad = sum(r.golden.startswith("DIFF") for r in rows)
    refs = sorted({r.reference for r in rows if r.reference != "-"})
    against = " and ".join(refs) if refs else "nothing"
    if "torch" not in engines:
        against += " (torch not run: minigrad checked against the numpy witness)"
    verdict = "pass" if rows and n_ok == len(rows) else "fail"
    sentence = (f"{len(rows)} scenarios, {n_ok} agree, {exact} bit-identical "
                f"(minigrad vs {against}), {n_bad} mismatched")
    if golden_bad:
        sentence += f" ({golden_bad} with a printed log unlike the page's)"
    if n_err:
        sentence += f", {n_err} with an engine error"
    if n_none:
        sentence += f", {n_none} not compared"
    sentence += f"; engines: {', '.join(engines)}; verdict: {verdict.upper()}"
    return {"scenarios": len(rows), "agree": n_ok, "bit_identical": exact, "mismatched": n_bad,
            "golden_mismatched": golden_bad, "errors": n_err, "not_compared": n_none,
            "compared_with": refs, "verdict": verdict, "sentence": sentence}


def versions() -> dict[str, str | None]:
    """Versions of Python, numpy, minigrad and (if it was imported) torch."""
    import platform

    import numpy

    import minigrad

    torch = sys.modules.get("torch")
    return {"python": platform.python_version(), "numpy": numpy.__version__,
            "minigrad": minigrad.__version__,
            "torch": getattr(torch, "__version__", None) if torch is not None else None}


def write_json(rows: list[Row], dest: str | Path, engines: tuple[str, ...],
               summary: dict | None = None) -> None:
    """The verify results as JSON (versions, summary, one object per scenario), written to
    ``dest`` or to stdout when ``dest`` is ``"-"``."""
    import json

    def comp(c: Comparison | None):
        if c is None:
            return None
        return {"a": c.a_name, "b": c.b_name, "verdict": c.verdict, "ok": c.ok,
                "identical": c.identical, "max_abs": c.max_abs, "max_rel": c.max_rel,
                "max_ulps": c.max_ulps, "first_divergence": str(c.first) if c.first else None,
                "both_diverged_at": c.both_diverged_at, "tolerance": str(c.tolerance)}

    summary = summary or summarize(rows, engines)
    data = {
        "tool": "minigrad verify",
        "versions": versions(),
        "engines": list(engines),
        "aten_cpu_capability": os.environ.get("ATEN_CPU_CAPABILITY"),
        "mkl_cbwr": os.environ.get("MKL_CBWR"),
        "verdict": summary["verdict"],
        "summary": {k: v for k, v in summary.items() if k not in ("verdict",)},
        "scenarios": [
            {"scenario": r.scenario.name, "origin": r.scenario.origin,
             "epochs": r.scenario.n_epochs, "dtype": r.scenario.dtype, "verdict": r.verdict,
             "ok": r.ok, "compared_with": r.reference,
             "minigrad_vs_torch": comp(r.vs_torch) if r.reference == "torch" else None,
             "minigrad_vs_witness": comp(r.vs_torch) if r.reference == "numpy" else None,
             "witness_vs_torch": comp(r.witness),
             "golden": r.golden, "golden_detail": r.golden_detail or None,
             "errors": r.errors, "seconds": r.seconds}
            for r in rows
        ],
    }
    text = json.dumps(data, indent=2) + "\n"
    if str(dest) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(dest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------- plots


def step_ulps(a: Trace, b: Trace) -> np.ndarray:
    """Per step, the largest ulp distance between ``a`` and ``b`` over the cost, every
    gradient and every parameter (NaN where the traces' shapes differ)."""
    n = min(len(a), len(b))
    out = np.zeros(n)
    if list(a.params) != list(b.params):
        return np.full(n, np.nan)
    for (_, av), (_, bv) in zip(a.fields(), b.fields(), strict=True):
        for i in range(n):
            x, y = np.asarray(av[i]), np.asarray(bv[i])
            if x.shape != y.shape:
                out[i] = np.nan
            elif x.size:
                out[i] = max(out[i], float(ulps(x, y).max()))
    return out


def _epoch_of(step: str) -> int:
    """``"epoch 3"`` or ``"epoch 3 batch 2"`` -> 3 (0 for other labels)."""
    parts = step.split()
    return int(parts[1]) if len(parts) > 1 and parts[0] == "epoch" else 0


def plot_row(row: Row, out_dir: Path) -> Path | None:
    """Write ``out_dir/<scenario>.png``: cost per epoch of every engine, the fit, and the
    per-epoch difference between the engines in ulps (0 = bit-identical)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not row.traces or row.scenario.model == "demo":
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    sc = row.scenario
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(16, 4.6))
    styles = {"torch": ("-", 3.0, 0.5), "minigrad": ("--", 1.5, 1.0), "numpy": (":", 1.5, 1.0)}
    any_trace = next(iter(row.traces.values()))
    epochs = np.array([_epoch_of(s) for s in any_trace.steps], dtype=float)
    per_epoch = len(epochs) // max(len(set(epochs.tolist())), 1)
    if per_epoch > 1:  # minibatches: step k of an epoch sits at epoch + k / per_epoch
        x_steps = epochs + (np.arange(len(epochs)) % per_epoch) / per_epoch
        xlabel = f"epoch ({per_epoch} steps per epoch, one per minibatch)"
    else:
        x_steps = epochs
        xlabel = "epoch (one optimizer step per epoch)"
    for engine, tr in row.traces.items():
        ls, lw, alpha = styles[engine]
        cost = np.array([float(c) for c in tr.cost])
        ax1.plot(x_steps[: len(cost)], cost, ls, lw=lw, alpha=alpha, label=engine)
    ax1.set_yscale("log")
    ax1.set_xlabel(xlabel)
    ax1.set_ylabel("cost (before the step)")
    ax1.set_title(f"{sc.name}: cost")
    ax1.legend()
    x, y = sc.data()
    markers = {"torch": ("o", 90, "none"), "minigrad": ("x", 40, None), "numpy": (".", 30, None)}
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
        ax2.set_title(f"fit after {sc.n_epochs} epochs ({row.verdict})")
    else:  # several inputs: each sample's prediction against its target
        yt = y.reshape(-1)
        ax2.plot([yt.min(), yt.max()], [yt.min(), yt.max()], color="gray", lw=1,
                 label="prediction = target")
        for i, (engine, tr) in enumerate(row.traces.items()):
            m, size, face = markers[engine]
            kw = {"facecolors": face, "edgecolors": f"C{i}"} if face else {"color": f"C{i}"}
            fit = np.asarray(tr.extra.get("fit"))
            if fit.ndim == 2 and fit.shape[1] > 1:  # a classifier's scores: the class chosen
                fit = fit.argmax(axis=1)
            ax2.scatter(yt, fit.reshape(-1), s=size, marker=m, label=engine, **kw)
        ax2.set_xlabel(f"target ({x.shape[1]} inputs per sample; one point per sample)")
        ax2.set_ylabel("prediction after training")
        ax2.set_title(f"prediction vs target after {sc.n_epochs} epochs ({row.verdict})")
    ax2.legend()
    ref = row.traces.get("torch")
    pairs = [("minigrad", "minigrad vs torch"), ("numpy", "witness (numpy) vs torch")]
    if ref is None:
        ref, pairs = row.traces.get("numpy"), [("minigrad", "minigrad vs witness (numpy)")]
    drawn = False
    if ref is not None:
        ref_epochs = np.array([_epoch_of(s) for s in ref.steps])
        for i, (engine, label) in enumerate(pairs):
            tr = row.traces.get(engine)
            if tr is None:
                continue
            u = step_ulps(tr, ref)
            keys = sorted(set(ref_epochs[: len(u)].tolist()))
            worst = [np.nanmax(u[ref_epochs[: len(u)] == k]) for k in keys]
            ax3.step(keys, worst, where="mid", lw=2.5 - i, color=f"C{i + 3}",
                     label=f"{label} (max {np.nanmax(worst):.0f})")
            drawn = True
    ax3.set_yscale("symlog", linthresh=1)
    ax3.set_ylim(bottom=-0.1)
    if drawn and all(not np.any(line.get_ydata()) for line in ax3.get_lines()):
        ax3.set_ylim(-0.1, 10)
        ax3.text(0.5, 0.5, "0 ulps at every epoch: bit-identical", ha="center",
                 transform=ax3.transAxes)
    ax3.set_xlabel("epoch")
    ax3.set_ylabel("max ulps over cost, grads, params (0 = bit-identical)")
    ax3.set_title("difference per epoch")
    if drawn:
        ax3.legend()
    fig.suptitle(f"{sc.name} — {sc.origin}", fontsize=9)
    fig.tight_layout()
    path = out_dir / f"{sc.name}.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


# ----------------------------------------------------------------------------- other commands


def cmd_run(args: argparse.Namespace) -> int:
    target = args.scenario
    if target.endswith((".py", ".ipynb")) or Path(target).is_file():
        return _run_script(args)
    sc = _scenario(target)
    if args.engine == "torch":
        _import_torch_or_explain("run --engine torch")
    tr = run_engine(args.engine, sc, echo=print, epochs=args.epochs, use_lib_rng=args.lib_rng)
    if args.trace:
        print(f"# {len(tr)} steps; final params: "
              + ", ".join(f"{k}={v.tolist()}" for k, v in tr.final_params().items()))
    return 0


def _run_script(args: argparse.Namespace) -> int:
    """``run SCRIPT.py``: the script with minigrad (or torch) as ``torch``, in this process;
    a failure is reported as the failing line and the exception, not a traceback."""
    from reference import script_runner

    path = Path(args.scenario)
    if not path.is_file():
        raise UsageError(f"no such script: {path}")
    if args.engine == "numpy":
        raise UsageError("--engine numpy runs catalogued scenarios only; a script runs with "
                         "--engine minigrad or --engine torch")
    if args.engine == "torch":
        _import_torch_or_explain("run --engine torch")
    rec = script_runner.run(path, args.engine, steps=args.epochs, recorder=args.epochs is not None,
                            echo=True)
    if rec["status"] == "error":
        e = rec["error"]
        print(f"run: {path} failed with {args.engine} as torch at {e['where']}: {e['code']}\n"
              f"  {e['type']}: {e['message']}"
              + (f"\n  minigrad lacks {e['missing']}" if e.get("missing") else ""),
              file=sys.stderr)
        return 1
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from reference.manual import supports

    for sc in S.SCENARIOS:
        w = "witness" if supports(sc) else "no witness"
        print(f"{sc.name:<18} {_short_origin(sc.origin):<10} {sc.n_epochs:>5} epochs  "
              f"{sc.dtype}  {w:<10}  {sc.title}")
    return 0


class _DrawnError(Exception):
    """Stops the training loop once the first epoch's graph is drawn."""


def cmd_draw(args: argparse.Namespace) -> int:
    from minigrad.graph import FORMATS, GraphvizNotFoundError, render, to_dot
    from reference.loops import load_engine, train

    fmt = Path(args.out).suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        ext = "." + fmt if fmt else "(none)"
        raise UsageError(f"--out {args.out}: unsupported extension {ext}; use one of "
                         f"{', '.join('.' + f for f in FORMATS)}")
    sc = _scenario(args.scenario)
    mg = load_engine("minigrad")
    dots: list[str] = []

    def on_cost(epoch, cost, named):
        """The first epoch's graph, drawn after its backward pass (every gradient kept)."""
        from minigrad.graph import _inputs_first

        for node in _inputs_first(cost):
            if getattr(node, "grad_fn", None) is not None and hasattr(node, "retain_grad"):
                node.retain_grad()
        cost.backward(retain_graph=True)
        dots.append(to_dot(cost, name=f"{sc.name}, epoch {epoch}, after backward",
                           labels={"cost": cost, **named}))
        raise _DrawnError

    # keep_graph_values: intermediates keep their values for the drawing
    with mg.keep_graph_values(), contextlib.suppress(_DrawnError):
        train(mg, sc, epochs=1, on_cost=on_cost)
    try:
        done = render(dots[0], args.out)
    except GraphvizNotFoundError as exc:
        raise UserError(str(exc)) from None
    except RuntimeError as exc:  # the renderer failed
        raise UserError(f"drawing failed: {exc}") from None
    print(f"wrote {done}")
    return 0


def cmd_verify_script(args: argparse.Namespace) -> int:
    from reference.verify_script import ScriptUsageError, verify_script

    try:
        return verify_script(args.path, exact=args.exact, steps=args.steps, timeout=args.timeout,
                             json_dest=args.json, plot_dir=args.plot)
    except ScriptUsageError as exc:
        raise UsageError(str(exc)) from None


def cmd_bench(args: argparse.Namespace) -> int:
    root = Path(__file__).resolve().parents[1]
    if not (root / "benchmarks" / "cli.py").is_file():
        raise UserError("the benchmarks live in the source checkout (benchmarks/); run "
                        "`minigrad bench` from a clone of the repository")
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks.cli import main as bench_main

    return bench_main(args.bench_args)


def _count(text: str) -> int:
    """A non-negative integer option."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must not be negative (got {n})")
    return n


def _seconds(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not x > 0:
        raise argparse.ArgumentTypeError(f"must be positive (got {text})")
    return x


def _version() -> str:
    import minigrad

    try:
        from importlib.metadata import version

        torch_v = version("torch")
    except Exception:  # noqa: BLE001 - not installed
        torch_v = "not installed"
    import numpy

    return (f"minigrad {minigrad.__version__} (numpy {numpy.__version__}, torch {torch_v}, "
            f"Python {sys.version.split()[0]})")


def build_parser(prog: str = "minigrad") -> argparse.ArgumentParser:
    """The argument parser (exposed for tests)."""
    p = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    v = sub.add_parser("verify", help="every scenario on minigrad, torch and numpy; a table")
    v.add_argument("--scenario", action="append", help="only this scenario (repeatable)")
    v.add_argument("--engines", default=",".join(ENGINES),
                   help="comma-separated subset of minigrad,torch,numpy")
    v.add_argument("--plot", metavar="DIR", help="write one PNG per scenario into DIR")
    v.add_argument("--json", metavar="FILE", help="also write the results as JSON ('-': stdout)")
    v.add_argument("-v", "--verbose", action="store_true", help="explain every comparison")
    v.add_argument("--exact", action="store_true",
                   help="require minigrad to be bit-identical to torch (not just within tolerance)")
    v.set_defaults(func=cmd_verify)
    vs = sub.add_parser("verify-script",
                        help="run a torch script or notebook with torch and with minigrad; "
                             "compare every step")
    vs.add_argument("path", help="a .py script or a .ipynb notebook that imports torch")
    vs.add_argument("--exact", action="store_true", help="require bit-identical results")
    vs.add_argument("--json", metavar="FILE", help="also write the report as JSON ('-': stdout)")
    vs.add_argument("--plot", metavar="DIR", help="write DIR/<script>.png (loss, ulps per step)")
    vs.add_argument("--steps", type=_count, metavar="N", help="compare the first N steps only")
    vs.add_argument("--timeout", type=_seconds, metavar="S", default=600.0,
                    help="give up on a run after S seconds (default 600)")
    vs.set_defaults(func=cmd_verify_script)
    r = sub.add_parser("run", help="print one scenario's tutorial-style log, or run a script")
    r.add_argument("scenario", metavar="SCENARIO|SCRIPT",
                   help="a scenario name (`list`) or a .py/.ipynb file using torch")
    r.add_argument("--engine", choices=ENGINES, default="minigrad")
    r.add_argument("--epochs", type=_count, help="stop after this many epochs (steps)")
    r.add_argument("--lib-rng", action="store_true",
                   help="let the engine draw nn.Linear's parameters itself (manual_seed)")
    r.add_argument("--trace", action="store_true", help="also print the final parameters")
    r.set_defaults(func=cmd_run)
    ls = sub.add_parser("list", help="list the scenarios")
    ls.set_defaults(func=cmd_list)
    d = sub.add_parser("draw", help="draw minigrad's graph of one epoch's cost")
    d.add_argument("scenario")
    d.add_argument("--out", required=True, help="output file (.png, .svg, .pdf or .dot)")
    d.set_defaults(func=cmd_draw)
    b = sub.add_parser("bench", help="the benchmarks (python -m benchmarks; --quick for a smoke "
                                     "run)", add_help=False)
    b.add_argument("bench_args", nargs=argparse.REMAINDER)
    b.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point (the ``minigrad`` and ``minigrad-verify`` commands, ``make verify``)."""
    prog = Path(sys.argv[0]).name if argv is None else "minigrad"
    if prog in ("__main__.py", "cli.py", "-c", ""):
        prog = "minigrad"
    parser = build_parser(prog)
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["bench"]:  # everything after `bench` goes to the benchmarks' own parser
        args = argparse.Namespace(func=cmd_bench, bench_args=argv[1:], command="bench")
    else:
        args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"{prog} {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except UserError as exc:
        print(f"{prog} {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `run ... | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
