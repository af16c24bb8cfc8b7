#!/usr/bin/env bash
# `make run`: start Docket on its embedded personal workspace (no server needed), in
# DOCKET_DATA_DIR or else the platform's app-data folder. A first run gets the demo firm.
set -euo pipefail
.venv/bin/docket demo --if-empty
exec .venv/bin/docket "$@"
