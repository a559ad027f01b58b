"""minigrad is written from scratch: importing any part of it never imports torch."""

from __future__ import annotations

import importlib.util
import pkgutil
import subprocess
import sys

import minigrad

# modules that import an optional extra, checked only where the extra is installed
OPTIONAL = {"minigrad.kernels.numba_kernels": "numba"}


def all_minigrad_modules():
    names = ["minigrad"]
    for info in pkgutil.walk_packages(minigrad.__path__, prefix="minigrad."):
        extra = OPTIONAL.get(info.name)
        if extra is not None and importlib.util.find_spec(extra) is None:
            continue
        names.append(info.name)
    return names


def test_every_minigrad_module_imports_without_torch():
    modules = all_minigrad_modules()
    assert {"minigrad.tensor", "minigrad.nn.linear", "minigrad.optim.sgd"} <= set(modules)
    code = (
        "import importlib, sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'torch' or name.startswith('torch.'):\n"
        "            raise ImportError('minigrad must not import torch: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not any(m == 'torch' or m.startswith('torch.') for m in sys.modules)\n"
        "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_no_source_file_mentions_an_import_of_torch():
    import pathlib

    root = pathlib.Path(minigrad.__file__).parent
    offenders = [
        str(p)
        for p in root.rglob("*.py")
        for line in p.read_text().splitlines()
        if line.strip().startswith(("import torch", "from torch"))
    ]
    assert offenders == []
