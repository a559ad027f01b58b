"""minigrad: an autograd engine on numpy with a torch-shaped API.

``import minigrad as torch`` runs simple PyTorch training loops unchanged.
"""

from __future__ import annotations

import builtins  # the annotations' bool/int/float: this module rebinds them to dtypes
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _checks, autograd, ops
from . import arithmetic as _arithmetic
from . import random as _random
from .autograd import enable_grad, is_grad_enabled, keep_graph_values, no_grad, set_grad_enabled
from .creation import (
    DoubleTensor,
    FloatTensor,
    LongTensor,
    _shape_args,
    arange,
    full,
    is_tensor,
    ones,
    ones_like,
    tensor,
    zeros,
    zeros_like,
)
from .dtypes import (  # noqa: E402
    Size,
    bool_,
    device,
    dtype,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
)
from .kernels import get_kernels, get_sum_order, set_kernels, set_sum_order
from .promotion import as_dtype
from .selection import cat, stack
from .tensor import Tensor, _new_tensor

float = float32  # noqa: A001 - torch.float is float32
double = float64
half = float16
long = int64
int = int32  # noqa: A001 - torch.int is int32
short = int16
bool = bool_  # noqa: A001 - torch.bool

__version__ = "0.1.0"

manual_seed = _random.manual_seed
initial_seed = _random.initial_seed
seed = _random.seed
get_rng_state = _random.get_rng_state
set_rng_state = _random.set_rng_state
Generator = _random.Generator
default_generator = _random.default_generator


def _random_tensor(array: np.ndarray, requires_grad: builtins.bool) -> Tensor:
    t = _new_tensor(array, None)
    if requires_grad:
        t.requires_grad = True
    return t


def rand(
    *shape: Any, dtype: Any = None, requires_grad: builtins.bool = False, generator: Any = None
) -> Tensor:
    """Uniform draws in [0, 1), the same numbers torch draws for the same seed."""
    gen = generator or _random.default_generator
    array = gen.rand(_shape_args(shape), as_dtype(dtype or float32))
    return _random_tensor(array, requires_grad)


def randn(
    *shape: Any, dtype: Any = None, requires_grad: builtins.bool = False, generator: Any = None
) -> Tensor:
    """Standard normal draws, the same numbers torch draws for the same seed."""
    gen = generator or _random.default_generator
    array = gen.normal(_shape_args(shape), 0.0, 1.0, as_dtype(dtype or float32))
    return _random_tensor(array, requires_grad)


def randperm(n: builtins.int, generator: Any = None, dtype: Any = None) -> Tensor:
    """A random permutation of 0..n-1 (int64), as torch draws it."""
    gen = generator or _random.default_generator
    return _new_tensor(gen.randperm(n).astype(as_dtype(dtype or int64)), None)


def _unary(name: str, doc: str) -> Callable[[Tensor], Tensor]:
    def op(input: Tensor) -> Tensor:  # noqa: A002 - torch's argument name
        return getattr(input, name)()

    op.__name__ = name
    op.__doc__ = doc
    return op


abs = _unary("abs", "|x| elementwise.")  # noqa: A001
sign = _unary("sign", "The sign of each element.")
exp = _unary("exp", "e ** x elementwise.")
log = _unary("log", "Natural logarithm elementwise.")
sqrt = _unary("sqrt", "Square root elementwise.")
relu = _unary("relu", "max(x, 0) elementwise.")
sigmoid = _unary("sigmoid", "The logistic function elementwise.")
tanh = _unary("tanh", "Hyperbolic tangent elementwise.")
neg = _unary("neg", "-x elementwise.")
t = _unary("t", "Transpose of a tensor of at most 2 dimensions.")


def sum(input: Tensor, dim: Any = None, keepdim: builtins.bool = False) -> Tensor:  # noqa: A001
    """Sum of all elements, or over ``dim``."""
    return input.sum(dim, keepdim)


def mean(input: Tensor, dim: Any = None, keepdim: builtins.bool = False) -> Tensor:
    """Mean of all elements, or over ``dim``."""
    return input.mean(dim, keepdim)


def pow(input: Tensor, exponent: Any) -> Tensor:  # noqa: A001
    """input ** exponent."""
    return input**exponent


def add(input: Tensor, other: Any, alpha: builtins.float = 1) -> Tensor:
    """input + alpha * other."""
    return input.add(other, alpha=alpha)


def sub(input: Tensor, other: Any, alpha: builtins.float = 1) -> Tensor:
    """input - alpha * other."""
    return input.sub(other, alpha=alpha)


def mul(input: Tensor, other: Any) -> Tensor:
    """input * other."""
    return input * other


def div(input: Tensor, other: Any) -> Tensor:
    """input / other."""
    return input / other


def _tensor_arguments(function: str, input: Any, other: Any, name: str = "other") -> None:  # noqa: A002
    """torch's TypeError when a function's two tensor arguments are not tensors (the
    positions count from 1 here; the methods count ``other`` as position 1)."""
    _checks.require_tensor(input, function, "input", 1)
    _checks.require_tensor(other, function, name, 2)


def matmul(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Matrix product with torch's rules for 1-D, 2-D and batched operands."""
    _tensor_arguments("matmul", input, other)
    return _arithmetic.matmul(input, other)


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """Matrix product of two 2-D tensors."""
    _tensor_arguments("mm", input, mat2, "mat2")
    return input.mm(mat2)


def reshape(input: Tensor, shape: Any) -> Tensor:
    """``input`` with another shape."""
    return input.reshape(shape)


def squeeze(input: Tensor, dim: builtins.int | None = None) -> Tensor:
    """Remove dimensions of size 1."""
    return input.squeeze(dim)


def unsqueeze(input: Tensor, dim: builtins.int) -> Tensor:
    """Insert a dimension of size 1."""
    return input.unsqueeze(dim)


def transpose(input: Tensor, dim0: builtins.int, dim1: builtins.int) -> Tensor:
    """Swap two dimensions."""
    return input.transpose(dim0, dim1)


def allclose(
    input: Tensor, other: Tensor, rtol: builtins.float = 1e-05, atol: builtins.float = 1e-08
) -> builtins.bool:
    """Elementwise closeness."""
    _tensor_arguments("allclose", input, other)
    return input.allclose(other, rtol, atol)


def equal(input: Tensor, other: Tensor) -> builtins.bool:
    """Same shape and values."""
    _tensor_arguments("equal", input, other)
    return input.equal(other)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``array`` (as torch.from_numpy)."""
    return _new_tensor(array, None)


def set_num_threads(n: builtins.int) -> None:
    """Accepted for compatibility; numpy decides its own threading."""


def get_num_threads() -> builtins.int:
    """Always 1: minigrad's own code is single-threaded."""
    return 1


# ---------------------------------------------------------------- course ops (issue 11)
from . import return_types  # noqa: E402
from .creation import BoolTensor, ByteTensor, IntTensor, eye, randint  # noqa: E402
from .selection import where  # noqa: E402


def clamp(*args: Any, **kwargs: Any) -> Tensor:
    """``clamp(input, min=None, max=None)``: limit every element to [min, max] (numbers, or
    tensors; not one of each, as torch's parser)."""
    input, lo, hi = _checks.clamp_arguments("clamp", args, kwargs, Tensor, method=False)  # noqa: A001
    return input.clamp(lo, hi)


clip = clamp


def clamp_min(input: Tensor, min: builtins.float) -> Tensor:  # noqa: A002
    """max(input, min) elementwise."""
    return input.clamp_min(min)


def clamp_max(input: Tensor, max: builtins.float) -> Tensor:  # noqa: A002
    """min(input, max) elementwise."""
    return input.clamp_max(max)


def max(input: Tensor, dim: Any = None, keepdim: builtins.bool = False) -> Any:  # noqa: A001
    """The largest element, (values, indices) along ``dim``, or the elementwise maximum."""
    return input.max(dim, keepdim)


def min(input: Tensor, dim: Any = None, keepdim: builtins.bool = False) -> Any:  # noqa: A001
    """The smallest element, (values, indices) along ``dim``, or the elementwise minimum."""
    return input.min(dim, keepdim)


def maximum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise maximum."""
    _tensor_arguments("maximum", input, other)
    return input.maximum(other)


def minimum(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise minimum."""
    _tensor_arguments("minimum", input, other)
    return input.minimum(other)


def argmax(input: Tensor, dim: Any = None, keepdim: builtins.bool = False) -> Tensor:
    """Index of the largest element (flattened, or along ``dim``)."""
    return input.argmax(dim, keepdim)


def argmin(input: Tensor, dim: Any = None, keepdim: builtins.bool = False) -> Tensor:
    """Index of the smallest element."""
    return input.argmin(dim, keepdim)


def std(input: Tensor, dim: Any = None, unbiased: Any = None, keepdim: builtins.bool = False, *,
        correction: Any = None) -> Tensor:
    """Standard deviation (unbiased by default)."""
    return input.std(dim, unbiased, keepdim, correction=correction)


def var(input: Tensor, dim: Any = None, unbiased: Any = None, keepdim: builtins.bool = False, *,
        correction: Any = None) -> Tensor:
    """Variance (unbiased by default)."""
    return input.var(dim, unbiased, keepdim, correction=correction)


def norm(input: Tensor, p: Any = "fro", dim: Any = None, keepdim: builtins.bool = False) -> Tensor:
    """The 2-norm over all elements or ``dim``."""
    return input.norm(p, dim, keepdim)


def scatter(input: Tensor, dim: builtins.int, index: Tensor, value: Any = None, *, src: Any = None
            ) -> Tensor:
    """A copy of ``input`` with values written at ``index`` along ``dim``."""
    return input.scatter(dim, index, value, src=src)


def gather(input: Tensor, dim: builtins.int, index: Tensor) -> Tensor:
    """Values picked along ``dim`` at ``index``."""
    return input.gather(dim, index)


def softmax(input: Tensor, dim: builtins.int) -> Tensor:
    """Softmax along ``dim``."""
    return input.softmax(dim)


def log_softmax(input: Tensor, dim: builtins.int) -> Tensor:
    """Log-softmax along ``dim``."""
    return input.log_softmax(dim)


log1p = _unary("log1p", "log(1 + x) elementwise.")
expm1 = _unary("expm1", "e ** x - 1 elementwise.")


from . import cuda, nn, optim, utils  # noqa: E402  (they import the names above)

__all__ = [
    "BoolTensor",
    "ByteTensor",
    "IntTensor",
    "Size",
    "argmax",
    "argmin",
    "clamp",
    "clamp_max",
    "clamp_min",
    "clip",
    "cuda",
    "device",
    "dtype",
    "expm1",
    "eye",
    "float16",
    "gather",
    "half",
    "int",
    "int16",
    "int32",
    "int8",
    "log1p",
    "log_softmax",
    "max",
    "maximum",
    "min",
    "minimum",
    "norm",
    "randint",
    "return_types",
    "scatter",
    "short",
    "softmax",
    "std",
    "uint8",
    "var",
    "where",
    "DoubleTensor",
    "FloatTensor",
    "Generator",
    "LongTensor",
    "Tensor",
    "abs",
    "add",
    "allclose",
    "arange",
    "autograd",
    "cat",
    "default_generator",
    "div",
    "double",
    "enable_grad",
    "get_kernels",
    "get_sum_order",
    "set_kernels",
    "set_sum_order",
    "keep_graph_values",
    "equal",
    "exp",
    "float",
    "float32",
    "float64",
    "from_numpy",
    "full",
    "ops",
    "get_rng_state",
    "initial_seed",
    "int64",
    "is_grad_enabled",
    "is_tensor",
    "log",
    "long",
    "manual_seed",
    "matmul",
    "mean",
    "mm",
    "mul",
    "neg",
    "nn",
    "no_grad",
    "ones",
    "ones_like",
    "optim",
    "pow",
    "rand",
    "randn",
    "randperm",
    "relu",
    "reshape",
    "seed",
    "set_grad_enabled",
    "set_rng_state",
    "sigmoid",
    "sign",
    "sqrt",
    "squeeze",
    "stack",
    "sub",
    "sum",
    "t",
    "tanh",
    "tensor",
    "transpose",
    "unsqueeze",
    "utils",
    "zeros",
    "zeros_like",
]
