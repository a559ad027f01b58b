"""Shared memory, version counters and in-place operations, as torch has them.

Three ideas, each a few lines below:

* **Storage and views.** A view (``view``, basic indexing, ``t``, ``transpose``, ``permute``,
  ``squeeze``, ``unsqueeze``, ``expand``) holds a numpy view of its base's array, so a write
  through any alias is seen by all. Every alias of one memory shares one :class:`Storage`,
  whose ``version`` counts in-place writes; ``detach()`` shares it too, ``.data`` does not
  (torch's rule: ``.data`` is the untracked escape hatch).
* **Saved tensors are checked.** A node remembers the version of every tensor it saved; a
  backward pass through it after an in-place write raises torch's error (autograd.py).
* **In-place ops rewrite history.** ``y.mul_(2)`` runs the out-of-place op, writes its result
  into ``y``'s memory and makes the new node ``y``'s ``grad_fn`` (the old one becomes its
  input). Written through a view, the *base* gets a :class:`CopySlices` node: its gradient is
  the incoming gradient with the view's region replaced by what the op sends back to the
  view. Live views of a rewritten base get a fresh ``AsStridedBackward0`` node over the base
  (``ops.AsStrided``): a view's gradient goes to the base's elements at the same places in
  memory.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from . import ops
from ._checks import overlaps_itself
from ._fp import quiet
from ._strides import note_view
from .accumulation import remember_accumulator_shape
from .autograd import Function, _GradMode, record, unbroadcast
from .saved_values import nodes_saving, nodes_using, resave_leaf

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


class Storage:
    """What the aliases of one memory share: the in-place version counter and the views."""

    __slots__ = ("version", "views")

    def __init__(self) -> None:
        self.version = 0
        self.views: weakref.WeakSet[Tensor] | None = None


def storage_of(t: Tensor) -> Storage:
    """The tensor's storage record, made on first need (most tensors never need one)."""
    s = t._storage
    if s is None:
        s = t._storage = Storage()
    return s


def set_data(t: Tensor, value: Any) -> None:
    """``t.data = value``: ``t`` takes ``value``'s memory (an array object of its own, so
    nodes tell the two apart). A leaf that requires grad is watched by the graphs that use
    it: torch's accumulator keeps the shape and dtype a graph saw, and the nodes that saved
    the leaf read its new values (found by one search of the heap, only when needed)."""
    if not isinstance(value, _tensor.Tensor):
        raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
    watched = t._requires_grad
    if watched and value._data.dtype.kind not in "fc":
        raise RuntimeError(
            "data set to a tensor that requires gradients must be floating point or "
            "complex dtype"
        )
    # (the raw history: an invalid one is not read here, as torch's set_data does not)
    resave = watched and t._grad_fn is None and t._data is not value._data
    reshaped = watched and (value._data.shape, value._data.dtype) != (t._data.shape,
                                                                      t._data.dtype)
    nodes = nodes_using(t) if resave or reshaped else []
    if nodes and reshaped:
        remember_accumulator_shape(t, nodes)  # torch's accumulator keeps the old ones
    if (t._grad_fn is not None or not watched) and t._data is not value._data:
        # nodes that saved this tensor (with a history, or a leaf needing no grad) as an
        # input read its new data: torch saved the tensor itself (what it saved of an
        # output keeps the old data)
        nodes = nodes_saving(t)
        resave = bool(nodes)
    old, t._data = t._data, value._data.view()
    copy_stale_shape(value, t)  # torch's set_data copies the size array
    if resave:
        resave_leaf(t, old, nodes)  # nodes that saved this leaf read its new data


def copy_stale_shape(src: Tensor, dst: Tensor) -> None:
    """A shallow copy (``detach``, ``.data`` and its setter) copies torch's whole size and
    stride arrays, what is left past their end included: a reduced mse_loss or
    binary_cross_entropy is computed per element into its output, then resized to 0-d, and
    keeps the loss's sizes and strides there, which torch reads when it indexes a 0-d tensor
    with an int (``_checks.check_zero_dim_index``) and when it checks a gradient's layout
    (``accumulation.obeys_layout_contract``)."""
    stale = getattr(src, "_stale_shape", None)
    if stale is not None:
        dst._stale_shape = stale
    elif getattr(dst, "_stale_shape", None) is not None:
        del dst._stale_shape


def stale_size(t: Tensor) -> int:
    """The first entry of torch's size array past its end (0-d tensors; see above)."""
    stale = getattr(t, "_stale_shape", None)
    return stale[0] if stale else 0


def make_view(out: Tensor, src: Tensor, op: type[Function], params: dict[str, Any]) -> Tensor:
    """Mark ``out`` (made by ``op`` from ``src``, sharing its memory) as a view of ``src``'s
    base: one storage, and the steps that replay the view from the base."""
    st = storage_of(src)
    out._storage = st
    note_view(out._data, src._data, op.__name__, params)
    if not _GradMode.enabled:
        mark_creation(out, NO_GRAD)
        root = src._base if src._base is not None else src
        if root._requires_grad:  # torch: such a view still requires grad when its base
            out._requires_grad = True  # (the root of any chain of views) does
    else:
        meta = creation_meta(src)
        if meta is not None and meta[0] != MULTI_OUTPUT:  # a view of a no_grad view
            node = out._grad_fn
            if node is None:
                mark_creation(out, NO_GRAD)
            elif isinstance(node, Function):  # (named when a message needs it: the op
                mark_creation(out, NO_GRAD_CHAIN, node)  # may set how it was made, ``via``)
    base = src._base
    if base is None:
        out._base, out._view_steps = src, ((op, params),)
    else:
        out._base, out._view_steps = base, src._view_steps + ((op, params),)
    if st.views is None:
        st.views = weakref.WeakSet()
    st.views.add(out)
    return out


def bump_version(t: Tensor) -> None:
    """Count one in-place write to ``t``'s memory (seen by every alias); the live views
    of that memory get a fresh node (torch regenerates a view's ``grad_fn`` once its
    version has moved, even for a write under ``no_grad`` or through ``detach()``)."""
    st = storage_of(t)
    st.version += 1
    if st.views:
        _regenerate_views(st)


LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
VIEW_OF_LEAF_INPLACE = (
    "a view of a leaf Variable that requires grad is being used in an in-place operation."
)
_NO_GRAD_TAIL = (
    " with grad mode enabled. Given that this use case is ambiguous and error-prone, it is "
    "forbidden. You can clarify your code by moving both the view and the inplace either both "
    "inside the no_grad block (if you don't want the inplace to be tracked) or both outside "
    "(if you want the inplace to be tracked)."
)
_MULTI_OUTPUT_TAIL = (
    ". This view is the output of a function that returns multiple views. Such functions do "
    "not allow the output views to be modified inplace. You should replace the inplace "
    "operation by an out-of-place one."
)
_WRITTEN = "is being modified inplace"
_REBASED = "its base or another view of its base has been modified inplace"

# How a view was made, where torch treats it specially (its ``CreationMeta``), kept by
# id(view) while the view lives, as (kind, label): NO_GRAD for a view made under no_grad,
# NO_GRAD_CHAIN for a view of such a view made with grad on ("Output 0 of View"),
# MULTI_OUTPUT for one of several views returned by one op ("Output 1 of Unbind"). torch
# refuses to write them in place with grad on, and invalidates their history once their
# memory is written.
NO_GRAD, NO_GRAD_CHAIN, MULTI_OUTPUT = "no_grad", "no_grad_chain", "multi_output"
_CREATION_META: dict[int, tuple[str, str | Function]] = {}


def mark_creation(view: Tensor, kind: str, label: str | Function = "") -> None:
    """Remember how ``view`` was made: NO_GRAD, NO_GRAD_CHAIN or MULTI_OUTPUT (``label``
    names the view as torch's messages do, e.g. ``"Output 0 of Unbind"``, or is the view's
    node, named ``"Output 0 of <op>"``)."""
    _CREATION_META[id(view)] = (kind, label)
    weakref.finalize(view, _CREATION_META.pop, id(view), None)


def creation_meta(view: Tensor) -> tuple[str, str | Function] | None:
    """(kind, label) for a view marked by :func:`mark_creation`, else None."""
    return _CREATION_META.get(id(view)) if _CREATION_META else None


def _refusal(meta: tuple[str, str | Function], what: str) -> str:
    """torch's message for a write to (``_WRITTEN``) or under (``_REBASED``) such a view."""
    kind, label = meta
    if isinstance(label, Function):
        from . import _naming  # (it imports this module)

        label = f"Output 0 of {_naming.op_label(label)}"
    if kind == NO_GRAD:
        return f"A view was created in no_grad mode and {what}{_NO_GRAD_TAIL}"
    if kind == NO_GRAD_CHAIN:
        return (f"{label} is a view of a view which was created in no_grad mode and {what}"
                f"{_NO_GRAD_TAIL}")
    return f"{label} is a view and {what}{_MULTI_OUTPUT_TAIL}"


class InvalidHistory(str):
    """The history of a view torch can no longer replay: reading its ``grad_fn`` raises
    ``message`` (and its repr prints ``grad_fn=<Invalid>``)."""

    message: str

    def __new__(cls, message: str) -> InvalidHistory:
        self = super().__new__(cls, "invalid")
        self.message = message
        _GradMode.invalid_histories = True  # from now on, ops check their inputs' history
        return self


OVERLAP = (
    "unsupported operation: more than one element of the written-to tensor refers to a single "
    "memory location. Please clone() the tensor before performing the operation."
)


def check_inplace(t: Tensor, overlap_ok: bool = False, operand_needs_grad: bool = False) -> None:
    """Refuse an in-place write where torch refuses it: a leaf that requires grad (or a
    view of one) while grad mode is on, and memory where elements overlap (an expand),
    except for a fill (``overlap_ok``: every alias of an element gets the same value)."""
    if _GradMode.enabled:
        base = t._base
        # (the write would be recorded: t or the op's other operand requires grad)
        recorded = t._requires_grad or operand_needs_grad
        meta = creation_meta(t) if base is not None and recorded else None
        if meta is not None:
            raise RuntimeError(_refusal(meta, _WRITTEN))
        if base is not None and t._requires_grad and base.grad_fn is None:
            raise RuntimeError(VIEW_OF_LEAF_INPLACE)  # (even once the base was detach_()ed)
        if t._requires_grad and t.grad_fn is None:
            raise RuntimeError(LEAF_INPLACE)
    data = t._data
    if overlap_ok:
        return
    if overlaps_itself(data):
        raise RuntimeError(OVERLAP)


def check_written_once(data: np.ndarray) -> None:
    """torch's refusal of an in-place update (an optimizer's ``param.add_``) of memory whose
    elements overlap (an expanded parameter); a cheap test first: only a stride of 0 makes
    such memory here."""
    if 0 in data.strides and overlaps_itself(data):
        raise RuntimeError(OVERLAP)


def _dtype_word(dt: np.dtype) -> str:
    from .ops import _dtype_name

    return _dtype_name(dt)


def _c_type(dt: np.dtype) -> str:
    """The C++ name some kernels (clamp_) use for the target type: ``long int``."""
    from ._checks import _C_TYPE

    return _C_TYPE.get(dt.name, dt.name)


def check_result_cast(result: np.dtype, output: np.dtype, c_type_names: bool = False) -> None:
    """Refuse to write a result into a tensor of a lower kind (float into int, int into bool),
    in torch's words: c10's ``canCast`` (any integer type into any other is allowed)."""
    if result != output and (
        result.kind == "c" and output.kind != "c"
        or result.kind == "f" and output.kind in "iu"
        or result.kind != "b" and output.kind == "b"
    ):
        target = _c_type(output) if c_type_names else _dtype_word(output)
        raise RuntimeError(
            f"result type {_dtype_word(result)} can't be cast to the desired output type "
            f"{target}"
        )


def write_inplace(
    t: Tensor, out: Tensor, c_type_names: bool = False, written: Any = None,
    write: Callable[[np.ndarray], object] | None = None, recorded_on_integers: bool = False,
) -> Tensor:
    """Finish an in-place op: ``out`` is the op's out-of-place result computed from ``t``
    (``written``: the index of the only places written, for memory its elements share;
    ``write``: writes the values into t's memory itself, as torch's loop would, where the
    op's operands read that memory; ``recorded_on_integers``: the op is recorded on an
    integer or bool tensor in the graph, as torch records its in-place ops but copy_).

    Its values are written into ``t``'s memory, the version is bumped and, when the op was
    recorded, ``t`` (or its base, through a view) takes the op's node as its history.
    """
    data, new = t._data, out._data
    if new.shape != data.shape:
        raise RuntimeError(
            f"output with shape {list(data.shape)} doesn't match the broadcast shape "
            f"{list(new.shape)}"
        )
    check_result_cast(new.dtype, data.dtype, c_type_names)
    node = out.grad_fn
    if node is not None and data.dtype.kind not in "fc" and not (
        node.recorded_on_integers or recorded_on_integers
    ):
        node = None  # torch: integers and booleans are not differentiable: not recorded
    watched_version = None
    if node is not None and node.saved is not None:
        if sum(x is t for x, _ in node._saved_versions) > 1:
            # t is also the op's other operand (``y.mul_(y)``): torch saves that operand as
            # it is, so the write makes it stale and backward raises, as torch's does
            watched_version = t._version
            node.saved = tuple(data if s is new else s for s in node.saved)
        else:
            # what the node saved of t's old values must survive the write (in t's own
            # dtype, as torch saves self, also where the op computed in a promoted copy);
            # what it saved of its output is now t's memory, watched by t's version
            promoted = [c for c, x in node.__dict__.get("promoted", ()) if x is t]
            node.saved = tuple(
                s.copy() if s is data else data.copy() if any(s is c for c in promoted)
                else (data if s is new else s) for s in node.saved
            )
    with quiet():  # nan into an integer tensor is silent in torch
        if write is not None:
            write(data)
        elif written is None:
            np.copyto(data, new, casting="unsafe")
        else:  # memory shared by elements (expanded): only the written places, in order
            _writable(data)[written] = new[written]
    storage_of(t).version += 1
    if node is not None:
        node.output_dtype = data.dtype  # the node now makes t (gradients arrive in t's dtype)
        _rebase_history(t, node, out, watched_version)
    st = storage_of(t)
    if st.views:
        _regenerate_views(st)
    return t


def note_write(t: Tensor) -> None:
    """A write into ``t`` that changed no value (torch's copy_ of its own memory): the
    version is bumped and the views made under no_grad are told, as for any write."""
    st = storage_of(t)
    st.version += 1
    if st.views:
        _regenerate_views(st)


def _writable(a: np.ndarray) -> np.ndarray:
    """``a`` (a read-only broadcast view) as a writable array over the same memory."""
    if a.flags.writeable:
        return a
    root = a
    while isinstance(root.base, np.ndarray):
        root = root.base
    offset = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return np.ndarray(a.shape, a.dtype, buffer=root, offset=offset, strides=a.strides)


def _adopt(t: Tensor, node: Function) -> None:
    old = t._grad_fn
    if isinstance(old, Function) and old._retained is not None and old._retained() is t:
        node._retained, old._retained = old._retained, None  # retain_grad follows t (torch)
    t.grad_fn = node
    t._requires_grad = True
    node._output = weakref.ref(t)


def _rebase_history(
    t: Tensor, node: Function, out: Tensor, watched_version: int | None = None
) -> None:
    if node.saved is not None:
        version = t._version if watched_version is None else watched_version
        saves_t = any(s is t._data for s in node.saved)
        watched: list[tuple[Any, int]] = []
        seen = False
        for x, v in node._saved_versions:  # t keeps its place among the saved (clamp_ with
            if x is t:  # max=self: torch names max first, at the version before the write)
                if saves_t and not seen:
                    watched.append((t, version))
                    seen = True
            elif x is not node._output:
                watched.append((x, v))
        if saves_t and not seen:
            watched.append((t, version))
        node._saved_versions = watched
    base = t._base
    if base is None:
        if any(e is t for e in node.edges):  # t had no history and needs no grad: torch
            node.edges = tuple(None if e is t else e for e in node.edges)  # lists its edge
            node.number_inputs_shown = True  # as (None, 0) in next_functions
        _adopt(t, node)
    else:
        cs = CopySlices.wrap(base, t._view_steps, node)
        _adopt(base, cs)


def _regenerate_views(st: Storage, only: list[Tensor] | None = None) -> None:
    """Give every live view of a memory that is part of a graph (or those in ``only``) a
    node that replays its view on its base's current history (torch's
    ``AsStridedBackward0``)."""
    prev = _GradMode.enabled
    _GradMode.enabled = True  # the replay is recorded even inside no_grad, as torch's
    try:
        for v in list(st.views or ()) if only is None else only:
            base = cast("Tensor", v._base)  # a view always has a base
            node = v._grad_fn
            if isinstance(node, InvalidHistory):
                continue
            if node is None and not base._requires_grad:  # a leaf of its own, as in torch,
                _note_while_alive(_STALE, v)  # until its base requires grad (then its
                continue  # history is replayed)
            meta = creation_meta(v)
            if meta is not None:  # torch replays no view made so (no_grad, multi-output)
                v._grad_fn = InvalidHistory(_refusal(meta, _REBASED))
                v._requires_grad = v._requires_grad or base._requires_grad  # (its base's)
                continue
            _adopt(v, _as_strided_node(v, base))
            if node is None:  # torch holds no history for it until something asks
                _note_while_alive(PENDING, v)
    finally:
        _GradMode.enabled = prev


def _as_strided_node(v: Tensor, base: Tensor) -> Function:
    """The node torch remakes a written view's history with: ``AsStridedBackward0`` over
    the base, from the view's current place in memory (recorded whether or not the base
    requires grad: the view had a history of its own)."""
    node = object.__new__(ops.AsStrided)
    node.saved = None
    node.needs_input_grad = (base._requires_grad,)
    node.edges = (base.grad_fn or base,)
    out = ops.AsStrided.forward(node, base._data, view=v._data)
    return record(node, out, (base,), (base._data,)).grad_fn  # type: ignore[return-value]


# Views that were leaves when a write remade their history (``AsStridedBackward0``): torch
# remakes it only when something asks for it (``grad_fn``, ``is_leaf``, repr, an op that
# records the view, a backward from it); until then its C++ checks still see a leaf: reading
# ``.grad`` does not warn, ``retain_grad()`` and ``requires_grad_(False)`` do nothing.
# id(view) while the view lives (``observe`` drops it).
PENDING: set[int] = set()


def _note_while_alive(ids: set[int], v: Tensor) -> None:
    """Keep id(v) in ``ids`` until ``v`` dies (sets of ids: a tensor's == is elementwise)."""
    if id(v) not in ids:
        ids.add(id(v))
        weakref.finalize(v, ids.discard, id(v))


def pending(t: Tensor) -> bool:
    """Whether torch still holds no history for ``t``, a view a write gave one (its C++
    checks see a leaf)."""
    return bool(PENDING) and id(t) in PENDING


def observe(t: Tensor) -> None:
    """Something asked for ``t``'s history: torch has remade it now (callers test
    ``PENDING`` first: it is almost always empty)."""
    PENDING.discard(id(t))


# Views whose memory was written while their base required no grad: torch notes the version a
# view's history was made at, and when the base later requires grad, reading the view's
# grad_fn replays the view (AsStridedBackward0) or, for a view torch cannot replay, gives an
# invalid history.
# id(view) while the view lives (a set of ids: a tensor's == is elementwise).
_STALE: set[int] = set()


def replay_stale_views(st: Storage) -> None:
    """The base of ``st``'s views now requires grad: give each view written since it was
    made the history torch's ``grad_fn`` gives it then."""
    stale = [v for v in st.views or () if id(v) in _STALE]
    for v in stale:
        _STALE.discard(id(v))
    if stale:
        _regenerate_views(st, only=stale)


def replay(array: np.ndarray, steps: tuple[tuple[type[Function], dict[str, Any]], ...]) -> Any:
    """Apply a view's steps to a bare array (giving the same region of that array)."""
    for op, params in steps:
        array = op.forward(object.__new__(op), array, **params)
    return array


class CopySlices(Function):
    """The history of a base whose view was written in place (torch's ``CopySlices``).

    Edges: the base's previous history, then the in-place op's other inputs. Backward: the
    gradient passes through unchanged outside the view's region; inside it, the op's own
    backward decides what reaches the base (and the op's other inputs).
    """

    fn: Function  # the in-place op's node
    steps: tuple[Any, ...]  # the view's steps from the base (Tensor._view_steps)

    @property
    def next_functions(self) -> tuple[tuple[Any, int], ...]:
        """As torch's: the base's previous history first, ``(None, 0)`` when it had none,
        then the in-place op's other inputs."""
        first = self.edges[0]
        rest = Function.next_functions.fget(self)  # type: ignore[attr-defined]
        if first is None and not self.number_inputs_shown:  # (else rest lists it already)
            return ((None, 0), *rest)
        return rest

    @classmethod
    def wrap(cls, base: Tensor, steps: Any, fn: Function) -> CopySlices:
        """A node for ``base`` after ``fn`` wrote the view ``steps`` of it in place."""
        cs = object.__new__(cls)
        cs.fn, cs.steps = fn, steps
        cs.number_inputs_shown = fn.number_inputs_shown  # next_functions lists fn's inputs
        base_edge = base.grad_fn or (base if base._requires_grad else None)
        cs.edges = (base_edge, *fn.edges[1:])
        cs.needs_input_grad = (base._requires_grad, *fn.needs_input_grad[1:])
        cs.saved = () if fn.saved is None else fn.saved  # freed by a backward pass, as
        # torch's CopySlices drops its op: a second pass without retain_graph raises
        cs._saved_versions = getattr(fn, "_saved_versions", [])
        cs._retained = None
        cs.output_shape = base._data.shape
        cs.output_dtype = base._data.dtype
        cs.seq = fn.seq
        return cs

    @staticmethod
    def backward(ctx: Any, g: np.ndarray) -> tuple[Any, ...]:
        fn = ctx.fn
        if ctx.saved is not None:
            fn.saved = ctx.saved_tensors  # raises if a backward pass freed them
        grad_base = np.array(g, copy=True)
        region = replay(grad_base, ctx.steps)
        grads = fn.backward(fn, np.array(region, copy=True))
        fn.saved = None
        g0 = grads[0]
        # d base_new / d base_old: 1 outside the region; inside, the op's derivative
        if g0 is None:
            region[...] = 0
        elif overlaps_itself(region):
            raise RuntimeError(OVERLAP)  # torch copies the op's gradient into the region
        else:
            np.copyto(region, unbroadcast(g0, region.shape, fn))
        return (grad_base, *grads[1:])


# Last, after this module's definitions (see tensor.py: "Import order").
import minigrad.tensor as _tensor  # noqa: E402
