"""The floor: the seeds' loop on the smallest tensor autograd that can run it.

Not a contender and not minigrad: a reference point for what recording a graph costs in
Python before any of torch's semantics. Each op makes a node (its backward rule, its edges,
what it saved, a creation number); backward runs the nodes newest first from a heap, sums a
broadcast gradient down to its input's shape, and adds leaf gradients into ``.grad``. What it
leaves out, and minigrad does because torch does: dtype promotion and checks, version counters
of saved tensors, views, hooks and ``retain_grad``, numpy's warnings kept quiet per op, torch's
order of additions in sums, torch's memory layout of results, error messages, and any op the
loop does not use. ``benchmarks.instructions`` counts its machine instructions per epoch beside
minigrad's.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

_order = itertools.count()


class Node:
    """One recorded op: ``backward(node, g)`` returns a gradient per edge."""

    __slots__ = ("backward", "edges", "saved", "seq", "shape")

    def __init__(self, backward: Callable, edges: tuple, saved: Any, shape: tuple) -> None:
        self.backward, self.edges, self.saved, self.shape = backward, edges, saved, shape
        self.seq = next(_order)


class Tensor:
    """An array, its gradient, and the node that made it (None for a leaf)."""

    __slots__ = ("data", "grad", "node", "requires_grad")

    def __init__(self, data: np.ndarray, node: Node | None = None, requires_grad: bool = False):
        self.data, self.grad, self.node = data, None, node
        self.requires_grad = requires_grad or node is not None

    def edge(self) -> Any:
        """What a node keeps of this input: its maker, the leaf itself, or None."""
        return (self.node or self) if self.requires_grad else None

    def __mul__(self, other: Tensor) -> Tensor:
        # d(ab)/da = b, d(ab)/db = a
        return _record(_mul_back, self.data * other.data, (self.edge(), other.edge()),
                       (self.data, other.data))

    def __add__(self, other: Tensor) -> Tensor:
        # d(a+b)/da = d(a+b)/db = 1
        return _record(_add_back, self.data + other.data, (self.edge(), other.edge()), None)

    def __sub__(self, other: Tensor) -> Tensor:
        # d(a-b)/da = 1, d(a-b)/db = -1
        return _record(_sub_back, self.data - other.data, (self.edge(), other.edge()), None)

    def square(self) -> Tensor:
        """``self ** 2``; d(a^2)/da = 2a."""
        return _record(_square_back, self.data * self.data, (self.edge(),), self.data)

    def mean(self) -> Tensor:
        """The mean of every element; d mean/da_i = 1/n."""
        n = self.data.size
        total = np.add.reduce(self.data, axis=None) / self.data.dtype.type(n)
        return _record(_mean_back, np.asarray(total), (self.edge(),), (self.data.shape, n))

    def backward(self) -> None:
        """Send d self / d self = 1 back through the graph, newest node first."""
        grads = {self.node: np.ones_like(self.data)}
        ready = [(-self.node.seq, self.node)]
        while ready:
            node = heapq.heappop(ready)[1]
            for edge, g in zip(node.edges, node.backward(node, grads.pop(node))):
                if edge is None:
                    continue
                shape = edge.shape if type(edge) is Node else edge.data.shape
                if g.shape != shape:  # undo broadcasting: sum over the copied axes
                    g = _sum_to(g, shape)
                if type(edge) is Node:
                    if edge in grads:
                        grads[edge] = grads[edge] + g
                    else:
                        grads[edge] = g
                        heapq.heappush(ready, (-edge.seq, edge))
                else:
                    edge.grad = g.copy() if edge.grad is None else edge.grad + g


def _record(backward: Callable, out: np.ndarray, edges: tuple, saved: Any) -> Tensor:
    if edges.count(None) == len(edges):  # no input wants a gradient: nothing to record
        return Tensor(out)
    return Tensor(out, Node(backward, edges, saved, out.shape))


def _sum_to(g: np.ndarray, shape: tuple) -> np.ndarray:
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1
    )
    return np.add.reduce(g, axis=axes, keepdims=True).reshape(shape)


def _mul_back(node: Node, g: np.ndarray) -> tuple:
    a, b = node.saved
    return g * b, g * a


def _add_back(node: Node, g: np.ndarray) -> tuple:
    return g, g


def _sub_back(node: Node, g: np.ndarray) -> tuple:
    return g, -g


def _square_back(node: Node, g: np.ndarray) -> tuple:
    return (g * (2 * node.saved),)


def _mean_back(node: Node, g: np.ndarray) -> tuple:
    shape, n = node.saved
    return (np.broadcast_to(g / g.dtype.type(n), shape),)


def build_loop(x: np.ndarray, y: np.ndarray, lr: float = 0.01) -> tuple[Callable, ...]:
    """The seeds' loop from W = b = 0: returns (forward, forward + backward, epoch, params),
    the pieces ``benchmarks.instructions`` counts."""
    xt, yt = Tensor(x), Tensor(y)
    W = Tensor(np.zeros(1, x.dtype), requires_grad=True)
    b = Tensor(np.zeros(1, x.dtype), requires_grad=True)
    rate = x.dtype.type(lr)

    def forward() -> Tensor:
        return ((xt * W + b) - yt).square().mean()

    def forward_backward() -> None:
        cost = forward()
        W.grad = b.grad = None
        cost.backward()

    def epoch() -> None:
        forward_backward()
        W.data -= rate * W.grad
        b.data -= rate * b.grad

    return forward, forward_backward, epoch, lambda: (float(W.data[0]), float(b.data[0]))
