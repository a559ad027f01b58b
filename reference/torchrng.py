"""torch's CPU random numbers for the reference loops, torch-free.

What the loops need from torch's generator: the parameters an ``nn.Linear`` draws after
``torch.manual_seed(seed)`` and the order ``DataLoader(shuffle=True)`` visits a dataset in. They
come from ``minigrad.random``, the bit-exact emulation of torch's mt19937 generator (tested in
``tests/test_random.py``), so the numpy witness (``reference.manual``) and ``run --engine
minigrad`` start from exactly the numbers torch would have drawn without importing torch.
``tests/test_torch_emulation.py`` checks these helpers against the installed torch.
"""

from __future__ import annotations

import numpy as np

from minigrad.random import Generator, kaiming_uniform_bounds

__all__ = ["TorchCPUGenerator", "linear_init", "dataloader_orders"]


class TorchCPUGenerator(Generator):
    """The generator of ``torch.manual_seed(seed)`` (``minigrad.random.Generator``)."""

    def rand_float32(self, n: int) -> np.ndarray:
        """``torch.rand(n)`` in float32."""
        return self.rand((n,), np.float32)


def linear_init(
    gen: Generator, in_features: int, out_features: int, bias: bool = True
) -> dict[str, np.ndarray]:
    """The float32 ``weight`` (out x in), then ``bias`` (out,), that a new ``nn.Linear`` draws."""
    weight_bound, bias_bound = kaiming_uniform_bounds(in_features)
    out = {"weight": gen.uniform((out_features, in_features), -weight_bound, weight_bound)}
    if bias:
        out["bias"] = gen.uniform((out_features,), -bias_bound, bias_bound)
    return out


def dataloader_orders(gen: Generator, n: int, epochs: int) -> list[list[int]]:
    """The index order of ``DataLoader(dataset_of_n, shuffle=True)`` for each of ``epochs``
    passes, ``gen`` standing for the default generator: per ``iter()`` a 64-bit base seed,
    then the sampler's own seed for a fresh generator that runs ``randperm``."""
    orders = []
    for _ in range(epochs):
        gen.random_int64()  # the iterator's _base_seed (unused by a single-process loader)
        orders.append(Generator(gen.random_int64()).randperm(n).tolist())
    return orders
