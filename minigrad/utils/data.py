"""Datasets and mini-batch loading: ``TensorDataset`` and ``DataLoader``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from .. import random as _random
from ..tensor import Tensor, _new_tensor


class Dataset:
    """Anything with ``__getitem__`` and ``__len__``."""

    def __getitem__(self, index: int) -> Any:  # pragma: no cover
        raise NotImplementedError

    def __len__(self) -> int:  # pragma: no cover
        raise NotImplementedError


class TensorDataset(Dataset):
    """Samples are the i-th rows of each tensor (all tensors share their first dimension)."""

    def __init__(self, *tensors: Tensor) -> None:
        if not all(t.size(0) == tensors[0].size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index: int) -> tuple[Tensor, ...]:
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


def default_collate(samples: Sequence[Any]) -> Any:
    """Stack a list of samples (tensors, numbers or tuples of them) into batch tensors."""
    first = samples[0]
    if isinstance(first, Tensor):
        if any(s._requires_grad for s in samples):  # torch stacks them: StackBackward0
            from .. import stack

            return stack(list(samples))
        return _new_tensor(np.stack([s._data for s in samples]), None)
    if isinstance(first, (tuple, list)):
        return [default_collate(list(group)) for group in zip(*samples)]
    if isinstance(first, float):
        return _new_tensor(np.array(samples, dtype=np.float64), None)
    if isinstance(first, (int, np.integer)):
        return _new_tensor(np.array(samples, dtype=np.int64), None)
    return samples


class DataLoader:
    """Iterate over a dataset in mini-batches, optionally shuffled each epoch.

    With ``shuffle=True`` every ``iter()`` draws from the default generator exactly what
    torch's DataLoader draws, so the batches match torch's after the same ``manual_seed``.
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int | None = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        collate_fn: Any = None,
        generator: Any = None,
    ) -> None:
        if batch_size is not None and (
            isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0
        ):
            raise ValueError(
                f"batch_size should be a positive integer value, but got batch_size={batch_size}"
            )
        if shuffle and len(dataset) <= 0:
            raise ValueError(
                "num_samples should be a positive integer value, but got "
                f"num_samples={len(dataset)}"
            )
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.collate_fn = collate_fn or default_collate
        self.generator = generator

    def __iter__(self) -> Iterator[Any]:
        # torch draws a base seed from the generator at iter(), shuffled or not
        _random.dataloader_base_seed(self.generator)
        return self._batches()

    def _order(self) -> Iterator[int]:
        n = len(self.dataset)
        if not self.shuffle:
            yield from range(n)
            return
        yield from _random.sampler_permutation(n, self.generator).tolist()
        _random.sampler_exhausted(n, self.generator)

    def _batches(self) -> Iterator[Any]:
        order = self._order()
        if self.batch_size is None:
            for i in order:
                yield self.dataset[i]
            return
        is_tensor_dataset = isinstance(self.dataset, TensorDataset)
        batch: list[int] = []
        for i in order:
            batch.append(i)
            if len(batch) == self.batch_size:
                yield self._fetch(batch, is_tensor_dataset)
                batch = []
        if batch and not self.drop_last:
            yield self._fetch(batch, is_tensor_dataset)

    def _fetch(self, batch: list[int], is_tensor_dataset: bool) -> Any:
        fast = is_tensor_dataset and self.collate_fn is default_collate
        if fast and not any(t._requires_grad for t in self.dataset.tensors):
            index = np.array(batch)
            return [_new_tensor(t._data[index], None) for t in self.dataset.tensors]
        return self.collate_fn([self.dataset[i] for i in batch])

    def __len__(self) -> int:
        n = len(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
