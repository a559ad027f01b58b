"""Activations and losses of the classification chapters, as torch's CPU kernels compute them.

Each class is a differentiable op (``forward``/``backward`` on numpy arrays, see
``functions.py``), with torch's node name and torch's order of floating-point operations:

* ``softmax`` / ``log_softmax`` follow ``aten/src/ATen/native/cpu/SoftMaxKernel.cpp``. Over
  the last dimension, a row's sum is kept in 8 float32 lanes (4 for float64: torch's
  default-capability ``Vectorized`` width of 32 bytes) that are added left to right at the
  end; over another dimension, each column is summed in order. ``exp``/``log`` are the C
  library's (``_libm``), which is what those kernels call.
* ``nll_loss`` sums the picked entries with torch's 8-level cascade (``LossNLL.cpp``).
* ``binary_cross_entropy`` clamps both logarithms at -100 (``Loss.cpp``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._libm import c_exp, c_log, c_log1p
from ._strides import row_major
from .autograd import Function
from .kernels import sum_like_torch
from .ops import _dtype_name, _preserving_layout, normalize_dim

Array = np.ndarray


def _lanes(dtype: np.dtype) -> int:
    """Elements per ``Vectorized`` register in torch's default-capability build (32 bytes)."""
    return 32 // dtype.itemsize


def lane_sum(x: Array) -> Array:
    """Sum over the last axis as torch's ``vec::reduce_all`` adds (one value per row).

    Rows shorter than a register are added left to right. Longer rows: lane j adds
    elements j, j + L, j + 2L, ... in order (the ragged tail only into the first lanes),
    then the L lanes are added left to right.
    """
    n = x.shape[-1]
    width = _lanes(x.dtype)
    if n == 0:  # an empty row sums to 0
        return np.zeros(x.shape[:-1], x.dtype)
    if n < width:
        acc = x[..., 0].copy()
        for i in range(1, n):
            acc = acc + x[..., i]
        return acc
    full = n - n % width
    acc = x[..., :width].copy()
    for d in range(width, full, width):
        acc = acc + x[..., d : d + width]
    if full < n:
        acc[..., : n - full] = acc[..., : n - full] + x[..., full:]
    out = acc[..., 0].copy()
    for i in range(1, width):
        out = out + acc[..., i]
    return out


def column_sum(x: Array) -> Array:
    """Sum over the last axis one element after the other, starting from 0 (torch's
    non-last-dimension softmax kernels sum each column this way)."""
    acc = np.zeros(x.shape[:-1], dtype=x.dtype)
    for i in range(x.shape[-1]):
        acc = acc + x[..., i]
    return acc


def _quiet() -> Any:
    return np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore")


# ------------------------------------------------------------------------ softmax
def _along_last(ctx: Any, a: Array, dim: int) -> Array:
    """``a`` with ``dim`` moved last (a 0-d ``a`` as one element); notes ``ctx.dim``,
    ``ctx.last`` (torch's last-dim kernel) and ``ctx.scalar``."""
    ctx.scalar = a.ndim == 0
    if ctx.scalar:
        a = a.reshape(1)
    ctx.dim = normalize_dim(dim, a.ndim)
    ctx.last = ctx.dim == a.ndim - 1
    return np.moveaxis(a, ctx.dim, -1)


def _output(ctx: Any, out: Array) -> Array:
    """The result moved back, contiguous as torch's, 0-d again for a 0-d input; saved as it
    is returned, so an in-place change of the output is caught."""
    out = row_major(np.moveaxis(out, -1, ctx.dim))
    if ctx.scalar:
        out = out.reshape(())
    ctx.save_for_backward(out)
    return out


def _saved_along_last(ctx: Any, g: Array) -> tuple[Array, Array]:
    """The upstream gradient and the saved output, their softmax dimension last."""
    (out,) = ctx.saved_tensors
    if ctx.scalar:
        out = out.reshape(1)
    return np.moveaxis(g.reshape(out.shape), ctx.dim, -1), np.moveaxis(out, ctx.dim, -1)


def _input_gradient(ctx: Any, gi: Array) -> tuple[Array, None]:
    # torch's softmax backward writes a contiguous gradient (its layout decides the order
    # of a later sum, e.g. when broadcasting is undone)
    gi = row_major(np.moveaxis(gi, -1, ctx.dim))
    return (gi.reshape(()) if ctx.scalar else gi), None


class Softmax(Function):
    """``softmax(a, dim)``: e**(a - max) / sum(e**(a - max))."""

    @staticmethod
    def forward(ctx: Any, a: Array, dim: int = -1) -> Array:
        x = _along_last(ctx, a, dim)
        with _quiet():
            if x.size == 0:
                out = x.copy()
            else:
                e = c_exp(x - x.max(axis=-1, keepdims=True))
                if ctx.last:  # e * (1 / lane sum)
                    out = e * (a.dtype.type(1) / lane_sum(e))[..., None]
                else:  # e / column sum
                    out = e / column_sum(e)[..., None]
        return _output(ctx, out)

    @staticmethod
    def backward(ctx: Any, g: Array) -> tuple[Array, None]:
        gm, s = _saved_along_last(ctx, g)
        # d softmax_i / d a_j = s_i (delta_ij - s_j):  grad_a = s * (g - sum(g * s))
        if ctx.last:
            gi = (gm - lane_sum(gm * s)[..., None]) * s
        else:
            gi = s * (gm - column_sum(gm * s)[..., None])
        return _input_gradient(ctx, gi)


class LogSoftmax(Function):
    """``log_softmax(a, dim)``: a - max - log(sum(e**(a - max)))."""

    @staticmethod
    def forward(ctx: Any, a: Array, dim: int = -1) -> Array:
        x = _along_last(ctx, a, dim)
        with _quiet():
            if x.size == 0:
                out = x.copy()
            else:
                m = x.max(axis=-1, keepdims=True)
                e = c_exp(x - m)
                total = lane_sum(e) if ctx.last else column_sum(e)
                # torch keeps this order: (x - max) - log(sum), never x - (max + log(sum))
                out = x - m - c_log(total)[..., None]
        return _output(ctx, out)

    @staticmethod
    def backward(ctx: Any, g: Array) -> tuple[Array, None]:
        gm, o = _saved_along_last(ctx, g)
        # d log_softmax_i / d a_j = delta_ij - s_j:  grad_a = g - e**out * sum(g)
        total = lane_sum(gm) if ctx.last else column_sum(gm)
        with _quiet():
            gi = gm - c_exp(o) * total[..., None]
        return _input_gradient(ctx, gi)


# ------------------------------------------------------------------------ nll loss
_CASCADE_LEVELS = 8


def _cascade_level_power(n: int) -> int:
    return max(4, (max(n, 1) - 1).bit_length() // _CASCADE_LEVELS)


class NllLoss(Function):
    """``nll_loss(logp, target)``: minus the picked log-probabilities, weighted, reduced.

    Input (N, C) with target (N,), or (C,) with a 0-d target. For "mean" and "sum" torch
    adds the picked values in an 8-level cascade (levels of 16 when N < 2**32) and divides
    by the total weight (the count of non-ignored targets without weights).
    """

    @staticmethod
    def forward(ctx: Any, a: Array, target: Array, weight: Array | None = None,
                reduction: str = "mean", ignore_index: int = -100) -> Array:
        x = a.reshape(1, -1) if a.ndim == 1 else a
        t = np.asarray(target).reshape(-1)
        n_classes = x.shape[1]
        dt = a.dtype.type
        ctx.shape, ctx.target, ctx.weight = a.shape, target, weight
        ctx.reduction, ctx.ignore_index = reduction, ignore_index
        ctx.save_for_backward(a, t)  # torch saves the input and the target: a second backward
        # raises, and so does one after the input was modified in place, as there
        for c in t.tolist():
            if c != ignore_index and not 0 <= c < n_classes:
                raise IndexError(f"Target {c} is out of bounds.")
        if reduction == "none":
            out = np.zeros(x.shape[0], dtype=a.dtype)
            for b, c in enumerate(t.tolist()):
                if c != ignore_index:
                    w = dt(1) if weight is None else weight[c]
                    out[b] = -x[b, c] * w
            return out.reshape(()) if a.ndim == 1 else out
        batch = x.shape[0]
        power = _cascade_level_power(batch)
        mask = (1 << power) - 1
        loss = [dt(0)] * _CASCADE_LEVELS
        wsum = [dt(0)] * _CASCADE_LEVELS
        ignored = 0
        for b, c in enumerate(t.tolist()):
            if c == ignore_index:
                ignored += 1
                continue
            if weight is None:
                loss[0] = dt(loss[0] - x[b, c])
            else:
                loss[0] = dt(loss[0] - x[b, c] * weight[c])
                wsum[0] = dt(wsum[0] + weight[c])
            for j in range(_CASCADE_LEVELS - 1):
                if b & (mask << (j * power)):
                    break
                wsum[j + 1] = dt(wsum[j + 1] + wsum[j])
                loss[j + 1] = dt(loss[j + 1] + loss[j])
                wsum[j], loss[j] = dt(0), dt(0)
        if weight is None:
            total_weight = dt(batch - ignored)
        else:
            total_weight = dt(0)
            for v in wsum:
                total_weight = dt(total_weight + v)
        out = dt(0)
        for v in loss:
            out = dt(out + v)
        if reduction == "mean":
            with _quiet():
                out = dt(out / total_weight)
        ctx.total_weight = total_weight
        return np.asarray(out, dtype=a.dtype)

    @staticmethod
    def backward(ctx: Any, g: Array) -> tuple[Array, None, None]:
        a = ctx.saved_tensors[0]
        if a.dtype != g.dtype:  # the saved input took another dtype (.data =): torch's
            raise RuntimeError(  # kernel refuses the pair
                f"expected scalar type {_dtype_name(a.dtype)} but found {_dtype_name(g.dtype)}")
        shape, weight = ctx.shape, ctx.weight
        t = np.asarray(ctx.target).reshape(-1)
        if ctx.__dict__.get("resaved_params"):  # a .data = gave the target or weight new data
            _check_nll_backward(shape, ctx.target, weight, g.dtype, ctx.ignore_index)
        gi = np.zeros((1, shape[0]) if len(shape) == 1 else shape, dtype=g.dtype)
        # d loss / d logp[b, t_b] = -w[t_b] (/ total weight for "mean"); 0 elsewhere
        if ctx.reduction == "none":
            gb = np.asarray(g).reshape(-1)
            for b, c in enumerate(t.tolist()):
                if c != ctx.ignore_index:
                    w = g.dtype.type(1) if weight is None else weight[c]
                    gi[b, c] = -w * gb[b]
        else:
            gv = np.asarray(g).reshape(()).astype(g.dtype)
            with _quiet():
                grad = -(gv / ctx.total_weight if ctx.reduction == "mean" else gv)
            for b, c in enumerate(t.tolist()):
                if c != ctx.ignore_index:
                    gi[b, c] = grad if weight is None else weight[c] * grad
        return gi.reshape(shape), None, None


def _check_nll_backward(shape: tuple[int, ...], target: Array, weight: Array | None,
                        dtype: np.dtype, ignore_index: int) -> None:
    """torch's nll_loss backward kernel checks the target and weight it saved (new data
    after a ``.data =``) in its order: the target's size, the weight's, dtype, the classes."""
    classes = shape[-1] if shape else 0
    batch = shape[0] if len(shape) == 2 else 1
    if target.ndim > 1 or (target.size if target.ndim else 1) != batch:
        raise RuntimeError(
            f"size mismatch (got input: {list(shape)}, target: {list(target.shape)})")
    if weight is not None and weight.size != classes:
        raise RuntimeError("weight tensor should be defined either for all or no classes")
    if weight is not None and weight.dtype != dtype:
        raise RuntimeError(f"expected scalar type {_dtype_name(dtype)} but found "
                           f"{_dtype_name(weight.dtype)}")
    for c in np.asarray(target).reshape(-1).tolist():
        if c != ignore_index and not 0 <= c < classes:
            raise IndexError(f"Target {c} is out of bounds.")


# ------------------------------------------------------------------------ BCE
BCE_EPSILON = float(np.float32(1e-12))  # torch's constant is a C float: 9.99999996e-13


class BinaryCrossEntropy(Function):
    """``binary_cross_entropy(p, y)``: -(y log p + (1 - y) log(1 - p)), each log clamped at
    -100, times ``weight``, then reduced (torch: ``(y - 1) * max(log1p(-p), -100) -
    y * max(log(p), -100)``)."""

    @staticmethod
    def forward(ctx: Any, p: Array, y: Array, weight: Array | None = None,
                reduction: str = "mean") -> Array:
        if not (np.all(p >= 0) and np.all(p <= 1)):
            raise RuntimeError("all elements of input should be between 0 and 1")
        if not (np.all(y >= 0) and np.all(y <= 1)):
            raise RuntimeError("all elements of target should be between 0 and 1")
        dt = p.dtype.type
        low = dt(-100)
        with _quiet():
            log_p = np.maximum(c_log(p), low)
            log_1mp = np.maximum(c_log1p(-p), low)
        loss = (y - dt(1)) * log_1mp - y * log_p
        if weight is not None:
            loss = loss * weight
        if p.ndim > 1 and not p.flags.c_contiguous:  # torch writes the loss into
            laid = _preserving_layout(p, p.dtype)  # empty_like(input): input's layout,
            laid[...] = loss  # which decides the order the reduction reads it in
            loss = laid
        ctx.save_for_backward(p, y)
        ctx.weight, ctx.reduction = weight, reduction
        if reduction == "none":
            return loss
        total = sum_like_torch(loss)
        return np.asarray(total / dt(loss.size) if reduction == "mean" else total)

    @staticmethod
    def backward(ctx: Any, g: Array) -> tuple[Array, Array | None, None]:
        p, y = ctx.saved_tensors
        for x in (p, y):  # a .data = gave a saved one another dtype: torch's kernel refuses
            if x.dtype != g.dtype:
                raise RuntimeError(f"Found dtype {_dtype_name(x.dtype)} but expected "
                                   f"{_dtype_name(g.dtype)}")
        dt = p.dtype.type
        # d/dp = (p - y) / (p (1 - p)), the denominator at least 1e-12
        # (torch: grad * (p - y) / max((1 - p) * p, eps), then * weight, then / n for mean)
        with _quiet():
            gp = g * (p - y) / np.maximum((dt(1) - p) * p, dt(BCE_EPSILON))
            if ctx.weight is not None:
                gp = gp * ctx.weight
            if ctx.reduction == "mean":
                gp = gp / dt(p.size)
        if ctx.needs_input_grad[1]:
            # d/dy = log(1 - p) - log(p) = -logit(p)  (torch: -log(p / (1 - p)) * grad,
            # unclamped)
            gy = -c_log(p / (dt(1) - p)) * g
            if ctx.weight is not None:
                gy = gy * ctx.weight
            if ctx.reduction == "mean":
                gy = gy / dt(p.size)
        else:
            gy = None
        return gp, gy, None
