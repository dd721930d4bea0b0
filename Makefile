# Signpost: every command sets up what it needs first (the venv, the knowledge base,
# the model), so `make run` and `make test` work on a fresh clone.
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
SIGNPOST := $(BIN)/signpost

.PHONY: help setup kb model run test test-fast lint bench clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## create the Python 3.10 venv and install the locked dependencies
	@scripts/setup.sh

kb: setup ## create, migrate and seed the knowledge base
	@$(SIGNPOST) kb init

model: kb ## train the answer reader's classifier and the Rasa model if anything changed
	@$(SIGNPOST) train

run: setup ## run the whole assistant (Rasa, action server) until Ctrl-C
	@$(SIGNPOST) run

test: model ## run every test: lint, data validation, pytest, held-out evaluations
	@scripts/test.sh

test-fast: setup ## only the pytest tests that need no trained model or servers
	@$(BIN)/pytest -m "not slow" -q

lint: setup ## ruff
	@$(BIN)/ruff check .

bench: model ## per-turn latency and memory, as ratios against a baseline in the same run
	@$(BIN)/python -m tests.bench

clean: ## remove generated files (keeps the venv)
	rm -rf var models build results .rasa
