"""torch's CPU summation order, emulated in numpy (torch-free).

``torch.sum`` over a contiguous run of ``n`` float32/float64 values (one thread) is neither a
sequential sum nor numpy's pairwise sum. ATen's ``SumKernel`` does:

* ``n`` >= lanes (8 float32 / 4 float64, i.e. 32-byte vectors even when the CPU kernels run at
  ``ATEN_CPU_CAPABILITY=default``): view the first ``n // lanes`` vectors as rows of four
  (``row_sum`` with an ILP factor of 4), sum them lane-wise with a 4-level cascade
  (``multi_row_sum``: blocks of ``level_step = 2**max(4, ceil_log2(rows) // 4)`` rows are
  added sequentially into level 0, then carried upward), add leftover vectors to accumulator
  0, fold accumulators 1..3 into 0; then the scalar tail ``a[n // lanes * lanes:]`` is summed
  sequentially from 0 and the lanes are added to it one by one.
* ``n`` < lanes: the same ``row_sum`` on scalars: with ``n`` >= 4 that is
  ``x0 + x4 + x5 + ... + x1 + x2 + x3``, not left to right.

Every addition rounds to the array's dtype. ``tests/test_torchsum.py`` checks this against
torch for many sizes.
"""

from __future__ import annotations

import numpy as np

__all__ = ["torch_sum", "torch_mean"]


def _ceil_log2(x: int) -> int:
    return 1 if x <= 2 else int(x - 1).bit_length()


def _seq_add(acc: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``acc + rows[0] + rows[1] + ...`` left to right, rounding each step."""
    if len(rows) == 0:
        return acc
    return np.add.accumulate(np.concatenate([acc[None], rows]), axis=0)[-1]


def _multi_row_sum(rows: np.ndarray) -> np.ndarray:
    """ATen ``multi_row_sum``: rows shaped (size, nrows, lanes) -> (nrows, lanes)."""
    size = rows.shape[0]
    levels = 4
    level_power = max(4, _ceil_log2(size) // levels)
    step = 1 << level_power
    mask = step - 1
    acc = np.zeros((levels,) + rows.shape[1:], dtype=rows.dtype)
    i = 0
    while i + step <= size:
        acc[0] = _seq_add(acc[0], rows[i : i + step])
        i += step
        for j in range(1, levels):
            acc[j] = acc[j] + acc[j - 1]
            acc[j - 1] = 0
            if i & (mask << (j * level_power)):
                break
    acc[0] = _seq_add(acc[0], rows[i:])
    for j in range(1, levels):
        acc[0] = acc[0] + acc[j]
    return acc[0]


def _row_sum(elems: np.ndarray) -> np.ndarray:
    """ATen ``row_sum`` with ILP factor 4: elems shaped (size, lanes) -> (lanes,)."""
    size = elems.shape[0]
    size_ilp = size // 4
    partial = _multi_row_sum(elems[: size_ilp * 4].reshape(size_ilp, 4, elems.shape[1]))
    partial[0] = _seq_add(partial[0], elems[size_ilp * 4 :])
    for k in range(1, 4):
        partial[0] = partial[0] + partial[k]
    return partial[0]


def torch_sum(a: np.ndarray) -> np.generic:
    """Sum all of ``a`` (float32 or float64, read in C order) in torch's CPU order."""
    a = np.ascontiguousarray(a).reshape(-1)
    dt = a.dtype
    n = a.size
    lanes = 32 // dt.itemsize
    if n < lanes:
        return _row_sum(a.reshape(-1, 1))[0] if n else dt.type(0)
    nvec = n // lanes
    vacc = _row_sum(a[: nvec * lanes].reshape(nvec, lanes))
    final = _seq_add(np.zeros((), dtype=dt), a[nvec * lanes :])
    return _seq_add(final, vacc)[()]


def torch_mean(a: np.ndarray) -> np.generic:
    """``torch.mean``: the sum above divided by ``n`` in the same dtype."""
    a = np.asarray(a)
    return (torch_sum(a) / a.dtype.type(a.size)).astype(a.dtype)[()]
