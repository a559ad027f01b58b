"""Elementwise arithmetic: the binary operators with torch's type promotion
(``_binary``), the matrix product, comparisons, and the unary math methods (``exp``,
``relu``, ``clamp``, ``softmax``, ...).

``Tensor`` binds these functions as its methods (``exp = arithmetic.exp``). A function
behind an operator is named after it (``__rpow__`` is ``rpow``, ``__lt__`` is ``lt``), with
``_operator`` where a method has the name (``__pow__`` is ``pow_operator`` beside ``pow``,
``__eq__`` is ``eq_operator`` beside ``eq``); the method ``matmul`` is ``matmul_method``
beside the module-level ``matmul(a, b)``. Named as the methods, ``abs`` and ``pow`` hide
the builtins in this module, which uses neither.

Import order: see ``tensor.py`` (this module imports its siblings at its end).
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _checks, views
from . import ops as fn
from ._fp import quiet
from .autograd import Function, _GradMode

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


_PYTHON_NUMBERS = (float, int)


def _binary(
    op: type[Function], a: Tensor, b: Any, true_divide: bool = False, alpha: Any = None
) -> Tensor:
    """Apply a two-input op: ``a`` is a tensor, ``b`` a tensor or a number.

    The common cases (same dtype, or a float tensor with a Python number) go straight to
    the op; everything else goes through torch's type promotion first. ``alpha`` (add and
    sub) scales ``b`` inside the one op.
    """
    b_is_tensor = type(b) is _tensor.Tensor or isinstance(b, _tensor.Tensor)
    if _GradMode.invalid_histories and (
        isinstance(a._grad_fn, views.InvalidHistory)
        or b_is_tensor and isinstance(b._grad_fn, views.InvalidHistory)
    ):
        a._check_history()  # torch reads the inputs' history first (grad mode on)
        if b_is_tensor:
            b._check_history()
    if alpha is not None:
        if op is fn.Sub:
            _refuse_bool_subtraction(a, b)
        a2, b2 = _operands(a, b, true_divide)
        if isinstance(b2, _tensor.Tensor):  # torch checks the shapes before alpha's type
            _checks.check_broadcast(a2._data.shape, b2._data.shape)
        if isinstance(alpha, (bool, np.bool_)) and a2._data.dtype.kind != "b":
            raise RuntimeError("Boolean alpha only supported for Boolean results.")
        if a2._data.dtype.kind in "biu" and not isinstance(alpha, numbers.Integral):
            raise RuntimeError(
                "For integral input tensors, argument alpha must not be a floating point number."
            )
        _checks.check_float_scalar(alpha, a2._data.dtype)
        return _without_casts(op.apply(a2, b2, alpha=alpha), (a, b), (a2, b2))
    kind = a._data.dtype.kind
    if b_is_tensor:
        if b._data.dtype is a._data.dtype and kind != "b" and (kind == "f" or not true_divide):
            return op.apply(a, b)
    elif type(b) in _PYTHON_NUMBERS and kind == "f":
        return op.apply(a, b)
    if op is fn.Sub or op is fn.RSub:
        _refuse_bool_subtraction(a, b)
    a2, b2 = _operands(a, b, true_divide, wrap=op is not fn.Pow)
    return _without_casts(op.apply(a2, b2), (a, b), (a2, b2))


def _check_differentiable(out: Tensor, inputs: tuple[Any, ...]) -> None:
    """torch records a promoted op on the inputs themselves (no cast node), so an integer
    or bool result of an input in the graph (a bool tensor a write put there, times 2)
    is refused as torch's ``set_history`` refuses it; minigrad's cast copies had left it."""
    if out._grad_fn is None and out._data.dtype.kind not in "fc" and _GradMode.enabled and (
        not _GradMode.writing_in_place
    ) and any(isinstance(x, _tensor.Tensor) and x._requires_grad for x in inputs):
        raise RuntimeError(f"Autograd not support dtype: {_checks.short_name(out._data.dtype)}")


def _without_casts(out: Tensor, inputs: tuple[Any, ...], cast: tuple[Any, ...]) -> Tensor:
    """Link ``out``'s node to the inputs themselves rather than to their promoted copies:
    torch records no cast node for type promotion (its engine casts each gradient back to
    its input's dtype, as minigrad's does), and what the op saved of a promoted copy is
    watched through the original's version."""
    node = out._grad_fn
    if not isinstance(node, Function):  # None (a fresh result's history is never invalid)
        _check_differentiable(out, inputs)
        return out
    edges = list(node.edges)
    for i, (x, c) in enumerate(zip(inputs, cast)):
        if c is not x and isinstance(x, _tensor.Tensor) and edges[i] is not None:
            edges[i] = x.grad_fn or x
            if node.saved is not None and any(s is c._data for s in node.saved):
                # x is watched where its promoted copy was (torch checks in name order)
                watched = node._saved_versions
                at = next((j for j, (w, _) in enumerate(watched) if w is c), len(watched))
                watched[at:at + 1] = [(x, x._version)]
                # which saved array is x promoted: an in-place write of x saves x itself
                node.promoted = (*node.__dict__.get("promoted", ()), (c._data, x))
    node.edges = tuple(edges)
    return out


def _operands(
    a: Tensor, b: Any, true_divide: bool = False, wrap: bool = True
) -> tuple[Tensor, Any]:
    """Bring a binary op's operands to torch's result dtype (shapes are checked by numpy,
    whose error ``apply`` turns into torch's message).

    Returns ``(a, b)`` where ``b`` stays a Python number (numpy treats those as weakly typed,
    so they never change a tensor's dtype) or is a Tensor of the result dtype.
    """
    if isinstance(b, np.ndarray):
        b = tensor(b)
    if isinstance(b, _tensor.Tensor):
        if a._data.dtype != b._data.dtype:
            dtype = result_type(a, b)
            if true_divide and dtype.kind != "f":
                dtype = float32
            a = a.to(dtype) if a._data.dtype != dtype else a
            b = b.to(dtype) if b._data.dtype != dtype else b
        elif true_divide and a._data.dtype.kind != "f":
            a, b = a.to(float32), b.to(float32)
        return a, b
    if isinstance(b, (bool, numbers.Real)):
        dtype = result_type(a, b)
        if true_divide and dtype.kind != "f":
            dtype = float32
        if dtype != a._data.dtype:
            a = a.to(dtype)
        return a, (_wrapped(b, dtype) if wrap else b)  # (pow checks its exponent itself)
    raise TypeError(f"unsupported operand type for a Tensor: {type(b).__name__}")


def _wrapped(b: Any, dtype: np.dtype) -> Any:
    """A Python int operand in an integer dtype narrower than int64, as torch casts it: it
    wraps (``uint8_tensor + 300`` adds 44)."""
    if dtype.kind not in "iu" or dtype.itemsize == 8 or isinstance(b, bool) or (
        not isinstance(b, numbers.Integral)
    ):
        return b
    n = int(b)
    if -(1 << 63) <= n < (1 << 63) and not np.iinfo(dtype).min <= n <= np.iinfo(dtype).max:
        return int(np.array(n, np.int64).astype(dtype))
    return b


def matmul(a: Any, b: Any) -> Tensor:
    """Matrix product along torch's paths (``_matmul_impl``): dot, mv and mm for operands of
    at most two dimensions; a batch folded into the rows of one mm or mv where torch folds
    it; else expanded batches through one bmm. Each path records torch's nodes."""
    a, b = _as_tensor(a), _as_tensor(b)
    _checks.check_matmul_rank(a, b)
    da, db = a.ndim, b.ndim
    if da <= 2 and db <= 2:
        a._check_history()  # (torch reads the operands' histories before its checks)
        b._check_history()
        _checks.check_matmul(a, b)
        if da == 1 and db == 2:  # torch: a.unsqueeze(0).mm(b).squeeze_(0)
            out = fn.Squeeze.apply(fn.MatMul.apply(a.unsqueeze(0), b), dim=0)
            node: Any = out._grad_fn
            if node is not None:
                node.in_place = True  # (named SqueezeBackward4)
            views.storage_of(out).version += 1  # squeeze_ is a write
            return out
        return fn.MatMul.apply(a, b)
    if _should_fold(a, b):
        return _folded_matmul(a, b)
    return _batched_matmul(a, b)


def _should_fold(a: Tensor, b: Tensor) -> bool:
    """torch's ``should_fold``: whether the larger operand (3-D or more, the other at most
    2-D) is read as one matrix: when the smaller operand requires grad (its gradient is then
    one mm), when the larger has no elements, or when its leading dimensions fold without a
    copy (never for a 2-D ``a`` with a batch ``b``)."""
    a_larger = a.ndim >= b.ndim
    big, small = (a, b) if a_larger else (b, a)
    if not (big.ndim >= 3 and small.ndim <= 2):
        return False
    if small.requires_grad:
        return True
    if a.ndim == 2:
        return False
    if big._data.size == 0:
        return True
    shape = big.shape if a_larger else big.shape[:-2] + (big.shape[-1], big.shape[-2])
    strides = _checks.torch_strides(big._data)
    if not a_larger:
        strides[-2:] = strides[-1], strides[-2]
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(big.ndim - 2))


def _folded_matmul(a: Tensor, b: Tensor) -> Tensor:
    """The batch of the larger operand folded into the rows of one mm (or mv): ``b``'s as
    ``(b^T @ a^T)^T`` when ``b`` is the larger, so that ``a``'s gradient is one product."""
    transpose = b.ndim > a.ndim
    t1 = b.transpose(-1, -2) if transpose else a
    t2 = (a.t() if a.ndim == 2 else a) if transpose else b
    shape = tuple(t1.shape[:-1])
    folded = t1.reshape(math.prod(shape), t1.shape[-1])
    if t2.ndim == 1:
        return fn.UnsafeView.apply(matmul(folded, t2), shape=shape)
    out = fn.UnsafeView.apply(matmul(folded, t2), shape=shape + (t2.shape[1],))
    return out.transpose(-1, -2).contiguous() if transpose else out


def _batched_matmul(a: Tensor, b: Tensor) -> Tensor:
    """Both operands expanded to the broadcast batch and flattened to three dimensions for
    one bmm (a 1-D ``a`` a row, a 1-D ``b`` a column)."""
    if a.ndim == 3 and b.ndim == 3 and a.shape[0] != b.shape[0]:
        # torch drops a batch of one that requires grad (its gradient is then one mm)
        if a.shape[0] == 1 and a.requires_grad:
            return matmul(a.squeeze(0), b)
        if b.shape[0] == 1 and b.requires_grad:
            return matmul(a, b.squeeze(0))
    n = a.shape[-2] if a.ndim > 1 else 1
    m1 = a.shape[-1]
    m2, p = (b.shape[-2], b.shape[-1]) if b.ndim > 1 else (b.shape[0], 1)
    batch_a, batch_b = tuple(a.shape[:-2]), tuple(b.shape[:-2])
    _checks.check_broadcast(batch_a, batch_b)
    batch = tuple(np.broadcast_shapes(batch_a, batch_b))
    count = math.prod(batch)
    a3 = a.expand(*batch, n, m1).reshape(count, n, m1)
    if b.ndim == 1:
        b3 = b.expand(*batch, m2).reshape(count, m2).unsqueeze(2)
    else:
        b3 = b.expand(*batch, m2, p).reshape(count, m2, p)
    _checks.check_bmm(a3, b3)
    if b3._data.dtype.kind not in "fc" and _GradMode.enabled and (
        a3.requires_grad or b3.requires_grad
    ):  # an empty product takes batch2's dtype: no integer output has a gradient
        raise RuntimeError(f"Autograd not support dtype: {_checks.short_name(b3._data.dtype)}")
    out = fn.MatMul.apply(a3, b3)
    if b.ndim == 1:
        out = out.squeeze(-1)
    shape = batch + ((n,) if a.ndim > 1 else ()) + ((p,) if b.ndim > 1 else ())
    return fn.UnsafeView.apply(out, shape=shape)


def rtruediv(self: Tensor, other: Any) -> Tensor:
    """``number / t``."""
    a, b = _operands(self, other, true_divide=True)
    # torch computes number / tensor as reciprocal(tensor) * number
    inverse = _without_casts(fn.Reciprocal.apply(a), (self,), (a,))
    return fn.Mul.apply(inverse, b)


def pow_operator(self: Tensor, other: Any) -> Tensor:
    """``t ** exponent`` (a number, a tensor or an array)."""
    if type(other) in _PYTHON_NUMBERS:
        return _binary(fn.Pow, self, other)
    if isinstance(other, _tensor.Tensor) and other._data.dtype.kind == "b":
        _checks.check_broadcast(self._data.shape, other._data.shape)  # (torch's order)
        _checks.check_not_bool(self._data.dtype, "pow")
    if isinstance(other, (_tensor.Tensor, np.ndarray)):
        out = _binary(fn.PowTensor, self, other)
        exponent = other._data if isinstance(other, _tensor.Tensor) else other
        node: Any = out._grad_fn  # (the op-specific attributes below are its own)
        if node is not None and exponent.dtype == np.bool_:
            node.bool_exponent = True  # its backward computes other - 1: refused
        elif node is not None and exponent.dtype != out._data.dtype:
            node.exponent = exponent  # torch's backward reads it before the promotion
        if node is not None and self._data.dtype != out._data.dtype:
            node.base = self._data  # (and compares this with 0 in its own dtype)
        return out
    return _binary(fn.Pow, self, other)


def rpow(self: Tensor, other: Any) -> Tensor:
    """``number ** t``."""
    if isinstance(other, bool):
        _checks.check_not_bool(self._data.dtype, "pow")
    return _binary(fn.RPow, self, other)


def matmul_operator(self: Tensor, other: Any) -> Tensor:
    """``t @ other``: the matrix product (Python's TypeError for a non-tensor, as torch's)."""
    if not isinstance(other, _tensor.Tensor):
        return NotImplemented  # Python's TypeError, as torch's
    return matmul(self, other)


def rmatmul(self: Tensor, other: Any) -> Tensor:
    """``other @ t`` with a non-tensor ``other``: not supported."""
    return NotImplemented  # only reached for a non-tensor left operand


def neg_operator(self: Tensor) -> Tensor:
    """``-t`` (refused for a bool tensor, as torch does)."""
    if self._data.dtype.kind == "b":
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are "
            "trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return fn.Neg.apply(self)


def pos(self: Tensor) -> Tensor:
    """``+t``: the tensor itself."""
    return self


# comparisons: plain boolean tensors, never part of the graph
def _compare(self: Tensor, other: Any, op: Any) -> Tensor:
    a = self._data
    b = other._data if isinstance(other, _tensor.Tensor) else other
    if isinstance(other, _tensor.Tensor):
        _checks.check_broadcast(a.shape, b.shape)
        if a.dtype != b.dtype:  # compared in torch's promoted dtype: a 0-d float64
            dtype = result_type(self, other)  # beside a float32 tensor rounds to float32
            with quiet():  # (to inf past float32's range, silently as torch)
                a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
    elif isinstance(other, numbers.Real):  # compared in the common dtype: an int tensor with
        dtype = result_type(self, other)  # a float in float32, a number cast (and wrapped)
        if dtype != a.dtype:
            a = a.astype(dtype)
        b = _wrapped(b, dtype)
    return _tensor._new_tensor(np.asarray(op(a, b)), None)


def eq_operator(self: Tensor, other: Any) -> Tensor:
    """``t == other``, elementwise."""
    return self._compare(other, np.equal)


def ne(self: Tensor, other: Any) -> Tensor:
    """``t != other``, elementwise."""
    return self._compare(other, np.not_equal)


def lt(self: Tensor, other: Any) -> Tensor:
    """``t < other``, elementwise."""
    return self._compare(other, np.less)


def le(self: Tensor, other: Any) -> Tensor:
    """``t <= other``, elementwise."""
    return self._compare(other, np.less_equal)


def gt(self: Tensor, other: Any) -> Tensor:
    """``t > other``, elementwise."""
    return self._compare(other, np.greater)


def ge(self: Tensor, other: Any) -> Tensor:
    """``t >= other``, elementwise."""
    return self._compare(other, np.greater_equal)


def eq(self: Tensor, other: Any) -> Tensor:
    """Elementwise ==."""
    return self == other


def equal(self: Tensor, other: Tensor) -> bool:
    """True when shapes and values are equal."""
    _checks.require_tensor(other, "equal")
    return self.shape == other.shape and bool(np.array_equal(self._data, other._data))


def allclose(self: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08) -> bool:
    """Elementwise closeness, as numpy.allclose (torch's errors for another dtype or
    shapes that do not broadcast)."""
    _checks.require_tensor(other, "allclose")
    da, db = self._data.dtype, other._data.dtype
    if da != db:
        raise RuntimeError(f"{_checks.short_name(da)} did not match {_checks.short_name(db)}")
    _checks.check_broadcast(self._data.shape, other._data.shape)
    return bool(np.allclose(self._data, other._data, rtol=rtol, atol=atol))


def add(self: Tensor, other: Any, alpha: float = 1) -> Tensor:
    """self + alpha * other (one node, as torch records it)."""
    if alpha == 1 and type(alpha) is int:  # (a bool or float alpha is checked: _binary)
        return self + other
    return _binary(fn.Add, self, other, alpha=alpha)


def sub(self: Tensor, other: Any, alpha: float = 1) -> Tensor:
    """self - alpha * other (one node, as torch records it)."""
    if alpha == 1 and type(alpha) is int:
        return self - other
    return _binary(fn.Sub, self, other, alpha=alpha)


def mul(self: Tensor, other: Any) -> Tensor:
    """self * other."""
    return self * other


def div(self: Tensor, other: Any) -> Tensor:
    """self / other."""
    return self / other


def pow(self: Tensor, exponent: Any) -> Tensor:
    """self ** exponent."""
    return self**exponent


def matmul_method(self: Tensor, other: Any) -> Tensor:
    """Matrix product."""
    _checks.require_tensor(other, "matmul")
    return matmul(self, other)


def mm(self: Tensor, other: Any) -> Tensor:
    """Matrix product of two 2-D tensors."""
    _checks.require_tensor(other, "mm", "mat2")
    self._check_history()  # (torch reads the operands' histories before its checks)
    other._check_history()
    _checks.check_mm(self, other)
    return matmul(self, other)


def neg(self: Tensor) -> Tensor:
    """-self."""
    return -self


def abs(self: Tensor) -> Tensor:
    """|self|; its gradient at 0 is 0, as torch's."""
    if self._data.dtype.kind == "b":
        raise NotImplementedError('"abs_cpu" not implemented for \'Bool\'')
    return fn.Abs.apply(self)


def sign(self: Tensor) -> Tensor:
    """-1, 0 or 1 per element (gradient 0); booleans stay booleans."""
    if self._data.dtype.kind == "b":
        out = _tensor._new_tensor(self._data.copy(), None)
        _check_differentiable(out, (self,))  # (a bool tensor in the graph: torch refuses)
        return out
    return fn.Sign.apply(self)


def _floating(self: Tensor) -> Tensor:
    """Self, or for integer and boolean tensors a float32 copy (torch computes their
    exp, log, ... in the default dtype)."""
    return self if self._data.dtype.kind == "f" else self.to(float32)


def exp(self: Tensor) -> Tensor:
    """e ** self."""
    return fn.Exp.apply(self._floating())


def log(self: Tensor) -> Tensor:
    """Natural logarithm."""
    return fn.Log.apply(self._floating())


def sqrt(self: Tensor) -> Tensor:
    """Square root."""
    return fn.Sqrt.apply(self._floating())


def relu(self: Tensor) -> Tensor:
    """max(self, 0); gradient 0 at 0."""
    if self._data.dtype.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")
    return fn.Relu.apply(self)


def sigmoid(self: Tensor) -> Tensor:
    """1 / (1 + e ** -self)."""
    return fn.Sigmoid.apply(self._floating())


def tanh(self: Tensor) -> Tensor:
    """Hyperbolic tangent."""
    return fn.Tanh.apply(self._floating())


def reciprocal(self: Tensor) -> Tensor:
    """1 / self."""
    return fn.Reciprocal.apply(self._floating())


def log1p(self: Tensor) -> Tensor:
    """log(1 + self), accurate near 0."""
    return fn.Log1p.apply(self._floating())


def expm1(self: Tensor) -> Tensor:
    """e ** self - 1, accurate near 0."""
    return fn.Expm1.apply(self._floating())


def softmax(self: Tensor, dim: int) -> Tensor:
    """e ** x / sum(e ** x) along ``dim`` (torch's kernel: max subtracted first)."""
    from .nn_functions import Softmax

    self._check_history()  # (torch reads the input's history before its checks)
    _check_softmax(self, dim, "softmax")
    return Softmax.apply(self, dim=dim)


def log_softmax(self: Tensor, dim: int) -> Tensor:
    """log(softmax(x)) along ``dim``, computed as x - max - log(sum(e ** (x - max)))."""
    from .nn_functions import LogSoftmax

    self._check_history()  # (torch reads the input's history before its checks)
    _check_softmax(self, dim, "log_softmax")
    return LogSoftmax.apply(self, dim=dim)


def _check_softmax(t: Tensor, dim: int, name: str) -> None:
    """softmax/log_softmax have floating kernels only; torch names the last-dim one."""
    last = fn.normalize_dim(dim, t._data.ndim) == t._data.ndim - 1 or t._data.ndim == 0
    kernel = f"{name}_lastdim_kernel_impl" if last else f"{name}_kernel_impl"
    if t._data.size:  # torch runs no kernel on an empty tensor: it comes back as it is
        _checks.check_floating(t._data.dtype, kernel)


def clamp(self: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """Limit every element to [min, max] (gradient 1 inside, ends included, 0 outside)."""
    self._check_history()  # (torch reads the input's history before its checks)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, _tensor.Tensor) or isinstance(max, _tensor.Tensor):
        dtype = _clamp_result_type(self, min, max)
        _clamp_shape(self, min, max)  # (torch's broadcast error, its operands in order)
        if min is not None and max is not None:  # (one bound: torch's maximum / minimum)
            _checks.check_not_bool(dtype, "clamp_cpu")
        return fn.ClampTensor.apply(self, min, max, dtype=dtype)
    src = self._promoted_by(min, max)
    dtype = src._data.dtype  # each bound in the result's type (in range, or wrapped)
    min, max = (None if b is None else _checks.fill_value(b, dtype) for b in (min, max))
    _checks.check_not_bool(src._data.dtype, "clamp_scalar_cpu" if min is not None and (
        max is not None) else "clamp_min_scalar_cpu" if max is None else "clamp_max_scalar_cpu")
    return _without_casts(fn.Clamp.apply(src, lo=min, hi=max), (self,), (src,))


def clamp_method(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
    """``t.clamp(min=None, max=None)``: numbers, or tensors (None for either), not one of
    each (torch's argument parser refuses that, in its words: ``_checks.clamp_arguments``)."""
    lo, hi = _checks.clamp_arguments("clamp", args, kwargs, _tensor.Tensor)
    return clamp(self, lo, hi)


def _clamp_shape(self: Tensor, lo: Any, hi: Any) -> tuple[int, ...]:
    """The broadcast shape of clamp's tensor operands, checked one after the other as torch's
    TensorIterator folds them (its message names the shape so far and the next one)."""
    shape = self._data.shape
    for bound in (lo, hi):
        if isinstance(bound, _tensor.Tensor):
            _checks.check_broadcast(shape, bound._data.shape)
            shape = np.broadcast_shapes(shape, bound._data.shape)
    return shape


def _clamp_result_type(self: Tensor, lo: Any, hi: Any) -> np.dtype:
    """torch's result type of ``clamp`` with tensor bounds: dimensioned tensors first, then
    0-d ones, each group winning only with a higher category."""
    groups: list[list[np.dtype]] = [[], []]
    for x in (self, lo, hi):
        if x is not None:
            groups[0 if x._data.ndim else 1].append(x._data.dtype)
    out: np.dtype | None = None
    for group in groups:
        if not group:
            continue
        mine = group[0]
        for d in group[1:]:
            mine = promote_types(mine, d)
        if out is None or _category(mine) > _category(out):  # a higher category wins
            out = mine
    assert out is not None
    return out


def _promoted_by(self: Tensor, *numbers: Any) -> Tensor:
    """Self cast to the type torch gives ``self op number`` (an int or bool tensor
    clamped by a float becomes float32, a bool one by an int int64)."""
    out = self
    for b in numbers:
        if b is not None:
            dtype = result_type(out, b)
            if dtype != out._data.dtype:
                out = out.to(dtype)
    return out


def clamp_min(self: Tensor, min: float) -> Tensor:  # noqa: A002
    """max(self, min) elementwise (``ClampMinBackward0``)."""
    src = self._promoted_by(min)
    min = _checks.fill_value(min, src._data.dtype)
    _checks.check_not_bool(src._data.dtype, "clamp_min_scalar_cpu")
    return fn.Clamp.apply(src, lo=min, via="clamp_min")


def clamp_max(self: Tensor, max: float) -> Tensor:  # noqa: A002
    """min(self, max) elementwise (``ClampMaxBackward0``)."""
    src = self._promoted_by(max)
    max = _checks.fill_value(max, src._data.dtype)
    _checks.check_not_bool(src._data.dtype, "clamp_max_scalar_cpu")
    return fn.Clamp.apply(src, hi=max, via="clamp_max")


# Last, after this module's own definitions: see "Import order" above.
import minigrad.tensor as _tensor  # noqa: E402

from .creation import _as_tensor, tensor  # noqa: E402
from .promotion import (  # noqa: E402
    _category,
    _refuse_bool_subtraction,
    float32,
    promote_types,
    result_type,
)
