"""How torch names graph nodes: ``grad_fn.name()``, ``repr(grad_fn)`` and ``grad_fn=<...>``.

The ops (``ops.py``, ``nn_functions.py``, ``views.py``) are math and carry no names. torch's
names are not math: one formula gets several names (``sum()`` is ``SumBackward0``,
``sum(dim)`` is ``SumBackward1``; ``t()`` of a matrix is ``TBackward0`` where ``transpose``
is ``TransposeBackward0``), so this module turns what a node *is* into torch's string:

1. ``via``, when the node has one: the public function that recorded the node, for the few
   nodes whose name depends on the caller and not on the math (``t``, ``unbind``,
   ``reshape`` of a strided tensor, ``clamp_min``/``clamp_max``, ``zero_``/``fill_``/
   ``uniform_``/``normal_``, a view replayed on its base, ``cross_entropy``'s division by a
   count). A caller either passes it to ``forward`` (``Fill``, ``Clamp``: ``via="zero_"``),
   or sets it on the node it just made (``node.via = "t"``).
2. a rule per class, naming the variants by facts ``forward`` recorded (most of which the
   backward needs anyway: ``ctx.axes``, ``ctx.ndims``, ``ctx.largest``, ``ctx.take_sqrt``;
   ``Squeeze``'s ``ctx.dim`` and reshape's ``contiguous_input`` are kept for the name alone).
3. otherwise the table: one name per class (a class is in the table or has a rule).

A class this module does not know (a user's own ``Function`` subclass) is named as torch
names a custom ``autograd.Function``: the class name and ``Backward`` (``BadSquareBackward``).

Why ``via`` and not ``name=``: the caller then states a fact about itself ("I am
``clamp_min``"), true whatever torch calls it, and every torch string sits in this file.

Nothing here runs when an op runs: a name is computed when it is read (a repr, ``name()``,
an error message, a drawing), from the facts the node kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import nn_functions as nnf
from . import ops
from .accumulation import AccumulateGrad
from .autograd import Function
from .views import CopySlices

Node = Function | AccumulateGrad
Rule = Callable[[Any], str]  # a node (with its recorded facts) -> torch's name

# torch's name, by the node's class (looked up by exact class: UnsafeView is not View)
_NAMES: dict[type, str] = {
    # arithmetic
    ops.Add: "AddBackward0",
    ops.Sub: "SubBackward0",
    ops.RSub: "RsubBackward1",
    ops.Mul: "MulBackward0",
    ops.Div: "DivBackward0",
    ops.Reciprocal: "ReciprocalBackward0",
    ops.Neg: "NegBackward0",
    ops.Pow: "PowBackward0",  # tensor ** number
    ops.PowTensor: "PowBackward1",  # tensor ** tensor
    ops.RPow: "PowBackward2",  # number ** tensor
    ops.Addmm: "AddmmBackward0",
    # elementwise functions
    ops.Abs: "AbsBackward0",
    ops.Sign: "SignBackward0",
    ops.Exp: "ExpBackward0",
    ops.Log: "LogBackward0",
    ops.Sqrt: "SqrtBackward0",
    ops.Relu: "ReluBackward0",
    ops.LeakyRelu: "LeakyReluBackward0",
    ops.Sigmoid: "SigmoidBackward0",
    ops.Tanh: "TanhBackward0",
    ops.Log1p: "Log1PBackward0",
    ops.Expm1: "Expm1Backward0",
    ops.Where: "WhereBackward0",
    # reductions and losses
    ops.MseLoss: "MseLossBackward0",
    ops.Norm2: "LinalgVectorNormBackward0",
    nnf.Softmax: "SoftmaxBackward0",
    nnf.LogSoftmax: "LogSoftmaxBackward0",
    nnf.NllLoss: "NllLossBackward0",
    nnf.BinaryCrossEntropy: "BinaryCrossEntropyBackward0",
    # views
    ops.View: "ViewBackward0",
    ops.UnsafeView: "UnsafeViewBackward0",
    ops.Transpose: "TransposeBackward0",
    ops.Permute: "PermuteBackward0",
    ops.Unsqueeze: "UnsqueezeBackward0",
    ops.Expand: "ExpandBackward0",
    ops.Alias: "AliasBackward0",
    ops.AsStrided: "AsStridedBackward0",  # a view's history remade after a write
    # copies, writes and selections
    ops.IndexPut: "IndexPutBackward0",
    ops.Fill: "FillBackward0",  # torch.fill; fill_ and its kin are named by via
    ops.FillTensor: "FillBackward3",
    ops.Copy: "CopyBackwards",
    ops.Stack: "StackBackward0",
    ops.Cat: "CatBackward0",
    ops.Clone: "CloneBackward0",
    ops.ToDtype: "ToCopyBackward0",
    ops.Clamp: "ClampBackward1",  # clamp(min, max) with numbers
    ops.ClampTensor: "ClampBackward0",  # clamp(min, max) with a tensor
    ops.Gather: "GatherBackward0",
    # torch's C++ nodes (their name() is qualified, see name())
    CopySlices: "CopySlices",
    AccumulateGrad: "AccumulateGrad",
}

# the nodes whose name() torch qualifies with its C++ namespace (their repr does not)
_CPP_NAMES = {n: "torch::autograd::" + n for n in ("CopyBackwards", "CopySlices",
                                                   "AccumulateGrad")}
_FULL_NAMES = {cls: _CPP_NAMES.get(n, n) for cls, n in _NAMES.items()}  # name() by class

# matmul is recorded by the operands' ranks (1-D @ 2-D is unsqueeze, mm, squeeze_)
_MATMUL = {(1, 1): "DotBackward0", (2, 1): "MvBackward0", (2, 2): "MmBackward0"}


def _basic_index(node: Any) -> str:
    """torch indexes with ints and slices dimension by dimension; the last step that changed
    something names the node (a full ``:`` changes nothing, a bare slice is always kept)."""
    index, shape = node.index, node.shape
    if isinstance(index, slice):
        return "SliceBackward0"
    items = index if isinstance(index, tuple) else (index,)
    name = "AliasBackward0"
    dim = 0
    used = sum(1 for i in items if i is not None and i is not Ellipsis)
    for i in items:
        if i is Ellipsis:
            dim += len(shape) - used
        elif i is None:
            name = "UnsqueezeBackward0"
        elif isinstance(i, slice):
            # torch skips a slice only when it is written as full: start 0, step 1, and a
            # stop at or past the end (``-4:`` of 4 elements is still recorded)
            full = i.start in (None, 0) and i.step in (None, 1) and (
                i.stop is None or i.stop >= shape[dim]
            )
            if not full:
                name = "SliceBackward0"
            dim += 1
        else:
            name = "SelectBackward0"
            dim += 1
    return name


# the variants of a class, by what its forward recorded
_RULES: dict[type, Rule] = {
    ops.MatMul: lambda n: _MATMUL.get(n.ndims, "BmmBackward0"),
    ops.Sum: lambda n: "SumBackward0" if n.axes is None else "SumBackward1",  # dim given
    ops.Mean: lambda n: "MeanBackward0" if n.axes is None else "MeanBackward1",
    ops.Squeeze: lambda n: "SqueezeBackward4" if n.__dict__.get("in_place") else (
        "SqueezeBackward0" if n.dim is None else "SqueezeBackward1"
    ),
    ops.Index: lambda n: _basic_index(n) if n.__dict__.get("basic") else "IndexBackward0",
    ops.MaxAll: lambda n: "MaxBackward1" if n.largest else "MinBackward1",
    ops.MaxDim: lambda n: "MaxBackward0" if n.largest else "MinBackward0",
    ops.Maximum: lambda n: "MaximumBackward0" if n.largest else "MinimumBackward0",
    ops.Var: lambda n: "StdBackward0" if n.take_sqrt else "VarBackward0",
    # a tensor src is scatter's second input; a number is a parameter
    ops.Scatter: lambda n: "ScatterBackward0" if len(n.needs_input_grad) == 2 else (
        "ScatterBackward1"
    ),
}

# the node's name by the public function that recorded it (``node.via``)
_VIA: dict[str, Rule] = {
    "t": lambda n: "TBackward0",  # a Transpose, or an Alias for a vector
    "unbind": lambda n: "UnbindBackward0",  # each part's Index node
    # reshape is a view where the layout allows it: torch's view of a contiguous tensor,
    # its _reshape_alias otherwise
    "reshape": lambda n: "ViewBackward0" if n.contiguous_input else "ReshapeAliasBackward0",
    "cross_entropy": lambda n: "DivBackward1",  # its division by a count: div(Scalar)
    "clamp_min": lambda n: "ClampMinBackward0",
    "clamp_max": lambda n: "ClampMaxBackward0",
    "zero_": lambda n: "ZeroBackward0",
    "fill_": lambda n: "FillBackward2",
    "uniform_": lambda n: "UniformBackward0",
    "normal_": lambda n: "NormalBackward0",
}


def repr_name(node: Node) -> str:
    """The name torch prints for ``node``: ``<MulBackward0 object at ...>``,
    ``grad_fn=<MulBackward0>``."""
    if "via" in node.__dict__:
        return _VIA[node.__dict__["via"]](node)
    cls = type(node)
    name = _NAMES.get(cls)
    if name is None:
        rule = _RULES.get(cls)
        # a class not known here (a user's Function) is named as torch names a custom one
        name = rule(node) if rule is not None else cls.__name__ + "Backward"
    return name


def name(node: Node) -> str:
    """torch's ``node.name()``: the repr's name, with torch's namespace for its C++ nodes
    (``torch::autograd::CopySlices``)."""
    if "via" not in node.__dict__:  # the common case, first: a name by class alone
        name = _FULL_NAMES.get(type(node))
        if name is not None:
            return name
    name = repr_name(node)
    return _CPP_NAMES.get(name, name)


_BACKWARD_SUFFIX = re.compile(r"Backward(?:0|(\d+))?$")


def op_label(node: Node) -> str:
    """The op's name as torch's messages write it: without ``Backward`` (``MulBackward0``
    reads ``Mul``, ``ClampBackward1`` reads ``Clamp1``)."""
    return _BACKWARD_SUFFIX.sub(r"\1", name(node))
