# Parley: `make build` and `make test` work from a fresh clone (they create .venv first).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build check test serve clean bench

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

build: $(STAMP)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf site site.staging-* site.previous .cache .pytest_cache test-artifacts
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +

# Prints a table of build times and memory on synthetic archives (BENCH_FULL=1 adds 100,000 entries).
bench: $(STAMP)
	$(PY) bench/run.py
