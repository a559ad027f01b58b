"""Neural-network building blocks: ``Module``, ``Parameter``, ``Linear``, losses."""

from . import functional, init
from .linear import Linear
from .loss import L1Loss, MSELoss
from .module import Module
from .parameter import Parameter

__all__ = ["L1Loss", "Linear", "MSELoss", "Module", "Parameter", "functional", "init"]
