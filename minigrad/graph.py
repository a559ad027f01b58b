"""Drawings of computation graphs, for the scalar engine and the tensor engine.

``to_dot(root)`` returns the graph behind ``root`` in Graphviz's DOT language: one box per
value (its name if it has one, its data, its gradient) and, for every value an operation
made, a small oval with the operation's name between the value and its inputs.

* a ``minigrad.scalar.Value``: follows ``_prev``, shows ``_op``, ``data``, ``grad``, ``label``;
* a ``minigrad.Tensor``: follows ``grad_fn.inputs``, shows ``grad_fn.name()`` (torch's names,
  e.g. ``MulBackward0``), the shape and dtype, the first few numbers of data and grad.

Draw after ``backward()`` to see the gradients: a leaf's box shows its ``grad``, an
intermediate's when it ``retain_grad()``-ed (``backward_and_draw`` does both). ``draw`` names
the boxes as the calling script names the tensors (``W``, ``b``, ``x_train``) unless given
``labels``. The layout fits a page: top to bottom for deep graphs, left to right for shallow
ones, scaled down to ``size`` inches.

``render(dot, path)`` turns DOT text into a PNG or SVG with Graphviz's ``dot`` program when it
is installed, else with ``graphviz-pure`` (a self-contained dot-compatible program from PyPI,
installed by minigrad's ``draw`` and ``dev`` extras: ``pip install graphviz-pure``). Node ids
are given in traversal order (``v0``, ``v1``, ...), so the same graph always gives the same text.

This module imports only the standard library.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["GraphvizNotFoundError", "backward_and_draw", "draw", "draw_tensor_graph",
           "find_renderer", "render", "to_dot"]

FORMATS = ("png", "svg", "pdf", "dot")
_SHOWN = 4  # how many numbers of a tensor a box shows
PAGE = "7.5,10"  # inches: a portrait page with margins; larger drawings are scaled down
_DEEP = 3  # graphs with more than this many operations in a row are laid out top to bottom


class GraphvizNotFoundError(RuntimeError):
    """Graphviz's ``dot`` program is not installed."""


def to_dot(root: Any, *, name: str = "minigrad", labels: Mapping[str, Any] | None = None,
           rankdir: str | None = None, size: str | None = PAGE) -> str:
    """The computation graph that produced ``root`` (a ``Value`` or a ``Tensor``), as DOT text.

    ``labels`` names nodes for the drawing, e.g. ``{"W": W, "b": b}`` (a Value's own
    ``label`` is used too). Inputs come before the values made from them. ``rankdir`` is
    ``"LR"`` (left to right) or ``"TB"`` (top to bottom; by default for graphs more than
    three operations deep); ``size`` the page in inches the drawing is scaled down to fit
    (``None``: natural size).
    """
    names = {id(obj): text for text, obj in (labels or {}).items()}
    nodes = _inputs_first(root)
    ids = {id(node): f"v{i}" for i, node in enumerate(nodes)}
    if rankdir is None:
        rankdir = "TB" if _depth(nodes) > _DEEP else "LR"
    lines = [f"digraph {_quote(name)} {{", f"  rankdir={rankdir};"]
    if size:
        lines.append(f'  size="{size}"; ratio=compress;')
    lines.append('  node [fontname="Helvetica", fontsize=11];')
    for node in nodes:
        nid = ids[id(node)]
        title = names.get(id(node)) or getattr(node, "label", "") or ""
        fields = [title] if title else []
        fields += _describe(node)
        label = " | ".join(_escape(f) for f in fields)
        lines.append(f'  {nid} [shape=record, label="{{ {label} }}"];')
        op = _op_name(node)
        if op:
            lines.append(f'  {nid}_op [shape=oval, label="{_escape(op)}"];')
            lines.append(f"  {nid}_op -> {nid};")
            for parent in _parents(node):
                lines.append(f"  {ids[id(parent)]} -> {nid}_op;")
    lines.append("}")
    return "\n".join(lines) + "\n"


def find_renderer() -> str | None:
    """The program that turns DOT into images: Graphviz's ``dot`` on PATH, else the
    ``graphviz-pure`` program (on PATH, or beside this Python, as in a virtual environment
    that is not activated); None if neither is installed."""
    program = shutil.which("dot") or shutil.which("graphviz-pure")
    if program:
        return program
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        for exe in ("graphviz-pure", "graphviz-pure.exe"):
            if (folder / exe).is_file():
                return str(folder / exe)
    return None


def render(dot: str, path: str | Path, format: str | None = None) -> Path:
    """Write DOT text to ``path`` as an image with Graphviz's ``dot`` (or ``graphviz-pure``).

    ``format`` is ``"png"``, ``"svg"``, ``"pdf"`` or ``"dot"`` (the text itself, no renderer
    needed); by default it is taken from the file's suffix, else PNG. Raises
    ``GraphvizNotFoundError`` when no renderer is installed.
    """
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".") or "png").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt == "dot":
        path.write_text(dot)
        return path
    program = find_renderer()
    if program is None:
        raise GraphvizNotFoundError(
            "drawing a graph needs a DOT renderer and none was found: `pip install "
            "graphviz-pure` (minigrad's `draw` extra; no system package needed) or install "
            "Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install "
            "graphviz`); or write the DOT text with format='dot'"
        )
    if fmt == "pdf" and Path(program).name.startswith("graphviz-pure"):
        raise GraphvizNotFoundError("graphviz-pure cannot write PDF: draw a .png or .svg, "
                                    "or install Graphviz for PDF")
    done = subprocess.run([program, f"-T{fmt}", "-o", str(path)], input=dot, text=True,
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(program).name} failed ({done.returncode}): "
                           f"{done.stderr.strip()}")
    return path


def draw(root: Any, path: str | Path, *, format: str | None = None, name: str = "minigrad",
         labels: Mapping[str, Any] | None = None, rankdir: str | None = None,
         size: str | None = PAGE) -> Path:
    """``render(to_dot(root, ...), path)``: draw the graph behind a ``Value`` or a ``Tensor``.

    Without ``labels``, the boxes are named as the caller's variables name them."""
    if labels is None:
        labels = _caller_names(root, sys._getframe(1))
    return render(to_dot(root, name=name, labels=labels, rankdir=rankdir, size=size), path,
                  format=format)


def draw_tensor_graph(tensor: Any, path: str | Path, *, format: str | None = None,
                      name: str = "minigrad", labels: Mapping[str, Any] | None = None,
                      rankdir: str | None = None, size: str | None = PAGE) -> Path:
    """Draw the graph behind a ``minigrad`` tensor (e.g. one epoch's cost) to ``path``."""
    if labels is None:
        labels = _caller_names(tensor, sys._getframe(1))
    return draw(tensor, path, format=format, name=name, labels=labels, rankdir=rankdir,
                size=size)


def backward_and_draw(loss: Any, path: str | Path, **options: Any) -> Path:
    """Keep every intermediate tensor's gradient (``retain_grad``), run ``loss.backward()``
    and draw the graph with all gradients shown. Build the graph inside
    ``minigrad.keep_graph_values()`` to show the intermediates' values too."""
    for node in _inputs_first(loss):
        if not _is_value(node) and getattr(node, "grad_fn", None) is not None \
                and not isinstance(node, _Freed):
            node.retain_grad()
    loss.backward()
    if options.get("labels") is None:
        options["labels"] = _caller_names(loss, sys._getframe(1))
    return draw(loss, path, **options)


def _caller_names(root: Any, frame: Any) -> dict[str, Any]:
    """Names the calling code gives to nodes of ``root``'s graph (locals, then globals)."""
    in_graph = {id(node) for node in _inputs_first(root)}
    names: dict[str, Any] = {}
    taken: set[int] = set()
    for space in (frame.f_locals, frame.f_globals):
        for var, obj in list(space.items()):
            if not var.startswith("_") and id(obj) in in_graph and id(obj) not in taken:
                taken.add(id(obj))
                names[var] = obj
    return names


# ---- walking a graph of either engine ------------------------------------------------


def _is_value(node: Any) -> bool:
    return hasattr(node, "_prev")


class _Freed:
    """Stands for an intermediate tensor whose values were freed after use (as in torch):
    known by the node that made it and its shape. Build the graph inside
    ``minigrad.autograd.keep_graph_values()`` to keep the values for the drawing."""

    _data = None
    requires_grad = True
    retains_grad = False

    def __init__(self, grad_fn: Any) -> None:
        self.grad_fn = grad_fn
        self.shape = grad_fn.output_shape


def _parents(node: Any) -> tuple:
    """The inputs of the operation that made ``node`` (none for a leaf), in argument order."""
    if _is_value(node):
        return node._prev
    grad_fn = getattr(node, "grad_fn", None)
    if grad_fn is None:
        return ()
    parents = []
    for edge, tensor in zip(grad_fn.edges, grad_fn.inputs):
        if tensor is not None:
            parents.append(tensor)
        elif edge is not None:  # an intermediate whose values are gone: one stand-in per node
            view = edge.__dict__.get("freed_view")
            if view is None:
                view = edge.__dict__["freed_view"] = _Freed(edge)
            parents.append(view)
    return tuple(parents)  # Python numbers are not drawn


def _op_name(node: Any) -> str:
    if _is_value(node):
        return node._op
    grad_fn = getattr(node, "grad_fn", None)
    return grad_fn.name() if grad_fn is not None else ""


def _depth(nodes: list) -> int:
    """The most operations on one path from an input to the root (``nodes`` inputs first)."""
    depth: dict[int, int] = {}
    for node in nodes:
        ps = _parents(node)
        depth[id(node)] = 1 + max((depth.get(id(p), 0) for p in ps), default=0) if ps else 0
    return max(depth.values(), default=0)


def _inputs_first(root: Any) -> list:
    """All nodes behind ``root``, each after its inputs (iterative depth-first search)."""
    order: list = []
    seen: set[int] = set()
    stack: list = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(_parents(node)) if id(p) not in seen)
    return order


# ---- what a box says ------------------------------------------------------------------


def _describe(node: Any) -> list[str]:
    if _is_value(node):
        return [f"data {_number(node.data)}", f"grad {_number(node.grad)}"]
    data = node._data
    if data is None:
        return [f"{tuple(node.shape)}", "values freed"]
    fields = [f"{tuple(data.shape)} {data.dtype}", f"data {_numbers(data)}"]
    keeps_grad = node.grad_fn is None and getattr(node, "requires_grad", False)
    if keeps_grad or getattr(node, "retains_grad", False):
        with warnings.catch_warnings():  # a non-leaf's .grad may warn; we asked on purpose
            warnings.simplefilter("ignore")
            grad = node.grad
        fields.append(f"grad {_numbers(grad._data) if grad is not None else 'None'}")
    return fields


def _number(x: Any) -> str:
    return f"{float(x):.6g}"


def _numbers(array: Any) -> str:
    flat: Iterable = array.ravel().tolist()
    flat = list(flat)
    if array.ndim == 0:
        return _number(flat[0])
    shown = ", ".join(_number(x) for x in flat[:_SHOWN])
    return f"[{shown}{', ...' if len(flat) > _SHOWN else ''}]"


def _escape(text: str) -> str:
    """Escape the characters that mean something inside a DOT record label."""
    for char in '\\"{}|<>':
        text = text.replace(char, "\\" + char)
    return text


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
