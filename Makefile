# Two entry points for a fresh machine with Python 3.11 and make: `make demo`, `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo spark test test-spark lint fmt bench dev browser terminal java clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Debian's chromium for the report tests (the tests drive it with Playwright).
browser:
	@{ command -v chromium && fc-list | grep -q "Noto Sans CJK"; } >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# tmux: the tests of `starmap sql` drive its prompt in a real terminal.
terminal:
	@command -v tmux >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tmux >/dev/null; }

# pyspark for the Spark engine's tests (the [spark] extra of pyproject.toml).
$(VENV)/.spark-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $@

# Debian's Java runtime for Spark 4 (17 or later), unless one is on PATH already.
java:
	@java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

demo: $(VENV)/.installed
	$(BIN)/starmap demo

# What `starmap run --engine spark` needs: pyspark (the [spark] extra) and Java 17+.
spark: $(VENV)/.spark-installed java

# The default suite, then the Spark parity tests as a separate run (docs/scaling.md).
test: $(VENV)/.installed browser terminal
	$(BIN)/ruff check .
	$(BIN)/pytest
	$(MAKE) test-spark

# The snapshot models on Spark in local mode against DuckDB (pytest marker `spark`).
test-spark: $(VENV)/.spark-installed java
	$(BIN)/pytest -m spark -q

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed
	$(BIN)/starmap bench --events $${EVENTS:-10000000} --peer --results bench/results.json

# The Dagster UI and daemon on a local instance (.dagster_home keeps runs and cursors).
dev: $(VENV)/.installed
	mkdir -p .dagster_home && cp dagster.yaml .dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster_home $(BIN)/dagster dev -w workspace.yaml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
