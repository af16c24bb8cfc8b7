#!/usr/bin/env bash
# `make run`: start Docket on its embedded personal workspace (no server needed), in
# DOCKET_DATA_DIR or else the platform's app-data folder. With a display the app opens (its
# first launch offers demo data or an empty workspace); without one, Docket says so in one
# line and prints `docket status` — of the demo firm, loaded when the workspace is empty.
set -euo pipefail
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = "Linux" ] \
   && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  .venv/bin/docket demo --if-empty
fi
exec .venv/bin/docket "$@"
