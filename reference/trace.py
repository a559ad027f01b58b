"""Per-step traces of a training loop and their comparison.

A :class:`Trace` holds, for every optimisation step, the cost computed *before* the step,
every parameter's gradient (read after ``backward()``, before ``step()``) and every parameter
*after* the step. :func:`compare` finds the first step and field where two traces part and
reports the largest absolute, relative and ulp differences.

Tolerances (documented here, used by the tests and the verify command):

* float64: ``|a - b| <= atol * scale + rtol * |b|`` with ``rtol = atol = 1e-10`` (1000 times
  tighter than torch.testing's float64 defaults; summation-order differences measured here
  stay below 1e-14 of the field's scale). ``scale`` is the largest magnitude the field takes
  over the whole trace, but at least 1: a cost that converges to ~0 is judged on the scale it
  started from, not on cancellation noise at the end, and a gradient that is ~0 because its
  terms cancel gets an absolute floor, as torch.testing's ``atol`` does.
* float32: the same rule with ``rtol = 1e-4`` and ``atol = 1e-5``: summation-order differences
  (~1 ulp per reduction) are carried along by gradient descent for hundreds of steps, and a
  slowly converging direction (small curvature) amplifies them by up to ~1/(lr * curvature).
  Exact agreement is the goal and is reported separately (``identical``) together with the
  largest ulp distance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Trace", "Tolerance", "Comparison", "Divergence", "compare", "tolerance_for", "ulps"]


@dataclass
class Trace:
    """What one engine computed at each step of one scenario.

    ``steps[i]`` names step i (``"epoch 3"`` or ``"epoch 3 batch 2"``); ``cost[i]`` is the
    cost before step i; ``grads[name][i]`` and ``params[name][i]`` are arrays shaped like the
    parameter. ``log`` holds the tutorial-style lines the loop printed, ``extra`` anything
    else worth keeping (a prediction, the data, the final model output).
    """

    scenario: str
    engine: str
    dtype: str
    steps: list[str] = field(default_factory=list)
    cost: list[np.ndarray] = field(default_factory=list)
    grads: dict[str, list[np.ndarray]] = field(default_factory=dict)
    params: dict[str, list[np.ndarray]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def record(
        self,
        step: str,
        cost: np.ndarray,
        grads: dict[str, np.ndarray | None],
        params: dict[str, np.ndarray],
    ) -> None:
        """Append one step. A missing gradient (``None``) is stored as NaNs."""
        self.steps.append(step)
        self.cost.append(np.array(cost, copy=True))
        for name, value in params.items():
            g = grads.get(name)
            g = np.full(np.shape(value), np.nan, dtype=np.asarray(value).dtype) if g is None else g
            self.grads.setdefault(name, []).append(np.array(g, copy=True))
            self.params.setdefault(name, []).append(np.array(value, copy=True))

    def __len__(self) -> int:
        return len(self.steps)

    def fields(self) -> list[tuple[str, list[np.ndarray]]]:
        """The compared fields in report order: cost, then grad and param of each parameter."""
        out: list[tuple[str, list[np.ndarray]]] = [("cost", self.cost)]
        for name in self.params:
            out.append((f"grad[{name}]", self.grads[name]))
            out.append((f"param[{name}]", self.params[name]))
        return out

    def head(self, n: int) -> Trace:
        """The first ``n`` steps (log and extras kept whole)."""
        return Trace(self.scenario, self.engine, self.dtype, self.steps[:n], self.cost[:n],
                     {k: v[:n] for k, v in self.grads.items()},
                     {k: v[:n] for k, v in self.params.items()}, self.log, self.extra)

    def final_params(self) -> dict[str, np.ndarray]:
        """Each parameter after the last step."""
        return {name: values[-1] for name, values in self.params.items()}


@dataclass(frozen=True)
class Tolerance:
    """``|a - b| <= atol * max(scale, 1) + rtol * |b|`` elementwise (see the module docstring)."""

    rtol: float
    atol: float

    def __str__(self) -> str:
        return f"rtol={self.rtol:g}, atol={self.atol:g}*scale"


EXACT = Tolerance(0.0, 0.0)


def tolerance_for(dtype: str | np.dtype) -> Tolerance:
    """The documented tolerance for traces of this dtype."""
    return Tolerance(1e-10, 1e-10) if np.dtype(dtype) == np.float64 else Tolerance(1e-4, 1e-5)


def ulps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Units in the last place between ``a`` and ``b`` (same float dtype), as int64 (0 where
    both are NaN; a huge number where only one is)."""
    a, b = np.asarray(a), np.asarray(b)
    dt = np.result_type(a, b)
    if dt not in (np.float32, np.float64):
        dt = np.dtype(np.float64)
    a, b = a.astype(dt), b.astype(dt)
    itype, bits = (np.int32, 32) if dt == np.float32 else (np.int64, 64)

    def ordered(x: np.ndarray) -> np.ndarray:
        i = x.view(itype).astype(np.int64)
        return np.where(i < 0, np.int64(-(1 << (bits - 1))) - i, i)

    oa, ob = ordered(a), ordered(b)
    same_side = (oa >= 0) == (ob >= 0)
    with np.errstate(over="ignore"):
        exact = np.abs(np.where(same_side, oa - ob, 0)).astype(np.float64)
    d = np.where(same_side, exact, np.abs(oa.astype(np.float64) - ob.astype(np.float64)))
    both_nan = np.isnan(a) & np.isnan(b)
    return np.where(both_nan, 0, d).astype(np.float64)


@dataclass
class Divergence:
    """Where two traces first part: the step, the field, the element index and both values."""

    step_index: int
    step: str
    field: str
    index: tuple
    a: float
    b: float

    def __str__(self) -> str:
        where = f"{self.field}{list(self.index) if self.index else ''}"
        return f"{self.step}, {where}: {self.a!r} vs {self.b!r}"


@dataclass
class Comparison:
    """The result of :func:`compare`. ``ok`` is the verdict; ``identical`` means bit-for-bit."""

    a_name: str
    b_name: str
    steps: int
    tolerance: Tolerance
    ok: bool = True
    identical: bool = True
    max_abs: float = 0.0
    max_rel: float = 0.0
    max_ulps: float = 0.0
    first: Divergence | None = None
    both_diverged_at: str | None = None
    structure: str | None = None
    note: str | None = None

    @property
    def verdict(self) -> str:
        """One word for the table: identical, ok, both-diverged or MISMATCH."""
        if not self.ok:
            return "MISMATCH"
        if self.both_diverged_at is not None:
            return "both-diverged"
        return "identical" if self.identical else "ok"

    def describe(self) -> str:
        """A sentence that explains the verdict."""
        head = f"{self.a_name} vs {self.b_name} over {self.steps} steps ({self.tolerance}): "
        if self.structure:
            return head + "structure differs: " + self.structure
        parts = [self.verdict]
        if self.both_diverged_at is not None:
            parts.append(f"both diverged (non-finite) at {self.both_diverged_at}")
        if self.first is not None:
            parts.append(f"first divergence at {self.first}")
        parts.append(
            f"max abs {self.max_abs:.3g}, max rel {self.max_rel:.3g}, max ulps {self.max_ulps:.0f}"
        )
        if self.note:
            parts.append(self.note)
        return head + "; ".join(parts)

    __str__ = describe


def _first_nonfinite(trace: Trace) -> int | None:
    for i in range(len(trace)):
        for _, values in trace.fields():
            if not np.all(np.isfinite(values[i])):
                return i
    return None


def compare(
    a: Trace,
    b: Trace,
    tol: Tolerance | None = None,
    a_name: str | None = None,
    b_name: str | None = None,
) -> Comparison:
    """Compare two traces step by step, ``b`` being the reference.

    Reports the first step and field outside ``tol`` (default: :func:`tolerance_for` the
    traces' dtype), the max abs / rel / ulp differences over the steps both traces computed
    finitely, and "both diverged at step k" when both go non-finite at the same step (that is
    agreement). Different step counts, parameter names or shapes are a structural mismatch.
    """
    tol = tol or tolerance_for(b.dtype)
    res = Comparison(a_name or a.engine, b_name or b.engine, len(b), tol)
    if len(a) != len(b) or list(a.params) != list(b.params):
        res.ok = res.identical = False
        res.structure = (
            f"{len(a)} steps {list(a.params)} vs {len(b)} steps {list(b.params)}"
        )
        return res
    ka, kb = _first_nonfinite(a), _first_nonfinite(b)
    end = len(b)
    if ka is not None and ka == kb:
        res.both_diverged_at = b.steps[kb]
        end = kb
    elif ka is not None or kb is not None:
        end = min(k for k in (ka, kb) if k is not None)
    for fname, (_, avals), (_, bvals) in zip(
        [f for f, _ in b.fields()], a.fields(), b.fields(), strict=True
    ):
        if end == 0:
            continue
        A = np.stack([np.asarray(v, dtype=np.float64) for v in avals[:end]])
        B = np.stack([np.asarray(v, dtype=np.float64) for v in bvals[:end]])
        if A.shape != B.shape:
            res.ok = res.identical = False
            res.structure = f"{fname}: shape {A.shape[1:]} vs {B.shape[1:]}"
            return res
        if not np.array_equal(A, B, equal_nan=True):
            res.identical = False
        diff = np.abs(A - B)
        diff = np.where(np.isnan(A) & np.isnan(B), 0.0, diff)
        if diff.size:
            res.max_abs = max(res.max_abs, float(np.nanmax(diff)))
            rel = diff / np.maximum(np.abs(B), np.finfo(np.float64).tiny)
            res.max_rel = max(res.max_rel, float(np.nanmax(np.where(diff == 0, 0.0, rel))))
            raw_a = np.stack([np.asarray(v) for v in avals[:end]])
            raw_b = np.stack([np.asarray(v) for v in bvals[:end]])
            res.max_ulps = max(res.max_ulps, float(np.max(ulps(raw_a, raw_b))))
        finite_b = np.abs(B[np.isfinite(B)])
        scale = max(float(finite_b.max()) if finite_b.size else 0.0, 1.0)
        bad = ~(diff <= tol.atol * scale + tol.rtol * np.abs(B))
        if bad.any():
            res.ok = False
            flat = np.argwhere(bad)[0]
            step = int(flat[0])
            cand = Divergence(step, b.steps[step], fname, tuple(int(i) for i in flat[1:]),
                              float(A[tuple(flat)]), float(B[tuple(flat)]))
            if res.first is None or step < res.first.step_index:
                res.first = cand
    if end < len(b) and res.both_diverged_at is None:
        res.ok = res.identical = False
        k = end
        who = a.engine if ka == k else b.engine
        if res.first is None or k < res.first.step_index:
            fname, va, vb = _nonfinite_field(a, b, k)
            res.first = Divergence(k, b.steps[k], f"{fname} (only {who} went non-finite)", (),
                                   va, vb)
    return res


def _nonfinite_field(a: Trace, b: Trace, k: int) -> tuple[str, float, float]:
    for (fname, av), (_, bv) in zip(a.fields(), b.fields(), strict=True):
        x, y = np.asarray(av[k], dtype=np.float64), np.asarray(bv[k], dtype=np.float64)
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
            return fname, float(x.reshape(-1)[0]), float(y.reshape(-1)[0])
    return "?", float("nan"), float("nan")
