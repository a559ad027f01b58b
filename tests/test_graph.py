"""Graph drawings (minigrad.graph): the DOT text's structure for both engines, and the
rendered image when Graphviz's ``dot`` is installed."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import minigrad
from minigrad import graph
from minigrad.graph import GraphvizNotFoundError, draw, draw_tensor_graph, render, to_dot
from minigrad.scalar import Value
from reference.scalar_loops import mean_squared_error

NODE = re.compile(r'^  (v\d+(?:_op)?) \[shape=(record|oval), label="(.*)"\];$')
EDGE = re.compile(r"^  (v\d+(?:_op)?) -> (v\d+(?:_op)?);$")


def parse(dot: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Check the DOT text's structure; return its nodes (id -> label) and edges."""
    lines = dot.splitlines()
    assert lines[0].startswith("digraph ") and lines[0].endswith("{") and lines[-1] == "}"
    assert dot.count("{") - dot.count("\\{") == dot.count("}") - dot.count("\\}")
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    for line in lines[1:-1]:
        if m := NODE.match(line):
            assert m.group(1) not in nodes, f"node {m.group(1)} declared twice"
            nodes[m.group(1)] = m.group(3)
        elif m := EDGE.match(line):
            edges.append((m.group(1), m.group(2)))
        else:
            assert line.strip().endswith(";") and "=" in line, f"unexpected line {line!r}"
    for a, b in edges:
        assert a in nodes and b in nodes, f"edge {a} -> {b} to an undeclared node"
    for nid, label in nodes.items():
        assert label, f"{nid} has no label"
    return nodes, edges


def seed000_epoch0_scalar() -> tuple[Value, Value, Value]:
    xs = [Value(float(v)) for v in (1, 2, 3)]
    ys = [Value(float(v)) for v in (1, 2, 3)]
    W, b = Value(0.0, label="W"), Value(0.0, label="b")
    cost = mean_squared_error([x * W + b for x in xs], ys)
    cost.label = "cost"
    cost.backward()
    return cost, W, b


def seed000_epoch0_tensor():
    x = minigrad.FloatTensor([[1], [2], [3]])
    y = minigrad.FloatTensor([[1], [2], [3]])
    W = minigrad.zeros(1, requires_grad=True)
    b = minigrad.zeros(1, requires_grad=True)
    cost = minigrad.mean((x * W + b - y) ** 2)
    cost.backward()
    return cost, {"x": x, "y": y, "W": W, "b": b, "cost": cost}


# ---- Value graphs --------------------------------------------------------------------------


def test_value_graph_has_one_box_per_value_and_one_oval_per_op():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    d = c + a  # a is used twice
    d.backward()
    nodes, edges = parse(to_dot(d))
    assert nodes == {
        "v0": "{ a | data 2 | grad -2 }",
        "v1": "{ b | data -3 | grad 2 }",
        "v2": "{ data -6 | grad 1 }",
        "v2_op": "*",
        "v3": "{ data -4 | grad 1 }",
        "v3_op": "+",
    }
    assert sorted(edges) == sorted([("v2_op", "v2"), ("v0", "v2_op"), ("v1", "v2_op"),
                                    ("v3_op", "v3"), ("v2", "v3_op"), ("v0", "v3_op")])


def test_value_graph_of_an_epoch_is_complete_and_deterministic():
    cost, W, b = seed000_epoch0_scalar()
    dot = to_dot(cost, name="seed 000, epoch 0")
    nodes, edges = parse(dot)
    assert dot.startswith('digraph "seed 000, epoch 0" {')
    boxes = [n for n in nodes if not n.endswith("_op")]
    assert len(boxes) == len(cost._topological_order())
    assert "{ W | data 0 | grad -9.33333 }" in nodes.values()
    assert "{ b | data 0 | grad -4 }" in nodes.values()
    assert nodes[boxes[-1]].startswith("{ cost | data 4.66667 | grad 1 }")
    # every op node has exactly one output and as many inputs as its Value has parents
    for nid in nodes:
        if nid.endswith("_op"):
            assert [e for e in edges if e[0] == nid] == [(nid, nid[:-3])]
    assert to_dot(seed000_epoch0_scalar()[0], name="seed 000, epoch 0") == dot  # ids by order


def test_labels_are_escaped():
    v = Value(1.0, label='a {weird} |name| <x> "q"')
    nodes, _ = parse(to_dot(v, name='say "hi"'))
    assert nodes["v0"].startswith(r"{ a \{weird\} \|name\| \<x\> \"q\" | data 1")


def test_a_deep_graph_is_drawn_without_recursion():
    y = x = Value(1.0)
    for _ in range(5000):
        y = y + x
    nodes, edges = parse(to_dot(y))
    assert len(nodes) == 1 + 5000 + 5000  # x, 5000 sums, one op oval per sum
    assert len(edges) == 3 * 5000  # each sum: two inputs -> oval -> box


# ---- Tensor graphs -------------------------------------------------------------------------


def test_tensor_graph_follows_grad_fn_inputs_and_shows_torch_names():
    cost, labels = seed000_epoch0_tensor()
    nodes, edges = parse(to_dot(cost, labels=labels))
    ops = [label for nid, label in nodes.items() if nid.endswith("_op")]
    assert ops == ["MulBackward0", "AddBackward0", "SubBackward0", "PowBackward0",
                   "MeanBackward0"]
    assert nodes["v0"] == "{ x | (3, 1) float32 | data [1, 2, 3] }"
    assert "{ W | (1,) float32 | data [0] | grad [-9.33333] }" in nodes.values()
    assert "{ b | (1,) float32 | data [0] | grad [-4] }" in nodes.values()
    last = [n for n in nodes if not n.endswith("_op")][-1]
    assert nodes[last] == "{ cost | () float32 | data 4.66667 }"
    assert len(edges) == 5 + 2 + 2 + 2 + 1 + 1  # op -> output, and the inputs of each op


def test_tensor_graph_shows_a_few_numbers_and_retained_grads():
    x = minigrad.tensor(np.arange(10, dtype=np.float32), requires_grad=True)
    h = x * 2
    h.retain_grad()
    h.sum().backward()
    nodes, _ = parse(to_dot(h.sum()))
    assert nodes["v0"] == "{ (10,) float32 | data [0, 1, 2, 3, ...] | grad [2, 2, 2, 2, ...] }"
    assert nodes["v1"].endswith("| grad [1, 1, 1, 1, ...] }")  # retain_grad() shows


def test_tensor_graph_skips_python_number_inputs():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    nodes, edges = parse(to_dot((x * 3).sum()))
    assert [label for nid, label in nodes.items() if nid.endswith("_op")] == [
        "MulBackward0", "SumBackward0"]
    assert ("v0", "v1_op") in edges and len(edges) == 4


# ---- rendering -------------------------------------------------------------------------------


def test_render_writes_dot_text_without_graphviz(tmp_path, monkeypatch):
    monkeypatch.setattr(graph, "find_renderer", lambda: None)
    cost, _, _ = seed000_epoch0_scalar()
    path = render(to_dot(cost), tmp_path / "g.dot")
    assert path.read_text() == to_dot(cost)
    with pytest.raises(GraphvizNotFoundError, match="pip install graphviz-pure"):
        render(to_dot(cost), tmp_path / "g.png")


def test_render_rejects_unknown_formats(tmp_path):
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        render("digraph g {}", tmp_path / "g.gif")


def test_a_renderer_is_installed_by_the_projects_extras():
    """After the README's set-up (the `dev` extra) a renderer exists: Graphviz's dot, or the
    graphviz-pure program beside this Python, found even when the venv is not activated."""
    program = graph.find_renderer()
    assert program is not None
    assert Path(program).name in ("dot", "graphviz-pure", "graphviz-pure.exe")


def test_finds_graphviz_pure_beside_python_when_not_on_path(monkeypatch):
    monkeypatch.setattr(graph.shutil, "which", lambda name: None)
    program = graph.find_renderer()
    assert program is not None and Path(program).name.startswith("graphviz-pure")


PNG = b"\x89PNG\r\n\x1a\n"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_render_png_and_svg(tmp_path):
    cost, _, _ = seed000_epoch0_scalar()
    png = draw(cost, tmp_path / "scalar.png")
    width, height = _png_size(png)
    assert 100 < width <= 7.5 * 96 + 1 and 100 < height <= 10 * 96 + 1  # fits the page
    svg = draw(cost, tmp_path / "scalar", format="svg")
    text = svg.read_text()
    assert "<svg" in text and ">W<" in text and ">cost<" in text
    tensor_cost, labels = seed000_epoch0_tensor()
    out = draw_tensor_graph(tensor_cost, tmp_path / "tensor.png", labels=labels)
    assert out.read_bytes()[:8] == PNG


def test_render_reports_renderer_errors(tmp_path):
    with pytest.raises(RuntimeError, match="failed"):
        render("digraph { this is not DOT", tmp_path / "bad.png")


def test_the_drawing_after_backward_names_leaves_as_the_script_does(tmp_path):
    """backward_and_draw: every gradient shown (intermediates' too), boxes named by the
    caller's variables, laid out top to bottom for a deep graph, scaled to a page."""
    x_train = minigrad.FloatTensor([[1], [2], [3]])
    y_train = minigrad.FloatTensor([[1], [2], [3]])
    weight = minigrad.zeros(1, requires_grad=True)
    bias = minigrad.zeros(1, requires_grad=True)
    with minigrad.keep_graph_values():
        hypothesis = x_train * weight + bias
        cost = minigrad.mean((hypothesis - y_train) ** 2)
    svg = graph.backward_and_draw(cost, tmp_path / "g.svg")
    text = svg.read_text()
    for name in ("x_train", "y_train", "weight", "bias", "hypothesis", "cost"):
        assert f">{name}<" in text, name
    assert "grad [&#45;9.33333]" in text or "grad [-9.33333]" in text  # weight.grad
    assert "grad [&#45;0.666667, &#45;1.33333, &#45;2]" in text or \
        "grad [-0.666667, -1.33333, -2]" in text  # hypothesis.grad, retained
    dot = to_dot(cost)
    assert "rankdir=TB;" in dot and 'size="7.5,10"' in dot
    assert "rankdir=LR;" in to_dot(weight * 2)  # a shallow graph reads left to right
    png = draw(cost, tmp_path / "g.png")
    assert _png_size(png)[1] <= 10 * 96 + 1


def test_the_draw_command_renders_one_epoch_after_backward(tmp_path, capsys):
    from reference import cli

    assert cli.main(["draw", "seed000-manual", "--out", str(tmp_path / "g.png")]) == 0
    assert (tmp_path / "g.png").read_bytes()[:8] == PNG
    assert cli.main(["draw", "multi-module", "--out", str(tmp_path / "g.dot")]) == 0
    dot = (tmp_path / "g.dot").read_text()
    assert "after backward" in dot and "{ weight | (1, 3) float32" in dot
    assert "| grad [" in dot.split("weight", 1)[1].split("}", 1)[0]


def test_the_module_imports_only_the_standard_library():
    import ast

    tree = ast.parse(Path(graph.__file__).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "shutil", "subprocess", "sys", "sysconfig", "warnings",
                        "collections", "pathlib", "typing"}
