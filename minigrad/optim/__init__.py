"""Optimizers: ``SGD`` and the ``Optimizer`` base."""

from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["SGD", "Optimizer"]
