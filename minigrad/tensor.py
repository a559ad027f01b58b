"""``Tensor``: a numpy array with a gradient and a link to the operation that made it.

This file holds what a tensor is: its data, ``requires_grad``, ``grad``, ``backward`` and
the arithmetic operators, each a call of one op from ``ops``. The other methods are
functions in modules named by what they do, bound in the class body (``view =
viewing.view``: the function is the method, no extra call).

Import order: the class body needs those modules complete, so each of them imports its
siblings (``tensor`` and the others it uses) at its end, after its own definitions, and
reads ``_tensor.Tensor`` only when a function runs (``Tensor`` in annotations is for type
checkers); ``autograd`` does the same. Any of them can be imported first, and none is
injected with ``Tensor``:

- ``creation``: the constructors (``tensor``, ``zeros``, ``Tensor(3, 1)``, ...);
- ``promotion``: torch's dtype rules (``result_type``, ``promote_types``, ``as_dtype``);
- ``conversion``: ``item``, ``numpy``, ``to``, the casts, ``clone``, the device;
- ``arithmetic``: binary ops with type promotion, ``matmul``, comparisons, unary math;
- ``reductions``: ``sum``, ``mean``, ``max``/``min``, ``argmax``, ``var``, ``std``, ``norm``;
- ``selection``: ``where``, ``cat``, ``stack``, ``scatter``, ``gather``;
- ``viewing``: shape queries and views (``view``, ``reshape``, ``transpose``, indexing);
- ``inplace``: ``x[i] = v``, ``copy_``, ``fill_``, ``add_``, ...
"""

from __future__ import annotations

import warnings
import weakref
from typing import Any

import numpy as np

from . import (
    _checks,
    _strides,
    accumulation,
    arithmetic,
    conversion,
    creation,
    dtypes,
    inplace,
    reductions,
    saved_values,
    selection,
    viewing,
    views,
)
from . import ops as fn
from ._formatting import tensor_repr
from .arithmetic import _binary
from .autograd import Function, run_backward, unbroadcast


class Tensor:
    """An n-dimensional array that can record the operations applied to it.

    ``Tensor(3, 1)`` makes a (3, 1) float32 tensor (zero-filled here; torch leaves it
    uninitialised) and ``Tensor([3, 1])`` a float32 tensor holding 3 and 1, as in torch.
    Use :func:`minigrad.tensor` to choose the dtype or ask for gradients.
    """

    __slots__ = (
        "_data", "_grad", "_grad_fn", "_requires_grad", "_storage", "_base", "_view_steps",
        "_stale_shape", "__weakref__",
    )
    __array_ufunc__ = None  # numpy defers to Tensor's reflected operators
    __array_priority__ = 1000

    _data: np.ndarray
    _grad: Tensor | None
    _grad_fn: Function | views.InvalidHistory | None  # behind the ``grad_fn`` property
    _requires_grad: bool
    _storage: views.Storage | None  # the version counter and views shared by aliases
    _base: Tensor | None  # the tensor whose memory a view shares
    _view_steps: tuple[Any, ...]  # how to replay a view from its base
    _stale_shape: tuple[int, ...]  # a few 0-d loss results (see views.copy_stale_shape)

    __new__, __init__ = creation.new, creation.init  # type: ignore[assignment]

    # ------------------------------------------------------------------ attributes
    @property
    def data(self) -> Tensor:
        """This tensor's values as a new leaf that shares memory and records nothing (torch's
        ``.data``): ``w.data -= lr * w.grad.data`` updates ``w`` in place, off the graph."""
        out = _new_tensor(_strides.alias(self._data), None)  # its own array: an alias, not self
        views.copy_stale_shape(self, out)
        return out

    @data.setter
    def data(self, value: Any) -> None:
        views.set_data(self, value)  # the same memory, seen by the graph: see there

    @property
    def requires_grad(self) -> bool:
        """Whether operations on this tensor are recorded for backward."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if views.pending(self):  # torch's C++ sees a leaf: its flag changes, and a view's
            return  # requires_grad (its base's) does not
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
        if base is not None:  # a view's own flag: with it, an accumulator of its own
            if value:
                accumulation.asked_for_grad(self)
            else:
                accumulation.OWN_FLAG.pop(id(self), None)
        self._requires_grad = bool(value)
        self._views_follow_requires_grad()

    def _views_follow_requires_grad(self) -> None:
        """Live views without history report this base's requires_grad (torch: a view's
        flag or its base's; they have no accumulator of their own)."""
        st = self._storage
        if self._base is None and st is not None and st.views:
            for v in list(st.views):
                if v._base is self and v._grad_fn is None:  # (or its own flag)
                    v._requires_grad = self._requires_grad or id(v) in accumulation.OWN_FLAG
            if self._requires_grad:
                views.replay_stale_views(st)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place and return self (a no-op on a graph tensor asked to
        require grad, as torch)."""
        if isinstance(self._grad_fn, views.InvalidHistory) or requires_grad and (
            self._grad_fn
        ) or views.pending(self):
            return self  # (torch's C++ is_leaf reads no regenerated history: no error)
        self._set_requires_grad(requires_grad, "only Tensors of floating point dtype")
        return self

    @property
    def grad_fn(self) -> Function | None:
        """The node that made this tensor (None for a leaf); raises torch's error for a view
        made under no_grad whose memory was written in place since."""
        node = self._grad_fn
        if views.PENDING:  # (torch remakes a written view's history now)
            views.observe(self)
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

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return self._data.ndim

    device = property(conversion.device)
    is_cuda = property(conversion.is_cuda)

    def is_floating_point(self) -> bool:
        """True for float32/float64 tensors."""
        return self._data.dtype.kind == "f"

    size = viewing.size
    dim = viewing.dim
    numel = viewing.numel
    __len__ = viewing.length
    is_contiguous = viewing.is_contiguous
    data_ptr = viewing.data_ptr
    _is_view = viewing._is_view

    # ------------------------------------------------------------------ gradients
    def backward(self, gradient: Tensor | None = None, retain_graph: bool | None = None) -> None:
        """Compute the gradient of this tensor with respect to every leaf that requires grad.

        ``gradient`` is d(out)/d(self); it may be omitted only for a one-element tensor.
        """
        if gradient is None:  # (torch's _make_grads checks before the engine reads history)
            if self._requires_grad and self._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
        else:
            seed = gradient._data if isinstance(gradient, Tensor) else np.asarray(gradient)
            if seed.shape != self._data.shape:
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[0] has a shape of {_size(seed.shape)} and "
                    f"output[0] has a shape of {_size(self._data.shape)}."
                )
        # a view made under no_grad reports requires_grad but has no history to go back on
        # (nor an accumulator, unless it asked for grad itself)
        if not self._requires_grad or (self._base is not None and self.grad_fn is None and (
            not accumulation.has_accumulator(self)
        )):
            raise RuntimeError(_checks.NO_GRAD_FN)
        if gradient is None:
            seed = _ones_seed(self._data.shape, self._data.dtype)
        else:
            seed = seed.astype(self._data.dtype, copy=False)
            node = self.grad_fn
            if node is not None and seed.shape != node.output_shape:  # ``.data`` replaced
                seed = unbroadcast(seed, node.output_shape, None)  # since: torch's
        run_backward(self, seed, bool(retain_graph))  # engine checks the node's shape

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in ``.grad`` during backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if isinstance(self._grad_fn, Function) and not views.pending(self):  # (an invalid
            # history, or one torch has not remade yet: a no-op, as torch)
            self._grad_fn._retained = weakref.ref(self)

    @property
    def retains_grad(self) -> bool:
        """True for a non-leaf tensor that will keep its ``.grad``."""
        return isinstance(self._grad_fn, Function) and self._grad_fn.retained is self

    @property
    def grad(self) -> Tensor | None:
        """The accumulated gradient, or None (a non-leaf's is None unless it retains grad)."""
        grad_fn = self._grad_fn  # (torch's C++ is_leaf: no history regenerated, no error)
        if isinstance(grad_fn, Function) and self._grad is None and (
            grad_fn._retained is None or grad_fn.retained is not self
        ) and not views.pending(self):
            warnings.warn(_checks.NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
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
        out = _new_tensor(_strides.alias(self._data), None)
        out._storage = views.storage_of(self)
        views.copy_stale_shape(self, out)
        return out

    def detach_(self) -> Tensor:
        """Cut this tensor from the graph in place."""
        if self._base is not None:
            raise RuntimeError(_checks.DETACH_VIEW)
        if self.grad_fn is not None:
            saved_values.note_detached(self)  # nodes that saved it can no longer use it
        self.grad_fn = None
        self._requires_grad = False
        self._views_follow_requires_grad()
        return self

    # ------------------------------------------------------------------ printing
    def __repr__(self) -> str:
        return tensor_repr(self)

    __str__ = __repr__

    # hashed by identity (``==`` is elementwise): object's own hash, a C slot
    __hash__ = object.__hash__

    # ------------------------------------------------------------------ operators
    def __add__(self, other: Any) -> Tensor:
        return _binary(fn.Add, self, other)

    __radd__ = __add__  # the same call: b + a adds a and b

    def __sub__(self, other: Any) -> Tensor:
        return _binary(fn.Sub, self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return _binary(fn.RSub, self, other)

    def __mul__(self, other: Any) -> Tensor:
        return _binary(fn.Mul, self, other)

    __rmul__ = __mul__  # the same call: b * a multiplies a and b

    def __truediv__(self, other: Any) -> Tensor:
        return _binary(fn.Div, self, other, true_divide=True)

    __rtruediv__ = arithmetic.rtruediv
    __pow__ = arithmetic.pow_operator
    __rpow__ = arithmetic.rpow
    __matmul__ = arithmetic.matmul_operator
    __rmatmul__ = arithmetic.rmatmul
    __neg__ = arithmetic.neg_operator

    __pos__ = arithmetic.pos
    def __abs__(self) -> Tensor:
        return self.abs()

    # comparisons: plain boolean tensors, never part of the graph
    _compare = arithmetic._compare
    __eq__ = arithmetic.eq_operator  # type: ignore[assignment]
    __ne__ = arithmetic.ne  # type: ignore[assignment]
    __lt__ = arithmetic.lt
    __le__ = arithmetic.le
    __gt__ = arithmetic.gt
    __ge__ = arithmetic.ge
    eq = arithmetic.eq
    equal = arithmetic.equal
    allclose = arithmetic.allclose

    # ------------------------------------------------------------------ math methods
    add = arithmetic.add
    sub = arithmetic.sub
    mul = arithmetic.mul
    div = arithmetic.div
    pow = arithmetic.pow
    matmul = arithmetic.matmul_method
    mm = arithmetic.mm
    neg = arithmetic.neg
    abs = arithmetic.abs
    sign = arithmetic.sign
    _floating = arithmetic._floating
    exp = arithmetic.exp
    log = arithmetic.log
    sqrt = arithmetic.sqrt
    relu = arithmetic.relu
    sigmoid = arithmetic.sigmoid
    tanh = arithmetic.tanh
    reciprocal = arithmetic.reciprocal
    log1p = arithmetic.log1p
    expm1 = arithmetic.expm1
    softmax = arithmetic.softmax
    log_softmax = arithmetic.log_softmax
    clamp = arithmetic.clamp_method
    clip = clamp
    _promoted_by = arithmetic._promoted_by
    clamp_min = arithmetic.clamp_min
    clamp_max = arithmetic.clamp_max

    # ------------------------------------------------------------------ reductions
    sum = reductions.sum
    mean = reductions.mean
    max = reductions.max
    min = reductions.min
    maximum = reductions.maximum
    minimum = reductions.minimum
    argmax = reductions.argmax
    argmin = reductions.argmin
    var = reductions.var
    std = reductions.std
    norm = reductions.norm

    # ------------------------------------------------------------------ selection
    where = selection.where_method
    scatter = selection.scatter
    gather = selection.gather

    # ------------------------------------------------------------------ views
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
    __iter__ = viewing.iterate
    unbind = viewing.unbind

    # ------------------------------------------------------------------ in place
    __setitem__ = inplace.setitem
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
    clamp_ = inplace.clamp_
    scatter_ = inplace.scatter_
    __iadd__ = inplace.iadd
    __isub__ = inplace.isub
    __imul__ = inplace.imul
    __itruediv__ = inplace.itruediv

    # ------------------------------------------------------------------ conversion
    # (last: the casts named float, int, bool and type hide the builtins in the class body)
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
    clone = conversion.clone
    contiguous = conversion.contiguous
    type = conversion.type_or_cast
    float = conversion.to_float32
    double = conversion.to_float64
    long = conversion.to_int64
    int = conversion.to_int32
    short = conversion.to_int16
    byte = conversion.to_uint8
    bool = conversion.to_bool


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




