"""The hypothesis strategy of programs.

A program: 1-4 leaves (random shapes incl. 0-d, size-1 and empty axes; float32, float64,
int64, bool; ``requires_grad`` sometimes, floats only), 3-12 body lines drawn from
:data:`.kinds.BODY`, then an ending: a reduction and one of backward, backward twice
(with or without ``retain_graph``), backward with ``gradient=``, an SGD step (sometimes
followed by a second epoch: the body replayed on the updated leaves, and a second step), a
manual update under ``no_grad`` or through ``.data``, or nothing.

Lines are run on torch while they are drawn, so each row can look at the live variables'
shapes and dtypes (an oracle), and the lines that follow only use what exists.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

from . import kinds as K
from .program import Line, Program, namespace, run_line
from .values import Ctx, holds, tensor_src

_VAR = re.compile(r"\bv\d+\b")


def _line(c: Ctx, kind: K.Kind, a: str | None = None) -> Line | None:
    """Draw one line of ``kind`` (None when it has no argument to act on)."""
    if kind.arity and a is None:
        a = c.pick(kind.pick)
        if a is None:
            return None
    params = kind.params(c, a) if kind.params else {}
    value = params.pop("_value", kind.value)
    grad = params.pop("_grad", kind.grad)
    target = c.fresh() if kind.assign or "{t}" in kind.template else None
    expr = kind.template.format(a=a, t=target, **params)
    src = f"{target} = {expr}" if kind.assign and "{t}" not in kind.template else expr
    return Line(kind.name, src, target, value, grad)


def _under_no_grad(line: Line) -> Line:
    """The same statement inside ``with lib.no_grad():``."""
    body = "\n".join("    " + part for part in line.src.split("\n"))
    return Line(f"no_grad:{line.kind}", f"with lib.no_grad():\n{body}", line.target,
                line.value, line.grad)


def _emit(c: Ctx, lines: list[Line], line: Line | None) -> None:
    if line is not None:
        run_line(line, c.ns)
        lines.append(line)


def _leaf(c: Ctx) -> Line:
    dtype = c.dtype()
    array = c.array(c.shape(), dtype)
    rg = dtype.startswith("float") and c.chance(0.6)
    name = c.fresh()
    src = tensor_src(array, rg)
    r = c.draw(st.integers(0, 99))
    if r >= 92:
        return _big_leaf(c, name, dtype if dtype.startswith("float") else "float32", rg)
    if rg and r < 10:
        return Line("leaf_parameter", f"{name} = lib.nn.Parameter({tensor_src(array)})", name)
    if r < 15:
        dims = ", ".join(str(n) for n in array.shape) or "()"
        kind = c.choice(["zeros", "ones"])
        rg_src = ", requires_grad=True" if rg else ""
        src = f"lib.{kind}({dims}, dtype=lib.{dtype if dtype != 'bool' else 'bool'}{rg_src})"
        return Line(f"leaf_{kind}", f"{name} = {src}", name)
    return Line("leaf", f"{name} = {src}", name)


def _big_leaf(c: Ctx, name: str, dtype: str, rg: bool) -> Line:
    """A longer tensor (17-200 along one axis) drawn from the seeded generator: torch's
    cascade sum order and matmul order only show beyond a few elements."""
    n = c.draw(st.integers(17, 200))
    m = c.draw(st.integers(1, 5))
    dims = c.choice([f"{n}", f"{n}, {m}", f"{m}, {n}"])
    draw = c.choice(["rand", "randn"])
    seed = c.draw(st.integers(0, 3))
    src = (f"lib.manual_seed({seed})\n{name} = lib.{draw}({dims}, dtype=lib.{dtype}"
           f"{', requires_grad=True' if rg else ''})")
    return Line(f"leaf_{draw}", src, name)


def _trainable(t: Any) -> bool:
    return t.is_leaf and t.requires_grad


def _optimizer(c: Ctx) -> Line:
    """``opt = SGD(...)`` (mostly) or ``Adam(...)`` over the leaves that require grad."""
    params = ", ".join(n for n in c.tensors() if holds(_trainable, c.t(n)))
    if c.chance(0.25):
        opts = c.choice(["", ", betas=(0.8, 0.9)", ", weight_decay=0.1", ", amsgrad=True",
                         ", maximize=True"])
        return Line("Adam", f"opt = lib.optim.Adam([{params}], lr=0.1{opts})", "opt")
    opts = c.choice(["", ", momentum=0.9", ", momentum=0.5, nesterov=True",
                     ", weight_decay=0.1", ", momentum=0.9, dampening=0.5, maximize=True"])
    return Line("SGD", f"opt = lib.optim.SGD([{params}], lr=0.1{opts})", "opt")


def _ending(c: Ctx, lines: list[Line]) -> None:
    r = c.draw(st.integers(0, 99))
    if r < 8:
        return
    if r < 18:
        out = c.pick()
        if out is not None:
            _emit(c, lines, _line(c, K.BACKWARD_GRADIENT, out))
        return
    loss = _line(c, c.choice(K.REDUCE))
    if loss is None:
        return
    _emit(c, lines, loss)
    a = loss.target
    if r < 30:
        opt = _optimizer(c)
        _emit(c, lines, opt)
        _emit(c, lines, _line(c, c.choice([K.ZERO_GRAD, K.ZERO_GRAD_KEEP]), "opt"))
        _emit(c, lines, _line(c, K.BACKWARD, a))
        _emit(c, lines, _line(c, K.ADAM_STEP if opt.kind == "Adam" else K.STEP, "opt"))
        if c.chance(0.5):
            leaf = c.pick(_trainable)
            if leaf is not None:
                _emit(c, lines, _line(c, K.ADAM_STATE if opt.kind == "Adam" else K.OPT_STATE,
                                      leaf))
        return
    if r < 36:
        _emit(c, lines, _line(c, K.BACKWARD, a))
        leaf = c.pick(_trainable)
        _emit(c, lines, _line(c, K.MANUAL_STEP if r < 33 else K.DATA_STEP, leaf))
        return
    if r < 50:
        _emit(c, lines, _line(c, K.BACKWARD_RETAIN, a))
    elif r < 60:
        _emit(c, lines, _line(c, K.BACKWARD, a))
    _emit(c, lines, _line(c, K.BACKWARD, a))


@st.composite
def programs(
    draw: Any, torch: Any, body: list[K.Kind] | None = None, min_lines: int = 3,
    max_lines: int = 12,
) -> Program:
    """Random straight-line programs (see the module docstring) whose body lines come from
    ``body`` (default: every row); ``torch`` is the oracle."""
    rows = body or K.BODY
    c = Ctx(draw, namespace(torch), torch)
    lines: list[Line] = []
    for _ in range(draw(st.integers(1, 4))):
        _emit(c, lines, _leaf(c))
    start = len(lines)
    for _ in range(draw(st.integers(min_lines, max_lines))):
        line = _line(c, draw(st.sampled_from(rows)))
        if line is not None and c.chance(0.06):
            line = _under_no_grad(line)
        _emit(c, lines, line)
    _ending(c, lines)
    if any(line.kind in ("step", "adam_step") for line in lines) and c.chance(0.4):
        for line in _replay(c, lines[start:]):
            _emit(c, lines, line)
    return Program(tuple(lines))


def _replay(c: Ctx, epoch: list[Line]) -> list[Line]:
    """A second epoch: the body and ending again on the updated leaves, with fresh names for
    what they define; the optimizer is not rebuilt (its momentum buffers carry over)."""
    names: dict[str, str] = {}
    out = []
    for line in epoch:
        if line.kind in ("SGD", "Adam"):
            continue
        if line.target and line.target != "opt":
            names[line.target] = c.fresh()
        src = _VAR.sub(lambda m: names.get(m.group(0), m.group(0)), line.src)
        out.append(Line(line.kind, src, names.get(line.target or "", line.target),
                        line.value, line.grad))
    return out
