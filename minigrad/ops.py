"""Differentiable operations, one class each.

``forward(ctx, *arrays)`` computes the result with numpy; ``backward(ctx, grad)`` returns the
gradient for each input (or None). The gradient may have the broadcast shape: the engine
reduces it to the input's shape in one place (``autograd.unbroadcast``).

The order of floating-point operations in each backward mirrors torch's own formula (its
``derivatives.yaml``), so that float32 results round the same way.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from . import _checks
from . import _indexing as indexing
from . import kernels as K
from ._fp import quiet
from ._layout import as_torch_concatenates, as_torch_indexes, as_torch_lays_out, dense_like
from ._strides import torch_strides, with_strides
from .autograd import Function, unbroadcast

Array = np.ndarray
Grads = tuple[Array | None, ...]  # one gradient (or None) per tensor input


def _quiet() -> quiet:
    """Silence numpy's floating-point warnings: torch returns inf/nan without a word.
    (``Function.apply`` and the backward pass already run quietly; this keeps the helpers
    below quiet when called on their own.)"""
    return quiet()


def _scalar_like(value: float, like: Array) -> Any:
    """``value`` in ``like``'s float dtype, so numpy does not promote float32 to float64."""
    return like.dtype.type(value) if like.dtype.kind == "f" else value


# ----------------------------------------------------------------------------- arithmetic
def _alpha(alpha: Any, dtype: np.dtype) -> Any:
    """torch's ``alpha`` in the computation dtype (a number for integers; for booleans a
    boolean, so that ``a + alpha * b`` stays boolean as in torch)."""
    # (an integer alpha must fit an integer dtype: uint8 wraps -255..-1, as torch's)
    return dtype.type(alpha) if dtype.kind in "fcb" else _checks.fill_value(alpha, dtype)


def _scaled(b: Any, alpha: Any, dtype: np.dtype) -> Any:
    """``alpha * b`` in the computation dtype: integers wrap, as in torch's kernel
    (``uint8 + 3 * alpha`` with alpha -1 adds 253)."""
    if dtype.kind not in "iu":
        return alpha * b
    with np.errstate(over="ignore"):
        return np.multiply(np.asarray(b, dtype=dtype), dtype.type(alpha))


class Add(Function):
    elementwise = True
    number_inputs_shown = True

    @staticmethod
    def forward(ctx: Function, a: Array, b: Any, *, alpha: Any = 1) -> Array:
        if alpha == 1:
            return a + b
        dtype = np.result_type(a, b)
        ctx.alpha = alpha = _alpha(alpha, dtype)
        return a + _scaled(b, alpha, dtype)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # d(a + alpha b)/da = 1, d(a + alpha b)/db = alpha (a number: in g's dtype, as
        # torch's, also when an in-place op made g narrower than the forward's dtype)
        alpha = ctx.__dict__.get("alpha")
        return g, (g if alpha is None else g * g.dtype.type(alpha))


class Sub(Function):
    elementwise = True
    number_inputs_shown = True

    @staticmethod
    def forward(ctx: Function, a: Array, b: Any, *, alpha: Any = 1) -> Array:
        if alpha == 1:
            return a - b
        dtype = np.result_type(a, b)
        ctx.alpha = alpha = _alpha(alpha, dtype)
        return a - _scaled(b, alpha, dtype)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # d(a - alpha b)/da = 1, d(a - alpha b)/db = -alpha
        if not ctx.needs_input_grad[1]:
            return g, None
        alpha = ctx.__dict__.get("alpha")
        return g, (-g if alpha is None else (-g) * g.dtype.type(alpha))


class RSub(Function):
    """``number - tensor``: torch records it as ``RsubBackward1``."""

    @staticmethod
    def forward(ctx: Function, a: Array, b: Any) -> Array:
        return b - a

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # d(b-a)/da = -1
        return -g, None


def _grad_of_product(g: Array, other: Array, shape: tuple[int, ...]) -> Array:
    """``g * other``, the gradient of one factor of a product.

    When that factor was a single number broadcast over ``g`` (a weight times a batch), the
    engine would sum the product down to it: the kernel's ``sum_of_product`` does both at
    once, without an N-sized product array (in torch's order: the same bits as the product
    summed; in numpy's: one dot product).
    """
    if (
        type(other) is np.ndarray
        and type(g) is np.ndarray
        and other.shape == g.shape
        and g.size > 4
        and other.dtype == g.dtype
        and g.dtype.char in "fd"  # float32, float64
        and all(n == 1 for n in shape)
        and g.flags.c_contiguous
        and other.flags.c_contiguous
    ):
        return K.sum_of_product(g, other).reshape(shape)
    return g * other


class Mul(Function):
    elementwise = True
    number_inputs_shown = True
    saves_for_live_edges_only = True

    @staticmethod
    def forward(ctx: Function, a: Array, b: Any) -> Array:
        need_a, need_b = ctx.needs_input_grad
        # as torch, each factor is saved only for the other's gradient (other, then self:
        # the order torch checks them in)
        ctx.save_for_backward(b if need_a else None, a if need_b else None)
        ctx.shapes = (a.shape, getattr(b, "shape", ()))  # (b may be a Python number)
        return a * b

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        b, a = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        shape_a, shape_b = ctx.shapes
        # d(a*b)/da = b, d(a*b)/db = a
        return (
            _grad_of_product(g, b, shape_a) if need_a else None,
            _grad_of_product(g, a, shape_b) if need_b else None,
        )


class Div(Function):
    elementwise = True
    number_inputs_shown = True

    @staticmethod
    def forward(ctx: Function, a: Array, b: Any) -> Array:
        # as torch: the divisor always, the dividend only for the divisor's gradient
        ctx.save_for_backward(b, a if ctx.needs_input_grad[1] else None)  # (other, self)
        with _quiet():
            return a / b

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        b, a = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        # d(a/b)/da = 1/b, d(a/b)/db = -a/b**2 (torch: -g * ((a / b) / b))
        with _quiet():
            return (g / b if need_a else None), (-g * ((a / b) / b) if need_b else None)


class Reciprocal(Function):
    """``1 / x``; torch computes ``number / tensor`` as ``reciprocal(x) * number``."""

    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        with _quiet():
            out = np.reciprocal(a) if a.dtype.kind == "f" else 1.0 / a
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (out,) = ctx.saved_tensors
        # d(1/a)/da = -1/a**2 = -out**2
        return (-g * (out * out),)


class Neg(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        return -a

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # d(-a)/da = -1
        return (-g,)


class Pow(Function):
    """``tensor ** number``."""

    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array, exponent: Any) -> Array:
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        if a.dtype.kind != "f":
            if exponent < 0:
                raise RuntimeError("Integers to negative integer powers are not allowed.")
            if a.dtype.kind in "iu":  # the exponent in the tensor's type (it must fit)
                exponent = _checks.fill_value(exponent, a.dtype)
            if a.dtype == np.bool_ and isinstance(exponent, (bool, np.bool_)):
                return a.copy() if exponent else np.ones_like(a)  # bool ** bool stays bool
            return a**exponent
        return K.power(a, exponent)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (a,) = ctx.saved_tensors
        e = ctx.exponent
        if e == 0 and not isinstance(e, (bool, np.bool_)):  # (torch: a False exponent takes
            return np.zeros_like(a), None  # the general formula, zeros signed as 1/a is)
        if e == 2:  # the common square: a**1 == a exactly, so skip the power
            twice = 2 * a  # (inf where a passes half the largest value, as torch's)
            if g.dtype == twice.dtype and g.shape == twice.shape and g.size and g.ndim and not any(
                g.strides
            ):
                # one value c seen everywhere: times c in place (no second array)
                return np.multiply(twice, g.flat[0], out=twice), None
            return g * twice, None
        # d(a**e)/da = e * a**(e-1)
        with _quiet():
            return g * (_scalar_like(e, a) * K.power(a, e - 1)), None


def _tensor_pow(a: Array, b: Any) -> Array:
    """``a ** b`` elementwise as torch's pow kernel (C's ``pow``): numpy's loops take sqrt
    for an exponent of 0.5 and give nan for (-inf) ** y with y not an integer."""
    with _quiet():
        out = (K.int_power(a, b) if a.dtype.kind in "iu" else
               K.float_pow(a, b) if a.dtype == np.float32 else np.power(a, b))
    if out.dtype.kind == "f":  # C's pow: (+-0) ** y is +0 unless y is an odd integer,
        odd = (np.mod(b, 2) == 1) & (np.floor(b) == b)  # and (-inf) ** y is +-inf (y > 0)
        out = np.where((a == 0) & (b > 0) & ~odd, out.dtype.type(0), out)  # or +-0 (y <
        if np.isneginf(a).any():  # 0), -inf only for an odd integer y
            inf = out.dtype.type(np.inf)
            at_inf = np.where(b > 0, np.where(odd, -inf, inf),
                              np.where(odd, -out.dtype.type(0), out.dtype.type(0)))
            out = np.where(np.isneginf(a) & (b != 0) & ~np.isnan(b), at_inf, out)
    return out


class PowTensor(Function):
    """``tensor ** tensor``."""

    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array, b: Any) -> Array:
        out = _tensor_pow(a, b)
        ctx.save_for_backward(b, a, out)  # torch's order: exponent, self, then the result
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        b, a, out = ctx.saved_tensors
        if ctx.__dict__.get("bool_exponent") and ctx.needs_input_grad[0]:  # torch: b - 1
            raise RuntimeError(
                "Subtraction, the `-` operator, with a bool tensor is not supported. If you "
                "are trying to invert a mask, use the `~` or `logical_not()` operator instead."
            )
        # an exponent of another dtype (a 0-d float64 with float32 a): torch compares it
        # with 0 and subtracts 1 in its own dtype, then casts
        e = ctx.__dict__.get("exponent")
        zero, b_1 = (b == 0, b - 1) if e is None else (e == 0, (e - 1).astype(b.dtype))
        with _quiet():
            # d(a**b)/da = b * a**(b-1);  0 where b == 0 (torch's convention)
            ga = np.where(zero, 0, g * (b * _tensor_pow(a, b_1)))  # (a's pow kernel)
            # d(a**b)/db = a**b * log(a);  0 where a == 0 and b >= 0 (torch's convention,
            # both compared in their own dtypes: a base that is 0 only once promoted is not)
            base = ctx.__dict__.get("base", a)
            exponent = b if e is None else e
            gb = g * np.where((base == 0) & (exponent >= 0), 0, out * np.log(a))
        return ga.astype(out.dtype, copy=False), gb.astype(out.dtype, copy=False)


class RPow(Function):
    """``number ** tensor``."""

    @staticmethod
    def forward(ctx: Function, a: Array, base: Any) -> Array:
        with _quiet():
            b = _scalar_like(base, a)
            out = (K.int_power(np.asarray(b, a.dtype), a) if a.dtype.kind in "iu" else
                   K.float_pow(b, a) if a.dtype == np.float32 else np.power(b, a))
            if b == -np.inf and a.dtype.kind == "f":  # C's pow at -inf (numpy's gives nan
                odd = (np.mod(a, 2) == 1) & (np.floor(a) == a)  # for a non-integer a)
                inf, zero = out.dtype.type(np.inf), out.dtype.type(0)
                at_inf = np.where(a > 0, np.where(odd, -inf, inf), np.where(odd, -zero, zero))
                out = np.where((a != 0) & ~np.isnan(a), at_inf, out)
        if isinstance(out, np.ndarray) and not out.flags.c_contiguous:
            out = out.copy(order="C")  # torch's pow(Scalar, Tensor) output: contiguous
        ctx.save_for_backward(a, out)  # torch's order: exponent, result
        ctx.base = base
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        a, out = ctx.saved_tensors
        base = ctx.base
        if isinstance(base, bool):  # torch 2.13 cannot turn a saved bool Scalar back (a bug
            raise RuntimeError(  # of torch's, reproduced so programs fail where torch's do)
                'false INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/c10/core/Scalar.cpp":42, '
                "please report a bug to PyTorch. unknown ivalue tag 4"
            )
        with _quiet():
            log_base = _scalar_like(np.log(base) if base != 0 else -np.inf, out)
            if base == 0:  # torch: 0 where a >= 0, else base**a * log(base) (= -inf)
                return (g * np.where(a >= 0, 0, out * log_base),)
            # d(base**a)/da = base**a * log(base)
            return (g * (out * log_base),)


class MatMul(Function):
    @staticmethod
    def forward(ctx: Function, a: Array, b: Any) -> Array:
        need_a, need_b = ctx.needs_input_grad
        # as torch, each operand is saved only for the other's gradient, in the order torch
        # checks them (by name: mm's and bmm's mat2 before self; dot's and mv's self first)
        saved = (a if need_b else None, b if need_a else None)
        ctx.save_for_backward(*(saved[::-1] if b.ndim >= 2 else saved))
        ctx.ndims = (a.ndim, b.ndim)
        if b.ndim == 2:  # the layouts torch's mm backward reads (_checks.check_mm_backward)
            ctx.column_major = (_checks.is_column_major(a), _checks.is_column_major(b))
        out = K.matmul(a, b)
        # (bmm without a product to add takes batch2's dtype; other paths refuse two dtypes)
        return out if out.dtype == b.dtype else out.astype(b.dtype)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        need_a, need_b = ctx.needs_input_grad
        a_ndim, b_ndim = ctx.ndims
        a, b = ctx.saved_tensors[::-1] if b_ndim >= 2 else ctx.saved_tensors
        if a_ndim == 1 and b_ndim == 1:  # a dot product: d(a.b)/da = b, d(a.b)/db = a
            return (g * b if need_a else None), (g * a if need_b else None)
        if a_ndim == 2 and b_ndim == 1:  # mv: d/da = outer(g, b), d/db = a^T g (torch's mv)
            if need_b:
                _checks.check_mv_backward(g, a)
            return (
                np.multiply.outer(g, b) if need_a else None,
                K.matmul(np.swapaxes(a, 0, 1), g) if need_b else None,
            )
        if b_ndim == 2:  # an mm (a 1-D or batched a folded into a matrix)
            _checks.check_mm_backward(g, a if need_b else None, b if need_a else None,
                                      *ctx.column_major)
        # mm and bmm: d(a@b)/da = g @ b^T, d(a@b)/db = a^T @ g
        return (
            K.matmul(g, np.swapaxes(b, -1, -2)) if need_a else None,
            K.matmul(np.swapaxes(a, -1, -2), g) if need_b else None,
        )


class Addmm(Function):
    """``bias + x @ wt`` for a 2-D input, where ``wt`` is ``w.t()``: what ``nn.Linear``
    records (``AddmmBackward0``, its inputs in torch's order: bias, x, then the weight's
    ``TBackward0``)."""

    @staticmethod
    def forward(ctx: Function, bias: Array, x: Array, wt: Array) -> Array:
        _, need_x, need_w = ctx.needs_input_grad
        ctx.save_for_backward(x if need_w else None, wt if need_x else None)
        # the layouts torch's mm backward reads, as recorded (_checks.check_mm_backward)
        ctx.column_major = (_checks.is_column_major(x), _checks.is_column_major(wt))
        return K.addmm(bias, x, wt)  # its sums start where MKL starts them

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        x, wt = ctx.saved_tensors
        need_b, need_x, need_w = ctx.needs_input_grad
        if (need_w and (x.ndim != 2 or x.shape[0] != g.shape[0] or x.dtype != g.dtype)) or (
            need_x and (wt.ndim != 2 or wt.shape[1] != g.shape[1] or wt.dtype != g.dtype)
        ):  # (only a .data = of a saved operand fails torch's mm checks)
            _checks.check_mm_backward(g, x if need_w else None, wt if need_x else None,
                                      *ctx.column_major)
        # d/dbias = sum of g over the batch, d/dx = g @ wt^T, d/dwt = x^T @ g
        return (
            K.sum(g, 0) if need_b else None,
            K.gemm(g, wt.T) if need_x else None,
            K.gemm(x.T, g) if need_w else None,
        )


# ------------------------------------------------------------------------------ unary
class Abs(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        ctx.save_for_backward(a)
        return np.abs(a)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (a,) = ctx.saved_tensors
        # d|a|/da = sign(a), 0 at a == 0 (and, as torch's sgn, 0 at nan)
        return (g * K.sign(a),)


class Sign(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        return K.sign(a)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # d sign(a)/da = 0 (almost everywhere)
        return (np.zeros_like(g),)


class Exp(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        out = K.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (out,) = ctx.saved_tensors
        # d exp(a)/da = exp(a)
        return (g * out,)


class Log(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        ctx.save_for_backward(a)
        return K.log(a)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (a,) = ctx.saved_tensors
        # d log(a)/da = 1/a
        with _quiet():
            return (g / a,)


class Sqrt(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        out = K.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (out,) = ctx.saved_tensors
        # d sqrt(a)/da = 1 / (2 sqrt(a))
        with _quiet():
            return (g / (2 * out),)


class Relu(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        out = np.where(a < 0, 0, a)  # keeps -0.0 and nan, as torch's relu does
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (out,) = ctx.saved_tensors
        # d relu(a)/da = 1 where a > 0, else 0 (0 at a == 0; torch: where(out <= 0, 0, g))
        return (np.where(out <= 0, 0, g).astype(g.dtype, copy=False),)


class LeakyRelu(Function):
    """``leaky_relu(a, slope)``: a where a > 0, else slope * a (the slope in a's dtype)."""

    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array, *, slope: float = 0.01) -> Array:
        ctx.slope = slope = a.dtype.type(slope)
        ctx.save_for_backward(a)
        return np.where(a > 0, a, a * slope)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (a,) = ctx.saved_tensors
        # d leaky_relu(a)/da = 1 where a > 0, else slope (torch: self > 0 ? grad : grad * slope)
        return (np.where(a > 0, g, g * g.dtype.type(ctx.slope)),)


class Sigmoid(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        out = K.sigmoid(a)  # 1 / (1 + e ** -a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (out,) = ctx.saved_tensors
        # d sigmoid(a)/da = s (1 - s)   (torch: g * (1 - s) * s)
        return ((g * (1 - out)) * out,)


class Tanh(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        out = K.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
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


class Materialized(np.ndarray):
    """A broadcast view of a gradient that torch holds as a full tensor (mean's gradient,
    ``grad.expand(shape) / n``): where it is summed, torch sums every element in its
    order, not an expanded tensor's (whose sum torch computes in one product)."""


def _full(g: Array) -> Array:
    """``g`` as the row-major tensor torch holds, where numpy holds it expanded
    (``Materialized``): a transpose of it is summed in that tensor's memory order."""
    return np.array(g, order="C") if type(g) is Materialized else g


def _expand_back(
    g: Array, shape: tuple[int, ...], axes: tuple[int, ...] | None, keepdim: bool
) -> Array:
    """Undo a reduction's shape change: re-insert reduced axes, then broadcast (a view)."""
    if axes is None:  # one value seen from every position: a read-only zero-stride view
        g = np.asarray(g)
        view = np.ndarray(shape, g.dtype, g, 0, (0,) * len(shape))
        view.flags.writeable = False
        return view
    if not keepdim and axes:  # torch's unsqueeze: a new dimension's stride is the extent
        g = np.expand_dims(g, axes) if g.ndim == 0 or any(g.strides) else _unsqueezed(g, axes)
    if g.shape == shape:  # nothing grows: torch's unsqueeze keeps strides for the size-1
        view = np.asarray(g).view()  # dimensions (numpy's broadcast_to sets them to 0)
        view.flags.writeable = False
        return view
    return np.broadcast_to(g, shape)


def _unsqueezed(g: Array, axes: tuple[int, ...]) -> Array:
    """``g`` with size-1 dimensions inserted at ``axes`` with torch's unsqueeze strides (the
    size times the stride of the dimension there; numpy's expand_dims recomputes them)."""
    shape, strides = list(g.shape), list(g.strides)
    for d in sorted(axes):
        strides.insert(d, shape[d] * strides[d] if d < len(shape) else g.itemsize)
        shape.insert(d, 1)
    return np.lib.stride_tricks.as_strided(g, shape, strides, writeable=False)


class Sum(Function):
    @staticmethod
    def forward(ctx: Function, a: Array, *, dim: Any = None, keepdim: bool = False) -> Array:
        axes = _as_axes(dim, a.ndim)
        ctx.shape, ctx.axes, ctx.keepdim = a.shape, axes, keepdim
        if axes == () and a.ndim == 0:  # nothing to add up: 0 + a, in the sum's dtype
            return np.zeros((), np.int64 if a.dtype.kind in "biu" else a.dtype) + a
        kind = a.dtype.kind
        if kind != "f" and (kind in "bu" or kind == "i" and a.itemsize < 8):
            a = a.astype(np.int64)  # torch sums bool and every integer type in int64
        return K.sum(a, axes, keepdim)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # d sum(a)/da_i = 1: the gradient is copied to every summed element
        return (_expand_back(g, ctx.shape, ctx.axes, ctx.keepdim),)


class Mean(Function):
    @staticmethod
    def forward(ctx: Function, a: Array, *, dim: Any = None, keepdim: bool = False) -> Array:
        if a.dtype.kind != "f":
            raise RuntimeError(
                "mean(): could not infer output dtype. Input dtype must be either a floating "
                f"point or complex dtype. Got: {_dtype_name(a.dtype)}"
            )
        axes = _as_axes(dim, a.ndim)
        ctx.shape, ctx.axes, ctx.keepdim = a.shape, axes, keepdim
        n = a.size if axes is None else int(np.prod([a.shape[i] for i in axes]))
        ctx.count = n
        total = K.sum(a, axes, keepdim)
        if n == 0:  # the mean of nothing is nan, as in torch
            return np.full(np.shape(total), np.nan, dtype=a.dtype)
        # float32 mean = float32(sum) / float32(n), as torch computes it
        return np.asarray(total / a.dtype.type(n))

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # d mean(a)/da_i = 1/n (torch: grad.expand(shape) / n)
        n = ctx.count
        out = _expand_back(g / g.dtype.type(n) if n else g, ctx.shape, ctx.axes, ctx.keepdim)
        # torch's division writes a full tensor where this is a view: summed later (a
        # broadcast input's gradient), it is summed as that full tensor (autograd.unbroadcast)
        return (out.view(Materialized),)


def _dtype_name(dtype: np.dtype) -> str:
    return {
        "float32": "Float", "float64": "Double", "int64": "Long", "bool": "Bool",
        "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "float16": "Half",
    }.get(
        dtype.name, dtype.name
    )


# -------------------------------------------------------------------------- losses
class MseLoss(Function):
    @staticmethod
    def forward(ctx: Function, x: Array, y: Array, *, reduction: str = "mean") -> Array:
        d = x - y
        if d.ndim > 1 and not (x.flags.c_contiguous and y.flags.c_contiguous):
            d = as_torch_lays_out(d, x, y)  # the sum walks torch's layout
        # x and y are saved as torch saves them: an in-place change to either is caught, and
        # backward reads their values then (a write through .data shows, as in torch)
        ctx.save_for_backward(x, y)
        ctx.reduction = reduction
        sq = d * d
        if reduction == "none":
            return sq
        total = K.sum(sq)
        if reduction != "mean":
            return total
        with _quiet():  # the mean of nothing is nan, silently as in torch
            return total / sq.dtype.type(sq.size)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        x, y = ctx.saved_tensors
        d = x - y  # (torch's backward computes it from the saved inputs, as they are now)
        if d.ndim > 1 and not (x.flags.c_contiguous and y.flags.c_contiguous):
            d = as_torch_lays_out(d, x, y)
        # d mean((x-y)**2)/dx = 2 (x - y) / n; torch: (float(2/n) * d) * g; target: the negative
        norm = 2.0 / max(d.size, 1) if ctx.reduction == "mean" else 2.0
        c = d.dtype.type(norm)
        gx = (c * d) * g if ctx.needs_input_grad[0] else None
        # torch's target gradient is (norm * (y - x)) * g: y - x itself, as -(x - y) differs
        # in the sign of zeros
        gy = (c * (y - x)) * g if ctx.needs_input_grad[1] else None
        # torch writes both into zeros_like(the broadcast input) in the legacy contiguous
        # format: C order, whatever d's layout (a later sum down to a broadcast input's
        # shape walks that order)
        if d.ndim > 1 and not d.flags.c_contiguous:
            gx = None if gx is None else np.ascontiguousarray(gx)
            gy = None if gy is None else np.ascontiguousarray(gy)
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

    @staticmethod
    def forward(ctx: Function, a: Array, *, shape: tuple[int, ...]) -> Array:
        ctx.shape = a.shape
        return np.reshape(a, shape, copy=False)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # reshaping moves no values: reshape the gradient back
        return (_reshape_grad(g, ctx.shape),)


def _reshape_grad(g: Array, shape: tuple[int, ...]) -> Array:
    """``g`` reshaped as torch's ``grad.reshape(shape)``: an expanded single value (every
    stride 0, a sum's gradient) stays a view with every stride 0, as torch's computeStride
    makes it (numpy's reshape would give it strides; a leaf's gradient accumulator tells the
    two apart), anything else as numpy reshapes it."""
    if type(g) is not np.ndarray:  # a full tensor in torch that numpy holds expanded
        # (ops.Materialized): it stays one, so later sums walk it as torch's (seed 5315)
        return g if g.shape == shape else np.array(g, order="C").reshape(shape)
    if g.ndim and g.size and not any(g.strides):
        return np.lib.stride_tricks.as_strided(g, shape, (0,) * len(shape), writeable=False)
    return g.reshape(shape)


class UnsafeView(View):
    """A contiguous result read with another shape, recorded as a new tensor rather than a
    view (torch's ``_unsafe_view``: what ``reshape`` makes of its contiguous copy, and the
    matrix products of its folded and batched paths)."""

    @staticmethod
    def forward(ctx: Function, a: Array, *, shape: tuple[int, ...]) -> Array:
        ctx.shape = a.shape
        out = np.reshape(a, shape)
        return out if out.flags.c_contiguous else out.copy(order="C")


class Transpose(Function):
    @staticmethod
    def forward(ctx: Function, a: Array, *, dim0: int, dim1: int) -> Array:
        ctx.dims = (dim0, dim1)
        if a.ndim == 0:
            return a[...]
        return np.swapaxes(a, dim0, dim1)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # a transpose's adjoint is the same transpose (of the full tensor torch holds)
        return ((g if g.ndim == 0 else np.swapaxes(_full(g), *ctx.dims)),)


class Permute(Function):
    @staticmethod
    def forward(ctx: Function, a: Array, *, dims: tuple[int, ...]) -> Array:
        ctx.dims = dims
        return np.transpose(a, dims)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # the adjoint of a permutation is the inverse permutation
        return (np.transpose(_full(g), np.argsort(ctx.dims)),)


class Squeeze(Function):
    @staticmethod
    def forward(ctx: Function, a: Array, *, dim: int | None = None) -> Array:
        ctx.shape, ctx.dim = a.shape, dim
        if dim is None:
            return a.reshape(tuple(n for n in a.shape if n != 1))
        if a.ndim == 0 or a.shape[dim] != 1:
            return a[...]
        return a.reshape(a.shape[:dim] + a.shape[dim + 1 :])

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        return (_reshape_grad(g, ctx.shape),)


class Unsqueeze(Function):
    @staticmethod
    def forward(ctx: Function, a: Array, *, dim: int) -> Array:
        ctx.shape = a.shape
        # a new axis (numpy's stride 0, read as torch's by ``_checks.torch_strides``: the
        # next dimension's extent); np.expand_dims would recompute the other size-1 strides
        return a[(slice(None),) * dim + (None,)]

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        return (_reshape_grad(g, ctx.shape),)


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
    for position, i in enumerate(items):
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
            if not -n <= i < n:  # torch names the index's position in the tuple
                raise IndexError(
                    f"index {i} is out of bounds for dimension {position} with size {n}"
                )
        dim += 1
    return index


def basic_index_steps(index: Any, shape: tuple[int, ...]) -> list[tuple[Any, ...]] | None:
    """A basic index as torch applies it, one item at a time (``applySlicing``: a select,
    a slice or an unsqueeze each, full slices and ``...`` skipped), as one-item indices of
    the intermediate results; None when at most one step changes anything (one node)."""
    if not isinstance(index, tuple):
        return None
    used = sum(1 for i in index if i is not None and i is not Ellipsis)
    current = list(shape)
    steps: list[tuple[Any, ...]] = []
    dim = 0
    for i in index:
        if i is Ellipsis:
            dim += len(shape) - used
            continue
        before = (slice(None),) * dim
        if i is None:
            steps.append(before + (None,))
            current.insert(dim, 1)
            dim += 1
        elif isinstance(i, slice):
            n = current[dim]
            full = i.start in (None, 0) and i.step in (None, 1) and (i.stop is None or i.stop >= n)
            if not full:
                steps.append(before + (i,))
                current[dim] = len(range(*i.indices(n)))
            dim += 1
        else:
            steps.append(before + (i,))
            del current[dim]
    return steps if len(steps) > 1 else None


def _torch_index_error(e: IndexError) -> IndexError:
    """numpy's out-of-bounds IndexError in torch's words (which, for a dimension of size 0,
    names neither the index nor the dimension)."""
    message = str(e).replace("axis", "dimension")
    if message.endswith("with size 0"):
        message = "index is out of bounds for dimension with size 0"
    return IndexError(message)


class Index(Function):
    """``a[index]``: basic indexing (a view; ints, slices, None, ...) or advanced indexing
    (a copy; integer or boolean tensors and lists)."""

    @staticmethod
    def forward(ctx: Function, a: Array, *, index: Any) -> Array:
        ctx.shape, ctx.index = a.shape, index
        if is_basic_index(index):
            ctx.basic = True
            items = index if isinstance(index, tuple) else (index,)
            # a trailing ... keeps numpy from turning a single element into a scalar copy
            return a[items if Ellipsis in items else items + (Ellipsis,)]
        ctx.basic = False
        indexing.check_selects(index, a.shape)
        indexing.check_advanced(index, a.shape)
        ctx.stages = _index_stages(index, a.ndim)
        ctx.save_for_backward()  # torch saves the indices: a second backward raises
        first, second = ctx.stages
        part = a[first]
        try:
            out = np.asarray(part[second])
            # torch's kernel lays the result out by the input's and indices' strides
            # (numpy's can put the index subspace first)
            return as_torch_indexes(out, a, index)
        except IndexError as e:
            empty = indexing.empty_result(part, second)  # torch checks indices per element taken
            if empty is not None:
                return empty
            raise _torch_index_error(e) from None

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # each selected element's gradient goes back to where it was taken from
        full = np.zeros(ctx.shape, dtype=g.dtype)
        if g.size == 0:  # nothing was taken (an index may be out of range: torch allows it)
            return (full,)
        if ctx.__dict__.get("basic"):
            full[ctx.index] = g  # a view selects each element at most once
        else:
            first, second = ctx.stages
            np.add.at(full[first], second, g)  # an element taken twice gets both shares
        return (full,)


def _index_stages(index: Any, ndim: int) -> tuple[Any, Any]:
    """Split an advanced index as torch applies it: ints, slices and None first (a view),
    then the tensor/list indices on the dimensions that are left. (numpy treats an int
    beside a list as one more advanced index, which moves dimensions elsewhere.)"""
    items = index if isinstance(index, tuple) else (index,)
    has_int = any(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in items)
    if not has_int:
        return (Ellipsis,), index

    def consumed(i: Any) -> int:
        return np.ndim(i) if np.asarray(i).dtype == bool else (0 if i is None else 1)
    used = sum(consumed(i) for i in items if i is not Ellipsis)
    first: list[Any] = []
    second: list[Any] = []
    for i in items:
        if i is Ellipsis:
            first.append(i)
            second.extend([slice(None)] * (ndim - used))
        elif i is None or isinstance(i, slice):
            first.append(i)
            second.append(slice(None))
        elif isinstance(i, (int, np.integer)) and not isinstance(i, bool):
            first.append(i)
        else:  # a tensor or list index waits for the second stage
            first.extend([slice(None)] * consumed(i))
            second.append(i)
    return tuple(first) + (() if Ellipsis in first else (Ellipsis,)), tuple(second)


class IndexPut(Function):
    """``a[index] = v`` for an advanced index, out of place: a copy of ``a`` with ``v``
    written where ``index`` points."""

    # torch records index_put_ whatever a's dtype: an integer tensor written through one bool
    # mask with a float value that requires grad (masked_fill_'s path) joins the graph
    recorded_on_integers = True

    @staticmethod
    def forward(ctx: Function, a: Array, v: Array, *, index: Any) -> Array:
        ctx.index = index
        ctx.save_for_backward()  # torch saves the indices: a second backward raises
        indexing.check_selects(index, a.shape)
        try:
            indexing.check_advanced(index, a.shape)
        except IndexError as e:
            if str(e).startswith("index ") and "dimension with" not in str(e):
                indexing.write_until_out_of_bounds(a, v, index)  # torch's kernel wrote these
            raise
        out = a.copy()
        try:
            out[index] = v
        except IndexError as e:
            empty = indexing.empty_result(out, index)  # nothing written: torch checks nothing
            if empty is None:
                raise _torch_index_error(e) from None
            ctx.written = empty
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # d out/d a: 1 where not overwritten; d out/d v: the written places
        written = ctx.__dict__.get("written")  # an empty write: no place overwritten
        ga = None
        if ctx.needs_input_grad[0]:
            ga = g.copy()
            if written is None:
                ga[ctx.index] = 0
        gv = None
        if ctx.needs_input_grad[1]:
            gv = np.asarray(g[ctx.index]) if written is None else np.zeros_like(written, g.dtype)
        return ga, gv


class Fill(Function):
    """Every element set to one number, or to given values (what ``fill_``, ``zero_``,
    ``uniform_`` and ``normal_`` record; ``via`` says which, for the node's name)."""

    @staticmethod
    def forward(ctx: Function, a: Array, *, value: Any, via: str | None = None) -> Array:
        if via is not None:  # the public function (zero_, fill_, ...): for the name
            ctx.via = via
        return np.full_like(a, value)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # the old values are gone: their gradient is 0
        return (np.zeros_like(g),)


class FillTensor(Function):
    """Every element set to a 0-d tensor's value (``fill_(tensor)``)."""

    recorded_on_integers = True  # torch records it even on an integer or bool tensor

    @staticmethod
    def forward(ctx: Function, a: Array, value: Array) -> Array:
        return np.full_like(a, value)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # the old values are gone (gradient 0); the value was copied everywhere: d/dv = sum(g)
        need_a, need_v = ctx.needs_input_grad
        return (
            np.zeros_like(g) if need_a else None,
            np.asarray(K.sum(g)).reshape(()) if need_v else None,
        )


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

    @staticmethod
    def forward(ctx: Function, a: Array, src: Array) -> Array:
        ctx.src_dtype = src.dtype
        return np.array(np.broadcast_to(src, a.shape), dtype=a.dtype)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # the old values are gone (gradient 0); src's values arrive unchanged
        gsrc = g.astype(ctx.src_dtype, copy=False) if ctx.needs_input_grad[1] else None
        return (np.zeros_like(g) if ctx.needs_input_grad[0] else None), gsrc


class Stack(Function):
    @staticmethod
    def forward(ctx: Function, *arrays: Array, dim: int = 0) -> Array:
        ctx.dim = dim
        # torch's stack is a cat: along dim then split by a view, or (a new last dim) of
        # the inputs unsqueezed; the layout is cat's
        if dim < arrays[0].ndim:
            out = as_torch_concatenates(np.concatenate(arrays, axis=dim), list(arrays))
            n = len(arrays)
            return out.reshape(out.shape[:dim] + (n, out.shape[dim] // n) + out.shape[dim + 1:])
        ends = [a[..., None] for a in arrays]
        return as_torch_concatenates(np.concatenate(ends, axis=dim), ends)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        return tuple(np.moveaxis(g, ctx.dim, 0))


class Cat(Function):
    @staticmethod
    def forward(ctx: Function, *arrays: Array, dim: int = 0) -> Array:
        # torch skips 1-D empty tensors beside tensors of more dimensions (a legacy rule)
        legacy = [a.ndim == 1 and a.size == 0 and any(b.ndim > 1 for b in arrays)
                  for a in arrays]
        ctx.dim, ctx.legacy = dim, legacy
        kept = [a for a, skip in zip(arrays, legacy) if not skip]
        ctx.sizes = [a.shape[dim] for a in kept]
        return as_torch_concatenates(np.concatenate(kept, axis=dim), kept)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # each input gets its slice of g back (a skipped empty one an empty gradient)
        cuts = np.cumsum(ctx.sizes)[:-1]
        parts = iter(np.split(g, cuts, axis=ctx.dim))
        return tuple(np.zeros(0, g.dtype) if skip else next(parts) for skip in ctx.legacy)


def expanded_shape(shape: tuple[int, ...], sizes: tuple[int, ...]) -> tuple[int, ...]:
    """The shape ``expand(*sizes)`` gives a tensor of ``shape``, or torch's error."""
    lead = len(sizes) - len(shape)
    if not shape and any(n < 0 for n in sizes):  # torch multiplies the sizes first
        raise RuntimeError("numel: integer multiplication overflow")
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
    """A broadcast view of ``a`` (no copy); its backward sums the gradient back to ``a``'s
    shape (torch's ``sum_to``, in the node: the engine then checks the result against the
    shape the input's next node expects, which for a leaf whose ``.data`` changed shape
    since its accumulator was made is the old one)."""

    @staticmethod
    def forward(ctx: Function, a: Array, *, shape: tuple[int, ...]) -> Array:
        ctx.input_shape = a.shape
        if not shape:  # a 0-d tensor expanded to (): its gradient is still summed
            ctx.scalar = True
        lead = len(shape) - a.ndim
        strides = (0,) * lead + tuple(
            0 if n == 1 and m != 1 else s for n, m, s in zip(a.shape, shape[lead:], a.strides)
        )
        return np.lib.stride_tricks.as_strided(
            a, shape, strides, writeable=bool(a.flags.writeable)
        )

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # each copy of an element receives its share: summed back in the engine; torch's
        # sum_to to a 0-d shape sums even a 0-d gradient (0 + g: -0.0 becomes +0.0)
        if g.ndim == 0 and ctx.__dict__.get("scalar"):
            return (g + g.dtype.type(0),)
        if g.shape != ctx.input_shape:
            g = unbroadcast(g, ctx.input_shape, ctx)
        return (g,)


def storage_geometry(a: Array) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """``a``'s sizes, strides and storage offset, in elements, as torch states a tensor's
    place in its memory (the offset counted from the array that owns the memory)."""
    root, owner = a, a.base
    while owner is not None:  # through numpy's views and as_strided's stand-ins
        if isinstance(owner, np.ndarray):
            root = owner
        owner = getattr(owner, "base", None)
    start = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return a.shape, tuple(s // a.itemsize for s in a.strides), start // a.itemsize


class AsStrided(Function):
    """The history torch gives a view whose memory was written after it was made
    (``AsStridedBackward0``): each of the view's elements sends its gradient to the element
    of the base at the same place in memory. Made by ``views`` for an existing view (its
    forward returns the view's own array); the base is its one input."""

    @staticmethod
    def forward(ctx: Function, base: Array, *, view: Array) -> Array:
        ctx.base_geometry = storage_geometry(base)
        ctx.view_geometry = storage_geometry(view)
        return view

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # d(view)/d(base) picks elements by address: the gradient is scattered into a
        # zeroed copy of the memory and read back in the base's geometry (torch's
        # as_strided_backward, step by step)
        return (_as_strided_backward(g, ctx.base_geometry, ctx.view_geometry),)


def _as_strided_backward(g: Array, base: tuple[Any, ...], view: tuple[Any, ...]) -> Array:
    (in_sizes, in_strides, in_offset), (sizes, strides, offset) = base, view
    out_sizes: list[int] = []  # the view's dimensions that place distinct elements
    out_strides: list[int] = []
    for i in range(len(sizes) - 1, -1, -1):
        if sizes[i] == 0:
            return np.zeros(in_sizes, g.dtype)
        if sizes[i] == 1:
            g = g.squeeze(i)
        elif strides[i] == 0:  # an expanded dimension: its copies' gradients summed
            g = np.asarray(K.sum(g, (i,), False))
        else:
            out_sizes.insert(0, sizes[i])
            out_strides.insert(0, strides[i])
    kept = [(n, s) for n, s in zip(in_sizes, in_strides) if n != 1]
    if any(n == 0 for n, _ in kept):
        return np.zeros(in_sizes, g.dtype)
    shared = min(in_offset, offset)
    in_at, out_at = in_offset - shared, offset - shared
    out_dims = list(zip(out_sizes, out_strides))
    size = max(_min_storage_size(kept, in_at), _min_storage_size(out_dims, out_at))
    storage = np.zeros(size, g.dtype)
    item = storage.itemsize
    strided = np.lib.stride_tricks.as_strided
    if _may_overlap(out_dims):  # several of the view's elements at one place: summed
        np.add.at(storage, _places(size, out_at, out_dims), g.reshape(-1))
    else:
        strided(storage[out_at:], out_sizes, [s * item for s in out_strides])[...] = g
    if _may_overlap(kept):  # a base element seen several times shares what arrived
        count = np.zeros(size, g.dtype)
        np.add.at(count, _places(size, in_at, kept), 1)
        with _quiet():
            storage /= count
    return strided(storage[in_at:], in_sizes, [s * item for s in in_strides])


def _places(size: int, offset: int, dims: list[tuple[int, int]]) -> Array:
    """The memory places (indices) of the elements of a geometry, in its element order."""
    sizes, strides = zip(*dims) if dims else ((), ())
    places = np.arange(size, dtype=np.int64)[offset:]
    return np.lib.stride_tricks.as_strided(places, sizes, [s * 8 for s in strides]).reshape(-1)


def _min_storage_size(dims: list[tuple[int, int]], offset: int) -> int:
    """Elements a memory needs to hold ``dims`` (size, stride pairs) from ``offset``."""
    end = offset + 1
    for n, s in dims:
        if n == 0:
            return offset
        end += (n - 1) * s
    return end


def _may_overlap(dims: list[tuple[int, int]]) -> bool:
    """torch's ``_maybe_overlapping_memory``: whether, by strides in increasing order, a
    stride falls within the span of the dimensions before it."""
    span = 0
    for n, s in sorted(dims, key=lambda d: d[1]):
        if s <= span:
            return True
        span += s * (n - 1)
    return False


class Alias(Function):
    """The same values under a new node (what ``t()`` of a vector records)."""

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        return a[...]

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        return (g,)


def _preserving_layout(a: Array, dtype: np.dtype) -> Array:
    """A copy of ``a`` in ``dtype`` laid out as torch's ``empty_like(preserve_format)``: with
    a's strides when a is dense (a transpose stays one), else dense in the order a's strides
    suggest (an expanded tensor's copy is row-major where numpy's "K" order would put the
    broadcast dimension innermost)."""
    if a.ndim < 2 or _checks.is_dense(a):  # torch keeps a's strides, size-1 ones too
        out = a.astype(dtype)
        if 1 in a.shape:
            ratio = out.itemsize / a.itemsize
            out = with_strides(out, [int(s * ratio) for s in torch_strides(a)])
        return out
    return dense_like(a.astype(dtype, order="C"), a)


class Clone(Function):
    @staticmethod
    def forward(ctx: Function, a: Array, *, order: Literal["K", "C"] = "K") -> Array:
        # torch's clone keeps the layout (a transpose stays one); contiguous() asks for "C"
        return a.copy(order="C") if order == "C" else _preserving_layout(a, a.dtype)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        return (g,)


class ToDtype(Function):
    @staticmethod
    def forward(ctx: Function, a: Array, *, dtype: np.dtype) -> Array:
        ctx.dtype = a.dtype
        return _preserving_layout(a, dtype)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # a cast's derivative is 1; the gradient goes back in the input's dtype
        return (g.astype(ctx.dtype),)


# ======================================================================================
# Course ops (issue 11): clamp, where, max/min, var/std, scatter/gather, norm, log1p,
# expm1. Activations and losses (softmax, log_softmax, nll, BCE) are in nn_functions.py.
# ======================================================================================
class Clamp(Function):
    """``clamp(a, min, max)`` with Python numbers (either may be None); ``clamp_min`` /
    ``clamp_max`` say so with ``via`` (torch names their nodes apart: ``_naming``)."""

    elementwise = True

    @staticmethod
    def forward(
        ctx: Function, a: Array, *, lo: Any = None, hi: Any = None, via: str | None = None
    ) -> Array:
        ctx.save_for_backward(a)
        ctx.lo, ctx.hi = lo, hi
        if via is not None:  # clamp_min / clamp_max: for the node's name
            ctx.via = via
        # torch keeps a value equal to a bound as it is (-0.0 stays -0.0 at a bound of 0.0);
        # a nan value stays nan, and a nan bound makes every element nan
        out = a
        if lo is not None:
            low = _scalar_like(lo, a)
            out = np.where(out < low, low, out) if low == low else np.maximum(out, low)
        if hi is not None:
            high = _scalar_like(hi, a)
            out = np.where(out > high, high, out) if high == high else np.minimum(out, high)
        return out.astype(a.dtype, copy=out is a)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (a,) = ctx.saved_tensors
        lo, hi = ctx.lo, ctx.hi
        # d clamp(a)/da = 1 where lo <= a <= hi (both ends included), else 0
        keep = np.ones(a.shape, dtype=bool)
        if lo is not None:
            keep &= a >= _scalar_like(lo, a)
        if hi is not None:
            keep &= a <= _scalar_like(hi, a)
        return (np.where(keep, g, g.dtype.type(0)),)


class ClampTensor(Function):
    """``clamp(a, min, max)`` with a tensor bound (the other a tensor, or None): torch's
    ``ClampBackward0``. Both bounds: torch's clamp kernel; one: its maximum / minimum."""

    elementwise = True
    number_inputs_shown = True  # an absent bound shows as (None, 0) in next_functions

    @staticmethod
    def forward(ctx: Function, a: Array, lo: Any, hi: Any, *, dtype: Any) -> Array:
        ctx.save_for_backward(hi, lo, a)  # torch's order: max, min, self
        a = a.astype(dtype, copy=False)
        if lo is not None and hi is not None:
            return K.clamp_between(a, lo.astype(dtype, copy=False), hi.astype(dtype, copy=False))
        if lo is not None:
            return K.maximum(a, lo.astype(dtype, copy=False))
        return K.maximum(a, hi.astype(dtype, copy=False), largest=False)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        hi, lo, a = ctx.saved_tensors
        zero = g.dtype.type(0)
        need_a, need_lo, need_hi = ctx.needs_input_grad
        ga = glo = ghi = None
        # d clamp/da = 1 where lo <= a <= hi (ends included); the gradient goes to a bound
        # where a is beyond it (to max, not min, when min > max), as torch's
        # clamp_backward / clamp_backward_min_max. Each mask compares two tensors in their
        # own result type (a float64 0-d bound beside a float32 self: as float32)
        a_lo, lo_a = _compared(a, lo), _compared(lo, a)
        a_hi, hi_a = _compared(a, hi), _compared(hi, a)
        if lo is not None and hi is not None:
            # torch combines each pair of masks in place (logical_and_ / logical_or_ into
            # the first), which raises its in-place error when the second is larger
            bs = np.broadcast_shapes
            if need_a:
                _checks.check_output_broadcast(bs(a.shape, lo.shape), bs(a.shape, hi.shape))
            if need_lo:
                _checks.check_output_broadcast(bs(a.shape, lo.shape), bs(lo.shape, hi.shape))
            if need_hi:
                _checks.check_output_broadcast(bs(a.shape, hi.shape), bs(hi.shape, lo.shape))
            lo_hi, hi_lo = _compared(lo, hi), _compared(hi, lo)
            if need_a:
                ga = np.where((a_lo >= lo_a) & (a_hi <= hi_a), g, zero)
            if need_lo:
                glo = np.where((a_lo < lo_a) & (lo_hi < hi_lo), g, zero)
            if need_hi:
                ghi = np.where((a_hi > hi_a) | (hi_lo < lo_hi), g, zero)
        elif lo is not None:
            ga = np.where(a_lo >= lo_a, g, zero) if need_a else None
            glo = np.where(a_lo < lo_a, g, zero) if need_lo else None
        else:
            ga = np.where(a_hi <= hi_a, g, zero) if need_a else None
            ghi = np.where(a_hi > hi_a, g, zero) if need_hi else None
        return ga, glo, ghi


def _compared(x: Any, other: Any) -> Any:
    """``x`` cast to the type torch compares it in beside ``other`` (None stays None):
    dimensioned operands decide, a 0-d one only with a higher category (bool < int < float)."""
    if x is None or other is None:
        return x
    from .promotion import pair_type

    dtype = pair_type(x.dtype, x.ndim > 0, other.dtype, other.ndim > 0)
    return x if x.dtype == dtype else x.astype(dtype)


class Where(Function):
    """``where(condition, a, b)``: a where the condition holds, else b."""

    elementwise = True

    @staticmethod
    def forward(ctx: Function, cond: Array, a: Array, b: Any, *, dtype: Any = None) -> Array:
        ctx.save_for_backward(cond)  # torch saves the condition: a second backward raises
        if dtype is not None:  # two tensors of different dtypes: both in torch's result type
            a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
        return np.where(cond, a, b)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (cond,) = ctx.saved_tensors
        zero = g.dtype.type(0)
        need_a, need_b = ctx.needs_input_grad[1], ctx.needs_input_grad[2]
        # d/da = 1 where cond, d/db = 1 elsewhere
        return (
            None,
            np.where(cond, g, zero) if need_a else None,
            np.where(cond, zero, g) if need_b else None,
        )


class MaxAll(Function):
    """``max()`` / ``min()`` of all elements (``MaxBackward1`` / ``MinBackward1``)."""

    @staticmethod
    def forward(ctx: Function, a: Array, *, largest: bool = True) -> Array:
        if a.size == 0:
            raise RuntimeError(
                f"{'max' if largest else 'min'}(): Expected reduction dim to be specified for "
                "input.numel() == 0. Specify the reduction dim with the 'dim' argument."
            )
        if a.dtype.kind == "f":
            out = np.asarray(K.extreme(a, largest))
        else:
            out = np.asarray(a.max() if largest else a.min())
        ctx.save_for_backward(a, out)
        ctx.largest = largest
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        a, out = ctx.saved_tensors
        # the gradient is shared evenly between the elements equal to the result
        # (torch: zeros.masked_fill_(mask, grad / mask.sum()))
        mask = np.isnan(a) if np.isnan(out) else a == out
        share = g / g.dtype.type(np.count_nonzero(mask))
        return (np.where(mask, share, g.dtype.type(0)),)


class MaxDim(Function):
    """The values of ``max(dim)`` / ``min(dim)`` (``MaxBackward0`` / ``MinBackward0``);
    the indices are computed alongside and read from ``ctx.indices``."""

    @staticmethod
    def forward(
        ctx: Function, a: Array, *, dim: int = 0, keepdim: bool = False, largest: bool = True
    ) -> Array:
        ctx.shape, ctx.dim, ctx.keepdim, ctx.largest = a.shape, dim, keepdim, largest
        ctx.indices, values = K.select_along(a, dim, keepdim, largest)
        ctx.save_for_backward()  # torch saves the indices: a second backward raises
        return values

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        # only the selected element of each slice receives the gradient
        # (torch: zeros(shape).scatter(dim, indices, grad))
        idx = ctx.indices
        if not ctx.keepdim and len(ctx.shape):
            g, idx = np.expand_dims(g, ctx.dim), np.expand_dims(idx, ctx.dim)
        out = np.zeros(ctx.shape, dtype=g.dtype)
        if len(ctx.shape) == 0:
            return (np.asarray(g).reshape(()).copy(),)
        np.put_along_axis(out, idx, g, axis=ctx.dim)
        return (out,)


class Maximum(Function):
    """Elementwise ``maximum(a, b)`` / ``minimum(a, b)`` (also ``a.max(b)``)."""

    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array, b: Array, *, largest: bool = True) -> Array:
        ctx.save_for_backward(b, a)  # torch's order: other, self
        ctx.largest = largest
        return K.maximum(a, b, largest)  # nan propagates; ties: the zero torch returns

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        b, a = ctx.saved_tensors
        zero = g.dtype.type(0)
        # d max(a, b)/da = 1 where a wins, 1/2 at a tie (torch: where(a == b, g / 2, g)
        # then 0 where a loses); the same for b
        shared = np.where(a == b, g / g.dtype.type(2), g)
        a_loses, b_loses = (a < b, a > b) if ctx.largest else (a > b, a < b)
        return (
            np.where(a_loses, zero, shared) if ctx.needs_input_grad[0] else None,
            np.where(b_loses, zero, shared) if ctx.needs_input_grad[1] else None,
        )


class Var(Function):
    """``var`` / ``std`` with a ``correction`` (1: unbiased), as torch's CPU kernels compute
    them: all elements in two passes in float64 (torch's float32 mean, then the squared
    deviations summed one by one), over dims with Welford's algorithm in float64."""

    @staticmethod
    def forward(
        ctx: Function, a: Array, *, dim: Any = None, correction: float = 1,
        keepdim: bool = False, take_sqrt: bool = False,
    ) -> Array:
        if a.dtype.kind != "f":
            raise RuntimeError("std and var only support floating point and complex dtypes")
        axes = _as_axes(dim, a.ndim)
        if axes == () and a.ndim == 0:
            axes = None
        ctx.axes, ctx.keepdim, ctx.correction = axes, keepdim, correction
        # torch's kernel for one output value (every dim reduced, or the others of size 1)
        # is the two-pass one, whatever dims were named
        single = axes is None or all(n == 1 for i, n in enumerate(a.shape) if i not in axes)
        with _quiet():
            if single:
                n = a.size
                mean = float(K.sum(a) / a.dtype.type(n)) if n else np.nan
                d = a.astype(np.float64).ravel(order="K") - mean  # (in memory order)
                m2 = 0.0
                for v in (d * d).tolist():
                    m2 += v
                var = np.float64(m2) / np.float64(max(0.0, n - correction))
                out = np.asarray(np.sqrt(var) if take_sqrt else var, dtype=a.dtype)
                if axes is None:
                    shape = [1] * a.ndim if keepdim else []
                else:
                    shape = [1 if i in axes else k for i, k in enumerate(a.shape)
                             if keepdim or i not in axes]
                out = out.reshape(shape)
            else:
                _, m2s, n = K.welford(a, axes or ())
                divisor = n - correction if n > correction else 0.0
                variances = m2s / divisor
                out = (np.sqrt(variances) if take_sqrt else variances).astype(a.dtype)
                if not keepdim:
                    out = out.squeeze(axes)
        ctx.save_for_backward(a, out if take_sqrt else None)  # torch: std saves its result
        ctx.take_sqrt = take_sqrt
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        a, out = ctx.saved_tensors
        axes = ctx.axes
        with _quiet():
            if ctx.take_sqrt:
                # d std = d var / (2 std), 0 where std == 0 (torch's masked_fill)
                g = np.where(out == 0, g.dtype.type(0), g / (out * g.dtype.type(2)))
            if axes is None:
                n = a.size
                mean = np.asarray(K.sum(a) / a.dtype.type(n))
                if n - ctx.correction <= 0:  # torch: nan where a equals its mean (an inf
                    return (g * np.where(a == mean, np.nan, np.inf).astype(a.dtype),)  # too)
                centred = a - mean
            else:  # (torch has no such case over dims: 2 / 0 is inf, 2 / -1 is -2)
                if not ctx.keepdim:
                    g = np.expand_dims(g, axes)
                n = int(np.prod([a.shape[i] for i in axes]))
                centred = a - K.sum(a, axes, True) / a.dtype.type(n)
            # d var/da = 2 (a - mean) / (n - correction)   (torch: (2 / dof) * g * centred)
            scale = np.float64(2.0) / np.float64(n - ctx.correction)
            return ((a.dtype.type(scale) * g) * centred,)


def scatter_array(a: Array, dim: int, index: Array, src: Any) -> Array:
    """A copy of ``a`` with ``out[..., index[i], ...] = src[i]`` along ``dim`` (torch's
    ``scatter``; a later index wins on repeats, as torch's serial CPU kernel). The index
    was checked (``selection._scatter_gather_checks``)."""
    out = np.array(a, copy=True, order="C")  # torch's result is contiguous (and a 0-d
    # gradient may come as a numpy scalar)
    if index.size == 0:
        return out
    values = src[tuple(slice(0, n) for n in index.shape)] if np.ndim(src) else src
    if a.ndim == 0:  # every index is 0: the last value written stays
        out[()] = values if np.ndim(values) == 0 else np.asarray(values).reshape(-1)[-1]
        return out
    dim = dim % a.ndim
    grids = np.indices(index.shape, sparse=True)
    out[tuple(index if i == dim else grids[i] for i in range(a.ndim))] = values
    return out


class Scatter(Function):
    """``scatter(dim, index, value)`` with a number (``ScatterBackward1``) or a tensor
    ``src`` (``ScatterBackward0``)."""

    @staticmethod
    def forward(
        ctx: Function, a: Array, src: Array | None = None, *, dim: int = 0, index: Any = None,
        value: Any = None,
    ) -> Array:
        ctx.dim, ctx.index = dim, index
        ctx.save_for_backward()  # torch saves the index: a second backward raises
        if src is not None:
            return scatter_array(a, dim, index, src)
        return scatter_array(a, dim, index, _scalar_like(value, a))

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        dim, index = ctx.dim, ctx.index
        if ctx.__dict__.get("resaved_params"):  # the index took new data (.data =)
            from .selection import check_index_backward

            kind = "scatter" if len(ctx.needs_input_grad) == 1 else "scatter_src"
            check_index_backward(kind, g, g.shape, dim, index)
        # overwritten positions lose their gradient; src's element i gets g at index[i]
        ga = scatter_array(g, dim, index, g.dtype.type(0)) if ctx.needs_input_grad[0] else None
        if len(ctx.needs_input_grad) == 1:  # a number was written
            return (ga,)
        return ga, (gather_array(g, dim, index) if ctx.needs_input_grad[1] else None)


def gather_array(a: Array, dim: int, index: Array) -> Array:
    """``out[i][j] = a[index[i][j]][j]`` along ``dim`` (torch's ``gather``), in the index's
    shape. The index was checked (``selection._scatter_gather_checks``)."""
    if a.ndim == 0 or index.size == 0:  # (a 0-d tensor: every index is 0)
        return np.full(index.shape, a.reshape(-1)[0] if a.size else 0, dtype=a.dtype)
    dim = dim % a.ndim
    grids = np.indices(index.shape, sparse=True)
    return a[tuple(index if i == dim else grids[i] for i in range(a.ndim))]


class Gather(Function):
    """``gather(dim, index)``: ``out[i][j] = a[index[i][j]][j]`` along ``dim``."""

    @staticmethod
    def forward(ctx: Function, a: Array, *, dim: int = 0, index: Any = None) -> Array:
        ctx.shape, ctx.dim, ctx.index = a.shape, dim, index
        ctx.save_for_backward(a)  # torch saves self (and the index): a write to self since,
        # or a second backward, raises
        out = gather_array(a, dim, index)  # (laid out as torch's result: row-major, whatever
        return out if out.flags.c_contiguous else out.copy(order="C")  # the index's layout)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        if ctx.__dict__.get("resaved_params"):  # the index took new data (.data =)
            from .selection import check_index_backward

            check_index_backward("gather", g, ctx.shape, ctx.dim, ctx.index)
        # each gathered element's gradient is added back where it came from (scatter_add)
        out = np.zeros(ctx.shape, dtype=g.dtype)
        if ctx.index.size == 0:
            return (out,)
        if out.ndim == 0:  # every element came from the one value: added one by one
            return (np.add.accumulate(g.reshape(-1))[-1].reshape(()) + out,)
        dim = ctx.dim % out.ndim
        grids = np.indices(ctx.index.shape, sparse=True)
        np.add.at(out, tuple(ctx.index if i == dim else grids[i] for i in range(out.ndim)), g)
        return (out,)


class Norm2(Function):
    """The 2-norm ``sqrt(sum(a * a))`` over all elements or ``dim``
    (``LinalgVectorNormBackward0``)."""

    @staticmethod
    def forward(ctx: Function, a: Array, *, dim: Any = None, keepdim: bool = False) -> Array:
        axes = _as_axes(dim, a.ndim)
        ctx.axes, ctx.keepdim = axes, keepdim
        reduced = a.size if axes is None else int(np.prod([a.shape[i] for i in axes]))
        if a.ndim == 0 and axes is not None:  # a 0-d tensor with a dim: sqrt(a * a) (torch)
            with _quiet():
                out = np.sqrt(a * a)
        elif reduced == 1:  # one element per norm: torch takes no reduction: |a|
            gone = range(a.ndim) if axes is None else axes
            out = np.abs(a).reshape([1 if i in gone else n for i, n in enumerate(a.shape)]
                                    if keepdim else [n for i, n in enumerate(a.shape)
                                                     if i not in gone])
        else:  # sqrt(sum(a * a)), added in the order of torch's norm kernel
            out = np.asarray(K.norm2(a, axes, keepdim))
        ctx.save_for_backward(a, out)  # the result itself: torch's node saves it
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        a, out = ctx.saved_tensors
        if ctx.axes is not None and not ctx.keepdim:
            g, out = np.expand_dims(g, ctx.axes), np.expand_dims(out, ctx.axes)
        # d |a| / da = a / |a|, 0 where |a| == 0 (torch: grad * (self / norm).masked_fill_)
        with _quiet():
            direction = np.where(out == 0, a.dtype.type(0), a / out)
        return (g * direction,)


class Log1p(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        ctx.save_for_backward(a)
        return K.log1p(a)

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (a,) = ctx.saved_tensors
        # d log(1 + a)/da = 1 / (1 + a)   (torch: grad / (self + 1))
        with _quiet():
            return (g / (a + a.dtype.type(1)),)


class Expm1(Function):
    elementwise = True

    @staticmethod
    def forward(ctx: Function, a: Array) -> Array:
        out = K.expm1(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: Function, g: Array) -> Grads:
        (out,) = ctx.saved_tensors
        # d (e**a - 1)/da = e**a = result + 1   (torch: grad * (result + 1))
        return (g * (out + out.dtype.type(1)),)
