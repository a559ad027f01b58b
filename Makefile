# Two commands do all set-up on a fresh machine:
#   make verify   - the main job: every tutorial loop on minigrad vs PyTorch, epoch by epoch
#   make test     - the test suite (pytest + hypothesis), on both cores (pytest-xdist)
#   make test-slow - the long runs `make test` leaves out (marked slow)
# Both create .venv on first use and install the project with its pinned extras.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# pytest-xdist workers for `make test`: one per core of the 2-core reference machine; whole
# files go to one worker (--dist loadfile) so module fixtures (the benchmark run, the
# tutorial scripts' subprocesses) run once
WORKERS ?= 2
STAMP  := $(VENV)/.installed-stamp

.PHONY: verify test test-slow lint bench bench-quick clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

verify: $(STAMP)
	$(PY) -m reference.cli verify $(ARGS)

test: $(STAMP)
	$(PY) -m pytest -n $(WORKERS) --dist loadfile $(ARGS)

test-slow: $(STAMP)
	$(PY) -m pytest -n $(WORKERS) --dist loadfile -m slow $(ARGS)

# ruff on the whole tree, then mypy on minigrad/ (its settings: [tool.mypy] in pyproject.toml)
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) -m benchmarks $(ARGS)

bench-quick: $(STAMP)
	$(PY) -m benchmarks --quick $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .mypy_cache
