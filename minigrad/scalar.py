"""A scalar autograd engine: backpropagation you can read on one screen per idea.

A ``Value`` holds one number (``data``) and, after ``backward()``, the derivative of the
final result with respect to that number (``grad``). Every operation on Values records
its inputs (``_prev``), its name (``_op``) and its *chain-rule step* (``_rule``): a small
function that, given the output's gradient, adds each input's share to that input's
``grad``. ``backward()`` visits the graph from the result back to the leaves and runs
those steps. That is all of reverse-mode automatic differentiation.

    >>> a, b = Value(2.0), Value(-3.0)
    >>> c = a * b + b ** 2          # c = ab + b^2 = 3
    >>> c.backward()
    >>> a.grad, b.grad              # dc/da = b = -3,  dc/db = a + 2b = -4
    (-3.0, -4.0)

It is API-compatible with Andrej Karpathy's micrograd (``Value(data, _children, _op)``,
``_prev``, ``_op``, ``p.grad = 0`` to zero), without micrograd's known faults:

* ``backward()`` is iterative (an explicit stack), so a chain of a million nodes works;
* ``_prev`` is an ordered tuple, so gradients are summed in the same order every run;
* a node used several times, or shared by two results, gets the right gradient;
* gradients follow PyTorch's rule: a leaf's ``grad`` *adds up* over ``backward()`` calls
  until you zero it (``v.zero_grad()`` or ``v.grad = 0``); an intermediate node's ``grad``
  holds the gradient of the latest ``backward()``.

Derivatives at kinks follow PyTorch: ``abs'(0) = 0``, ``relu'(0) = 0``, ``(x**2)'(0) = 0``,
``(x**0)' = 0``, and ``1/0``, ``0**-1``, ``log(0)`` give ``inf``/``nan`` instead of raising.

Precision: a Value computes in the type of number you give it. Python floats are float64.
Give it ``numpy.float32`` numbers and every result and gradient is rounded to float32 after
each operation, exactly as a float32 ``torch`` tensor is (Python constants such as ``2`` or
``0.01`` are rounded to float32 when they meet float32 data, as in torch).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import cast

# --------------------------------------------------------------------------------------
# IEEE arithmetic. Python raises on 1.0/0.0 and returns a complex number for (-8.0)**(1/3);
# torch (and numpy) return inf / nan. These helpers give torch's answers.
# --------------------------------------------------------------------------------------


def _is_odd_integer(x: float) -> bool:
    return float(x).is_integer() and int(x) % 2 == 1


def _div(a: float, b: float) -> float:
    """``a / b``, with ``x/0 = ±inf`` and ``0/0 = nan`` (IEEE) where Python would raise."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0 or a != a:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _pow(a: float, b: float) -> float:
    """``a ** b``, with ``0**-1 = inf``, ``(-8)**(1/3) = nan`` and overflow to ``inf`` (IEEE)."""
    if b == 2:  # torch computes x**2 as x*x; numpy.float32's ** (powf) can be 1 ulp away
        return a * a
    try:
        result = a ** b
    except (ZeroDivisionError, OverflowError):  # 0 ** negative, or too large a result
        if a < 0 and not float(b).is_integer():
            return math.nan
        return math.copysign(math.inf, a) if _is_odd_integer(b) else math.inf
    return math.nan if isinstance(result, complex) else result


def _exp(a: float) -> float:
    """``e ** a``, overflowing to ``inf`` instead of raising."""
    try:
        return math.exp(a)
    except OverflowError:
        return math.inf


def _log(a: float) -> float:
    """Natural log, with ``log(0) = -inf`` and ``log(negative) = nan`` instead of raising."""
    if a > 0:
        return math.log(a)
    return -math.inf if a == 0 else math.nan


def _is_float32(x: float) -> bool:
    """Whether ``x`` is a ``numpy.float32`` (checked by name: this module needs no numpy)."""
    return type(x).__name__ == "float32"


def _c_float32(name: str, x: float) -> float:
    """The C library's float32 ``name`` (``expf``, ``logf``, ``log1pf``) of a numpy.float32:
    what torch's own CPU kernels (sigmoid, binary cross-entropy) call, so the bits are torch's."""
    import numpy as np

    from minigrad._libm import _apply

    with np.errstate(all="ignore"):
        return type(x)(_apply(name, np.asarray(x)).item())


def _same_type(x: float, y: float) -> float:
    """``y`` as the float type of ``x``: ``math`` functions return Python floats, and this
    keeps ``numpy.float32`` data in float32 (Python numbers pass through unchanged)."""
    return y if isinstance(x, (int, float)) else type(x)(y)


# --------------------------------------------------------------------------------------
# The Value node
# --------------------------------------------------------------------------------------

Rule = Callable[["Value"], None]


class Value:
    """One scalar in a computation graph: its ``data``, its ``grad``, and how it was made.

    ``Value(data)`` makes a leaf (an input or a parameter). The operators below make new
    Values whose ``_prev`` are their inputs, in argument order.
    """

    __slots__ = ("data", "grad", "_prev", "_op", "_rule", "label")
    __array_ufunc__ = None  # numpy: `np.float32(2) * v` defers to Value.__rmul__

    def __init__(
        self,
        data: float,
        _children: tuple[Value, ...] = (),
        _op: str = "",
        label: str = "",
        _rule: Rule | None = None,
    ) -> None:
        self.data = data
        self.grad = 0.0  # d(result)/d(self), filled in by backward()
        self._prev = tuple(_children)  # the inputs of the op that made this node, in order
        self._op = _op  # the op's name, for printing and drawing
        self._rule = _rule  # the op's chain-rule step; None for a leaf
        self.label = label  # an optional name, for drawing

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # Each operation: the forward computation, then its chain-rule step. A step reads the
    # output node `out` and adds  (d out / d input) * out.grad  to every input's grad.

    # ---- a + b -----------------------------------------------------------------------
    def __add__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), "+", _rule=Value._add_backward)

    @staticmethod
    def _add_backward(out: Value) -> None:
        a, b = out._prev
        a.grad += out.grad  # d(a+b)/da = 1
        b.grad += out.grad  # d(a+b)/db = 1

    # ---- a - b -----------------------------------------------------------------------
    def __sub__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data - other.data, (self, other), "-", _rule=Value._sub_backward)

    @staticmethod
    def _sub_backward(out: Value) -> None:
        a, b = out._prev
        a.grad += out.grad  # d(a-b)/da = 1
        b.grad += -out.grad  # d(a-b)/db = -1

    # ---- a * b -----------------------------------------------------------------------
    def __mul__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), "*", _rule=Value._mul_backward)

    @staticmethod
    def _mul_backward(out: Value) -> None:
        a, b = out._prev
        a.grad += out.grad * b.data  # d(a*b)/da = b
        b.grad += out.grad * a.data  # d(a*b)/db = a

    # ---- a / b -----------------------------------------------------------------------
    def __truediv__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        return Value(_div(self.data, other.data), (self, other), "/", _rule=Value._div_backward)

    @staticmethod
    def _div_backward(out: Value) -> None:
        a, b = out._prev
        a.grad += _div(out.grad, b.data)  # d(a/b)/da = 1/b
        b.grad += -out.grad * _div(_div(a.data, b.data), b.data)  # d(a/b)/db = -a/b^2

    # ---- a ** n (n a number) -----------------------------------------------------------
    # ---- a ** b (b a Value)  -----------------------------------------------------------
    def __pow__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            out = _pow(self.data, other.data)
            return Value(out, (self, other), "**", _rule=Value._pow_backward)
        # A number exponent is kept as a constant input (so drawings show it); it gets
        # no gradient, like torch's PowBackward0.
        n = Value(other)
        return Value(_pow(self.data, other), (self, n), f"**{other}", _rule=Value._pown_backward)

    @staticmethod
    def _pown_backward(out: Value) -> None:
        a, n = out._prev
        if n.data != 0:  # d(a**n)/da = n * a**(n-1)   (and 0 when n == 0, even at a = 0)
            a.grad += out.grad * (n.data * _pow(a.data, n.data - 1))

    @staticmethod
    def _pow_backward(out: Value) -> None:
        a, b = out._prev
        if b.data != 0:  # d(a**b)/da = b * a**(b-1)
            a.grad += out.grad * (b.data * _pow(a.data, b.data - 1))
        if not (a.data == 0 and b.data >= 0):  # d(a**b)/db = a**b * log(a)  (0 at a=0, b>=0)
            b.grad += out.grad * (out.data * _same_type(a.data, _log(a.data)))

    # ---- -a ----------------------------------------------------------------------------
    def __neg__(self) -> Value:
        return Value(-self.data, (self,), "neg", _rule=Value._neg_backward)

    @staticmethod
    def _neg_backward(out: Value) -> None:
        (a,) = out._prev
        a.grad += -out.grad  # d(-a)/da = -1

    # ---- exp, log, tanh, sigmoid -------------------------------------------------------
    def exp(self) -> Value:
        out = _same_type(self.data, _exp(self.data))
        return Value(out, (self,), "exp", _rule=Value._exp_backward)

    @staticmethod
    def _exp_backward(out: Value) -> None:
        (a,) = out._prev
        a.grad += out.grad * out.data  # d(e^a)/da = e^a

    def log(self) -> Value:
        out = _same_type(self.data, _log(self.data))
        return Value(out, (self,), "log", _rule=Value._log_backward)

    @staticmethod
    def _log_backward(out: Value) -> None:
        (a,) = out._prev
        a.grad += _div(out.grad, a.data)  # d(log a)/da = 1/a

    def tanh(self) -> Value:
        out = _same_type(self.data, math.tanh(self.data))
        return Value(out, (self,), "tanh", _rule=Value._tanh_backward)

    @staticmethod
    def _tanh_backward(out: Value) -> None:
        (a,) = out._prev
        a.grad += out.grad * (1 - out.data * out.data)  # d(tanh a)/da = 1 - tanh(a)^2

    def sigmoid(self) -> Value:
        x = self.data
        if _is_float32(x):  # torch's float32 kernel, to the bit: 1 / (expf(-x) + 1)
            one = type(x)(1)
            out = one / (_c_float32("exp", -x) + one)
            return Value(out, (self,), "sigmoid", _rule=Value._sigmoid_backward)
        e = _exp(-abs(x))  # sigmoid(x) = 1/(1 + e^-x) = e^x/(1 + e^x); e^-|x| never overflows
        out = 1 / (1 + e) if x >= 0 else e / (1 + e)
        return Value(_same_type(x, out), (self,), "sigmoid", _rule=Value._sigmoid_backward)

    @staticmethod
    def _sigmoid_backward(out: Value) -> None:
        (a,) = out._prev
        s = out.data
        a.grad += out.grad * (1 - s) * s  # d(sigmoid a)/da = (1 - s) * s

    # ---- binary cross-entropy of a probability against a 0/1 target --------------------
    def binary_cross_entropy(self, target: float) -> Value:
        """-(y log p + (1 - y) log(1 - p)) for p = self, y = target, each log clamped at -100
        (torch's ``F.binary_cross_entropy`` / ``nn.BCELoss`` of one element)."""
        p, y = self.data, _same_type(self.data, target)
        if _is_float32(p):  # torch's kernel: (y - 1) * max(log1p(-p), -100) - y * max(log p, -100)
            low = type(p)(-100)
            log_p, log_1mp = max(_c_float32("log", p), low), max(_c_float32("log1p", -p), low)
        else:
            log_p, log_1mp = max(_log(p), -100.0), max(_log(1 - p) if p < 1 else -math.inf, -100.0)
        out = (y - 1) * log_1mp - y * log_p
        return Value(out, (self, Value(y)), "bce", _rule=Value._bce_backward)

    @staticmethod
    def _bce_backward(out: Value) -> None:
        p, y = out._prev
        # d bce/dp = -y/p + (1 - y)/(1 - p) = (p - y) / (p (1 - p)); the denominator kept
        # >= 1e-12 as torch does: grad * (p - y) / max((1 - p) * p, 1e-12)
        eps = _same_type(p.data, 1e-12)
        p.grad += _div(out.grad * (p.data - y.data), max((1 - p.data) * p.data, eps))

    # ---- relu, abs ---------------------------------------------------------------------
    def relu(self) -> Value:
        return Value(0.0 if self.data < 0 else self.data, (self,), "ReLU",
                     _rule=Value._relu_backward)

    @staticmethod
    def _relu_backward(out: Value) -> None:
        (a,) = out._prev
        if a.data > 0:  # d(relu a)/da = 1 if a > 0 else 0   (0 at the kink a = 0, like torch)
            a.grad += out.grad

    def abs(self) -> Value:
        return Value(abs(self.data), (self,), "abs", _rule=Value._abs_backward)

    __abs__ = abs

    @staticmethod
    def _abs_backward(out: Value) -> None:
        (a,) = out._prev
        if a.data > 0:  # d|a|/da = sign(a)   (0 at the kink a = 0, like torch)
            a.grad += out.grad
        elif a.data < 0:
            a.grad += -out.grad

    # ---- number (op) Value: the reflected operators --------------------------------------
    def __radd__(self, other: float) -> Value:  # other + self
        return Value(other) + self

    def __rsub__(self, other: float) -> Value:  # other - self
        return Value(other) - self

    def __rmul__(self, other: float) -> Value:  # other * self
        return Value(other) * self

    def __rtruediv__(self, other: float) -> Value:  # other / self
        return Value(other) / self

    def __rpow__(self, other: float) -> Value:  # other ** self
        return Value(other) ** self

    # ---- backpropagation ---------------------------------------------------------------
    def backward(self) -> None:
        """Fill in ``grad`` for every node this Value depends on: d(self)/d(node).

        Walks the graph once from the leaves to ``self`` (a topological order), then
        backwards, running each node's chain-rule step after every use of that node has
        added its share to the node's ``grad``. Leaves accumulate across calls (like
        torch); intermediate nodes start from 0 at every call.
        """
        order = self._topological_order()
        for node in order:
            if node._rule is not None:
                node.grad = 0.0  # an intermediate node: this call's gradient only
        self.grad += 1.0  # d(self)/d(self) = 1
        for node in reversed(order):
            if node._rule is not None:
                node._rule(node)

    def _topological_order(self) -> list[Value]:
        """Every node ``self`` depends on, each after all of its inputs.

        Depth-first, with an explicit stack instead of recursion, so the depth of a graph
        is limited by memory, not by Python's recursion limit. A node is pushed back
        under a ``None`` marker before its inputs: when the marker comes off the stack,
        all of the node's inputs are in ``order``, and so the node goes in after them.
        """
        order: list[Value] = []
        visited: set[Value] = set()
        stack: list[Value | None] = [self]
        while stack:
            node = stack.pop()
            if node is None:  # the marker: the node below it has all its inputs in order
                order.append(cast(Value, stack.pop()))
            elif node not in visited:
                visited.add(node)
                stack.append(node)
                stack.append(None)
                # The stack explores the last input first, so `reversed(order)` runs the
                # first input's side of the graph first: in `sum([x0*w, x1*w, x2*w])` the
                # three shares of w.grad add up as x0-share + x1-share + x2-share, the order
                # in which torch sums the same gradient for a short vector x (for long ones
                # torch sums in a vectorised cascade that no sequential order matches).
                for parent in node._prev:
                    if parent not in visited:
                        stack.append(parent)
        return order

    def zero_grad(self) -> None:
        """Set this Value's gradient to 0 (the same as ``v.grad = 0``)."""
        self.grad = 0.0

    def _backward(self) -> None:
        """Run this node's chain-rule step once (micrograd's ``v._backward()``)."""
        if self._rule is not None:
            self._rule(self)
