"""How a leaf's gradient reaches ``.grad``: torch's ``AccumulateGrad`` node, reproduced.

The backward pass (:mod:`minigrad.autograd`) sums each leaf's incoming gradients and hands
the sum to :func:`accumulate`. To learn backprop, that is all there is: the first gradient
becomes ``.grad``, later ones are added to it in place. Everything else here is how torch's
accumulator behaves at its edges, kept apart so the core stays a textbook:

- which leaves have an accumulator at all (:func:`has_accumulator`: a view made under
  ``no_grad`` has none unless it asked for grad itself);
- a leaf whose ``.data`` was replaced by another shape or dtype: torch's accumulator keeps
  what it saw while the graphs holding it live (:func:`remember_accumulator_shape`,
  :func:`leaf_gradient`);
- the layout and version of a fresh ``.grad`` (torch keeps a gradient whose strides obey
  its "layout contract" and copies any other: :func:`obeys_layout_contract`);
- a non-leaf's retained gradient (:func:`retain`), a backward from a leaf itself
  (:func:`first_gradient_copied`), and the leaves that keep their gradients when a
  backward raises halfway (:func:`keep_finished_leaves`).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _checks
from ._strides import contiguous_strides

if TYPE_CHECKING:  # pragma: no cover
    from .autograd import Function
    from .tensor import Tensor


def accumulate(t: Tensor, g: np.ndarray) -> None:
    """Add ``g`` into ``t.grad`` (created on first use, as a fresh array of t's dtype)."""
    grad = t._grad
    if g.dtype != t._data.dtype and not (grad is None and id(t) in ACCUMULATOR_SHAPES):
        g = g.astype(t._data.dtype)  # (a dtype changed by .data: the graph's, as torch)
    if grad is None:
        t._grad = _tensor._new_tensor(np.array(g, copy=True), None)
        if (0 in g.strides or not (g.flags.c_contiguous and t._data.flags.c_contiguous)) and (
            not obeys_layout_contract(g, t._data, getattr(t, "_stale_shape", None))
        ):  # (two C-contiguous arrays of one shape obey it: the common case, no call)
            _views.bump_version(t._grad)  # torch copies such a gradient into a new tensor
            # (empty_strided, then copy_: version 1); one that obeys it is kept (version 0)
    elif grad._data.flags.writeable:
        if g.shape != grad._data.shape:  # (a .data of another shape): torch's in-place add
            _checks.check_output_broadcast(grad._data.shape, g.shape)
        grad._data += g  # in place, as torch: a reference to .grad sees the sum, and
        _views.bump_version(grad)  # the write counts (a graph that saved .grad sees it)
    else:
        grad._data = grad._data + g


def seed_leaf(leaf: Tensor, grad: np.ndarray) -> None:
    """A backward from a leaf itself: its gradient is the seed ``grad`` (checked against the
    shape its accumulator saw, when ``.data`` changed it since)."""
    if ACCUMULATOR_SHAPES and id(leaf) in ACCUMULATOR_SHAPES:
        grad = leaf_gradient(grad, leaf, None, 0)
    if leaf._grad is None:  # torch's engine holds the seed twice, so its accumulator
        first_gradient_copied(leaf, grad)  # copies it rather than keeping it
    else:
        accumulate(leaf, grad)


def first_gradient_copied(t: Tensor, g: np.ndarray) -> None:
    """torch's ``clone_obey_contract``: a dense leaf's first gradient is a new tensor of the
    leaf's own shape and strides that ``g`` is copied (broadcast) into (a write: version 1);
    another leaf's, a row-major clone of ``g``."""
    data = t._data
    if _checks.is_dense(data) or data.size <= 1:
        _checks.check_output_broadcast(data.shape, g.shape)
        grad = np.empty_like(data)
        grad[...] = g
        t._grad = _tensor._new_tensor(grad, None)
        _views.bump_version(t._grad)
    else:
        t._grad = _tensor._new_tensor(np.array(g, order="C"), None)


def retain(t: Tensor, g: np.ndarray) -> None:
    """torch's retain_grad hook: a non-leaf's first gradient is a row-major copy, and a later
    one a new tensor, ``t.grad + g`` (never a sum in place, unlike a leaf's)."""
    grad = t._grad
    if grad is None:
        t._grad = _tensor._new_tensor(np.array(g, order="C"), None)
    else:  # (inside the backward pass: floating-point errors are quiet)
        t._grad = _tensor._new_tensor(np.asarray(grad._data + g), None)


def keep_finished_leaves(leaf_grads: dict[Tensor, np.ndarray], unrun: list[Function]) -> None:
    """A node raised: torch accumulates a leaf's gradient as soon as every node feeding it
    has run, so the leaves no unrun node feeds keep their gradients (a node recorded before
    ``.data =`` gave the leaf another dtype feeds the accumulator torch dropped then, not
    the leaf's new one)."""
    waiting = {id(e) for node in unrun for e in node.edges if not _feeds_old_accumulator(e, node)}
    for t, g_leaf in leaf_grads.items():
        if id(t) not in waiting:
            accumulate(t, g_leaf)


def _feeds_old_accumulator(edge: Any, node: Function) -> bool:
    """Whether ``node`` sends the leaf ``edge`` its gradient through an accumulator torch
    dropped when ``.data =`` changed the leaf's dtype (the node was recorded before)."""
    meta = ACCUMULATOR_SHAPES.get(id(edge)) if ACCUMULATOR_SHAPES else None
    return meta is not None and meta[1] != edge._data.dtype and node.seq < meta[2]


class AccumulateGrad:
    """Stand-in node for a leaf in ``next_functions`` (what torch prints for leaves)."""

    def __init__(self, variable: Tensor) -> None:
        self.variable = variable

    def name(self) -> str:
        """torch's name for a leaf's node."""
        from . import _naming  # (imported when asked: _naming imports this module)

        return _naming.name(self)

    @property
    def next_functions(self) -> tuple[tuple[Any, int], ...]:
        """A leaf's node leads nowhere: ``()``, as torch's."""
        return ()

    def __repr__(self) -> str:
        from . import _naming

        return f"<{_naming.repr_name(self)} object at {hex(id(self))}>"


def has_accumulator(leaf: Tensor, when_recorded: bool = False, seq: int | None = None) -> bool:
    """Whether a leaf takes gradients (torch's grad accumulator; ``when_recorded``: the
    leaf required grad when the node was recorded). A view made under no_grad of a base
    that requires grad reports requires_grad but, as in torch, has no accumulator unless it
    asked for grad itself: its gradient is dropped; also by a node (number ``seq``) made
    before it asked (torch recorded no edge then)."""
    if not (when_recorded or leaf._requires_grad):
        return False
    if leaf._base is None or not leaf._base._requires_grad:
        return True
    asked = OWN_FLAG.get(id(leaf))
    return asked is not None and (seq is None or asked < seq)


# Leaf views that set requires_grad themselves (torch keeps a view's own flag apart from the
# one it reports from its base), by id while they live -> when they asked (node order).
OWN_FLAG: dict[int, int] = {}


def asked_for_grad(t: Tensor) -> None:
    """The leaf view ``t`` set its own requires_grad: it accumulates its own gradient, in
    the graphs recorded from now on."""
    if id(t) not in OWN_FLAG:
        OWN_FLAG[id(t)] = next(_sequence)
        weakref.finalize(t, OWN_FLAG.pop, id(t), None)


# A leaf whose ``.data`` was replaced with another shape or dtype: torch's gradient
# accumulator (made when a graph first used the leaf) keeps the shape it saw, so gradients
# are checked against that shape and then copied into the new one; and the nodes recorded
# the leaf's dtype then, so its gradient comes in that dtype. id(leaf) -> (shape, dtype),
# while the leaf lives.
ACCUMULATOR_SHAPES: dict[int, tuple[tuple[int, ...], np.dtype, int]] = {}


# The accumulator lives while the nodes that use the leaf do (they hold it; the leaf holds
# it weakly): id(leaf) -> [how many of the nodes found when .data changed still live, the
# sequence number at which the last of them died (None while one lives)]. A node made
# before that death kept the old accumulator; one made after made a new one, in the
# leaf's shape and dtype of then.
_ACCUMULATOR_HOLDERS: dict[int, list[Any]] = {}


def remember_accumulator_shape(t: Tensor, holders: Sequence[Function] = ()) -> None:
    """Note ``t``'s current shape and dtype before its ``.data`` takes others, when a live
    graph already uses ``t`` (torch made its accumulator then; otherwise the next graph makes
    one with the new ones); ``holders``: the live nodes that use ``t``, whose deaths end
    that accumulator."""
    if id(t) in ACCUMULATOR_SHAPES and accumulator_alive(t, next(_sequence)):
        return
    key = id(t)
    ACCUMULATOR_SHAPES[key] = (t._data.shape, t._data.dtype, next(_sequence))
    _ACCUMULATOR_HOLDERS.pop(key, None)
    if holders:
        count: list[Any] = [len(holders), None]
        _ACCUMULATOR_HOLDERS[key] = count

        def one_died(_ref: Any, count: list[Any] = count) -> None:
            count[0] -= 1
            if count[0] == 0:
                count[1] = next(_sequence)

        count.append([weakref.ref(n, one_died) for n in holders])  # (the refs kept alive)
    weakref.finalize(t, ACCUMULATOR_SHAPES.pop, key, None)
    weakref.finalize(t, _ACCUMULATOR_HOLDERS.pop, key, None)


def accumulator_alive(t: Tensor, seq: int) -> bool:
    """Whether the accumulator noted for ``t`` is the one a node numbered ``seq`` (or a
    backward begun now: a new number) sends its gradient to: made before its holders died."""
    count = _ACCUMULATOR_HOLDERS.get(id(t))
    return count is None or count[1] is None or seq < count[1]


def leaf_gradient(
    gi: np.ndarray, e: Tensor, node: Function | None, index: int
) -> np.ndarray:
    """A leaf's incoming gradient in its shape and dtype: summed down from broadcasting, or,
    after ``.data`` changed the leaf's shape or dtype, checked against the old shape, cast to
    the old dtype and copied (broadcast) into the new shape as torch's accumulator does
    (``node`` None: the seed of a backward from the leaf itself)."""
    meta = ACCUMULATOR_SHAPES.get(id(e)) if ACCUMULATOR_SHAPES else None
    seq = node.seq if node is not None else next(_sequence)
    if meta is not None and not accumulator_alive(e, seq):
        meta = None  # the graphs that held the old accumulator died: a new one, as the leaf is
    if meta is not None and seq > meta[2] and meta[1] != e._data.dtype:
        meta = None  # a new dtype drops torch's accumulator: later graphs make a new one
    if meta is None:
        gi = unbroadcast(gi, e._data.shape, node, index)
        return gi if gi.dtype == e._data.dtype else gi.astype(e._data.dtype)
    recorded, old_dtype, changed = meta
    if gi.shape != recorded:
        gi = unbroadcast(gi, recorded, node, index)
    dtype = old_dtype if seq < changed else e._data.dtype  # what this node saw
    if gi.dtype != dtype:
        gi = gi.astype(dtype)
    shape = e._data.shape
    stale = getattr(e, "_stale_shape", None)
    if gi.shape != shape and not obeys_layout_contract(gi, e._data, stale):
        # torch keeps a gradient whose strides match the leaf's as it is; others it copies
        _checks.check_broadcast(shape, gi.shape)
        wide = np.broadcast_shapes(shape, gi.shape)
        if wide != shape:
            raise RuntimeError(
                f"output with shape {list(shape)} doesn't match the broadcast shape {list(wide)}"
            )
        gi = np.array(np.broadcast_to(gi, shape))
    return gi


def obeys_layout_contract(
    grad: np.ndarray, variable: np.ndarray, stale: tuple[int, ...] | None = None
) -> bool:
    """torch's ``obeys_layout_contract``: for a dense variable, the gradient's strides match
    the variable's in every dimension of the gradient longer than 1 (so a 0-d gradient of a
    leaf whose ``.data`` became (1,) is kept as it is). A gradient torch holds expanded (a
    sum's: a broadcast view here) never does: stride 0 along an expanded dimension, and
    along a new size-1 one when all are (torch refuses a size-1 dimension of stride 0)."""
    grad_shape = grad.shape
    g_strides = contiguous_strides(grad_shape)
    if grad.size == 0 or variable.size == 0:  # numpy's strides of an empty array are any:
        v_strides = contiguous_strides(variable.shape)  # both contiguous, as torch makes them
        v_strides += [0] * len(grad_shape)
        return all(n == 1 or g_strides[i] == v_strides[i] for i, n in enumerate(grad_shape))
    if not _checks.is_dense(variable):  # torch: then the gradient must be contiguous
        return grad.flags.c_contiguous
    v_strides = [s // variable.itemsize for s in _checks.torch_strides(variable)]
    if type(grad) is np.ndarray and 0 in grad.strides:  # (not Materialized: torch's is
        expanded = not any(grad.strides)  # a view too); an expanded 0-d: every stride 0
        for i in reversed(range(grad.ndim)):
            if grad.strides[i] == 0 and (grad_shape[i] > 1 or expanded):
                g_strides[i] = 0
            elif grad.strides[i] == 0:  # a new leading dimension: the next one's extent
                g_strides[i] = grad_shape[i + 1] * g_strides[i + 1] if i + 1 < grad.ndim else 1
        if any(n == 1 and s == 0 for n, s in zip(grad_shape, g_strides)):
            return False
    # torch reads the variable's strides past their end when the gradient has more
    # dimensions: what is left there (a fresh tensor's array holds 1 first, then 0, so a
    # 1-D gradient of a 0-d variable is kept as it is; a reduced loss's, its old strides)
    left = contiguous_strides(stale) if stale else [1]
    v_strides += left[len(v_strides):] + [0] * len(grad_shape)
    return all(n == 1 or g_strides[i] == v_strides[i] for i, n in enumerate(grad_shape))


# Last, after this module's definitions (autograd imports this module at its end, and the
# names below are used only when a function runs).
import minigrad.tensor as _tensor  # noqa: E402
import minigrad.views as _views  # noqa: E402

from .autograd import _sequence, unbroadcast  # noqa: E402
