"""Snapshots of a program's variables and their field-by-field comparison.

A tensor is compared on: shape, dtype (by name: ``torch.float32`` and ``float32`` are the
same name here; how a dtype *prints* is compared by the ``dtype``/``shape`` observation
rows and by ``repr``), ``requires_grad``, ``is_leaf``, the grad_fn's name, its values (bit
for bit, NaN-aware with any NaN payload, signed zeros distinguished; or within a documented
bound), ``str(t)``, and, for a variable torch calls a leaf, its ``.grad`` (None or not,
shape, dtype, values). Any other value (a Python number, a list, a ``Size``, a dtype, a
node) is compared by ``repr``, memory addresses normalised (``<MulBackward0 object at
0x…>``). Reading a field that raises records the exception as its value.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .program import normalise
from .tolerance import Tol, within

# the order in which differences on one line are reported (first = the signature)
FIELDS = (
    "exception", "kind", "shape", "dtype", "value", "grad", "requires_grad", "is_leaf",
    "grad_fn", "repr", "warning", "resync",
)
SKIPPED_TYPES = ("SGD", "Optimizer")


@dataclass(frozen=True)
class Diff:
    """One difference: the field, the variable, and what each library shows."""

    field: str
    var: str
    torch: str
    minigrad: str


def _read(fn: Any) -> Any:
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - a field that raises is a field value
        return f"<{type(e).__name__}: {e}>"


def _grad_fn_name(t: Any, torch_side: bool) -> Any:
    """``grad_fn.name()`` on both sides (torch's ``torch::autograd::CopySlices`` included;
    the class name a repr shows, ``CopySlices``, is compared with the repr)."""
    g = t.grad_fn
    if g is None:
        return None
    return g.name()


def _array(t: Any) -> Any:
    return np.array(t.detach().numpy(), copy=True)


def snapshot(x: Any, tensor_type: type, with_grad: bool) -> dict[str, Any]:
    """The comparable fields of one variable (``with_grad``: read ``.grad`` too)."""
    if type(x).__name__ in SKIPPED_TYPES:
        return {"kind": "object"}
    if not isinstance(x, tensor_type):
        return {"kind": type(x).__name__ if x is None else "python",
                "repr": _read(lambda: normalise(repr(x)))}
    torch_side = tensor_type.__module__.startswith("torch")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snap = {
            "kind": "tensor",
            "shape": _read(lambda: tuple(int(n) for n in x.shape)),
            "dtype": _read(lambda: str(x.dtype).replace("torch.", "")),
            "requires_grad": _read(lambda: bool(x.requires_grad)),
            "is_leaf": _read(lambda: bool(x.is_leaf)),
            "grad_fn": _read(lambda: _grad_fn_name(x, torch_side)),
            "value": _read(lambda: _array(x)),
            "repr": _read(lambda: str(x)),
        }
        if with_grad:
            snap["grad"] = _read(lambda: _grad_snapshot(x.grad, tensor_type))
    return snap


def _grad_snapshot(g: Any, tensor_type: type) -> Any:
    if g is None:
        return None
    if not isinstance(g, tensor_type):
        return f"<not a tensor: {g!r}>"
    return (tuple(int(n) for n in g.shape), str(g.dtype).replace("torch.", ""), _array(g))


def same_bits(want: np.ndarray, got: np.ndarray) -> bool:
    """Identical arrays: same shape and dtype, NaN where NaN, every other bit equal."""
    if want.shape != got.shape or want.dtype != got.dtype:
        return False
    if want.dtype.kind != "f":
        return bool(np.array_equal(want, got))
    nan_w, nan_g = np.isnan(want), np.isnan(got)
    if not np.array_equal(nan_w, nan_g):
        return False
    uint = np.uint32 if want.dtype.itemsize == 4 else np.uint64
    return bool(np.array_equal(want[~nan_w].view(uint), got[~nan_g].view(uint)))


def compare_arrays(want: Any, got: Any, tol: Tol, gradient: bool = False) -> str:
    """'exact', 'bound' (within ``tol``) or 'differs' (``gradient``: see ``within``)."""
    if not isinstance(want, np.ndarray) or not isinstance(got, np.ndarray):
        return "exact" if repr(want) == repr(got) else "differs"
    if same_bits(want, got):
        return "exact"
    ok = (
        want.shape == got.shape and want.dtype == got.dtype and want.dtype.kind == "f"
        and np.array_equal(np.isnan(want), np.isnan(got)) and within(got, want, tol, gradient)
    )
    return "bound" if ok else "differs"


def _show(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return np.array2string(x, floatmode="unique", threshold=20)
    if isinstance(x, tuple) and len(x) == 3 and isinstance(x[2], np.ndarray):
        return f"{x[0]} {x[1]} {_show(x[2])}"
    text = str(x)
    return text if len(text) < 300 else text[:300] + "..."


def _show_pair(want: Any, got: Any) -> tuple[str, str]:
    """Both arrays; for a large one, its first differing element (index, value, bits)."""
    if not (isinstance(want, np.ndarray) and isinstance(got, np.ndarray)) or want.size <= 8:
        return _show(want), _show(got)
    if want.shape != got.shape or want.dtype != got.dtype:
        return _show(want), _show(got)
    w, g = want.reshape(-1), got.reshape(-1)
    for i in range(w.size):
        if not same_bits(w[i : i + 1], g[i : i + 1]):
            at = tuple(int(k) for k in np.unravel_index(i, want.shape))
            return (f"at {at}: {w[i]!r} (of {_show(want)})",
                    f"at {at}: {g[i]!r} (of {_show(got)})")
    return _show(want), _show(got)


def compare_vars(
    name: str, want: dict[str, Any], got: dict[str, Any], value_tol: Tol, grad_tol: Tol
) -> tuple[list[Diff], set[str]]:
    """Differences between torch's (``want``) and minigrad's (``got``) snapshot of one
    variable, and the set of fields that needed a bound (``{"value", "grad"}`` subsets)."""
    diffs: list[Diff] = []
    bound: set[str] = set()
    if want["kind"] != got["kind"]:
        return [Diff("kind", name, want["kind"], got["kind"])], bound
    for f in ("shape", "dtype", "requires_grad", "is_leaf", "grad_fn", "repr"):
        if f in want and want[f] != got.get(f):
            diffs.append(Diff(f, name, _show(want[f]), _show(got.get(f))))
    if "value" in want and want.get("shape") == got.get("shape"):
        verdict = compare_arrays(want["value"], got["value"], value_tol)
        if verdict == "differs":
            diffs.append(Diff("value", name, *_show_pair(want["value"], got["value"])))
        elif verdict == "bound":
            bound.add("value")
    if "grad" in want:
        wg, gg = want["grad"], got.get("grad")
        if isinstance(wg, tuple) and isinstance(gg, tuple) and wg[:2] == gg[:2]:
            verdict = compare_arrays(wg[2], gg[2], grad_tol, gradient=True)
        else:
            verdict = "exact" if _show(wg) == _show(gg) else "differs"
        if verdict == "differs":
            diffs.append(Diff("grad", name, _show(wg), _show(gg)))
        elif verdict == "bound":
            bound.add("grad")
    return diffs, bound
