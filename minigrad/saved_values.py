"""What a node saved for its backward, and torch's checks on it.

A node saves the arrays its derivative reads (``ctx.save_for_backward``). torch guards them:
each saved tensor's version counter is noted when the node is recorded, and a backward
through a node whose saved tensor was written in place since raises "one of the variables
needed for gradient computation has been modified by an inplace operation"
(:func:`check_versions`). The rest is how torch treats saved values at the edges: a tensor
detached in place since (:func:`note_detached`), a leaf whose ``.data`` was replaced (the
node saved the leaf, so it reads the new values: :func:`resave_leaf`), the tensors an op
keeps beside its inputs (:func:`watch_params`), and the nodes that saved nothing because no
gradient will be computed through them (:func:`computes_a_gradient`).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _checks

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor


def check_versions(node: Function) -> None:
    """Raise torch's error if a tensor that ``node`` saved was modified in place since (or,
    saved as an input with a history, was detached in place since and has none now)."""
    for t, version in node._saved_versions:
        maker = None
        if type(t) is weakref.ref:  # the node's own output
            t, maker = t(), node
            if t is None:
                continue
        elif _DETACHED_AT and _DETACHED_AT.get(id(t), -1) > node.seq and t._grad_fn is None:
            raise RuntimeError(  # (an in-place op since gave it a history: the version check)
                "Trying to use a saved tensor that has been detached in-place, i.e. with "
                ".detach_().This is not supported, please use out-of-place `.detach()` instead"
            )
        st = t._storage  # (t._version, read without the property's call)
        if (0 if st is None else st.version) != version:
            dtype, shape = t._data.dtype, t._data.shape  # (a saved output: as it was saved)
            if maker is not None:
                dtype, shape = node.__dict__.get("saved_output_meta", (dtype, shape))
            kind = "CPUBoolType" if dtype == np.bool_ else (  # torch's words
                f"torch.{_checks.short_name(dtype)}Tensor")
            # torch names the node that makes the tensor (now) without "Backward": MulBackward0
            # reads Mul, ClampBackward1 reads Clamp1
            maker = maker or t.grad_fn
            from . import _naming  # (imported when it raises: _naming imports views, which
            # imports this module)
            where = "" if maker is None else (
                ", which is output 0 of " + _naming.op_label(maker) + ","
            )
            raise RuntimeError(
                "one of the variables needed for gradient computation has been modified by an "
                f"inplace operation: [{kind} {list(shape)}]{where} is at version "
                f"{t._version}; expected version {version} instead. Hint: enable anomaly "
                "detection to find the operation that failed to compute its gradient, with "
                "torch.autograd.set_detect_anomaly(True, check_nan=False)."
            )


def computes_a_gradient(node: Function) -> bool:
    """Whether torch's node saved what it reads: always, but for the ops that save only for
    the gradients they will compute (``saves_for_live_edges_only``), where one of its edges
    must take a gradient (a node, or a leaf with an accumulator when the node was made)."""
    if not node.saves_for_live_edges_only:
        return True
    return any(
        need and edge is not None and (isinstance(edge, Function) or has_accumulator(
            edge, True, node.seq))
        for edge, need in zip(node.edges, node.needs_input_grad)
    )


def promote_saved_again(node: Function) -> None:
    """What ``node`` saved of an operand it computed in a promoted copy, promoted again from
    the operand's current values (torch promotes the saved operand when backward runs)."""
    saved = node.saved
    for copy, x in node.promoted:
        if x._data.shape == copy.shape and any(s is copy for s in saved):
            fresh = x._data.astype(copy.dtype)
            saved = tuple(fresh if s is copy else s for s in saved)
            node.promoted = tuple((fresh if c is copy else c, t) for c, t in node.promoted)
    node.saved = saved


# Tensors cut from their graph in place (``detach_()``), id -> when (in node creation order),
# while they live: a node made before that and saving one of them as an input cannot use it.
_DETACHED_AT: dict[int, int] = {}


def note_detached(t: Tensor) -> None:
    """``t`` (which had a history) is being detached in place."""
    if id(t) not in _DETACHED_AT:
        weakref.finalize(t, _DETACHED_AT.pop, id(t), None)
    _DETACHED_AT[id(t)] = next(_sequence)


def watch_params(out: Tensor, *params: Any) -> None:
    """The tensors an op keeps beside its inputs (an index, a target, a weight): torch saves
    them, so a write in place since raises at backward (their versions are checked with the
    inputs') and a ``.data =`` since is read there (``resave_leaf``)."""
    node = out._grad_fn
    if isinstance(node, Function):
        for p in params:
            if isinstance(p, _tensor.Tensor):
                node._saved_versions.append((p, p._version))


def nodes_using(t: Tensor) -> list[Function]:
    """The live nodes that have ``t`` among their edges: a search of the heap (two scans,
    however many uses), for the rare paths that need it (``.data =`` on a leaf)."""
    import gc

    tuples = [ref for ref in gc.get_referrers(t) if isinstance(ref, tuple)]
    if not tuples:
        return []
    wanted = {id(ref) for ref in tuples}
    return [owner for owner in gc.get_referrers(*tuples) if isinstance(owner, Function)
            and id(getattr(owner, "edges", None)) in wanted]


def nodes_saving(t: Tensor) -> list[Function]:
    """The live nodes that saved ``t`` as an input (their ``_saved_versions`` hold it): a
    search of the heap in three scans, for the rare path that needs it (``.data =`` on a
    tensor with a history)."""
    import gc

    tuples = [ref for ref in gc.get_referrers(t) if isinstance(ref, tuple)]
    lists = [ref for ref in gc.get_referrers(*tuples) if isinstance(ref, list)] if tuples else []
    if not lists:
        return []
    wanted = {id(ref) for ref in lists}
    return [owner for owner in gc.get_referrers(*lists) if isinstance(owner, Function)
            and id(getattr(owner, "_saved_versions", None)) in wanted]


def resave_leaf(t: Tensor, old: np.ndarray, nodes: list[Function]) -> None:
    """The leaf ``t``'s ``.data`` was replaced: torch's nodes saved the leaf itself, not its
    array, so a later backward reads the new values. Point what ``nodes`` (those that use
    ``t``) saved at them."""
    for node in nodes:
        saved = node.saved
        if saved is _FREED:
            continue
        if saved is not None and any(s is old for s in saved):
            node.saved = tuple(t._data if s is old else s for s in saved)
        params = [k for k, v in node.__dict__.items() if v is old]
        for k in params:  # an index, a target or a weight (watch_params): the backward
            node.__dict__[k] = t._data  # checks it again, as torch's kernel does
            node.resaved_params = True
        promoted = node.__dict__.get("promoted")
        if promoted:  # the op computed in a promoted copy of t: torch promotes t's new data
            copies = {id(c): c for c, x in promoted if x is t}
            if copies:
                new = {k: t._data.astype(c.dtype) for k, c in copies.items()}
                node.saved = tuple(new.get(id(s), s) for s in node.saved)
                node.promoted = tuple((new.get(id(c), c), x) for c, x in promoted)


# Last, after this module's definitions (autograd imports this module at its end, and the
# names below are used only when a function runs).
import minigrad.tensor as _tensor  # noqa: E402

from .accumulation import has_accumulator  # noqa: E402
from .autograd import _FREED, Function, _sequence  # noqa: E402
