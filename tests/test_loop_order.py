"""In-place ops whose operands read the memory they write, replayed in torch's loop order.

torch lets ``v.sub_(v[:, :1])`` run when it cannot judge the overlap (a tensor with gaps),
and its loop then reads values it wrote earlier in the same op (``minigrad/_loop_order.py``).
Hypothesis draws a tensor, two views of it (the written one and the one read, often
broadcast: a size-1 slice, a selected 0-d element), an in-place op between them, and
compares with torch: the outcome (torch's refusal, in its words) and every value of the
base tensor to the bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import minigrad
from minigrad import _loop_order

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

DTYPES = ("float64", "float32", "int64", "bool")
VALUES = {"float64": (-2.5, -1.0, -0.0, 0.0, 0.5, 1.0, 3.0, 0.1, 7.25, float("nan")),
          "int64": (-5, -1, 0, 1, 2, 3, 7), "bool": (False, True)}
VALUES["float32"] = VALUES["float64"]
OPS = ("add_", "sub_", "sub_alpha", "mul_", "div_", "copy_", "clamp_min", "clamp_max",
       "clamp_both", "clamp_number", "setitem", "iadd", "itruediv")


@st.composite
def view_steps(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """0-3 view steps: a strided slice, a size-1 slice, a select, a transpose."""
    steps = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(("slice", "one", "one", "select", "transpose")))
        dim = draw(st.integers(0, 2))
        if kind == "slice":
            steps.append((kind, dim, draw(st.integers(0, 2)), draw(st.sampled_from((1, 2, 3)))))
        elif kind == "transpose":
            steps.append((kind, dim, draw(st.integers(0, 2))))
        else:
            steps.append((kind, dim, draw(st.integers(0, 3))))
    return steps


def view(t: Any, steps: list[tuple[Any, ...]]) -> Any:
    """``t`` through the view ``steps`` (either library)."""
    for kind, dim, *args in steps:
        if t.dim() == 0 or 0 in t.shape:
            break
        dim %= t.dim()  # (the step taken to fit the view's rank and sizes)
        lead, size = (slice(None),) * dim, t.shape[dim]
        if kind == "slice":
            t = t[(*lead, slice(args[0], None, args[1]))]
        elif kind == "one":
            t = t[(*lead, slice(args[0] % size, args[0] % size + 1))]
        elif kind == "select":
            t = t[(*lead, args[0] % size)]
        else:
            t = t.transpose(dim, args[0] % t.dim())
    return t


def apply(lib: Any, op: str, v: Any, w: Any) -> None:
    """The in-place op ``op`` writing ``v`` and reading ``w``."""
    if op == "add_":
        v.add_(w)
    elif op == "sub_":
        v.sub_(w)
    elif op == "sub_alpha":
        v.sub_(w, alpha=2)
    elif op == "mul_":
        v.mul_(w)
    elif op == "div_":
        v.div_(w)
    elif op == "copy_":
        v.copy_(w)
    elif op == "clamp_min":
        v.clamp_(min=w)
    elif op == "clamp_max":
        v.clamp_(max=w)
    elif op == "clamp_both":
        v.clamp_(min=w, max=w + 1 if w.dtype != lib.bool else w)
    elif op == "clamp_number":
        v.clamp_(min=w, max=2)
    elif op == "setitem":
        v[...] = w
    elif op == "iadd":
        v += w
    else:
        v /= w


def attempt(action: Any) -> str:
    """"ok", or the class and message of what ``action()`` raised."""
    try:
        action()
    except Exception as e:  # noqa: BLE001 - the class and message are compared
        return f"{type(e).__name__}: {e}"
    return "ok"


def outcome(lib: Any, dtype: str, shape: list[int], values: list[Any], steps_v: list[Any],
            steps_w: list[Any], op: str, wide: int, w_from_v: bool) -> tuple[str, str]:
    """(what happened, the base's values) after the op in ``lib``."""
    base = lib.tensor(values, dtype=getattr(lib, dtype)).reshape(shape)
    if wide:
        base = base[..., ::wide]  # gaps between the base's own elements
    v = view(base, steps_v)
    w = view(v if w_from_v else base, steps_w)
    return attempt(lambda: apply(lib, op, v, w)), repr(base.tolist())


@settings(max_examples=300 if settings().max_examples < 300 else settings().max_examples)
@given(st.data())
def test_inplace_ops_reading_their_own_memory_match_torch(data: st.DataObject) -> None:
    dtype = data.draw(st.sampled_from(DTYPES))
    shape = data.draw(st.lists(st.sampled_from((1, 2, 3, 5, 9, 20, 35)), min_size=1,
                               max_size=3))
    wide = data.draw(st.sampled_from((0, 2, 3)))
    if wide:
        shape[-1] *= wide
    numel = int(np.prod(shape))
    assume(numel <= 800)
    values = data.draw(st.lists(st.sampled_from(VALUES[dtype]), min_size=numel,
                                max_size=numel))
    steps_v, steps_w = data.draw(view_steps()), data.draw(view_steps())
    op = data.draw(st.sampled_from(OPS))
    w_from_v = data.draw(st.booleans())  # (the view read is then always within the written)
    args = (dtype, shape, values, steps_v, steps_w, op, wide, w_from_v)
    expected, got = outcome(torch, *args), outcome(minigrad, *args)
    assert got == expected


@st.composite
def row_programs(draw: st.DrawFn) -> tuple[str, str, list[int], list[Any], str]:
    """Rows long enough for torch's 64-byte chunks: a tensor (rows x n), the written view
    (all of it, or its columns from k on: gaps between rows) and one read from the same
    rows (a column, the columns shifted, the first row, one element)."""
    dtype = draw(st.sampled_from(DTYPES))
    rows, n = draw(st.integers(1, 3)), draw(st.integers(8, 70))
    values = draw(st.lists(st.sampled_from(VALUES[dtype]), min_size=rows * n,
                           max_size=rows * n))
    k = draw(st.integers(0, 3))
    written = f"b[:, {k}:]"
    j = draw(st.integers(0, 3))
    read = draw(st.sampled_from((f"b[:, {j}:{j + 1}]", f"b[:, {j}:{j + n - k}]",
                                 f"b[0, {k}:]", f"b[0, {j}]")))
    return dtype, f"{written}|{read}", [rows, n], values, draw(st.sampled_from(OPS))


@given(row_programs())
def test_rows_in_chunks_match_torch(program: tuple[str, str, list[int], list[Any], str]) -> None:
    dtype, views_, shape, values, op = program
    written, read = views_.split("|")

    def run(lib: Any) -> tuple[str, str]:
        b = lib.tensor(values, dtype=getattr(lib, dtype)).reshape(shape)
        v, w = eval(written, {"b": b}), eval(read, {"b": b})
        return attempt(lambda: apply(lib, op, v, w)), repr(b.tolist())

    assert run(minigrad) == run(torch)


@st.composite
def index_put_programs(draw: st.DrawFn) -> tuple[Any, ...]:
    """``v[index] = w`` with ``v`` a view with gaps and ``w`` a view of it: the index an
    int tensor on a dimension (after full slices), two int tensors, or a bool mask."""
    dtype = draw(st.sampled_from(DTYPES))
    shape = draw(st.lists(st.integers(1, 5), min_size=2, max_size=3))
    numel = int(np.prod(shape)) * 2
    values = draw(st.lists(st.sampled_from(VALUES[dtype]), min_size=numel, max_size=numel))
    vshape = shape[:-1] + [shape[-1]]  # v = base[..., ::2]: the base's last dimension doubled
    kind = draw(st.sampled_from(("int", "ints", "mask", "int_then_slice")))
    dim = draw(st.integers(0, len(vshape) - 1))
    if kind == "mask":
        mask = draw(st.lists(st.booleans(), min_size=vshape[dim], max_size=vshape[dim]))
        index: Any = (slice(None),) * dim + (mask,)
    elif kind == "ints":
        n = draw(st.integers(1, 3))
        index = tuple(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
                      for k in vshape[:2])
    else:
        n = draw(st.integers(1, 4))
        ints = draw(st.lists(st.integers(0, vshape[dim] - 1), min_size=n, max_size=n))
        index = (slice(None),) * dim + (ints,)
    return dtype, shape, values, index, draw(view_steps())


@given(index_put_programs())
def test_index_put_reading_its_own_memory_matches_torch(program: tuple[Any, ...]) -> None:
    dtype, shape, values, index, steps = program

    def run(lib: Any) -> tuple[str, str]:
        base = lib.tensor(values, dtype=getattr(lib, dtype)).reshape(shape[:-1] + [-1])
        v = base[..., ::2]
        w = view(v, steps)
        tensors = tuple(lib.tensor(i) if isinstance(i, list) else i for i in index)
        return attempt(lambda: v.__setitem__(tensors, w)), repr(base.tolist())

    assert run(minigrad) == run(torch)


@pytest.mark.parametrize(("program", "row"), [
    # a broadcast column read at each row's start for the 64-byte chunks, live at the tail
    ("x = lib.zeros(2, 21, dtype=lib.float64); x[:, 0] = 1; x.add_(x[:, :1])",
     [2.0] + [1.0] * 15 + [2.0] * 5),
    ("x = lib.zeros(2, 21, dtype=lib.float32); x[:, 0] = 1; x.add_(x[:, :1])",
     [2.0] + [1.0] * 15 + [2.0] * 5),
    ("x = lib.zeros(2, 70, dtype=lib.int64); x[:, 0] = 1; x.add_(x[:, :1])",
     [2] + [1] * 63 + [2] * 6),
    # short rows: element by element, the written first element read back
    ("x = lib.zeros(2, 5, dtype=lib.float64); x[:, 0] = 1; x.add_(x[:, :1])", [2.0] * 5),
])
def test_chunks_and_tails_as_torch(program: str, row: list[Any]) -> None:
    for lib in (torch, minigrad):
        env: dict[str, Any] = {"lib": lib}
        exec(program, env)
        assert env["x"][0].tolist() == row, lib.__name__


def test_loop_order_sorts_by_stride_output_first() -> None:
    # a transposed output: its smaller stride (dimension 0) goes innermost
    assert _loop_order.loop_order((3, 4), [[8, 24], [8, 24]]) == [0, 1]
    assert _loop_order.loop_order((3, 4), [[32, 8], [32, 8]]) == [1, 0]
    # a broadcast operand (stride 0) abstains; the output decides
    assert _loop_order.loop_order((3, 4), [[8, 24], [0, 8]]) == [0, 1]
    # dimensions that step through memory as one merge into one row
    assert _loop_order.rows((3, 4), [[32, 8], [32, 8]])[:2] == (12, [8, 8])
    assert _loop_order.rows((3, 4), [[32, 8], [0, 8]])[:2] == (4, [8, 8])


def test_plain_writes_skip_the_replay() -> None:
    a = np.zeros((3, 4))
    assert not _loop_order.reads_written_memory(a, [a, a[...], np.zeros(4), 2.0])
    assert _loop_order.reads_written_memory(a, [a[:, :1]])
    assert not _loop_order.reads_written_memory(a[:, :2], [a[:, 2:]])
