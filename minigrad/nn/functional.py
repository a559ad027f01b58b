"""Stateless layers and losses: ``import minigrad.nn.functional as F``."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .. import _checks
from .. import ops as fn
from ..arithmetic import _without_casts, matmul
from ..autograd import _GradMode
from ..creation import _as_tensor
from ..promotion import promote_types
from ..saved_values import watch_params
from ..tensor import Tensor

_REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _warn_if_sizes_differ(input: Tensor, target: Tensor) -> None:  # noqa: A002
    if input.shape != target.shape:
        warnings.warn(
            f"Using a target size (torch.Size({list(target.shape)})) that is different to the "
            f"input size (torch.Size({list(input.shape)})). This will likely lead to incorrect "
            "results due to broadcasting. Please ensure they have the same size.",
            UserWarning,
            stacklevel=3,
        )


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:  # noqa: A002
    """``input @ weight.T + bias`` (recorded as one ``AddmmBackward0`` node for 2-D input)."""
    _check_linear(input, weight, bias)
    if input.ndim == 2 and bias is not None:
        if input.shape[1] != weight.shape[1]:
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({input.shape[0]}x{input.shape[1]} "
                f"and {weight.shape[1]}x{weight.shape[0]})"
            )
        if input.dtype != weight.dtype:
            raise RuntimeError(
                "mat1 and mat2 must have the same dtype, but got "
                f"{fn._dtype_name(input._data.dtype)} and {fn._dtype_name(weight._data.dtype)}"
            )
        return fn.Addmm.apply(bias, input, weight.t())
    if bias is not None and _fused(input, bias):
        # torch (_flatten_nd_linear) folds the leading dimensions into one row each (a 1-D
        # input into one row), runs addmm, and views the result back
        rows = input.reshape(math.prod(input.shape[:-1]), input.shape[-1])
        return linear(rows, weight, bias).view(*input.shape[:-1], weight.shape[0])
    out = matmul(input, weight.t())
    return out if bias is None else out.add_(bias)  # in place, as torch: out's dtype stays


def _fused(input: Tensor, bias: Tensor) -> bool:  # noqa: A002
    """Whether torch's linear takes its addmm path (2-D input, or a contiguous input with
    a 1-D bias) rather than matmul followed by an in-place add."""
    return input.ndim == 2 or (bias.ndim == 1 and input.is_contiguous())


def _check_linear(input: Tensor, weight: Tensor, bias: Tensor | None) -> None:  # noqa: A002
    """torch's errors for ``linear``: operands of at least one dimension, one dtype (the
    bias's checked first), a bias that expands to the output's shape."""
    if input.ndim == 0 or weight.ndim == 0:
        raise RuntimeError(
            "both arguments to linear need to be at least 1D, but they are "
            f"{input.ndim}D and {weight.ndim}D"
        )
    # torch reads the histories as its ops run: weight.t() first, then addmm's operands
    # (bias, input) or the reshaped input, then the bias
    fused = bias is not None and _fused(input, bias)
    if _GradMode.invalid_histories:  # (none exist on the tutorials' path: nothing to read)
        order = [weight, bias, input] if fused and input.ndim == 2 else [weight, input, bias]
        for t in order:
            if t is not None:
                t._check_history()
    if bias is None or not fused:
        return
    names = [_checks.short_name(t._data.dtype) for t in (bias, input, weight)]
    if names[0] != names[2]:
        raise RuntimeError(
            f"self and mat2 must have the same dtype, but got {names[0]} and {names[2]}"
        )
    if names[1] != names[2]:
        raise RuntimeError(
            f"mat1 and mat2 must have the same dtype, but got {names[1]} and {names[2]}"
        )
    if input.ndim == 2 and weight.ndim == 2:
        if input.shape[1] != weight.shape[1]:
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({input.shape[0]}x{input.shape[1]} "
                f"and {weight.shape[1]}x{weight.shape[0]})"
            )
        out = (input.shape[0], weight.shape[0])
        _checks.check_expand_rank(bias._data.dtype, tuple(bias.shape), out)
        _checks.check_expand_sizes(tuple(bias.shape), out)
        _checks.check_addmm_bool(input._data.dtype, out[0], input.shape[1], out[1])


def _broadcast_operands(input: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:  # noqa: A002
    """torch's ``broadcast_tensors`` in the losses: an operand of another shape than the
    broadcast one is expanded (an ``ExpandBackward0`` view), so a 0-d target promotes as a
    dimensioned tensor does."""
    if input.shape == target.shape:
        return input, target
    _checks.check_broadcast(input._data.shape, target._data.shape)
    shape = np.broadcast_shapes(input._data.shape, target._data.shape)
    if input._data.shape != shape:
        input = input.expand(*shape)  # noqa: A001
    if target._data.shape != shape:
        target = target.expand(*shape)
    return input, target


def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Mean (or sum, or per element) of squared differences."""
    _check_reduction(reduction)
    target = _as_tensor(target)
    _warn_if_sizes_differ(input, target)
    input, target = _broadcast_operands(input, target)  # noqa: A001
    dtype = promote_types(input._data.dtype, target._data.dtype)  # torch promotes; no ints
    _checks.check_floating(dtype, "mse_cpu")
    x = input if input.dtype == dtype else input.to(dtype)
    y = target if target.dtype == dtype else target.to(dtype)
    out = _without_casts(fn.MseLoss.apply(x, y, reduction=reduction), (input, target), (x, y))
    return _reduced_loss(out, reduction, x._data.shape)


def _reduced_loss(out: Tensor, reduction: str, shape: tuple[int, ...]) -> Tensor:
    """torch computes these losses per element into the output tensor, then resizes it to
    0-d for the reduction: its size array keeps the loss's first size, which torch's int
    indexing of the result reads (``_checks.check_zero_dim_index``)."""
    if reduction != "none":
        out._stale_shape = shape
    return out


def l1_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Mean (or sum, or per element) of absolute differences.

    Built from ``abs`` and ``mean`` as torch builds it, so its gradient is ``sign(d) / n``
    and 0 where prediction equals target.
    """
    _check_reduction(reduction)
    target = _as_tensor(target)
    _warn_if_sizes_differ(input, target)
    input, target = _broadcast_operands(input, target)  # noqa: A001
    d = (input - target).abs()
    if reduction == "mean":
        return d.mean()
    if reduction == "sum":
        return d.sum()
    return d


def relu(input: Tensor) -> Tensor:  # noqa: A002
    """max(x, 0)."""
    return input.relu()


def sigmoid(input: Tensor) -> Tensor:  # noqa: A002
    """1 / (1 + e ** -x)."""
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:  # noqa: A002
    """Hyperbolic tangent."""
    return input.tanh()


# ------------------------------------------------------------------ course ops (issue 11)
def _softmax_dim(name: str, ndim: int) -> int:
    """torch's implicit dim (deprecated): 0 for 0-, 1- and 3-D input, else 1."""
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. Change the call to "
        "include dim=X as an argument.",
        UserWarning,
        stacklevel=3,
    )
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:  # noqa: A002
    """e ** x / sum(e ** x) along ``dim``, as torch's kernel computes it."""
    if dim is None:
        dim = _softmax_dim("softmax", input.ndim)
    src = input if dtype is None else input.to(dtype)
    return src.softmax(dim)


def log_softmax(input: Tensor, dim: int | None = None, dtype: Any = None) -> Tensor:  # noqa: A002
    """log(softmax(x)) along ``dim``: x - max - log(sum(e ** (x - max)))."""
    if dim is None:
        dim = _softmax_dim("log_softmax", input.ndim)
    src = input if dtype is None else input.to(dtype)
    return src.log_softmax(dim)


def _weight_array(weight: Tensor | None) -> Any:
    return None if weight is None else weight._data


def _check_class_target(input: Tensor, target: Tensor) -> None:  # noqa: A002
    if input.ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.ndim})")
    target_batch = target.shape[0] if target.ndim else 0  # a 0-d target counts as 0
    if input.ndim != 1 and input.shape[0] != target_batch:
        raise ValueError(
            f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
            f"({target_batch})."
        )
    if input.ndim <= 2 and target.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input.ndim == 2 and target.ndim == 0:  # torch reads the target's size(0)
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    if input.ndim == 4:  # torch's nll_loss2d
        if target.ndim != 3:
            raise RuntimeError(
                "only batches of spatial targets supported (3D tensors) but got targets of "
                f"dimension: {target.ndim}"
            )
        if list(target.shape) != [input.shape[0], *input.shape[2:]]:
            raise RuntimeError(
                f"size mismatch (got input: {list(input.shape)} , target: {list(target.shape)}"
            )
    elif input.ndim > 2:
        if target.ndim == 0:  # torch slices the target's sizes from 1
            raise RuntimeError("ArrayRef: invalid slice, N = 1; size = 0")
        expected = [input.shape[0], *input.shape[2:]]
        if list(target.shape) != expected:
            raise RuntimeError(f"Expected target size {expected}, got {list(target.shape)}")
    if target.dtype.name not in ("int64", "uint8"):
        raise RuntimeError(
                "expected target dtype to be Long or Byte, but got "
                f"{fn._dtype_name(target._data.dtype)}"
            )
    if input.ndim > 2:
        raise NotImplementedError("minigrad's nll_loss takes (N, C) or (C,) input")


def nll_loss(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of class indices: -input[b, target[b]], averaged over the
    (weighted) non-ignored targets."""
    from ..nn_functions import NllLoss

    _check_reduction(reduction)
    target = _as_tensor(target)
    _check_class_target(input, target)  # torch: the batch sizes before the kernel's dtype
    if input._data.dtype.kind != "f":
        raise NotImplementedError(
            f'"nll_loss_out_frame" not implemented for \'{fn._dtype_name(input._data.dtype)}\''
        )
    out = NllLoss.apply(
        input, target._data, weight=_weight_array(weight), reduction=reduction,
        ignore_index=ignore_index,
    )
    watch_params(out, target, weight)  # torch saves both: written since, backward raises
    return out


def cross_entropy(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """``nll_loss(log_softmax(input, class_dim), target)`` for class indices (torch's two
    nodes: ``NllLossBackward0`` after ``LogSoftmaxBackward0``); for class probabilities
    (a float target of the input's shape), ``-(target * log_softmax).sum(class_dim)``
    reduced."""
    _check_reduction(reduction)
    if label_smoothing != 0.0:
        raise NotImplementedError("minigrad's cross_entropy has no label smoothing")
    target = _as_tensor(target)
    if target.shape == input.shape and target._data.dtype.kind != "f":
        raise RuntimeError(
            "Expected floating point type for target with class probabilities, got "
            f"{_checks.short_name(target._data.dtype)}"
        )
    class_dim = 0 if input.ndim == 1 else 1
    if target._data.dtype.kind == "f" and target.shape == input.shape:
        # torch (cross_entropy_loss_prob_target): -(logp * target [* weight]) summed over
        # everything, divided by the number of samples for "mean" (a C++ scalar division:
        # DivBackward1); per sample for "none"
        product = input.log_softmax(class_dim) * target
        if weight is not None:
            shape = [1] * input.ndim
            shape[class_dim] = input.shape[class_dim]
            product = product * weight.view(shape)
        if reduction == "none":
            return -product.sum(class_dim)
        total = -product.sum()
        if reduction == "sum":
            return total
        out = total / (input.numel() // input.shape[class_dim])
        if out.grad_fn is not None:
            out.grad_fn.via = "cross_entropy"
        return out
    logp = input.log_softmax(class_dim)  # torch's order: log_softmax's checks come first
    _check_class_target(input, target)
    return nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)


def binary_cross_entropy(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """-(y log p + (1 - y) log(1 - p)), each log clamped at -100, weighted, reduced."""
    from ..nn_functions import BinaryCrossEntropy

    _check_reduction(reduction)
    target = _as_tensor(target)
    if target.shape != input.shape:
        raise ValueError(
            f"Using a target size (torch.Size({list(target.shape)})) that is different to the "
            f"input size (torch.Size({list(input.shape)})) is deprecated. Please ensure they "
            "have the same size."
        )
    if target.dtype != input.dtype:
        raise RuntimeError(
            f"Found dtype {fn._dtype_name(target._data.dtype)} but expected "
            f"{fn._dtype_name(input._data.dtype)}"
        )
    w = None
    if weight is not None:
        w = np.broadcast_to(weight._data, input.shape)
    out = BinaryCrossEntropy.apply(input, target, weight=w, reduction=reduction)
    if weight is not None:  # torch saves the weight expanded to the input's shape (one
        watch_params(out, weight.detach().expand(input.shape))  # version with the weight)
    return _reduced_loss(out, reduction, input._data.shape)


def leaky_relu(input: Tensor, negative_slope: float = 0.01) -> Tensor:  # noqa: A002
    """x where x > 0, else negative_slope * x (``LeakyReluBackward0``)."""
    dtype = input._data.dtype
    if dtype.kind not in "fc":
        raise NotImplementedError(
            f'"leaky_relu_cpu" not implemented for \'{_checks.short_name(dtype)}\'')
    _checks.check_float_scalar(negative_slope, dtype)
    return fn.LeakyRelu.apply(input, slope=float(negative_slope))


def dropout(input: Tensor, p: float = 0.5, training: bool = True) -> Tensor:  # noqa: A002
    """Identity when not training (the only case minigrad reproduces)."""
    if training and p > 0:
        raise NotImplementedError("minigrad's dropout runs in eval mode only")
    return input
