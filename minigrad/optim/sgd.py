"""Stochastic gradient descent with torch's update rule, step for step."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .._checks import check_output_broadcast
from .._fp import quiet_off, quiet_on
from ..tensor import _new_tensor
from ..views import bump_version, check_written_once
from .optimizer import Optimizer, scaled


class SGD(Optimizer):
    """``torch.optim.SGD``: plain, momentum, Nesterov, weight decay, maximize.

    For each parameter p with gradient g (each step computed as torch's tensor op computes
    it: in the common dtype of its two tensors, which differ only after a ``.data`` of
    another dtype; the hyperparameter in that dtype)::

        g = -g if maximize
        g = g + weight_decay * p                       if weight_decay
        buf = g (first step)  or  buf * momentum + (1 - dampening) * g
        g = g + momentum * buf if nesterov else buf    if momentum
        p = p + (-lr) * g

    Parameters whose ``.grad`` is None are skipped (their momentum buffer too).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def step(self, closure: Any = None) -> Any:
        """Update every parameter that has a gradient, in place."""
        loss = closure() if closure is not None else None
        token = quiet_on()  # a diverging lr gives inf/nan silently, as in torch
        try:
            self._update()
        finally:
            quiet_off(token)
        return loss

    def _update(self) -> None:
        for group in self.param_groups:
            lr, momentum = group["lr"], group["momentum"]
            dampening, weight_decay = group["dampening"], group["weight_decay"]
            nesterov, maximize = group["nesterov"], group["maximize"]
            # torch reads every .grad before any update (a non-leaf's read warns)
            params = [p for p in group["params"] if p.grad is not None]
            bufs: list[Any] = []
            if momentum != 0:
                # torch reads every momentum buffer before the updates and stores them after:
                # a parameter listed twice gets two fresh buffers on its first step, as there
                # (reading makes each parameter's state entry, as torch's defaultdict does)
                bufs = [self.state.setdefault(p, {}).get("momentum_buffer") for p in params]
            for i, p in enumerate(params):
                p_data = p._data
                g = p._grad._data
                if maximize:
                    g = -g
                if weight_decay != 0:  # grad.add(param, alpha=weight_decay)
                    g = g + scaled(weight_decay, p_data, g)
                if momentum != 0:
                    if bufs[i] is None:  # grad.detach().clone()
                        bufs[i] = _new_tensor(np.array(g, copy=True), None)
                        buf = bufs[i]._data
                    else:  # buf.mul_(momentum).add_(grad, alpha=1 - dampening)
                        buf = bufs[i]._data
                        buf *= buf.dtype.type(momentum)
                        buf += scaled(1 - dampening, g, buf)
                        bump_version(bufs[i])
                        bump_version(bufs[i])
                    # grad.add(buf, alpha=momentum), or buf
                    g = g + scaled(momentum, buf, g) if nesterov else buf
                check_written_once(p_data)  # (torch's param.add_ refuses overlaps, and a
                if g.shape != p_data.shape:  # gradient of the shape .data had before)
                    check_output_broadcast(p_data.shape, g.shape)
                p_data += scaled(-lr, g, p_data)  # param.add_(grad, alpha=-lr)
                bump_version(p)
            if momentum != 0:
                for p, buf in zip(params, bufs):
                    self.state.setdefault(p, {})["momentum_buffer"] = buf

