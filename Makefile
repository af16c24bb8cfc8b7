# Docket — the README's two commands are `make run` and `make test`. Both set up everything
# they need from nothing: a .venv with the pinned Python packages, and the Debian packages
# (installed when running as root; otherwise the exact command is printed).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?=

.PHONY: run test lint check-types pytest bench bundle screenshots soak clean sysdeps-run sysdeps-test sysdeps-screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Docket needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[server,dev]'
	@touch $@

sysdeps-run:
	@scripts/sysdeps.sh run

sysdeps-test:
	@scripts/sysdeps.sh test

sysdeps-screenshots:
	@scripts/sysdeps.sh screenshots

run: sysdeps-run $(STAMP)
	@scripts/run.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/pytest_strict.py $(PYTEST_ARGS)

test: sysdeps-test $(STAMP) lint pytest

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# The README's pictures of the desktop app, drawn under Xvfb (re-run after changing the UI).
screenshots: sysdeps-screenshots $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache
