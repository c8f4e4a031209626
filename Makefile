# The two set-up commands (see README.md): `make demo` and `make test`.
# Each creates .venv and installs what it needs on a fresh machine, then does its job.

VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := examples/riverside-pcn
OUT := out

.PHONY: demo test setup setup-test lint benchmark docs clean

demo: setup
	mkdir -p $(OUT)
	$(BIN)/readiness report $(EXAMPLE) -o $(OUT)/riverside-pcn-report.pdf
	@echo "Open $(OUT)/riverside-pcn-report.pdf to read the report."

test: setup-test
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m pytest

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --test

lint: setup-test
	$(BIN)/ruff check readiness tests benchmarks
	$(BIN)/ruff format --check readiness tests benchmarks
	$(BIN)/mypy

docs: setup-test
	$(BIN)/mkdocs serve

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache .mypy_cache .ruff_cache
