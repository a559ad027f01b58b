"""``Optimizer``: parameter groups, per-parameter state and ``zero_grad``."""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from .. import _checks
from ..tensor import Tensor


def zero_grads(params: Iterable[Tensor], set_to_none: bool = True) -> None:
    """Reset the gradients of ``params``: to None (torch's default) or to zeros in place."""
    for p in params:
        grad = p.grad  # (torch reads .grad: a non-leaf parameter's read warns)
        if grad is None:
            continue
        if set_to_none:
            p._grad = None
        else:  # torch: the gradient leaves any graph, then is zeroed in place (a write:
            if grad.grad_fn is not None:  # its version moves, as its views see)
                grad.detach_()
            else:
                grad.requires_grad_(False)
            grad.zero_()


class Optimizer:
    """Base class: holds ``param_groups`` (dicts of params and hyperparameters) and ``state``."""

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or "
                f"dicts, but got torch.{_checks.short_name(params._data.dtype)}Tensor"
            )
        self.defaults = defaults
        # as torch's: a defaultdict, so ``opt.state[p]`` of a parameter without state is {}
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, group: dict[str, Any]) -> None:
        """Add a group of parameters with its own hyperparameters."""
        params = group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"optimizer can only optimize Tensors, but one of the params is "
                    f"{type(p).__name__}"
                )
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        if len({id(p) for p in params}) != len(params):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; in future, "
                "this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more "
                "information",
                UserWarning,
                stacklevel=3,
            )
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        full = {**self.defaults, **group, "params": params}
        self.param_groups.append(full)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters: to None by default, as torch."""
        for group in self.param_groups:
            zero_grads(group["params"], set_to_none)

    def state_dict(self) -> dict[str, Any]:
        """Hyperparameters and state, parameters referred to by index."""
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            ids = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                ids.append(index[id(p)])
            groups.append({**{k: v for k, v in group.items() if k != "params"}, "params": ids})
        state = {index[id(p)]: s for p, s in self.state.items()}
        return {"state": state, "param_groups": groups}

    def step(self) -> None:  # pragma: no cover - subclasses define it
        """Update the parameters once."""
        raise NotImplementedError

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for key in sorted(k for k in group if k != "params"):
                lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)


def scaled(alpha: float, x: np.ndarray, other: np.ndarray) -> np.ndarray:
    """``alpha * x`` as torch's ``other.add(x, alpha=alpha)`` forms it: in the common dtype
    of the two tensors (``x``'s own, unless a ``.data`` of another dtype left them apart)."""
    dtype = x.dtype
    if dtype is not other.dtype:
        dtype = np.promote_types(dtype, other.dtype)
    return dtype.type(alpha) * x
