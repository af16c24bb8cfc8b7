#!/usr/bin/env bash
# The bundle's own check (`make bundle`, and so `make test`): the bundled binary prints its
# version, runs the CLI on a fresh data folder (the store's migrations, the demo firm), and
# opens the app offscreen until this week's entries are painted. Prints the size and the times.
set -euo pipefail
bin=${1:-dist/docket/docket}
export QT_QPA_PLATFORM=offscreen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
t0=$(now); "$bin" --version; t1=$(now)
"$bin" --data-dir "$tmp/ws" demo >/dev/null 2>"$tmp/demo.err" || { cat "$tmp/demo.err" >&2; exit 1; }
test "$("$bin" --data-dir "$tmp/ws" entries --format json | head -c 1)" = "["
t2=$(now)
DOCKET_SMOKE=1 PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring "$bin" --data-dir "$tmp/ws" \
  2>"$tmp/app.err" || { cat "$tmp/app.err" >&2; echo "bundle check: the app did not open" >&2; exit 1; }
t3=$(now)
grep -h "smoke:" "$tmp/app.err"
echo "bundle size: $(du -sh "$(dirname "$bin")" | cut -f1)"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" \
  'BEGIN { printf "bundle start: --version %.2f s; app to this week painted (offscreen) %.2f s\n", b - a, d - c }'
