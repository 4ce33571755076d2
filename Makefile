# Two commands on a fresh machine:
#   make run   - install everything, build the index from the bundled data, serve http://127.0.0.1:8000
#   make test  - install everything (with the test tools and a headless browser) and run the tests
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run install index serve test lint browser eval bench clean

# The core index (tables + what answers need) takes seconds; `ndl serve` embeds the national
# catalogue and legislation in the background, so the app is usable within about a minute.
run: install
	$(BIN)/ndl index --core
	$(BIN)/ndl serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

# torch first, from the local CPU wheel; a bare `torch` would pull a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install torch==2.13.0
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

install: $(VENV)/.installed

index: install
	$(BIN)/ndl index

serve: install
	$(BIN)/ndl serve

# Debian's Chromium and ChromeDriver for the browser test (no browser download at test time).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "warning: could not install chromium; the browser test will be skipped"; }

lint: install
	$(BIN)/ruff check assistant indexing ui evals tests benchmarks
	$(BIN)/mypy

test: install browser lint
	$(BIN)/python -m pytest

eval: install
	$(BIN)/ndl eval

bench: install
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
