"""The classification chapters' non-differentiable API against torch: max/min indices and
their named pairs, argmax/argmin, scatter_ (the one-hot idiom), eye, randint's draws,
ByteTensor and casts, torch's errors, nn containers and activations, xavier init, cuda."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import strategies as S
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg


def _np(t: Any) -> np.ndarray:
    return t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t.detach().numpy())


def _same(a: Any, b: Any) -> None:
    x, y = _np(a), _np(b)
    assert x.dtype == y.dtype and x.shape == y.shape
    assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), f"{x!r}\nvs torch\n{y!r}"


# ---------------------------------------------------------------- selections
@st.composite
def arrays_with_dim(draw: st.DrawFn) -> tuple[np.ndarray, int]:
    shape = draw(S.shapes(min_dims=1))
    dtype = draw(st.sampled_from([np.float32, np.float64, np.int64]))
    if dtype == np.int64:
        a = draw(hnp.arrays(dtype, shape, elements=st.integers(-3, 3)))
    else:  # ties and nan on purpose
        a = draw(hnp.arrays(dtype, shape, elements=st.sampled_from([0.0, 1.0, -1.0, 2.5, np.nan])
                            | st.floats(-3, 3, width=32)))
    return a, draw(st.integers(-len(shape), len(shape) - 1))


@given(case=arrays_with_dim(), keepdim=st.booleans())
def test_max_min_dim_values_and_indices_match_torch(case, keepdim):
    a, dim = case
    for name in ("max", "min"):
        m = getattr(mg.tensor(a), name)(dim, keepdim=keepdim)
        t = getattr(torch.tensor(a), name)(dim, keepdim=keepdim)
        _same(m.values, t.values)
        _same(m.indices, t.indices)
        _same(m[0], t[0])
        _same(m[1], t[1])


@given(case=arrays_with_dim(), keepdim=st.booleans())
def test_argmax_argmin_match_torch(case, keepdim):
    a, dim = case
    for name in ("argmax", "argmin"):
        _same(getattr(mg.tensor(a), name)(dim, keepdim=keepdim),
              getattr(torch.tensor(a), name)(dim, keepdim=keepdim))
        _same(getattr(mg, name)(mg.tensor(a)), getattr(torch, name)(torch.tensor(a)))
        _same(getattr(mg.tensor(a), name)(dim=dim), getattr(torch.tensor(a), name)(dim=dim))


def test_max_dim_prints_as_torch():
    x = [[1.0, 2.0], [3.0, 4.0]]
    for dim in (0, 1, -1):
        assert repr(mg.FloatTensor(x).max(dim=dim)) == repr(torch.FloatTensor(x).max(dim=dim))
    w = mg.tensor(x, requires_grad=True)
    tw = torch.tensor(x, requires_grad=True)
    assert repr(w.max(1, keepdim=True)) == repr(tw.max(1, keepdim=True))
    assert repr(w.min(0)) == repr(tw.min(0))
    assert str(mg.FloatTensor(x).max()) == str(torch.FloatTensor(x).max())


# ---------------------------------------------------------------- scatter, eye, randint
@given(
    n=st.integers(1, 8),
    classes=st.integers(1, 7),
    value=st.sampled_from([1, 1.0, 0.5, -2]),
    data=st.data(),
)
def test_one_hot_scatter_matches_torch(n, classes, value, data):
    y = data.draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, classes - 1)))
    m = mg.zeros(n, classes)
    t = torch.zeros(n, classes)
    out_m = m.scatter_(1, mg.tensor(y).unsqueeze(1), value)
    out_t = t.scatter_(1, torch.tensor(y).unsqueeze(1), value)
    assert out_m is m
    _same(m, t)
    _same(mg.zeros((n, classes)).scatter(1, mg.tensor(y).unsqueeze(1), value),
          torch.zeros((n, classes)).scatter(1, torch.tensor(y).unsqueeze(1), value))
    _same(mg.zeros_like(m).scatter_(1, mg.LongTensor(y).unsqueeze(1), value), out_t)


@pytest.mark.parametrize("n, m", [(0, None), (1, None), (3, None), (2, 5), (4, 1)])
def test_eye_matches_torch(n, m):
    args = (n,) if m is None else (n, m)
    _same(mg.eye(*args), torch.eye(*args))
    _same(mg.eye(*args, dtype=mg.float64), torch.eye(*args, dtype=torch.float64))


@given(
    seed=st.integers(0, 2**32 - 1),
    low=st.integers(-1000, 1000),
    span=st.sampled_from([1, 2, 3, 5, 10, 1000, 2**28 - 1, 2**28, 2**31, 2**32, 2**40])
    | st.integers(1, 2**45),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=5),
)
def test_randint_draws_what_torch_draws(seed, low, span, shape):
    mg.manual_seed(seed)
    torch.manual_seed(seed)
    _same(mg.randint(low, low + span, shape), torch.randint(low, low + span, shape))
    _same(mg.randint(span, shape), torch.randint(span, shape))
    # the stream continues with the same words afterwards
    _same(mg.rand(3), torch.rand(3))


def test_randint_of_the_softmax_chapter():
    mg.manual_seed(1)
    torch.manual_seed(1)
    _same(mg.rand(3, 5), torch.rand(3, 5))
    y_m, y_t = mg.randint(5, (3,)).long(), torch.randint(5, (3,)).long()
    assert repr(y_m) == repr(y_t)


# ---------------------------------------------------------------- dtypes and casts
def test_byte_tensor_and_casts_print_as_torch():
    cases = [
        lambda lib: lib.ByteTensor([True, False, False, True]),
        lambda lib: lib.ByteTensor([True, False, False, True]).long(),
        lambda lib: lib.ByteTensor([True, False, False, True]).float(),
        lambda lib: lib.LongTensor([1, 2, 3, 4]).float(),
        lambda lib: lib.FloatTensor([1.5, -2.0]).int(),
        lambda lib: lib.FloatTensor([1.5, 0.0]).bool(),
        lambda lib: lib.FloatTensor([1.5, 0.0]).byte(),
        lambda lib: lib.IntTensor([1, 2]),
        lambda lib: (lib.FloatTensor([[0.2], [0.7]]) >= lib.FloatTensor([0.5])).float(),
        lambda lib: ((lib.FloatTensor([0.2, 0.7]) > 0.5).float() == lib.FloatTensor([0, 1])),
        lambda lib: (lib.FloatTensor([0.2, 0.7]) > 0.5).sum(),
        lambda lib: (lib.FloatTensor([0.2, 0.7]) > 0.5).float().mean(),
        lambda lib: lib.ByteTensor([1, 0]) + lib.ByteTensor([1, 1]),
        lambda lib: lib.ByteTensor([1, 0]) * 2.5,
        lambda lib: lib.tensor([1, 5, -3]).clamp(0.5),
        lambda lib: lib.tensor([1, 5, -3]).clamp(min=0, max=2),
        lambda lib: lib.tensor([1.0, 5.0, -3.0]).clamp(2, 1),
        lambda lib: lib.where(lib.tensor([1, 5, -3]) > 0, lib.tensor([1, 5, -3]), 0.5),
        lambda lib: lib.where(lib.tensor([1, 5, -3]) > 0, 1.0, 0.0),
        lambda lib: lib.tensor([1, 5, -3]).max(),
    ]
    for case in cases:
        assert repr(case(mg)) == repr(case(torch))


def test_dtype_names_match_torch():
    for name in ("uint8", "int16", "int32", "int", "short"):
        assert np.dtype(getattr(mg, name)) == np.dtype(
            str(getattr(torch, name)).replace("torch.", "")
        )


# ---------------------------------------------------------------- torch's errors
def _raises_like_torch(fn: Any) -> None:
    with pytest.raises(Exception) as t_info:
        fn(torch)
    with pytest.raises(type(t_info.value)) as m_info:
        fn(mg)
    assert str(m_info.value) == str(t_info.value)


@pytest.mark.parametrize(
    "fn",
    [
        lambda lib: lib.nn.functional.binary_cross_entropy(
            lib.tensor([1.5]), lib.tensor([1.0])),
        lambda lib: lib.nn.functional.binary_cross_entropy(
            lib.tensor([0.5]), lib.tensor([1.5])),
        lambda lib: lib.nn.functional.binary_cross_entropy(
            lib.tensor([0.5, 0.2]), lib.tensor([[1.0], [0.0]])),
        lambda lib: lib.nn.functional.binary_cross_entropy(lib.tensor([0.5]), lib.tensor([1])),
        lambda lib: lib.nn.BCELoss()(lib.tensor([-0.5]), lib.tensor([1.0])),
        lambda lib: lib.nn.functional.cross_entropy(lib.zeros(3, 4), lib.rand(3, 5)),
        lambda lib: lib.nn.functional.cross_entropy(lib.zeros(3, 4), lib.rand(3)),
        lambda lib: lib.nn.functional.cross_entropy(lib.zeros(3, 4), lib.tensor([0, 1, 5])),
        lambda lib: lib.nn.functional.cross_entropy(lib.zeros(3, 4), lib.tensor([0, 1])),
        lambda lib: lib.nn.functional.cross_entropy(
            lib.zeros(3, 4), lib.tensor([0, 1, 2]).int()),
        lambda lib: lib.nn.functional.nll_loss(lib.zeros(3, 4), lib.tensor([0.0, 1, 2])),
        lambda lib: lib.nn.functional.nll_loss(lib.zeros(3, 4), lib.tensor([-1, 1, 2])),
        lambda lib: lib.nn.functional.nll_loss(
            lib.zeros(3, 4), lib.tensor([0, 1, 2]), reduction="bad"),
        lambda lib: lib.zeros(3).clamp(),
        lambda lib: lib.nn.functional.softmax(lib.zeros(3, 4), 2),
        lambda lib: lib.zeros(3, 4).max(2),
        lambda lib: lib.zeros(3, 4).scatter_(1, lib.tensor([[0], [1], [5]]), 1),
        lambda lib: lib.zeros(3, 4).scatter_(1, lib.tensor([[0.0], [1], [2]]), 1),
        lambda lib: lib.LongTensor([1, 2]).std(),
        lambda lib: lib.LongTensor([1, 2]).var(),
        lambda lib: lib.where(lib.tensor([1, 0]), lib.zeros(2), lib.ones(2)),
    ],
)
def test_errors_match_torch(fn):
    _raises_like_torch(fn)


def test_softmax_without_dim_warns_and_picks_torchs_dim():
    x = [[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]]
    with warnings.catch_warnings(record=True) as m_warn:
        warnings.simplefilter("always")
        m = mg.nn.functional.softmax(mg.tensor(x))
    with warnings.catch_warnings(record=True) as t_warn:
        warnings.simplefilter("always")
        t = torch.nn.functional.softmax(torch.tensor(x))
    _same(m, t)
    assert [str(w.message) for w in m_warn] == [str(w.message) for w in t_warn]


# ---------------------------------------------------------------- nn containers, init
def test_sequential_prints_indexes_and_lists_parameters_as_torch():
    def build(lib):
        lib.manual_seed(777)
        linear1, linear2 = lib.nn.Linear(2, 2, bias=True), lib.nn.Linear(2, 1, bias=True)
        sigmoid = lib.nn.Sigmoid()
        return lib.nn.Sequential(linear1, sigmoid, linear2, sigmoid)

    m, t = build(mg), build(torch)
    assert repr(m) == repr(t)
    assert len(m) == len(t) == 4
    assert repr(m[0]) == repr(t[0]) and repr(m[-1]) == repr(t[-1])
    assert repr(m[1:3]) == repr(t[1:3])
    assert [n for n, _ in m.named_parameters()] == [n for n, _ in t.named_parameters()]
    for a, b in zip(m.parameters(), t.parameters()):
        _same(a, b)
    assert m.to("cpu") is m and m.eval() is m and not m[0].training
    assert list(m.state_dict()) == list(t.state_dict())


@pytest.mark.parametrize(
    "make",
    [
        lambda lib: lib.nn.Sigmoid(),
        lambda lib: lib.nn.ReLU(),
        lambda lib: lib.nn.ReLU(inplace=True),
        lambda lib: lib.nn.Tanh(),
        lambda lib: lib.nn.Softmax(dim=1),
        lambda lib: lib.nn.LogSoftmax(dim=-1),
        lambda lib: lib.nn.LeakyReLU(0.2),
        lambda lib: lib.nn.Dropout(p=0.3),
        lambda lib: lib.nn.BCELoss(),
        lambda lib: lib.nn.CrossEntropyLoss(),
        lambda lib: lib.nn.NLLLoss(),
        lambda lib: lib.nn.Sequential(lib.nn.Linear(3, 2), lib.nn.ReLU(), lib.nn.Softmax(1)),
    ],
)
def test_modules_print_as_torch(make):
    mg.manual_seed(0)
    torch.manual_seed(0)
    assert repr(make(mg)) == repr(make(torch))


@given(x=hnp.arrays(np.float32, (3, 4), elements=st.floats(-3, 3, width=32)))
def test_activation_modules_compute_as_torch(x):
    for make in (lambda lib: lib.nn.Sigmoid(), lambda lib: lib.nn.ReLU(),
                 lambda lib: lib.nn.Softmax(dim=1), lambda lib: lib.nn.LogSoftmax(dim=0),
                 lambda lib: lib.nn.LeakyReLU(0.1)):
        _same(make(mg)(mg.tensor(x)), make(torch)(torch.tensor(x)))
    d_m, d_t = mg.nn.Dropout(0.5), torch.nn.Dropout(0.5)
    d_m.eval()
    d_t.eval()
    _same(d_m(mg.tensor(x)), d_t(torch.tensor(x)))


@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.sampled_from([(1, 1), (2, 3), (10, 2), (256, 10), (4, 3, 2)]),
    gain=st.sampled_from([1.0, 0.5, 5.0 / 3]),
)
def test_xavier_and_kaiming_init_draw_what_torch_draws(seed, shape, gain):
    for name, kwargs in (
        ("xavier_uniform_", {"gain": gain}),
        ("xavier_normal_", {"gain": gain}),
        ("kaiming_normal_", {}),
        ("kaiming_uniform_", {}),
        ("normal_", {}),
    ):
        mg.manual_seed(seed)
        torch.manual_seed(seed)
        a, b = mg.empty_like(mg.zeros(*shape)) if hasattr(mg, "empty_like") else mg.zeros(
            *shape), torch.zeros(*shape)
        getattr(mg.nn.init, name)(a, **kwargs)
        getattr(torch.nn.init, name)(b, **kwargs)
        _same(a, b)


def test_cuda_on_a_machine_without_a_gpu_behaves_as_torchs():
    assert mg.cuda.is_available() is False and mg.cuda.device_count() == 0
    device = "cuda" if mg.cuda.is_available() else "cpu"
    mg.manual_seed(777)
    mg.cuda.manual_seed_all(777)
    mg.cuda.manual_seed(777)
    x = mg.FloatTensor([[0, 0], [0, 1]]).to(device)
    assert x.device == "cpu" or str(x.device) == "cpu"
    assert mg.nn.BCELoss().to(device) is not None
    p = mg.nn.Parameter(mg.Tensor(3, 2)).to(device)
    assert p.shape == (3, 2)
