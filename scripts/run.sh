#!/usr/bin/env bash
# `make run`: start Docket on its embedded personal workspace (no server needed).
set -euo pipefail
exec .venv/bin/docket "$@"
