"""Intel MKL through ctypes, when it is installed: the library torch's CPU build calls.

torch's ``exp``/``log``/``tanh``/``sqrt`` operators use MKL's vector math (VML) and its
matrix products MKL's ``sgemm``/``dgemm``; neither is reproduced by numpy to the last bit
(see ``_libm``). When the ``mkl`` wheel torch was built against is installed
(``pip install mkl==2024.2.0``: torch 2.13's is "oneAPI MKL 2024.2"), minigrad loads it and
calls the same functions with the same arguments, which gives torch's bits. Measured here
(MKL 2024.2.0 from PyPI, sequential layer, AMD EPYC): vsExp, vsLn, vsTanh, vsSqrt equal
torch on 20,000 of 20,000 inputs each.

Without it (the default) every caller falls back to numpy. ``MINIGRAD_MKL`` may name the
``libmkl_rt`` file to load; ``MINIGRAD_MKL=0`` disables MKL.
"""

from __future__ import annotations

import ctypes
import glob
import os
import sys
from typing import Any

import numpy as np

_FLOAT_P = ctypes.POINTER(ctypes.c_float)
_DOUBLE_P = ctypes.POINTER(ctypes.c_double)
_ROW_MAJOR, _COL_MAJOR, _NO_TRANS, _TRANS = 101, 102, 111, 112


class _Mkl:
    def __init__(self) -> None:
        self.loaded = False
        self.lib: Any = None

    def _candidates(self) -> list[str]:
        named = os.environ.get("MINIGRAD_MKL")
        if named:
            return [named]
        found = []
        for prefix in dict.fromkeys([sys.prefix, sys.base_prefix]):
            found += sorted(glob.glob(os.path.join(prefix, "lib", "libmkl_rt.so*")))
        return found

    def load(self) -> Any:
        if self.loaded:
            return self.lib
        self.loaded = True
        if os.environ.get("MINIGRAD_MKL") == "0":
            return None
        os.environ.setdefault("MKL_THREADING_LAYER", "SEQUENTIAL")
        for path in self._candidates():
            try:
                lib = ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
                lib.vsExp  # noqa: B018 - the symbols this module needs
                lib.cblas_sgemm  # noqa: B018
            except (OSError, AttributeError):
                continue
            self.lib = lib
            return lib
        return None


_mkl = _Mkl()


def available() -> bool:
    """True when MKL was found and loaded."""
    return _mkl.load() is not None


def version() -> str | None:
    """The loaded MKL's version string (torch 2.13.0 reports oneAPI MKL 2024.2), or None."""
    lib = _mkl.load()
    if lib is None:
        return None
    buf = ctypes.create_string_buffer(256)
    lib.MKL_Get_Version_String(buf, len(buf))
    return buf.value.decode(errors="replace").strip()


_VML = {"exp": "Exp", "log": "Ln", "tanh": "Tanh", "sqrt": "Sqrt"}


def vml(name: str, a: np.ndarray) -> np.ndarray | None:
    """MKL's vector ``exp``/``log``/``tanh``/``sqrt`` of a float array (None without MKL)."""
    lib = _mkl.load()
    if lib is None or a.dtype not in (np.float32, np.float64):
        return None
    x = np.ascontiguousarray(a)
    out = np.empty_like(x)
    single = x.dtype == np.float32
    fn = getattr(lib, ("vs" if single else "vd") + _VML[name])
    ptr = _FLOAT_P if single else _DOUBLE_P
    fn(ctypes.c_int(x.size), x.ctypes.data_as(ptr), out.ctypes.data_as(ptr))
    return out.reshape(a.shape)


def _elem_strides(a: np.ndarray) -> tuple[int, int]:
    return a.strides[0] // a.itemsize, a.strides[1] // a.itemsize


def gemm(a: np.ndarray, b: np.ndarray, c: np.ndarray | None = None) -> np.ndarray | None:
    """``a @ b`` (+ ``c``, added inside the kernel with beta = 1, as torch's addmm does) by
    MKL, called as torch's ``addmm_impl_cpu_`` calls it (the same transposes, leading
    dimensions and operand order, decided from the strides). None without MKL."""
    lib = _mkl.load()
    if lib is None or a.dtype != b.dtype or a.dtype not in (np.float32, np.float64):
        return None
    rows, k = a.shape
    cols = b.shape[1]
    single = a.dtype == np.float32
    if c is None:
        out = np.zeros((rows, cols), dtype=a.dtype)
    else:
        out = np.array(np.broadcast_to(c, (rows, cols)), dtype=a.dtype, order="C")
    if rows == 0 or cols == 0 or k == 0:
        return out
    # the result is row-major; torch views it as a column-major matrix, transposed (and
    # the operands swapped) unless it has one column
    r0, r1 = _elem_strides(out) if out.ndim == 2 else (1, 1)
    if r0 == 1 and (cols == 1 or r1 >= max(1, rows)):
        transpose_c, m1, m2 = False, a, b
    else:
        transpose_c, m1, m2 = True, b, a
    if transpose_c:
        m, n = cols, rows
    else:
        m, n = rows, cols
    def cast(t: np.ndarray, ld_min_n: int, ld_min_t: int) -> tuple[np.ndarray, bool]:
        s = _elem_strides(t)
        i, j = (1, 0) if transpose_c else (0, 1)
        if s[i] == 1 and s[j] >= max(1, ld_min_n):
            return t, False
        if s[j] == 1 and s[i] >= max(1, ld_min_t):
            return t, True
        return np.ascontiguousarray(t), not transpose_c
    ta_, trans_a = cast(m1, m, k)
    tb_, trans_b = cast(m2, k, n)
    sa, sb = _elem_strides(ta_), _elem_strides(tb_)
    lda = sa[1] if trans_a == transpose_c else sa[0]
    ldb = sb[1] if trans_b == transpose_c else sb[0]
    ldc = _elem_strides(out)[0 if transpose_c else 1]
    # torch's cpublas normalize_last_dims: leading dimensions of degenerate matrices
    if n == 1:
        ldc = m
    if trans_a:
        if m == 1:
            lda = k
    elif k == 1:
        lda = m
    if trans_b:
        if k == 1:
            ldb = n
    elif n == 1:
        ldb = k
    ptr, scalar = (_FLOAT_P, ctypes.c_float) if single else (_DOUBLE_P, ctypes.c_double)
    fn = lib.cblas_sgemm if single else lib.cblas_dgemm
    # torch's call: gemm(op_a, op_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) in
    # column-major order, where (a, b) are the operands in their (possibly swapped) order
    fn(
        _COL_MAJOR, _TRANS if trans_a else _NO_TRANS, _TRANS if trans_b else _NO_TRANS,
        m, n, k, scalar(1.0), ta_.ctypes.data_as(ptr), max(lda, 1), tb_.ctypes.data_as(ptr),
        max(ldb, 1), scalar(0.0 if c is None else 1.0), out.ctypes.data_as(ptr), max(ldc, 1),
    )
    return out


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """``a . b`` of two vectors by MKL's ``?dot`` (torch's ``dot``). None without MKL."""
    lib = _mkl.load()
    if lib is None or a.dtype != b.dtype or a.dtype not in (np.float32, np.float64):
        return None
    single = a.dtype == np.float32
    fn = lib.cblas_sdot if single else lib.cblas_ddot
    fn.restype = ctypes.c_float if single else ctypes.c_double
    ptr = _FLOAT_P if single else _DOUBLE_P
    sa, sb = a.strides[0] // a.itemsize, b.strides[0] // b.itemsize
    if sa <= 0 or sb <= 0:
        a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
        sa = sb = 1
    value = fn(a.size, a.ctypes.data_as(ptr), sa, b.ctypes.data_as(ptr), sb)
    return np.asarray(value, dtype=a.dtype)


def gemv(mat: np.ndarray, vec: np.ndarray) -> np.ndarray | None:
    """``mat @ vec`` by MKL's ``?gemv``, called as torch's ``addmv_impl_cpu`` calls it (a
    row-major matrix is passed transposed). None without MKL."""
    lib = _mkl.load()
    if lib is None or mat.dtype != vec.dtype or mat.dtype not in (np.float32, np.float64):
        return None
    rows, cols = mat.shape
    out = np.zeros(rows, dtype=mat.dtype)
    if rows == 0:
        return out
    if cols == 0:
        return out
    single = mat.dtype == np.float32
    ptr, scalar = (_FLOAT_P, ctypes.c_float) if single else (_DOUBLE_P, ctypes.c_double)
    fn = lib.cblas_sgemv if single else lib.cblas_dgemv
    s0, s1 = _elem_strides(mat)
    inc = vec.strides[0] // vec.itemsize
    if inc <= 0:
        vec, inc = np.ascontiguousarray(vec), 1
    if s0 == 1 and s1 >= max(1, rows):  # column-major already: gemv('n', rows, cols)
        fn(_COL_MAJOR, _NO_TRANS, rows, cols, scalar(1.0), mat.ctypes.data_as(ptr), s1,
           vec.ctypes.data_as(ptr), inc, scalar(0.0), out.ctypes.data_as(ptr), 1)
        return out
    if not (s1 == 1 and s0 >= max(1, cols)):
        mat = np.ascontiguousarray(mat)
        s0 = cols
    # row-major: gemv('t', cols, rows, mat, lda = row stride)
    fn(_COL_MAJOR, _TRANS, cols, rows, scalar(1.0), mat.ctypes.data_as(ptr), max(s0, 1),
       vec.ctypes.data_as(ptr), inc, scalar(0.0), out.ctypes.data_as(ptr), 1)
    return out
