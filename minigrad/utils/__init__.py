"""Utilities: ``minigrad.utils.data``."""

from . import data

__all__ = ["data"]
