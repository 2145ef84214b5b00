# ties — two entry points for a fresh machine:
#   make demo   set up, build the graph from the bundled reports, reason over it, write metrics and network pages
#   make test   set up, run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= .ties/store
OUT    ?= out

.PHONY: setup demo build reason metrics pages test test-full fuzz crash load build-serve score bench clean

$(BIN)/ties: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/ties

setup: $(BIN)/ties

build: setup
	$(BIN)/ties --store $(STORE) build data/reports

# What the ontology implies (ties both ways, every superclass type: `?tie a ties:Tie`, places within
# their countries) written into graph/inferred, so plain SPARQL needs no reasoner (HermiT, needs Java).
reason: build
	$(BIN)/ties --store $(STORE) reason

metrics: build
	$(BIN)/ties --store $(STORE) metrics --out $(OUT)/metrics

pages: build
	$(BIN)/ties --store $(STORE) viz --out-dir $(OUT)/pages

demo: reason metrics pages
	@echo "graph: $(STORE)   metrics: $(OUT)/metrics/report.html   pages: $(OUT)/pages/"

test: setup
	$(BIN)/python -m pytest

# Reliability at full size (CI runs small versions of each within `make test`):
fuzz: setup   # 10,000 generated inputs through ingest (FUZZ=N for another number)
	TIES_FUZZ_EXAMPLES=$(or $(FUZZ),10000) $(BIN)/python -m pytest tests/test_fuzz.py tests/test_fuzz_structured.py

crash: setup  # 100 builds killed with SIGKILL at random moments (KILLS=N)
	TIES_CRASH_KILLS=$(or $(KILLS),100) $(BIN)/python -m pytest tests/test_crash.py -k killed

load: setup   # 50 clients for 60 s against `ties serve`, figures printed
	$(BIN)/python bench/load_endpoint.py --clients 50 --seconds 60

build-serve: setup  # 20 builds while 20 clients query `ties serve` on the same store; every answer checked
	$(BIN)/python bench/build_while_serving.py --builds 20 --clients 20 --seconds 60

score: setup
	$(BIN)/ties --store $(OUT)/score-store -q extract data/reports --out $(OUT)/extract
	$(BIN)/python ../shared/gold/score.py ../shared/gold $(OUT)/extract

bench: setup
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(OUT) .ties
