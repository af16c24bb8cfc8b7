"""`docket-server`: the firm server's command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("docket-server: the firm server arrives with issue 6.", file=sys.stderr)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
