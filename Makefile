# Two entry points (README): `make run` runs the main job, `make test` runs the tests.
# Both create .venv and install the project on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast test-slow bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reportcmp run

# Every test: the corpus, real Prefect servers and Dask clusters, the CLI in processes of its own. 10-13 minutes
# here (2 cores); pytest prints the time it took and the five slowest tests.
test: $(STAMP)
	$(BIN)/pytest -q --durations=5

# Everyday work: no Prefect server, no Dask cluster, no corpus. About 2 minutes here.
test-fast: $(STAMP)
	$(BIN)/pytest -q --durations=5 -m "not slow and not server and not corpus and not cluster"

# the long property-based run (≥ 10,000 examples per property)
test-slow: $(STAMP)
	$(BIN)/pytest -q -m slow tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .reportcmp warehouse/*.duckdb* exports
