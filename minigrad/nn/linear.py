"""``Linear``: y = x @ W.T + b, initialised as torch initialises it."""

from __future__ import annotations

import math

import numpy as np

from .. import _checks
from ..promotion import as_dtype
from ..tensor import Tensor, _new_tensor
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


class Linear(Module):
    """A fully connected layer with weight (out_features, in_features) and bias (out_features).

    The weight is drawn first and then the bias, both uniform from the default generator
    with torch's bounds (kaiming-uniform with a = sqrt(5); bias 1/sqrt(fan_in)), so after
    the same ``manual_seed`` minigrad and torch start from the same numbers.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: object = None,
        dtype: object = None,
    ) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        dt = as_dtype(dtype or np.float32)
        _checks.check_sizes((out_features, in_features))
        self.weight = Parameter(_new_tensor(np.empty((out_features, in_features), dt), None))
        if bias:
            self.bias = Parameter(_new_tensor(np.empty((out_features,), dt), None))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weight, then the bias, as torch does."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """x @ W.T + b."""
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )
