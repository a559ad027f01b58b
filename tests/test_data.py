"""``utils.data``: TensorDataset and DataLoader batches, shuffled exactly as torch shuffles."""

from __future__ import annotations

import numpy as np
import torch
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.utils.data import DataLoader, TensorDataset


def batches(lib, n, batch_size, shuffle, drop_last, seed, epochs=2):
    lib.manual_seed(seed)
    x = lib.arange(n * 3).view(n, 3).float()
    y = lib.arange(n).float()
    loader = lib.utils.data.DataLoader(
        lib.utils.data.TensorDataset(x, y),
        batch_size=batch_size,
        shuffle=shuffle,
        drop_last=drop_last,
    )
    out = []
    for _ in range(epochs):
        for xb, yb in loader:
            out.append((xb.tolist(), yb.tolist()))
    # the generator's state after the epochs must match too
    out.append(lib.rand(2).tolist())
    return out, len(loader)


@given(
    n=st.integers(1, 12),
    batch_size=st.integers(1, 5),
    shuffle=st.booleans(),
    drop_last=st.booleans(),
    seed=st.integers(0, 2**31),
)
def test_dataloader_yields_torchs_batches(n, batch_size, shuffle, drop_last, seed):
    assert batches(mg, n, batch_size, shuffle, drop_last, seed) == batches(
        torch, n, batch_size, shuffle, drop_last, seed
    )


def test_minibatch_companion_loop_uses_the_same_batches_as_torch():
    x = [
        [73.0, 80.0, 75.0],
        [93.0, 88.0, 93.0],
        [89.0, 91.0, 90.0],
        [96.0, 98.0, 100.0],
        [73.0, 66.0, 70.0],
    ]
    y = [[152.0], [185.0], [180.0], [196.0], [142.0]]
    seen = []
    for lib in (mg, torch):
        lib.manual_seed(1)
        loader = lib.utils.data.DataLoader(
            lib.utils.data.TensorDataset(lib.tensor(x), lib.tensor(y)), batch_size=2, shuffle=True
        )
        seen.append([[yb.tolist() for _, yb in loader] for _ in range(3)])
    assert seen[0] == seen[1]


def test_tensor_dataset_indexing_and_length():
    ds = TensorDataset(mg.tensor([[1.0], [2.0]]), mg.tensor([3.0, 4.0]))
    assert len(ds) == 2
    xb, yb = ds[1]
    assert xb.tolist() == [2.0] and yb.item() == 4.0


def test_batches_do_not_record_a_graph_and_keep_dtype():
    x = mg.ones(4, 2, dtype=mg.float64)
    (xb,) = next(iter(DataLoader(TensorDataset(x), batch_size=3)))
    assert xb.dtype == np.float64 and xb.grad_fn is None and xb.shape == (3, 2)


def test_custom_dataset_through_default_collate():
    class Squares:
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return mg.tensor([float(i)]), float(i * i)

    xs, ys = zip(*DataLoader(Squares(), batch_size=2))
    assert [x.shape for x in xs] == [(2, 1), (2, 1), (1, 1)]
    assert ys[0].tolist() == [0.0, 1.0] and ys[2].tolist() == [16.0]
