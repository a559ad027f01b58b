"""How each statement kind draws its arguments: predicates that prefer a first argument, and
parameter drawers ``(ctx, a) -> {placeholder: source text}`` (see :mod:`.kinds`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from .tolerance import LIBM, LIBM_RED, mm_bound
from .values import Ctx, holds, nested_src, tensor_src


# ------------------------------------------------------------------ argument predicates
def nd(k: int) -> Callable[[Any], bool]:
    """Prefer tensors of exactly ``k`` dimensions."""
    return lambda t: t.dim() == k


def at_least(k: int) -> Callable[[Any], bool]:
    """Prefer tensors of at least ``k`` dimensions."""
    return lambda t: t.dim() >= k


def plain_leaf(t: Any) -> bool:
    """A tensor an in-place op may write (not a leaf that requires grad)."""
    return not (t.is_leaf and t.requires_grad)


# ------------------------------------------------------------------ parameter drawers
def operand(c: Ctx, a: str) -> dict[str, Any]:
    """``{b}``: a second operand for ``a`` (variable, number or literal)."""
    return {"b": c.operand(a)}


def number(c: Ctx, a: str) -> dict[str, Any]:
    """``{n}``: a Python number."""
    return {"n": c.number()}


def alpha(c: Ctx, a: str) -> dict[str, Any]:
    """``{b}`` and ``{alpha}`` for add/sub with alpha."""
    return {"b": c.operand(a), "alpha": c.number((2, 0.5, -1, 1, 3.0, -0.25, 2.5))}


EXACT_EXPONENTS = (0, 1, 2, 0.0, 1.0, 2.0)
EXPONENTS = (*EXACT_EXPONENTS, 3, -1, -2, 0.5, 1.5, -0.5, 3.0, 2.5)


def exponent(c: Ctx, a: str) -> dict[str, Any]:
    """``{e}``: an exponent; exponents other than 0, 1, 2 get op_table's LIBM bounds."""
    if c.chance(0.25):
        return {"e": c.operand(a), "_value": LIBM, "_grad": LIBM_RED}
    e = c.choice(EXPONENTS)
    if e in EXACT_EXPONENTS and type(e) in (int, float):
        return {"e": repr(e)}
    return {"e": repr(e), "_value": LIBM, "_grad": LIBM_RED}


def matmul_operand(c: Ctx, a: str) -> dict[str, Any]:
    """``{b}``: a right operand that fits ``a @ b`` (sometimes one that does not)."""
    shape = tuple(c.t(a).shape)
    k = shape[-1] if shape else 2
    m = c.draw_side()
    options = [(k,), (k, m)] if len(shape) <= 2 else [(k, m), (shape[0], k, m)]
    if c.chance(0.05):
        options = [(k + 1, m), (m,)]
    want = c.choice(options)
    bound = mm_bound(shape + want)  # value and gradients sum over these sides
    fits = [n for n in c.tensors() if tuple(c.t(n).shape) == want]
    if fits and c.chance(0.5):
        return {"b": c.choice(fits), "_value": bound, "_grad": bound}
    return {"b": c.literal(want, str(c.t(a).dtype).replace("torch.", "")), "_value": bound,
            "_grad": bound}


def dims(c: Ctx, a: str) -> dict[str, Any]:
    """``{d}`` (an int or a tuple) and ``{k}`` (keepdim) for sum/mean/var."""
    return {"d": c.dims_arg(c.t(a).dim()), "k": repr(c.chance(0.5))}


def one_dim(c: Ctx, a: str) -> dict[str, Any]:
    """``{d}``: one dimension of ``a`` (sometimes out of range)."""
    return {"d": str(c.dim(c.t(a).dim()))}


def unsqueeze_dim(c: Ctx, a: str) -> dict[str, Any]:
    """``{d}``: a dimension for unsqueeze (one more than ``a`` has)."""
    return {"d": str(c.dim(c.t(a).dim() + 1))}


def two_dims(c: Ctx, a: str) -> dict[str, Any]:
    """``{d0}``, ``{d1}`` for transpose."""
    n = c.t(a).dim()
    return {"d0": str(c.dim(n)), "d1": str(c.dim(n))}


def new_shape(c: Ctx, a: str) -> dict[str, Any]:
    """``{s}``: a shape of ``a``'s size, as a tuple."""
    return {"s": repr(c.new_shape(tuple(c.t(a).shape)))}


def new_shape_args(c: Ctx, a: str) -> dict[str, Any]:
    """The new shape as separate arguments: ``view(2, 3)``."""
    return {"s": ", ".join(str(n) for n in c.new_shape(tuple(c.t(a).shape))) or "()"}


def index(c: Ctx, a: str) -> dict[str, Any]:
    """``{i}``: an index expression for ``a``."""
    return {"i": c.index(tuple(c.t(a).shape))}


def list_index(c: Ctx, a: str) -> dict[str, Any]:
    """``{i}``: the items of a list index (``t[[0, None]]``): ints, None, ``...``, nested
    lists, slices and index tensors, which torch reads as a tuple (with a deprecation
    warning) when any item is not an int."""
    shape = tuple(c.t(a).shape)
    items = []
    for axis in range(c.draw(st.integers(1, max(len(shape), 1)))):
        size = shape[axis] if axis < len(shape) else 1
        k = str(c.draw(st.integers(-size, max(size - 1, 0))))
        items.append(c.choice([k, k, "None", "...", f"[{k}, {k}]", "slice(None)",
                               f"slice({k}, None)", f"lib.tensor([{k}])"]))
    return {"i": ", ".join(items)}


def element(c: Ctx, a: str) -> dict[str, Any]:
    """A full integer index: one element (a 0-d view in torch)."""
    shape = tuple(c.t(a).shape)
    parts = [str(c.choice(range(-n, n))) if n else "0" for n in shape]
    return {"i": ", ".join(parts) if parts else "..."}


def perm(c: Ctx, a: str) -> dict[str, Any]:
    """``{p}``: arguments of permute."""
    return {"p": c.permutation(c.t(a).dim())}


def expand(c: Ctx, a: str) -> dict[str, Any]:
    """``{s}``: arguments of expand."""
    return {"s": c.expand_sizes(tuple(c.t(a).shape))}


def dtype_param(c: Ctx, a: str) -> dict[str, Any]:
    """``{dt}``: a dtype name."""
    return {"dt": c.choice(("float32", "float64", "int64", "bool"))}


def pair(c: Ctx, a: str) -> dict[str, Any]:
    """``{b}`` of ``a``'s shape and ``{d}`` for stack."""
    return {"b": c.same_shape(a), "d": str(c.dim(c.t(a).dim() + 1))}


def cat_args(c: Ctx, a: str) -> dict[str, Any]:
    """``{b}`` of ``a``'s shape and ``{d}`` for cat."""
    return {"b": c.same_shape(a), "d": str(c.dim(c.t(a).dim()))}


def loss_args(c: Ctx, a: str) -> dict[str, Any]:
    """``{b}``, a target of ``a``'s shape, and ``{r}``, a reduction."""
    return {"b": c.same_shape(a), "r": repr(c.choice(("mean", "sum", "none")))}


def shape_ctor(c: Ctx, a: Any) -> dict[str, Any]:
    """``{s}``/``{shape}``, ``{dt}`` and ``{n}`` for zeros/ones/full."""
    shape = c.shape()
    return {
        "s": ", ".join(str(n) for n in shape) or "()",
        "shape": repr(shape),
        "dt": c.choice(("float32", "float64", "int64", "bool")),
        "n": c.number(),
    }


def data_list(c: Ctx, a: Any) -> dict[str, Any]:
    """``{l}``: nested lists of data and ``{n}``: a size, for constructors."""
    shape = c.shape(max_dims=2)
    dtype = c.choice(("float32", "float64", "int64", "bool"))
    array = c.array(shape, dtype)
    if array.ndim == 0 and dtype in ("int64", "bool"):
        # FloatTensor(2) is an uninitialised tensor of 2 elements: its values are whatever
        # was in memory, not comparable; draw the one-element list instead
        array = array.reshape(1)
    return {"l": nested_src(array), "n": str(c.draw_side())}


def linear_args(c: Ctx, a: str) -> dict[str, Any]:
    """A weight (m, k) fitting ``a``'s last axis, and a bias (m,) or None."""
    t = c.t(a)
    k = t.shape[-1] if t.dim() else 1
    m = c.draw_side()
    dtype = str(t.dtype).replace("torch.", "")
    bias = c.literal((m,), dtype) if c.chance(0.6) else "None"
    bound = mm_bound(tuple(t.shape) + (m,))
    return {"w": c.literal((k, m) if c.chance(0.05) else (m, k), dtype), "bias": bias,
            "k": str(k), "m": str(m), "_value": bound, "_grad": bound}


def seed_shape(c: Ctx, a: Any) -> dict[str, Any]:
    """``{seed}``, ``{s}`` (sizes) and ``{n}`` for seeded draws."""
    shape = c.shape()
    return {"seed": str(c.draw_side() - 1), "s": ", ".join(str(n) for n in shape) or "()",
            "n": str(c.draw_side() + 1)}


def seeded(c: Ctx, a: Any) -> dict[str, Any]:
    """``{seed}``: a manual seed."""
    return {"seed": str(c.draw_side() - 1)}


def grad_target(c: Ctx, a: str) -> dict[str, Any]:
    """``{g}``: a ``gradient=`` of ``a``'s shape and dtype."""
    t = c.t(a)
    return {"g": c.literal(tuple(t.shape), str(t.dtype).replace("torch.", ""))}


def linear_shape(c: Ctx, a: Any) -> dict[str, Any]:
    """``{seed}``, ``{k}`` and ``{m}`` for ``nn.Linear(k, m)``."""
    return {"seed": str(c.draw_side() - 1), "k": str(c.draw_side()), "m": str(c.draw_side())}


def loader(c: Ctx, a: str) -> dict[str, Any]:
    """``{seed}``, ``{bs}``, ``{shuffle}``, ``{drop}`` for a DataLoader."""
    return {"seed": str(c.draw_side() - 1), "bs": str(c.draw_side()),
            "shuffle": repr(c.chance(0.5)), "drop": repr(c.chance(0.3))}


def needs_grad(t: Any) -> bool:
    """Prefer tensors that require grad (what a loss is taken of)."""
    return t.requires_grad


def _live_int64(c: Ctx, fits: Callable[[Any], bool]) -> str | None:
    """Sometimes (a third of the time) an int64 variable that ``fits``: an index or target
    that later lines may write in place or give new ``.data`` (torch saved it: backward
    checks its version, and reads and checks its new data)."""
    names = [n for n in c.tensors()
             if holds(lambda t: t.dtype == c.torch.int64 and fits(t), c.t(n))]
    return c.choice(names) if names and c.chance(0.33) else None


def class_target(c: Ctx, a: str) -> dict[str, Any]:
    """Class indices for scores ``a`` ((N, C) or (C,)): int64, in range (sometimes not), or
    a live int64 variable of the target's shape."""
    t = c.t(a)
    classes = t.shape[-1] if t.dim() else 1
    n = t.shape[0] if t.dim() == 2 else None
    live = _live_int64(c, lambda y: tuple(y.shape) == ((n,) if n is not None else ()))
    if live is not None:
        return {"y": live}
    top = classes if c.chance(0.95) else classes + 1
    values = [c.draw(st.integers(0, max(top - 1, 0))) for _ in range(n or 1)]
    src = repr(values) if n is not None else repr(values[0])
    return {"y": f"lib.tensor({src})"}


def probabilities(c: Ctx, a: str) -> dict[str, Any]:
    """A target of probabilities (0 and 1 often) of ``a``'s shape and dtype."""
    t = c.t(a)
    shape = tuple(t.shape)
    n = int(np.prod(shape)) if shape else 1
    pool = st.sampled_from([0.0, 1.0, 0.5, 0.25]) | st.floats(0, 1, width=32)
    values = np.array(c.draw(st.lists(pool, min_size=n, max_size=n)), dtype=np.float64)
    dtype = str(t.dtype).replace("torch.", "")
    array = values.astype(dtype if dtype.startswith("float") else "float32").reshape(shape)
    return {"p": tensor_src(array)}


def bounds(c: Ctx, a: str) -> dict[str, Any]:
    """``{lo}`` <= ``{hi}`` for clamp."""
    lo, hi = sorted(c.draw(st.sampled_from([-1.0, 0.0, 0.5, -0.5, 1.0, 2.0])) for _ in "ab")
    return {"lo": repr(lo), "hi": repr(hi)}


def tensor_bounds(c: Ctx, a: str) -> dict[str, Any]:
    """``{lo}``, ``{hi}`` for clamp with tensor bounds: operands of ``a`` (variables, literal
    tensors, sometimes a number: torch refuses a tensor beside a number unless it is 0-d),
    sometimes None."""
    return {k: c.operand(a) if c.chance(0.85) else "None" for k in ("lo", "hi")}


def one_hot(c: Ctx, a: Any) -> dict[str, Any]:
    """``{n}``, ``{k}`` and ``{idx}`` (n, 1) class indices for a one-hot scatter_."""
    n, k = c.draw_side(), c.draw_side() + 1
    idx = [[c.draw(st.integers(0, k - 1))] for _ in range(n)]
    return {"n": str(n), "k": str(k), "idx": f"lib.tensor({idx!r})"}


def gather_index(c: Ctx, a: str) -> dict[str, Any]:
    """``{d}`` and ``{idx}`` for gather/scatter along ``d``: an int64 index of ``a``'s rank,
    no longer than ``a`` off ``d``, values in range (sometimes -1 or one past the end)."""
    t = c.t(a)
    n = t.dim()
    d = c.dim(n)
    if n == 0:
        return {"d": str(d), "idx": f"lib.tensor({c.choice((0, 0, 0, -1, 1))})"}
    along = d % n if -n <= d < n else 0
    live = _live_int64(c, lambda i: i.dim() == n and i.numel() > 0 and all(
        k == along or m <= s for k, (m, s) in enumerate(zip(i.shape, t.shape))))
    if live is not None:
        return {"d": str(d), "idx": live}
    sizes = [c.draw(st.integers(1, max(1, s))) for s in t.shape]
    sizes[along] = c.draw(st.integers(1, 3))
    top = t.shape[along]
    count = int(np.prod(sizes))
    values = [c.draw(st.integers(0, max(top - 1, 0))) if c.chance(0.95) else
              c.choice((-1, top)) for _ in range(count)]
    idx = np.array(values, dtype=np.int64).reshape(sizes)
    return {"d": str(d), "idx": f"lib.tensor({idx.tolist()!r})"}


def scatter_number(c: Ctx, a: str) -> dict[str, Any]:
    """``gather_index`` and a number ``{n}`` to scatter."""
    return {**gather_index(c, a), **number(c, a)}


def randint_args(c: Ctx, a: Any) -> dict[str, Any]:
    """``{seed}``, ``{hi}`` and ``{size}`` (a tuple) for randint."""
    shape = c.shape()
    return {"seed": str(c.draw_side() - 1), "hi": str(c.draw_side() + 1),
            "size": repr(tuple(shape))}
