"""``Parameter``: a leaf tensor that a Module registers as trainable."""

from __future__ import annotations

from typing import Any

from .. import views
from .._formatting import tensor_repr
from ..tensor import Tensor, _new_tensor


class Parameter(Tensor):
    """A tensor that requires grad by default and is collected by ``Module.parameters()``."""

    __slots__ = ()

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True) -> Parameter:
        if data is None:
            data = _new_tensor(__import__("numpy").zeros((0,), dtype="float32"), None)
        p = object.__new__(cls)
        p._data = data._data  # shares memory with ``data``, as torch does
        p._grad = None
        p._grad_fn = None
        p._requires_grad = False
        p._storage = views.storage_of(data)  # and its version counter
        p._base = None
        p._view_steps = ()
        p.requires_grad = requires_grad
        return p

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __repr__(self) -> str:
        return "Parameter containing:\n" + tensor_repr(self)

    __str__ = __repr__

    def __reduce__(self) -> Any:
        return (Parameter, (_new_tensor(self._data, None), self.requires_grad))
