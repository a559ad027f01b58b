"""Reductions in torch's manner (the ``exact`` kernel set's ``extreme``,
``select_along``, ``welford``): which element max/min return, and var/std's float64 Welford
recurrence.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .torch_order import _lanes

Array = np.ndarray


def extreme(a: Array, largest: bool) -> Any:
    """torch's ``max()``/``min()`` of all elements, down to which zero it returns (a nan
    wins). Its ``reduce_all`` keeps one running value per vector lane, replacing it by each
    new element unless the running value is strictly better (so the last of equal values,
    e.g. of -0.0 and 0.0, stays); a tail updates the first lanes; then lane 0 folds in the
    others one by one."""
    flat = np.ascontiguousarray(a).reshape(-1)

    def pick(acc: Any, v: Any) -> Any:
        keep = (acc > v) if largest else (acc < v)
        return np.where(keep | np.isnan(acc), acc, v)

    lanes = _lanes(flat.dtype)
    if flat.size < lanes:
        acc = flat
    else:
        full = flat.size // lanes * lanes
        rows = flat[:full].reshape(-1, lanes)
        best = rows.max(axis=0) if largest else rows.min(axis=0)  # nan propagates
        last = rows.shape[0] - 1 - np.argmax((rows == best)[::-1], axis=0)
        acc = np.where(np.isnan(best), best, rows[last, np.arange(lanes)])
        tail = flat[full:]
        if tail.size:
            acc = acc.copy()
            acc[: tail.size] = pick(acc[: tail.size], tail)
    out = acc[0]
    for v in acc[1:]:
        out = pick(out, v)
    return flat.dtype.type(out)


def select_along(a: Array, dim: int, keepdim: bool, largest: bool) -> tuple[Array, Array]:
    """(indices, values) of the max/min along ``dim``: the first occurrence, and a nan wins
    (its first index), as torch's CPU kernel."""
    if a.ndim == 0:
        return np.zeros((), dtype=np.int64), a.copy()
    if a.shape[dim] == 0:
        raise IndexError(
            f"{'max' if largest else 'min'}(): Expected reduction dim {dim} to have non-zero "
            "size."
        )
    if a.dtype.kind == "f":
        nan = np.isnan(a)
        idx = np.argmax(a, axis=dim) if largest else np.argmin(a, axis=dim)
        any_nan = nan.any(axis=dim)
        if any_nan.any():
            idx = np.where(any_nan, np.argmax(nan, axis=dim), idx)
    else:
        idx = np.argmax(a, axis=dim) if largest else np.argmin(a, axis=dim)
    idx = np.expand_dims(idx, dim)
    values = np.take_along_axis(a, idx, axis=dim)
    if not keepdim:
        idx, values = idx.squeeze(dim), values.squeeze(dim)
    return idx.astype(np.int64), values


def welford(a: Array, axes: tuple[int, ...]) -> tuple[Array, Array, int]:
    """torch's CPU var/std over ``axes``: Welford's algorithm in float64, one element after
    the other (row-major over the reduced axes); returns (mean, m2, n) with keepdims."""
    moved = np.moveaxis(a, axes, tuple(range(-len(axes), 0)))
    n = int(np.prod([a.shape[i] for i in axes]))
    flat = moved.reshape(moved.shape[: moved.ndim - len(axes)] + (n,)).astype(np.float64)
    mean = np.zeros(flat.shape[:-1])
    m2 = np.zeros(flat.shape[:-1])
    for i in range(n):
        x = flat[..., i]
        delta = x - mean
        mean = mean + delta / float(i + 1)
        m2 = m2 + delta * (x - mean)
    keep = [1 if i in axes else s for i, s in enumerate(a.shape)]
    return mean.reshape(keep), m2.reshape(keep), n
