"""Adam, with ``torch.optim.Adam``'s single-tensor CPU update, rounding for rounding."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .. import _mkl
from .._checks import c_type_name, check_output_broadcast
from .._fp import quiet
from ..tensor import _new_tensor
from ..views import bump_version, check_written_once
from .optimizer import Optimizer, scaled


def _sqrt(a: np.ndarray) -> np.ndarray:
    """The square root of the second moment. torch takes MKL's vector sqrt here, which is not
    correctly rounded (measured: 1 ulp from numpy's on 17% of float32 inputs and 1.3% of
    float64 inputs); numpy's is. With MKL installed minigrad calls the same function (torch's
    bits); without it this is the one operation of the update not reproduced bit for bit
    (the tests swap in torch's sqrt to prove the rest is exact)."""
    out = _mkl.vml("sqrt", a)
    return np.sqrt(a) if out is None else out


class Adam(Optimizer):
    """``torch.optim.Adam(params, lr, betas, eps, weight_decay, amsgrad, maximize,
    decoupled_weight_decay)``.

    For each parameter p with gradient g, in p's dtype (float32: every product and sum
    rounded as torch's kernels round them; Python numbers are cast to p's dtype where torch
    casts them, and the bias corrections are Python floats, as in torch)::

        step += 1
        g = -g                                         if maximize
        p = p * (1 - lr * wd)                          if wd and decoupled_weight_decay
        g = g + wd * p                                 if wd (not decoupled)
        m = lerp(m, g, 1 - beta1)                      m + w (g - m) for w < 0.5,
                                                       else g - (g - m)(1 - w)
        v = v * beta2 + ((1 - beta2) * g) * g
        bias_correction1 = 1 - beta1 ** step           (Python floats)
        bias_correction2 = 1 - beta2 ** step
        v_hat = max(v_max, v) -> v_max                 if amsgrad (else v)
        denom = sqrt(v_hat) / bias_correction2 ** 0.5 + eps
        p = p + ((-lr / bias_correction1) * m) / denom
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        if not lr >= 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not eps >= 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not weight_decay >= 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not (isinstance(betas[0], float) and isinstance(betas[1], float)):
            raise ValueError("betas must be either both floats or both Tensors")
        if fused or capturable or differentiable:
            raise NotImplementedError(
                "minigrad's Adam has the single-tensor path only (fused, capturable and "
                "differentiable are not supported)"
            )
        defaults = dict(
            lr=lr,
            betas=tuple(betas),
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
            foreach=foreach,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _state_for(self, p: Any, amsgrad: bool) -> dict[str, Any]:
        state = self.state.get(p)
        if not state:
            dt = p._data.dtype
            state = self.state[p] = {
                # torch keeps the step as a 0-dim float32 tensor (float64 only when the
                # default dtype is float64)
                "step": _new_tensor(np.zeros((), dtype=np.float32), None),
                "exp_avg": _new_tensor(np.zeros(p._data.shape, dtype=dt), None),
                "exp_avg_sq": _new_tensor(np.zeros(p._data.shape, dtype=dt), None),
            }
            if amsgrad:
                state["max_exp_avg_sq"] = _new_tensor(np.zeros(p._data.shape, dtype=dt), None)
        return state

    def step(self, closure: Any = None) -> Any:
        """Update every parameter that has a gradient, in place."""
        loss = closure() if closure is not None else None
        with quiet():  # a diverging run gives inf/nan silently, as in torch
            self._update()
        return loss

    def _update(self) -> None:
        for group in self.param_groups:
            lr, (beta1, beta2) = group["lr"], group["betas"]
            eps, weight_decay = group["eps"], group["weight_decay"]
            amsgrad, maximize = group["amsgrad"], group["maximize"]
            decoupled = group["decoupled_weight_decay"]
            # torch reads every .grad before any update (a non-leaf's read warns)
            params = [p for p in group["params"] if p.grad is not None]
            for p in params:
                state = self._state_for(p, amsgrad)
                _adam_update(
                    p, p._grad._data, state, lr, beta1, beta2, eps, weight_decay, amsgrad,
                    maximize, decoupled,
                )


def _adam_update(
    p: Any, grad: np.ndarray, state: dict[str, Any], lr: float, beta1: float, beta2: float,
    eps: float, weight_decay: float, amsgrad: bool, maximize: bool, decoupled: bool,
) -> None:
    """One step of torch's ``_single_tensor_adam`` for one parameter, in place."""
    param = p._data
    m = state["exp_avg"]._data
    v = state["exp_avg_sq"]._data
    s = m.dtype.type  # the moments' dtype (the parameter's when they were made)
    step_t = state["step"]._data
    step_t += np.float32(1)
    if maximize:
        grad = -grad
    if weight_decay != 0:
        if decoupled:  # param.mul_(1 - lr * weight_decay)
            param *= param.dtype.type(1 - lr * weight_decay)
        else:  # grad.add(param, alpha=weight_decay)
            grad = grad + scaled(weight_decay, param, grad)
    # m.lerp_(grad, 1 - beta1): torch's lerp, in the moments' dtype (a gradient of another
    # dtype, as a .data swap leaves it, is refused there)
    if grad.dtype != m.dtype:
        raise RuntimeError(
            f"expected dtype {c_type_name(m.dtype)} for `end` but got dtype "
            f"{c_type_name(grad.dtype)}")
    if grad.shape != m.shape:  # (a gradient of the shape .data had before: refused)
        check_output_broadcast(m.shape, grad.shape)
    w = s(1 - beta1)
    if abs(w) < 0.5:
        m += w * (grad - m)
    else:
        m[...] = grad - (grad - m) * (s(1) - w)
    # v.mul_(beta2).addcmul_(grad, grad, value=1 - beta2): v * b2 + ((1 - b2) * g) * g
    v *= s(beta2)
    v += (s(1 - beta2) * grad) * grad
    step = float(step_t)
    bias_correction1 = 1 - beta1**step
    bias_correction2 = 1 - beta2**step
    step_size = lr / bias_correction1
    bias_correction2_sqrt = bias_correction2**0.5
    if amsgrad:
        v_max = state["max_exp_avg_sq"]._data
        np.maximum(v_max, v, out=v_max)
        v = v_max
    with np.errstate(divide="ignore", invalid="ignore"):
        # (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps), in the moments' dtype
        denom = _sqrt(v) / s(bias_correction2_sqrt) + s(eps)
        # param.addcdiv_(m, denom, value=-step_size): p + ((-step_size * m) / denom), in the
        # common dtype of the three
        check_written_once(param)  # (torch's param.addcdiv_ refuses overlaps)
        param += scaled(-step_size, m, param) / denom
    bump_version(p)
