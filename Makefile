# Two entry points (README): `make run` runs the main job, `make test` runs the tests.
# Both create .venv and install the project on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-slow bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reportcmp run

test: $(STAMP)
	$(BIN)/pytest -q

# the long property-based run (≥ 10,000 examples per property)
test-slow: $(STAMP)
	$(BIN)/pytest -q -m slow tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .reportcmp warehouse/*.duckdb* exports
