"""``minigrad verify-script PATH.py|PATH.ipynb``: does this training script compute the same
on minigrad as on torch?

The script runs twice, each in its own process (``reference.script_runner``): once with real
torch (``ATEN_CPU_CAPABILITY=default``, one thread) and once with minigrad standing in for
``torch``. Both runs record, after every ``backward()`` and every ``optimizer.step()``, the
loss, every parameter and every gradient (named from the script: ``model.linear.weight``,
``W``), and every printed line. The records are compared event by event:

* the table has one row per recorded tensor (loss, each parameter's value and gradient) and
  one for the printed lines: how many events were compared, the largest absolute and ulp
  differences, the first step where that tensor departs;
* the first departing step is named: step number, event (``backward`` or ``step``) and the
  script line, which tensor and element, both values and their distance in ulps;
* exit status 0 only when everything agrees: within the documented tolerance
  (``reference.trace.tolerance_for``; each element judged on the scale of its tensor, at least
  1), or bit for bit with ``--exact``; printed lines must be equal (numbers in them may differ
  within the tolerance unless ``--exact``). 1 when they depart or the minigrad run fails,
  2 when nothing could be compared (usage error, torch missing, the script fails under torch
  too).

A script that calls something minigrad lacks gets a report naming the call (``file:line``, the
line's code, the missing torch name) and whether the torch run succeeded.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from reference.trace import tolerance_for, ulps

ROOT = Path(__file__).resolve().parents[1]


class ScriptUsageError(Exception):
    """The script cannot be verified as asked (exit status 2)."""


# ---- running both engines -----------------------------------------------------------------


def run_both(path: Path, steps: int | None, timeout: float | None) -> dict[str, dict]:
    """Run the script under torch and under minigrad, in two processes at once; return each
    run's record (``status`` ``ok``, ``stopped``, ``error``, ``timeout`` or ``unavailable``)."""
    env = {**os.environ, "ATEN_CPU_CAPABILITY": "default", "MKL_CBWR": "COMPATIBLE",
           "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "OMP_NUM_THREADS": "1"}
    procs, files = {}, {}
    with tempfile.TemporaryDirectory(prefix="verify-script-") as tmp:
        for engine in ("torch", "minigrad"):
            files[engine] = Path(tmp) / f"{engine}.pkl"
            cmd = [sys.executable, "-m", "reference.script_runner", "--engine", engine,
                   "--record", str(files[engine])]
            if steps is not None:
                cmd += ["--steps", str(steps)]
            procs[engine] = subprocess.Popen(cmd + [str(path)], env=env,
                                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                             text=True)
        records, t0 = {}, time.monotonic()
        for engine, proc in procs.items():
            left = None if timeout is None else max(0.1, timeout - (time.monotonic() - t0))
            try:
                _, err = proc.communicate(timeout=left)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                records[engine] = {"engine": engine, "status": "timeout", "events": [],
                                   "lines": [], "error": {
                                       "type": "Timeout", "where": "?", "code": "",
                                       "message": f"still running after {timeout:g} s "
                                                  "(--timeout)", "missing": None}}
                continue
            if files[engine].exists():
                with open(files[engine], "rb") as f:
                    records[engine] = pickle.load(f)
            else:
                records[engine] = {"engine": engine, "status": "crashed", "events": [],
                                   "lines": [], "error": {
                                       "type": "Crash", "where": "?", "code": "",
                                       "message": f"the runner exited {proc.returncode}: "
                                                  + err.strip()[-800:], "missing": None}}
    return records


# ---- comparing -----------------------------------------------------------------------------


@dataclass
class Departure:
    """Where the two runs first part."""

    step: int
    event: str
    where: str
    tensor: str
    index: tuple = ()
    torch: Any = None
    minigrad: Any = None
    ulps: float | None = None

    def __str__(self) -> str:
        idx = list(self.index) if self.index else ""
        head = f"step {self.step} (after {self.event}, {self.where}): {self.tensor}{idx}"
        if self.ulps is None:
            return f"{head}: torch {self.torch} vs minigrad {self.minigrad}"
        return (f"{head}: torch {self.torch!r} vs minigrad {self.minigrad!r} "
                f"({self.ulps:.0f} ulps)")


@dataclass
class Row:
    """One compared tensor (or the printed lines)."""

    name: str
    compared: int = 0
    identical: bool = True
    ok: bool = True
    max_abs: float = 0.0
    max_ulps: float = 0.0
    first: Departure | None = None       # first step outside the tolerance (or not equal)
    first_bits: Departure | None = None  # first step not bit-identical


@dataclass
class Result:
    """The comparison of two records."""

    exact: bool
    rows: dict[str, Row] = field(default_factory=dict)
    structure: Departure | None = None
    lines: Row = field(default_factory=lambda: Row("printed lines"))
    step_ulps: dict[int, float] = field(default_factory=dict)
    events: int = 0
    steps: int = 0

    @property
    def first(self) -> Departure | None:
        """The first departure over all tensors, structure and printed lines."""
        cands = [r.first for r in self.rows.values() if r.first] + (
            [self.structure] if self.structure else []) + (
            [self.lines.first] if self.lines.first else [])
        return min(cands, key=lambda d: d.step) if cands else None

    @property
    def first_bits(self) -> Departure | None:
        cands = [r.first_bits for r in self.rows.values() if r.first_bits]
        return min(cands, key=lambda d: d.step) if cands else None

    @property
    def identical(self) -> bool:
        return self.structure is None and self.lines.identical and all(
            r.identical for r in self.rows.values())

    @property
    def ok(self) -> bool:
        return self.first is None and (self.identical or not self.exact)


def _compare_array(row: Row, a: np.ndarray, b: np.ndarray, exact: bool, ev: dict) -> float:
    """Compare minigrad's ``a`` with torch's ``b`` for one event; return the max ulps."""
    row.compared += 1
    if a.shape != b.shape or a.dtype != b.dtype:
        row.ok = row.identical = False
        d = Departure(ev["step"], ev["kind"], ev["where"], row.name,
                      torch=f"{b.dtype}{list(b.shape)}", minigrad=f"{a.dtype}{list(a.shape)}")
        row.first = row.first or d
        row.first_bits = row.first_bits or d
        return float("inf")
    if a.dtype.kind != "f":
        a, b = a.astype(np.float64), b.astype(np.float64)
    u = ulps(a, b).reshape(a.shape)
    A, B = a.astype(np.float64), b.astype(np.float64)
    diff = np.where(np.isnan(A) & np.isnan(B), 0.0, np.abs(A - B))
    if a.size:
        row.max_abs = max(row.max_abs, float(np.nanmax(diff)))
        row.max_ulps = max(row.max_ulps, float(u.max()))
    same = np.array_equal(A, B, equal_nan=True)
    if exact:
        bad = u > 0
    else:
        tol = tolerance_for(b.dtype if b.dtype.kind == "f" else np.float64)
        finite = np.abs(B[np.isfinite(B)])
        scale = max(float(finite.max()) if finite.size else 0.0, 1.0)
        bad = ~(diff <= tol.atol * scale + tol.rtol * np.abs(B))

    def departure(mask: np.ndarray) -> Departure:
        at = tuple(int(i) for i in np.argwhere(mask)[0]) if a.ndim else ()
        return Departure(ev["step"], ev["kind"], ev["where"], row.name, at,
                         b[at].item() if a.ndim else b.item(),
                         a[at].item() if a.ndim else a.item(), float(u[at] if a.ndim else u))

    if not same:
        row.identical = False
        if row.first_bits is None:
            row.first_bits = departure(u > 0)
    if np.any(bad):
        row.ok = False
        if row.first is None:
            row.first = departure(bad)
    return float(u.max()) if a.size else 0.0


NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _lines_agree(a: str, b: str, exact: bool) -> bool:
    """Equal text, or (without ``exact``) equal apart from numbers that agree to 1e-4."""
    if a == b:
        return True
    if exact or NUMBER.sub("#", a) != NUMBER.sub("#", b):
        return False
    for x, y in zip(NUMBER.findall(a), NUMBER.findall(b), strict=True):
        fx, fy = float(x), float(y)
        if abs(fx - fy) > 1e-4 * max(abs(fx), abs(fy)) + 1e-5:
            return False
    return True


def compare_records(mg: dict, th: dict, exact: bool = False) -> Result:
    """Compare minigrad's record with torch's, event by event and line by line."""
    res = Result(exact)
    ev_a, ev_b = mg.get("events", []), th.get("events", [])
    res.events = min(len(ev_a), len(ev_b))
    for ea, eb in zip(ev_a, ev_b):
        if (ea["kind"], ea["step"]) != (eb["kind"], eb["step"]):
            res.structure = Departure(eb["step"], eb["kind"], eb["where"], "event",
                                      torch=f"{eb['kind']} of step {eb['step']}",
                                      minigrad=f"{ea['kind']} of step {ea['step']} "
                                               f"({ea['where']})")
            break
        if list(ea["values"]) != list(eb["values"]):
            res.structure = Departure(eb["step"], eb["kind"], eb["where"], "tensor names",
                                      torch=list(eb["values"]), minigrad=list(ea["values"]))
            break
        res.steps = eb["step"]
        worst = res.step_ulps.get(eb["step"], 0.0)
        fields = [("loss", ea["loss"], eb["loss"])] if eb["loss"] is not None else []
        for name in eb["values"]:
            fields.append((name, ea["values"][name], eb["values"][name]))
            fields.append((f"{name}.grad", ea["grads"][name], eb["grads"][name]))
        for name, a, b in fields:
            row = res.rows.setdefault(name, Row(name))
            if a is None or b is None:
                if (a is None) != (b is None):
                    row.ok = row.identical = False
                    row.first = row.first or Departure(
                        eb["step"], eb["kind"], eb["where"], name,
                        torch="None" if b is None else "a tensor",
                        minigrad="None" if a is None else "a tensor")
                continue
            worst = max(worst, _compare_array(row, np.asarray(a), np.asarray(b), exact, eb))
        res.step_ulps[eb["step"]] = worst
    if res.structure is None and len(ev_a) != len(ev_b) and mg.get("status") == th.get(
            "status") == "ok":
        longer, shorter = (ev_b, "minigrad") if len(ev_b) > len(ev_a) else (ev_a, "torch")
        e = longer[res.events]
        res.structure = Departure(e["step"], e["kind"], e["where"], "events",
                                  torch=f"{len(ev_b)} events", minigrad=f"{len(ev_a)} events")
        del shorter
    la, lb = mg.get("lines", []), th.get("lines", [])
    n = min(len(la), len(lb))
    res.lines.compared = n
    for (_, a), (step_b, b) in zip(la, lb):
        if a != b:
            res.lines.identical = False
            if not _lines_agree(a, b, exact) and res.lines.first is None:
                res.lines.ok = False
                res.lines.first = Departure(step_b, "print", "stdout", "printed line",
                                            torch=repr(b), minigrad=repr(a))
    if len(la) != len(lb) and mg.get("status") == th.get("status") == "ok":
        res.lines.ok = res.lines.identical = False
        step = (lb[n][0] if len(lb) > n else la[n][0]) if max(len(la), len(lb)) > n else 0
        res.lines.first = res.lines.first or Departure(
            step, "print", "stdout", "printed lines", torch=f"{len(lb)} lines",
            minigrad=f"{len(la)} lines")
    return res


# ---- reporting -----------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return "0" if x == 0 else ("inf" if x == float("inf") else f"{x:.3g}")


def format_report(path: Path, records: dict[str, dict], res: Result | None) -> str:
    """The table and the verdict, as printed."""
    th, mg = records["torch"], records["minigrad"]
    out = [f"verify-script {path}: torch {th.get('version', '?')} vs minigrad "
           f"{mg.get('version', '?')}; {res.steps if res else 0} steps, "
           f"{res.events if res else 0} events compared "
           f"({'bit for bit' if res and res.exact else 'within tolerance'})"]
    if res is not None and (res.rows or res.lines.compared):
        head = ["tensor", "events", "max abs", "max ulps", "first departure"]
        body = []
        for r in [*res.rows.values(), res.lines]:
            first = r.first or (r.first_bits if res.exact else None)
            body.append([r.name, str(r.compared),
                         _fmt(r.max_abs) if r is not res.lines else "-",
                         _fmt(r.max_ulps) if r is not res.lines else "-",
                         f"step {first.step}" if first else (
                             "-" if r.identical else "(within tolerance)")])
        widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
        out.append("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
        out.append("  ".join("-" * w for w in widths))
        out += ["  ".join(v.ljust(w) for v, w in zip(b, widths, strict=True)) for b in body]
    for engine, rec in (("torch", th), ("minigrad", mg)):
        if rec.get("status") == "stopped":
            out.append(f"({engine} run stopped after {rec.get('n_steps') or rec.get('n_backward')}"
                       " steps: --steps)")
    out.append(verdict_text(records, res))
    return "\n".join(out)


def _failure(rec: dict) -> str:
    e = rec.get("error") or {}
    text = f"{e.get('where', '?')}: {e.get('code', '')}\n    {e.get('type')}: {e.get('message')}"
    if e.get("missing") and rec.get("engine") == "minigrad":
        text += f"\n    minigrad lacks {e['missing']}"
    return text


def status_of(records: dict[str, dict], res: Result | None) -> int:
    """Exit status: 0 agree, 1 depart or minigrad fails, 2 nothing comparable."""
    th, mg = records["torch"], records["minigrad"]
    if th.get("status") not in ("ok", "stopped"):
        return 2
    if mg.get("status") not in ("ok", "stopped") or res is None or not res.ok:
        return 1
    if not res.events and not res.lines.compared:
        return 1  # nothing recorded: nothing was verified
    return 0


def verdict_text(records: dict[str, dict], res: Result | None) -> str:
    """The closing lines: the verdict and, if they part, where."""
    th, mg = records["torch"], records["minigrad"]
    if th.get("status") == "unavailable":
        return ("verdict: NOT VERIFIED: torch cannot be imported "
                f"({th['error']['message']}); install the 'torch' extra")
    if th.get("status") not in ("ok", "stopped"):
        both = " (minigrad too)" if mg.get("status") not in ("ok", "stopped") else ""
        return (f"verdict: NOT VERIFIED: the script fails under torch{both}:\n  "
                + _failure(th))
    lines = []
    if mg.get("status") not in ("ok", "stopped"):
        lines.append(f"verdict: MINIGRAD FAILED where torch ran: the torch run succeeded "
                     f"({th.get('n_steps', 0)} optimizer steps, {th.get('n_backward', 0)} "
                     f"backward calls, {len(th.get('lines', []))} printed lines); "
                     f"the minigrad run stopped at\n  " + _failure(mg))
        if res is not None and res.events:
            state = "agree" if res.first is None else f"depart at {res.first}"
            lines.append(f"  the {res.events} events recorded before the failure {state}")
        return "\n".join(lines)
    assert res is not None
    if not res.events and not res.lines.compared:
        return ("verdict: NOTHING COMPARED: the script called no backward() or optimizer "
                "step and printed nothing")
    if res.ok and res.identical:
        return (f"verdict: IDENTICAL: every loss, parameter, gradient and printed line "
                f"is bit-identical over {res.steps} steps")
    if res.ok:
        fb = res.first_bits
        return (f"verdict: AGREE within tolerance (not bit-identical; max "
                f"{max((r.max_ulps for r in res.rows.values()), default=0):.0f} ulps"
                + (f"; first bit difference at {fb}" if fb else "") + ")")
    first = res.first or res.first_bits
    return f"verdict: DEPART\nfirst departing step: {first}"


def to_json(path: Path, records: dict[str, dict], res: Result | None, code: int) -> dict:
    """The report as a JSON-able dict."""
    from reference.cli import versions

    def dep(d: Departure | None):
        return None if d is None else {
            "step": d.step, "event": d.event, "where": d.where, "tensor": d.tensor,
            "index": list(d.index), "torch": _plain(d.torch), "minigrad": _plain(d.minigrad),
            "ulps": d.ulps}

    v = versions()
    v["torch"] = records["torch"].get("version")
    return {
        "tool": "minigrad verify-script", "script": str(path), "versions": v,
        "verdict": "pass" if code == 0 else "fail", "exit_status": code,
        "exact": res.exact if res else None,
        "runs": {e: {"status": r.get("status"), "error": r.get("error"),
                     "steps": r.get("n_steps"), "backward_calls": r.get("n_backward"),
                     "events": len(r.get("events", [])), "printed_lines": len(r.get("lines", [])),
                     "seconds": r.get("seconds")} for e, r in records.items()},
        "summary": None if res is None else {
            "steps": res.steps, "events_compared": res.events, "identical": res.identical,
            "ok": res.ok, "first_departure": dep(res.first),
            "first_bit_difference": dep(res.first_bits), "structure": dep(res.structure)},
        "tensors": [] if res is None else [
            {"name": r.name, "events": r.compared, "identical": r.identical, "ok": r.ok,
             "max_abs": r.max_abs, "max_ulps": r.max_ulps, "first_departure": dep(r.first)}
            for r in res.rows.values()],
        "printed_lines": None if res is None else {
            "compared": res.lines.compared, "identical": res.lines.identical,
            "ok": res.lines.ok, "first_departure": dep(res.lines.first)},
        "per_step_max_ulps": {} if res is None else {
            str(k): v for k, v in res.step_ulps.items()},
    }


def _plain(x: Any) -> Any:
    if isinstance(x, float | int | str) or x is None:
        return x if not (isinstance(x, float) and x != x) else "nan"
    return str(x)


def plot(path: Path, records: dict[str, dict], res: Result | None, out_dir: Path) -> Path:
    """``out_dir/<script>.png``: both runs' loss per step, and the per-step max ulp
    difference between them."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {"torch": ("-", 3.0, 0.5), "minigrad": ("--", 1.5, 1.0)}
    positive = True
    for engine, rec in records.items():
        pts = [(e["step"], float(np.asarray(e["loss"]).reshape(-1)[0]))
               for e in rec.get("events", []) if e["kind"] == "backward"
               and e["loss"] is not None and np.asarray(e["loss"]).size]
        if pts:
            xs, ys = zip(*pts, strict=True)
            positive = positive and min(ys) > 0
            ls, lw, alpha = styles[engine]
            ax1.plot(xs, ys, ls, lw=lw, alpha=alpha, label=f"{engine} ({rec.get('status')})")
    if positive:
        ax1.set_yscale("log")
    ax1.set_xlabel("step (optimizer steps; backward calls when there is no optimizer)")
    ax1.set_ylabel("loss (the tensor backward() was called on)")
    ax1.set_title("loss")
    ax1.legend()
    if res is not None and res.step_ulps:
        ks = sorted(res.step_ulps)
        vals = [min(res.step_ulps[k], 1e12) for k in ks]
        ax2.step(ks, vals, where="mid", color="C3")
        ax2.set_yscale("symlog", linthresh=1)
        first = res.first or res.first_bits
        if first is not None:
            ax2.axvline(first.step, color="gray", ls=":", lw=1)
            ax2.annotate(f"first difference: step {first.step}\n{first.tensor}",
                         (first.step, max(vals) or 1), fontsize=8, va="top")
    ax2.set_xlabel("step")
    ax2.set_ylabel("max ulps, minigrad vs torch (0 = bit-identical)")
    ax2.set_title("difference per step (loss, every parameter and gradient)")
    fig.suptitle(f"verify-script {path.name}", fontsize=9)
    fig.tight_layout()
    png = out_dir / f"{path.stem}.png"
    fig.savefig(png, dpi=90)
    plt.close(fig)
    return png


def verify_script(path: str | Path, *, exact: bool = False, steps: int | None = None,
                  timeout: float | None = None, json_dest: str | None = None,
                  plot_dir: str | None = None) -> int:
    """Run, compare, print the report; write JSON and the plot if asked; return the status."""
    import json

    path = Path(path)
    if not path.is_file():
        raise ScriptUsageError(f"no such file: {path}")
    if path.suffix not in (".py", ".ipynb"):
        raise ScriptUsageError(f"{path}: expected a .py script or a .ipynb notebook")
    if steps is not None and steps < 1:
        raise ScriptUsageError(f"--steps must be at least 1 (got {steps})")
    if timeout is not None and timeout <= 0:
        raise ScriptUsageError(f"--timeout must be positive (got {timeout:g})")
    records = run_both(path, steps, timeout)
    th, mg = records["torch"], records["minigrad"]
    res = compare_records(mg, th, exact) if th.get("status") in ("ok", "stopped") else None
    code = status_of(records, res)
    out = sys.stderr if json_dest == "-" else sys.stdout
    print(format_report(path, records, res), file=out)
    if plot_dir:
        try:
            print(f"plot: {plot(path, records, res, Path(plot_dir))}", file=sys.stderr)
        except ImportError as exc:
            print(f"(no plot: {exc}; install the 'plot' extra)", file=sys.stderr)
    if json_dest:
        text = json.dumps(to_json(path, records, res, code), indent=2) + "\n"
        if json_dest == "-":
            sys.stdout.write(text)
        else:
            Path(json_dest).parent.mkdir(parents=True, exist_ok=True)
            Path(json_dest).write_text(text, encoding="utf-8")
    return code
