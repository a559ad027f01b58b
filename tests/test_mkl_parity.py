"""With Intel MKL installed (``pip install mkl==2024.2.0``, the version torch 2.13 was built
with), minigrad calls the MKL functions torch calls, as torch calls them: matrix products
(``addmm``'s transposes, leading dimensions, the bias added inside the kernel) and the
``exp``/``log``/``tanh``/``sqrt`` operators become bit-identical to torch. Without MKL, the
same calls fall back to numpy (``_mkl`` returns None) and the documented bounds of
``test_libm_parity`` / the op table apply: both situations are asserted here."""

from __future__ import annotations

import numpy as np
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg
from minigrad import _mkl

HAVE_MKL = _mkl.available()


@st.composite
def linear_case(draw):
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    n, k, m = (draw(st.integers(1, 24)) for _ in range(3))
    floats = st.floats(-2, 2, width=32)
    x = draw(hnp.arrays(dtype, (n, k), elements=floats))
    w = draw(hnp.arrays(dtype, (m, k), elements=floats))
    b = draw(hnp.arrays(dtype, (m,), elements=floats))
    g = draw(hnp.arrays(dtype, (n, m), elements=floats))
    return x, w, b, g


@given(case=linear_case())
def test_linear_and_matmul_with_mkl_are_torchs_bits(case):
    x, w, b, g = case
    t_leaves = [torch.tensor(a, requires_grad=True) for a in (x, w, b)]
    m_leaves = [mg.tensor(a, requires_grad=True) for a in (x, w, b)]
    t_out = torch.nn.functional.linear(*t_leaves)
    m_out = mg.nn.functional.linear(*m_leaves)
    t_out.backward(torch.tensor(g))
    m_out.backward(mg.tensor(g))
    t_mm = (torch.tensor(x) @ torch.tensor(w).t()).numpy()
    m_mm = (mg.tensor(x) @ mg.tensor(w).t()).numpy()
    pairs = [(m_out.detach().numpy(), t_out.detach().numpy()), (m_mm, t_mm)]
    pairs += [(m.grad.numpy(), t.grad.numpy()) for m, t in zip(m_leaves, t_leaves)]
    for got, want in pairs:
        if HAVE_MKL:
            np.testing.assert_array_equal(got, want)
        else:
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_vector_math_with_mkl_is_torchs_bits():
    rng = np.random.default_rng(4)
    x = (np.abs(rng.standard_normal(5000)) * 3 + 1e-3).astype(np.float32)
    for name in ("exp", "log", "tanh", "sqrt"):
        got = _mkl.vml(name, x)
        want = getattr(torch, name)(torch.tensor(x)).numpy()
        if HAVE_MKL:
            np.testing.assert_array_equal(got, want)
            np.testing.assert_array_equal(getattr(mg.tensor(x), name)().numpy(), want)
        else:
            assert got is None


def test_adam_with_mkl_is_torchs_bits_for_300_steps():
    from test_adam import _classifier_run

    m_costs, m_params = _classifier_run(mg)
    t_costs, t_params = _classifier_run(torch)
    if HAVE_MKL:
        assert m_costs.tolist() == t_costs.tolist()
        for a, b in zip(m_params, t_params):
            np.testing.assert_array_equal(a, b)
    else:
        np.testing.assert_allclose(m_costs, t_costs, rtol=1e-5)


def test_without_mkl_every_call_falls_back(monkeypatch):
    monkeypatch.setattr(_mkl._mkl, "loaded", True)
    monkeypatch.setattr(_mkl._mkl, "lib", None)
    a = np.ones((2, 3), dtype=np.float32)
    assert not _mkl.available()
    assert _mkl.vml("exp", a) is None and _mkl.gemm(a, a.T) is None
    np.testing.assert_array_equal((mg.tensor(a) @ mg.tensor(a).t()).numpy(), np.full((2, 2), 3))


@st.composite
def vector_products(draw):
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    n, k, m = (draw(st.integers(1, 40)) for _ in range(3))
    sa, sb = draw(st.sampled_from([((k,), (k,)), ((n, k), (k,)), ((k,), (k, m))]))
    floats = st.floats(-2, 2, width=32)
    return (draw(hnp.arrays(dtype, sa, elements=floats)),
            draw(hnp.arrays(dtype, sb, elements=floats)))


@given(case=vector_products())
def test_dot_mv_and_vector_matrix_products_with_mkl_are_torchs_bits(case):
    """torch routes 1-D @ 1-D to MKL's dot, 2-D @ 1-D to gemv, 1-D @ 2-D to gemm."""
    a, b = case
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    ma, mb = mg.tensor(a, requires_grad=True), mg.tensor(b, requires_grad=True)
    t_out, m_out = ta @ tb, ma @ mb
    g = np.linspace(-1, 1, max(t_out.numel(), 1)).astype(a.dtype).reshape(tuple(t_out.shape))
    t_out.backward(torch.tensor(g))
    m_out.backward(mg.tensor(g))
    for got, want in ((m_out.detach().numpy(), t_out.detach().numpy()),
                      (ma.grad.numpy(), ta.grad.numpy()), (mb.grad.numpy(), tb.grad.numpy())):
        if HAVE_MKL:
            np.testing.assert_array_equal(got, want)
        else:
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_the_loaded_mkl_is_the_version_torch_was_built_with():
    version = _mkl.version()
    if HAVE_MKL:
        assert version in torch.__config__.show(), (version, "torch: see torch.__config__")
    else:
        assert version is None
