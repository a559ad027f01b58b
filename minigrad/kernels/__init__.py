"""Kernel sets: how minigrad's numbers are made, apart from what the ops compute.

The ops (:mod:`minigrad.ops`, the gradient reductions in :mod:`minigrad.autograd`, the
losses) say *what* to compute; a kernel set says *how* the numbers are made: ``K.sum``,
``K.sum_of_product``, ``K.gemm`` / ``K.matmul`` / ``K.addmm``, ``K.power`` / ``K.int_power``,
``K.sign``, ``K.maximum``, ``K.extreme`` / ``K.select_along`` (max and min), ``K.welford`` (var),
``K.norm2`` (2-norm), ``K.exp`` / ``K.log`` / ``K.sqrt`` / ``K.tanh`` / ``K.sigmoid`` /
``K.log1p`` / ``K.expm1``.
Three sets are interchangeable:

``exact`` (the default)
    numpy, adding in torch's CPU order bit for bit (:mod:`~minigrad.kernels.torch_order`):
    the seed loops reproduce torch's training traces to the last bit.
``fast``
    numpy's own (pairwise) order: as accurate, faster on large arrays, not bit-identical.
``numba``
    torch's order compiled with numba (:mod:`~minigrad.kernels.numba_kernels`): the same bits
    as ``exact``, faster at large N; needs the optional extra ``pip install 'minigrad[numba]'``
    and compiles on first use (cached afterwards). numba is imported only when chosen.

Choose with :func:`set_kernels` or, before ``import minigrad``, the environment variable
``MINIGRAD_KERNELS``. Dispatch costs nothing per op: the modules that sum import the active
kernel functions (``from .kernels import sum_like_torch``), and :func:`set_kernels` rebinds
every reference to them, under whatever name, in every loaded ``minigrad`` module.
"""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType
from typing import Any

from . import exact
from .exact import (
    addmm,
    clamp_between,
    exp,
    expm1,
    extreme,
    float_pow,
    gemm,
    int_power,
    log,
    log1p,
    matmul,
    maximum,
    norm2,
    power,
    select_along,
    sigmoid,
    sign,
    sqrt,
    sum_like_torch,
    sum_of_product,
    tanh,
    welford,
)

__all__ = [
    "KERNEL_SETS",
    "addmm",
    "clamp_between",
    "exp",
    "expm1",
    "extreme",
    "float_pow",
    "gemm",
    "get_kernels",
    "get_sum_order",
    "int_power",
    "log",
    "log1p",
    "matmul",
    "maximum",
    "norm2",
    "power",
    "select_along",
    "set_kernels",
    "set_sum_order",
    "sigmoid",
    "sign",
    "sqrt",
    "sum",
    "sum_like_torch",
    "sum_of_product",
    "tanh",
    "welford",
]

sum = sum_like_torch  # noqa: A001 - the ops call it as ``K.sum``

KERNEL_SETS = ("exact", "fast", "numba")
"""The kernel sets' names, the default first."""

_MODULES = {
    "exact": "minigrad.kernels.exact",
    "fast": "minigrad.kernels.fast",
    "numba": "minigrad.kernels.numba_kernels",
}
# what a kernel set provides; rebound by set_kernels
_API = (
    "sum_like_torch", "gemm", "matmul", "addmm", "power", "int_power", "sign", "maximum",
    "extreme", "select_along", "welford", "exp", "log", "sqrt", "tanh", "sigmoid", "log1p",
    "expm1", "float_pow", "sum_of_product", "clamp_between", "norm2",
)
_state = {"name": "exact"}


def _load(name: str) -> ModuleType:
    if name not in _MODULES:
        raise ValueError(
            f"unknown kernel set {name!r}; choose one of: {', '.join(map(repr, KERNEL_SETS))}"
        )
    if name == "numba":
        try:
            importlib.import_module("numba")
        except ImportError as exc:
            raise ImportError(
                "the 'numba' kernel set needs numba, which is not installed: "
                "pip install 'minigrad[numba]'"
            ) from exc
    return importlib.import_module(_MODULES[name])


def kernel_of(kernel_set: ModuleType, attr: str) -> Any:
    """A set's kernel ``attr``: its own, or the exact set's (a set defines only what it
    computes differently: ``fast`` and ``numba`` their sum)."""
    return getattr(kernel_set, attr, None) or getattr(exact, attr)


def set_kernels(name: str) -> None:
    """Choose the kernel set: ``"exact"`` (default), ``"fast"`` or ``"numba"``.

    Raises ValueError for an unknown name (listing the known ones) and ImportError for
    ``"numba"`` when numba is not installed. Takes effect for every op from the next call."""
    if name == _state["name"]:
        return
    new = _load(name)
    here = sys.modules[__name__]
    swap = {id(getattr(here, attr)): kernel_of(new, attr) for attr in _API}
    for modname, module in list(sys.modules.items()):
        if module is None or not (modname == "minigrad" or modname.startswith("minigrad.")):
            continue
        if modname.startswith(__name__ + "."):  # the kernel sets themselves
            continue
        namespace = vars(module)
        for attr, value in list(namespace.items()):  # under any name it was imported as
            if id(value) in swap:
                namespace[attr] = swap[id(value)]
    _state["name"] = name


def get_kernels() -> str:
    """The active kernel set's name: ``"exact"``, ``"fast"`` or ``"numba"``."""
    return _state["name"]


def set_sum_order(order: str) -> None:
    """Alias kept for existing code: ``"numpy"`` is ``set_kernels("fast")``; ``"torch"``
    leaves the ``fast`` set for ``exact`` (and keeps ``numba``, also torch's order)."""
    if order not in ("torch", "numpy"):
        raise ValueError(f"sum order must be 'torch' or 'numpy', not {order!r}")
    if order == "numpy":
        set_kernels("fast")
    elif _state["name"] == "fast":
        set_kernels("exact")


def get_sum_order() -> str:
    """Alias kept for existing code: ``"numpy"`` under the ``fast`` set, else ``"torch"``."""
    return "numpy" if _state["name"] == "fast" else "torch"


if os.environ.get("MINIGRAD_KERNELS"):
    try:
        set_kernels(os.environ["MINIGRAD_KERNELS"])
    except ValueError as exc:
        raise ValueError(f"environment variable MINIGRAD_KERNELS: {exc}") from None
