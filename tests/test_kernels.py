"""The kernel sets (minigrad.kernels): choosing one, what each computes, and their agreement.

``exact`` is torch's order (tests/test_reduce.py checks it against torch bit for bit),
``fast`` numpy's, ``numba`` torch's order compiled. The numba tests are marked ``slow``:
numba is an optional extra (``minigrad[numba]``, not in the dev/CI extras: a large install
that compiles on first use); ``make test-slow`` runs them where numba is installed, and they
are skipped with that reason where it is not.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad
from minigrad import kernels
from minigrad.kernels import exact, fast
from minigrad.kernels.torch_order import vector_sum

HAVE_NUMBA = importlib.util.find_spec("numba") is not None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def restore_kernels():
    before = minigrad.get_kernels()
    yield
    minigrad.set_kernels(before)


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "MINIGRAD_KERNELS"} | env
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True,
        timeout=300,
    )


# ------------------------------------------------------------------ choosing a set
def test_default_is_exact_and_names_are_listed():
    assert minigrad.get_kernels() == "exact"
    assert kernels.KERNEL_SETS == ("exact", "fast", "numba")


def test_bad_name_raises_a_value_error_listing_the_names(restore_kernels):
    with pytest.raises(ValueError, match="'exact', 'fast', 'numba'"):
        minigrad.set_kernels("kahan")
    assert minigrad.get_kernels() == "exact"


def test_set_kernels_rebinds_the_sum_every_module_calls(restore_kernels):
    import minigrad.autograd as ag
    import minigrad.nn_functions as nf

    users = (ag, nf, kernels)  # the ops call ``K.sum``: the kernels package's attribute
    assert all(m.sum_like_torch is exact.sum_like_torch for m in users)
    assert kernels.sum is exact.sum_like_torch
    minigrad.set_kernels("fast")
    assert all(m.sum_like_torch is fast.sum_like_torch for m in users)
    assert kernels.sum is fast.sum_like_torch
    assert minigrad.get_sum_order() == "numpy"
    minigrad.set_kernels("exact")
    assert all(m.sum_like_torch is exact.sum_like_torch for m in users)
    assert kernels.sum is exact.sum_like_torch
    assert minigrad.get_sum_order() == "torch"


def test_every_kernel_set_provides_the_whole_api():
    for name in ("exact", "fast"):
        module = kernels._load(name)
        assert all(callable(kernels.kernel_of(module, attr)) for attr in kernels._API), name


def test_set_kernels_rebinds_a_kernel_imported_under_another_name(restore_kernels, monkeypatch):
    import types

    probe = types.ModuleType("minigrad._kernel_probe")
    probe.engine_sum = exact.sum_like_torch  # as `from .kernels import sum_like_torch as ...`
    monkeypatch.setitem(sys.modules, probe.__name__, probe)
    minigrad.set_kernels("fast")
    assert probe.engine_sum is fast.sum_like_torch
    minigrad.set_kernels("exact")
    assert probe.engine_sum is exact.sum_like_torch


def test_set_sum_order_is_an_alias(restore_kernels):
    minigrad.set_sum_order("numpy")
    assert minigrad.get_kernels() == "fast"
    minigrad.set_sum_order("torch")
    assert minigrad.get_kernels() == "exact"
    with pytest.raises(ValueError, match="sum order"):
        minigrad.set_sum_order("kahan")


def test_fast_and_exact_differ_where_orders_do(restore_kernels):
    """The switch reaches the ops: a 1001-value sum has torch's bits, then numpy's."""
    values = np.random.default_rng(3).standard_normal(1001).astype(np.float32) * 1e4
    t = minigrad.tensor(values)
    want_exact = vector_sum(values)
    assert t.sum().numpy().tobytes() == want_exact.tobytes()
    minigrad.set_kernels("fast")
    assert t.sum().numpy().tobytes() == np.float32(np.add.reduce(values)).tobytes()
    assert want_exact.tobytes() != np.float32(np.add.reduce(values)).tobytes()


def test_environment_variable_chooses_at_import():
    out = _run("import minigrad; print(minigrad.get_kernels(), minigrad.get_sum_order())",
               MINIGRAD_KERNELS="fast")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["fast", "numpy"]


def test_environment_variable_with_a_bad_name_fails_clearly():
    out = _run("import minigrad", MINIGRAD_KERNELS="turbo")
    assert out.returncode != 0
    assert "MINIGRAD_KERNELS" in out.stderr and "'exact', 'fast', 'numba'" in out.stderr


def test_numba_is_never_imported_unless_chosen():
    out = _run("import sys, minigrad; x = minigrad.ones(100, requires_grad=True); "
               "x.sum().backward(); print('numba' in sys.modules)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_numba_absent_gives_the_install_command():
    code = ("import sys; sys.modules['numba'] = None\n"  # makes `import numba` fail
            "import minigrad\n"
            "try:\n    minigrad.set_kernels('numba')\n"
            "except ImportError as e:\n    print('ImportError:', e)\n"
            "print(minigrad.get_kernels())")
    out = _run(code)
    assert out.returncode == 0, out.stderr
    assert "pip install 'minigrad[numba]'" in out.stdout
    assert out.stdout.strip().endswith("exact")


# ------------------------------------------------------- the engine sum's fast paths
@settings(max_examples=60)
@given(
    dtype=st.sampled_from([np.float32, np.float64]),
    shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=50),
    data=st.data(),
)
def test_exact_engine_sum_is_torch_order_for_every_axis_choice(dtype, shape, data):
    """The engine sum's shortcuts (tiny sums, full reductions as one vector) give the same
    bits and shapes as the general torch-order reduction."""
    from minigrad.kernels.torch_order import torch_sum_axis

    a = (np.random.default_rng(data.draw(st.integers(0, 2**32 - 1))).standard_normal(shape)
         * 1e3).astype(dtype)
    axes = data.draw(st.sets(st.integers(-len(shape), len(shape) - 1), max_size=len(shape)))
    axis = None if not axes or len({x % len(shape) for x in axes}) != len(axes) else tuple(axes)
    keep = data.draw(st.booleans())
    got = exact.sum_like_torch(a, axis, keep)
    if a.size <= 4:  # left to right in both
        want = np.asarray(np.add.reduce(a, axis=axis, keepdims=keep))
    else:
        want = torch_sum_axis(a, axis, keep)
    assert got.shape == want.shape and got.dtype == want.dtype
    assert got.tobytes() == want.tobytes()


# ------------------------------------------------------------------------- numba
needs_numba = pytest.mark.skipif(
    not HAVE_NUMBA, reason="numba not installed (optional extra: pip install 'minigrad[numba]')"
)


def _special_vectors(dtype) -> list[np.ndarray]:
    big = np.finfo(dtype).max / 4
    return [
        np.array([-0.0] * 9, dtype),
        np.array([-0.0] * 300, dtype),
        np.array([big] * 40 + [-big] * 40, dtype),  # overflows to inf in torch's order
        np.array([np.inf, -np.inf, 1.0] * 50, dtype),
        np.array([np.nan] + [1.0] * 700, dtype),
        np.array([1e8, 1.0, 1.0, 1.0, -1e8, 1.0] * 37, dtype),
    ]


@pytest.mark.slow
@needs_numba
@settings(max_examples=300)
@given(
    dtype=st.sampled_from([np.float32, np.float64]),
    n=st.one_of(
        st.integers(0, 300),
        st.integers(300, 70_000),
        st.sampled_from([16 * 32 * k + d for k in (1, 16, 256) for d in (-9, -1, 0, 1, 33)]),
    ),
    seed=st.integers(0, 2**32 - 1),
    spread=st.integers(0, 12),
)
def test_numba_sums_are_bit_identical_to_exact(dtype, n, seed, spread):
    """The compiled sum, and the compiled fused sum of products, give the exact set's bits
    (which are torch's: tests/test_reduce.py)."""
    from minigrad.kernels.exact import sum_of_product
    from minigrad.kernels.numba_kernels import dense_sum
    from minigrad.kernels.numba_kernels import sum_of_product as fused

    rng = np.random.default_rng(seed)
    a = (rng.standard_normal(n) * 10.0 ** rng.integers(-spread, spread + 1, n)).astype(dtype)
    assert dense_sum(a).tobytes() == vector_sum(a).tobytes()
    b = rng.standard_normal(n).astype(dtype)
    assert fused(a, b).tobytes() == sum_of_product(a, b).tobytes()


@pytest.mark.slow
@needs_numba
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_numba_special_values_and_large_sizes(dtype):
    from minigrad.kernels.numba_kernels import dense_sum

    cases = _special_vectors(dtype)
    rng = np.random.default_rng(0)
    cases += [rng.standard_normal(n).astype(dtype) * 1e6 for n in (2**20 + 5, 10**6 + 7)]
    for a in cases:
        got, want = dense_sum(a), vector_sum(a)
        assert got.dtype == want.dtype and got.shape == ()
        if np.isnan(want):
            assert np.isnan(got)
        else:
            assert got.tobytes() == want.tobytes(), (a[:4], got, want)


@pytest.mark.slow
@needs_numba
def test_numba_and_exact_give_identical_training_traces(restore_kernels):
    """The seed loops (every float32 seed scenario) and the benchmark's loop at N=10^4, where
    every sum is a long one, give the same bits under both kernel sets."""
    from benchmarks.contenders import build_manual_sgd, make_problem
    from reference import scenarios as S
    from reference.loops import train
    from reference.trace import EXACT, compare

    names = [n for n in S.names() if n.startswith("seed") and S.get(n).dtype == "float32"]
    traces = {}
    for kset in ("exact", "numba"):
        minigrad.set_kernels(kset)
        traces[kset] = [train(minigrad, S.get(n)) for n in names]
        loop = build_manual_sgd(minigrad, make_problem(10_000, "float32"))
        for _ in range(20):
            loop.epoch()
        traces[kset].append(loop.params())
    for name, a, b in zip(names, traces["exact"], traces["numba"]):
        c = compare(a, b, EXACT, a_name="exact")
        assert c.ok, f"{name}: {c.describe()}"
    assert traces["exact"][-1] == traces["numba"][-1]
