"""Argument checks that give torch's exception classes and messages.

Each check is shared by every call site that needs it: one argument-type check for the
methods that take a tensor, one broadcast check, the matmul/mm shape rules, the dtype
rules of the random fills and of ``fill_``. A check returns nothing and raises on bad
input, so a call site reads ``check_x(...)`` on its first line.
"""

from __future__ import annotations

import math
import re
import warnings
from typing import Any

import numpy as np

from ._strides import expanded, torch_strides

# torch's short names (kernel messages) and C++ names (matmul's dtype message)
_SHORT = {
    "float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int", "int16": "Short",
    "int8": "Char", "uint8": "Byte", "bool": "Bool", "float16": "Half",
}
_C_TYPE = {
    "float32": "float", "float64": "double", "int64": "long int", "int32": "int",
    "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool",
}
_C_INT = {
    "int64": "int64_t", "int32": "int", "int16": "int16_t", "int8": "int8_t",
    "uint8": "uint8_t", "float32": "float", "float64": "double",
}


def c_type_name(dtype: np.dtype) -> str:
    """The C++ type torch names a dtype by in some messages (``long int``)."""
    return _C_TYPE.get(dtype.name, dtype.name)


def short_name(dtype: np.dtype) -> str:
    """torch's scalar-type name of a dtype, as in kernel messages (``'Long'``)."""
    return _SHORT.get(dtype.name, dtype.name)


def require_tensor(value: Any, function: str, argument: str = "other", position: int = 1) -> None:
    """TypeError in torch's words when ``value`` passed as a tensor argument is not one."""
    from .tensor import Tensor

    if not isinstance(value, Tensor):
        raise TypeError(
            f"{function}(): argument '{argument}' (position {position}) must be Tensor, "
            f"not {type(value).__name__}"
        )


def check_broadcast(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    """torch's RuntimeError when shapes ``sa`` and ``sb`` do not broadcast (else nothing)."""
    for i in range(1, min(len(sa), len(sb)) + 1):
        x, y = sa[-i], sb[-i]
        if x != y and x != 1 and y != 1:
            dim = max(len(sa), len(sb)) - i
            raise RuntimeError(
                f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                f"non-singleton dimension {dim}"
            )


def raise_numpy_broadcast_error(e: ValueError) -> None:
    """torch's words for numpy's "operands could not be broadcast together with shapes (2,2)
    (3,2)" (an op's operands in that order), else nothing."""
    found = re.findall(r"\(([\d,]*)\)", str(e)) if "broadcast together" in str(e) else []
    if len(found) >= 2:
        sa, sb = (tuple(int(n) for n in s.split(",") if n) for s in found[:2])
        check_broadcast(sa, sb)


def check_not_bool(dtype: np.dtype, kernel: str) -> None:
    """NotImplementedError in torch's words for a kernel without a bool version."""
    if dtype.kind == "b":
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


def check_floating(dtype: np.dtype, kernel: str) -> None:
    """NotImplementedError in torch's words for a kernel with floating versions only
    (the random fills: ``check_uniform_bounds``, ``normal_kernel_cpu``; ``mse_cpu``)."""
    if dtype.kind not in "fc":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{short_name(dtype)}\'')


def check_float_scalar(value: Any, dtype: np.dtype) -> None:
    """torch's RuntimeError when a finite Python number is beyond a float dtype's range
    (a scalar argument converted to the tensor's type: ``full``, ``clamp``, ``alpha``,
    ``where``); inf and nan pass."""
    number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, bool
    )
    if number and dtype.kind == "f" and math.isfinite(value) and (
        abs(value) > float(np.finfo(dtype).max)
    ):
        raise RuntimeError(
            f"value cannot be converted to type {_C_INT.get(dtype.name, dtype.name)} "
            "without overflow"
        )


def fill_value(value: Any, dtype: np.dtype) -> Any:
    """``value`` ready to fill a tensor of ``dtype``, or torch's RuntimeError when the
    Python number does not fit (``fill_``); uint8 wraps negative integers as torch does,
    bool takes anything."""
    if dtype.kind == "b" or isinstance(value, bool):
        return value
    name = _C_INT.get(dtype.name, dtype.name)
    if dtype.kind == "f":
        check_float_scalar(value, dtype)
        fits = True
    elif isinstance(value, (float, np.floating)):  # c10's overflows: nan, inf and anything
        info = np.iinfo(dtype)  # past the type's range (a negative one for uint8) refused
        fits = bool(info.min <= value <= info.max)
    else:
        info = np.iinfo(dtype)  # an integer: uint8 takes -255..-1 as two's complement
        low = -int(info.max) if dtype.name == "uint8" else info.min
        fits = low <= value <= info.max
    if not fits:
        raise RuntimeError(f"value cannot be converted to type {name} without overflow")
    if dtype.name == "uint8" and value < 0:
        return int(value) % 256
    return value


def check_dim_type(dim: Any, function: str) -> None:
    """TypeError in torch's words when a ``dim`` argument is not an int."""
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(
            f"{function}(): argument 'dim' (position 1) must be int, not {type(dim).__name__}"
        )


def check_mm(a: Any, b: Any) -> None:
    """``mm``'s checks, in torch's order: both matrices, sizes, dtypes, bool."""
    if a.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    _check_mat(a.shape, b.shape)
    _check_same_dtype(a, b)
    if _product_has_terms(tuple(a.shape), tuple(b.shape)):
        check_not_bool(a._data.dtype, "addmm_impl_cpu_")


def check_addmm_bool(dtype: np.dtype, m: int, k: int, n: int) -> None:
    """``addmm_impl_cpu_``'s order for a bool ``bias + mat1 @ mat2`` (m x k times k x n):
    an empty result returns untouched; with no product (k = 0) the result is the bias
    times beta, an integer 1 that a bool tensor cannot take in place; otherwise the kernel
    has no bool version."""
    if dtype.kind != "b" or m * n == 0:
        return
    if k == 0:
        raise RuntimeError("result type Long can't be cast to the desired output type Bool")
    check_not_bool(dtype, "addmm_impl_cpu_")


def _product_has_terms(sa: tuple[int, ...], sb: tuple[int, ...]) -> bool:
    """Whether a matrix product (batched, or with 1-D operands) has any product to add:
    torch's mm/mv/bmm kernels are not dispatched (so refuse no dtype) when it has none."""
    m = sa[-2] if len(sa) >= 2 else 1
    n = sb[-1] if len(sb) >= 2 else 1
    batch = math.prod(math.prod(s[:-2]) for s in (sa, sb) if len(s) > 2)
    return sa[-1] > 0 and m * n > 0 and batch > 0


def check_matmul(a: Any, b: Any) -> None:
    """``matmul``'s checks on torch's unbatched paths (dot, mv, mm: neither operand more
    than 2-D); the batched path's are ``check_bmm``'s."""
    sa, sb = tuple(a.shape), tuple(b.shape)
    if a.ndim == 1 and b.ndim == 1:  # torch's dot checks the dtypes before the sizes
        _check_path_dtypes(a, b, "dot")
    kernel = _check_unbatched(sa, sb)
    _check_path_dtypes(a, b, kernel)
    if kernel == "dot" or _product_has_terms(sa, sb):
        check_not_bool(a._data.dtype, kernel)


def check_matmul_rank(a: Any, b: Any) -> None:
    """``matmul`` needs two operands of at least one dimension."""
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and "
            f"{b.ndim}D"
        )


def check_bmm(a: Any, b: Any) -> None:
    """``bmm``'s checks on two 3-D operands: the batch and the inner sizes, then (only when
    the kernel runs: a product to add) one dtype and no bool."""
    sa, sb = tuple(a.shape), tuple(b.shape)
    if sb[0] != sa[0] or sb[1] != sa[2]:
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{sa[0]}, {sa[2]}] but got: [{sb[0]}, {sb[1]}]."
        )
    if _product_has_terms(sa, sb):  # the kernel is chosen by batch1's dtype; from 400
        # multiply-adds per matrix torch runs addmm_impl_cpu_ on each batch item instead
        naive = sa[1] * sa[2] * sb[2] < 400
        check_not_bool(a._data.dtype, "bmm" if naive else "addmm_impl_cpu_")
        # (the naive kernel expects batch1's dtype, the per-item path batch2's)
        _check_path_dtypes(a, b, "bmm") if naive else _check_path_dtypes(b, a, "bmm")


def _check_path_dtypes(a: Any, b: Any, kernel: str) -> None:
    """One dtype for both operands, in the words of torch's kernel for the path."""
    da, db = short_name(a._data.dtype), short_name(b._data.dtype)
    if da == db:
        return
    if kernel == "dot":
        raise RuntimeError(
            f"dot : expected both vectors to have same dtype, but found {da} and {db}"
        )
    if kernel == "addmv_impl_cpu":  # the output takes the vector's dtype
        raise RuntimeError(
            f"addmv input tensors must have the same dtype, but got {db}, {da}, and {db}"
        )
    if kernel == "bmm":
        raise RuntimeError(f"expected scalar type {da} but found {db}")
    _check_same_dtype(a, b)


def _check_unbatched(sa: tuple[int, ...], sb: tuple[int, ...]) -> str:
    """Shape check of a dot, mv or mm product; returns the kernel's name."""
    if len(sa) == 1 and len(sb) == 1:
        if sa != sb:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{sa[0]}] and src [{sb[0]}] to have "
                f"the same number of elements, but got {sa[0]} and {sb[0]} elements respectively"
            )
        return "dot"
    if len(sb) == 1:
        if sa[1] != sb[0]:
            raise RuntimeError(
                f"size mismatch, got input ({sa[0]}), mat ({sa[0]}x{sa[1]}), vec ({sb[0]})"
            )
        return "addmv_impl_cpu"
    _check_mat(sa if len(sa) == 2 else (1, sa[0]), sb)
    return "addmm_impl_cpu_"


def _check_mat(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    if sa[1] != sb[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({sa[0]}x{sa[1]} and {sb[0]}x{sb[1]})"
        )


def _check_same_dtype(a: Any, b: Any) -> None:
    _check_m1_m2(a._data.dtype, b._data.dtype)


def _check_m1_m2(da: np.dtype, db: np.dtype) -> None:
    """mm's refusal of two dtypes, in its words (C++ type names)."""
    if da != db:
        raise RuntimeError(
            "expected m1 and m2 to have the same dtype, but got: "
            f"{_C_TYPE.get(da.name, da.name)} != {_C_TYPE.get(db.name, db.name)}"
        )


def check_mm_backward(g: np.ndarray, mat1: np.ndarray | None, mat2: np.ndarray | None,
                      mat1_column_major: bool, mat2_column_major: bool) -> None:
    """torch's refusals in mm's backward products (``mat1`` saved for mat2's gradient,
    ``mat2`` for mat1's; None when not needed), which only a ``.data =`` of a saved operand
    can meet, in the order torch multiplies: mat2's gradient first (``grad.t().mm(mat1).t()``
    for a column-major mat2, else ``mat1.t().mm(grad)``), then mat1's
    (``mat2.mm(grad.t()).t()`` for a column-major mat1, else ``grad.mm(mat2.t())``)."""
    if mat1 is not None:
        _check_mm(*((g.T, mat1) if mat2_column_major else (_t(mat1), g)))
    if mat2 is not None:
        _check_mm(*((mat2, g.T) if mat1_column_major else (g, _t(mat2))))


def _t(a: np.ndarray) -> np.ndarray:
    """``a.t()``: refuses more than 2 dimensions (1-D and 0-d come back as they are)."""
    if a.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {a.ndim}D")
    return a.T


def _check_mm(m1: np.ndarray, m2: np.ndarray) -> None:
    """``m1.mm(m2)``'s checks in torch's order: matrices, sizes that chain, one dtype."""
    if m1.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if m2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    if m1.shape[1] != m2.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({m1.shape[0]}x{m1.shape[1]} and "
            f"{m2.shape[0]}x{m2.shape[1]})"
        )
    _check_m1_m2(m1.dtype, m2.dtype)


def check_mv_backward(g: np.ndarray, mat: np.ndarray) -> None:
    """mv's backward for the vector, ``mat.t().mv(grad)``, refuses a saved matrix whose
    ``.data =`` took another dtype (the output takes the vector's: the grad's)."""
    if mat.dtype != g.dtype:
        dm, dg = short_name(mat.dtype), short_name(g.dtype)
        raise RuntimeError(
            f"addmv input tensors must have the same dtype, but got {dg}, {dm}, and {dg}"
        )


def is_column_major(a: np.ndarray) -> bool:
    """torch's test for a column-major matrix (mm's backward lays its gradient out so)."""
    if a.ndim != 2:
        return False
    strides = torch_strides(a)
    return strides[0] == a.itemsize and strides[1] == a.shape[0] * a.itemsize


def legacy_type_name(dtype: np.dtype) -> str:
    """How torch names a tensor type in ``expand``'s message (``torch.FloatTensor``)."""
    if dtype.kind == "b":
        return "CPUBoolType"
    return f"torch.{short_name(dtype)}Tensor"


def check_expand_rank(dtype: np.dtype, shape: tuple[int, ...], sizes: tuple[int, ...]) -> None:
    """``expand``'s RuntimeError when fewer sizes than dimensions are given."""
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand({legacy_type_name(dtype)}{{{list(shape)}}}, size={list(sizes)}): the number "
            f"of sizes provided ({len(sizes)}) must be greater or equal to the number of "
            f"dimensions in the tensor ({len(shape)})"
        )


def check_output_broadcast(out: tuple[int, ...], src: tuple[int, ...]) -> None:
    """An in-place op or ``copy_`` writes into ``out``: ``src`` must broadcast with it, and
    the broadcast shape must be ``out``'s own (torch's two messages)."""
    check_broadcast(out, src)
    full = tuple(np.broadcast_shapes(out, src))
    if full != tuple(out):
        raise RuntimeError(
            f"output with shape {list(out)} doesn't match the broadcast shape {list(full)}"
        )


def check_no_partial_overlap(out: Any, src: Any) -> None:
    """torch's RuntimeError when an in-place op reads a tensor that partly overlaps the
    memory it writes (the same memory with the same strides is fine; layouts torch cannot
    judge, such as gaps, pass as in torch). ``x[i] = value`` first expands the value to
    the selected shape, as torch's setitem does (``src`` may be that array)."""
    if src is not out and _overlap(out, src) == "partial":
        raise RuntimeError(PARTIAL_OVERLAP)


def check_no_overlap(out: Any, src: Any) -> None:
    """torch's ``assert_no_overlap`` (``index_put_``'s value): refused when ``src`` shares
    any element with ``out``, the same memory and strides included."""
    if src is out or _overlap(out, src) != "no":
        raise RuntimeError(PARTIAL_OVERLAP)


def _overlap(out: Any, src: Any) -> str:
    """torch's ``get_overlap_status`` of two tensors (or a tensor and an array with
    torch's strides): 'full' (same memory, same strides), 'partial' or 'no' (also when
    either is empty or has gaps or overlaps of its own: torch cannot judge those)."""
    from .tensor import Tensor

    if isinstance(src, Tensor):
        b = src._data
        b_strides = torch_strides(b)
    elif isinstance(src, np.ndarray):  # strides already torch's (expanded_like_torch)
        b = src
        b_strides = list(b.strides)
    else:
        return "no"
    a = out._data
    if a.size == 0 or b.size == 0 or not (is_dense(a) and is_dense(b)):
        return "no"
    a0, b0 = _address(a), _address(b)
    a1, b1 = a0 + a.nbytes, b0 + b.nbytes
    if (a0, a1) == (b0, b1):  # torch's get_overlap_status compares strides, not sizes
        return "full" if torch_strides(a) == b_strides else "partial"
    return "partial" if a0 < b1 and b0 < a1 else "no"


NO_GRAD_FN = "element 0 of tensors does not require grad and does not have a grad_fn"

PARTIAL_OVERLAP = (
    "unsupported operation: some elements of the input tensor and the written-to tensor "
    "refer to a single memory location. Please clone() the tensor before performing the "
    "operation."
)


def expanded_like_torch(a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``a`` expanded to ``shape`` with torch's strides as numpy's (``inferExpandGeometry``:
    a new dimension of size 1 takes the next one's extent, a broadcast dimension stride 0,
    and every dimension of an expanded 0-d tensor stride 0)."""
    strides = expanded(list(a.shape), torch_strides(a), a.itemsize, shape)
    return np.lib.stride_tricks.as_strided(a, shape, strides, writeable=False)


def _address(a: np.ndarray) -> int:
    return int(a.__array_interface__["data"][0])


def is_dense(a: np.ndarray) -> bool:
    """torch's is_non_overlapping_and_dense: some order of the dimensions is row-major."""
    dims = sorted((s, n) for s, n in zip(a.strides, a.shape) if n != 1)
    expected = a.itemsize
    for stride, n in dims:
        if stride != expected:
            return False
        expected *= n
    return True


def check_zero_dim_index(index: Any, ndim: int, stale_size: int = 0) -> None:
    """Indexing a 0-d tensor with one int or one slice: torch's IndexErrors. torch checks an
    int against the first entry of the tensor's size array, which a 0-d tensor does not
    have: it reads what is left there (0, or for the output of a reduced mse_loss or
    binary_cross_entropy the loss's first size before the reduction, ``stale_size``)."""
    if ndim != 0:
        return
    kind = getattr(getattr(getattr(index, "_data", index), "dtype", None), "kind", "")
    if kind in "iu" and kind or isinstance(index, list):  # an integer index tensor or a list
        raise IndexError("too many indices for tensor of dimension 0")
    if isinstance(index, slice):  # (torch reads the step first)
        if index.step is not None and index.step <= 0:
            raise ValueError("slice step cannot be zero" if index.step == 0
                             else "step must be greater than zero")
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if isinstance(index, (int, np.integer)) and not isinstance(index, bool):
        if index == 0:
            raise IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"
            )
        if stale_size > -1 - index and stale_size > index:  # in bounds of the stale size
            raise IndexError("select() cannot be applied to a 0-dim tensor.")
        raise IndexError(
            f"index {index} is out of bounds for dimension 0 with size {stale_size}"
        )


def covers_all(index: Any, shape: tuple[int, ...]) -> bool:
    """True for an index of full slices and at most one ellipsis, which torch applies to the
    tensor itself rather than to a view (``x[:] = v`` is an in-place op on ``x``)."""
    items = index if isinstance(index, tuple) else (index,)
    if not all(i is Ellipsis or isinstance(i, slice) for i in items):
        return False
    if items.count(Ellipsis) > 1:
        return False
    e = items.index(Ellipsis) if Ellipsis in items else len(items)
    before, after = items[:e], items[e + 1 :]
    if len(before) + len(after) > len(shape):
        return False
    pairs = list(zip(before, shape)) + list(zip(after, shape[len(shape) - len(after) :]))
    return all(_full_slice(s, n) for s, n in pairs)


def _full_slice(s: slice, n: int) -> bool:
    stop_ok = s.stop is None or (isinstance(s.stop, int) and s.stop >= n)
    return s.start in (None, 0) and s.step in (None, 1) and stop_ok


def check_index_put_dtype(dst: np.dtype, src: np.dtype) -> None:
    """Advanced-index assignment of a tensor needs the destination's dtype."""
    if dst != src:
        raise RuntimeError(
            "Index put requires the source and destination dtypes match, got "
            f"{short_name(dst)} for the destination and {short_name(src)} for the source."
        )


def check_sizes(shape: tuple[int, ...]) -> None:
    """torch's RuntimeError for a negative size when creating a tensor."""
    for n in shape:
        if n < 0:
            raise RuntimeError(
                f"Trying to create tensor with negative dimension {n}: {list(shape)}"
            )


def check_dtype_argument(dtype: Any, function: str) -> None:
    """TypeError in torch's words for a dtype given as a string (``dtype='float32'``)."""
    if isinstance(dtype, str):
        raise TypeError(f"{function}(): argument 'dtype' must be torch.dtype, not str")


def check_reduction_dim(dim: Any, function: str) -> None:
    """``sum``/``mean`` take an int or a tuple of ints as ``dim``: torch's TypeError else."""
    if dim is None or isinstance(dim, (tuple, list)):
        return
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(
            f"{function}() received an invalid combination of arguments - got "
            f"({type(dim).__name__}), but expected one of:\n"
            " * (*, torch.dtype dtype = None)\n"
            " * (tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)\n"
        )


def clamp_arguments(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], tensor_type: type,
    method: bool = True,
) -> tuple[Any, ...]:
    """``clamp``'s arguments as torch's parser reads them: (min, max), or (input, min, max)
    for the function; bounds both numbers or both tensors (None allowed with either). A
    tensor with a number, or arguments it cannot place, raise its TypeError."""
    names = ("min", "max") if method else ("input", "min", "max")
    placed = (len(args) <= len(names) and not set(kwargs) - set(names)
              and not any(n in kwargs for n in names[: len(args)]))
    values = dict(zip(names, args), **kwargs) if placed else {}
    bounds = [values.get("min"), values.get("max")]
    kinds = {isinstance(b, tensor_type) for b in bounds if b is not None}
    if placed and len(kinds) < 2:
        return tuple(values.get(n) for n in names)
    tensor_bounds: list[Any] = [b for b in bounds if isinstance(b, tensor_type)]
    if placed and all(b._data.ndim == 0 and not b.requires_grad for b in tensor_bounds):
        for n in ("min", "max"):  # a 0-d tensor (not requiring grad) beside a number is
            # read as a number
            if isinstance(values.get(n), tensor_type):
                values[n] = values[n].item()
        return tuple(values.get(n) for n in names)

    def type_name(v: Any) -> str:  # (a Parameter is named as such)
        return type(v).__name__

    given = [type_name(a) for a in args]
    keywords = [f"{k}={type_name(v)}" for k, v in reversed(kwargs.items())]
    got = ", ".join(given + keywords) if given else "".join(k + ", " for k in keywords)
    if method:
        signatures = ["(Tensor min = None, Tensor max = None)",
                      "(Number min = None, Number max = None)"]
    else:
        signatures = [f"(Tensor input, {kind} min = None, {kind} max = None, *, Tensor out = "
                      "None)" for kind in ("Tensor", "Number")]
    lines = [f"{name}() received an invalid combination of arguments - got ({got}), but "
             "expected one of:"]
    for signature in signatures:
        lines.append(f" * {signature}")
        if method and placed:  # why each overload refused (torch says so for methods)
            lines.append(
                "      didn't match because some of the keywords were incorrect: "
                + ", ".join(reversed(kwargs)) if kwargs else
                "      didn't match because some of the arguments have invalid types: ("
                + ", ".join(f"!{g}!" for g in given) + ")")
    raise TypeError("\n".join(lines) + "\n")


NON_TUPLE_INDEX_WARNING = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be "
    "changed in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be "
    "interpreted as tensor index, x[torch.tensor(seq)], which will result either in an error "
    "or a different result"
)


def sequence_as_tuple(index: Any) -> Any:
    """torch's ``treatSequenceAsTuple`` (numpy's old rule): a list index of fewer than 32
    items holding a sequence, tensor, slice, ``...`` or None is read as a tuple of indices,
    with torch's deprecation warning; any other index is returned as it is."""
    if type(index) is not list or len(index) >= 32:
        return index
    for item in index:
        if isinstance(item, (list, tuple, range, str, slice, np.ndarray)) or hasattr(
            item, "_data"
        ):
            line = 349
        elif item is None or item is Ellipsis:
            line = 359
        else:
            continue
        warnings.warn(NON_TUPLE_INDEX_WARNING + triggered(
            f"torch/csrc/autograd/python_variable_indexing.cpp:{line}"), UserWarning, stacklevel=3)
        return tuple(index)
    return index


def check_index_types(index: Any) -> None:
    """torch's IndexErrors for a float index or a floating index tensor."""
    for item in index if isinstance(index, tuple) else (index,):
        if isinstance(item, (float, np.floating)):
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
                f"are valid indices (got {type(item).__name__})"
            )
        data = getattr(item, "_data", None)
        if data is not None and data.dtype not in _INDEX_DTYPES:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")


_INDEX_DTYPES = tuple(np.dtype(t) for t in (np.int64, np.int32, np.uint8, np.bool_))
def triggered(where: str) -> str:
    """The suffix torch's C++ warnings carry: where in torch 2.13's build they were raised
    (``where``: a source path and line), so that a warning reads as torch's word for word."""
    return f" (Triggered internally at /__w/pytorch/pytorch/{where}.)"


EXPANDED_WRITE_WARNING = (
    "Use of {op} on expanded tensors is deprecated. Please clone() the tensor before "
    "performing this operation. This also applies to advanced indexing e.g. tensor[{what}] = "
    "{value}"
)
INDEX_PUT_SOURCE = "aten/src/ATen/native/TensorAdvancedIndexing.cpp:976"
MASKED_FILL_SOURCE = "aten/src/ATen/native/TensorAdvancedIndexing.cpp:2450"


def overlaps_itself(a: np.ndarray) -> bool:
    """Whether elements of ``a`` share memory (an expanded tensor: a stride 0)."""
    return a.size > 1 and any(s == 0 and n > 1 for s, n in zip(a.strides, a.shape))


UINT8_INDEX_WARNING = (
    "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead."
) + triggered("aten/src/ATen/native/IndexingUtils.h:37")


def check_byte_mask_fill(index: Any, value: Any) -> None:
    """torch writes one number through one mask with ``masked_fill_``, which refuses a
    uint8 mask (an index_put_ would take it as a bool mask)."""
    items = index if isinstance(index, tuple) else (index,)
    tensors = [i._data for i in items if hasattr(i, "_data")]
    lists = [i for i in items if isinstance(i, list)]
    if len(tensors) != 1 or lists or tensors[0].dtype != np.uint8:
        return
    if np.size(getattr(value, "_data", value)) == 1:
        raise RuntimeError(
            "masked_fill_ only supports boolean masks, but got mask with dtype unsigned char"
        )


def check_nested_lengths(data: Any) -> None:
    """torch's ValueError for ragged nested lists (``tensor([[1], [2, 3]])``): the shape is
    read from the first elements, and every list must match it."""
    shape = []
    probe = data
    while isinstance(probe, (list, tuple)):
        shape.append(len(probe))
        if not probe:
            break
        probe = probe[0]
    _walk_lengths(data, shape, 0)


def _walk_lengths(seq: Any, shape: list[int], dim: int) -> None:
    if dim >= len(shape):
        return
    if not isinstance(seq, (list, tuple)):
        raise TypeError("not a sequence")
    if len(seq) != shape[dim]:
        raise ValueError(f"expected sequence of length {shape[dim]} at dim {dim} (got {len(seq)})")
    for item in seq:
        _walk_lengths(item, shape, dim + 1)


def check_expand_sizes(shape: tuple[int, ...], sizes: tuple[int, ...]) -> None:
    """``expand``'s size check as torch runs it, from the last dimension backwards (so the
    last mismatching dimension is the one named)."""
    lead = len(sizes) - len(shape)
    for i in range(len(sizes) - 1, lead - 1, -1):
        n, have = sizes[i], shape[i - lead]
        if n != -1 and have != n and have != 1:
            raise RuntimeError(
                f"The expanded size of the tensor ({n}) must match the existing size ({have}) "
                f"at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor "
                f"sizes: {list(shape)}"
            )


def split_view_first(index: Any, shape: tuple[int, ...]) -> tuple[Any, Any] | None:
    """torch's order for an index mixing ints, ``None`` or partial slices with advanced parts
    (lists, arrays): the basic items select a view first, then the advanced ones index that
    view. Returns ``(basic, advanced)`` (each a tuple for the view and for the indexing of
    it), or None when nothing basic needs a view (full slices and ``...`` only)."""
    items = index if isinstance(index, tuple) else (index,)
    consumed = []
    for item in items:
        if item is None or item is Ellipsis or isinstance(item, (bool, np.bool_)):
            consumed.append(0)
        elif isinstance(item, (list, np.ndarray)):
            arr = np.asarray(item)
            consumed.append(arr.ndim if arr.dtype == np.bool_ else 1)
        else:
            consumed.append(1)
    ellipsis_dims = len(shape) - sum(consumed)
    basic: list[Any] = []
    advanced: list[Any] = []
    needed, dim = False, 0
    for item, used in zip(items, consumed):
        if item is Ellipsis:
            basic.append(item)
            advanced.append(item)
            dim += ellipsis_dims
        elif item is None:
            basic.append(None)
            advanced.append(slice(None))
            needed = True
        elif isinstance(item, (bool, np.bool_)):  # torch: a new dimension, indexed by [0] or by []
            basic.append(None)
            advanced.append(np.arange(int(item)))
            needed = True
        elif isinstance(item, slice):
            n = shape[dim] if dim < len(shape) else 0
            full = item.start in (None, 0) and item.step in (None, 1) and (
                item.stop is None or item.stop >= n
            )
            basic.append(item)
            advanced.append(slice(None))
            needed = needed or not full
            dim += 1
        elif isinstance(item, (list, np.ndarray)):
            basic.extend([slice(None)] * used)
            advanced.append(item)
            dim += used
        else:  # an int: selects, the dimension goes
            basic.append(item)
            needed = True
            dim += 1
    return (tuple(basic), tuple(advanced)) if needed else None


def check_index_put_shape(shape: tuple[int, ...], index: Any, value: tuple[int, ...]) -> None:
    """``x[advanced index] = value``: the value must broadcast to the indexing result (its
    leading size-1 dimensions dropped first), in torch's words."""
    probe = np.broadcast_to(np.empty((), dtype=np.int8), shape)
    try:
        result = probe[index].shape
    except IndexError as e:  # out of bounds in a dimension of size 0: torch says so before
        from .ops import _torch_index_error  # the dtypes (other indices are checked

        error = _torch_index_error(e)  # as the values are written, after them; and
        if str(error).endswith("with size 0") or str(error).startswith(  # index tensors
            "shape mismatch: indexing tensors"  # that do not broadcast together, as it
        ):  # broadcasts them before it reads the value's dtype)
            raise error from None
        try:  # the result's shape does not depend on the places: torch checks it first
            result = probe[_zero_places(index)].shape
        except (IndexError, ValueError):
            return
    except ValueError:  # a bad index: the indexing itself raises torch's error
        return
    trimmed = tuple(value)
    while len(trimmed) > len(result) and trimmed[0] == 1:
        trimmed = trimmed[1:]
    fits = len(trimmed) <= len(result) and all(
        v in (1, r) for v, r in zip(reversed(trimmed), reversed(result))
    )
    if not fits:
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {list(value)} cannot be broadcast to "
            f"indexing result of shape {list(result)}"
        )


def _zero_places(index: Any) -> Any:
    """``index`` with every integer index list or array replaced by zeros of its shape (an
    index of the same result shape whatever the places)."""
    def zero(i: Any) -> Any:
        if isinstance(i, (list, np.ndarray)):
            a = np.asarray(i)
            return np.zeros_like(a) if a.dtype.kind in "iu" else i
        return i
    return tuple(map(zero, index)) if isinstance(index, tuple) else zero(index)


def check_index_count(index: Any, ndim: int) -> None:
    """torch's IndexError for an index naming more dimensions than there are (raised while
    it parses the index, before the write's own checks)."""
    count = 0
    for item in index if isinstance(index, tuple) else (index,):
        if item is None or item is Ellipsis or isinstance(item, (bool, np.bool_)):
            continue
        if isinstance(item, (list, np.ndarray)):
            arr = np.asarray(item)
            count += arr.ndim if arr.dtype == np.bool_ else 1
        else:
            count += 1
    if count > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")


def expand_ellipses(index: Any, shape: tuple[int, ...], array: Any = None) -> Any:
    """An index with two or more ``...`` rewritten as torch applies it, or torch's error.

    torch walks an index item by item with a dimension pointer (``applySlicing``): every
    ``...`` moves the pointer by the dimensions no other item names, so a second ``...``
    (numpy refuses it) moves it past the dimensions there are. Items landing in range act
    as usual; past the end an int reads the size torch finds there (:func:`_size_past_end`:
    0, or a stride of the tensor when the pointer reaches the stride array that follows the
    sizes; ``array`` is the tensor's array, for its strides) and raises, out of bounds or out
    of the dimension range; a slice that starts at 0 with step 1 changes nothing and any other
    slice, ``None`` or bool is out of the dimension range. The result has no ``...`` left;
    ``index`` with at most one ``...`` comes back unchanged.
    """
    if not isinstance(index, tuple) or sum(i is Ellipsis for i in index) < 2:
        return index

    def consumed(item: Any) -> int:
        if item is None or item is Ellipsis or isinstance(item, bool):
            return 0
        if isinstance(item, (list, np.ndarray)):
            arr = np.asarray(item)
            return arr.ndim if arr.dtype == np.bool_ else 1
        return 1

    skipped = len(shape) - sum(consumed(i) for i in index)
    if skipped < 0:  # the index has too many items (checked later, in torch's words)
        return tuple(i for i in index if i is not Ellipsis)
    out: list[Any] = []
    dim = produced = 0  # torch's pointer into the result; dimensions ``out`` makes
    ndim = len(shape)  # the result's dimensions so far
    for position, item in enumerate(index):
        if item is Ellipsis:
            dim += skipped
            continue
        if isinstance(item, slice) and item.step is not None and item.step <= 0:
            raise ValueError("slice step cannot be zero" if item.step == 0
                             else "step must be greater than zero")
        inserts = item is None or isinstance(item, bool)
        if dim > ndim or (dim == ndim and not inserts):  # past the result's dimensions
            if isinstance(item, (int, np.integer)) and not isinstance(item, bool):
                size = _size_past_end(dim, _result_strides(array, shape, out))
                if size >= -item and size > item:  # in range of what it read: select()
                    raise IndexError(  # is refused the dimension itself
                        "Dimension out of range (expected to be in range of "
                        f"[{-max(ndim, 1)}, {max(ndim, 1) - 1}], but got {dim})"
                    )
                raise IndexError(
                    f"index {item} is out of bounds for dimension {position} with size {size}"
                )
            if isinstance(item, slice):
                stop_ok = item.stop is None or item.stop >= 0
                if item.start in (None, 0) and item.step in (None, 1) and stop_ok:
                    dim += 1
                    continue
            if isinstance(item, slice) or inserts:
                n = ndim + 1 if inserts else ndim
                raise IndexError(
                    "Dimension out of range (expected to be in range of "
                    f"[{-max(n, 1)}, {max(n, 1) - 1}], but got {dim})"
                )
            raise IndexError(
                f"too many indices for tensor of dimension {ndim} (got {dim + consumed(item)})"
            )
        out.extend([slice(None)] * (dim - produced))  # the dimensions a ... stepped over
        produced = dim
        out.append(item)
        if isinstance(item, (int, np.integer)) and not isinstance(item, bool):
            n = shape[len([i for i in out if i is not None and not isinstance(i, bool)]) - 1]
            if not -n <= item < n:
                raise IndexError(
                    f"index {item} is out of bounds for dimension {position} with size {n}"
                )
            ndim -= 1
        elif inserts:
            ndim += 1
            dim += 1
            produced += 1
        else:  # a slice, or a tensor/list index taking one dimension (or a bool mask's)
            dim += consumed(item) if not isinstance(item, slice) else 1
            produced = dim
    return tuple(out)


def _result_strides(array: Any, shape: tuple[int, ...], done: list[Any]) -> list[int] | None:
    """torch's strides (in elements) of ``array`` (of ``shape``) indexed by the items
    ``done`` (slices, ints, None; tensor indices leave it as it is until the end), or None
    without ``array``."""
    if array is None:
        return None
    from ._strides import torch_strides

    sizes = list(shape)
    strides = [s // array.itemsize for s in torch_strides(array)]
    d = 0
    for item in done:
        if isinstance(item, slice):
            sizes[d] = len(range(*item.indices(sizes[d])))
            strides[d] *= item.step or 1
            d += 1
        elif item is None or isinstance(item, bool):
            strides.insert(d, sizes[d] * strides[d] if d < len(sizes) else 1)
            sizes.insert(d, 1)
            d += 1
        elif isinstance(item, (int, np.integer)):
            del sizes[d], strides[d]
        else:  # a tensor index: applied after the others
            d += 1
    return strides


def _size_past_end(dim: int, strides: list[int] | None) -> int:
    """What torch reads as the size of dimension ``dim`` past the end of a tensor with
    ``strides``: its sizes and strides share one array (inline for up to 5 dimensions: 5
    sizes, then 5 strides; else ``n`` sizes then ``n`` strides), whose unused entries a fresh
    tensor holds as 0. Past that array: 0 (not modelled)."""
    if strides is None:
        return 0
    n = len(strides)
    first = 5 if n <= 5 else n  # where the strides begin
    k = dim - first
    return strides[k] if 0 <= k < n else 0


# torch's words for two tensor-attribute mistakes
NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information."
) + triggered("build/aten/src/ATen/core/TensorBody.h:493")

DETACH_VIEW = (
    "Can't detach views in-place. Use detach() instead. If you are using "
    "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, "
    "gradients are views of DDP buckets, and hence detach_() cannot be called on these "
    "gradients. To fix this error, please refer to the Optimizer.zero_grad() function in "
    "torch/optim/optimizer.py as the solution."
)
