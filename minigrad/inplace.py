"""In-place methods: ``x[i] = v``, ``copy_``, ``fill_``, ``zero_``, ``add_`` and
the other ``*_``.

Each computes the out-of-place result and writes it into the tensor's memory
(``views.write_inplace``), after torch's refusals (a leaf that requires grad, overlapping
memory, a result that does not fit the dtype). ``Tensor`` binds these functions as its
methods (``add_ = inplace.add_``; ``__setitem__`` is ``setitem``, ``__iadd__`` is ``iadd``).

Import order: see ``tensor.py`` (this module imports its siblings at its end).
"""

from __future__ import annotations

import numbers
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _checks, _indexing, _loop_order, views
from . import ops as fn
from .autograd import _GradMode, no_grad

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


def setitem(self: Tensor, index: Any, value: Any) -> None:
    """``t[index] = value``, in place."""
    _checks.check_index_types(index)
    if isinstance(value, numbers.Number):  # a number must fit, as in fill_
        value = _checks.fill_value(value, self._data.dtype)
    if type(index) is list:  # (torch converts the value first, then reads the index)
        index = _checks.sequence_as_tuple(index)
        _checks.check_index_types(index)
    _checks.check_zero_dim_index(index, self._data.ndim, views.stale_size(self))
    _checks.check_byte_mask_fill(index, value)
    if isinstance(index, bool):  # torch: False writes nothing, True writes self[None]
        if not index:
            return
        index = None
    index = _checks.expand_ellipses(_as_index(index), self._data.shape, self._data)
    _checks.check_index_count(index, self._data.ndim)  # (torch parses the index first)
    if _checks.covers_all(index, self._data.shape):
        if isinstance(value, _tensor.Tensor) and value._data.shape != self._data.shape and (
            value._data.ndim
        ):
            _assigned(value, self._data.shape)  # torch expands the value first (its errors)
        recorded = _GradMode.enabled and (self._requires_grad or (
            isinstance(value, _tensor.Tensor) and value._requires_grad))
        if not recorded and isinstance(value, _tensor.Tensor) and (
            value._data.ndim or not self._data.ndim  # (a 0-d value into more: torch fills)
        ) and _same_data(self, value):
            views.check_inplace(self, overlap_ok=True)  # autograd's refusals only: torch's
            views.note_write(self)  # copy_ copies nothing when source and destination are
            return  # the same memory, but autograd counts the write
        views.check_inplace(self)  # torch writes into self itself: a leaf's message
    if not isinstance(value, _tensor.Tensor):  # a number is taken in self's dtype, as torch
        value = tensor(value, dtype=self._data.dtype)
    if fn.is_basic_index(index):
        # torch writes an index of full slices into self itself, and a 0-d value into a
        # larger selection with fill_ (FillBackward3)
        target = self if _checks.covers_all(index, self._data.shape) else self[index]
        if isinstance(value, _tensor.Tensor) and value._data.ndim == 0 and target._data.ndim:
            target.fill_(value)
            return
        if isinstance(value, _tensor.Tensor) and value._data.shape != target._data.shape:
            value = _assigned(value, target._data.shape)  # (equal shapes: copied as is)
            if value._data.shape != target._data.shape:  # torch expands, then copies
                expanded = _checks.expanded_like_torch(value._data, target._data.shape)
                same = _same_data(target, value)  # (then torch's copy_ checks no overlap:
                _check_inplace_operand(target, value, overlap_with=expanded,  # it copies
                                       differentiable=target._data.dtype.kind in "fc",  # nothing)
                                       same_memory=same)
                target.copy_(value, _overlap_checked=True, _same_memory=same)
                return
        target.copy_(value)
        return
    split = _checks.split_view_first(index, self._data.shape)
    if split is not None:  # torch takes the basic items as a view, then index_put_s it
        basic, advanced = split
        view = self[basic]
        view[tuple(advanced)] = value  # (a tuple: a list item stays one index)
        return
    # autograd's refusals, a value requiring grad counted (an expanded self: torch warns,
    # and writes)
    views.check_inplace(self, overlap_ok=True, operand_needs_grad=isinstance(
        value, _tensor.Tensor) and value._requires_grad)
    self_overlaps = _checks.overlaps_itself(self._data)
    if self_overlaps:
        warnings.warn(_checks.EXPANDED_WRITE_WARNING.format(
            op="index_put_", what="indices", value="tensor")
            + _checks.triggered(_checks.INDEX_PUT_SOURCE), UserWarning, stacklevel=3)
    if isinstance(value, _tensor.Tensor):
        vshape = value._data.shape
        ones = next((i for i, n in enumerate(vshape) if n != 1), len(vshape))
        if ones:  # torch's set_item views the value without its leading size-1 dimensions
            value = value.view(vshape[ones:])
        masked_fill = value._data.size == 1 and _is_one_mask(index)
        if not masked_fill:  # (masked_fill_ reads the value's item before writing)
            _checks.check_no_overlap(self, value)  # torch: assert_no_overlap first
            # the index tensors broadcast together (make_info)
            _indexing.check_advanced(index, self._data.shape, bounds=False)
        _checks.check_index_put_shape(self._data.shape, index, value._data.shape)
        if not masked_fill:  # (masked_fill_ takes the value's item)
            _checks.check_index_put_dtype(self._data.dtype, value._data.dtype)
    else:
        value = tensor(value, dtype=self._data.dtype)
    if self_overlaps and value._data.size == 1 and _is_one_mask(index):  # torch's masked_fill_ path
        warnings.warn(_checks.EXPANDED_WRITE_WARNING.format(
            op="masked_fill_", what="mask", value="scalar")
            + _checks.triggered(_checks.MASKED_FILL_SOURCE), UserWarning, stacklevel=3)
    out = fn.IndexPut.apply(self, value, index=index)
    write: Any = None
    one_value_mask = value._data.size == 1 and _is_one_mask(index)
    if not (self_overlaps or one_value_mask) and value._data.size and np.may_share_memory(
            self._data, value._data) and np.shares_memory(self._data, value._data):
        # the value reads self's memory (torch cannot judge a layout with gaps, so lets it
        # through): torch's kernel reads each value as it writes, in its loop's order (not
        # masked_fill_'s path: one value through one mask, read once)
        data, index_, plain = value._data, index, out._data

        def write(memory: np.ndarray) -> None:
            if not _loop_order.put_in_loop_order(memory, data, index_):  # (an index form
                np.copyto(memory, plain, casting="unsafe")  # not modelled: the plain write)
    views.write_inplace(self, out, written=index if self_overlaps else None, write=write)


def _is_one_mask(index: Any) -> bool:
    """An index of one bool mask of at least one dimension (beside ``...`` and slices,
    which torch takes as a view first and which here cover their dimension; a list of
    bools is one): torch fills it with masked_fill_ when the value has one element."""
    items = [i for i in (index if isinstance(index, tuple) else (index,))
             if not (isinstance(i, slice) or i is Ellipsis)]
    if len(items) != 1:
        return False
    mask = np.asarray(items[0]) if isinstance(items[0], list) else items[0]
    return isinstance(mask, np.ndarray) and mask.dtype == bool and mask.ndim > 0


def _same_data(t: Tensor, value: Tensor) -> bool:
    """Whether ``value``, expanded to ``t``'s shape as setitem expands it, is ``t``'s own
    memory with ``t``'s strides and dtype (torch's copy_ then copies nothing)."""
    a, v = t._data, value._data
    strides = _checks.torch_strides(v)
    if v.shape != a.shape:  # setitem drops the value's leading ones, then expands it
        while v.ndim and v.shape[0] == 1:
            v = v[0]
        if v.ndim > a.ndim:
            return False
        v = _checks.expanded_like_torch(v, a.shape)
        strides = list(v.strides)  # (already torch's)
    return (v.dtype == a.dtype and a.size > 0 and strides == _checks.torch_strides(a)
            and v.__array_interface__["data"][0] == a.__array_interface__["data"][0])


def _assigned(value: Tensor, shape: tuple[int, ...]) -> Tensor:
    """``x[i] = value``: torch drops value's leading size-1 dimensions, then expands it to
    the selected shape (its expand messages); returns the value without those dimensions."""
    vshape = value._data.shape
    while vshape and vshape[0] == 1:
        vshape = vshape[1:]
    _checks.check_expand_rank(value._data.dtype, vshape, shape)
    _checks.check_expand_sizes(vshape, shape)
    return value if vshape == value._data.shape else value.view(vshape)


def _inplace(
    self: Tensor, compute: Any, c_type_names: bool = False, fill: bool = False,
    reads: tuple[Any, ...] = (), kernel: Any = None, vectorized: bool = True,
    copy: bool = False,
) -> Tensor:
    """Run an in-place op: ``compute()`` makes the out-of-place result from ``self``;
    it is written into self's memory and, if recorded, becomes self's history. A
    ``fill`` may write overlapping memory (an expanded tensor), as torch's fills may.

    ``reads`` are the inputs torch's loop reads (tensors or numbers; self among them if
    the op reads it) and ``kernel(*reads)`` the op on them (of tensors without history):
    where one of them shares memory with self, the values are written in torch's loop
    order (``_loop_order``), each element read when torch reads it (``vectorized``: False
    where torch's kernel runs element by element). On an integer or bool tensor in the
    graph the op is recorded, as torch's in-place ops are, but a ``copy`` (copy_ keeps the
    tensor's history there)."""
    views.check_inplace(self, overlap_ok=fill)  # (the write's refusals before the history)
    self._check_history()
    _GradMode.writing_in_place = True  # (recorded on an integer tensor in the graph too)
    try:
        out = compute()
    finally:
        _GradMode.writing_in_place = False
    write = None if kernel is None else _loop_writer(self, out, reads, kernel, vectorized)
    return views.write_inplace(self, out, c_type_names, write=write,
                               recorded_on_integers=not copy)


def _loop_writer(
    self: Tensor, out: Tensor, reads: tuple[Any, ...], kernel: Any, vectorized: bool
) -> Any:
    """A writer replaying torch's loop (``_loop_order``) when an input of the op shares
    memory with self other than as self's own elements, and the op computes in self's
    dtype (else torch's loop reads copies cast to the common dtype, made before it writes);
    None when the plain write is what torch does."""
    data = self._data
    for r in reads:  # (a quick test first: memory is shared only through a view's base)
        if isinstance(r, _tensor.Tensor) and r._data is not data and (
            r._data.base is not None or data.base is not None
        ):
            break
    else:
        return None
    arrays = [r._data if isinstance(r, _tensor.Tensor) else r for r in reads]
    if out._data.dtype != data.dtype or not _loop_order.reads_written_memory(data, arrays):
        return None

    def values(*args: Any) -> np.ndarray:
        wrapped = [_tensor._new_tensor(a, None) if isinstance(a, np.ndarray) else a
                   for a in args]
        with no_grad():
            return kernel(*wrapped)._data

    return lambda memory: _loop_order.write_in_loop_order(memory, arrays, values, vectorized)


def _check_inplace_operand(
    out: Tensor, other: Any, overlap_checked: bool = False, differentiable: bool = True,
    overlap_with: Any = None, same_memory: bool = False,
) -> None:
    """An in-place op's checks on what it reads, in torch's order: no partial overlap with
    the memory written (of ``other``, or of ``overlap_with``: the value a setitem expanded),
    then shapes that broadcast to the output's own (after the refusals of the write itself,
    such as a leaf that requires grad)."""
    needs = isinstance(other, _tensor.Tensor) and other._requires_grad and _GradMode.enabled
    # torch refuses the write before it reads the histories (``differentiable``: False for
    # a copy_ into an integer tensor, which torch's copy_ does not record)
    views.check_inplace(out, operand_needs_grad=needs and differentiable,
                        overlap_ok=same_memory)  # (copy_ from itself: no memory check)
    out._check_history()
    if isinstance(other, _tensor.Tensor):
        other._check_history()
    if not overlap_checked:
        _checks.check_no_partial_overlap(out, other if overlap_with is None else overlap_with)
    if isinstance(other, _tensor.Tensor):
        _checks.check_output_broadcast(out._data.shape, other._data.shape)


def add_(self: Tensor, other: Any, alpha: float = 1) -> Tensor:
    """self += alpha * other, in place (refused on a leaf that requires grad)."""
    _check_inplace_operand(self, other)
    if alpha != 1:  # torch checks the result's cast before alpha's type
        views.check_result_cast(result_type(self, other), self._data.dtype)
    return self._inplace(lambda: self.add(other, alpha=alpha), reads=(self, other),
                         kernel=lambda a, b: a.add(b, alpha=alpha))


def sub_(self: Tensor, other: Any, alpha: float = 1) -> Tensor:
    """self -= alpha * other, in place."""
    needs = isinstance(other, _tensor.Tensor) and other._requires_grad and _GradMode.enabled
    views.check_inplace(self, overlap_ok=True, operand_needs_grad=needs)  # autograd's
    self._check_history()  # refusals, then the bool check, then (in _check_inplace_operand)
    _refuse_bool_subtraction(self, other)  # the memory overlap
    _check_inplace_operand(self, other)
    if alpha != 1:
        views.check_result_cast(result_type(self, other), self._data.dtype)
    return self._inplace(lambda: self.sub(other, alpha=alpha), reads=(self, other),
                         kernel=lambda a, b: a.sub(b, alpha=alpha))


def mul_(self: Tensor, other: Any) -> Tensor:
    """self *= other, in place."""
    _check_inplace_operand(self, other)
    return self._inplace(lambda: self * other, reads=(self, other), kernel=lambda a, b: a * b,
                         vectorized=self._data.dtype != np.bool_)  # (bool: element-wise)


def div_(self: Tensor, other: Any) -> Tensor:
    """self /= other, in place."""
    _check_inplace_operand(self, other)
    return self._inplace(lambda: self / other, reads=(self, other), kernel=lambda a, b: a / b)


def zero_(self: Tensor) -> Tensor:
    """Fill with zeros, in place."""
    return self._inplace(lambda: fn.Fill.apply(self, value=0, via="zero_"), fill=True)


def fill_(self: Tensor, value: Any) -> Tensor:
    """Fill with ``value``, in place."""
    if isinstance(value, _tensor.Tensor):
        # autograd's refusals first (a value requiring grad makes the write recorded: a
        # no_grad view refuses it), then the kernel's check of the value
        views.check_inplace(self, overlap_ok=True, operand_needs_grad=value._requires_grad)
        if value._data.ndim:
            raise RuntimeError(
                "fill_ only supports 0-dimension value tensor but got tensor with "
                f"{value._data.ndim} dimensions."
            )
        return self._inplace(lambda: fn.FillTensor.apply(self, value))
    value = _checks.fill_value(value, self._data.dtype)
    return self._inplace(
        lambda: fn.Fill.apply(self, value=value, via="fill_"), fill=True
    )


def copy_(
    self: Tensor, src: Any, _overlap_checked: bool = False, _same_memory: bool = False
) -> Tensor:
    """Copy ``src``'s values into this tensor (broadcast, cast to self's dtype)."""
    if not isinstance(src, _tensor.Tensor):  # a Python number keeps its precision, as torch's
        src = tensor(np.asarray(src)) if isinstance(src, (bool, int, float)) else tensor(src)
    # (torch's copy_ alone asks whether self's dtype is differentiable before its refusals;
    # from a tensor of the same memory, shape and strides it checks no overlap: it copies
    # nothing)
    same = _same_memory or src._data.shape == self._data.shape and _same_data(self, src)
    _check_inplace_operand(self, src, _overlap_checked or same, self._data.dtype.kind in "fc",
                           same_memory=same)
    return self._inplace(lambda: fn.Copy.apply(self, src), fill=same, reads=(src,),
                         kernel=lambda s: s, copy=True)


def uniform_(self: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fill with uniform draws from the default generator, in place."""
    from . import random as _random

    gen, dtype = _random.default_generator, self._data.dtype
    values = _random.drawn_in_memory_order(
        self._data, lambda shape, _: gen.uniform(shape, a, b, dtype)
    )
    return self._inplace(lambda: fn.Fill.apply(self, value=values, via="uniform_"))


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fill with normal draws from the default generator, in place."""
    from . import random as _random

    gen, dtype = _random.default_generator, self._data.dtype
    values = _random.drawn_in_memory_order(
        self._data, lambda shape, contiguous: gen.normal(shape, mean, std, dtype, contiguous)
    )
    return self._inplace(lambda: fn.Fill.apply(self, value=values, via="normal_"))


def iadd(self: Tensor, other: Any) -> Tensor:
    """``t += other``: ``add_``."""
    return self.add_(other)


def isub(self: Tensor, other: Any) -> Tensor:
    """``t -= other``: ``sub_``."""
    return self.sub_(other)


def imul(self: Tensor, other: Any) -> Tensor:
    """``t *= other``: ``mul_``."""
    return self.mul_(other)


def itruediv(self: Tensor, other: Any) -> Tensor:
    """``t /= other``: ``div_``."""
    return self.div_(other)


def clamp_(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:
    """``clamp(min=None, max=None)`` in place (recorded as torch records it on a graph
    tensor)."""
    min, max = _checks.clamp_arguments("clamp_", args, kwargs, _tensor.Tensor)  # noqa: A001
    needs = any(isinstance(b, _tensor.Tensor) and b._requires_grad for b in (min, max))
    # autograd's refusals (a bound requiring grad makes the write recorded), then clamp's checks
    views.check_inplace(self, overlap_ok=True, operand_needs_grad=needs)
    self._check_history()  # and result type (its meta function), then the memory overlap
    if min is None and max is None:
        return self.clamp(min, max)  # (raises torch's error)
    if _GradMode.enabled and self._data.dtype.kind not in "fc" and self.requires_grad:
        # an integer tensor a write put in the graph: autograd refuses before the kernel
        raise RuntimeError(f"Autograd not support dtype: {_checks.short_name(self._data.dtype)}")
    if isinstance(min, _tensor.Tensor) or isinstance(max, _tensor.Tensor):
        # self's elements are written once, no bound shares part of self's memory (the
        # iterator's first checks), the operands broadcast, the result's shape is self's,
        # then the result type of all three can be cast to self's (fuzz seed 4534)
        views.check_written_once(self._data)
        for bound in (min, max):
            if isinstance(bound, _tensor.Tensor):
                _checks.check_no_partial_overlap(self, bound)
        _checks.check_output_broadcast(self._data.shape, _clamp_shape(self, min, max))
        views.check_result_cast(_clamp_result_type(self, min, max), self._data.dtype)
    given = [b for b in (min, max) if b is not None and not isinstance(b, _tensor.Tensor)]
    if given:  # one result type of self and both numbers (torch names the types as C does):
        # the number of the highest category (bool < integer < floating) decides
        given.sort(key=lambda b: 0 if isinstance(b, (bool, np.bool_)) else (
            1 if isinstance(b, numbers.Integral) else 2))
        views.check_result_cast(result_type(self, given[-1]), self._data.dtype, True)
    bounds = tuple(b for b in (min, max) if b is not None)
    if not any(isinstance(b, _tensor.Tensor) for b in bounds):
        return self._inplace(lambda: self.clamp(min, max), c_type_names=True)
    # torch's loop reads self and the bounds (a number bound as a 0-d operand); one bound
    # alone is torch's maximum/minimum, element by element for bool
    return self._inplace(
        lambda: self.clamp(min, max), c_type_names=True, reads=(self, *bounds),
        kernel=lambda a, *b: a.clamp(*(b if len(b) == 2 else (b[0], None) if min is not None
                                       else (None, b[0]))),
        vectorized=len(bounds) == 2 or self._data.dtype != np.bool_)


def scatter_(
    self: Tensor, dim: int, index: Tensor, value: Any = None, *, src: Any = None
) -> Tensor:
    """``scatter`` in place."""
    given = src if src is not None else value  # (a source requiring grad makes the write
    needs = isinstance(given, _tensor.Tensor) and given._requires_grad  # recorded)
    views.check_inplace(self, overlap_ok=True, operand_needs_grad=needs)  # autograd's first
    check_scatter(self, dim, index, given)  # then scatter's meta checks, then the overlap
    return self._inplace(lambda: self.scatter(dim, index, value, src=src))


# Last, after this module's own definitions: see "Import order" above.
import minigrad.tensor as _tensor  # noqa: E402

from .arithmetic import _clamp_result_type, _clamp_shape  # noqa: E402
from .creation import tensor  # noqa: E402
from .promotion import _refuse_bool_subtraction, result_type  # noqa: E402
from .selection import check_scatter  # noqa: E402
from .viewing import _as_index  # noqa: E402
