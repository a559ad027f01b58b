"""Optimizers: ``SGD``, ``Adam`` and the ``Optimizer`` base."""

from .adam import Adam
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["SGD", "Adam", "Optimizer"]
