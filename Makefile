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

demo: install ## ingest the sample corpus, extract, group into stories, raise alerts, write the brief
	$(BIN)/sitrep --db $(DEMO_DB) ingest samples/
	COLUMNS=160 $(BIN)/sitrep --db $(DEMO_DB) articles
	COLUMNS=160 $(BIN)/sitrep --db $(DEMO_DB) extract --stored --format table
	$(BIN)/sitrep --db $(DEMO_DB) export reactions --format csv --output demo-reactions.csv
	$(BIN)/sitrep --db $(DEMO_DB) export events --format gdelt --output demo-events.tsv
	COLUMNS=160 $(BIN)/sitrep --db $(DEMO_DB) --config demo.yaml situation
	$(BIN)/sitrep --db $(DEMO_DB) brief --format html --output demo-brief.html
	$(BIN)/sitrep --db $(DEMO_DB) brief --format md --output demo-brief.md
	@echo "brief: $(CURDIR)/demo-brief.html (and demo-brief.md); alerts: $(CURDIR)/demo-alerts.jsonl, demo-alerts.atom"

test: install ## run the whole test suite
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

check: lint typecheck ## ruff, ruff format --check, mypy, tests (warnings are errors)
	$(BIN)/python -m pytest -q -W error

EVAL_SETS := geowebnews polnear muc4 muc4_confidence case2021 india_police cameo_pentaclass petrarch

eval: install ## score every evaluation set on ../shared/eval and record it in docs/accuracy.md
	for set in $(EVAL_SETS); do $(BIN)/sitrep eval $$set --write-docs docs/accuracy.md || exit 1; done

bench: install
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/situation.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm demo-reactions.csv demo-events.tsv demo-brief.* demo-alerts.* .pytest_cache .mypy_cache .ruff_cache
