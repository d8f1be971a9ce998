# kfworkbook – the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LINTED := kfworkbook tests bench macros examples tools

.PHONY: demo test test-fast lint bench docs wheel-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The runtime install (for `make demo`) and the test install are tracked separately, so that
# `make demo` never needs the test dependencies.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,excel]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/kfworkbook demo --out demo

test: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest -q

# While working: everything but the tests marked slow (LibreOffice, Pyodide, the wheel, hypothesis).
test-fast: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check $(LINTED)

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

docs: $(VENV)/.installed
	$(BIN)/python -m kfworkbook.docs

clean:
	rm -rf $(VENV) demo mallar build dist .pytest_cache
