"""minigrad.kernels.torch_order (the exact kernel set) against torch.sum / torch.mean /
F.mse_loss, bit for bit.

torch runs single-threaded with ``ATEN_CPU_CAPABILITY=default`` (tests/conftest.py). Values
span many orders of magnitude with both signs, so that almost any change of summation order
changes the result (numpy's own pairwise ``sum`` disagrees with torch for most n, which
``test_the_inputs_tell_summation_orders_apart`` checks, so these tests can fail).

Also here, without torch: the documented order for a few sizes written out by hand, and the
vectorised cascade against a literal loop port of ATen's ``multi_row_sum``.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from minigrad.kernels import torch_order as _reduce
from minigrad.kernels.torch_order import torch_mean, torch_sum, torch_sum_axis

torch = pytest.importorskip("torch")
F = torch.nn.functional

DTYPES = (np.float32, np.float64)


def assert_bitwise(expected: np.ndarray, got: np.ndarray) -> None:
    """Same dtype, shape and bits (signed zeros included; any NaN matches any NaN)."""
    expected, got = np.asarray(expected), np.asarray(got)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    nan = np.isnan(expected)
    assert np.array_equal(nan, np.isnan(got)), (expected, got)
    ints = {4: np.uint32, 8: np.uint64}[expected.itemsize]
    diff = expected.view(ints)[~nan] != got.view(ints)[~nan]
    assert not diff.any(), f"torch {expected[~nan][diff][:5]} vs ours {got[~nan][diff][:5]}"


def mixed(shape, dtype, seed: int, spread: int = 8, same_sign: bool = False) -> np.ndarray:
    """Normal values scaled by 10**k, k uniform in [-spread, spread]: orders matter."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape) * 10.0 ** rng.integers(-spread, spread + 1, shape)
    return (np.abs(x) if same_sign else x).astype(dtype)


@st.composite
def vectors(draw, max_n: int = 5000) -> np.ndarray:
    dtype = draw(st.sampled_from(DTYPES))
    n = draw(st.integers(0, max_n))
    if n <= 40 and draw(st.booleans()):  # every element chosen by hypothesis, specials too
        width = 32 if dtype is np.float32 else 64
        return draw(hnp.arrays(dtype, n, elements=st.floats(width=width)))
    return mixed(
        n, dtype, draw(st.integers(0, 2**32 - 1)), draw(st.integers(0, 12)), draw(st.booleans())
    )


def t_sum(a: np.ndarray, dim=None, keepdim: bool = False) -> np.ndarray:
    t = torch.from_numpy(a)
    return (t.sum() if dim is None else t.sum(dim=dim, keepdim=keepdim)).numpy()


# ------------------------------------------------------------------------ full sums
@given(vectors())
def test_torch_sum_matches_torch(a):
    assert_bitwise(t_sum(a), torch_sum(a))


@pytest.mark.parametrize("n", [10**5, 10**6 + 7])
@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_sum_big(n, dtype):
    a = mixed(n, dtype, seed=n)
    assert_bitwise(t_sum(a), torch_sum(a))


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_small_size_and_the_block_boundaries(dtype):
    lanes = 32 // np.dtype(dtype).itemsize
    sizes = list(range(0, 300))
    for rows in (16 * 4, 256 * 4, 4096 * 4):  # cascade levels fill at 16, 16**2, 16**3 groups
        sizes += [rows * lanes + d for d in (-lanes - 1, -1, 0, 1, lanes, 4 * lanes + 3)]
    for n in sizes:
        a = mixed(n, dtype, seed=n)
        assert_bitwise(t_sum(a), torch_sum(a))


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(DTYPES),
    st.integers(_reduce.FUSED_FROM - 600, 3 * 10**5),
    st.integers(0, 2**32 - 1),
    st.integers(0, 12),
    st.booleans(),
)
def test_sum_of_a_long_product_formed_by_chunks_matches_torch(dtype, n, seed, spread, special):
    """``vector_sum_of_product`` (the weight gradient's fused multiply-sum) gives the bits of
    ``torch.sum(a * b)``: chunks of level-0 blocks add what the whole product would."""
    a, b = mixed(n, dtype, seed, spread), mixed(n, dtype, seed + 1, spread)
    if special:  # overflow to inf, signed zeros, nan
        rng = np.random.default_rng(seed)
        a[rng.integers(0, n, 20)] = np.finfo(dtype).max
        b[rng.integers(0, n, 5)] = -0.0
        a[rng.integers(0, n, 1)] = np.nan if seed % 3 == 0 else 1
    want = (torch.from_numpy(a) * torch.from_numpy(b)).sum().numpy()
    assert_bitwise(want, _reduce.vector_sum_of_product(a, b))


def test_layouts_are_read_as_torch_reads_a_tensor_with_the_same_strides():
    a = mixed((3, 5, 70), np.float32, seed=1)
    t = torch.from_numpy(a)
    assert_bitwise(t_sum(a), torch_sum(a))
    for perm in ((2, 1, 0), (1, 2, 0), (0, 2, 1)):  # dense permuted views: memory order
        assert_bitwise(t.permute(perm).sum().numpy(), torch_sum(a.transpose(perm)))
        assert_bitwise(t.permute(perm).sum().numpy(), torch_sum_axis(a.transpose(perm)))
    v = mixed(2001, np.float64, seed=2)
    assert_bitwise(torch.from_numpy(v)[::3].sum().numpy(), torch_sum(v[::3]))  # scalar kernel
    assert_bitwise(t_sum(np.ascontiguousarray(a.T)), torch_sum(np.ascontiguousarray(a.T)))


def test_non_finite_values_and_overflow():
    cases = [
        np.array([3e38] * 20 + [-3e38] * 20, np.float32),  # overflows in torch's order only
        np.array([np.inf, -np.inf, 1.0] * 5, np.float32),
        np.array([np.nan] + [1.0] * 20, np.float64),
        np.array([-0.0] * 9, np.float32),  # the zero-filled output makes it +0.0
        np.array([-0.0] * 3, np.float64),
        np.array([], np.float32),
    ]
    for a in cases:
        assert_bitwise(t_sum(a), torch_sum(a))


def test_result_is_a_0d_array_of_the_input_dtype():
    for dtype in DTYPES:
        r = torch_sum(np.ones(10, dtype))
        assert isinstance(r, np.ndarray) and r.shape == () and r.dtype == dtype and r == 10
    with pytest.raises(TypeError):
        torch_sum(np.ones(3, np.int64))


# --------------------------------------------------------------- the order, by hand
def test_the_documented_order_without_torch():
    x = np.array([1e8, 1.0, 1.0, 1.0, -1e8, 1.0], np.float32)  # torch: a0+a4+a5+a1+a2+a3
    f = np.float32
    by_hand = ((((f(0) + x[0] + x[4]) + x[5]) + x[1]) + x[2]) + x[3]
    assert torch_sum(x) == by_hand == 4.0
    assert np.float32(x.sum()) != by_hand  # numpy's pairwise order gives something else
    # 9 float32 values: one 8-lane vector (lanes 0..7 added after the scalar tail x8)
    y = np.array([1.0] * 8 + [1e8], np.float32)
    tail_first = f(0) + y[8]
    for v in y[:8]:
        tail_first = tail_first + v
    assert torch_sum(y) == tail_first == np.float32(1e8)


def _literal_multi_row_sum(rows: np.ndarray) -> np.ndarray:
    """ATen multi_row_sum as written (a loop per row), for rows (size, w)."""
    size = rows.shape[0]
    power = max(4, _reduce._ceil_log2(size) // 4)
    step, mask = 1 << power, (1 << power) - 1
    acc = np.zeros((4, rows.shape[1]), rows.dtype)
    i = 0
    while i + step <= size:
        for _ in range(step):
            acc[0] = acc[0] + rows[i]
            i += 1
        for j in range(1, 4):
            acc[j] = acc[j] + acc[j - 1]
            acc[j - 1] = 0
            if i & (mask << (j * power)):
                break
    for r in range(i, size):
        acc[0] = acc[0] + rows[r]
    return ((acc[0] + acc[1]) + acc[2]) + acc[3]


@given(
    st.sampled_from(DTYPES),
    st.integers(0, 5000),
    st.integers(1, 5),
    st.integers(0, 2**32 - 1),
)
def test_vectorised_cascade_equals_the_literal_loop(dtype, size, width, seed):
    rows = mixed((size, width), dtype, seed)
    assert_bitwise(_literal_multi_row_sum(rows), _reduce._cascade(rows[None])[0])


@settings(max_examples=60)
@given(
    st.sampled_from(DTYPES),
    st.integers(1, 3),
    st.integers(0, 20_000),
    st.integers(2, 40),
    st.data(),
)
def test_cascade_on_strided_batches_and_column_slices(dtype, batch, size, width, data):
    """The block reductions (einsum over a (B, blocks, step, w) view) on the layouts
    ``_outer`` gives them: batches and column slices of wider rows, left to right per
    column as the literal loop, whatever the strides."""
    extra = data.draw(st.integers(0, 9))
    full = mixed((batch, size, width + extra), dtype, data.draw(st.integers(0, 2**32 - 1)))
    x = full[:, :, :width]  # the first `width` columns: rows strided by width + extra
    got = _reduce._cascade(x)
    for b in range(batch):
        assert_bitwise(_literal_multi_row_sum(x[b]), got[b])


# ------------------------------------------------------------------------ axis sums
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_reductions_minigrad_needs(dtype):
    """Bias / weight gradients: (N, 1) and (N, k) over axis 0, and the last axis."""
    for n, k in itertools.product(
        (1, 2, 3, 5, 16, 17, 64, 100, 1000, 4099), (1, 2, 3, 4, 5, 7, 8, 9, 31, 32, 33, 40, 65)
    ):
        a = mixed((n, k), dtype, seed=n * 100 + k)
        for axis, keep in itertools.product((0, 1, -1, (0, 1)), (False, True)):
            assert_bitwise(t_sum(a, axis, keep), torch_sum_axis(a, axis, keep))


@given(
    st.sampled_from(DTYPES),
    hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=40),
    st.data(),
)
def test_torch_sum_axis_matches_torch(dtype, shape, data):
    a = mixed(shape, dtype, data.draw(st.integers(0, 2**32 - 1)))
    axes = data.draw(st.sets(st.integers(0, len(shape) - 1), min_size=1))
    axis = tuple(sorted(axes)) if len(axes) > 1 else next(iter(axes))
    keep = data.draw(st.booleans())
    assert_bitwise(t_sum(a, axis, keep), torch_sum_axis(a, axis, keep))
    assert_bitwise(t_sum(a), torch_sum_axis(a))


@settings(max_examples=150)
@given(
    st.sampled_from(DTYPES),
    hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=24),
    st.data(),
)
def test_any_layout_is_summed_as_torch_walks_its_memory(dtype, shape, data):
    """Permuted, transposed and step-sliced views (as minigrad's views have them) summed
    over any dims, including all of them, equal torch's sum of the same view bit for bit."""
    a = mixed(shape, dtype, data.draw(st.integers(0, 2**32 - 1)))
    perm = data.draw(st.permutations(range(len(shape))))
    steps = tuple(data.draw(st.integers(1, 3)) for _ in shape)
    view = a.transpose(perm)[tuple(slice(None, None, k) for k in steps)]
    t_view = torch.from_numpy(a).permute(*perm)[tuple(slice(None, None, k) for k in steps)]
    assert view.strides == tuple(s * view.itemsize for s in t_view.stride())
    axes = data.draw(st.sets(st.integers(0, len(shape) - 1)))
    axis = tuple(sorted(axes)) if axes else None
    keep = data.draw(st.booleans())
    expected = t_view.sum() if axis is None else t_view.sum(dim=axis, keepdim=keep)
    got = torch_sum_axis(view) if axis is None else torch_sum_axis(view, axis, keep)
    assert_bitwise(expected.numpy(), got)


def test_big_column_sums():
    for shape in ((300_000, 1), (200_000, 3), (50_000, 40)):
        a = mixed(shape, np.float32, seed=shape[1])
        assert_bitwise(t_sum(a, 0), torch_sum_axis(a, 0))


def test_axis_errors_and_empty_reductions():
    a = np.zeros((0, 3), np.float32)
    assert_bitwise(t_sum(a, 0), torch_sum_axis(a, 0))
    assert_bitwise(t_sum(a, 1, True), torch_sum_axis(a, 1, True))
    with pytest.raises(np.exceptions.AxisError):
        torch_sum_axis(np.ones((2, 3), np.float32), 2)


# ------------------------------------------------------------------ mean, mse_loss
@given(vectors(max_n=3000))
def test_mean_is_sum_over_n_in_the_dtype(a):
    assert_bitwise(torch.from_numpy(a).mean().numpy(), torch_mean(a))


@given(st.sampled_from(DTYPES), st.integers(1, 3000), st.integers(0, 2**32 - 1))
def test_mse_loss_is_the_cascade_of_squared_differences(dtype, n, seed):
    a = mixed((n, 1), dtype, seed, spread=4)
    b = mixed((n, 1), dtype, seed + 1, spread=4)
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    d = a - b
    assert_bitwise(F.mse_loss(ta, tb).numpy(), torch_mean(d * d))
    assert_bitwise(F.mse_loss(ta, tb, reduction="sum").numpy(), torch_sum(d * d))


def test_mean_over_an_axis():
    a = mixed((1000, 3), np.float32, seed=7)
    assert_bitwise(torch.from_numpy(a).mean(dim=0).numpy(), torch_mean(a, 0))
    assert_bitwise(torch.from_numpy(a).mean(dim=1, keepdim=True).numpy(), torch_mean(a, 1, True))


# ------------------------------------------------- the AVX kernels (no env variable)
_AVX_PROBE = """
import json, numpy as np, torch
torch.set_num_threads(1)
from minigrad.kernels.torch_order import torch_sum, torch_sum_axis
rng = np.random.default_rng(5)
bad = []
for dtype in (np.float32, np.float64):
    for n in list(range(0, 200)) + [1000, 4097, 10**5 + 3]:
        a = (rng.standard_normal(n) * 10.0 ** rng.integers(-8, 9, n)).astype(dtype)
        if torch.from_numpy(a).sum().numpy().tobytes() != torch_sum(a).tobytes():
            bad.append(n)
    a = (rng.standard_normal((999, 37)) * 10.0 ** rng.integers(-8, 9, (999, 37))).astype(dtype)
    for axis in (0, 1):
        if torch.from_numpy(a).sum(axis).numpy().tobytes() != torch_sum_axis(a, axis).tobytes():
            bad.append(("axis", axis))
print(json.dumps({"capability": torch.backends.cpu.get_cpu_capability(), "bad": bad}))
"""


@pytest.mark.slow  # `make test-slow`
def test_sums_are_the_same_with_the_avx_kernels():
    """Summation has no fused multiply-add: the vectorised kernels add in the same order."""
    env = {k: v for k, v in os.environ.items() if k != "ATEN_CPU_CAPABILITY"}
    out = subprocess.run(
        [sys.executable, "-c", _AVX_PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    if report["capability"] == "DEFAULT":
        pytest.skip("this CPU has no AVX2 kernels")
    assert report["bad"] == []


# ---------------------------------------------------------------- the inputs matter
def test_the_inputs_tell_summation_orders_apart():
    """numpy's pairwise sum disagrees with torch on these inputs for most sizes."""
    differ = 0
    for n in range(8, 400):
        a = mixed(n, np.float32, seed=n)
        differ += t_sum(a).tobytes() != np.float32(a.sum()).tobytes()
    assert differ > 200


@settings(max_examples=120)
@given(
    n=st.integers(0, 700),
    layout=st.sampled_from(["flat", "column", "row"]),
    dtype=st.sampled_from([np.float32, np.float64]),
    scale=st.sampled_from([1e-3, 1.0, 1e6]),
    seed=st.integers(0, 2**32 - 1),
)
def test_engine_sum_equals_torch_for_short_vectors(n, layout, dtype, scale, seed):
    """``sum_like_torch`` (what the engine calls, with its short-vector path) is torch.sum."""
    from minigrad.kernels import sum_like_torch

    values = (np.random.default_rng(seed).standard_normal(n) * scale).astype(dtype)
    shape, axis = {"flat": ((n,), None), "column": ((n, 1), (0,)), "row": ((1, n), (1,))}[
        layout
    ]
    a = values.reshape(shape)
    expected = torch.tensor(a).sum(dim=axis, keepdim=True) if axis else torch.tensor(a).sum()
    got = sum_like_torch(a, axis, keepdims=axis is not None)
    assert got.shape == tuple(expected.shape)
    assert np.array_equal(got, expected.numpy()), (n, layout, got, expected)


# ------------------------------------- the few-call cascade at its boundaries, specials
def _boundary_sizes(dtype) -> list[int]:
    """Lengths around every place the cascade changes shape: a vector, four (one row of
    accumulators), 16 rows (a level-0 block), 16**2 and 16**3 rows (levels 1, 2 flush)."""
    lanes = 32 // np.dtype(dtype).itemsize
    out = []
    for rows in (1, 4, 16, 17, 256, 257, 4096, 4097, 16 * 4096):
        for d in (-lanes - 1, -1, 0, 1, lanes - 1, 4 * lanes + 3):
            out.append(max(0, rows * 4 * lanes + d))
    return out


@settings(max_examples=80)
@given(
    dtype=st.sampled_from(DTYPES),
    data=st.data(),
    seed=st.integers(0, 2**32 - 1),
    spread=st.integers(0, 12),
)
def test_random_lengths_across_cascade_boundaries(dtype, data, seed, spread):
    """Full sums (the engine's path and torch_sum) of lengths near each boundary, +-jitter."""
    from minigrad.kernels import sum_like_torch

    base = data.draw(st.sampled_from(_boundary_sizes(dtype)))
    n = max(0, base + data.draw(st.integers(-40, 40)))
    a = mixed(n, dtype, seed, spread)
    want = t_sum(a)
    assert_bitwise(want, torch_sum(a))
    assert_bitwise(want, sum_like_torch(a))
    column = a.reshape(n, 1)  # a gradient's (N, 1) sum over the batch axis
    assert_bitwise(t_sum(column, 0, True), sum_like_torch(column, (0,), keepdims=True))


_SPECIALS = {
    np.float32: [0.0, -0.0, np.inf, -np.inf, np.nan, 3e38, -3e38, 1e-45, -1e-45],
    np.float64: [0.0, -0.0, np.inf, -np.inf, np.nan, 1.7e308, -1.7e308, 5e-324, -5e-324],
}


@settings(max_examples=80)
@given(
    dtype=st.sampled_from(DTYPES),
    n=st.integers(1, 3000),
    data=st.data(),
    seed=st.integers(0, 2**32 - 1),
)
def test_signed_zeros_infinities_nans_and_overflow_anywhere(dtype, n, data, seed):
    """Specials planted at random places in a vector (or a vector of signed zeros only)."""
    from minigrad.kernels import sum_like_torch

    if data.draw(st.booleans()):
        a = mixed(n, dtype, seed, spread=2)
    else:
        a = np.full(n, data.draw(st.sampled_from([0.0, -0.0])), dtype)
    where = data.draw(st.lists(st.integers(0, n - 1), max_size=6))
    for i in where:
        a[i] = data.draw(st.sampled_from(_SPECIALS[dtype]))
    want = t_sum(a)
    assert_bitwise(want, torch_sum(a))
    assert_bitwise(want, sum_like_torch(a))


@settings(max_examples=60)
@given(
    dtype=st.sampled_from(DTYPES),
    shape=hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=60),
    data=st.data(),
)
def test_engine_sum_of_non_contiguous_layouts(dtype, shape, data):
    """Transposed (dense, read in memory order) and step-sliced (walked) tensors, summed
    whole by the engine's sum, as torch sums the same view."""
    from minigrad.kernels import sum_like_torch

    a = mixed(shape, dtype, data.draw(st.integers(0, 2**32 - 1)))
    perm = data.draw(st.permutations(range(len(shape))))
    step = data.draw(st.integers(1, 3))
    view = a.transpose(perm)[::step]
    t_view = torch.from_numpy(a).permute(*perm)[::step]
    assert_bitwise(t_view.sum().numpy(), sum_like_torch(view))


@settings(max_examples=max(200, settings().max_examples))
@given(
    dtype=st.sampled_from(DTYPES),
    base=hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=2),
    lead=st.integers(1, 2),
    data=st.data(),
)
def test_small_expanded_and_strided_sums_go_row_by_row(dtype, base, lead, data):
    """Four values or fewer in a non-contiguous layout (an expanded vector, a stepped or
    transposed 2 x 2): torch sums each row, then adds the rows (``v.expand(2, 2).sum()`` is
    ``(a + b) + (a + b)``, not left to right; fuzzer seed 5112), whole and along each dim."""
    from minigrad.kernels import sum_like_torch

    a = mixed(base, dtype, data.draw(st.integers(0, 2**32 - 1)))
    t = torch.from_numpy(a)
    shape = (lead, *base)
    views = [(np.broadcast_to(a, shape), t.expand(*shape))]
    if a.ndim == 2:
        views.append((a.T, t.t()))
    wide = mixed((2, 4), dtype, data.draw(st.integers(0, 2**32 - 1)))
    views.append((wide[:, ::2], torch.from_numpy(wide)[:, ::2]))
    for view, t_view in views:
        assert_bitwise(t_view.sum().numpy(), sum_like_torch(view))
        for d in range(view.ndim):
            assert_bitwise(t_view.sum(d).numpy(), sum_like_torch(view, d))


@pytest.mark.slow  # 16.8 million values: the level step grows from 16 to 32 rows
def test_the_level_step_doubles_past_2_to_the_19_rows():
    rows = 2**19 + 17
    a = mixed(rows * 32 + 5, np.float32, seed=19, spread=6)
    assert_bitwise(t_sum(a), torch_sum(a))
