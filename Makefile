# oneprovider-automation: every target sets up what it needs itself.
#   make contract-test   the main job: fuzz the spec against the mock (or a live provider)
#   make test            everything CI runs

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

SPEC := openapi/oneprovider-automation.yaml
GENERATOR_CONFIG := openapi/openapi-python-client.yaml
GENERATED := generated/oneprovider_client
# Hand-written Python checked by mypy --strict: the packages that exist, and the tests.
TYPED := $(patsubst %/__init__.py,%,$(wildcard wrappers/*/__init__.py mock/*/__init__.py)) \
	$(sort $(patsubst %/,%,$(dir $(wildcard tests/*.py contract_tests/*.py bench/*.py))))

.PHONY: help
help:
	@echo "make contract-test   fuzz the spec against the embedded mock (or ONEPROVIDER_HOST)"
	@echo "make test            lint, type-check, validate the spec, check generated code, run the tests"
	@echo "make generate        regenerate $(GENERATED) from $(SPEC)"
	@echo "make check-generated fail if $(GENERATED) differs from a fresh generation"

# --- environment -----------------------------------------------------------

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,mock,bench]'
	touch $(STAMP)

.PHONY: venv
venv: $(STAMP)

# Node tools (Prism, Redocly CLI, openapi-typescript, tsc), pinned by package-lock.json.
NODE_STAMP := node_modules/.installed
NPX := node_modules/.bin

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

.PHONY: node-tools
node-tools: $(NODE_STAMP)

# --- spec and generated client ---------------------------------------------

# Generation runs in a scratch folder with the venv's ruff on PATH (the
# generator's post-hooks format its output), then the result is compared or moved.
GENERATE_INTO = export PATH=$(abspath $(BIN)):$$PATH; \
	mkdir -p "$$out" && cd "$$out" && openapi-python-client generate \
	--path $(abspath $(SPEC)) --config $(abspath $(GENERATOR_CONFIG)) \
	--meta none --output-path oneprovider_client >/dev/null

.PHONY: generate
generate: $(STAMP)
	@out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	( $(GENERATE_INTO) ); \
	rm -rf $(GENERATED) && cp -r "$$out/oneprovider_client" $(GENERATED); \
	echo "generate: wrote $(GENERATED) from $(SPEC)"

.PHONY: check-generated
check-generated: $(STAMP)
	@out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	( $(GENERATE_INTO) ); \
	if diff -ru --exclude=__pycache__ $(GENERATED) "$$out/oneprovider_client"; then \
		echo "check-generated: $(GENERATED) matches $(SPEC)"; \
	else \
		echo "check-generated: $(GENERATED) differs from what $(SPEC) generates (diff above); run 'make generate'" >&2; \
		exit 1; \
	fi

.PHONY: validate-spec
validate-spec: $(STAMP)
	$(BIN)/openapi-spec-validator $(SPEC)

# --- quality ------------------------------------------------------------------

.PHONY: lint
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: typecheck
typecheck: $(STAMP)
	$(BIN)/mypy --strict $(TYPED)

.PHONY: format
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# --- tests --------------------------------------------------------------------

.PHONY: unit-test
unit-test: $(STAMP)
	$(BIN)/pytest -q -n 2 tests

.PHONY: contract-test
contract-test: $(STAMP)
	@echo "contract-test: arrives with the mock (see the README)"

.PHONY: test
test: lint typecheck validate-spec check-generated unit-test

.PHONY: clean
clean:
	rm -rf dist reports .pytest_cache .mypy_cache .ruff_cache .hypothesis .generate.tmp
