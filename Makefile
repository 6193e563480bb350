# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint format install clean

$(BIN)/eng-ops: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

install: $(BIN)/eng-ops

demo: install
	$(BIN)/eng-ops demo

$(VENV)/.test-deps: pyproject.toml $(BIN)/eng-ops
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

test: $(VENV)/.test-deps
	$(BIN)/ruff check eng_ops tests benchmarks
	$(BIN)/ruff format --check eng_ops tests benchmarks
	$(BIN)/python -m pytest -q -n auto

lint: $(VENV)/.test-deps
	$(BIN)/ruff check eng_ops tests benchmarks

format: $(VENV)/.test-deps
	$(BIN)/ruff format eng_ops tests benchmarks
	$(BIN)/ruff check --fix eng_ops tests benchmarks

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache
