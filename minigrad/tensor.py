"""``Tensor``: a numpy array with a gradient and a link to the operation that made it."""

from __future__ import annotations

import math
import numbers
import warnings
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from . import _checks, autograd, conversion, creation, dtypes, inplace, viewing, views
from . import functions as fn
from ._formatting import tensor_repr
from .autograd import Function, _GradMode, run_backward
from .creation import _as_tensor, tensor
from .promotion import _refuse_bool_subtraction, float32, promote_types, result_type

NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information."
)


class Tensor:
    """An n-dimensional array that can record the operations applied to it.

    ``Tensor(3, 1)`` makes a (3, 1) float32 tensor (zero-filled here; torch leaves it
    uninitialised) and ``Tensor([3, 1])`` a float32 tensor holding 3 and 1, as in torch.
    Use :func:`minigrad.tensor` to choose the dtype or ask for gradients.
    """

    __slots__ = (
        "_data", "_grad", "_grad_fn", "_requires_grad", "_storage", "_base", "_view_steps",
        "__weakref__",
    )
    __array_ufunc__ = None  # numpy defers to Tensor's reflected operators
    __array_priority__ = 1000

    _data: np.ndarray
    grad_fn: Function | None

    __init__ = creation.init

    # ------------------------------------------------------------------ attributes
    @property
    def data(self) -> Tensor:
        """This tensor's values as a new leaf that shares memory and records nothing (torch's
        ``.data``): ``w.data -= lr * w.grad.data`` updates ``w`` in place without the graph.
        The numpy array itself is ``numpy()``."""
        return _new_tensor(self._data, None)

    @data.setter
    def data(self, value: Any) -> None:
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        if self._requires_grad and value._data.dtype.kind not in "fc":
            raise RuntimeError(
                "data set to a tensor that requires gradients must be floating point or "
                "complex dtype"
            )
        if value._data.shape != self._data.shape and self._requires_grad:
            autograd.remember_accumulator_shape(self)  # torch's accumulator keeps the old one
        self._data = value._data

    @property
    def requires_grad(self) -> bool:
        """Whether operations on this tensor are recorded for backward."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if value and self.grad_fn is not None:  # the attribute's own, shorter message
            raise RuntimeError("you can only change requires_grad flags of leaf variables.")
        self._set_requires_grad(value, "only Tensors of floating point and complex dtype")

    def _set_requires_grad(self, value: bool, refusal: str) -> None:
        """Set the flag; ``refusal`` starts torch's message for a non-floating tensor (the
        attribute, ``requires_grad_()`` and the constructors each word it differently)."""
        if self.grad_fn is not None:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use "
                "a computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        if value and self._data.dtype.kind not in "fc":
            raise RuntimeError(f"{refusal} can require gradients")
        base = self._base
        if not value and base is not None and base._requires_grad:
            return  # torch: a view of a base that requires grad reports it whatever its flag
        self._requires_grad = bool(value)
        self._views_follow_requires_grad()

    def _views_follow_requires_grad(self) -> None:
        """Live views without history report this base's requires_grad (torch: a view's
        flag or its base's; they have no accumulator of their own)."""
        st = self._storage
        if self._base is None and st is not None and st.views:
            for v in list(st.views):
                if v._base is self and v._grad_fn is None:
                    v._requires_grad = self._requires_grad

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place and return self (a no-op on a graph tensor asked to
        require grad, as torch)."""
        if requires_grad and self.grad_fn is not None:
            return self
        self._set_requires_grad(requires_grad, "only Tensors of floating point dtype")
        return self

    @property
    def grad_fn(self) -> Function | None:
        """The node that made this tensor (None for a leaf); raises torch's error for a view
        made under no_grad whose memory was written in place since."""
        node = self._grad_fn
        if isinstance(node, views.InvalidHistory):
            raise RuntimeError(node.message)
        return node

    @grad_fn.setter
    def grad_fn(self, node: Function | None) -> None:
        self._grad_fn = node

    @property
    def is_leaf(self) -> bool:
        """True for tensors not produced by a recorded operation."""
        return self.grad_fn is None

    @property
    def shape(self) -> dtypes.Size:
        """The tensor's shape: a tuple of ints printed as ``torch.Size([3, 1])``."""
        return dtypes.Size(self._data.shape)

    @property
    def dtype(self) -> dtypes.dtype:
        """The element type (``minigrad.float32``, ...; equal to the numpy dtype too)."""
        return dtypes.of(self._data.dtype)

    @property
    def _version(self) -> int:
        """How many in-place writes this tensor's memory has seen (shared by its aliases)."""
        st = self._storage
        return 0 if st is None else st.version

    _is_view = viewing._is_view
    is_contiguous = viewing.is_contiguous
    data_ptr = viewing.data_ptr

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return self._data.ndim

    @property
    def device(self) -> dtypes.device:
        """Always ``device(type='cpu')``."""
        return dtypes.CPU

    @property
    def is_cuda(self) -> bool:
        """Always False: minigrad lives on the CPU."""
        return False

    def is_floating_point(self) -> bool:
        """True for float32/float64 tensors."""
        return self._data.dtype.kind == "f"

    size = viewing.size
    dim = viewing.dim
    numel = viewing.numel
    __len__ = viewing.length

    # ------------------------------------------------------------------ gradients
    def backward(self, gradient: Tensor | None = None, retain_graph: bool | None = None) -> None:
        """Compute the gradient of this tensor with respect to every leaf that requires grad.

        ``gradient`` is d(out)/d(self); it may be omitted only for a one-element tensor.
        """
        # a view made under no_grad reports requires_grad but has no history to go back on
        if not self._requires_grad or (self.grad_fn is None and self._base is not None):
            raise RuntimeError(
                "element 0 of tensors does not require grad and does not have a grad_fn"
            )
        if gradient is None:
            if self._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            seed = _ones_seed(self._data.shape, self._data.dtype)
        else:
            seed = gradient._data if isinstance(gradient, Tensor) else np.asarray(gradient)
            if seed.shape != self._data.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[0] has a shape of {_size(seed.shape)} and "
                    f"output[0] has a shape of {_size(self._data.shape)}."
                )
            seed = seed.astype(self._data.dtype, copy=False)
            node = self._grad_fn
            if node is not None and seed.shape != node.output_shape:  # ``.data`` replaced
                seed = autograd.unbroadcast(seed, node.output_shape, None)  # since: torch's
        run_backward(self, seed, bool(retain_graph))  # engine checks the node's shape

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in ``.grad`` during backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is not None:
            self.grad_fn._retained = weakref.ref(self)

    @property
    def retains_grad(self) -> bool:
        """True for a non-leaf tensor that will keep its ``.grad``."""
        return self.grad_fn is not None and self.grad_fn.retained is self

    @property
    def grad(self) -> Tensor | None:
        """The accumulated gradient, or None (a non-leaf's is None unless it retains grad)."""
        grad_fn = self.grad_fn
        if grad_fn is not None and (grad_fn._retained is None or grad_fn.retained is not self):
            warnings.warn(NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None and not isinstance(value, Tensor):
            raise TypeError(f"assigned grad expected to be a Tensor or None but got {type(value)}")
        if value is not None and value.shape != self.shape:
            raise RuntimeError(
                f"attempting to assign a gradient of size '{list(value.shape)}' to a tensor of "
                f"size '{list(self.shape)}'. Please ensure that the gradient and the tensor are "
                "the same size"
            )
        self._grad = value

    def detach(self) -> Tensor:
        """A new leaf sharing this tensor's memory and version counter, cut from the graph
        (an in-place write to it is seen by backward passes that saved this tensor)."""
        out = _new_tensor(self._data[...], None)
        out._storage = views.storage_of(self)
        return out

    def detach_(self) -> Tensor:
        """Cut this tensor from the graph in place."""
        if self._base is not None:
            raise RuntimeError(_DETACH_VIEW)
        self.grad_fn = None
        self._requires_grad = False
        self._views_follow_requires_grad()
        return self

    # ------------------------------------------------------------------ conversion
    item = conversion.item
    tolist = conversion.tolist
    numpy = conversion.numpy
    __array__ = conversion.to_array
    _scalar = conversion._scalar
    __float__ = conversion.to_python_float
    __int__ = conversion.to_python_int
    __bool__ = conversion.truth_value
    __index__ = conversion.to_index
    __format__ = conversion.format_spec
    to = conversion.to
    cpu = conversion.cpu
    float = conversion.to_float32
    double = conversion.to_float64
    long = conversion.to_int64
    type = conversion.type_or_cast
    clone = conversion.clone
    contiguous = conversion.contiguous

    # ------------------------------------------------------------------ printing
    def __repr__(self) -> str:
        return tensor_repr(self)

    __str__ = __repr__

    def __hash__(self) -> int:
        return id(self)

    # ------------------------------------------------------------------ operators
    def __add__(self, other: Any) -> Tensor:
        return _binary(fn.Add, self, other)

    def __radd__(self, other: Any) -> Tensor:
        return _binary(fn.Add, self, other)

    def __sub__(self, other: Any) -> Tensor:
        return _binary(fn.Sub, self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return _binary(fn.RSub, self, other)

    def __mul__(self, other: Any) -> Tensor:
        return _binary(fn.Mul, self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return _binary(fn.Mul, self, other)

    def __truediv__(self, other: Any) -> Tensor:
        return _binary(fn.Div, self, other, true_divide=True)

    def __rtruediv__(self, other: Any) -> Tensor:
        a, b = _operands(self, other, true_divide=True)
        # torch computes number / tensor as reciprocal(tensor) * number
        inverse = _without_casts(fn.Reciprocal.apply_unary(a), (self,), (a,))
        return fn.Mul.apply_binary(inverse, b)

    def __pow__(self, other: Any) -> Tensor:
        if isinstance(other, Tensor) and other._data.dtype.kind == "b":
            _checks.check_not_bool(self._data.dtype, "pow")
        if isinstance(other, (Tensor, np.ndarray)):
            out = _binary(fn.PowTensor, self, other)
            exponent = other._data if isinstance(other, Tensor) else other
            if out._grad_fn is not None and exponent.dtype == np.bool_:
                out._grad_fn.bool_exponent = True  # its backward computes other - 1: refused
            return out
        return _binary(fn.Pow, self, other)

    def __rpow__(self, other: Any) -> Tensor:
        if isinstance(other, bool):
            _checks.check_not_bool(self._data.dtype, "pow")
        return _binary(fn.RPow, self, other)

    def __matmul__(self, other: Any) -> Tensor:
        if not isinstance(other, Tensor):
            return NotImplemented  # Python's TypeError, as torch's
        return matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return NotImplemented  # only reached for a non-tensor left operand

    def __neg__(self) -> Tensor:
        if self._data.dtype.kind == "b":
            raise RuntimeError(
                "Negation, the `-` operator, on a bool tensor is not supported. If you are "
                "trying to invert a mask, use the `~` or `logical_not()` operator instead."
            )
        return fn.Neg.apply_unary(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return self.abs()

    # comparisons: plain boolean tensors, never part of the graph
    def _compare(self, other: Any, op: Any) -> Tensor:
        a = self._data
        b = other._data if isinstance(other, Tensor) else other
        if isinstance(other, Tensor):
            _checks.check_broadcast(a.shape, b.shape)
            if a.dtype != b.dtype:  # compared in torch's promoted dtype: a 0-d float64
                dtype = result_type(self, other)  # beside a float32 tensor rounds to float32
                a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
        return _new_tensor(np.asarray(op(a, b)), None)

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return self._compare(other, np.equal)

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return self._compare(other, np.not_equal)

    def __lt__(self, other: Any) -> Tensor:
        return self._compare(other, np.less)

    def __le__(self, other: Any) -> Tensor:
        return self._compare(other, np.less_equal)

    def __gt__(self, other: Any) -> Tensor:
        return self._compare(other, np.greater)

    def __ge__(self, other: Any) -> Tensor:
        return self._compare(other, np.greater_equal)

    def eq(self, other: Any) -> Tensor:
        """Elementwise ==."""
        return self == other

    def equal(self, other: Tensor) -> bool:
        """True when shapes and values are equal."""
        _checks.require_tensor(other, "equal")
        return self.shape == other.shape and bool(np.array_equal(self._data, other._data))

    def allclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08) -> bool:
        """Elementwise closeness, as numpy.allclose (torch's errors for another dtype or
        shapes that do not broadcast)."""
        _checks.require_tensor(other, "allclose")
        da, db = self._data.dtype, other._data.dtype
        if da != db:
            raise RuntimeError(f"{_checks.short_name(da)} did not match {_checks.short_name(db)}")
        _checks.check_broadcast(self._data.shape, other._data.shape)
        return bool(np.allclose(self._data, other._data, rtol=rtol, atol=atol))

    # ------------------------------------------------------------------ math methods
    def add(self, other: Any, alpha: float = 1) -> Tensor:
        """self + alpha * other (one node, as torch records it)."""
        if alpha == 1:
            return self + other
        return _binary(fn.Add, self, other, alpha=alpha)

    def sub(self, other: Any, alpha: float = 1) -> Tensor:
        """self - alpha * other (one node, as torch records it)."""
        if alpha == 1:
            return self - other
        return _binary(fn.Sub, self, other, alpha=alpha)

    def mul(self, other: Any) -> Tensor:
        """self * other."""
        return self * other

    def div(self, other: Any) -> Tensor:
        """self / other."""
        return self / other

    def pow(self, exponent: Any) -> Tensor:
        """self ** exponent."""
        return self**exponent

    def matmul(self, other: Any) -> Tensor:
        """Matrix product."""
        _checks.require_tensor(other, "matmul")
        return matmul(self, other)

    def mm(self, other: Any) -> Tensor:
        """Matrix product of two 2-D tensors."""
        _checks.require_tensor(other, "mm", "mat2")
        _checks.check_mm(self, other)
        return matmul(self, other)

    def neg(self) -> Tensor:
        """-self."""
        return -self

    def abs(self) -> Tensor:
        """|self|; its gradient at 0 is 0, as torch's."""
        if self._data.dtype.kind == "b":
            raise NotImplementedError('"abs_cpu" not implemented for \'Bool\'')
        return fn.Abs.apply_unary(self)

    def sign(self) -> Tensor:
        """-1, 0 or 1 per element (gradient 0); booleans stay booleans."""
        if self._data.dtype.kind == "b":
            return _new_tensor(self._data.copy(), None)
        return fn.Sign.apply_unary(self)

    def _floating(self) -> Tensor:
        """Self, or for integer and boolean tensors a float32 copy (torch computes their
        exp, log, ... in the default dtype)."""
        return self if self._data.dtype.kind == "f" else self.to(float32)

    def exp(self) -> Tensor:
        """e ** self."""
        return fn.Exp.apply_unary(self._floating())

    def log(self) -> Tensor:
        """Natural logarithm."""
        return fn.Log.apply_unary(self._floating())

    def sqrt(self) -> Tensor:
        """Square root."""
        return fn.Sqrt.apply_unary(self._floating())

    def relu(self) -> Tensor:
        """max(self, 0); gradient 0 at 0."""
        if self._data.dtype.kind == "b":
            raise RuntimeError("Boolean inputs not supported for relu")
        return fn.Relu.apply_unary(self)

    def sigmoid(self) -> Tensor:
        """1 / (1 + e ** -self)."""
        return fn.Sigmoid.apply_unary(self._floating())

    def tanh(self) -> Tensor:
        """Hyperbolic tangent."""
        return fn.Tanh.apply_unary(self._floating())

    def reciprocal(self) -> Tensor:
        """1 / self."""
        return fn.Reciprocal.apply_unary(self._floating())

    def sum(self, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        """Sum over all elements or over ``dim``."""
        self._check_history()
        _checks.check_reduction_dim(dim, "sum")
        src = self if dtype is None else self.to(dtype)
        return fn.Sum.apply(src, dim=dim, keepdim=keepdim)

    def mean(self, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
        """Mean over all elements or over ``dim`` (float32 sum divided by float32 count)."""
        self._check_history()
        _checks.check_reduction_dim(dim, "mean")
        src = self if dtype is None else self.to(dtype)
        return fn.Mean.apply(src, dim=dim, keepdim=keepdim)

    # ------------------------------------------------------------------ shape methods
    _view = viewing._view
    _check_history = viewing._check_history
    view = viewing.view
    reshape = viewing.reshape
    view_as = viewing.view_as
    reshape_as = viewing.reshape_as
    flatten = viewing.flatten
    squeeze = viewing.squeeze
    unsqueeze = viewing.unsqueeze
    transpose = viewing.transpose
    swapaxes = transpose
    t = viewing.t
    permute = viewing.permute
    T = property(viewing.T)
    expand = viewing.expand
    expand_as = viewing.expand_as
    __getitem__ = viewing.getitem
    __setitem__ = inplace.setitem
    __iter__ = viewing.iterate
    unbind = viewing.unbind

    # ------------------------------------------------------------------ in place
    _inplace = inplace._inplace
    add_ = inplace.add_
    sub_ = inplace.sub_
    mul_ = inplace.mul_
    div_ = inplace.div_
    zero_ = inplace.zero_
    fill_ = inplace.fill_
    copy_ = inplace.copy_
    uniform_ = inplace.uniform_
    normal_ = inplace.normal_
    __iadd__ = inplace.iadd
    __isub__ = inplace.isub
    __imul__ = inplace.imul
    __itruediv__ = inplace.itruediv

    # ------------------------------------------------------------------ course ops
    # (issue 11: classification chapters) -- values, indices, clamps, statistics,
    # scatter/gather, activations and casts.
    def max(self, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A003
        """The largest element; with ``dim``, (values, indices) along it; with a tensor,
        the elementwise maximum."""
        return _max_min(self, dim, keepdim, largest=True)

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A003
        """The smallest element; with ``dim``, (values, indices); with a tensor, elementwise."""
        return _max_min(self, dim, keepdim, largest=False)

    def maximum(self, other: Tensor) -> Tensor:
        """Elementwise maximum (a tie shares the gradient equally)."""
        _checks.require_tensor(other, "maximum")
        return _max_min(self, other, False, largest=True)

    def minimum(self, other: Tensor) -> Tensor:
        """Elementwise minimum."""
        _checks.require_tensor(other, "minimum")
        return _max_min(self, other, False, largest=False)

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Index of the largest element (of the flattened tensor, or along ``dim``)."""
        return _arg_select(self, dim, keepdim, largest=True)

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        """Index of the smallest element."""
        return _arg_select(self, dim, keepdim, largest=False)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
        """Limit every element to [min, max] (gradient 1 inside, ends included, 0 outside)."""
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        if isinstance(min, Tensor) or isinstance(max, Tensor):
            out = self
            if min is not None:
                out = out.maximum(_as_tensor(min))
            if max is not None:
                out = out.minimum(_as_tensor(max))
            return out
        return fn.Clamp.apply(self._promoted_by(min, max), min, max)

    def _promoted_by(self, *numbers: Any) -> Tensor:
        """Self cast to the type torch gives ``self op number`` (an int or bool tensor
        clamped by a float becomes float32, a bool one by an int int64)."""
        out = self
        for b in numbers:
            if b is not None:
                dtype = result_type(out, b)
                if dtype != out._data.dtype:
                    out = out.to(dtype)
        return out

    clip = clamp

    def clamp_min(self, min: float) -> Tensor:  # noqa: A002
        """max(self, min) elementwise (``ClampMinBackward0``)."""
        return fn.Clamp.apply(self._promoted_by(min), min, None, name="ClampMinBackward0")

    def clamp_max(self, max: float) -> Tensor:  # noqa: A002
        """min(self, max) elementwise (``ClampMaxBackward0``)."""
        return fn.Clamp.apply(self._promoted_by(max), None, max, name="ClampMaxBackward0")

    clamp_ = inplace.clamp_

    def var(
        self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
        correction: float | None = None,
    ) -> Tensor:
        """Variance (``correction=1``, unbiased, by default), over all elements or ``dim``."""
        if isinstance(dim, bool):  # var(False): the old positional ``unbiased``
            dim, unbiased = None, dim
        corr = correction if correction is not None else (0 if unbiased is False else 1)
        _warn_no_dof(self, dim, corr, "var")
        return fn.Var.apply(self, dim=dim, correction=corr, keepdim=keepdim)

    def std(
        self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
        correction: float | None = None,
    ) -> Tensor:
        """Standard deviation (unbiased by default), over all elements or ``dim``."""
        if isinstance(dim, bool):
            dim, unbiased = None, dim
        corr = correction if correction is not None else (0 if unbiased is False else 1)
        _warn_no_dof(self, dim, corr, "std")
        return fn.Var.apply(self, dim=dim, correction=corr, keepdim=keepdim, take_sqrt=True)

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
        """The 2-norm (``p=2`` or ``"fro"``), over all elements or ``dim``."""
        if self._data.dtype.kind not in "fc":
            raise RuntimeError(
                "linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                f"{_checks.short_name(self._data.dtype)}"
            )
        if p not in ("fro", 2, 2.0):
            raise NotImplementedError(f"minigrad's norm supports p=2 only, got p={p!r}")
        return fn.Norm2.apply(self, dim=dim, keepdim=keepdim)

    def scatter(self, dim: int, index: Tensor, value: Any = None, *, src: Any = None) -> Tensor:
        """A copy with ``value`` (a number, or a tensor ``src``) written at ``index`` along
        ``dim``: the one-hot idiom ``zeros.scatter(1, y.unsqueeze(1), 1)``."""
        src = value if src is None else src
        if isinstance(src, Tensor):
            if src.dtype != self.dtype:
                raise RuntimeError(
                    "scatter(): Expected self.dtype to be equal to src.dtype"
                )
            return fn.Scatter.apply(self, src, dim=dim, index=_index_array(index))
        return fn.Scatter.apply(self, src, dim=dim, index=_index_array(index))

    scatter_ = inplace.scatter_

    def gather(self, dim: int, index: Tensor) -> Tensor:
        """``out[i][j] = self[index[i][j]][j]`` along ``dim`` (here dim 0)."""
        return fn.Gather.apply(self, dim=dim, index=_index_array(index))

    def log1p(self) -> Tensor:
        """log(1 + self), accurate near 0."""
        return fn.Log1p.apply_unary(self._floating())

    def expm1(self) -> Tensor:
        """e ** self - 1, accurate near 0."""
        return fn.Expm1.apply_unary(self._floating())

    def softmax(self, dim: int) -> Tensor:
        """e ** x / sum(e ** x) along ``dim`` (torch's kernel: max subtracted first)."""
        from .nn_functions import Softmax

        _check_softmax(self, dim, "softmax")
        return Softmax.apply(self, dim=dim)

    def log_softmax(self, dim: int) -> Tensor:
        """log(softmax(x)) along ``dim``, computed as x - max - log(sum(e ** (x - max)))."""
        from .nn_functions import LogSoftmax

        _check_softmax(self, dim, "log_softmax")
        return LogSoftmax.apply(self, dim=dim)

    def where(self, condition: Tensor, other: Any) -> Tensor:
        """``where(condition, self, other)``."""
        return where(condition, self, other)

    byte = conversion.to_uint8
    int = conversion.to_int32
    bool = conversion.to_bool
    short = conversion.to_int16

# ---------------------------------------------------------------------- helpers
_new = object.__new__


def _new_tensor(data: np.ndarray, grad_fn: Function | None) -> Tensor:
    """Wrap an array without copying (the engine's fast constructor)."""
    if type(data) is not np.ndarray:  # numpy returns scalars from 0-d arithmetic
        data = np.asarray(data)
    t = _new(Tensor)
    t._data = data
    t._grad = None
    t._grad_fn = grad_fn
    t._requires_grad = grad_fn is not None
    t._storage = None
    t._base = None
    t._view_steps = ()
    return t


autograd.Tensor = Tensor
autograd._new_tensor = _new_tensor


def zero_grads(params: Iterable[Tensor], set_to_none: bool = True) -> None:
    """Reset the gradients of ``params``: to None (torch's default) or to zeros in place."""
    for p in params:
        if p._grad is None:
            continue
        if set_to_none:
            p._grad = None
        else:
            p._grad._data[...] = 0


_SEEDS: dict[tuple[Any, ...], np.ndarray] = {}


def _ones_seed(shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """d out / d out: a cached read-only array of ones (backward never writes into it)."""
    key = (shape, dtype)
    seed = _SEEDS.get(key)
    if seed is None:
        seed = _SEEDS[key] = np.ones(shape, dtype=dtype)
        seed.flags.writeable = False
    return seed


def _size(shape: tuple[int, ...]) -> str:
    return f"torch.Size({list(shape)})"


_DETACH_VIEW = (
    "Can't detach views in-place. Use detach() instead. If you are using "
    "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, "
    "gradients are views of DDP buckets, and hence detach_() cannot be called on these "
    "gradients. To fix this error, please refer to the Optimizer.zero_grad() function in "
    "torch/optim/optimizer.py as the solution."
)


def _warn_no_dof(t: Tensor, dim: Any, correction: float, name: str) -> None:
    """torch's warning (every call) when var/std have no degrees of freedom left: the number
    of elements reduced per output is at most ``correction`` (integer input is refused
    first, by the op)."""
    if t._data.dtype.kind not in "fc":
        return
    shape = t._data.shape
    if dim is None:
        factor = t._data.size
    else:
        factor = 1
        for d in fn._as_axes(dim, len(shape)):  # a bad or repeated dim raises first
            factor *= shape[d] if shape else 1
    if factor - correction <= 0:
        warnings.warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "reduction factor (input numel divided by output numel).",
            UserWarning,
            stacklevel=3,
        )


def _check_softmax(t: Tensor, dim: int, name: str) -> None:
    """softmax/log_softmax have floating kernels only; torch names the last-dim one."""
    last = fn.normalize_dim(dim, t._data.ndim) == t._data.ndim - 1 or t._data.ndim == 0
    kernel = f"{name}_lastdim_kernel_impl" if last else f"{name}_kernel_impl"
    if t._data.size:  # torch runs no kernel on an empty tensor: it comes back as it is
        _checks.check_floating(t._data.dtype, kernel)


_PYTHON_NUMBERS = (float, int)


def _binary(
    op: type[Function], a: Tensor, b: Any, true_divide: bool = False, alpha: Any = None
) -> Tensor:
    """Apply a two-input op: ``a`` is a tensor, ``b`` a tensor or a number.

    The common cases (same dtype, or a float tensor with a Python number) go straight to
    the op; everything else goes through torch's type promotion first. ``alpha`` (add and
    sub) scales ``b`` inside the one op.
    """
    if isinstance(a._grad_fn, views.InvalidHistory) or isinstance(
        getattr(b, "_grad_fn", None), views.InvalidHistory
    ):
        a._check_history()  # torch reads the inputs' history first (grad mode on)
        if isinstance(b, Tensor):
            b._check_history()
    if alpha is not None:
        if op is fn.Sub:
            _refuse_bool_subtraction(a, b)
        a2, b2 = _operands(a, b, true_divide)
        if a2._data.dtype.kind in "biu" and not isinstance(alpha, numbers.Integral):
            raise RuntimeError(
                "For integral input tensors, argument alpha must not be a floating point number."
            )
        return _without_casts(op.apply(a2, b2, alpha=alpha), (a, b), (a2, b2))
    kind = a._data.dtype.kind
    if isinstance(b, Tensor):
        if b._data.dtype is a._data.dtype and kind != "b" and (kind == "f" or not true_divide):
            return op.apply_binary(a, b)
    elif type(b) in _PYTHON_NUMBERS and kind == "f":
        return op.apply_binary(a, b)
    if op is fn.Sub or op is fn.RSub:
        _refuse_bool_subtraction(a, b)
    a2, b2 = _operands(a, b, true_divide)
    return _without_casts(op.apply_binary(a2, b2), (a, b), (a2, b2))


def _without_casts(out: Tensor, inputs: tuple[Any, ...], cast: tuple[Any, ...]) -> Tensor:
    """Link ``out``'s node to the inputs themselves rather than to their promoted copies:
    torch records no cast node for type promotion (its engine casts each gradient back to
    its input's dtype, as minigrad's does), and what the op saved of a promoted copy is
    watched through the original's version."""
    node = out._grad_fn
    if node is None:
        return out
    edges = list(node.edges)
    for i, (x, c) in enumerate(zip(inputs, cast)):
        if c is not x and isinstance(x, Tensor) and edges[i] is not None:
            edges[i] = x.grad_fn or x
            if node.saved is not None and any(s is c._data for s in node.saved):
                node._saved_versions.append((x, x._version))
    node.edges = tuple(edges)
    return out


def _operands(a: Tensor, b: Any, true_divide: bool = False) -> tuple[Tensor, Any]:
    """Bring a binary op's operands to torch's result dtype (shapes are checked by numpy,
    whose error ``apply_binary`` turns into torch's message).

    Returns ``(a, b)`` where ``b`` stays a Python number (numpy treats those as weakly typed,
    so they never change a tensor's dtype) or is a Tensor of the result dtype.
    """
    if isinstance(b, np.ndarray):
        b = tensor(b)
    if isinstance(b, Tensor):
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
        return a, b
    raise TypeError(f"unsupported operand type for a Tensor: {type(b).__name__}")


def matmul(a: Any, b: Any) -> Tensor:
    """Matrix product with torch's rules for 1-D and 2-D operands."""
    a, b = _as_tensor(a), _as_tensor(b)
    folds_b = b.ndim >= 3 and 0 < a.ndim <= 2 and a._requires_grad and _GradMode.enabled
    _checks.check_matmul(a, b, folds_b)
    if a.ndim >= 3 and b.ndim <= 2:
        # torch folds the leading dimensions into one matrix product (UnsafeViewBackward0)
        folded = matmul(a.reshape(math.prod(a.shape[:-1]), a.shape[-1]), b)
        return fn.UnsafeView.apply(folded, tuple(a.shape[:-1]) + tuple(b.shape[1:]))
    if folds_b:
        # torch folds the batch of b instead, as (b^T @ a^T)^T, so that a's gradient is one
        # matrix product
        if a.ndim == 1:
            return matmul(b.transpose(-1, -2), a)
        return matmul(b.transpose(-1, -2), a.t()).transpose(-1, -2).contiguous()
    out = fn.MatMul.apply(a, b)
    if a.ndim >= 3 or b.ndim >= 3:  # torch's batched product ends in an _unsafe_view
        return fn.UnsafeView.apply(out, tuple(out._data.shape))
    return out


def _joined(tensors: Sequence[Tensor], what: str) -> list[Tensor]:
    """The tensors of a cat/stack, promoted to one dtype as torch promotes them."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{what}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
            f"{type(tensors).__name__}"
        )
    if not tensors:
        if what == "cat":
            raise ValueError("torch.cat(): expected a non-empty list of Tensors")
        raise RuntimeError("stack expects a non-empty TensorList")
    dtype = tensors[0]._data.dtype
    for t in tensors[1:]:
        dtype = promote_types(dtype, t._data.dtype)
    return [t if t._data.dtype == dtype else t.to(dtype) for t in tensors]


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors of equal shape along a new dimension."""
    tensors = _joined(tensors, "stack")
    shape = tensors[0]._data.shape
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(
                "stack expects each tensor to be equal size, but got "
                f"{list(shape)} at entry 0 and {list(t._data.shape)} at entry {i}"
            )
    return fn.Stack.apply(*tensors, dim=fn.normalize_dim(dim, len(shape) + 1))


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension."""
    tensors = _joined(tensors, "cat")
    # torch skips 1-D empty tensors (a legacy rule) when the others have more dimensions
    shape = tensors[0]._data.shape
    for i, t in enumerate(tensors):
        if not t._data.shape:
            raise RuntimeError(
                f"zero-dimensional tensor (at position {i}) cannot be concatenated"
            )
    d = fn.normalize_dim(dim, len(shape))
    for i, t in enumerate(tensors):
        other = t._data.shape
        if len(other) != len(shape):
            raise RuntimeError(
                "Tensors must have same number of dimensions: got "
                f"{len(shape)} and {len(other)}"
            )
        for j, (n, m) in enumerate(zip(shape, other)):
            if j != d and n != m:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{n} but got size {m} for tensor number {i} in the list."
                )
    return fn.Cat.apply(*tensors, dim=d)


def _index_array(index: Any) -> np.ndarray:
    """The int64 array behind an index tensor (torch's scatter/gather take int64)."""
    return index._data if isinstance(index, Tensor) else np.asarray(index)


def _max_min(a: Tensor, dim: Any, keepdim: bool, largest: bool) -> Any:
    """``max``/``min``: of all elements, along ``dim`` (a values/indices pair), or
    elementwise against another tensor."""
    from . import return_types

    if dim is None:
        return fn.MaxAll.apply(a, largest=largest)
    if isinstance(dim, Tensor):
        other = dim
        a2, other2 = a, other
        if other._data.dtype != a._data.dtype:
            dtype = result_type(a, other)
            a2 = a.to(dtype) if a._data.dtype != dtype else a
            other2 = other.to(dtype) if other._data.dtype != dtype else other
        try:
            out = fn.Maximum.apply(a2, other2, largest=largest)
            return _without_casts(out, (a, other), (a2, other2))
        except ValueError:
            autograd._raise_broadcast_error(a.shape, other.shape)
            raise
    d = fn.normalize_dim(dim, a.ndim)
    values = fn.MaxDim.apply(a, dim=d, keepdim=keepdim, largest=largest)
    node = values.grad_fn
    if node is not None:
        indices = node.indices
    else:  # no graph recorded: compute the indices again (cheap, and rare)
        indices, _ = fn._select_along(a._data, d, keepdim, largest)
    pair = return_types.max if largest else return_types.min
    return pair(values, _new_tensor(indices, None))


def _arg_select(a: Tensor, dim: int | None, keepdim: bool, largest: bool) -> Tensor:
    """argmax/argmin: over the flattened tensor, or along ``dim`` (first occurrence;
    a nan counts as the largest and the smallest, as in torch)."""
    data = a._data
    name = "argmax" if largest else "argmin"
    if data.dtype.kind == "b":
        raise RuntimeError(f"{name}(): does not support bool input")
    if dim is None:
        flat = data.reshape(-1)
        if flat.size == 0:
            raise IndexError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0."
            )
        idx, _ = fn._select_along(flat, 0, False, largest)
        if keepdim:
            idx = idx.reshape((1,) * data.ndim)
        return _new_tensor(idx, None)
    _checks.check_dim_type(dim, name)
    d = fn.normalize_dim(dim, data.ndim)
    if data.ndim and data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    idx, _ = fn._select_along(data, d, keepdim, largest)
    return _new_tensor(idx, None)


def where(condition: Tensor, input: Any = None, other: Any = None) -> Tensor:  # noqa: A002
    """``input`` where ``condition`` holds, else ``other`` (numbers allowed on either side;
    with only a condition, the indices where it holds, as ``nonzero(as_tuple=True)``)."""
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if input is None and other is None:
        return tuple(_new_tensor(i.astype(np.int64), None) for i in np.nonzero(cond))
    if cond.dtype != np.bool_:
        raise RuntimeError(
            f"where expected condition to be a boolean tensor, but got a tensor with dtype "
            f"{fn._dtype_name(cond.dtype)}"
        )
    a_t, b_t = isinstance(input, Tensor), isinstance(other, Tensor)
    if a_t and b_t:
        if input.dtype != other.dtype:
            dtype = result_type(input, other)
            input, other = input.to(dtype), other.to(dtype)
    elif a_t:
        dtype = result_type(input, other)
        input = input.to(dtype)
        other = _new_tensor(np.asarray(other, dtype=dtype), None)
    elif b_t:
        dtype = result_type(other, input)
        other = other.to(dtype)
        input = _new_tensor(np.asarray(input, dtype=dtype), None)
    else:
        input, other = tensor(input), tensor(other)
        if input._data.dtype.kind == "f" or other._data.dtype.kind == "f":
            input, other = input.to(float32), other.to(float32)
    try:
        return fn.Where.apply(cond, input, other)
    except ValueError:
        autograd._raise_broadcast_error(cond.shape, np.broadcast_shapes(input.shape))
        raise


