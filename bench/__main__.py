"""`python -m bench [SUITE …]` (`make bench BENCH_ARGS=…`) — run benchmark suites and print
their tables.

Suites: store (the local store, CLI and services), sync (push/pull over loopback),
server (the firm server on PostgreSQL with 500k entries), ui (the desktop app), sync-idle (the
app signed in and idle, with the server's CPU).
With no suite named: store and ui.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    known = ("store", "sync", "server", "ui", "sync-idle")
    suites = [a for a in argv if a in known]
    opts = [a for a in argv if a not in suites]
    unknown = [a for a in opts if not a.startswith("-") and not a.replace(",", "").isdigit()]
    if unknown:
        print(f"unknown suite {unknown[0]!r} (known: {', '.join(known)})", file=sys.stderr)
        return 2
    code = 0
    for suite in suites or ["store", "ui"]:
        if suite == "store":
            from bench import store

            print("== local store ==")
            code |= store.main(opts)
        elif suite == "sync":
            from bench import sync

            print("== sync over loopback (PostgreSQL server) ==")
            code |= sync.main(opts)
        elif suite == "sync-idle":
            from bench import sync_idle

            print("== signed in and idle (app + server on loopback) ==")
            code |= sync_idle.main(opts)
        elif suite == "server":
            from bench.server.__main__ import main as server_main

            print("== firm server (PostgreSQL, 500k entries) ==")
            code |= server_main()
        else:
            from bench.ui.__main__ import main as ui_main

            print("== desktop app ==")
            code |= ui_main(opts)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
