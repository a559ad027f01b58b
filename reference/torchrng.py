"""A numpy emulation of PyTorch's CPU random-number generator, torch-free.

Only what the tutorial loops need: the parameters an ``nn.Linear`` draws after
``torch.manual_seed(seed)`` and the order ``DataLoader(shuffle=True)`` visits a dataset in.
It lets the numpy witness (``reference.manual``) and ``run --engine minigrad`` start from
exactly the numbers torch would have drawn, without importing torch. The facts it encodes are
in ``shared/notes/torch-semantics.md``; ``tests/test_torchrng.py`` checks every function
against the installed torch.

torch's CPU generator is mt19937 seeded with ``init_genrand(seed & 0xffffffff)``: the same raw
32-bit words as numpy's legacy ``RandomState(seed)``.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["TorchCPUGenerator", "linear_init", "dataloader_orders"]


class TorchCPUGenerator:
    """The raw word stream of ``torch.manual_seed(seed)`` and the draws built on it."""

    def __init__(self, seed: int) -> None:
        self._bits = np.random.RandomState(int(seed) & 0xFFFFFFFF)._bit_generator

    def word(self) -> int:
        """One raw 32-bit word (``generator->random()``)."""
        return int(self._bits.random_raw())

    def random64(self) -> int:
        """A 64-bit draw (``random64()``): the first word is the high half."""
        hi = self.word()
        return (hi << 32) | self.word()

    def rand_float32(self, n: int) -> np.ndarray:
        """``torch.rand(n)`` in float32: 24 low bits of one word per value, times 2**-24."""
        words = np.asarray(self._bits.random_raw(n), dtype=np.uint64).reshape(-1)
        return ((words & np.uint64(0xFFFFFF)).astype(np.float32) * np.float32(2.0**-24)).astype(
            np.float32
        )

    def uniform_float32(self, n: int, low: float, high: float) -> np.ndarray:
        """``tensor.uniform_(low, high)`` in float32 as torch computes it with
        ``ATEN_CPU_CAPABILITY=default``: ``u * (high - low) + low``, each step rounded."""
        a, b = np.float32(low), np.float32(high)
        u = self.rand_float32(n)
        return (u * np.float32(b - a) + a).astype(np.float32)

    def int64_random_(self) -> int:
        """``torch.empty((), dtype=torch.int64).random_()``: a 64-bit draw mod 2**63."""
        return self.random64() % (1 << 63)

    def randperm(self, n: int) -> list[int]:
        """``torch.randperm(n, generator=self)`` for small n: a forward Fisher-Yates shuffle."""
        r = list(range(n))
        for i in range(n - 1):
            z = self.word() % (n - i)
            r[i], r[i + z] = r[i + z], r[i]
        return r


def _kaiming_bound(fan_in: int) -> float:
    """``kaiming_uniform_(a=sqrt(5))``'s bound, computed in double as torch does."""
    gain = math.sqrt(2.0 / (1 + 5))
    return math.sqrt(3.0) * (gain / math.sqrt(fan_in))


def linear_init(
    gen: TorchCPUGenerator, in_features: int, out_features: int, bias: bool = True
) -> dict[str, np.ndarray]:
    """The float32 ``weight`` (out x in) and ``bias`` (out,) a new ``nn.Linear`` draws."""
    wb = _kaiming_bound(in_features)
    weight = gen.uniform_float32(out_features * in_features, -wb, wb)
    out = {"weight": weight.reshape(out_features, in_features)}
    if bias:
        bb = 1.0 / math.sqrt(in_features)
        out["bias"] = gen.uniform_float32(out_features, -bb, bb)
    return out


def dataloader_orders(gen: TorchCPUGenerator, n: int, epochs: int) -> list[list[int]]:
    """The index order of ``DataLoader(dataset_of_n, shuffle=True)`` for each of ``epochs``
    passes, drawing from the default generator ``gen`` as torch does: per ``iter()`` a 64-bit
    base seed, then the sampler's own 64-bit seed for a fresh generator that runs ``randperm``."""
    orders = []
    for _ in range(epochs):
        gen.int64_random_()  # the iterator's _base_seed (unused by a single-process loader)
        sampler_seed = gen.int64_random_()
        orders.append(TorchCPUGenerator(sampler_seed).randperm(n))
    return orders
