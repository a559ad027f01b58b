"""Matrix products in torch's order (the ``exact`` kernel set's ``gemm``, ``matmul``,
``addmm``).

torch's CPU matmul under the parity settings adds the products of each output element one
by one along the inner dimension; its batched products below 400 multiply-adds the same; its
``addmm`` (``nn.Linear``) hands the bias to MKL's gemm, whose gemv path decides which zero a
sum of zeros gives. numpy's ``@`` (BLAS) blocks and fuses, so its last bits differ; it is
used above the limits below. With MKL installed (``minigrad._mkl``) MKL itself is called as
torch calls it.
"""

from __future__ import annotations

import numpy as np

from .. import _mkl
from .._checks import torch_strides

Array = np.ndarray


# Products summed in torch's order: its CPU matmul (single thread, no fused multiply-add
# under ATEN_CPU_CAPABILITY=default) adds the products of each output element one by one,
# in order along the inner dimension, starting from 0. BLAS (numpy's ``@``) blocks and fuses,
# so its last bits differ. The exact order is used while it is cheap; above the limits below,
# BLAS is used and results may differ from torch's in the last bits.
SEQUENTIAL_INNER_LIMIT = 16
SEQUENTIAL_PRODUCTS_LIMIT = 1 << 16


def gemm(a: Array, b: Array, from_zero: bool | None = None) -> Array:
    """``a @ b`` for 2-D float arrays, accumulated as torch accumulates it where cheap
    (with MKL installed, MKL's own gemm called as torch calls it: torch's bits).

    ``from_zero``: whether the sums start from +0.0 (a -0.0 total becomes +0.0) rather than
    from the first product. torch's mm starts from 0 except for one product per element in
    a gemm (m, n > 1); ``addmm`` (a bias) starts from the first product where it takes the
    gemv path (m or n = 1) or has one product. None: mm's rule.
    """
    if _mkl.available():
        by_mkl = _mkl.gemm(a, b)
        if by_mkl is not None:
            return by_mkl
    m, k = a.shape
    n = b.shape[1]
    if a.dtype.kind != "f" or k == 0:
        return a @ b
    if from_zero is None:
        from_zero = k > 1 or m == 1 or n == 1
    if k == 1:  # one product per element
        return a * b + 0 if from_zero else a * b
    if k <= SEQUENTIAL_INNER_LIMIT:
        out = np.zeros((m, n), dtype=np.result_type(a, b)) if from_zero else a[:, :1] * b[:1, :]
        for j in range(0 if from_zero else 1, k):
            out += a[:, j : j + 1] * b[j : j + 1, :]
        return out
    if m * k * n <= SEQUENTIAL_PRODUCTS_LIMIT:
        products = a[:, :, None] * b[None, :, :]
        # cumsum adds one by one from the first product; "+ 0" starts from +0.0 instead
        total = np.cumsum(products, axis=1)[:, -1, :]
        return total + 0 if from_zero else total
    return a @ b


BATCHED_NAIVE_LIMIT = 400  # torch's bmm adds products one by one below m * k * n = 400


def matmul(a: Array, b: Array) -> Array:
    """numpy matmul semantics for 1-D and 2-D operands, routed through ``gemm``; batched
    products (both operands at least 2-D: the engine's bmm) of small matrices in torch's
    naive order (one product at a time from 0)."""
    if a.ndim > 2 or b.ndim > 2:
        m, k = a.shape[-2:]
        n = b.shape[-1]
        if a.dtype.kind != "f" or k == 0 or m * k * n >= BATCHED_NAIVE_LIMIT:
            return a @ b
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        out = np.zeros(batch + (m, n), dtype=np.result_type(a, b))
        for j in range(k):
            out += a[..., :, j : j + 1] * b[..., j : j + 1, :]
        return out
    if b.ndim == 1 and a.ndim <= 2 and _mkl.available():  # torch: dot / mv, not gemm
        by_mkl = _mkl.dot(a, b) if a.ndim == 1 else _mkl.gemv(a, b)
        if by_mkl is not None:
            return by_mkl
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    out = gemm(a2, b2)
    if a.ndim == 1:
        out = out[0]
    if b.ndim == 1:
        out = out[..., 0]
    return out


# MKL's gemv in dot form starts a sum from +0.0 from this many products on: (rows in a full
# block of four, the rows left over), by itemsize. Measured on torch 2.13's MKL under
# MKL_CBWR=COMPATIBLE (the parity settings; its default code path differs by CPU: on an AMD
# EPYC the rows left over started from 0 at 12 (float32) and 10 (float64) products, on an
# Intel Sapphire Rapids every row from 2).
ADDMM_DOT_FROM_ZERO = {4: (5, 9), 8: (3, 9)}


def addmm_sums_from_zero(x: Array, wt: Array) -> bool | Array:
    """Where torch's addmm (MKL's gemm with beta = 1) starts a sum from +0.0 before adding
    the bias, rather than from the first product (only the sign of a zero differs): one
    bool for the whole result, or a mask of the result's shape.

    A gemm (both sides of the result above 1) does; one product does not. A result of one
    row or one column takes MKL's gemv, in the form torch's ``addmm_impl``
    lays the matrix operand out. Read down its columns (an axpy per product, into the bias)
    no sum does; read along its rows (a dot product per element, rows taken four at a time)
    a row of a full block of four does from 5 products (float32; 3 for float64), a row left
    over (or a 1x1 result whose weight side is read down its column) from 9."""
    m, k = x.shape
    n = wt.shape[1]
    if k == 1 or m == 0 or n == 0:  # one product, or no element at all
        return False
    if m > 1 and n > 1:
        return True
    item = x.itemsize
    in_block, left_over = ADDMM_DOT_FROM_ZERO.get(item, (5, 12))
    # wt is the weight's transpose; torch's strides of the weight's size-1 dimensions
    s_n, s_k = (s // item for s in torch_strides(wt.T))
    if m == 1 and n == 1:  # MKL's gemv on the weight side, a dot product when it is
        return s_k == 1 and s_n >= k and k >= left_over  # read down its column
    if m == 1:  # torch transposes the problem: the weight side is BLAS's matrix, (n, k)
        dot_form = not (s_n == 1 and s_k >= n) and (s_k == 1 and s_n >= k)
    else:  # one column: x is BLAS's matrix, (m, k); a copy of it is read along its rows
        s_m, s_k = x.strides[0] // item, x.strides[1] // item
        dot_form = not (s_m == 1 and s_k >= m)
    if not dot_form:
        return False
    rows = max(m, n)
    blocked = np.arange(rows) < rows - rows % 4
    starts = np.where(blocked, k >= in_block, k >= left_over)
    return starts.reshape((1, n) if m == 1 else (m, 1))


def addmm(bias: Array, x: Array, wt: Array) -> Array:
    """``bias + x @ wt`` as torch's addmm: MKL's gemm with the bias as C when MKL is
    installed, else the products summed in torch's order from where MKL starts them."""
    if x.shape[-1] == 0:  # no products: torch copies the bias (times beta = 1), -0.0 kept
        return np.array(np.broadcast_to(bias, (x.shape[0], wt.shape[1])), dtype=x.dtype)
    if _mkl.available():  # torch adds the bias inside MKL's gemm
        by_mkl = _mkl.gemm(x, wt, bias)
        if by_mkl is not None:
            return by_mkl
    from_zero = addmm_sums_from_zero(x, wt)
    if isinstance(from_zero, bool):
        out = gemm(x, wt, from_zero=from_zero)
    else:  # "+ 0" turns a -0.0 sum into +0.0 and leaves every other value as it is
        out = gemm(x, wt, from_zero=False)
        out = np.where(from_zero, out + 0, out)
    out += bias
    return out
