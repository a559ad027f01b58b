"""Printing: ``repr(minigrad_tensor) == repr(torch_tensor)`` for hypothesis-drawn tensors.

Values mix regimes that switch torch's formatter between its modes: integer-valued floats
(``1.``), plain decimals (``1.5000``), scientific notation (tiny, huge, or spanning > 1000x),
nan/inf, negatives and signed zeros; 0-d to 3-d shapes, empty tensors, rows long enough to
wrap at 80 columns and tensors over 1000 elements (summarised with ``...``); dtypes float32,
float64 (``dtype=torch.float64`` suffix), int64 and bool; ``requires_grad=True`` and
``grad_fn=<...>`` suffixes. Also ``Parameter`` and ``Module`` reprs and f-string formatting.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad

DTYPES = {
    "float32": (np.float32, torch.float32),
    "float64": (np.float64, torch.float64),
    "int64": (np.int64, torch.int64),
    "bool": (np.bool_, torch.bool),
}


# --------------------------------------------------------------------------- strategies
def _signed(strategy: st.SearchStrategy[float]) -> st.SearchStrategy[float]:
    return st.tuples(strategy, st.booleans()).map(lambda t: -t[0] if t[1] else t[0])


FLOAT_REGIMES: dict[str, st.SearchStrategy[float]] = {
    "integers": st.integers(-1000, 1000).map(float),
    "big_integers": _signed(st.integers(10**5, 10**12).map(float)),
    "decimals": st.floats(-1000.0, 1000.0),
    "unit": st.floats(-1.0, 1.0),
    "tiny": _signed(st.floats(1e-12, 1e-4)),
    "huge": _signed(st.floats(1e6, 1e20)),
    "special": st.sampled_from([float("nan"), float("inf"), float("-inf"), 0.0, -0.0]),
}


@st.composite
def float_elements(draw: st.DrawFn, dtype: Any) -> st.SearchStrategy[float]:
    """Elements from one to three regimes, exactly representable in ``dtype``."""
    names = draw(st.lists(st.sampled_from(sorted(FLOAT_REGIMES)), min_size=1, max_size=3))
    elements = st.one_of(*(FLOAT_REGIMES[n] for n in names))
    if dtype == np.float32:
        elements = elements.map(lambda v: float(np.float32(v)))
    return elements


def element_strategy(draw: st.DrawFn, dtype: Any) -> st.SearchStrategy[Any]:
    if dtype == np.bool_:
        return st.booleans()
    if dtype == np.int64:
        return st.one_of(st.integers(-100, 100), st.integers(-(2**40), 2**40))
    return draw(float_elements(dtype))


SMALL_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)
WIDE_SHAPES = st.sampled_from([(13,), (25,), (60,), (2, 17), (3, 2, 14), (1, 40)])
LARGE_SHAPES = st.sampled_from([(1001,), (1500,), (40, 30), (3, 400), (11, 11, 11), (2, 700)])


@st.composite
def printable_arrays(draw: st.DrawFn) -> np.ndarray:
    """An array to print: small, wide (wrapping) or large (summarised)."""
    dtype = DTYPES[draw(st.sampled_from(sorted(DTYPES)))][0]
    size_kind = draw(st.sampled_from(["small", "small", "small", "wide", "large"]))
    elements = element_strategy(draw, dtype)
    if size_kind == "large":
        shape = draw(LARGE_SHAPES)
        # a drawn pool of values spread over the array by a seeded generator: fast for 1000+
        pool = np.array(draw(st.lists(elements, min_size=1, max_size=8)), dtype=dtype)
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
        return pool[rng.integers(0, len(pool), size=shape)]
    shape = draw(SMALL_SHAPES if size_kind == "small" else WIDE_SHAPES)
    return draw(hnp.arrays(dtype, shape, elements=elements))


SUFFIXES = ["none", "requires_grad", "clone", "mul1", "view", "neg"]


def build(lib: Any, array: np.ndarray, suffix: str) -> Any:
    """A tensor of ``lib`` holding ``array``; float tensors get the suffix's autograd state."""
    if array.dtype.kind != "f" or suffix == "none":
        return lib.tensor(array)
    t = lib.tensor(array, requires_grad=True)
    if suffix == "clone":
        return t.clone()  # CloneBackward0
    if suffix == "mul1":
        return t * 1  # MulBackward0, same values
    if suffix == "view":
        return t.view(t.shape)  # ViewBackward0
    if suffix == "neg":
        return -t  # NegBackward0
    return t


# ------------------------------------------------------------------------------ tensors
def check_repr(array: np.ndarray, suffix: str) -> None:
    """repr and str of ``array`` as a tensor equal torch's; printing emits no warning."""
    got, want = build(minigrad, array, suffix), build(torch, array, suffix)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a RuntimeWarning from numpy while formatting
        text = repr(got)
    assert text == repr(want), (
        f"repr differs for {array.dtype} {array.shape} ({suffix}):\n"
        f"minigrad:\n{text}\ntorch:\n{want!r}"
    )
    assert str(got) == str(want)


@given(array=printable_arrays().filter(lambda a: a.size > 0), suffix=st.sampled_from(SUFFIXES))
def test_tensor_repr_matches_torch(array: np.ndarray, suffix: str) -> None:
    """repr (and str) of a tensor equal torch's, for every formatter regime and suffix."""
    check_repr(array, suffix)


EMPTY_SHAPES = [(0,), (0, 3), (2, 0), (2, 0, 1)]


@pytest.mark.parametrize("dtype", sorted(DTYPES))
@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=[str(s) for s in EMPTY_SHAPES])
def test_empty_tensor_repr_matches_torch(shape: tuple[int, ...], dtype: str) -> None:
    """Empty tensors: ``tensor([])``, ``size=(0, 3)`` and the dtype suffix as torch prints."""
    check_repr(np.zeros(shape, dtype=DTYPES[dtype][0]), "none")
    if dtype.startswith("float"):
        check_repr(np.zeros(shape, dtype=DTYPES[dtype][0]), "requires_grad")


REPR_CASES = [
    ([0.0933], {"requires_grad": True}),
    (4.666666666, {}),
    ([[1.0], [2.0], [3.0]], {}),
    ([1.0, 2.5, -3.25], {"dtype": "float64"}),
    ([1e-5, 1.0], {}),
    ([1e8, 1.0], {}),
    ([123456789.0], {}),
    ([float("nan"), 1.0, float("inf")], {}),
    ([float("nan"), float("-inf")], {}),
    ([1, 2, 3], {}),
    ([True, False], {}),
    ([], {}),
    ([-0.0, 0.0], {}),
    ([0.1, 0.25, 100.5], {}),
    ([1000.0, 0.5], {}),
    ([10000.0, 0.5], {}),
    (list(range(1001)), {"dtype": "float32"}),
    ([[0.5] * 30] * 3, {}),
    ([5e-324, 1.0], {"dtype": "float64"}),
    ([1e-45, 3.0e38], {}),
]


@pytest.mark.parametrize("data,kwargs", REPR_CASES, ids=[str(i) for i in range(len(REPR_CASES))])
def test_known_reprs_match_torch(data: Any, kwargs: dict[str, Any]) -> None:
    """Hand-picked cases: the tutorials' prints and each formatter mode's boundary."""
    kw = dict(kwargs)
    dtype = kw.pop("dtype", None)
    got = minigrad.tensor(data, dtype=getattr(minigrad, dtype) if dtype else None, **kw)
    want = torch.tensor(data, dtype=getattr(torch, dtype) if dtype else None, **kw)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # printing must not warn (torch does not)
        text = repr(got)
    assert text == repr(want), f"minigrad:\n{text}\ntorch:\n{want!r}"


def test_mean_of_tutorial_values_prints_grad_fn() -> None:
    """``tensor(4.6667, grad_fn=<MeanBackward0>)`` as in the tutorials."""
    for lib in (minigrad, torch):
        x = lib.tensor([1.0, 2.0, 11.0], requires_grad=True)
        assert repr(x.mean()) == "tensor(4.6667, grad_fn=<MeanBackward0>)", lib.__name__


# --------------------------------------------------------------------- Parameter, Module
@given(array=printable_arrays().filter(lambda a: a.dtype.kind == "f"), rg=st.booleans())
def test_parameter_repr_matches_torch(array: np.ndarray, rg: bool) -> None:
    """``Parameter containing:`` followed by the tensor's repr."""
    got = minigrad.nn.Parameter(minigrad.tensor(array), requires_grad=rg)
    want = torch.nn.Parameter(torch.tensor(array), requires_grad=rg)
    assert repr(got) == repr(want), f"minigrad:\n{got!r}\ntorch:\n{want!r}"
    assert str(got) == str(want)


def _model(lib: Any, in_features: int, out_features: int, bias: bool, extra: bool) -> Any:
    """A Module with a Linear child (and optionally a nested module and a loss)."""

    class Model(lib.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.linear = lib.nn.Linear(in_features, out_features, bias=bias)
            if extra:
                self.head = lib.nn.Linear(out_features, 1)
                self.loss = lib.nn.MSELoss()
                self.inner = Inner()

        def forward(self, x: Any) -> Any:
            return self.linear(x)

    class Inner(lib.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.l1 = lib.nn.L1Loss()
            self.proj = lib.nn.Linear(2, 2)

    return Model()


@pytest.mark.parametrize("extra", [False, True])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("sizes", [(1, 1), (3, 1), (10, 200)])
def test_module_print_matches_torch(
    sizes: tuple[int, int], bias: bool, extra: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """``print(model)`` for a Module with Linear children (nested too) equals torch's."""
    m, t = _model(minigrad, *sizes, bias, extra), _model(torch, *sizes, bias, extra)
    print(m)
    got = capsys.readouterr().out
    print(t)
    want = capsys.readouterr().out
    assert got == want, f"minigrad:\n{got}\ntorch:\n{want}"
    assert repr(m.linear) == repr(t.linear)


@pytest.mark.parametrize("module", ["MSELoss", "L1Loss"])
def test_loss_module_repr_matches_torch(module: str) -> None:
    """Loss modules print as ``MSELoss()``."""
    assert repr(getattr(minigrad.nn, module)()) == repr(getattr(torch.nn, module)())


def test_linear_parameters_print_like_torch() -> None:
    """Linear(1, 1) after the same seed: its parameters print identically."""
    minigrad.manual_seed(1)
    torch.manual_seed(1)
    m, t = minigrad.nn.Linear(1, 1), torch.nn.Linear(1, 1)
    for (name, p), (_, q) in zip(m.named_parameters(), t.named_parameters()):
        assert repr(p) == repr(q), f"{name}: minigrad:\n{p!r}\ntorch:\n{q!r}"


# ------------------------------------------------------------------------- f-strings
ZERO_D_SPECS = ["", ".3f", ".2e", ">12.4f", "+.1f", "g", ".10g"]


@given(
    value=st.one_of(FLOAT_REGIMES["decimals"], FLOAT_REGIMES["tiny"], FLOAT_REGIMES["special"]),
    dtype=st.sampled_from(["float32", "float64"]),
    rg=st.booleans(),
    spec=st.sampled_from(ZERO_D_SPECS),
)
def test_zero_dim_format_matches_torch(value: float, dtype: str, rg: bool, spec: str) -> None:
    """``f"{t:.3f}"`` formats a 0-d tensor as its Python number, as torch does."""
    got = minigrad.tensor(value, dtype=getattr(minigrad, dtype), requires_grad=rg)
    want = torch.tensor(value, dtype=getattr(torch, dtype), requires_grad=rg)
    assert format(got, spec) == format(want, spec), f"spec {spec!r}"
    assert f"{got}" == f"{want}"


@pytest.mark.parametrize("value", [[1.5, 2.0], [[1, 2]], [True]])
def test_nd_format_matches_torch(value: Any) -> None:
    """``f"{t}"`` of a tensor with dimensions is its str; a format spec is refused."""
    got, want = minigrad.tensor(value), torch.tensor(value)
    assert f"{got}" == f"{want}"
    with pytest.raises(TypeError):
        format(want, ".3f")
    try:
        format(got, ".3f")
    except TypeError:
        pass
    except Exception as exc:
        raise AssertionError(
            f"format(tensor, '.3f') raised {type(exc).__name__}; torch raises TypeError"
        ) from exc
    else:
        raise AssertionError("format(tensor, '.3f') did not raise; torch raises TypeError")
