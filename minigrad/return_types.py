"""Named pairs returned by ``max(dim)``, ``min(dim)`` and friends, printed as torch prints
its ``torch.return_types`` (``values`` and ``indices``, by name or by position)."""

from __future__ import annotations

from typing import Any


class _ValuesIndices(tuple):
    """A (values, indices) pair with torch's field names and repr."""

    __slots__ = ()
    _op = ""

    def __new__(cls, values: Any, indices: Any) -> _ValuesIndices:
        return super().__new__(cls, (values, indices))

    @property
    def values(self) -> Any:
        """The selected values."""
        return self[0]

    @property
    def indices(self) -> Any:
        """Where each value was found (int64)."""
        return self[1]

    def __repr__(self) -> str:
        return f"torch.return_types.{self._op}(\nvalues={self[0]!r},\nindices={self[1]!r})"

    __str__ = __repr__


class max(_ValuesIndices):  # noqa: N801, A001 - torch's name
    """What ``Tensor.max(dim)`` returns."""

    __slots__ = ()
    _op = "max"


class min(_ValuesIndices):  # noqa: N801, A001 - torch's name
    """What ``Tensor.min(dim)`` returns."""

    __slots__ = ()
    _op = "min"
