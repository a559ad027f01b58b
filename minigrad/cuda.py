"""``torch.cuda`` as it behaves on a machine without a GPU: minigrad computes on the CPU only.

The course's boilerplate (``device = 'cuda' if torch.cuda.is_available() else 'cpu'``,
``torch.cuda.manual_seed_all(777)``) runs unchanged: no GPU is ever available, seeding a
GPU that is not there does nothing (torch queues the seed and never uses it).
"""

from __future__ import annotations


def is_available() -> bool:
    """False: minigrad has no GPU backend."""
    return False


def device_count() -> int:
    """0 GPUs."""
    return 0


def manual_seed(seed: int) -> None:
    """Seed the current GPU's generator: a no-op without a GPU, as torch's."""
    int(seed)


def manual_seed_all(seed: int) -> None:
    """Seed every GPU's generator: a no-op without a GPU, as torch's."""
    int(seed)


def is_initialized() -> bool:
    """False: no GPU context is ever created."""
    return False


def synchronize(device: object = None) -> None:
    """Nothing to wait for on the CPU."""


def empty_cache() -> None:
    """Nothing to free: no GPU memory is held."""
