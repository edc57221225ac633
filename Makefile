# Parley: `make build` and `make test` work from a fresh clone (they create .venv first).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
# npm writes this file on every install: newer than package-lock.json means Pagefind (the search
# indexer every build runs) and axe-core (for the browser tests) are current.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: build check test serve bench lighthouse clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

build: $(STAMP) $(NODE_STAMP)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check

# Preview with drafts included, so a draft from `ingest` can be read before it is published.
serve: $(STAMP) $(NODE_STAMP)
	$(PY) build.py serve --drafts --port $(PORT)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

# The browser tests need /usr/bin/chromium (Debian's chromium package; see .ci/run).
test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest

# Timing lives here, never in the tests: build times and memory on synthetic archives
# (BENCH_FULL=1 adds 100,000 entries), then save -> changed page served by `serve`, on the real archive,
# then Lighthouse scores for one page of every kind (`make lighthouse` runs only that).
bench: $(STAMP) $(NODE_STAMP)
	$(PY) bench/run.py
	$(PY) bench/serve_latency.py
	$(PY) bench/lighthouse.py

lighthouse: $(STAMP) $(NODE_STAMP)
	$(PY) bench/lighthouse.py

clean: $(STAMP)
	$(PY) build.py clean
	rm -rf .pytest_cache test-artifacts
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
