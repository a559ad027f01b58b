"""Stateless layers and losses: ``import minigrad.nn.functional as F``."""

from __future__ import annotations

import warnings

from .. import functions as fn
from ..tensor import Tensor, _as_tensor, matmul

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
    if input.ndim == 2 and bias is not None:
        if input.shape[1] != weight.shape[1]:
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({input.shape[0]}x{input.shape[1]} "
                f"and {weight.shape[1]}x{weight.shape[0]})"
            )
        if input.dtype != weight.dtype:
            raise RuntimeError(
                f"mat1 and mat2 must have the same dtype, but got {fn._dtype_name(input.dtype)} "
                f"and {fn._dtype_name(weight.dtype)}"
            )
        return fn.Addmm.apply(input, weight, bias)
    if input.ndim == 1 and bias is not None:  # torch: unsqueeze to a row, addmm, view back
        return linear(input.unsqueeze(0), weight, bias).view(weight.shape[0])
    if input.ndim >= 3 and bias is not None and input.is_contiguous():
        # torch folds the leading dimensions into one, runs addmm, and views the result back
        rows = input.reshape(-1, input.shape[-1])
        return linear(rows, weight, bias).view(*input.shape[:-1], weight.shape[0])
    out = matmul(input, weight.t())
    return out if bias is None else out + bias


def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Mean (or sum, or per element) of squared differences."""
    _check_reduction(reduction)
    target = _as_tensor(target)
    _warn_if_sizes_differ(input, target)
    if input.dtype != target.dtype:
        raise RuntimeError(
            f"Found dtype {fn._dtype_name(target.dtype)} but expected {fn._dtype_name(input.dtype)}"
        )
    return fn.MseLoss.apply(input, target, reduction=reduction)


def l1_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Mean (or sum, or per element) of absolute differences.

    Built from ``abs`` and ``mean`` as torch builds it, so its gradient is ``sign(d) / n``
    and 0 where prediction equals target.
    """
    _check_reduction(reduction)
    target = _as_tensor(target)
    _warn_if_sizes_differ(input, target)
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
