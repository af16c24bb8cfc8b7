"""`python -m bench [SUITE …]` — run benchmark suites and print their tables.

Suites: store (the local store, CLI and services).
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
        else:
            print(f"unknown suite {suite!r} (known: store)", file=sys.stderr)
            return 2
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
