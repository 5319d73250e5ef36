# sitrep developer commands. `make demo` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= demo.db

.PHONY: install demo test check lint typecheck eval bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "sitrep needs Python 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install sitrep with pinned dependencies

demo: install ## ingest the bundled sample corpus and show what was stored
	$(BIN)/sitrep --db $(DEMO_DB) ingest samples/
	COLUMNS=160 $(BIN)/sitrep --db $(DEMO_DB) articles

test: install ## run the whole test suite
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

check: lint typecheck ## ruff, ruff format --check, mypy, tests (warnings are errors)
	$(BIN)/python -m pytest -q -W error

eval: install ## score extraction on ../shared/eval and print the numbers
	$(BIN)/sitrep eval geowebnews

bench: install
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache .ruff_cache
