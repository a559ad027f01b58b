"""Node names (``grad_fn.name()``, ``repr(grad_fn)``, ``grad_fn=<...>``) against torch, one
case per naming rule of ``minigrad._naming``; and every op class of minigrad is named there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import minigrad as mg
import minigrad.nn.functional as mF
from minigrad import _naming
from minigrad.autograd import Function


def _fresh(lib: Any, shape: tuple[int, ...] = (2, 3)) -> Any:
    """A non-leaf float tensor (so in-place ops record a node)."""
    x = lib.tensor(np.arange(np.prod(shape), dtype=np.float32).reshape(shape) - 2.5,
                   requires_grad=True)
    return x * 1


def _inplace(op: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def run(lib: Any) -> Any:
        y = _fresh(lib)
        op(y)
        return y
    return run


def _written_view(lib: Any) -> Any:
    y = _fresh(lib)
    y[0].zero_()  # the base's node: CopySlices
    return y


def _cross_entropy(lib: Any) -> Any:
    F = mF if lib is mg else torch.nn.functional
    logits = _fresh(lib)
    return F.cross_entropy(logits, lib.full((2, 3), 1 / 3))


CASES: dict[str, Callable[[Any], Any]] = {
    "mul": lambda lib: _fresh(lib) * 2,
    "rsub": lambda lib: 2 - _fresh(lib),
    "sum": lambda lib: _fresh(lib).sum(),
    "sum_dim": lambda lib: _fresh(lib).sum(1),
    "mean": lambda lib: _fresh(lib).mean(),
    "mean_dim": lambda lib: _fresh(lib).mean(0),
    "squeeze": lambda lib: _fresh(lib, (2, 1)).squeeze(),
    "squeeze_dim": lambda lib: _fresh(lib, (2, 1)).squeeze(1),
    "dot": lambda lib: _fresh(lib, (3,)) @ _fresh(lib, (3,)),
    "mv": lambda lib: _fresh(lib) @ _fresh(lib, (3,)),
    "mm": lambda lib: _fresh(lib) @ _fresh(lib, (3, 2)),
    "vm": lambda lib: _fresh(lib, (2,)) @ _fresh(lib),
    "bmm": lambda lib: _fresh(lib, (2, 2, 3)) @ _fresh(lib, (2, 3, 2)),
    "select": lambda lib: _fresh(lib)[0],
    "slice": lambda lib: _fresh(lib)[:, 1:],
    "full_slice": lambda lib: _fresh(lib)[:],
    "alias": lambda lib: _fresh(lib)[..., :],
    "select_then_none": lambda lib: _fresh(lib)[None, 1],
    "none_last": lambda lib: _fresh(lib)[1, None],
    "advanced_index": lambda lib: _fresh(lib)[[0, 1, 1]],
    "max": lambda lib: _fresh(lib).max(),
    "min": lambda lib: _fresh(lib).min(),
    "max_dim": lambda lib: _fresh(lib).max(1)[0],
    "min_dim": lambda lib: _fresh(lib).min(1)[0],
    "maximum": lambda lib: lib.maximum(_fresh(lib), _fresh(lib)),
    "minimum": lambda lib: lib.minimum(_fresh(lib), _fresh(lib)),
    "var": lambda lib: _fresh(lib).var(),
    "std": lambda lib: _fresh(lib).std(),
    "scatter_src": lambda lib: _fresh(lib).scatter(1, lib.tensor([[0], [2]]), _fresh(lib)),
    "scatter_value": lambda lib: _fresh(lib).scatter(1, lib.tensor([[0], [2]]), 7.0),
    "clamp": lambda lib: _fresh(lib).clamp(-1, 1),
    "clamp_min": lambda lib: _fresh(lib).clamp_min(0),
    "clamp_max": lambda lib: _fresh(lib).clamp_max(0),
    "zero_": _inplace(lambda y: y.zero_()),
    "fill_": _inplace(lambda y: y.fill_(3.0)),
    "fill_tensor": _inplace(lambda y: y.fill_(mg.tensor(3.0) if isinstance(y, mg.Tensor)
                                              else torch.tensor(3.0))),
    "uniform_": _inplace(lambda y: y.uniform_()),
    "normal_": _inplace(lambda y: y.normal_()),
    "copy_": _inplace(lambda y: y.copy_(y.detach() + 1)),
    "copy_slices": _written_view,
    "t_matrix": lambda lib: _fresh(lib).t(),
    "t_vector": lambda lib: _fresh(lib, (3,)).t(),
    "transpose": lambda lib: _fresh(lib).transpose(0, 1),
    "unbind": lambda lib: _fresh(lib).unbind(0)[1],
    "reshape_contiguous": lambda lib: _fresh(lib).reshape(3, 2),
    "reshape_strided": lambda lib: _fresh(lib).t().reshape(3, 1, 2),
    "reshape_copy": lambda lib: _fresh(lib).t().reshape(6),
    "cross_entropy_probabilities": _cross_entropy,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_node_names_match_torch(case: str) -> None:
    """``name()``, the node's repr and the tensor's ``grad_fn=<...>`` as torch's."""
    mine, theirs = CASES[case](mg), CASES[case](torch)
    assert mine.grad_fn.name() == theirs.grad_fn.name()
    expected = type(theirs.grad_fn).__name__
    assert repr(mine.grad_fn).startswith(f"<{expected} object at ")
    assert f"grad_fn=<{expected}>" in repr(mine)


def test_a_batched_product_is_named_as_torch_names_it() -> None:
    """torch records a batched matmul as a bmm (``BmmBackward0``) under an unsafe view.
    (Past the bmm, torch's graph has a view and an expand of the operand that minigrad's
    has not: only these two nodes are compared.)"""

    def names(lib: Any) -> list[str]:
        node = (_fresh(lib, (2, 2, 3)) @ _fresh(lib, (2, 3, 2))).grad_fn
        return [node.name(), node.next_functions[0][0].name()]

    assert names(mg) == names(torch) == ["UnsafeViewBackward0", "BmmBackward0"]


def test_a_leaf_node_is_named_as_torch_names_it() -> None:
    x = mg.ones(2, requires_grad=True)
    leaf, _ = (x * 2).grad_fn.next_functions[0]
    assert leaf.name() == "torch::autograd::AccumulateGrad"
    assert repr(leaf).startswith("<AccumulateGrad object at ")


def test_a_custom_function_is_named_as_torch_names_one() -> None:
    """A Function subclass of one's own: ``<ClassName>Backward``, as torch's."""

    def make(base: type) -> type:
        class Square(base):  # type: ignore[misc, valid-type]
            @staticmethod
            def forward(ctx: Any, a: Any) -> Any:
                return a * a

            @staticmethod
            def backward(ctx: Any, g: Any) -> Any:
                return g

        return Square

    mine = make(Function).apply(mg.ones(2, requires_grad=True))
    theirs = make(torch.autograd.Function).apply(torch.ones(2, requires_grad=True))
    assert mine.grad_fn.name() == theirs.grad_fn.name() == "SquareBackward"
    assert repr(mine) == repr(theirs)


def _op_classes() -> list[type]:
    found, todo = [], [Function]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("minigrad."):
                found.append(sub)
    return found


def test_every_op_class_is_named() -> None:
    """No op of minigrad falls back to the custom-Function name: each is in the table or
    has a rule (so a new op without a name fails here)."""
    classes = _op_classes()
    assert len(classes) > 50
    unnamed = [c.__name__ for c in classes if c not in _naming._NAMES and c not in _naming._RULES]
    assert unnamed == []
