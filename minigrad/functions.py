"""Differentiable operations, one class each.

``forward(ctx, *arrays)`` computes the result with numpy; ``backward(ctx, grad)`` returns the
gradient for each input (or None). The gradient may have the broadcast shape: the engine
reduces it to the input's shape in one place (``autograd.unbroadcast``).

The order of floating-point operations in each backward mirrors torch's own formula (its
``derivatives.yaml``), so that float32 results round the same way.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._fp import quiet
from ._reduce import get_sum_order, sum_like_torch
from .autograd import Function

Array = np.ndarray


def _quiet() -> quiet:
    """Silence numpy's floating-point warnings: torch returns inf/nan without a word.
    (``Function.apply`` and the backward pass already run quietly; this keeps the helpers
    below quiet when called on their own.)"""
    return quiet()


def power(a: Array, e: float) -> Array:
    """``a ** e`` as torch's CPU kernel computes it: a few exponents are special-cased
    (0.5 -> sqrt, 2 -> a*a, 3 -> a*a*a, -0.5 -> 1/sqrt, -1 -> 1/a, -2 -> 1/(a*a)), which
    decides the last bit and the sign of infinities at -0.0."""
    with _quiet():
        if e == 2:
            return a * a
        if e == 3:
            return a * a * a
        if e == 0.5:
            return np.sqrt(a)
        if e == -0.5:
            return 1 / np.sqrt(a)
        if e == -1:
            return 1 / a
        if e == -2:
            return 1 / (a * a)
        return a**e


def _scalar_like(value: float, like: Array) -> Any:
    """``value`` in ``like``'s float dtype, so numpy does not promote float32 to float64."""
    return like.dtype.type(value) if like.dtype.kind == "f" else value


# ----------------------------------------------------------------------------- arithmetic
def _alpha(alpha: Any, dtype: np.dtype) -> Any:
    """torch's ``alpha`` in the computation dtype (a number for integers)."""
    return dtype.type(alpha) if dtype.kind in "fc" else alpha


class Add(Function):
    backward_name = "AddBackward0"

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        if alpha == 1:
            return a + b
        ctx.alpha = alpha = _alpha(alpha, np.result_type(a, b))
        return a + alpha * b

    @staticmethod
    def backward(ctx, g):
        # d(a + alpha b)/da = 1, d(a + alpha b)/db = alpha
        alpha = ctx.__dict__.get("alpha")
        return g, (g if alpha is None else g * alpha)


class Sub(Function):
    backward_name = "SubBackward0"

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        if alpha == 1:
            return a - b
        ctx.alpha = alpha = _alpha(alpha, np.result_type(a, b))
        return a - alpha * b

    @staticmethod
    def backward(ctx, g):
        # d(a - alpha b)/da = 1, d(a - alpha b)/db = -alpha
        if not ctx.needs_input_grad[1]:
            return g, None
        alpha = ctx.__dict__.get("alpha")
        return g, (-g if alpha is None else (-g) * alpha)


class RSub(Function):
    """``number - tensor``: torch records it as ``RsubBackward1``."""

    backward_name = "RsubBackward1"

    @staticmethod
    def forward(ctx, a, b):
        return b - a

    @staticmethod
    def backward(ctx, g):
        # d(b-a)/da = -1
        return -g, None


def _grad_of_product(g: Array, other: Array, shape: tuple[int, ...]) -> Array:
    """``g * other``, the gradient of one factor of a product.

    When that factor was a single number broadcast over ``g`` (a weight times a batch) and
    sums follow numpy's order, the multiply and the engine's reduction fuse into one dot
    product: one pass over the data instead of two. In torch's sum order the product is
    formed first and then summed, as torch does.
    """
    if (
        type(other) is np.ndarray
        and other.shape == g.shape
        and g.size > 64
        and all(n == 1 for n in shape)
        and get_sum_order() == "numpy"
    ):
        return np.dot(g.ravel(), other.ravel()).reshape(shape)
    return g * other


class Mul(Function):
    backward_name = "MulBackward0"

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        # as torch, each factor is saved only for the other's gradient
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        ctx.shapes = (np.shape(a), np.shape(b))
        return a * b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        shape_a, shape_b = ctx.shapes
        # d(a*b)/da = b, d(a*b)/db = a
        return (
            _grad_of_product(g, b, shape_a) if need_a else None,
            _grad_of_product(g, a, shape_b) if need_b else None,
        )


class Div(Function):
    backward_name = "DivBackward0"

    @staticmethod
    def forward(ctx, a, b):
        # as torch: the divisor always, the dividend only for the divisor's gradient
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b)
        with _quiet():
            return a / b

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        # d(a/b)/da = 1/b, d(a/b)/db = -a/b**2 (torch: -g * ((a / b) / b))
        with _quiet():
            return (g / b if need_a else None), (-g * ((a / b) / b) if need_b else None)


class Reciprocal(Function):
    """``1 / x``; torch computes ``number / tensor`` as ``reciprocal(x) * number``."""

    backward_name = "ReciprocalBackward0"

    @staticmethod
    def forward(ctx, a):
        with _quiet():
            out = np.reciprocal(a) if a.dtype.kind == "f" else 1.0 / a
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        # d(1/a)/da = -1/a**2 = -out**2
        return (-g * (out * out),)


class Neg(Function):
    backward_name = "NegBackward0"

    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, g):
        # d(-a)/da = -1
        return (-g,)


class Pow(Function):
    """``tensor ** number``."""

    backward_name = "PowBackward0"

    @staticmethod
    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        if a.dtype.kind != "f":
            if exponent < 0:
                raise RuntimeError("Integers to negative integer powers are not allowed.")
            return a**exponent
        return power(a, exponent)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        e = ctx.exponent
        if e == 0:
            return np.zeros_like(a), None
        if e == 2:  # the common square: a**1 == a exactly, so skip the power
            if g.ndim and not any(g.strides):  # one value c seen everywhere (after a mean)
                # g * (2a) == a * (2c) bit for bit: doubling is exact. One pass, not two.
                return a * (2 * g.flat[0]), None
            return g * (2 * a), None
        # d(a**e)/da = e * a**(e-1)
        with _quiet():
            return g * (_scalar_like(e, a) * power(a, e - 1)), None


class PowTensor(Function):
    """``tensor ** tensor``."""

    backward_name = "PowBackward1"

    @staticmethod
    def forward(ctx, a, b):
        with _quiet():
            out = a**b
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, b, out = ctx.saved_tensors
        with _quiet():
            # d(a**b)/da = b * a**(b-1);  0 where b == 0 (torch's convention)
            ga = np.where(b == 0, 0, g * (b * a ** (b - 1)))
            # d(a**b)/db = a**b * log(a);  0 where a == 0 and b >= 0 (torch's convention)
            gb = g * np.where((a == 0) & (b >= 0), 0, out * np.log(a))
        return ga.astype(out.dtype, copy=False), gb.astype(out.dtype, copy=False)


class RPow(Function):
    """``number ** tensor``."""

    backward_name = "PowBackward2"

    @staticmethod
    def forward(ctx, a, base):
        with _quiet():
            out = np.power(_scalar_like(base, a), a)
        ctx.save_for_backward(out, a)
        ctx.base = base
        return out

    @staticmethod
    def backward(ctx, g):
        out, a = ctx.saved_tensors
        base = ctx.base
        with _quiet():
            log_base = _scalar_like(np.log(base) if base != 0 else -np.inf, out)
            if base == 0:  # torch: 0 where a >= 0, else base**a * log(base) (= -inf)
                return (g * np.where(a >= 0, 0, out * log_base),)
            # d(base**a)/da = base**a * log(base)
            return (g * (out * log_base),)


# Products summed in torch's order: its CPU matmul (single thread, no fused multiply-add
# under ATEN_CPU_CAPABILITY=default) adds the products of each output element one by one,
# in order along the inner dimension, starting from 0. BLAS (numpy's ``@``) blocks and fuses,
# so its last bits differ. The exact order is used while it is cheap; above the limits below,
# BLAS is used and results may differ from torch's in the last bits.
SEQUENTIAL_INNER_LIMIT = 16
SEQUENTIAL_PRODUCTS_LIMIT = 1 << 16


def gemm(a: Array, b: Array) -> Array:
    """``a @ b`` for 2-D float arrays, accumulated as torch accumulates it where cheap."""
    m, k = a.shape
    n = b.shape[1]
    if a.dtype.kind != "f" or k == 0:
        return a @ b
    if k <= SEQUENTIAL_INNER_LIMIT:
        out = np.zeros((m, n), dtype=np.result_type(a, b))
        for j in range(k):
            out += a[:, j : j + 1] * b[j : j + 1, :]
        return out
    if m * k * n <= SEQUENTIAL_PRODUCTS_LIMIT:
        products = a[:, :, None] * b[None, :, :]
        # cumsum adds one by one; "+ 0" turns a -0.0 total into torch's +0.0
        return np.cumsum(products, axis=1)[:, -1, :] + 0
    return a @ b


BATCHED_NAIVE_LIMIT = 400  # torch's bmm adds products one by one below m * k * n = 400


def _matmul(a: Array, b: Array) -> Array:
    """numpy matmul semantics, routed through ``gemm`` for the 1-D and 2-D cases; batched
    products of small matrices in torch's naive order (one product at a time from 0)."""
    if a.ndim > 2 or b.ndim > 2:
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        m, k = a2.shape[-2:]
        n = b2.shape[-1]
        if a.dtype.kind != "f" or k == 0 or m * k * n >= BATCHED_NAIVE_LIMIT:
            return a @ b
        batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
        out = np.zeros(batch + (m, n), dtype=np.result_type(a, b))
        for j in range(k):
            out += a2[..., :, j : j + 1] * b2[..., j : j + 1, :]
        if a.ndim == 1:
            out = out[..., 0, :]
        if b.ndim == 1:
            out = out[..., 0]
        return out
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    out = gemm(a2, b2)
    if a.ndim == 1:
        out = out[0]
    if b.ndim == 1:
        out = out[..., 0]
    return out


_MATMUL_NAMES = {(1, 1): "DotBackward0", (2, 1): "MvBackward0", (2, 2): "MmBackward0",
                 (1, 2): "SqueezeBackward4"}  # torch: 1-D @ 2-D is unsqueeze, mm, squeeze


class MatMul(Function):
    backward_name = "MmBackward0"

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        # as torch, each operand is saved only for the other's gradient
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        ctx.ndims = (a.ndim, b.ndim)
        ctx.backward_name = _MATMUL_NAMES.get(ctx.ndims, "BmmBackward0")
        return _matmul(a, b)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        a_ndim, b_ndim = ctx.ndims
        if a_ndim == 1 and b_ndim == 1:  # a dot product: d(a.b)/da = b, d(a.b)/db = a
            return (g * b if need_a else None), (g * a if need_b else None)
        # d(a@b)/da = g @ b^T, d(a@b)/db = a^T @ g  (1-D operands as a row / a column)
        if a_ndim == 1:
            g = np.expand_dims(g, -2)
        if b_ndim == 1:
            g = np.expand_dims(g, -1)
        ga = gb = None
        if need_a:
            b2 = b[:, None] if b_ndim == 1 else b
            ga = _matmul(g, np.swapaxes(b2, -1, -2))
            if a_ndim == 1:
                ga = ga.squeeze(-2)
        if need_b:
            a2 = a[None, :] if a_ndim == 1 else a
            gb = _matmul(np.swapaxes(a2, -1, -2), g)
            if b_ndim == 1:
                gb = gb.squeeze(-1)
        return ga, gb


class Addmm(Function):
    """``x @ w.T + bias`` for a 2-D input: what ``nn.Linear`` records (``AddmmBackward0``)."""

    backward_name = "AddmmBackward0"

    @staticmethod
    def forward(ctx, x, w, bias):
        need_x, need_w, _ = ctx.needs_input_grad
        ctx.save_for_backward(x if need_w else None, w if need_x else None)
        out = gemm(x, w.T)
        if bias is not None:
            out += bias
        return out

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad
        # d/dx = g @ w, d/dw = g^T @ x, d/dbias = sum of g over the batch
        return (
            gemm(g, w) if need_x else None,
            gemm(g.T, x) if need_w else None,
            sum_like_torch(g, 0) if need_b else None,
        )


# ------------------------------------------------------------------------------ unary
def _sign(a: Array) -> Array:
    """-1, 0 or 1 per element, and 0 at nan as torch's sign."""
    s = np.sign(a)
    if a.dtype.kind == "f":
        return np.where(np.isnan(a), 0, s)
    return s


class Abs(Function):
    backward_name = "AbsBackward0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.abs(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        # d|a|/da = sign(a), 0 at a == 0 (and, as torch's sgn, 0 at nan)
        return (g * _sign(a),)


class Sign(Function):
    backward_name = "SignBackward0"

    @staticmethod
    def forward(ctx, a):
        return _sign(a)

    @staticmethod
    def backward(ctx, g):
        # d sign(a)/da = 0 (almost everywhere)
        return (np.zeros_like(g),)


class Exp(Function):
    backward_name = "ExpBackward0"

    @staticmethod
    def forward(ctx, a):
        out = np.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        # d exp(a)/da = exp(a)
        return (g * out,)


class Log(Function):
    backward_name = "LogBackward0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with _quiet():
            return np.log(a)

    @staticmethod
    def backward(ctx, g):
        (a,) = ctx.saved_tensors
        # d log(a)/da = 1/a
        with _quiet():
            return (g / a,)


class Sqrt(Function):
    backward_name = "SqrtBackward0"

    @staticmethod
    def forward(ctx, a):
        with _quiet():
            out = np.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        # d sqrt(a)/da = 1 / (2 sqrt(a))
        with _quiet():
            return (g / (2 * out),)


class Relu(Function):
    backward_name = "ReluBackward0"

    @staticmethod
    def forward(ctx, a):
        out = np.where(a < 0, 0, a)  # keeps -0.0 and nan, as torch's relu does
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        # d relu(a)/da = 1 where a > 0, else 0 (0 at a == 0; torch: where(out <= 0, 0, g))
        return (np.where(out <= 0, 0, g).astype(g.dtype, copy=False),)


class Sigmoid(Function):
    backward_name = "SigmoidBackward0"

    @staticmethod
    def forward(ctx, a):
        with np.errstate(over="ignore"):
            out = 1 / (1 + np.exp(-a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        # d sigmoid(a)/da = s (1 - s)   (torch: g * (1 - s) * s)
        return ((g * (1 - out)) * out,)


class Tanh(Function):
    backward_name = "TanhBackward0"

    @staticmethod
    def forward(ctx, a):
        out = np.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        (out,) = ctx.saved_tensors
        # d tanh(a)/da = 1 - tanh(a)**2
        return (g * (1 - out * out),)


# ------------------------------------------------------------------------- reductions
def _as_axes(dim: Any, ndim: int) -> tuple[int, ...] | None:
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    seen: list[int] = []
    for d in dims:
        d = normalize_dim(d, ndim)
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.append(d)
    return tuple(sorted(seen)) if ndim else ()


def _expand_back(g: Array, shape: tuple[int, ...], axes, keepdim: bool) -> Array:
    """Undo a reduction's shape change: re-insert reduced axes, then broadcast (a view)."""
    if axes is None:  # one value seen from every position: a read-only zero-stride view
        g = np.asarray(g)
        view = np.ndarray(shape, g.dtype, g, 0, (0,) * len(shape))
        view.flags.writeable = False
        return view
    if not keepdim and axes:
        g = np.expand_dims(g, axes)
    return np.broadcast_to(g, shape)


class Sum(Function):
    backward_name = "SumBackward0"

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        axes = _as_axes(dim, a.ndim)
        ctx.shape, ctx.axes, ctx.keepdim = a.shape, axes, keepdim
        if dim is not None:
            ctx.backward_name = "SumBackward1"
        if axes == () and a.ndim == 0:
            return a.copy()
        return sum_like_torch(a, axes, keepdim)

    @staticmethod
    def backward(ctx, g):
        # d sum(a)/da_i = 1: the gradient is copied to every summed element
        return (_expand_back(g, ctx.shape, ctx.axes, ctx.keepdim),)


class Mean(Function):
    backward_name = "MeanBackward0"

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        if a.dtype.kind != "f":
            raise RuntimeError(
                "mean(): could not infer output dtype. Input dtype must be either a floating "
                f"point or complex dtype. Got: {_dtype_name(a.dtype)}"
            )
        axes = _as_axes(dim, a.ndim)
        ctx.shape, ctx.axes, ctx.keepdim = a.shape, axes, keepdim
        if dim is not None:
            ctx.backward_name = "MeanBackward1"
        n = a.size if axes is None else int(np.prod([a.shape[i] for i in axes]))
        ctx.count = n
        total = sum_like_torch(a, axes, keepdim)
        if n == 0:  # the mean of nothing is nan, as in torch
            return np.full(np.shape(total), np.nan, dtype=a.dtype)
        # float32 mean = float32(sum) / float32(n), as torch computes it
        return np.asarray(total / a.dtype.type(n))

    @staticmethod
    def backward(ctx, g):
        # d mean(a)/da_i = 1/n (torch: grad.expand(shape) / n)
        n = ctx.count
        return (_expand_back(g / g.dtype.type(n) if n else g, ctx.shape, ctx.axes, ctx.keepdim),)


def _dtype_name(dtype: np.dtype) -> str:
    return {
        "float32": "Float", "float64": "Double", "int64": "Long", "bool": "Bool",
        "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "float16": "Half",
    }.get(
        dtype.name, dtype.name
    )


# -------------------------------------------------------------------------- losses
class MseLoss(Function):
    backward_name = "MseLossBackward0"

    @staticmethod
    def forward(ctx, x, y, reduction="mean"):
        d = x - y
        ctx.save_for_backward(d)
        ctx.reduction = reduction
        sq = d * d
        if reduction == "none":
            return sq
        total = sum_like_torch(sq)
        if reduction != "mean":
            return total
        with _quiet():  # the mean of nothing is nan, silently as in torch
            return total / sq.dtype.type(sq.size)

    @staticmethod
    def backward(ctx, g):
        (d,) = ctx.saved_tensors
        # d mean((x-y)**2)/dx = 2 (x - y) / n; torch: (float(2/n) * d) * g; target: the negative
        norm = 2.0 / max(d.size, 1) if ctx.reduction == "mean" else 2.0
        c = d.dtype.type(norm)
        gx = (c * d) * g if ctx.needs_input_grad[0] else None
        # torch's target gradient is (norm * (y - x)) * g; 0 - d is y - x exactly, signed zero too
        gy = (c * (0 - d)) * g if ctx.needs_input_grad[1] else None
        return gx, gy


# ------------------------------------------------------------------------- shape ops
def normalize_dim(dim: int, ndim: int) -> int:
    """``dim`` as a non-negative index into ``ndim`` dimensions (a 0-d tensor accepts 0 and
    -1), or torch's IndexError."""
    n = max(ndim, 1)
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"dim must be an int, not {type(dim).__name__}")
    if not -n <= dim < n:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})"
        )
    return int(dim) % n


def infer_shape(shape: tuple[int, ...], size: int) -> tuple[int, ...]:
    """Resolve one -1 in a view's shape, or raise torch's error for a shape that does not
    hold ``size`` elements."""
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for n in shape:
        if n < -1:
            raise RuntimeError(f"invalid shape dimension {n}")
    known = 1
    for n in shape:
        if n != -1:
            known *= n
    if -1 in shape:
        if known == 0 or size % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {size}")
        return tuple(size // known if n == -1 else n for n in shape)
    if known != size:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {size}")
    return shape


def viewable(a: Array, shape: tuple[int, ...]) -> bool:
    """True when ``a``'s memory can be read as ``shape`` without a copy."""
    try:
        np.reshape(a, shape, copy=False)
    except ValueError:
        return False
    return True


class View(Function):
    """The same memory read with another shape."""

    backward_name = "ViewBackward0"

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        return np.reshape(a, shape, copy=False)

    @staticmethod
    def backward(ctx, g):
        # reshaping moves no values: reshape the gradient back
        return g.reshape(ctx.shape), None


class UnsafeView(View):
    """``reshape`` of a layout that cannot be viewed: a reshaped copy."""

    backward_name = "UnsafeViewBackward0"

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        return np.reshape(a, shape).copy()


class Transpose(Function):
    backward_name = "TransposeBackward0"

    @staticmethod
    def forward(ctx, a, dim0, dim1):
        ctx.dims = (dim0, dim1)
        if a.ndim == 0:
            return a[...]
        return np.swapaxes(a, dim0, dim1)

    @staticmethod
    def backward(ctx, g):
        # a transpose's adjoint is the same transpose
        return (g if g.ndim == 0 else np.swapaxes(g, *ctx.dims)), None, None


class Permute(Function):
    backward_name = "PermuteBackward0"

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = dims
        return np.transpose(a, dims)

    @staticmethod
    def backward(ctx, g):
        # the adjoint of a permutation is the inverse permutation
        return np.transpose(g, np.argsort(ctx.dims)), None


class Squeeze(Function):
    backward_name = "SqueezeBackward0"

    @staticmethod
    def forward(ctx, a, dim=None):
        ctx.shape = a.shape
        if dim is None:
            return a.reshape(tuple(n for n in a.shape if n != 1))
        ctx.backward_name = "SqueezeBackward1"
        if a.ndim == 0 or a.shape[dim] != 1:
            return a[...]
        return a.reshape(a.shape[:dim] + a.shape[dim + 1 :])

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.shape), None


class Unsqueeze(Function):
    backward_name = "UnsqueezeBackward0"

    @staticmethod
    def forward(ctx, a, dim):
        ctx.shape = a.shape
        return np.expand_dims(a, dim)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.shape), None


def is_basic_index(index: Any) -> bool:
    """True for indexes that select a view (ints, slices, None, ...), not a copy."""
    items = index if isinstance(index, tuple) else (index,)
    return all(
        i is None or i is Ellipsis or isinstance(i, slice)
        or (isinstance(i, (int, np.integer)) and not isinstance(i, bool))
        for i in items
    )


def check_basic_index(index: Any, shape: tuple[int, ...]) -> Any:
    """Check a basic index against ``shape`` as torch does (and return it)."""
    items = index if isinstance(index, tuple) else (index,)
    used = sum(1 for i in items if i is not None and i is not Ellipsis)
    if used > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    dim = 0
    for i in items:
        if i is Ellipsis:
            dim += len(shape) - used
            continue
        if i is None:
            continue
        if isinstance(i, slice):
            if i.step is not None and i.step <= 0:
                if i.step == 0:
                    raise ValueError("slice step cannot be zero")
                raise ValueError("step must be greater than zero")
        else:
            n = shape[dim]
            if not -n <= i < n:
                raise IndexError(
                    f"index {i} is out of bounds for dimension {dim} with size {n}"
                )
        dim += 1
    return index


def _basic_index_name(index: Any, shape: tuple[int, ...]) -> str:
    """torch's node for ints and slices: it selects/slices dimension by dimension and the
    last step that changed something names the node (a full ``:`` changes nothing)."""
    if isinstance(index, slice):  # a bare slice is always recorded, even a full one
        return "SliceBackward0"
    items = index if isinstance(index, tuple) else (index,)
    name = "AliasBackward0"
    dim = 0
    used = sum(1 for i in items if i is not None and i is not Ellipsis)
    for i in items:
        if i is Ellipsis:
            dim += len(shape) - used
        elif i is None:
            name = "UnsqueezeBackward0"
        elif isinstance(i, slice):
            # torch skips a slice only when it is written as full: start 0, step 1, and a
            # stop at or past the end (``-4:`` of 4 elements is still recorded)
            full = i.start in (None, 0) and i.step in (None, 1) and (
                i.stop is None or i.stop >= shape[dim]
            )
            if not full:
                name = "SliceBackward0"
            dim += 1
        else:
            name = "SelectBackward0"
            dim += 1
    return name


class Index(Function):
    """``a[index]``: basic indexing (a view; ints, slices, None, ...) or advanced indexing
    (a copy; integer or boolean tensors and lists)."""

    backward_name = "IndexBackward0"

    @staticmethod
    def forward(ctx, a, index):
        ctx.shape, ctx.index = a.shape, index
        if is_basic_index(index):
            ctx.basic = True
            ctx.backward_name = _basic_index_name(index, a.shape)
            items = index if isinstance(index, tuple) else (index,)
            # a trailing ... keeps numpy from turning a single element into a scalar copy
            return a[items if Ellipsis in items else items + (Ellipsis,)]
        ctx.basic = False
        try:
            return np.asarray(a[index])
        except IndexError as e:
            raise IndexError(str(e).replace("axis", "dimension")) from None

    @staticmethod
    def backward(ctx, g):
        # each selected element's gradient goes back to where it was taken from
        full = np.zeros(ctx.shape, dtype=g.dtype)
        if ctx.__dict__.get("basic"):
            full[ctx.index] = g  # a view selects each element at most once
        else:
            np.add.at(full, ctx.index, g)  # an element taken twice gets both shares
        return full, None


class IndexPut(Function):
    """``a[index] = v`` for an advanced index, out of place: a copy of ``a`` with ``v``
    written where ``index`` points."""

    backward_name = "IndexPutBackward0"

    @staticmethod
    def forward(ctx, a, v, index):
        ctx.index = index
        out = a.copy()
        try:
            out[index] = v
        except IndexError as e:
            raise IndexError(str(e).replace("axis", "dimension")) from None
        return out

    @staticmethod
    def backward(ctx, g):
        # d out/d a: 1 where not overwritten; d out/d v: the written places
        ga = None
        if ctx.needs_input_grad[0]:
            ga = g.copy()
            ga[ctx.index] = 0
        gv = np.asarray(g[ctx.index]) if ctx.needs_input_grad[1] else None
        return ga, gv, None


class Fill(Function):
    """Every element set to one number (what ``fill_`` and ``zero_`` record)."""

    backward_name = "FillBackward0"

    @staticmethod
    def forward(ctx, a, value, name=None):
        if name is not None:
            ctx.backward_name = name
        return np.full_like(a, value)

    @staticmethod
    def backward(ctx, g):
        # the old values are gone: their gradient is 0
        return np.zeros_like(g), None


def check_broadcast_to(src: tuple[int, ...], dst: tuple[int, ...]) -> None:
    """Raise torch's error if ``src`` cannot be broadcast to ``dst``."""
    ok = len(src) <= len(dst) and all(
        s == d or s == 1 for s, d in zip(reversed(src), reversed(dst))
    )
    if not ok:
        raise RuntimeError(
            f"The size of tensor a ({dst[-1] if dst else 1}) must match the size of tensor b "
            f"({src[-1] if src else 1}) at non-singleton dimension {max(len(dst) - 1, 0)}"
        )


class Copy(Function):
    """``a.copy_(src)`` out of place: ``src`` broadcast to ``a``'s shape, in ``a``'s dtype."""

    backward_name = "CopyBackwards"

    @staticmethod
    def forward(ctx, a, src):
        ctx.src_dtype = src.dtype
        return np.array(np.broadcast_to(src, a.shape), dtype=a.dtype)

    @staticmethod
    def backward(ctx, g):
        # the old values are gone (gradient 0); src's values arrive unchanged
        gsrc = g.astype(ctx.src_dtype, copy=False) if ctx.needs_input_grad[1] else None
        return (np.zeros_like(g) if ctx.needs_input_grad[0] else None), gsrc


class Stack(Function):
    backward_name = "StackBackward0"

    @staticmethod
    def forward(ctx, *arrays, dim=0):
        ctx.dim = dim
        return np.stack(arrays, axis=dim)

    @staticmethod
    def backward(ctx, g):
        return tuple(np.moveaxis(g, ctx.dim, 0))


class Cat(Function):
    backward_name = "CatBackward0"

    @staticmethod
    def forward(ctx, *arrays, dim=0):
        ctx.dim = dim
        ctx.sizes = [a.shape[dim] for a in arrays]
        return np.concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, g):
        cuts = np.cumsum(ctx.sizes)[:-1]
        return tuple(np.split(g, cuts, axis=ctx.dim))


def expanded_shape(shape: tuple[int, ...], sizes: tuple[int, ...]) -> tuple[int, ...]:
    """The shape ``expand(*sizes)`` gives a tensor of ``shape``, or torch's error."""
    lead = len(sizes) - len(shape)
    if lead < 0:
        raise RuntimeError(
            f"expand: the number of sizes provided ({len(sizes)}) must be greater or equal "
            f"to the number of dimensions in the tensor ({len(shape)})"
        )
    out = []
    for i, n in enumerate(sizes):
        if i < lead:
            if n < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor ({n}) isn't allowed in a leading, "
                    f"non-existing dimension {i}"
                )
            out.append(n)
            continue
        have = shape[i - lead]
        if n == -1:
            n = have
        if have != n and have != 1:
            raise RuntimeError(
                f"The expanded size of the tensor ({n}) must match the existing size ({have}) "
                f"at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor "
                f"sizes: {list(shape)}"
            )
        out.append(n)
    return tuple(out)


class Expand(Function):
    """A broadcast view of ``a`` (no copy); the engine's ``unbroadcast`` sums the gradient
    back to ``a``'s shape."""

    backward_name = "ExpandBackward0"

    @staticmethod
    def forward(ctx, a, shape):
        lead = len(shape) - a.ndim
        strides = (0,) * lead + tuple(
            0 if n == 1 and m != 1 else s for n, m, s in zip(a.shape, shape[lead:], a.strides)
        )
        return np.lib.stride_tricks.as_strided(
            a, shape, strides, writeable=bool(a.flags.writeable)
        )

    @staticmethod
    def backward(ctx, g):
        # each copy of an element receives its share: summed back in the engine
        return g, None


class Alias(Function):
    """The same values under a new node (what ``t()`` of a vector records)."""

    backward_name = "AliasBackward0"

    @staticmethod
    def forward(ctx, a):
        return a[...]

    @staticmethod
    def backward(ctx, g):
        return (g,)


class Clone(Function):
    backward_name = "CloneBackward0"

    @staticmethod
    def forward(ctx, a):
        return a.copy()

    @staticmethod
    def backward(ctx, g):
        return (g,)


class ToDtype(Function):
    backward_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.dtype = a.dtype
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, g):
        # a cast's derivative is 1; the gradient goes back in the input's dtype
        return g.astype(ctx.dtype), None
