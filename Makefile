# ties — two entry points for a fresh machine:
#   make demo   set up, build the graph from the bundled reports, write metrics and network pages
#   make test   set up, run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= .ties/store
OUT    ?= out

.PHONY: setup demo build metrics pages test test-full score bench clean

$(BIN)/ties: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/ties

setup: $(BIN)/ties

build: setup
	$(BIN)/ties --store $(STORE) build data/reports

metrics: build
	$(BIN)/ties --store $(STORE) metrics --out $(OUT)/metrics

pages: build
	$(BIN)/ties --store $(STORE) viz --out-dir $(OUT)/pages

demo: metrics pages
	@echo "graph: $(STORE)   metrics: $(OUT)/metrics/report.html   pages: $(OUT)/pages/"

test: setup
	$(BIN)/python -m pytest

score: setup
	$(BIN)/ties --store $(OUT)/score-store -q extract data/reports --out $(OUT)/extract
	$(BIN)/python ../shared/gold/score.py ../shared/gold $(OUT)/extract

bench: setup
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(OUT) .ties
