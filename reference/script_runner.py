"""Run a user's torch script or notebook with real torch or with minigrad standing in for it,
recording what it computes (the child process of ``minigrad verify-script``).

    python -m reference.script_runner --engine minigrad|torch [--record FILE] [--steps N] PATH

* ``--engine minigrad``: ``import torch`` (``torch.nn``, ``torch.nn.functional``,
  ``torch.optim``, ``torch.utils.data``, ...) resolves to minigrad; a ``torch.*`` module minigrad
  does not have raises a ``ModuleNotFoundError`` that says so. torch is never imported.
* ``--engine torch``: real torch with the parity settings (``ATEN_CPU_CAPABILITY=default``,
  one thread).
* ``--record FILE``: a pickle of every event — after each ``backward()`` and each
  ``optimizer.step()``: the loss, every parameter and every gradient, named from the script
  (``model.linear.weight`` for a module's parameters, the variable's name for a leaf tensor) —
  every printed line, and how the run ended (with the failing call's ``file:line`` if it
  failed).
* ``--steps N``: stop after N optimizer steps (N backward passes when there is no optimizer).

Notebooks (``.ipynb``): code cells in order; IPython magics and shell lines (``%``, ``!``)
and plotting statements (anything using matplotlib, seaborn or what they returned) are
skipped; ``display`` prints.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import linecache
import os
import pickle
import sys
import time
import traceback
from pathlib import Path
from typing import Any

PLOT_MODULES = ("matplotlib", "seaborn", "pylab", "plotly")


class StopScript(BaseException):
    """Raised inside the script when ``--steps`` is reached (not an error)."""


# ---- sources -------------------------------------------------------------------------------


def load_units(path: str | Path) -> list[tuple[str, str]]:
    """The code to run, as ``(filename, source)`` pairs: the script itself, or each code cell of
    a notebook (filename ``NOTEBOOK.ipynb[cell K]``, K counting code cells from 1) with magics,
    shell lines and plotting removed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return [(str(path), text)]
    cells = json.loads(text).get("cells", [])
    units, plot_names = [], set()
    k = 0
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        k += 1
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        if src.lstrip().startswith("%%"):  # a cell magic (%%time, %%bash, ...): not Python
            continue
        lines = [(_indent(line) + "pass  # skipped (IPython magic)" if _is_magic(line) else line)
                 for line in src.splitlines()]
        units.append((f"{path}[cell {k}]", _without_plotting("\n".join(lines) + "\n",
                                                             plot_names)))
    return units


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _is_magic(line: str) -> bool:
    s = line.lstrip()
    return s.startswith(("%", "!")) or s.endswith("?") and not s.startswith("#")


def _without_plotting(src: str, plot_names: set[str]) -> str:
    """``src`` with every statement that imports or uses a plotting library replaced by
    ``pass`` (``plot_names`` carries the names bound to plotting objects across cells).
    Line numbers are kept, so errors still point at the cell's own lines."""
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return src  # the run reports the syntax error with its line
    drop: list[tuple[int, int]] = []

    def uses_plotting(stmt: ast.stmt) -> bool:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            mods = [a.name for a in stmt.names] if isinstance(stmt, ast.Import) else [
                stmt.module or ""]
            if any(m.split(".")[0] in PLOT_MODULES for m in mods):
                for a in stmt.names:
                    plot_names.add((a.asname or a.name).split(".")[0])
                return True
            return False
        names = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)}
        if isinstance(stmt, ast.FunctionDef | ast.ClassDef | ast.For | ast.While | ast.If
                      | ast.With | ast.Try):
            return False  # look inside instead
        if names & plot_names:
            for target in ast.walk(stmt):  # fig, ax = plt.subplots(): fig and ax are plotting
                if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store):
                    plot_names.add(target.id)
            return True
        return False

    def walk(body: list[ast.stmt]) -> None:
        for stmt in body:
            if uses_plotting(stmt):
                drop.append((stmt.lineno, stmt.end_lineno or stmt.lineno))
                continue
            for field in ("body", "orelse", "finalbody"):
                walk(getattr(stmt, field, []) or [])
            for handler in getattr(stmt, "handlers", []) or []:
                walk(handler.body)

    walk(tree.body)
    if not drop:
        return src
    lines = src.splitlines()
    for first, last in drop:
        lines[first - 1] = _indent(lines[first - 1]) + "pass  # skipped (plotting)"
        for i in range(first, last):
            lines[i] = ""
    return "\n".join(lines) + "\n"


# ---- torch or minigrad ---------------------------------------------------------------------


class _NoSuchTorchModule:
    """A meta-path finder that refuses ``torch.*`` modules minigrad does not have, by name."""

    @staticmethod
    def find_spec(fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname == "torch" or fullname.startswith("torch."):
            raise ModuleNotFoundError(
                f"minigrad has no {fullname!r} (minigrad stands in for torch; it provides "
                f"{', '.join(sorted(n for n in sys.modules if n.startswith('torch')))})",
                name=fullname)
        return None


def use_minigrad_as_torch() -> Any:
    """Make ``import torch`` and its submodules resolve to minigrad's; return minigrad."""
    import pkgutil

    import minigrad

    aliases = {"torch": minigrad}
    for info in pkgutil.walk_packages(minigrad.__path__, "minigrad."):
        if info.name.rsplit(".", 1)[-1].startswith("_") or info.name.startswith(
            "minigrad.kernels."  # how the numbers are made: no torch module of that name
        ):  # (and the numba set imports an optional extra)
            continue
        __import__(info.name)
        aliases["torch" + info.name[len("minigrad"):]] = sys.modules[info.name]
    sys.modules.update(aliases)
    sys.meta_path.insert(0, _NoSuchTorchModule())
    return minigrad


def use_torch() -> Any:
    """Import real torch with the parity settings (no FMA kernels, MKL's CPU-independent
    path, one thread)."""
    os.environ.setdefault("ATEN_CPU_CAPABILITY", "default")
    os.environ.setdefault("MKL_CBWR", "COMPATIBLE")
    import torch

    torch.set_num_threads(1)
    return torch


# ---- recording -----------------------------------------------------------------------------


def _array(t: Any) -> Any:
    import numpy as np

    if t is None:
        return None
    return np.array(t.detach().cpu().numpy(), copy=True)


class _Tee(io.TextIOBase):
    """Keeps every complete printed line (with the step it was printed at)."""

    def __init__(self, recorder: Recorder, echo: Any = None) -> None:
        self.rec = recorder
        self.echo = echo
        self.buf = ""

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        if self.echo is not None:
            self.echo.write(s)
        self.buf += s
        *done, self.buf = self.buf.split("\n")
        for line in done:
            self.rec.lines.append((self.rec.last_step(), line))
        return len(s)

    def flush(self) -> None:
        if self.echo is not None:
            self.echo.flush()
        if self.buf:
            self.rec.lines.append((self.rec.last_step(), self.buf))
            self.buf = ""


class Recorder:
    """Hooks ``Tensor.backward`` and every optimizer's ``step`` of ``lib`` and keeps, at each,
    the loss, every parameter and every gradient the script can name."""

    def __init__(self, lib: Any, files: set[str], steps: int | None) -> None:
        self.lib, self.files, self.limit = lib, files, steps
        self.events: list[dict] = []
        self.lines: list[tuple[int, str]] = []
        self.n_steps = self.n_backward = self.n_optimizers = 0
        self.last_loss = None

    def step_now(self) -> int:
        """The step being computed: optimizer steps done + 1 (backward passes done if there is
        no optimizer)."""
        return self.n_steps + 1 if self.n_optimizers else self.n_backward

    def last_step(self) -> int:
        """The step of the latest event (0 before any): a printed line belongs to it."""
        return self.events[-1]["step"] if self.events else 0

    def install(self) -> None:
        lib, rec = self.lib, self
        backward = lib.Tensor.backward

        def hooked_backward(self, *args, **kwargs):
            out = backward(self, *args, **kwargs)
            rec.n_backward += 1
            rec.last_loss = _array(self)
            rec.record("backward", rec.last_loss)
            return out

        self._saved = (backward, lib.optim.Optimizer.__init__)
        lib.Tensor.backward = hooked_backward
        init = lib.optim.Optimizer.__init__

        def hooked_init(self, *args, **kwargs):
            init(self, *args, **kwargs)
            rec.n_optimizers += 1
            step = self.step

            def hooked_step(*a, **k):
                out = step(*a, **k)
                rec.n_steps += 1
                rec.record("step", rec.last_loss, step=rec.n_steps)
                if rec.limit is not None and rec.n_steps >= rec.limit:
                    raise StopScript
                return out

            self.step = hooked_step

        lib.optim.Optimizer.__init__ = hooked_init

    def uninstall(self) -> None:
        """Put back what :meth:`install` replaced."""
        if getattr(self, "_saved", None):
            self.lib.Tensor.backward, self.lib.optim.Optimizer.__init__ = self._saved
            self._saved = None

    def _script_frames(self) -> list:
        frames, f = [], sys._getframe(2)
        while f is not None:
            if f.f_code.co_filename in self.files:
                frames.append(f)
            f = f.f_back
        return frames

    def named_tensors(self, frames: list) -> dict[str, Any]:
        """The script's tensors by name: module parameters as ``var.name``, leaf tensors that
        require grad by variable name, optimizer parameters not named otherwise by position.
        Innermost frame first, then outer frames and the script's globals."""
        lib = self.lib
        named: dict[str, Any] = {}
        seen: set[int] = set()
        spaces = [f.f_locals for f in frames] + ([frames[-1].f_globals] if frames else [])

        def add(name: str, t: Any) -> None:
            if id(t) not in seen:
                seen.add(id(t))
                named[name] = t

        for space in spaces:
            for var, value in list(space.items()):
                if var.startswith("_"):
                    continue
                if isinstance(value, lib.nn.Module):
                    for pname, p in value.named_parameters():
                        add(f"{var}.{pname}", p)
                elif isinstance(value, lib.Tensor):
                    if value.requires_grad and value.is_leaf:
                        add(var, value)
                elif isinstance(value, list | tuple) and value and all(
                        isinstance(v, lib.Tensor) for v in value):
                    for i, v in enumerate(value):
                        if v.requires_grad and v.is_leaf:
                            add(f"{var}[{i}]", v)
        for space in spaces:
            for var, value in list(space.items()):
                if isinstance(value, lib.optim.Optimizer):
                    for gi, group in enumerate(value.param_groups):
                        for pi, p in enumerate(group["params"]):
                            add(f"{var}.param_groups[{gi}][{pi}]", p)
        return named

    def record(self, kind: str, loss: Any, step: int | None = None) -> None:
        """Keep one event (``backward`` or ``step``)."""
        import warnings

        frames = self._script_frames()
        where = "?"
        if frames:
            where = f"{_display_name(frames[0].f_code.co_filename)}:{frames[0].f_lineno}"
        values, grads = {}, {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, t in self.named_tensors(frames).items():
                values[name] = _array(t)
                grads[name] = _array(t.grad)
        self.events.append({
            "kind": kind, "step": step if step is not None else self.step_now(), "where": where,
            "loss": loss, "values": values, "grads": grads, "lines": len(self.lines)})
        if kind == "backward" and not self.n_optimizers and self.limit is not None \
                and self.n_backward >= self.limit:
            raise StopScript


def _display_name(filename: str) -> str:
    try:
        rel = os.path.relpath(filename)
    except ValueError:
        return filename
    return filename if rel.startswith("..") else rel


# ---- running -------------------------------------------------------------------------------


def failure_report(exc: BaseException, files: set[str]) -> dict:
    """Which call failed and where: the innermost line of the script in the traceback (file,
    line, its text), the exception, and the innermost frame overall."""
    tb = traceback.extract_tb(exc.__traceback__)
    in_script = [fr for fr in tb if fr.filename in files]
    at = in_script[-1] if in_script else (tb[-1] if tb else None)
    if isinstance(exc, SyntaxError) and exc.filename in files:
        where, code = f"{_display_name(exc.filename)}:{exc.lineno}", (exc.text or "").strip()
    elif at is not None:
        where, code = f"{_display_name(at.filename)}:{at.lineno}", (at.line or "").strip()
    else:
        where, code = "?", ""
    inner = tb[-1] if tb else None
    return {"type": type(exc).__name__, "message": str(exc), "where": where, "code": code,
            "inside": f"{_display_name(inner.filename)}:{inner.lineno}" if inner else None,
            "missing": missing_api(exc)}


def missing_api(exc: BaseException) -> str | None:
    """The torch name minigrad lacks, when that is what the exception says (else None)."""
    import re

    msg = str(exc)
    name = (exc.name or "") if isinstance(exc, ModuleNotFoundError) else ""
    if name == "torch" or name.startswith("torch."):
        return name
    m = re.match(r"module '(minigrad[\w.]*)' has no attribute '(\w+)'", msg)
    if isinstance(exc, AttributeError) and m:
        return "torch" + m.group(1)[len("minigrad"):] + "." + m.group(2)
    m = re.match(r"'(\w+)' object has no attribute '(\w+)'", msg)
    if isinstance(exc, AttributeError) and m:
        return f"{m.group(1)}.{m.group(2)}"
    m = re.match(r"cannot import name '(\w+)' from '(minigrad[\w.]*)'", msg)
    if isinstance(exc, ImportError) and m:
        return "torch" + m.group(2)[len("minigrad"):] + "." + m.group(1)
    return None


def run(path: str | Path, engine: str, steps: int | None = None,
        recorder: bool = True, echo: bool = False) -> dict:
    """Run the script (or notebook) at ``path`` with ``engine`` in this process; return the
    record (events, printed lines, status, failure report). ``echo`` also prints the script's
    output. The process's modules, ``sys.argv`` and ``sys.path`` are restored afterwards."""
    saved_modules = {k: v for k, v in sys.modules.items()
                     if k == "torch" or k.startswith("torch.")}
    saved_meta, saved_argv, saved_path = list(sys.meta_path), sys.argv, list(sys.path)
    try:
        return _run(Path(path).resolve(), engine, steps, recorder, echo)
    finally:
        if engine == "minigrad":
            for k in [k for k in sys.modules if k == "torch" or k.startswith("torch.")]:
                del sys.modules[k]
            sys.modules.update(saved_modules)
        sys.meta_path[:], sys.argv, sys.path[:] = saved_meta, saved_argv, saved_path


def _run(path: Path, engine: str, steps: int | None, recorder: bool, echo: bool) -> dict:
    units = load_units(path)
    files = {name for name, _ in units}
    lib = use_torch() if engine == "torch" else use_minigrad_as_torch()
    rec = Recorder(lib, files, steps)
    if recorder:
        rec.install()
    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": str(path),
                                 "__builtins__": __builtins__}
    if path.suffix == ".ipynb":
        namespace["display"] = print
    sys.argv = [str(path)]
    sys.path.insert(0, str(path.parent))
    cwd = os.getcwd()
    if path.suffix == ".ipynb":  # as Jupyter does: data files beside the notebook are found
        os.chdir(path.parent)
    out = {"engine": engine, "script": str(path), "status": "ok", "error": None}
    real_stdout = sys.stdout
    tee = _Tee(rec, real_stdout if echo else None)
    sys.stdout = tee
    t0 = time.perf_counter()
    try:
        for name, src in units:
            linecache.cache[name] = (len(src), None, src.splitlines(True), name)
            exec(compile(src, name, "exec"), namespace)  # noqa: S102 - running the user's script
    except StopScript:
        out["status"] = "stopped"
    except SystemExit as exc:
        if exc.code not in (None, 0):
            out["status"], out["error"] = "error", failure_report(exc, files)
    except BaseException as exc:  # noqa: BLE001 - the script's failure is the finding
        out["status"], out["error"] = "error", failure_report(exc, files)
        out["traceback"] = traceback.format_exc()
    finally:
        tee.flush()
        sys.stdout = real_stdout
        rec.uninstall()
        os.chdir(cwd)
    out.update(seconds=time.perf_counter() - t0, events=rec.events, lines=rec.lines,
               n_steps=rec.n_steps, n_backward=rec.n_backward, version=lib.__version__)
    return out


def main(argv: list[str] | None = None) -> int:
    """Child entry point: run, then pickle the record to ``--record``."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--engine", choices=["minigrad", "torch"], required=True)
    p.add_argument("--record", help="pickle the record here")
    p.add_argument("--steps", type=int)
    p.add_argument("path")
    args = p.parse_args(argv)
    try:
        result = run(args.path, args.engine, args.steps)
    except ImportError as exc:  # torch itself missing
        result = {"engine": args.engine, "status": "unavailable", "error": {
            "type": type(exc).__name__, "message": str(exc)}, "events": [], "lines": []}
    if args.record:
        with open(args.record, "wb") as f:
            pickle.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
