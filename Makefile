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
	@echo "Setting up $(VENV) (Python packages, pinned in pyproject.toml)…"
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip >$(VENV)/pip.log 2>&1 \
	  || { tail -30 $(VENV)/pip.log; exit 1; }
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[server,dev]' >>$(VENV)/pip.log 2>&1 \
	  || { tail -30 $(VENV)/pip.log; exit 1; }
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

test: sysdeps-test $(STAMP) lint pytest bundle

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# The sync state machine for a long time: SOAK_EXAMPLES examples per batch (default 500),
# batches repeated until SOAK_MINUTES have passed (default: one batch). SQLite server.
soak: sysdeps-test $(STAMP)
	SOAK_EXAMPLES=$${SOAK_EXAMPLES:-500} SOAK_MINUTES=$${SOAK_MINUTES:-0} QT_QPA_PLATFORM=offscreen \
	  $(BIN)/python -m pytest tests/e2e/test_sync_machine.py -k sqlite -s -q --timeout=0 $(PYTEST_ARGS)

# The desktop app as a one-folder bundle: dist/docket/docket (docket.exe on Windows), then
# its check: --version, the CLI on a fresh folder, the app opened offscreen (scripts/check_bundle.sh).
bundle: sysdeps-run $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level ERROR --distpath dist --workpath build build.spec
	scripts/check_bundle.sh dist/docket/docket

# The README's pictures of the desktop app, drawn under Xvfb (re-run after changing the UI).
screenshots: sysdeps-screenshots $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache
