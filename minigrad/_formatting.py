"""``repr`` of tensors, written to print what torch prints (torch/_tensor_str.py's rules).

Floats print with 4 decimals, integers-valued floats as ``1.``, and scientific notation when
the magnitudes span more than 1000x, exceed 1e8 or go below 1e-4; all elements share one width;
rows wrap at 80 columns; tensors over 1000 elements are summarised with ``...``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import _naming, views

PRECISION = 4
LINEWIDTH = 80
THRESHOLD = 1000
EDGEITEMS = 3


def _ratio(hi: float, lo: float) -> float:
    """hi / lo without an overflow error (a subnormal lo makes it infinite)."""
    try:
        return hi / lo
    except OverflowError:  # pragma: no cover - Python floats give inf, not an error
        return math.inf


class _Formatter:
    """Chooses one number format and width for all elements of a tensor."""

    def __init__(self, values: np.ndarray) -> None:
        self.floating = values.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not self.floating:
            for v in flat.tolist():
                self.max_width = max(self.max_width, len(str(v)))
            return
        finite = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
        if finite.size == 0:
            return
        absolute = np.abs(finite)
        lo, hi = float(absolute.min()), float(absolute.max())
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        if self.int_mode:
            if _ratio(hi, lo) > 1000.0 or hi > 1.0e8:
                self.sci_mode = True
                fmt = f"{{:.{PRECISION}e}}"
                self.max_width = max(len(fmt.format(v)) for v in finite.tolist())
            else:
                self.max_width = max(len(f"{v:.0f}") + 1 for v in finite.tolist())
        else:
            if _ratio(hi, lo) > 1000.0 or hi > 1.0e8 or lo < 1.0e-4:
                self.sci_mode = True
                fmt = f"{{:.{PRECISION}e}}"
            else:
                fmt = f"{{:.{PRECISION}f}}"
            self.max_width = max(len(fmt.format(v)) for v in finite.tolist())

    def format(self, value: Any) -> str:
        if self.floating:
            value = float(value)
            if self.sci_mode:
                text = f"{value:{self.max_width}.{PRECISION}e}"
            elif self.int_mode:
                text = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    text += "."
            else:
                text = f"{value:.{PRECISION}f}"
        else:
            text = str(value.item() if hasattr(value, "item") else value)
        return (self.max_width - len(text)) * " " + text


def _summarize(values: np.ndarray) -> np.ndarray:
    """The elements that a summarised print shows (edge items of every dimension)."""
    if values.ndim == 0:
        return values
    if values.shape[0] > 2 * EDGEITEMS:
        values = np.concatenate([values[:EDGEITEMS], values[-EDGEITEMS:]])
    return np.stack([_summarize(v) for v in values]) if values.ndim > 1 else values


def _vector_str(values: np.ndarray, indent: int, fmt: _Formatter, summarize: bool) -> str:
    element_length = fmt.max_width + 2
    per_line = max(1, int(math.floor((LINEWIDTH - indent) / element_length)))
    if summarize and values.shape[0] > 2 * EDGEITEMS:
        items = [fmt.format(v) for v in values[:EDGEITEMS]] + [" ..."]
        items += [fmt.format(v) for v in values[-EDGEITEMS:]]
    else:
        items = [fmt.format(v) for v in values]
    lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _array_str(values: np.ndarray, indent: int, fmt: _Formatter, summarize: bool) -> str:
    if values.ndim == 0:
        return fmt.format(values)
    if values.ndim == 1:
        return _vector_str(values, indent, fmt, summarize)
    if summarize and values.shape[0] > 2 * EDGEITEMS:
        rows = [_array_str(values[i], indent + 1, fmt, summarize) for i in range(EDGEITEMS)]
        rows.append("...")
        rows += [
            _array_str(values[i], indent + 1, fmt, summarize)
            for i in range(values.shape[0] - EDGEITEMS, values.shape[0])
        ]
    else:
        rows = [_array_str(v, indent + 1, fmt, summarize) for v in values]
    sep = "," + "\n" * (values.ndim - 1) + " " * (indent + 1)
    return "[" + sep.join(rows) + "]"


def array_str(values: np.ndarray, indent: int = 7) -> str:
    """The body of a tensor's repr (what stands between ``tensor(`` and the suffixes)."""
    if values.size == 0:
        return "[]"
    summarize = values.size > THRESHOLD
    fmt = _Formatter(_summarize(values) if summarize else values)
    return _array_str(values, indent, fmt, summarize)


def _dtype_suffix(dtype: np.dtype) -> str | None:
    if dtype in (np.float32, np.int64, np.bool_):
        return None
    return f"dtype=torch.{dtype.name}"


def _add_suffixes(body: str, suffixes: list[str], indent: int, force_newline: bool) -> str:
    parts = [body]
    last_line_len = len(body) - body.rfind("\n") + 1
    for suffix in suffixes:
        if force_newline or last_line_len + len(suffix) + 2 > LINEWIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
            force_newline = False
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def tensor_repr(t: Any, prefix: str = "tensor(") -> str:
    """torch's ``repr`` of a tensor: ``tensor([1.5000, 2.0000], requires_grad=True)``."""
    values = t._data
    indent = len(prefix)
    suffixes = []
    body = array_str(values, indent)
    if values.size == 0 and values.shape != (0,):
        suffixes.append(f"size={tuple(values.shape)}")
    if values.size == 0 and values.dtype != np.float32:
        # nothing shows that the elements are integers or booleans: torch names the dtype
        suffixes.append(f"dtype=torch.{values.dtype.name}")
    else:
        dtype_suffix = _dtype_suffix(values.dtype)
        if dtype_suffix:
            suffixes.append(dtype_suffix)
    node = t._grad_fn
    if views.PENDING:  # (torch's repr asks for the history: remade now)
        views.observe(t)
    if node is not None:  # a view made under no_grad and rebased since prints <Invalid>
        name = "Invalid" if isinstance(node, str) else _naming.repr_name(node)
        suffixes.append(f"grad_fn=<{name}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent, False)
