"""The course chapters' data sets, generated (seeded) instead of shipped or downloaded.

Two chapters of deeplearningzerotoall/PyTorch load a CSV file: lab 05 (logistic regression)
``data-03-diabetes.csv``, 759 rows of 8 features scaled to [-1, 1] and a 0/1 label; lab 06-2
(softmax classification) ``data-04-zoo.csv``, 101 animals with 16 features (15 booleans and
the number of legs) and a class 0 to 6. Those files are not part of this project: these
functions make arrays of the same shape and kind from a fixed seed, with labels that follow a
hidden linear rule plus noise (so a classifier learns something, as on the real data).
``examples/course/data.py`` writes them as the CSV files the chapters' code loads; the verify
scenarios built on them (``reference.course``) call them directly.
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = ["diabetes", "zoo"]


def diabetes(seed: int = 3) -> np.ndarray:
    """759 x 9 float array: 8 features in [-1, 1] (6 significant digits), then a 0/1 label."""
    return _diabetes(seed).copy()


def zoo(seed: int = 4) -> np.ndarray:
    """101 x 17 integer array: 15 boolean features, legs (column 12), 2 booleans, class 0..6."""
    return _zoo(seed).copy()


@functools.cache
def _diabetes(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n, f = 759, 8
    x = np.clip(rng.normal(-0.2, 0.35, size=(n, f)), -1, 1)
    x[rng.random((n, f)) < 0.08] = 0.0  # the real file has missing values recorded as 0
    x = np.array([[float(f"{v:.6g}") for v in row] for row in x])
    w = np.array([-1.2, -3.0, -0.3, 0.2, 0.1, -1.5, -0.8, 0.4])
    p = 1 / (1 + np.exp(-(x @ w + 0.2)))
    y = (rng.random(n) < p).astype(float)
    return np.column_stack([x, y])


@functools.cache
def _zoo(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    counts = [41, 20, 5, 13, 4, 8, 10]  # animals per class in the UCI zoo data
    legs_by_class = [4, 2, 0, 0, 4, 6, 0]
    rows = []
    for label, count in enumerate(counts):
        prototype = rng.random(16) < 0.5
        for _ in range(count):
            flips = rng.random(16) < 0.1
            row = (prototype ^ flips).astype(int)
            usual = rng.random() < 0.85
            row[12] = legs_by_class[label] if usual else rng.choice([0, 2, 4, 5, 6, 8])
            rows.append([*row, label])
    order = rng.permutation(len(rows))
    return np.array(rows)[order]
