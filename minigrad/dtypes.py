"""torch's small value objects: ``dtype``, ``Size`` and ``device``.

They exist so that code written for torch prints what torch prints: ``x.dtype`` is
``torch.float32``, ``x.shape`` is ``torch.Size([3, 1])`` and ``x.device`` is
``device(type='cpu')``. Inside the engine every array keeps its numpy dtype; a ``dtype``
object is only the face shown to users (``dtype.np`` is the numpy dtype behind it).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


class dtype:  # noqa: N801 - torch's name
    """An element type, printed as torch prints it (``torch.float32``).

    numpy accepts it wherever it takes a dtype (it has a ``.dtype`` attribute), and it
    compares equal to the numpy dtype it stands for, so ``x.dtype == numpy.float32`` holds.
    """

    __slots__ = ("name", "np", "is_floating_point", "is_signed", "itemsize", "is_complex")

    def __init__(self, name: str, np_dtype: Any) -> None:
        self.name = name
        self.np = np.dtype(np_dtype)
        self.is_floating_point = self.np.kind == "f"
        self.is_complex = self.np.kind == "c"
        self.is_signed = self.np.kind in "fic"
        self.itemsize = self.np.itemsize

    @property
    def dtype(self) -> np.dtype:
        """The numpy dtype (what numpy reads when it is given this object)."""
        return self.np

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, dtype):
            return self is other
        if isinstance(other, np.dtype):
            return self.np == other
        if isinstance(other, type) and issubclass(other, np.generic):
            return self.np == np.dtype(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.np)

    def __reduce__(self) -> str:
        return self.name  # pickles as the module-level singleton


float16 = dtype("float16", np.float16)
float32 = dtype("float32", np.float32)
float64 = dtype("float64", np.float64)
uint8 = dtype("uint8", np.uint8)
int8 = dtype("int8", np.int8)
int16 = dtype("int16", np.int16)
int32 = dtype("int32", np.int32)
int64 = dtype("int64", np.int64)
bool_ = dtype("bool", np.bool_)

ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool_)
_BY_NUMPY: dict[np.dtype, dtype] = {d.np: d for d in ALL}


def of(np_dtype: np.dtype) -> dtype:
    """The ``dtype`` object for a numpy dtype."""
    try:
        return _BY_NUMPY[np_dtype]
    except KeyError:
        raise TypeError(f"minigrad has no dtype for numpy's {np_dtype}") from None


class Size(tuple):
    """A tensor's shape: a tuple of ints that prints as ``torch.Size([3, 1])``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def __getitem__(self, index: Any) -> Any:
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def __add__(self, other: Any) -> Size:
        return Size(tuple.__add__(self, tuple(other)))

    def numel(self) -> int:
        """The number of elements a tensor of this shape holds."""
        return math.prod(self)


class device:  # noqa: N801 - torch's name
    """Where a tensor lives: minigrad's tensors are always on ``device(type='cpu')``.

    ``device("cuda")`` can be named (tutorials do, behind ``cuda.is_available()``), but
    moving a tensor there fails as torch's CPU build fails.
    """

    __slots__ = ("type", "index")
    type: str
    index: int | None

    def __init__(self, type: Any = "cpu", index: int | None = None) -> None:  # noqa: A002
        if isinstance(type, device):
            type, index = type.type, type.index
        name = str(type)
        if ":" in name:
            name, _, number = name.partition(":")
            index = int(number)
        if name not in ("cpu", "cuda", "mps", "meta"):
            raise RuntimeError(
                "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, "
                f"fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device "
                f"type at start of device string: {name}"
            )
        self.type = name
        self.index = index

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, device):
            return NotImplemented
        return (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


CPU = device("cpu")


def check_device(where: Any) -> None:
    """Accept the CPU (as a string or a ``device``); refuse other devices as torch's CPU
    build does."""
    if where is None:
        return
    dev = where if isinstance(where, device) else device(where)
    if dev.type != "cpu":
        raise AssertionError("Torch not compiled with CUDA enabled")
