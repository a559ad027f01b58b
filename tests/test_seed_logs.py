"""Golden tests: the source documents' own printed outputs, reproduced verbatim.

torch runs under ATEN_CPU_CAPABILITY=default (tests/conftest.py sets it before torch is
imported): with the AVX kernels torch itself misses two lines of seed 000's log.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pytest

from reference import scenarios as S
from reference.golden import GOLDEN, extract_from_seeds, golden_log
from reference.loops import train
from reference.manual import train_numpy

# CI checks out the repository beside ../shared; the copies in reference/golden do not need it.
SEEDS_DIR = Path(
    os.environ.get("MINIGRAD_SEEDS_DIR", Path(__file__).parents[2] / "shared" / "seeds")
)


@pytest.fixture(scope="module")
def torch():
    t = pytest.importorskip("torch")
    t.set_num_threads(1)
    return t


@pytest.fixture(scope="module")
def minigrad():
    import minigrad

    return minigrad


def _diff(got: list[str], want: list[str]) -> str:
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        if g != w:
            return f"line {i}: got {g!r}, page has {w!r}"
    return f"{len(got)} lines vs the page's {len(want)}"


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_copies_match_the_pages(name):
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"no seed pages at {SEEDS_DIR}")
    assert golden_log(name) == extract_from_seeds(name, SEEDS_DIR)


def test_golden_sizes():
    assert len(golden_log("seed000-manual")) == 101
    assert len(golden_log("seed000-module")) == 11
    assert len(golden_log("seed003-nobias")) == 11
    assert golden_log("seed000-module")[0] == "Epoch    0/1000 W: -0.784, b: 0.665 Cost: 13.291902"


@pytest.mark.parametrize("name", ["seed000-manual", "seed003-nobias", "seed000-module"])
@pytest.mark.parametrize("engine", ["minigrad", "torch", "numpy"])
def test_page_log_verbatim(name, engine, request):
    """minigrad, torch and the numpy witness print the page's lines (seed 000's nn.Module
    log from the same initial parameters: the third nn.Linear(1,1) after manual_seed(1),
    emulated torch-free)."""
    sc = S.get(name)
    if engine == "numpy":
        log = train_numpy(sc).log
    else:
        lib = request.getfixturevalue(engine)
        log = train(lib, sc).log
    want = golden_log(name)
    assert log == want, f"{name} on {engine}: {_diff(log, want)}"


def test_seed000_module_torch_by_manual_seed_and_third_model(torch):
    """The page's notebook built the model three times after torch.manual_seed(1)."""
    torch.manual_seed(1)
    models = [torch.nn.Linear(1, 1) for _ in range(3)]
    x = torch.FloatTensor([[1], [2], [3]])
    model = models[2]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    lines = []
    for epoch in range(1001):
        cost = torch.nn.functional.mse_loss(model(x), x)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
        if epoch % 100 == 0:
            W, b = (p.item() for p in model.parameters())
            lines.append(f"Epoch {epoch:4d}/1000 W: {W:.3f}, b: {b:.3f} Cost: {cost.item():.6f}")
    assert lines == golden_log("seed000-module")
    # and the loop source with the library's own RNG does the same
    assert train(torch, S.get("seed000-module"), use_lib_rng=True).log == lines


def test_seed000_module_minigrad_own_manual_seed(minigrad):
    """minigrad.manual_seed(1) and three nn.Linear(1, 1): the page's log, no copying."""
    log = train(minigrad, S.get("seed000-module"), use_lib_rng=True).log
    want = golden_log("seed000-module")
    assert log == want, _diff(log, want)


@pytest.mark.parametrize("engine", ["minigrad", "torch", "numpy"])
def test_seed001_backward_demo_grad_is_4_4(engine, request):
    sc = S.get("seed001-backward")
    tr = train_numpy(sc) if engine == "numpy" else train(request.getfixturevalue(engine), sc)
    np.testing.assert_array_equal(tr.grads["x"][0], np.array([4.0, 4.0], dtype=np.float32))
    assert tr.cost[0] == np.float32(abs(4 * 2 + 3 - 3) + abs(4 * 3 + 3 - 4))  # 8 + 11
    assert tr.log == ["tensor([4., 4.])"]


def test_seed001_demo_written_as_on_the_page(minigrad, torch):
    for lib in (minigrad, torch):
        x = lib.tensor([2.0, 3.0], requires_grad=True)
        y = x * 2
        z = 2 * y + 3
        target = lib.tensor([3.0, 4.0])
        loss = lib.sum(lib.abs(z - target))
        loss.backward()
        assert x.grad.tolist() == [4.0, 4.0]


@pytest.mark.parametrize("engine", ["minigrad", "torch", "numpy"])
def test_seed004_predicts_about_8_for_4_hours(engine, request):
    sc = S.get("seed004-y2x")
    tr = train_numpy(sc) if engine == "numpy" else train(request.getfixturevalue(engine), sc)
    assert abs(tr.extra["prediction"] - 8.0) < 0.1, tr.extra["prediction"]
    assert tr.log[-1].startswith("predict x=4: 7.9")


def test_seed002_autograd_log_shape(minigrad):
    """The non-leaf loop converges towards y = 3x and prints 11 lines like the page's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tr = train(minigrad, S.get("seed002-autograd").with_(epochs=(0, 301)))
    assert len(tr.log) == 4 and tr.log[0].startswith("Epoch (   0/1000) cost: ")
    w, b = tr.final_params()["W"][0], tr.final_params()["b"][0]
    assert abs(w - 3) < 0.2 and abs(b) < 0.7
