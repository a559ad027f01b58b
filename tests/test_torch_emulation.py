"""The sum order and random numbers the reference loops rely on reproduce torch bit for bit.

The numpy witness and the torch-free initial parameters rest on these two emulations, so they
are checked against the installed torch (single thread, ATEN_CPU_CAPABILITY=default).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minigrad.kernels.torch_order import torch_mean, torch_sum
from reference.torchrng import TorchCPUGenerator, dataloader_orders, linear_init

torch = pytest.importorskip("torch")


def _bits(x) -> bytes:
    return np.asarray(x).tobytes()


@given(
    dtype=st.sampled_from([np.float32, np.float64]),
    n=st.one_of(st.integers(0, 80), st.sampled_from([255, 256, 257, 1000, 1024, 4099])),
    seed=st.integers(0, 2**32 - 1),
    spread=st.floats(0.0, 6.0),
)
def test_torch_sum_order_is_reproduced(dtype, n, seed, spread):
    rng = np.random.default_rng(seed)
    a = (rng.standard_normal(n) * 10.0 ** rng.uniform(-spread, spread, n)).astype(dtype)
    got, want = torch_sum(a), torch.tensor(a).sum().numpy()
    assert _bits(np.asarray(got, dtype=dtype)) == _bits(want), (n, got, want)
    if n:
        assert _bits(np.asarray(torch_mean(a), dtype=dtype)) == _bits(torch.tensor(a).mean())
        # the bias gradient of nn.Linear reduces a (n, 1) column: the same order
        col = torch.tensor(a.reshape(-1, 1)).sum(0).numpy()
        assert _bits(np.asarray([got], dtype=dtype)) == _bits(col)


def test_small_sums_are_not_left_to_right():
    # n = 6: torch adds x0 + x4 + x5 + x1 + x2 + x3 (ILP factor 4), which this case exposes
    a = np.array([1.0, 1e8, -1e8, 3.0, 5.0, 7.0], dtype=np.float32)
    assert torch_sum(a) == torch.tensor(a).sum().item() == 19.0
    assert np.add.accumulate(a)[-1] == a.sum() == 15.0  # left to right, and numpy's sum


@pytest.mark.parametrize("seed", [0, 1, 2, 42, 2**32 - 1])
@pytest.mark.parametrize("features", [1, 3])
def test_linear_init_matches_torch(seed, features):
    torch.manual_seed(seed)
    models = [torch.nn.Linear(features, 1) for _ in range(3)]
    gen = TorchCPUGenerator(seed)
    for m in models:
        mine = linear_init(gen, features, 1)
        assert _bits(mine["weight"]) == _bits(m.weight.detach().numpy())
        assert _bits(mine["bias"]) == _bits(m.bias.detach().numpy())


def test_third_linear_after_seed_1_is_the_seed000_model():
    gen = TorchCPUGenerator(1)
    drawn = [linear_init(gen, 1, 1) for _ in range(3)]
    assert drawn[0]["weight"].item() == 0.5152631998062134  # notes/torch-semantics.md
    assert drawn[0]["bias"].item() == -0.44137823581695557


@pytest.mark.parametrize("n,batch", [(5, 2), (7, 3), (2, 1)])
def test_dataloader_shuffle_order_matches_torch(n, batch):
    from torch.utils.data import DataLoader, TensorDataset

    torch.manual_seed(1)
    torch.nn.Linear(3, 1)  # the companion page builds its model before the loader
    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch, shuffle=True)
    orders = [[int(i) for (b,) in loader for i in b] for _ in range(6)]
    gen = TorchCPUGenerator(1)
    linear_init(gen, 3, 1)
    assert dataloader_orders(gen, n, 6) == orders


@given(st.integers(0, 2**32 - 1))
def test_rand_words_match_torch(seed):
    torch.manual_seed(seed)
    want = torch.rand(5).numpy()
    assert _bits(TorchCPUGenerator(seed).rand_float32(5)) == _bits(want)
