"""`python -m bench [SUITE …]` — run benchmark suites and print their tables.

Suites: store (the local store, CLI and services), sync (push/pull over loopback),
server (the firm server on PostgreSQL with 500k entries).
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    suites = [a for a in argv if not a.startswith("-") and "," not in a and not a.isdigit()]
    opts = [a for a in argv if a not in suites]
    if not suites:
        suites = ["store"]
    code = 0
    for suite in suites:
        if suite == "store":
            from bench import store

            print("== local store ==")
            code |= store.main(opts)
        elif suite == "sync":
            from bench import sync

            print("== sync over loopback (PostgreSQL server) ==")
            code |= sync.main(opts)
        elif suite == "server":
            from bench.server.__main__ import main as server_main

            print("== firm server (PostgreSQL, 500k entries) ==")
            code |= server_main()
        else:
            print(f"unknown suite {suite!r} (known: store, sync, server)", file=sys.stderr)
            return 2
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
