"""The op table: every differentiable op, described once, driving test_ops and test_gradcheck.

Each :class:`OpSpec` row says how to call the op and how to draw its inputs:

* ``call(lib, *tensors, **params)`` is written against the torch-shaped API, so the same
  expression is the *minigrad call* (``lib=minigrad``) and the *torch call* (``lib=torch``);
  ``torch_call`` overrides the latter where the spelling differs. This module never imports
  torch: the finite-difference witness (test_gradcheck) runs without it.
* ``inputs(dtype)`` returns a hypothesis strategy of :class:`strategies.Case` (the arrays, in
  argument order, and extra parameters such as ``dim``); every array becomes a leaf tensor
  that requires grad (``leaves="param"`` rows make ``nn.Parameter`` leaves instead).
* ``value32`` / ``grad32``: the float32 tolerance against torch for the value and for the
  input gradients, as a :class:`Tol` (``EXACT`` = bit-identical, signed zeros included;
  otherwise ``ulps`` of the torch value plus ``atol`` epsilons times the element's
  *magnitude*: the same computation run by torch in float64 on the absolute values of the
  inputs and of the upstream gradient, which bounds the rounding error of sums that cancel).
  The bounds are the measured maxima over ~800 examples per row, with a margin.
  float64 is compared with ``rtol64`` relative to ``max(|torch value|, magnitude)``.
* ``away_from_kinks(case)`` moves inputs off the points where the op is not differentiable,
  for the finite-difference check (test_ops keeps the kinks on purpose).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import strategies as S
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import Case

Strategy = Callable[..., st.SearchStrategy[Case]]  # (dtype, smooth=False) -> cases


@dataclass(frozen=True)
class Tol:
    """float32 tolerance: ``|got - want| <= ulps * ulp(want) + atol * eps * magnitude (+ floor)``.

    ``Tol()`` (all zero) means bit-identical, signed zeros included.
    """

    ulps: int = 0
    atol: float = 0.0
    floor: float = 0.0  # + floor * eps * max(1, |upstream|), float64 too: 1 - tanh**2 cancels

    @property
    def exact(self) -> bool:
        """True when the tolerance demands identical bits."""
        return self.ulps == 0 and self.atol == 0.0 and self.floor == 0.0


EXACT = Tol()


@dataclass(frozen=True)
class OpSpec:
    """One row of the op table (see the module docstring)."""

    name: str
    call: Callable[..., Any]
    inputs: Strategy
    value32: Tol = EXACT  # float32 value vs torch
    grad32: Tol = EXACT  # float32 input gradients vs torch
    rtol64: float = 1e-12  # float64, relative to max(|torch value|, magnitude)
    torch_call: Callable[..., Any] | None = None
    leaves: str = "tensor"  # "x+params": first array a tensor, the others nn.Parameters
    away_from_kinks: Callable[[Case], Case] | None = None  # moves inputs off kinks (FD)
    fd_step: float = 1e-6  # central-difference step (float64)
    fd_rtol: float = 1e-6  # finite-difference agreement

    def torch_fn(self) -> Callable[..., Any]:
        """The torch spelling of the call."""
        return self.torch_call or self.call

    def __repr__(self) -> str:
        return f"OpSpec({self.name})"


def make_leaves(lib: Any, spec: OpSpec, arrays: tuple[np.ndarray, ...]) -> list[Any]:
    """Fresh leaf tensors of ``lib`` (own copies of the arrays) that require grad."""
    leaves = []
    for i, a in enumerate(arrays):
        if spec.leaves == "x+params" and i > 0:
            leaves.append(lib.nn.Parameter(lib.tensor(a.copy())))
        else:
            leaves.append(lib.tensor(a.copy(), requires_grad=True))
    return leaves


# ------------------------------------------------------------------- input strategies
def unary(domain: str = "real", min_dims: int = 0, max_dims: int = S.MAX_DIMS) -> Strategy:
    """One array of any small shape."""

    def make(dtype: np.dtype, smooth: bool = False) -> st.SearchStrategy[Case]:
        return S.shapes(min_dims, max_dims).flatmap(
            lambda shape: S.arrays(dtype, shape, domain, smooth).map(lambda a: Case((a,)))
        )

    return make


def binary(dom_a: str = "real", dom_b: str = "real") -> Strategy:
    """Two arrays of mutually broadcastable shapes."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        sa, sb = draw(S.broadcastable_shapes(2))
        return Case(
            (draw(S.arrays(dtype, sa, dom_a, smooth)), draw(S.arrays(dtype, sb, dom_b, smooth)))
        )

    return make


def same_shape_pair(reductions: bool = True) -> Strategy:
    """Two arrays of one shape (a prediction and a target) and a ``reduction``."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes())
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        # ties on purpose: copy some target entries from the prediction (L1 at equality)
        b = draw(S.arrays(dtype, shape, smooth=smooth))
        mask = draw(hnp.arrays(np.bool_, shape))
        if not smooth:
            b = np.where(mask, a, b).astype(dtype)
        reduction = draw(st.sampled_from(["mean", "sum", "none"]))
        return Case((a, b), {"reduction": reduction})

    return make


def with_scalar(domain: str, scalars: st.SearchStrategy[Any]) -> Strategy:
    """One array and a Python number ``c``."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        a = draw(S.arrays(dtype, draw(S.shapes()), domain, smooth))
        return Case((a,), {"c": draw(scalars)})

    return make


PY_SCALARS = st.one_of(
    st.sampled_from([0.0, 1.0, -1.0, 2.0, 0.5, 3, -2, 0.1]),
    st.floats(-3.0, 3.0),
    st.integers(-3, 3),
)
NONZERO_SCALARS = st.one_of(
    st.sampled_from([1.0, -1.0, 2.0, 0.5, 3, -2, 0.1, 3.0]),
    st.floats(0.25, 3.0),
    st.floats(-3.0, -0.25),
)


def matmul_pair() -> Strategy:
    """1-D/2-D operands of ``@``."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        sa, sb = draw(S.matmul_shapes())
        return Case(
            (draw(S.arrays(dtype, sa, smooth=smooth)), draw(S.arrays(dtype, sb, smooth=smooth)))
        )

    return make


def batched_matmul_pair(exact: bool = True) -> Strategy:
    """Operands of ``@`` with a 3-D side: (B,n,k)@(B,k,m), (B,n,k)@(k,m) and (B,n,k)@(k,)
    (folded into one product by torch); or, with ``exact=False``, the broadcast ones:
    (n,k)@(B,k,m), (k,)@(B,k,m). ((1,n,k)@(B,k,m) is folded by torch in a way minigrad does
    not copy: its node names differ, see the README.)"""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        b, n, k, m = (draw(st.integers(1, S.MAX_SIDE)) for _ in range(4))
        sa, sb = draw(st.sampled_from(
            [((b, n, k), (b, k, m)), ((b, n, k), (k, m)), ((b, n, k), (k,))] if exact else
            [((n, k), (b, k, m)), ((k,), (b, k, m))]
        ))
        return Case(
            (draw(S.arrays(dtype, sa, smooth=smooth)), draw(S.arrays(dtype, sb, smooth=smooth)))
        )

    return make


def permute_args() -> Strategy:
    """An array and a permutation of its dimensions (negative dims too)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(min_dims=1))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        perm = draw(st.permutations(range(len(shape))))
        dims = tuple(d - len(shape) if draw(st.booleans()) else d for d in perm)
        return Case((a,), {"dims": dims})

    return make


def permuted_reduction_args() -> Strategy:
    """A permuted view to sum over dims: torch sums it in its memory order."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(min_dims=2, max_side=12))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        perm = tuple(draw(st.permutations(range(len(shape)))))
        dim = tuple(sorted(draw(st.sets(st.integers(0, len(shape) - 1), min_size=1))))
        return Case((a,), {"perm": perm, "dim": dim})

    return make


def expand_args() -> Strategy:
    """An array and sizes to expand it to (size-1 axes grown, new leading axes, -1 kept)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(max_side=2))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        sizes = [draw(st.integers(1, 3)) if n == 1 else draw(st.sampled_from([n, -1]))
                 for n in shape]
        lead = [draw(st.integers(1, 3)) for _ in range(draw(st.integers(0 if shape else 1, 2)))]
        return Case((a,), {"sizes": tuple(lead + sizes)})

    return make


def reduction_args(domain: str = "real") -> Strategy:
    """An array, a ``dim`` (int, negative, or a tuple) and ``keepdim``."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes())
        a = draw(S.arrays(dtype, shape, domain, smooth))
        n = max(len(shape), 1)
        one = st.integers(-n, n - 1)
        dim = draw(
            one | st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True).map(tuple)
        )
        return Case((a,), {"dim": dim, "keepdim": draw(st.booleans())})

    return make


def reshape_args() -> Strategy:
    """An array and a new shape of the same size (possibly with a -1)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes())
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        size = a.size
        factors = [d for d in range(1, size + 1) if size % d == 0]
        first = draw(st.sampled_from(factors))
        options = [(size,), (-1,), (first, size // first), (first, -1), (1, size, 1)]
        options += [tuple(reversed(shape))]
        if size == 1:
            options.append(())
        return Case((a,), {"shape": draw(st.sampled_from(options))})

    return make


def squeeze_args(with_dim: bool) -> Strategy:
    """An array with size-1 axes, and a ``dim`` to squeeze (any valid one) or none."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(max_side=2))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        params: dict[str, Any] = {}
        if with_dim:
            n = max(len(shape), 1)
            params["dim"] = draw(st.integers(-n, n - 1))
        return Case((a,), params)

    return make


def unsqueeze_args() -> Strategy:
    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes())
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        n = len(shape) + 1
        return Case((a,), {"dim": draw(st.integers(-n, n - 1))})

    return make


def transpose_args() -> Strategy:
    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(min_dims=1))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        n = len(shape)
        dims = st.integers(-n, n - 1)
        return Case((a,), {"dim0": draw(dims), "dim1": draw(dims)})

    return make


def index_args() -> Strategy:
    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(min_dims=1))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        return Case((a,), {"index": draw(S.indices(shape))})

    return make


def linear_args(input_dims: tuple[int, ...] = (1, 2), bias: bool | None = None) -> Strategy:
    """``x`` (1-D or 2-D), ``weight`` (out, in) and a ``bias`` (out,) unless none is drawn."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        n, k, m = (draw(st.integers(1, S.MAX_SIDE)) for _ in range(3))
        xshape = (k,) if draw(st.sampled_from(input_dims)) == 1 else (n, k)
        x = draw(S.arrays(dtype, xshape, smooth=smooth))
        w = draw(S.arrays(dtype, (m, k), smooth=smooth))
        with_bias = draw(st.booleans()) if bias is None else bias
        arrays = (x, w, draw(S.arrays(dtype, (m,), smooth=smooth))) if with_bias else (x, w)
        return Case(arrays)

    return make


# ------------------------------------------------------------------------ kinks (FD)
KINK_GAP = 1e-2


def off_zero(case: Case) -> Case:
    """Move entries of the first input within ``KINK_GAP`` of 0 away (abs, relu, sign)."""
    a = case.arrays[0]
    a = np.where(np.abs(a) < KINK_GAP, a.dtype.type(0.5), a)
    return Case((a, *case.arrays[1:]), case.params)


def off_equality(case: Case) -> Case:
    """Move target entries within ``KINK_GAP`` of the prediction away (L1)."""
    a, b = case.arrays[0], case.arrays[1]
    b = np.where(np.abs(a - b) < KINK_GAP, a + a.dtype.type(0.5), b)
    return Case((a, b, *case.arrays[2:]), case.params)


# ------------------------------------------------------------------------ call helpers
def _linear_module(lib: Any, x: Any, weight: Any, bias: Any = None) -> Any:
    """``nn.Linear`` forward with the drawn weight and bias as its Parameters."""
    out_features, in_features = weight.shape
    layer = lib.nn.Linear(in_features, out_features, bias=bias is not None, dtype=x.dtype)
    layer.weight = weight
    if bias is not None:
        layer.bias = bias
    return layer(x)


def _mse_module(lib: Any, x: Any, y: Any, reduction: str) -> Any:
    return lib.nn.MSELoss(reduction=reduction)(x, y)


def _l1_module(lib: Any, x: Any, y: Any, reduction: str) -> Any:
    return lib.nn.L1Loss(reduction=reduction)(x, y)


# ----------------------------------------------------------------------------- table
# Measured float32 differences from torch (ATEN_CPU_CAPABILITY=default, one thread), at 5074ea1:
# - bit-identical (EXACT, the default): single IEEE operations (+ - * / with a tensor or a
#   number, neg, abs, sign, relu, copies, casts, views, indexing); sum/mean/mse/l1 values and
#   every gradient reduced over broadcast axes (the engine sums in torch's cascade order);
#   the forward of 2-D and batched products of small matrices (torch's sequential order).
# - matrix-vector products and products with a transposed operand (most matmul gradients)
#   go through MKL in torch; its order is not emulated: MM (measured up to 8 ulp where the
#   sum cancels, at 2,000 examples per row over several seeds).
# - exp, log, sqrt, sigmoid, tanh, pow: numpy's and torch's float32 kernels differ by 1-2 ulp
#   (neither is always correctly rounded; torch's float32 sqrt is not, numpy's is): LIBM.
# - 1 - tanh(x)**2 and s * (1 - s) cancel near saturation: ~2 eps absolute = many ulps.
# - F.linear / nn.Linear value: torch's addmm adds the bias inside the kernel: MM.
LIBM = Tol(ulps=2)  # one transcendental function: 1-2 ulp
LIBM_RED = Tol(ulps=4, atol=4)  # a transcendental function, then a product / a sum
SATURATING = Tol(ulps=4, floor=4)  # 1 - tanh**2, s * (1 - s)
MM = Tol(ulps=2, atol=8)  # BLAS
CANCELS = Tol(ulps=4, atol=8, floor=16)  # composites that subtract nearly equal values

OPS: list[OpSpec] = [
    # binary arithmetic, tensor op tensor, broadcasting (the gradients sum over broadcast axes)
    OpSpec("add", lambda lib, x, y: x + y, binary()),
    OpSpec("sub", lambda lib, x, y: x - y, binary()),
    OpSpec("mul", lambda lib, x, y: x * y, binary()),
    OpSpec("div", lambda lib, x, y: x / y, binary("real", "nonzero")),
    OpSpec("pow_tensor", lambda lib, x, y: x**y, binary("positive", "exponent"), LIBM, LIBM_RED),
    # with a Python number, both sides
    OpSpec("add_scalar", lambda lib, x, c: x + c, with_scalar("real", PY_SCALARS)),
    OpSpec("radd_scalar", lambda lib, x, c: c + x, with_scalar("real", PY_SCALARS)),
    OpSpec("sub_scalar", lambda lib, x, c: x - c, with_scalar("real", PY_SCALARS)),
    OpSpec("rsub_scalar", lambda lib, x, c: c - x, with_scalar("real", PY_SCALARS)),
    OpSpec("mul_scalar", lambda lib, x, c: x * c, with_scalar("real", PY_SCALARS)),
    OpSpec("rmul_scalar", lambda lib, x, c: c * x, with_scalar("real", PY_SCALARS)),
    OpSpec("div_scalar", lambda lib, x, c: x / c, with_scalar("real", NONZERO_SCALARS)),
    OpSpec("rdiv_scalar", lambda lib, x, c: c / x, with_scalar("nonzero", PY_SCALARS)),
    OpSpec(
        "pow_int",
        lambda lib, x, c: x**c,
        with_scalar("real", st.sampled_from([0, 1, 2, 3, 2.0, 1.0, 0.0])),
        value32=LIBM,  # x**3: numpy calls powf, torch multiplies
    ),
    OpSpec(
        "pow_negative",
        lambda lib, x, c: x**c,
        with_scalar("nonzero", st.sampled_from([-1, -2, -1.0, -3])),
        LIBM,
        LIBM_RED,
    ),
    OpSpec(
        "pow_fraction",
        lambda lib, x, c: x**c,
        with_scalar("positive", st.sampled_from([0.5, 1.5, 2.5, -0.5, 1 / 3]) | st.floats(-2, 2)),
        LIBM,
        LIBM_RED,
    ),
    OpSpec(
        "rpow_scalar",
        lambda lib, x, c: c**x,
        with_scalar("real", st.sampled_from([2, 2.0, 0.5, 3.0, 1.0]) | st.floats(0.25, 3.0)),
        LIBM,
        LIBM_RED,
    ),
    # torch hands matrix-vector products and products with a transposed operand (most
    # gradients: g @ W.T) to MKL, whose order is not emulated: MM. Plain products of small
    # matrices (the forward of x @ W) are torch's sequential order, bit for bit.
    OpSpec("matmul", lambda lib, x, y: x @ y, matmul_pair(), MM, MM),
    OpSpec("torch.matmul", lambda lib, x, y: lib.matmul(x, y), matmul_pair(), MM, MM),
    OpSpec("batched matmul", lambda lib, x, y: x @ y, batched_matmul_pair(), MM, MM),
    OpSpec("broadcast batched matmul", lambda lib, x, y: x @ y, batched_matmul_pair(False),
           MM, MM),
    # unary
    OpSpec("neg", lambda lib, x: -x, unary()),
    OpSpec("abs", lambda lib, x: lib.abs(x), unary(), away_from_kinks=off_zero),
    OpSpec("builtin_abs", lambda lib, x: abs(x), unary(), away_from_kinks=off_zero),
    OpSpec("sign", lambda lib, x: x.sign(), unary(), away_from_kinks=off_zero),
    OpSpec("exp", lambda lib, x: x.exp(), unary(), LIBM, LIBM_RED),
    OpSpec("log", lambda lib, x: x.log(), unary("positive"), LIBM),
    OpSpec("sqrt", lambda lib, x: x.sqrt(), unary("positive"), LIBM, LIBM_RED),
    OpSpec("relu", lambda lib, x: x.relu(), unary(), away_from_kinks=off_zero),
    # sigmoid: torch's 1 / (exp(-x) + 1) with the C library's exp: bit-identical (issue 11)
    OpSpec("sigmoid", lambda lib, x: x.sigmoid(), unary()),
    OpSpec("tanh", lambda lib, x: x.tanh(), unary(), LIBM, SATURATING),
    # reductions (their gradients only copy / divide the upstream gradient)
    OpSpec("sum", lambda lib, x: x.sum(), unary()),
    OpSpec("torch.sum", lambda lib, x: lib.sum(x), unary()),
    OpSpec(
        "sum_dim",
        lambda lib, x, dim, keepdim: x.sum(dim, keepdim=keepdim),
        reduction_args(),
    ),
    OpSpec("mean", lambda lib, x: x.mean(), unary()),
    OpSpec("torch.mean", lambda lib, x: lib.mean(x), unary()),
    OpSpec(
        "mean_dim",
        lambda lib, x, dim, keepdim: x.mean(dim=dim, keepdim=keepdim),
        reduction_args(),
    ),
    OpSpec(
        "torch.mean_dim",
        lambda lib, x, dim, keepdim: lib.mean(x, dim, keepdim),
        reduction_args(),
    ),
    # shapes: values move, nothing is computed
    OpSpec("view", lambda lib, x, shape: x.view(shape), reshape_args()),
    OpSpec(
        "reshape",
        lambda lib, x, shape: x.reshape(*shape) if shape else x.reshape(()),
        reshape_args(),
    ),
    OpSpec("squeeze", lambda lib, x: x.squeeze(), squeeze_args(False)),
    OpSpec("squeeze_dim", lambda lib, x, dim: x.squeeze(dim), squeeze_args(True)),
    OpSpec("unsqueeze", lambda lib, x, dim: x.unsqueeze(dim), unsqueeze_args()),
    OpSpec("t", lambda lib, x: x.t(), unary(max_dims=2)),
    OpSpec("transpose", lambda lib, x, dim0, dim1: x.transpose(dim0, dim1), transpose_args()),
    OpSpec("index", lambda lib, x, index: x[index], index_args()),  # repeats add up
    OpSpec("permute", lambda lib, x, dims: x.permute(*dims), permute_args()),
    OpSpec("expand", lambda lib, x, sizes: x.expand(*sizes), expand_args()),
    OpSpec("flatten", lambda lib, x: x.flatten(), unary()),
    OpSpec("contiguous of t", lambda lib, x: x.t().contiguous(), unary(min_dims=2, max_dims=2)),
    OpSpec("reshape of t", lambda lib, x: x.t().reshape(-1), unary(min_dims=2, max_dims=2)),
    # a permuted view is summed in memory order, as torch's iterator reads it
    OpSpec(
        "sum of a permuted view",
        lambda lib, x, perm, dim: x.permute(*perm).sum(dim),
        permuted_reduction_args(),
    ),
    OpSpec("mean of t", lambda lib, x: x.t().mean(0), unary(min_dims=2, max_dims=2)),
    OpSpec("clone", lambda lib, x: x.clone(), unary()),
    # float(): the float64 -> float32 rounding needs a coarse step for the difference quotient
    OpSpec("float", lambda lib, x: x.float(), unary(), fd_step=1e-2, fd_rtol=1e-4),
    OpSpec("double", lambda lib, x: x.double(), unary()),
    # losses and layers
    OpSpec(
        "mse_loss",
        lambda lib, x, y, reduction: lib.nn.functional.mse_loss(x, y, reduction=reduction),
        same_shape_pair(),
    ),
    OpSpec("MSELoss", _mse_module, same_shape_pair()),
    OpSpec(
        "l1_loss",
        lambda lib, x, y, reduction: lib.nn.functional.l1_loss(x, y, reduction=reduction),
        same_shape_pair(),
        away_from_kinks=off_equality,
    ),
    OpSpec("L1Loss", _l1_module, same_shape_pair(), away_from_kinks=off_equality),
    # addmm adds the bias inside torch's kernel; minigrad adds it after the product: 1-4 ulp
    OpSpec(
        "linear", lambda lib, x, w, b=None: lib.nn.functional.linear(x, w, b), linear_args(), MM
    ),
    OpSpec("nn.Linear", _linear_module, linear_args(input_dims=(2,)), MM, leaves="x+params"),
]

OPS_BY_NAME = {op.name: op for op in OPS}


# ------------------------------------------------------------------------ composites
def arrays_for(*shape_names: str, domains: tuple[str, ...] = ()) -> Strategy:
    """Arrays whose shapes are spelled with the letters n, k, m (each drawn in 1..4 once per
    case), e.g. ``arrays_for("nk", "mk", "m")``; "" is a 0-d array."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        sizes = {c: draw(st.integers(1, S.MAX_SIDE)) for c in "nkm"}
        arrays = []
        for i, name in enumerate(shape_names):
            domain = domains[i] if i < len(domains) else "real"
            shape = tuple(sizes.get(c, 1) for c in name)
            arrays.append(draw(S.arrays(dtype, shape, domain, smooth)))
        return Case(tuple(arrays))

    return make


def _xwb_mse(lib: Any, x: Any, y: Any, w: Any, b: Any) -> Any:
    """The tutorials' model: mean((x * w + b - y) ** 2) through F.mse_loss."""
    return lib.nn.functional.mse_loss(x * w + b, y)


def _xwb_manual_mse(lib: Any, x: Any, y: Any, w: Any, b: Any) -> Any:
    """The same model with the loss written out: ((x * w + b - y) ** 2).mean()."""
    return ((x * w + b - y) ** 2).mean()


def _linear_l1(lib: Any, x: Any, y: Any, w: Any, b: Any) -> Any:
    """L1 loss of a linear layer (the mean-absolute-error tutorials)."""
    return lib.nn.functional.l1_loss(lib.nn.functional.linear(x, w, b), y)


def _off_equality_linear(case: Case) -> Case:
    """Move targets away from the linear layer's predictions (the L1 kink)."""
    x, y, w, b = case.arrays
    pred = x @ w.T + b
    y = np.where(np.abs(pred - y) < KINK_GAP, pred + y.dtype.type(0.5), y)
    return Case((x, y, w, b), case.params)


def _matmul_chain(lib: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    """A matmul chain ending in a vector: a @ b @ c @ d."""
    return a @ b @ c @ d


def _tanh_chain(lib: Any, a: Any, b: Any, c: Any) -> Any:
    """A matmul chain with a nonlinearity: tanh(a @ b) @ c."""
    return (a @ b).tanh() @ c


def _mlp(lib: Any, x: Any, y: Any, w1: Any, b1: Any, w2: Any) -> Any:
    """sigmoid(x @ w1.T + b1) @ w2.T, then MSE."""
    hidden = lib.nn.functional.linear(x, w1, b1).sigmoid()
    return lib.nn.functional.mse_loss(hidden @ w2.t(), y)


def _reused(lib: Any, a: Any) -> Any:
    """Re-used nodes: b = a + a; c = b * b; (c * a + b.exp()).sum()."""
    b = a + a
    c = b * b
    return (c * a + b.exp()).sum()


def _normalise(lib: Any, x: Any) -> Any:
    """(x - mean) / sqrt(mean of squares + 1): broadcasting against keepdim reductions."""
    centred = x - x.mean(dim=-1, keepdim=True)
    return centred / ((centred * centred).mean(dim=-1, keepdim=True) + 1).sqrt()


COMPOSITES: list[OpSpec] = [
    # the tutorials' model: bit-identical to torch in float32 (and float64)
    OpSpec("x*w+b mse_loss", _xwb_mse, arrays_for("n1", "n1", "1", "1")),
    OpSpec("x*w+b manual mse", _xwb_manual_mse, arrays_for("n1", "n1", "1", "1")),
    OpSpec(
        "linear l1_loss",
        _linear_l1,
        arrays_for("nk", "nm", "mk", "m"),
        MM,
        MM,
        away_from_kinks=_off_equality_linear,
    ),
    OpSpec("matmul chain", _matmul_chain, arrays_for("nk", "km", "mn", "n"), MM, MM),
    # 1 - tanh**2 cancels (~2 eps absolute), then gets multiplied by a @ b-sized factors
    OpSpec("tanh chain", _tanh_chain, arrays_for("nk", "km", "m"), MM, Tol(4, 8, floor=64)),
    # a prediction minus a target (or minus a mean) cancels: an absolute floor of a few eps
    OpSpec("mlp mse", _mlp, arrays_for("nk", "nm", "kk", "k", "mk"), MM, CANCELS),
    OpSpec("reused nodes", _reused, arrays_for("nk"), LIBM_RED, LIBM_RED),
    OpSpec("normalise", _normalise, arrays_for("nk"), LIBM_RED, CANCELS),
]


# ------------------------------------------------------------------ course ops (issue 11)
def _unit_floats(dtype: np.dtype, lo: float, hi: float, smooth: bool) -> st.SearchStrategy:
    width = 32 if dtype == np.float32 else 64
    values = st.floats(lo, hi, width=width)
    if not smooth:
        values = st.sampled_from([v for v in (0.0, 0.5, 1.0) if lo <= v <= hi]) | values
    return values


def probability_pair(weights: bool = True) -> Strategy:
    """Probabilities p in [1/32, 31/32], targets y in [0, 1] (0 and 1 often), a reduction and
    sometimes a weight (in the params, as a numpy array)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(min_dims=1))
        p = draw(hnp.arrays(dtype, shape, elements=_unit_floats(dtype, 0.03125, 0.96875, True)))
        lo, hi = (0.03125, 0.96875) if smooth else (0.0, 1.0)  # smooth: room for FD steps
        y = draw(hnp.arrays(dtype, shape, elements=_unit_floats(dtype, lo, hi, smooth)))
        params: dict[str, Any] = {"reduction": draw(st.sampled_from(["mean", "sum", "none"]))}
        if weights and draw(st.booleans()):
            params["weight"] = draw(
                hnp.arrays(dtype, shape[-1:], elements=_unit_floats(dtype, 0.0, 2.0, True))
            )
        return Case((p, y), params)

    return make


def dim_args(min_dims: int = 1, max_side: int = S.MAX_SIDE) -> Strategy:
    """An array and one valid ``dim`` (negative too)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(min_dims=min_dims, max_side=max_side))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        n = max(len(shape), 1)
        return Case((a,), {"dim": draw(st.integers(-n, n - 1))})

    return make


def wide_rows() -> Strategy:
    """(N, C) scores with C up to 20 (so softmax's 8-lane sums and ragged tails are drawn)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        n, c = draw(st.integers(1, 6)), draw(st.integers(1, 20))
        a = draw(S.arrays(dtype, (n, c), smooth=smooth))
        return Case((a,), {"dim": draw(st.sampled_from([-1, 0, 1]))})

    return make


def class_scores(with_weight: bool = True) -> Strategy:
    """Scores (N, C) or (C,), class-index targets (some ignored), a reduction, a weight."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        c = draw(st.integers(1, 12))
        batched = draw(st.booleans())
        n = draw(st.integers(1, 20)) if batched else 1
        a = draw(S.arrays(dtype, (n, c) if batched else (c,), smooth=smooth))
        ignore = draw(st.sampled_from([-100, 0, 1]))
        t = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
        reduction = draw(st.sampled_from(["mean", "sum", "none"]))
        if reduction == "mean" and np.all(t == ignore):
            ignore = -100  # an all-ignored mean is 0 / 0 (nan in both, but not differentiable)
        params: dict[str, Any] = {
            "target": t if batched else t.reshape(()),
            "reduction": reduction,
            "ignore_index": ignore,
        }
        if with_weight and draw(st.booleans()):
            params["weight"] = draw(
                hnp.arrays(dtype, (c,), elements=_unit_floats(dtype, 0.25, 2.0, True))
            )
        return Case((a,), params)

    return make


def clamp_args(which: str) -> Strategy:
    """An array and bounds drawn among its own values (ties with the bounds on purpose)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        a = draw(S.arrays(dtype, draw(S.shapes()), smooth=smooth))
        bounds = st.floats(-2.0, 2.0, width=32) | st.sampled_from([0.0, 0.5, -0.5, 1.0])
        lo, hi = sorted((draw(bounds), draw(bounds)))
        params = {"both": {"min": lo, "max": hi}, "min": {"min": lo}, "max": {"max": hi}}[which]
        return Case((a,), params)

    return make


def clamp_tensor_args(which: str) -> Strategy:
    """An array and tensor bounds of broadcastable shapes (``min``, ``max`` or both), some
    copied from the array's values (ties on purpose) and some crossed (min > max)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        sa, sl, sh = draw(S.broadcastable_shapes(3))
        # the array takes the full shape: torch's backward combines the masks in place and
        # raises when the bounds broadcast beyond the array (tests/test_views.py pins that)
        a = draw(S.arrays(dtype, np.broadcast_shapes(sa, sl, sh), smooth=smooth))
        lo = draw(S.arrays(dtype, sl, smooth=smooth))
        hi = draw(S.arrays(dtype, sh, smooth=smooth))
        if a.size and draw(st.booleans()):  # a tie with the array's first value
            lo = np.full(sl, a.flat[0], dtype)
        if a.size and draw(st.booleans()):
            hi = np.full(sh, a.flat[-1], dtype)
        arrays = {"both": (a, lo, hi), "min": (a, lo), "max": (a, hi)}[which]
        return Case(arrays, {})

    return make


def off_tensor_bounds(case: Case) -> Case:
    """Tensor bounds at -0.5 and 0.5, the array's entries within the kink gap moved away."""
    a, *bounds = case.arrays
    for b in (-0.5, 0.5):
        a = np.where(np.abs(a - b) < KINK_GAP, a.dtype.type(b * 1.5), a)
    if len(bounds) == 2:
        bounds = [np.full(bounds[0].shape, -0.5, a.dtype), np.full(bounds[1].shape, 0.5, a.dtype)]
    else:
        bounds = [np.full(bounds[0].shape, -0.5, a.dtype)]
    return Case((a, *bounds), case.params)


def where_args() -> Strategy:
    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        sa, sb, sc = draw(S.broadcastable_shapes(3))
        cond = draw(hnp.arrays(np.bool_, sc))
        a = draw(S.arrays(dtype, sa, smooth=smooth))
        b = draw(S.arrays(dtype, sb, smooth=smooth))
        return Case((a, b), {"cond": cond})

    return make


def var_args() -> Strategy:
    """An array, a dim (None, an int or a tuple), keepdim and a correction (0, 1 or 2)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(min_dims=1))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        n = len(shape)
        dim = draw(
            st.none()
            | st.integers(-n, n - 1)
            | st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True).map(tuple)
        )
        axes = range(n) if dim is None else ((dim,) if isinstance(dim, int) else dim)
        count = int(np.prod([shape[d] for d in axes]))
        correction = draw(st.sampled_from([c for c in (0, 1, 2) if c < count] or [0]))
        return Case((a,), {"dim": dim, "keepdim": draw(st.booleans()), "correction": correction})

    return make


def scatter_args(with_src: bool) -> Strategy:
    """An array, a dim, an index of unique positions per slice (as in the one-hot idiom)."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(min_dims=1, max_side=4))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        dim = draw(st.integers(0, len(shape) - 1))
        k = draw(st.integers(1, shape[dim]))
        ishape = tuple(k if i == dim else draw(st.integers(1, s)) for i, s in enumerate(shape))
        # unique positions along dim for every other coordinate: a permutation's first k
        perm = draw(st.permutations(range(shape[dim])))
        index = np.array(perm[:k], dtype=np.int64).reshape(
            tuple(k if i == dim else 1 for i in range(len(shape)))
        )
        index = np.broadcast_to(index, ishape).copy()
        arrays = (a,)
        if with_src:
            arrays = (a, draw(S.arrays(dtype, ishape, smooth=smooth)))
        return Case(arrays, {"dim": dim, "index": index})

    return make


def gather_args() -> Strategy:
    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        shape = draw(S.shapes(min_dims=1, max_side=4))
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        dim = draw(st.integers(0, len(shape) - 1))
        ishape = tuple(draw(st.integers(1, 4)) if i == dim else s for i, s in enumerate(shape))
        index = draw(hnp.arrays(np.int64, ishape, elements=st.integers(0, shape[dim] - 1)))
        return Case((a,), {"dim": dim, "index": index})

    return make


def at_least_two() -> Strategy:
    """One array of two or more elements (an unbiased std of one element is nan)."""

    def make(dtype: np.dtype, smooth: bool = False) -> st.SearchStrategy[Case]:
        shapes = S.shapes(min_dims=1).filter(lambda s: int(np.prod(s)) >= 2)
        return shapes.flatmap(lambda s: S.arrays(dtype, s, smooth=smooth).map(
            lambda a: Case((a,))))

    return make


def off_ties(case: Case) -> Case:
    """Make the first input's values distinct (max/min at a tie), keeping their order."""
    a = case.arrays[0]
    flat = a.ravel()
    order = np.argsort(flat, kind="stable")
    spread = np.empty_like(flat)
    spread[order] = np.arange(flat.size, dtype=a.dtype) * a.dtype.type(0.1)
    return Case(((flat + spread).reshape(a.shape), *case.arrays[1:]), case.params)


def off_ties_pair(case: Case) -> Case:
    """Move b away from a where they are within the kink gap (maximum/minimum at a tie)."""
    return off_equality(case)


def off_bounds(case: Case) -> Case:
    """Move entries within the kink gap of a clamp bound away from it."""
    a = case.arrays[0]
    for key in ("min", "max"):
        if key in case.params:
            bound = a.dtype.type(case.params[key])
            a = np.where(np.abs(a - bound) < KINK_GAP, bound + a.dtype.type(0.25), a)
    return Case((a, *case.arrays[1:]), case.params)


def off_zero_deviation(case: Case) -> Case:
    """std's derivative is singular where all values of a slice are equal: spread them."""
    a = case.arrays[0]
    return Case((a + np.arange(a.size, dtype=a.dtype).reshape(a.shape) * a.dtype.type(0.1),),
                case.params)


def _t(lib: Any, a: Any, like: Any) -> Any:
    """A parameter array (a weight) as a tensor of ``like``'s dtype, or None."""
    return None if a is None else lib.tensor(a).to(like.dtype)


def _nll(lib: Any, x: Any, target: Any, reduction: str, ignore_index: int,
         weight: Any = None) -> Any:
    return lib.nn.functional.nll_loss(
        x, lib.tensor(target), weight=_t(lib, weight, x), reduction=reduction,
        ignore_index=ignore_index,
    )


def _ce(lib: Any, x: Any, target: Any, reduction: str, ignore_index: int,
        weight: Any = None) -> Any:
    return lib.nn.functional.cross_entropy(
        x, lib.tensor(target), weight=_t(lib, weight, x), reduction=reduction,
        ignore_index=ignore_index,
    )


def _ce_module(lib: Any, x: Any, target: Any, reduction: str, ignore_index: int,
               weight: Any = None) -> Any:
    loss = lib.nn.CrossEntropyLoss(weight=_t(lib, weight, x), ignore_index=ignore_index,
                                   reduction=reduction)
    return loss(x, lib.tensor(target))


def _nll_module(lib: Any, x: Any, target: Any, reduction: str, ignore_index: int,
                weight: Any = None) -> Any:
    loss = lib.nn.NLLLoss(weight=_t(lib, weight, x), ignore_index=ignore_index,
                          reduction=reduction)
    return loss(x.log_softmax(-1), lib.tensor(target))


def _bce(lib: Any, p: Any, y: Any, reduction: str, weight: Any = None) -> Any:
    return lib.nn.functional.binary_cross_entropy(p, y, _t(lib, weight, p), reduction=reduction)


def _bce_fixed_target(lib: Any, p: Any, target: Any, reduction: str, weight: Any = None) -> Any:
    y = lib.tensor(target).to(p.dtype)
    return lib.nn.functional.binary_cross_entropy(p, y, _t(lib, weight, p), reduction=reduction)


def _bce_module(lib: Any, p: Any, target: Any, reduction: str, weight: Any = None) -> Any:
    y = lib.tensor(target).to(p.dtype)
    return lib.nn.BCELoss(weight=_t(lib, weight, p), reduction=reduction)(p, y)


def target_in_params(strategy: Strategy) -> Strategy:
    """The same cases with the second array moved into the params as ``target`` (a target
    that does not require grad, as in the chapters' loops)."""

    def make(dtype: np.dtype, smooth: bool = False) -> st.SearchStrategy[Case]:
        return strategy(dtype, smooth).map(
            lambda c: Case(c.arrays[:1], {**c.params, "target": c.arrays[1]})
        )

    return make


def probability_targets() -> Strategy:
    """Scores (N, C) or (C,) and class-probability targets of the same shape (rows of a
    softmax), a reduction and sometimes a weight."""

    @st.composite
    def make(draw: st.DrawFn, dtype: np.dtype, smooth: bool = False) -> Case:
        c = draw(st.integers(1, 10))
        shape = (draw(st.integers(1, 6)), c) if draw(st.booleans()) else (c,)
        a = draw(S.arrays(dtype, shape, smooth=smooth))
        raw = draw(hnp.arrays(dtype, shape, elements=_unit_floats(dtype, 0.0, 1.0, True)))
        target = (raw / np.maximum(raw.sum(axis=-1, keepdims=True), 1)).astype(dtype)
        params: dict[str, Any] = {
            "target": target,
            "reduction": draw(st.sampled_from(["mean", "sum", "none"])),
        }
        if draw(st.booleans()):
            params["weight"] = draw(
                hnp.arrays(dtype, (c,), elements=_unit_floats(dtype, 0.25, 2.0, True))
            )
        return Case((a,), params)

    return make


def _ce_probabilities(lib: Any, x: Any, target: Any, reduction: str, weight: Any = None) -> Any:
    return lib.nn.functional.cross_entropy(
        x, lib.tensor(target).to(x.dtype), weight=_t(lib, weight, x), reduction=reduction
    )


COURSE_OPS: list[OpSpec] = [
    OpSpec("cross_entropy probabilities", _ce_probabilities, probability_targets()),
    # torch's kernels, reproduced operation by operation (C library exp/log): bit-identical
    OpSpec("softmax", lambda lib, x, dim: x.softmax(dim), dim_args(min_dims=0)),
    OpSpec("F.softmax wide", lambda lib, x, dim: lib.nn.functional.softmax(x, dim=dim),
           wide_rows()),
    OpSpec("log_softmax", lambda lib, x, dim: x.log_softmax(dim), dim_args(min_dims=0)),
    OpSpec("F.log_softmax wide",
           lambda lib, x, dim: lib.nn.functional.log_softmax(x, dim=dim), wide_rows()),
    OpSpec("nll_loss", _nll, class_scores()),
    OpSpec("cross_entropy", _ce, class_scores()),
    OpSpec("CrossEntropyLoss", _ce_module, class_scores()),
    OpSpec("NLLLoss", _nll_module, class_scores()),
    OpSpec("binary_cross_entropy", _bce_fixed_target, target_in_params(probability_pair())),
    OpSpec("BCELoss", _bce_module, target_in_params(probability_pair())),
    # the target's gradient is -logit(p) * g, and torch's logit takes MKL's log: 1 ulp
    OpSpec("binary_cross_entropy target grad", _bce, probability_pair(), grad32=LIBM),
    OpSpec("torch.sigmoid", lambda lib, x: lib.sigmoid(x), unary()),
    OpSpec("log1p", lambda lib, x: x.log1p(), unary("positive")),
    OpSpec("expm1", lambda lib, x: x.expm1(), unary()),
    # selections and clamps: values move, gradients are copied or shared
    OpSpec("clamp", lambda lib, x, **b: x.clamp(**b), clamp_args("both"),
           away_from_kinks=off_bounds),
    OpSpec("clamp min only", lambda lib, x, **b: lib.clamp(x, **b), clamp_args("min"),
           away_from_kinks=off_bounds),
    OpSpec("clamp_min", lambda lib, x, min: x.clamp_min(min), clamp_args("min"),
           away_from_kinks=off_bounds),
    OpSpec("clamp_max", lambda lib, x, max: x.clamp_max(max), clamp_args("max"),
           away_from_kinks=off_bounds),
    OpSpec("clamp tensor bounds", lambda lib, x, lo, hi: x.clamp(lo, hi),
           clamp_tensor_args("both"), away_from_kinks=off_tensor_bounds),
    OpSpec("clamp tensor min", lambda lib, x, lo: lib.clamp(x, min=lo),
           clamp_tensor_args("min"), away_from_kinks=off_tensor_bounds),
    OpSpec("clamp tensor max", lambda lib, x, hi: x.clamp(max=hi),
           clamp_tensor_args("max"), away_from_kinks=off_tensor_bounds),
    OpSpec("where", lambda lib, x, y, cond: lib.where(lib.tensor(cond), x, y), where_args()),
    OpSpec("max", lambda lib, x: x.max(), unary(), away_from_kinks=off_ties),
    OpSpec("min", lambda lib, x: lib.min(x), unary(), away_from_kinks=off_ties),
    OpSpec("max_dim", lambda lib, x, dim: x.max(dim)[0], dim_args(), away_from_kinks=off_ties),
    OpSpec("max_dim keepdim values", lambda lib, x, dim: x.max(dim=dim, keepdim=True).values,
           dim_args(), away_from_kinks=off_ties),
    OpSpec("min_dim", lambda lib, x, dim: lib.min(x, dim)[0], dim_args(),
           away_from_kinks=off_ties),
    OpSpec("maximum", lambda lib, x, y: lib.maximum(x, y), binary(),
           away_from_kinks=off_ties_pair),
    OpSpec("max_other", lambda lib, x, y: x.max(y), binary(), away_from_kinks=off_ties_pair),
    OpSpec("minimum", lambda lib, x, y: lib.minimum(x, y), binary(),
           away_from_kinks=off_ties_pair),
    OpSpec("var", lambda lib, x, dim, keepdim, correction:
           x.var(dim, keepdim=keepdim, correction=correction), var_args()),
    OpSpec("std", lambda lib, x, dim, keepdim, correction:
           x.std(dim, keepdim=keepdim, correction=correction), var_args(),
           away_from_kinks=off_zero_deviation),
    OpSpec("std unbiased", lambda lib, x: lib.std(x), at_least_two(),
           away_from_kinks=off_zero_deviation),
    OpSpec("scatter value", lambda lib, x, dim, index: x.scatter(dim, lib.tensor(index), 1.5),
           scatter_args(False)),
    OpSpec("scatter src", lambda lib, x, s, dim, index: x.scatter(dim, lib.tensor(index), s),
           scatter_args(True)),
    OpSpec("gather", lambda lib, x, dim, index: x.gather(dim, lib.tensor(index)),
           gather_args()),
    OpSpec("leaky_relu", lambda lib, x: lib.nn.functional.leaky_relu(x, 0.2), unary(),
           away_from_kinks=off_zero),
    OpSpec("nn.LeakyReLU", lambda lib, x: lib.nn.LeakyReLU()(x), unary(),
           away_from_kinks=off_zero),
    OpSpec("clip", lambda lib, x, **b: x.clip(**b), clamp_args("both"),
           away_from_kinks=off_bounds),
    OpSpec("swapaxes", lambda lib, x, dim0, dim1: x.swapaxes(dim0, dim1), transpose_args()),
    OpSpec("unbind", lambda lib, x: lib.stack(x.unbind(0)) * 2, unary(min_dims=1)),
    OpSpec("expand_as", lambda lib, x, sizes: x.expand_as(lib.zeros(
           *[2 if n == -1 else n for n in sizes])), expand_args()),
    OpSpec("reshape_as", lambda lib, x: x.reshape_as(lib.zeros(x.numel())), unary()),
    # torch's norm kernel order (lanes, or one by one) is modelled: bit for bit; one element
    # per norm is |x| exactly, as in torch
    OpSpec("norm", lambda lib, x: lib.norm(x), unary(), away_from_kinks=off_zero),
    OpSpec("norm dim", lambda lib, x, dim, keepdim: lib.norm(x, 2, dim, keepdim=keepdim),
           reduction_args(), away_from_kinks=off_zero),
    OpSpec("norm of a permuted view", lambda lib, x, perm, dim: x.permute(*perm).norm(2, dim),
           permuted_reduction_args(), away_from_kinks=off_zero),
]
OPS.extend(COURSE_OPS)
OPS_BY_NAME.update({op.name: op for op in COURSE_OPS})
