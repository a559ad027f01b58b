"""Drawing the pieces of a statement as Python source: numbers, literal tensors, dims,
shapes, indices, operands.

Everything a statement needs is drawn through a :class:`Ctx`, which holds hypothesis'
``draw`` and the torch namespace of the program built so far (torch is the oracle for the
live variables' shapes and dtypes, so arguments fit more often than not; some are drawn
wrong on purpose, to compare the errors).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

DTYPES = ("float32", "float64", "int64", "bool")
FLOATS = ("float32", "float64")
SPECIAL = (0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, 1.5, -3.0, 0.25)
NONFINITE = (math.inf, -math.inf, math.nan)
EXTREME = (*NONFINITE, 3e38, -1e30, 1e-40, 1e20, 1.5e308)  # overflow, subnormals
PY_NUMBERS = (0, 1, 2, -1, 3, 0.5, -0.5, 2.0, 1.5, -2.5, 0.0, -0.0, 0.1, 3.7, 1e-3, True, False)


def num_src(x: Any) -> str:
    """Source for a Python number (inf and nan spelled so that eval gives them back)."""
    if isinstance(x, float) and not math.isfinite(x):
        return f"float('{x}')"
    return repr(x)


def nested_src(a: np.ndarray) -> str:
    """Source of nested lists holding ``a``'s values (exact: floats print round-trip)."""
    if a.ndim == 0:
        return num_src(a.item())
    return "[" + ", ".join(nested_src(x) for x in a) + "]"


def tensor_src(a: np.ndarray, requires_grad: bool = False) -> str:
    """A constructor call that makes ``a`` (dtype included) with either library."""
    rg = ", requires_grad=True" if requires_grad else ""
    dtype = f"dtype=lib.{a.dtype.name if a.dtype != np.bool_ else 'bool'}"
    if a.size == 0 and (a.ndim > 1 and 0 in a.shape[:-1]):
        dims = ", ".join(str(n) for n in a.shape)
        return f"lib.zeros({dims}, {dtype}{rg})"
    return f"lib.tensor({nested_src(a)}, {dtype}{rg})"


class Ctx:
    """The drawing context: hypothesis' ``draw`` and the oracle namespace."""

    def __init__(self, draw: Any, ns: dict[str, Any], torch: Any) -> None:
        self.draw = draw
        self.ns = ns
        self.torch = torch
        self.counter = 0

    # ------------------------------------------------------------------ basics
    def chance(self, p: float) -> bool:
        """True with probability about ``p``."""
        return self.draw(st.integers(0, 99)) < int(p * 100)

    def choice(self, options: Any) -> Any:
        """One of ``options``."""
        return self.draw(st.sampled_from(list(options)))

    def fresh(self) -> str:
        """A new variable name."""
        self.counter += 1
        return f"v{self.counter}"

    def tensors(self) -> list[str]:
        """Names of the live tensor variables, in definition order."""
        return [k for k, v in self.ns.items() if k[0] == "v" and isinstance(v, self.torch.Tensor)]

    def pick(self, pred: Any = None) -> str | None:
        """A live tensor variable, preferring ones that satisfy ``pred`` (90%)."""
        names = self.tensors()
        if not names:
            return None
        good = [n for n in names if pred is None or holds(pred, self.ns[n])]
        if good and self.chance(0.9):
            names = good
        if len(names) > 3 and self.chance(0.5):  # the recent ones: deeper graphs
            names = names[-3:]
        return self.choice(names)

    def draw_side(self) -> int:
        """A side length 1..3."""
        return self.draw(st.integers(1, 3))

    def t(self, name: str) -> Any:
        """The torch tensor behind a variable name."""
        return self.ns[name]

    # ------------------------------------------------------------------ numbers, arrays
    def number(self, pool: Any = PY_NUMBERS) -> str:
        """A Python number, as source."""
        if self.chance(0.03):
            return num_src(self.choice(NONFINITE))
        if self.chance(0.2):
            return num_src(self.draw(st.floats(-4, 4, width=32)))
        return num_src(self.choice(pool))

    def array(self, shape: tuple[int, ...], dtype: str) -> np.ndarray:
        """An array of ``shape`` and ``dtype`` with small values, zeros, ties, sometimes
        inf/nan."""
        n = int(np.prod(shape)) if shape else 1
        if dtype == "bool":
            vals = self.draw(st.lists(st.booleans(), min_size=n, max_size=n))
        elif dtype in ("int64", "int32", "int16", "int8"):
            vals = self.draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n))
        elif dtype == "uint8":  # (a tensor made by .byte())
            vals = self.draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
        else:
            special = st.sampled_from(SPECIAL)
            if self.chance(0.05):
                special = st.sampled_from(SPECIAL + EXTREME)
            elem = special | st.floats(-3, 3, width=32 if dtype == "float32" else 64)
            vals = self.draw(st.lists(elem, min_size=n, max_size=n))
        with np.errstate(over="ignore"):  # (1.5e308 is inf in float32)
            return np.array(vals, dtype=dtype).reshape(shape)

    def shape(self, max_dims: int = 3) -> tuple[int, ...]:
        """A small shape: 0-d to 3-d, sides 1-3, sometimes an empty axis."""
        ndim = self.draw(st.integers(0, max_dims))
        sides = st.integers(1, 3) if not self.chance(0.08) else st.integers(0, 2)
        return tuple(self.draw(sides) for _ in range(ndim))

    def dtype(self, floats_only: bool = False) -> str:
        """A dtype name (mostly floating point)."""
        if floats_only or self.chance(0.7):
            return self.choice(FLOATS)
        return self.choice(DTYPES)

    def literal(self, shape: tuple[int, ...], dtype: str | None = None) -> str:
        """A literal tensor of ``shape`` as source (a constant one beyond 27 elements)."""
        dtype = dtype or self.dtype()
        if int(np.prod(shape)) > 27:
            fill = self.array((), dtype).item()
            return f"lib.full({shape!r}, {num_src(fill)}, dtype=lib.{dtype})"
        return tensor_src(self.array(shape, dtype))

    # ------------------------------------------------------------------ arguments
    def dim(self, ndim: int, allow_bad: bool = True) -> int:
        """A dimension index for a tensor of ``ndim`` axes (sometimes out of range)."""
        n = max(ndim, 1)
        if allow_bad and self.chance(0.06):
            return self.choice([n, -n - 1])
        return self.draw(st.integers(-n, n - 1))

    def dims_arg(self, ndim: int) -> str:
        """A ``dim`` argument for sum/mean: an int, or a tuple (sometimes repeated)."""
        if self.chance(0.7):
            return str(self.dim(ndim))
        k = self.draw(st.integers(1, max(ndim, 1)))
        dims = tuple(self.dim(ndim, allow_bad=False) for _ in range(k))
        return repr(dims)

    def broadcast_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        """A shape broadcastable with ``shape`` (a suffix, some sides set to 1)."""
        k = self.draw(st.integers(0, len(shape)))
        out = [1 if self.chance(0.3) else n for n in shape[len(shape) - k :]]
        if self.chance(0.15):
            out = [1, *out]
        return tuple(out)

    def operand(self, a: str) -> str:
        """A second operand for ``a``: a variable, a Python number or a literal tensor."""
        shape = tuple(self.t(a).shape)
        r = self.draw(st.integers(0, 99))
        if r < 35:
            fits = [n for n in self.tensors() if _broadcasts(tuple(self.t(n).shape), shape)]
            if fits:
                return self.choice(fits)
        if r < 45:
            return self.pick() or self.number()
        if r < 70:
            return self.number()
        return self.literal(self.broadcast_shape(shape))

    def same_shape(self, a: str) -> str:
        """A tensor of ``a``'s shape: a variable when one exists, else a literal."""
        shape = tuple(self.t(a).shape)
        fits = [n for n in self.tensors() if tuple(self.t(n).shape) == shape]
        if fits and self.chance(0.6):
            return self.choice(fits)
        if self.chance(0.1):
            return self.pick() or a
        return self.literal(shape, str(self.t(a).dtype).replace("torch.", ""))

    def new_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        """A shape with the same number of elements (sometimes with -1, sometimes wrong)."""
        n = int(np.prod(shape)) if shape else 1
        factors = [d for d in range(1, n + 1) if n % d == 0] or [1]
        f = self.choice(factors)
        options = [(n,), (-1,), (f, n // f) if n else (0, 2), (f, -1), (1, n, 1)]
        options.append(tuple(reversed(shape)))
        if n == 1:
            options.append(())
        if self.chance(0.08):
            options = [(n + 1,), (-1, -1), (2, -1) if n % 2 else (3, -1)]
        return self.choice(options)

    def index(self, shape: tuple[int, ...]) -> str:
        """An index expression (ints, slices, None, ..., sometimes a list) for ``shape``."""
        parts: list[str] = []
        k = self.draw(st.integers(1, max(len(shape), 1)))
        for axis in range(k):
            size = shape[axis] if axis < len(shape) else 1
            r = self.draw(st.integers(0, 99))
            if r < 40:
                parts.append(str(self.draw(st.integers(-size - 1 if r < 3 else -size, size))))
            elif r < 80:
                start = self.draw(st.sampled_from(["", "0", "1", "-1"]))
                stop = self.draw(st.sampled_from(["", "1", "2", "-1", "5"]))
                step = self.draw(st.sampled_from(["", "", "", ":2", ":-1" if r < 42 else ""]))
                parts.append(f"{start}:{stop}{step}")
            elif r < 86:
                parts.append("None")
            elif r < 91:
                parts.append("...")
            elif r < 94:  # a Python bool: a new dimension, all or nothing of it
                parts.append(self.draw(st.sampled_from(["True", "False"])))
            elif r < 96:
                parts.append(repr([self.draw(st.integers(-size, max(size - 1, 0)))] * 2))
            elif r < 97:  # a mask (a list of bools) or a nested list: 2-D index tensors
                if self.chance(0.5):
                    parts.append(repr(self.draw(st.lists(st.booleans(), min_size=size,
                                                         max_size=size))))
                else:
                    place = self.draw(st.integers(-size, max(size - 1, 0)))
                    parts.append(repr([[place, place]] * self.draw(st.integers(1, 2))))
            else:  # an index tensor of distinct places (sometimes one out of range)
                hi = size if r == 99 else max(size - 1, 0)
                places = self.draw(st.lists(st.integers(-size, hi), min_size=1, max_size=3))
                parts.append(f"lib.tensor({places!r})")
        return ", ".join(parts) if len(parts) > 1 else parts[0]

    def permutation(self, ndim: int) -> str:
        """Arguments of ``permute``: a permutation of the axes (sometimes not one)."""
        dims = list(self.draw(st.permutations(range(ndim)))) if ndim else []
        if self.chance(0.1) and dims:
            dims[-1] = dims[0]
        if self.chance(0.1):
            dims = dims[:-1] if dims else [0]
        return ", ".join(str(d) for d in dims) if dims else ""

    def expand_sizes(self, shape: tuple[int, ...]) -> str:
        """Arguments of ``expand``: size-1 axes grown, -1 kept, sometimes a new leading axis."""
        sizes = []
        for n in shape:
            if n == 1 and self.chance(0.6):
                sizes.append(self.draw(st.integers(2, 3)))
            else:
                sizes.append(-1 if self.chance(0.3) else n)
        if self.chance(0.3) or not sizes:
            sizes.insert(0, self.draw(st.integers(1, 2)) if not self.chance(0.05) else -1)
        if self.chance(0.05) and sizes:
            sizes[-1] = sizes[-1] + 1 if sizes[-1] > 1 else 5
        return ", ".join(str(n) for n in sizes)


def holds(pred: Any, t: Any) -> bool:
    """``pred(t)``, False when asking raises (torch refuses even ``is_leaf`` on a view made
    under no_grad whose base was then modified in place)."""
    try:
        return bool(pred(t))
    except RuntimeError:
        return False


def _broadcasts(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True
