"""`docket`: with no subcommand, the desktop app; with one, the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from desktop.cli.app_launch import app_request

    if app_request(args)[0]:  # the app: no parser, no services, Qt as soon as possible
        from desktop.cli.app_launch import run_app

        return run_app(args)
    from desktop.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
