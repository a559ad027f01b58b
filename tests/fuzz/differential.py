"""Run one program on torch and on minigrad, comparing after every line.

After each line: the exception (class and normalised message; once both raised the same
error the program goes on without that line's result), the warnings, and every live
variable (:func:`.compare.compare_vars`); leaves' ``.grad`` included. The first line with a
difference ends the run: what follows would mostly repeat it.

A value within its documented bound is copied from torch into minigrad's result right
after the comparison (``detach().numpy()`` shares memory in both libraries), and so is a
leaf's gradient within its bound (so an optimizer step from it compares exactly), so later
lines compare bit for bit again; see :mod:`.tolerance`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .compare import FIELDS, Diff, compare_vars, snapshot
from .program import Line, Program, namespace, run_line
from .tolerance import EXACT, Tol, loosest
from .values import holds


@dataclass
class Outcome:
    """``status``: 'identical', 'bound' (some value or gradient within a documented bound,
    the rest identical), 'differs' or 'harness' (the fuzzer itself failed)."""

    status: str
    diffs: list[Diff] = field(default_factory=list)
    line: int = -1
    kind: str = ""

    @property
    def signature(self) -> str:
        """A short class of the failure: field, statement kind, and for exceptions the two
        classes (``-`` for none)."""
        if self.status in ("identical", "bound"):
            return self.status
        if self.status == "harness":
            return f"harness @ {self.kind}"
        d = min(self.diffs, key=lambda d: FIELDS.index(d.field))
        sig = f"{d.field} @ {self.kind}"
        if d.field == "exception":
            sig += f" [torch {d.torch.split(':')[0]} / minigrad {d.minigrad.split(':')[0]}]"
        elif d.field in ("kind", "dtype", "grad_fn", "is_leaf", "requires_grad"):
            sig += f" [{d.torch} / {d.minigrad}]"
        return sig

    def describe(self, program: Program) -> str:
        """The program, the failing line and every difference found on it."""
        out = [f"outcome: {self.signature}", program.source().rstrip()]
        if self.line >= 0:
            number = 3 + sum(line.src.count("\n") + 1 for line in program.lines[: self.line])
            out.append(f"first difference after line {number}: "
                       f"{program.lines[self.line].src!r}")
        for d in self.diffs:
            out.append(f"  {d.field} of {d.var}:\n    torch:    {d.torch}\n"
                       f"    minigrad: {d.minigrad}")
        return "\n".join(out)


def _fmt_error(err: tuple[str, str] | None) -> str:
    return "-" if err is None else f"{err[0]}: {err[1]}"


def _variables(ns_t: dict[str, Any], ns_m: dict[str, Any]) -> list[str]:
    names = [k for k in ns_t if k[0] == "v" or k == "opt"]
    names += [k for k in ns_m if (k[0] == "v" or k == "opt") and k not in ns_t]
    return names


def _retains_grad(x: Any) -> bool:
    try:
        return bool(getattr(x, "retains_grad", False))
    except RuntimeError:  # torch refuses to look at some views (see values.holds)
        return False


def _resync(var: Any, want: np.ndarray) -> None:
    """Write torch's bits into minigrad's result (shared memory, no version bump)."""
    var.detach().numpy()[...] = want


def compare_line(
    line: Line, ns_t: dict[str, Any], ns_m: dict[str, Any], torch: Any, minigrad: Any,
    grad_tol: Callable[[Any], Tol],
) -> tuple[list[Diff], set[str]]:
    """Compare every variable after ``line``; resync its result if within its bound.
    ``grad_tol(torch_tensor)`` is the bound of that tensor's ``.grad``."""
    diffs: list[Diff] = []
    bound: set[str] = set()
    for name in _variables(ns_t, ns_m):
        if name not in ns_t or name not in ns_m:  # the line raised on one side only
            diffs.append(Diff("kind", name, "assigned" if name in ns_t else "not assigned",
                              "assigned" if name in ns_m else "not assigned"))
            continue
        want = snapshot(ns_t[name], torch.Tensor, with_grad=True)
        with_grad = want.get("is_leaf") is True or _retains_grad(ns_t[name])
        if not with_grad:
            want.pop("grad", None)
        got = snapshot(ns_m[name], minigrad.Tensor, with_grad=with_grad)
        # a line's bound covers what it assigns, or, for an in-place line with a bound (an
        # optimizer step), every variable it may have written
        bounded = name == line.target or (line.target is None and not line.value.exact)
        tol = line.value if bounded else EXACT
        gtol = grad_tol(ns_t[name]) if with_grad else EXACT
        d, b = compare_vars(name, want, got, tol, gtol)
        if "value" in b and bounded:
            # within its bound: take torch's bits, then everything else (repr included,
            # which may print the last digit differently) must match exactly
            try:
                _resync(ns_m[name], want["value"])
            except Exception as e:  # noqa: BLE001 - a failed resync is a finding
                d.append(Diff("resync", name, "shared memory", f"{type(e).__name__}: {e}"))
            else:
                got = snapshot(ns_m[name], minigrad.Tensor, with_grad=with_grad)
                d, _ = compare_vars(name, want, got, EXACT, gtol)
                if any(x.field == "value" for x in d):
                    d.append(Diff("resync", name, "torch's bits", "not written"))
        if "grad" in b:
            # a gradient within its bound: take torch's bits too, so that an optimizer step
            # or a manual update from it compares exactly
            try:
                _resync(ns_m[name].grad, want["grad"][2])
            except Exception as e:  # noqa: BLE001 - a failed resync is a finding
                d.append(Diff("resync", name, "grad shares memory", f"{type(e).__name__}: {e}"))
        diffs += d
        bound |= b
    return diffs, bound


def _leaves_under(node: Any) -> set[int]:
    """ids of the leaf tensors whose gradient flows through ``node`` (torch's graph)."""
    seen: set[int] = set()
    leaves: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        var = getattr(n, "variable", None)  # AccumulateGrad: the leaf itself
        if var is not None:
            leaves.add(id(var))
        stack.extend(f for f, _ in n.next_functions)
    return leaves


class GradBounds:
    """Which gradients may differ within a bound: a leaf's, when its gradient flows through
    a node made by a line with a gradient bound (found in torch's graph); a retained
    non-leaf's, once any such line has run (its position in the graph is not traced)."""

    def __init__(self) -> None:
        self.nodes: list[tuple[Any, Tol]] = []
        self.any = EXACT

    def record(self, line: Line, ns_t: dict[str, Any]) -> None:
        """Note ``line``'s node if the line has a gradient bound."""
        if line.grad.exact:
            return
        self.any = loosest(self.any, line.grad)
        node = getattr(ns_t.get(line.target or ""), "grad_fn", None)
        if node is not None:
            self.nodes.append((node, line.grad))

    def __call__(self, t: Any) -> Tol:
        if not holds(lambda x: x.is_leaf, t):
            return self.any
        tol = EXACT
        for node, bound in self.nodes:
            if id(t) in _leaves_under(node):
                tol = loosest(tol, bound)
        return tol


def run_program(program: Program, torch: Any, minigrad: Any) -> Outcome:
    """Run ``program`` on both libraries; the first line that differs decides."""
    ns_t, ns_m = namespace(torch), namespace(minigrad)
    grad_tol = GradBounds()
    used_bound = False
    for i, line in enumerate(program.lines):
        try:
            rt = run_line(line, ns_t)
            rm = run_line(line, ns_m)
            diffs: list[Diff] = []
            if rt.error != rm.error:
                diffs.append(Diff("exception", line.target or "-", _fmt_error(rt.error),
                                  _fmt_error(rm.error)))
            if rt.warnings != rm.warnings:
                diffs.append(Diff("warning", line.target or "-", str(rt.warnings),
                                  str(rm.warnings)))
            if rt.error is None:
                grad_tol.record(line, ns_t)
            d, bound = compare_line(line, ns_t, ns_m, torch, minigrad, grad_tol)
        except Exception as e:  # noqa: BLE001 - the fuzzer's own failure, reported as such
            return Outcome("harness", [Diff("harness", "-", "", f"{type(e).__name__}: {e}")],
                           i, line.kind)
        diffs += d
        used_bound |= bool(bound)
        if diffs:
            return Outcome("differs", diffs, i, line.kind)
    return Outcome("bound" if used_bound else "identical")
