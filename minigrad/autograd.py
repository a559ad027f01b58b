"""The autograd machinery: graph nodes, grad mode and the backward pass.

Every differentiable operation is a subclass of :class:`Function`. Calling ``Op.apply(...)``
runs ``Op.forward`` on numpy arrays and, when an input requires grad, returns a tensor whose
``grad_fn`` is the ``Op`` instance itself: that instance is the graph node *and* the context
(``ctx``) that ``forward`` saved values on, exactly the shape of ``torch.autograd.Function``.

``backward`` walks the graph once in reverse topological order (a queue of the nodes a
gradient has reached, newest first, as torch's engine; never recursion), calls each node's
``backward`` with the gradient of its output, reduces every input gradient back to the
input's shape (the one place broadcasting is undone) and adds it to the input's gradient.

How torch's engine behaves at its edges lives beside this module, so that it reads as the
textbook algorithm: :mod:`minigrad.accumulation` (how a leaf's ``.grad`` is made: torch's
``AccumulateGrad``) and :mod:`minigrad.saved_values` (what a node saved, and the checks
that raise when it was modified in place or freed).
"""

from __future__ import annotations

import functools
import itertools
import operator
import weakref
from collections.abc import Callable
from heapq import heappop, heappush
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from . import _checks
from ._fp import quiet_off, quiet_on
from ._layout import as_torch_lays_out
from .kernels import sum_like_torch

if TYPE_CHECKING:  # pragma: no cover
    from .tensor import Tensor

F = TypeVar("F", bound=Callable[..., Any])


# --------------------------------------------------------------------------------------
# Grad mode
# --------------------------------------------------------------------------------------
class _GradMode:
    """Process-wide switches: whether operations record a graph, and whether its nodes
    keep their input tensors (for drawing; see ``keep_graph_values``). And one fact: whether
    any view's history has become invalid yet (``views.InvalidHistory``); until then, no
    op needs to check its inputs' histories."""

    enabled = True
    keep_values = False
    invalid_histories = False
    # an in-place op computing its result: torch records it even on an integer or bool
    # tensor in the graph (``rebase_history`` checks no dtype; ``set_history`` does)
    writing_in_place = False


def is_grad_enabled() -> bool:
    """Return True when operations record the graph for backward."""
    return _GradMode.enabled


class set_grad_enabled:  # noqa: N801 - torch's name
    """Context manager (and decorator) that sets grad mode on or off."""

    def __init__(self, mode: bool) -> None:
        self.prev = _GradMode.enabled
        self.mode = bool(mode)
        _GradMode.enabled = self.mode

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        _GradMode.enabled = self.prev

    def __call__(self, fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(self.mode):
                return fn(*args, **kwargs)

        _GradMode.enabled = self.prev  # decorating must not change the mode
        return wrapper  # type: ignore[return-value]


class _GradModeContext:
    """Base of ``no_grad`` / ``enable_grad``: a context manager and a decorator."""

    mode = True

    def __enter__(self) -> None:
        self.prev = _GradMode.enabled
        _GradMode.enabled = self.mode

    def __exit__(self, *exc: object) -> None:
        _GradMode.enabled = self.prev

    def __call__(self, fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.__class__():
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradModeContext):  # noqa: N801 - torch's name
    """Disable graph recording: ``with no_grad(): ...`` or ``@no_grad()``."""

    mode = False


class enable_grad(_GradModeContext):  # noqa: N801 - torch's name
    """Enable graph recording inside a ``no_grad`` block."""

    mode = True


class keep_graph_values:  # noqa: N801 - a context manager, named like no_grad
    """Inside this block, graph nodes keep their input tensors, so that a drawing of the
    graph (``minigrad.graph``) can show every intermediate value. Outside it, as in torch,
    an intermediate's values are freed once nothing needs them."""

    def __enter__(self) -> None:
        self.prev = _GradMode.keep_values
        _GradMode.keep_values = True

    def __exit__(self, *exc: object) -> None:
        _GradMode.keep_values = self.prev


# --------------------------------------------------------------------------------------
# Function: one node of the graph
# --------------------------------------------------------------------------------------
_FREED = "freed"  # marks a node whose saved arrays were released by a backward pass

SECOND_BACKWARD_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward."
)


class Function:
    """A differentiable operation; each instance is a node of the graph and its context.

    Subclasses define ``forward(ctx, *arrays, **kwargs) -> ndarray`` and
    ``backward(ctx, grad) -> tuple`` (one gradient array, or None, per input); torch's
    name for the node (``MulBackward0``, ...) is given by ``_naming``. In ``backward``,
    ``ctx.needs_input_grad[i]`` says whether input i wants a gradient at all.

    Like torch's nodes, a node does not hold its input tensors: ``edges`` holds, per input,
    the node that made it (an intermediate), the tensor itself (a leaf), or None (a number).
    So an intermediate's array is freed as soon as nothing needs it, unless ``forward``
    saved it for backward.
    """

    __slots__ = (
        "edges", "needs_input_grad", "saved", "output_shape", "output_dtype", "_output",
        "_saved_versions", "_retained", "seq", "__dict__",
    )
    # an elementwise op: its result is laid out in memory as torch lays it out (_layout)
    elementwise = False
    # torch wraps the Python number of +, -, *, / into a tensor (an input with no node);
    # other ops take numbers as plain arguments, not inputs
    number_inputs_shown = False
    # an in-place write of an integer or bool tensor is not recorded (not differentiable),
    # except by the few ops torch records anyway
    recorded_on_integers = False
    # torch saves each operand only for the other's gradient (``a * b``: a for b's, b for
    # a's), and only when that gradient will be computed: a node whose edges all lead
    # nowhere saved nothing, so neither a second backward nor a write since raises
    saves_for_live_edges_only = False

    edges: tuple[Any, ...]
    needs_input_grad: tuple[bool, ...]
    saved: Any
    output_shape: tuple[int, ...]
    output_dtype: np.dtype
    _output: Any  # a weak reference to the output tensor
    _saved_versions: list[tuple[Any, int]]  # (tensor or its weak reference, version)
    _retained: Any  # a weak reference to an output that asked to retain_grad()
    seq: int  # creation order: the backward pass runs newest first

    if TYPE_CHECKING:  # what forward saves on its node (ctx.shape, ctx.dim, ...) is its own

        def __getattr__(self, name: str) -> Any: ...

        def __setattr__(self, name: str, value: Any) -> None: ...

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep arrays (inputs or outputs of ``forward``) for the backward rule."""
        self.saved = arrays

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        """The arrays saved by ``forward``; raises once a backward pass has freed them."""
        if self.saved is _FREED:
            raise RuntimeError(SECOND_BACKWARD_MESSAGE)
        return self.saved

    @property
    def retained(self) -> Tensor | None:
        """The output tensor that asked to ``retain_grad()``, if it is still alive."""
        ref = self._retained
        return ref() if ref is not None else None

    @property
    def inputs(self) -> tuple[Any, ...]:
        """The op's input tensors in argument order, where still known.

        None stands for a Python number, and for an intermediate tensor that no longer
        exists (its node is still in ``edges``, its values were freed); inside
        :class:`keep_graph_values` every input tensor is kept (for drawing graphs).
        """
        kept = self.__dict__.get("kept_inputs")
        if kept is not None:
            return kept
        return tuple(
            e._output() if isinstance(e, Function) else e for e in self.edges
        )

    def name(self) -> str:
        """torch's name for this node, e.g. ``MulBackward0``."""
        return _naming.name(self)

    @property
    def next_functions(self) -> tuple[tuple[Any, int], ...]:
        """The nodes feeding this one, like torch's (None for inputs that need no grad)."""
        out: list[tuple[Any, int]] = []
        needs = self.needs_input_grad
        for i, e in enumerate(self.edges):
            if isinstance(e, Function):
                out.append((e, 0))
            elif e is not None and needs[i] and has_accumulator(e, True, self.seq):
                out.append((AccumulateGrad(e), 0))  # (as recorded: a later requires_grad
                # change shows in no graph made before it, as in torch)
            elif e is not None or self.number_inputs_shown:
                out.append((None, 0))
        return tuple(out)

    def __repr__(self) -> str:
        return f"<{_naming.repr_name(self)} object at {hex(id(self))}>"

    @staticmethod
    def forward(ctx: Function, *args: Any, **kwargs: Any) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Function, grad: np.ndarray) -> tuple[Any, ...]:  # pragma: no cover
        raise NotImplementedError

    @classmethod
    def apply(cls, *inputs: Any, **params: Any) -> Tensor:
        """Run the op and record it in the graph if needed.

        ``inputs`` are what the op differentiates: tensors, or the Python numbers an operator
        was given (``x * 2``); ``params`` (keyword-only) are the rest (a dim, a shape). The
        node's ``backward`` returns one gradient (or None) per input."""
        tensor_type = _tensor.Tensor
        recording = _GradMode.enabled
        n = len(inputs)
        a = inputs[0] if n else None
        edges: tuple[Any, ...] = ()
        if 0 < n <= 2 and isinstance(a, tensor_type):  # the common cases, spelled out
            a_needs = recording and a._requires_grad
            if n == 1:
                arrays: tuple[Any, ...] = (a._data,)
                needs: tuple[bool, ...] = (a_needs,)
                if a_needs:
                    edges = (a._grad_fn or a,)
            else:
                b = inputs[1]
                if isinstance(b, tensor_type):
                    b_needs = recording and b._requires_grad
                    arrays, needs = (a._data, b._data), (a_needs, b_needs)
                    if a_needs or b_needs:
                        edges = (a._grad_fn or a, b._grad_fn or b)
                else:  # a Python number (an operand of an operator)
                    arrays, needs = (a._data, b), (a_needs, False)
                    if a_needs:
                        edges = (a._grad_fn or a, None)
            # (``_grad_fn`` read directly, without the ``grad_fn`` property: a view whose
            # history became invalid holds a string there, and raises here as torch does)
            if _GradMode.invalid_histories and edges and (
                isinstance(edges[0], str) or isinstance(edges[-1], str)
            ):
                edges = tuple(_edge(x) for x in inputs)
        else:  # any number of inputs: each input's array, whether it wants a gradient, its
            arrays, needs = (  # edge in the graph (the node that made it, or the leaf)
                tuple(x._data if isinstance(x, tensor_type) else x for x in inputs),
                tuple(recording and isinstance(x, tensor_type) and x._requires_grad
                      for x in inputs),
            )
            if True in needs:
                edges = tuple((x.grad_fn or x) if isinstance(x, tensor_type) else None
                              for x in inputs)
        ctx = _new(cls)
        ctx.saved = None
        ctx.needs_input_grad = needs  # forward saves only what backward will need
        token = quiet_on()
        try:
            out = cls.forward(ctx, *arrays, **params) if params else cls.forward(ctx, *arrays)
        except ValueError:  # numpy's broadcast error: torch's words instead
            _raise_inputs_broadcast_error(inputs)
            raise
        finally:
            quiet_off(token)
        if cls.elementwise and out.ndim > 1:  # laid out as torch's TensorIterator lays it
            for x in arrays:
                if type(x) is np.ndarray and not x.flags.c_contiguous:
                    out = _laid_out(ctx, out, *arrays)
                    break
        if True in needs:
            if out.dtype.kind not in "fc" and not cls.recorded_on_integers and (
                not _GradMode.writing_in_place) and any(
                isinstance(x, tensor_type) and x._requires_grad and x._data.dtype.kind
                not in "fc" for x in inputs
            ):  # an integer tensor that fill_ put in the graph: torch records no integer
                raise RuntimeError(  # output of it
                    f"Autograd not support dtype: {_checks.short_name(out.dtype)}"
                )
            ctx.edges = edges
            return record(ctx, out, inputs, arrays)
        return _tensor._new_tensor(out, None)


_new = object.__new__
_sequence = itertools.count()  # creation order of nodes: the backward pass runs newest first


def _laid_out(ctx: Function, out: np.ndarray, *inputs: Any) -> np.ndarray:
    """``out`` in torch's memory layout for an elementwise op (``_layout``); what the node
    saved of the output follows the array that becomes the output."""
    laid = as_torch_lays_out(out, *inputs)
    if laid is not out and ctx.saved is not None:
        ctx.saved = tuple(laid if s is out else s for s in ctx.saved)
    return laid


def _edge(x: Any) -> Any:
    """What a node keeps of one input: its node, the tensor if a leaf, None for a number."""
    if isinstance(x, _tensor.Tensor):
        return x.grad_fn or x
    return None


def record(
    ctx: Function, out: np.ndarray, inputs: tuple[Any, ...], arrays: tuple[Any, ...]
) -> Tensor:
    """Wrap ``out`` as the tensor made by ``ctx`` from ``inputs`` (whose arrays, or numbers,
    are ``arrays``); note the versions of what ctx saved."""
    ctx._retained = None
    ctx.seq = next(_sequence)
    if _views.PENDING:  # recording an input asks for its history: torch remakes it now
        for x in inputs:
            _views.observe(x)
    if type(out) is not np.ndarray and isinstance(out, np.generic):  # numpy's 0-d results
        array = np.asarray(out)  # are scalars: the array becomes the output, and what the
        if ctx.saved is not None:  # node saved of it is that array (an in-place change of
            ctx.saved = tuple(array if s is out else s for s in ctx.saved)  # it is seen)
        out = array
    result = _tensor._new_tensor(out, ctx)
    ctx.output_shape = result._data.shape
    ctx.output_dtype = result._data.dtype
    ctx._output = weakref.ref(result)
    if _GradMode.keep_values:
        ctx.kept_inputs = tuple(x if isinstance(x, _tensor.Tensor) else None for x in inputs)
    saved = ctx.saved
    if saved is not None:  # watched in the order saved: torch's (its node checks the saved
        versions = []  # inputs by name, in alphabetical order, other before self; then the
        # saved outputs)
        for s in saved:
            if s is out:  # an output saved for backward: watched through a weak reference
                versions.append((ctx._output, 0))  # (torch's error describes it as saved)
                ctx.saved_output_meta = (out.dtype, out.shape)
                continue
            for t, array in zip(inputs, arrays):
                if array is s and array is not t:  # (a number input is its own "array")
                    st = t._storage  # (t._version, read without the property's call)
                    versions.append((t, 0 if st is None else st.version))
                    break
        ctx._saved_versions = versions
    return result


def _raise_broadcast_error(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    """Raise torch's message when two shapes do not broadcast (else return)."""
    _checks.check_broadcast(sa, sb)


def _raise_inputs_broadcast_error(inputs: tuple[Any, ...]) -> None:
    """torch's broadcast error for the first two tensor inputs of an op, if theirs."""
    shapes = [x._data.shape for x in inputs if isinstance(x, _tensor.Tensor)]
    if len(shapes) >= 2:
        _checks.check_broadcast(shapes[0], shapes[1])


# --------------------------------------------------------------------------------------
# Broadcasting, undone in exactly one place
# --------------------------------------------------------------------------------------
def unbroadcast(
    grad: np.ndarray, shape: tuple[int, ...], op: Function | str | None, index: int = 0
) -> np.ndarray:
    """Sum ``grad`` down to ``shape``: the adjoint of numpy/torch broadcasting.

    Broadcasting copied the input along new leading axes and along its size-1 axes, so the
    gradient is summed over those axes, in one sum as torch's ``sum_to`` does (the order
    of additions decides the last bits). Raises torch's error if ``shape`` does not expand
    to the gradient's, naming the op and the input's ``index`` (no op: the root's seed).
    """
    given = grad.shape
    extra = grad.ndim - len(shape)
    if type(grad) is not np.ndarray and isinstance(grad, np.ndarray):  # torch holds this one
        grad = np.array(grad, order="C")  # as a full tensor (ops.Materialized)
    if extra > 0 and given[extra:] == shape:  # the common case: new leading axes only
        return sum_like_torch(grad, (0,) if extra == 1 else tuple(range(extra)))
    if extra >= 0:
        axes = tuple(range(extra)) + tuple(
            extra + i for i, n in enumerate(shape) if n == 1 and grad.shape[extra + i] != 1
        )
        if axes:
            summed = sum_like_torch(grad, axes, keepdims=True)
            grad = summed.reshape(summed.shape[extra:])  # drop the (now size-1) new axes
    if grad.shape != shape:
        name = op.name() if isinstance(op, Function) else op  # (read only to raise)
        who = f"Function {name} returned an invalid" if name else "invalid"
        raise RuntimeError(
            f"{who} gradient at index {index} - got {list(given)} but expected shape "
            f"compatible with {list(shape)}"
        )
    return grad


# --------------------------------------------------------------------------------------
# The backward pass
# --------------------------------------------------------------------------------------
def topological_order(root: Function) -> list[Function]:
    """Nodes reachable from ``root``, newest first.

    A node is always created after the nodes of its inputs, so creation order is a
    topological order; it is also the order torch's engine runs nodes in (its ready queue
    pops the highest sequence number), which decides the order in which the gradient
    contributions of a tensor used several times are added. Found with an explicit stack,
    so a graph of any depth is fine. (The backward pass meets the same nodes in the same
    order as it goes, with its queue; this full list serves when a pass fails halfway.)
    """
    seen = {root}
    stack = [root]
    pop, push, add = stack.pop, stack.append, seen.add
    while stack:
        for e in pop().edges:
            if isinstance(e, Function) and e not in seen:
                add(e)
                push(e)
    return sorted(seen, key=_seq, reverse=True)  # (sequence numbers are unique: no ties)


_seq = operator.attrgetter("seq")


def run_backward(root: Tensor, grad: np.ndarray, retain_graph: bool = False) -> None:
    """Propagate ``grad`` (d root / d root) to every leaf that requires grad.

    Leaf gradients accumulate into ``.grad``; non-leaf gradients are passed on and dropped,
    except for tensors that asked to ``retain_grad()``.
    """
    token = quiet_on()  # inf and nan pass through silently, as in torch
    try:
        _run_backward(root, grad, retain_graph)
    finally:
        quiet_off(token)


def _run_backward(root: Tensor, grad: np.ndarray, retain_graph: bool) -> None:
    top = root.grad_fn
    if top is None:  # a leaf: its gradient is the seed itself
        seed_leaf(root, grad)
        return
    if root._data.dtype.kind not in "fc":  # an integer or bool tensor a write put in the
        raise RuntimeError(_NOT_DIFFERENTIABLE)  # graph: torch's engine asserts on its seed
    # The nodes a gradient has reached wait in a queue, newest first, as in torch's engine:
    # a node runs only after every node made later, so after all the uses of its output.
    grads: dict[Function, np.ndarray] = {top: grad}  # the gradient waiting at each node
    ready = [(-top.seq, top)]  # a heap: the newest node first
    leaf_grads: dict[Tensor, np.ndarray] = {}  # summed first, added to .grad once (torch)
    node = top
    try:
        while ready:
            node = heappop(ready)[1]
            g = grads.pop(node)
            # retain_grad; are the saved values still valid? (a product whose edges all
            # lead nowhere saved nothing, as torch's: it is passed over)
            if (node._retained is not None or node.saved is not None) and not (
                _before_backward(node, g)
            ):
                continue
            # the chain rule: this node's inputs get g times its derivative
            try:
                input_grads = node.backward(node, g)
            except ValueError as e:  # a saved leaf whose .data took another shape
                _checks.raise_numpy_broadcast_error(e)
                raise
            # each input's gradient goes along its edge (as recorded: a later requires_grad_
            # adds none): to the node that made the input, summed with what its other uses
            # sent (queued on the first), or to a leaf's pending sum
            for index, (edge, gi, needed) in enumerate(
                zip(node.edges, input_grads, node.needs_input_grad)
            ):
                if gi is None or edge is None or not needed:
                    continue
                if not isinstance(edge, Function):
                    _send_to_leaf(gi, edge, node, index, leaf_grads)
                    continue
                if gi.shape != edge.output_shape or gi.dtype is not edge.output_dtype or (
                    edge.output_dtype.kind not in "fc"
                ):
                    gi = _as_output_of(gi, edge, node, index)
                prev = grads.get(edge)
                if prev is None:
                    grads[edge] = gi
                    heappush(ready, (-edge.seq, edge))
                else:
                    grads[edge] = prev + gi
            if node.saved is not None and not retain_graph:
                node.saved = _FREED  # released once its gradients were all sent (torch)
    except BaseException:  # the nodes not run: the one that raised and all older ones
        keep_finished_leaves(leaf_grads, [n for n in topological_order(top) if n.seq <= node.seq])
        raise
    for t, g_leaf in leaf_grads.items():
        accumulate(t, g_leaf)


def _before_backward(node: Function, g: np.ndarray) -> bool:
    """Before ``node.backward`` runs on the gradient ``g`` of its output: give ``g`` to an
    output that asked to ``retain_grad()``, and check that what the node saved is still
    there and unmodified. False when torch's node saved nothing (``computes_a_gradient``:
    a product whose edges all lead nowhere, a view made under no_grad that never asked for
    grad): it is passed over, and neither a freed nor a modified value raises."""
    if node._retained is not None:  # (torch's retain_grad hook runs before the node)
        kept = node._retained()
        if kept is not None:
            retain(kept, g)
    saved = node.saved
    if saved is not None:
        if saved is _FREED:
            if not computes_a_gradient(node):
                return False
            raise RuntimeError(SECOND_BACKWARD_MESSAGE)
        try:
            check_versions(node)
        except RuntimeError:
            if not computes_a_gradient(node):
                return False
            raise
        if "promoted" in node.__dict__:  # torch saved the operand itself and promotes it
            promote_saved_again(node)  # now: a write through .data or detach() shows
    return True


def _as_output_of(gi: np.ndarray, edge: Function, node: Function, index: int) -> np.ndarray:
    """Input ``index``'s gradient ``gi`` in the shape and dtype of the tensor that ``edge``
    made (the one place broadcasting is undone); torch's engine asserts on an integer or bool
    tensor that a write put in the graph."""
    if edge.output_dtype.kind not in "fc":
        raise RuntimeError(_NOT_DIFFERENTIABLE)
    if gi.shape != edge.output_shape:
        gi = unbroadcast(gi, edge.output_shape, node, index)
    if gi.dtype != edge.output_dtype:  # torch's engine casts each gradient
        gi = gi.astype(edge.output_dtype)  # to its input's dtype
    return gi


def _send_to_leaf(
    gi: np.ndarray, edge: Tensor, node: Function, index: int,
    leaf_grads: dict[Tensor, np.ndarray],
) -> None:
    """Pass input ``index``'s gradient ``gi`` to a leaf: summed with what its other uses sent,
    added to ``.grad`` once the pass ends; in the leaf's shape and dtype."""
    if has_accumulator(edge, seq=node.seq):  # a leaf: its gradient is summed for .grad
        if edge._grad_fn is not None:  # an in-place op gave it a history since (torch's
            raise RuntimeError("leaf variable has been moved into the graph interior")
        if gi.shape != edge._data.shape or ACCUMULATOR_SHAPES and id(edge) in (
            ACCUMULATOR_SHAPES
        ):
            gi = leaf_gradient(gi, edge, node, index)
        elif gi.dtype != edge._data.dtype:
            gi = gi.astype(edge._data.dtype)
        prev = leaf_grads.get(edge)
        leaf_grads[edge] = gi if prev is None else prev + gi
    elif gi.shape != edge._data.shape and has_accumulator(edge, True, node.seq):
        # a leaf that stopped requiring grad since: torch's engine still checks the
        # gradient's shape (validate_outputs) before its accumulator drops it (seed 3300)
        meta = ACCUMULATOR_SHAPES.get(id(edge)) if ACCUMULATOR_SHAPES else None
        unbroadcast(gi, meta[0] if meta else edge._data.shape, node, index)


_NOT_DIFFERENTIABLE = (
    'isDifferentiableType(grad.scalar_type()) INTERNAL ASSERT FAILED at "/__w/pytorch/pytorch/'
    'torch/csrc/autograd/engine.cpp":998, please report a bug to PyTorch. '
)


# Last, after this module's definitions: tensor.py imports this module first, and the nodes
# make tensors only when they run (``_tensor.Tensor``, ``_tensor._new_tensor``).
import minigrad.tensor as _tensor  # noqa: E402
import minigrad.views as _views  # noqa: E402

from . import _naming  # noqa: E402
from .accumulation import (  # noqa: E402
    ACCUMULATOR_SHAPES,
    AccumulateGrad,
    accumulate,
    has_accumulator,
    keep_finished_leaves,
    leaf_gradient,
    retain,
    seed_leaf,
)
from .saved_values import check_versions, computes_a_gradient, promote_saved_again  # noqa: E402
