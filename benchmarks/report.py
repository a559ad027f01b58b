"""Render a benchmark run: the text table (stdout), the Markdown table, the JSON and the plot."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

TARGETS_TEXT = {
    "exact_n3_vs_torch": "N=3 float32: minigrad-manual (exact kernels) <= 0.30x torch-manual",
    "exact_n1e4_vs_torch": "N=10^4 float32: minigrad-manual (exact) <= 0.80x torch-manual",
    "exact_n1e6_vs_numpy": "N=10^6 float32: minigrad-manual (exact) <= 1.5x numpy-hand (with cost)",
    "numba_n1e4_vs_torch": "N=10^4 float32: minigrad-manual-numba <= 0.45x torch-manual",
    "numba_n1e6_vs_numpy": "N=10^6 float32: minigrad-manual-numba <= 1.1x numpy-hand (with cost)",
    "memory_vectors": "N=10^6 float32: minigrad-manual loop peak <= 4 N-vectors",
    "memory_growth": "N=10^6 float32: minigrad-manual memory does not grow per epoch",
}


def fmt_n(n: int) -> str:
    """3 -> '3', 10000 -> '10^4' (powers of ten above 1000 as 10^k)."""
    k = len(str(n)) - 1
    return f"10^{k}" if n >= 1000 and n == 10**k else str(n)


def fmt_us(v: float) -> str:
    """Microseconds with three significant figures, no exponent."""
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def fmt_span(t: dict) -> str:
    """'median [min-max]' of one timing record, in µs."""
    return f"{fmt_us(t['median_us'])} [{fmt_us(t['min_us'])}-{fmt_us(t['max_us'])}]"


def fmt_ratio(v: float | None) -> str:
    """A ratio like '0.35x', or '-' when not measured."""
    return "-" if v is None else f"{v:.2f}x"


def _cells(run: dict, dtype: str, threads: int) -> dict[tuple[str, int], dict]:
    return {
        (t["contender"], t["n"]): t
        for t in run["timings"]
        if t["dtype"] == dtype and t["threads"] == threads
    }


def _ordered_contenders(run: dict) -> list[str]:
    return [c["name"] for c in run["contenders"] if c["available"]]


def _thread_label(run: dict, threads: int) -> str:
    default = run["threads"]["torch_default"]
    return f"torch threads={threads}" + (" (default)" if threads == default else "")


def text_tables(run: dict) -> str:
    """The stdout tables: one per (dtype, torch threads), contenders x N."""
    sizes = run["settings"]["sizes"]
    names = _ordered_contenders(run)
    width = max(len(n) for n in names) + 2
    col = 26
    out = []
    for dtype in run["settings"]["dtypes"]:
        for threads in run["threads"]["configs"]:
            cells = _cells(run, dtype, threads)
            out.append(
                f"\n{dtype}, {_thread_label(run, threads)} - us per epoch: median [min-max]; "
                "below: x numpy-hand / x torch-manual (paired per repeat)"
            )
            out.append(" " * width + "".join(f"N={fmt_n(n)}".rjust(col) for n in sizes))
            for name in names:
                row1, row2 = [], []
                for n in sizes:
                    t = cells.get((name, n))
                    if t is None:
                        row1.append("-".rjust(col))
                        row2.append("".rjust(col))
                        continue
                    row1.append(fmt_span(t).rjust(col))
                    row2.append(
                        f"{fmt_ratio(t['ratio_numpy'])} / {fmt_ratio(t['ratio_torch'])}".rjust(col)
                    )
                out.append(name.ljust(width) + "".join(row1))
                out.append(" " * width + "".join(row2))
    out.append("")
    out.extend(_detail_lines(run, markdown=False))
    out.append("")
    out.extend(_memory_lines(run, markdown=False))
    out.append("")
    out.extend(_target_lines(run, markdown=False))
    return "\n".join(out) + "\n"


def _fmt_mb(b: float | None) -> str:
    return "-" if b is None else f"{b / 1e6:.1f}"


def _memory_lines(run: dict, markdown: bool) -> list[str]:
    mem = run.get("memory") or []
    if not mem:
        return ["(memory not measured)"]
    head = [
        "contender",
        "N",
        "dtype",
        "method",
        "peak MB",
        "peak N-vectors",
        "growth B/epoch",
        "grows",
    ]
    rows = []
    for m in mem:
        if "error" in m:
            rows.append(
                [m["contender"], fmt_n(m["n"]), m["dtype"], "error", m["error"][:60], "", "", ""]
            )
            continue
        growth = m["growth_bytes_per_epoch"]
        rows.append(
            [
                m["contender"],
                fmt_n(m["n"]),
                m["dtype"],
                m["method"].split(" ")[0],
                _fmt_mb(m["peak_bytes"]),
                f"{m['peak_vectors']:.2f}",
                "-" if growth is None else f"{growth:,.0f}",
                "-" if m["grows"] is None else ("yes" if m["grows"] else "no"),
            ]
        )
    title = "Peak memory of each loop above its baseline (own process each)"
    return [title, *_table(head, rows, markdown)]


def _detail_lines(run: dict, markdown: bool) -> list[str]:
    """At the largest N: wall vs CPU time of the timing thread, and page faults per epoch."""
    n = max(run["settings"]["sizes"])
    threads = run["threads"]["configs"][0]
    rows = []
    for t in run["timings"]:
        if t["n"] == n and t["threads"] == threads and "cpu_median_us" in t:
            rows.append(
                [
                    t["contender"],
                    t["dtype"],
                    fmt_us(t["median_us"]),
                    fmt_us(t["cpu_median_us"]),
                    f"{t['page_faults_per_epoch']:,.0f}",
                ]
            )
    title = (
        f"N={fmt_n(n)}, {_thread_label(run, threads)}: wall vs CPU us per epoch (CPU of the "
        "timing thread only: torch's workers are not in it) and minor page faults per epoch"
    )
    head = ["contender", "dtype", "wall us", "CPU us", "page faults"]
    return [title, *_table(head, rows, markdown)]


def _target_lines(run: dict, markdown: bool) -> list[str]:
    rows = []
    for t in run.get("targets", []):
        verdict = {True: "reached", False: "NOT reached", None: "not measured"}[t["reached"]]
        rows.append([TARGETS_TEXT[t["id"]], t["measured"], verdict])
    return [
        "Targets for minigrad (from issue 10; torch with 1 thread where run)",
        *_table(["target", "measured", "verdict"], rows, markdown),
    ]


def _table(head: list[str], rows: Iterable[list[str]], markdown: bool) -> list[str]:
    rows = list(rows)
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return lines
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    return ["  ".join(str(x).ljust(w) for x, w in zip(r, widths)) for r in [head, *rows]]


def markdown(run: dict) -> str:
    """The Markdown report (benchmarks/results/latest.md), meant to be pasted into the README."""
    sizes = run["settings"]["sizes"]
    names = _ordered_contenders(run)
    m = run["machine"]
    v = run["versions"]
    busy = max(run["load_average"]["start"][0], run["load_average"]["end"][0])
    warn = []
    if busy > 0.5 * (m["cpu_count"] or 1):
        warn = [
            "",
            f"**The machine was busy (load average up to {busy:.1f} on {m['cpu_count']} CPUs): "
            "the wall-clock figures are noisy; re-run on a quiet machine.**",
        ]
    out = [
        f"Run {run['date_utc']} on {m['cpu']} ({m['cpu_count']} logical CPUs), "
        f"load average {run['load_average']['start'][0]:.2f} at start and "
        f"{run['load_average']['end'][0]:.2f} at end; Python {v['python']}, numpy {v['numpy']}, "
        f"torch {v.get('torch', '-')}, minigrad {v.get('minigrad', '-')}. "
        f"Command: `{run['command']}` at commit {str(v.get('git_commit'))[:10]}"
        f"{' (minigrad/ or benchmarks/ modified)' if v.get('git_dirty') else ''}.",
        "",
        "Microseconds per epoch of the seeds' loop (hypothesis = x*W + b, MSE, SGD lr 0.01): "
        "median over "
        f"{run['settings']['repeats']} interleaved repeats [min-max], then the median per-repeat "
        "ratio to numpy-hand and to torch-manual.",
        *warn,
    ]
    for dtype in run["settings"]["dtypes"]:
        for threads in run["threads"]["configs"]:
            cells = _cells(run, dtype, threads)
            out += ["", f"**{dtype}, {_thread_label(run, threads)}**", ""]
            head = ["contender", *[f"N={fmt_n(n)}" for n in sizes]]
            rows = []
            for name in names:
                row = [f"`{name}`"]
                for n in sizes:
                    t = cells.get((name, n))
                    row.append(
                        "-"
                        if t is None
                        else f"{fmt_span(t)}<br>{fmt_ratio(t['ratio_numpy'])} np · "
                        f"{fmt_ratio(t['ratio_torch'])} torch"
                    )
                rows.append(row)
            out += _table(head, rows, markdown=True)
    out += ["", *_detail_lines(run, markdown=True)]
    out += ["", *_memory_lines(run, markdown=True), "", *_target_lines(run, markdown=True)]
    skipped = [c for c in run["contenders"] if not c["available"]]
    if skipped:
        out += ["", "Skipped: " + "; ".join(f"`{c['name']}` ({c['skip_reason']})" for c in skipped)]
    return "\n".join(out) + "\n"


def write_json(run: dict, path: Path) -> None:
    """Write every figure of the run as indented JSON."""
    path.write_text(json.dumps(run, indent=1, sort_keys=False) + "\n")


def plot(run: dict, path: Path) -> None:
    """Log-log time per epoch vs N, one line per contender; a panel per (dtype, threads)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dtypes, configs = run["settings"]["dtypes"], run["threads"]["configs"]
    names = _ordered_contenders(run)
    fig, axes = plt.subplots(
        len(dtypes),
        len(configs),
        figsize=(6.5 * len(configs), 4.6 * len(dtypes)),
        squeeze=False,
        sharex=True,
        sharey=True,
    )
    cmap = plt.get_cmap("tab20")
    styles = {"numpy": "-", "minigrad": "-", "torch": "--", "peer": ":"}
    families = {c["name"]: c["family"] for c in run["contenders"]}
    for i, dtype in enumerate(dtypes):
        for j, threads in enumerate(configs):
            ax = axes[i][j]
            cells = _cells(run, dtype, threads)
            for k, name in enumerate(names):
                pts = sorted((n, t["median_us"]) for (c, n), t in cells.items() if c == name)
                if not pts:
                    continue
                ax.plot(
                    [p[0] for p in pts],
                    [p[1] for p in pts],
                    marker="o",
                    ms=3,
                    ls=styles.get(families[name], "-"),
                    color=cmap(k % 20),
                    label=name,
                    lw=2.2 if name.startswith("minigrad-manual") else 1.3,
                )
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.grid(True, which="both", alpha=0.3)
            ax.set_title(f"{dtype}, {_thread_label(run, threads)}", fontsize=10)
            if i == len(dtypes) - 1:
                ax.set_xlabel("N (data points)")
            if j == 0:
                ax.set_ylabel("µs per epoch (median)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(
        handles, labels, loc="lower center", ncol=min(6, len(labels)), fontsize=8, frameon=False
    )
    fig.suptitle(
        f"x*W + b, MSE, SGD: time per epoch vs N  ({run['date_utc'][:16]} UTC)", fontsize=11
    )
    fig.tight_layout(rect=(0, 0.07, 1, 0.97))
    fig.savefig(path, dpi=110)
    plt.close(fig)
