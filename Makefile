# Quick start: `make demo` and `make test` on a fresh machine with Python 3.10+.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.policytext-installed

.PHONY: setup demo test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[all,dev]"
	@touch $(STAMP)

setup: $(STAMP)

## Analyse the bundled 政府工作报告 1954–2025: tables, charts and an HTML report in demo_out/
demo: setup
	$(PY) -m policytext analyze data/gov_work_reports --out demo_out
	@echo "Open demo_out/report.html"

## The whole test suite (notebooks included); corpus-scale tests skip without ../shared
test: setup
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check src tests benchmarks data

bench: setup
	$(PY) benchmarks/run_all.py

clean:
	rm -rf demo_out .pytest_cache build dist
