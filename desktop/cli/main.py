"""`docket [--data-dir DIR] SUBCOMMAND …` — the CLI over the same services as the app.

Errors exit non-zero with one line naming the problem, and write nothing; no traceback ever
reaches the terminal (unexpected errors are logged to ``<data-dir>/logs/docket.log``). The CLI
never prompts and never imports Qt. With no subcommand, the desktop app opens.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from core import __version__
from core.errors import DocketError, ValidationError, gist
from desktop.cli.paths import default_data_dir

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"docket: {message} (see `docket {self._sub()}--help`)\n")
        raise SystemExit(EXIT_USAGE)

    def _sub(self) -> str:
        parts = self.prog.split()[1:]
        return (" ".join(parts) + " ") if parts else ""


def build_parser() -> Parser:
    from desktop.cli import commands

    p = Parser(prog="docket", description="Billing-grade time tracking.")
    p.add_argument("--version", action="version", version=f"docket {__version__}")
    p.add_argument(
        "--data-dir",
        type=Path,
        help="the workspace folder (default: DOCKET_DATA_DIR or the platform's app-data folder)",
    )
    sub = p.add_subparsers(dest="command", metavar="SUBCOMMAND", parser_class=Parser)
    commands.register(sub)
    return p


def _log_unexpected(data_dir: Path | None, exc: BaseException) -> Path | None:
    try:
        target = (data_dir or default_data_dir()) / "logs"
        target.mkdir(parents=True, exist_ok=True)
        path = target / "docket.log"
        logger = logging.getLogger("docket.cli")
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.error("unexpected error", exc_info=exc)
        handler.close()
        logger.removeHandler(handler)
        return path
    except OSError:
        return None


def main(argv: list[str]) -> int:
    from desktop.cli.app_launch import app_request, open_app

    for arg in argv:  # bytes that are not UTF-8 arrive as lone surrogates: no store takes them
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            sys.stderr.write(f"docket: {shown!r} is not valid UTF-8 text; nothing was done\n")
            return EXIT_USAGE
    if any(
        a == "--data-dir" and i + 1 < len(argv) and not argv[i + 1].strip()
        for i, a in enumerate(argv)
    ) or any(a.strip() == "--data-dir=" for a in argv):
        sys.stderr.write("docket: --data-dir is empty: give a folder\n")
        return EXIT_USAGE

    wants_app, data_dir = app_request(argv)
    if wants_app:  # before the parser: building it imports every service (slow start-up)
        return _run(lambda _args: open_app(data_dir), argparse.Namespace(data_dir=data_dir))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _run(lambda a: open_app(a.data_dir), args)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return _run(handler, args)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command: one line on stderr and a non-zero exit for any error, never a traceback."""
    try:
        return handler(args)
    except BaseException as exc:  # every outcome is reported below
        return report_error(exc, getattr(args, "data_dir", None))


def report_error(exc: BaseException, data_dir: Path | None) -> int:
    """Say what went wrong in one line on stderr; the exit code for it."""
    if isinstance(exc, SystemExit):
        raise exc
    if isinstance(exc, ValidationError):
        err = exc
        if len(err.problems) == 1 or not err.summary or not err.summary.startswith("the set-up"):
            # one line naming every problem; only a refused file lists them line by line
            sys.stderr.write(f"docket: {err}\n")
        else:
            sys.stderr.write(f"docket: {err.summary} ({len(err.problems)} problems):\n")
            for prob in err.problems:
                sys.stderr.write(f"  {prob}\n")
        return EXIT_ERROR
    if isinstance(exc, DocketError):
        sys.stderr.write(f"docket: {exc}\n")
        return EXIT_ERROR
    if isinstance(exc, KeyboardInterrupt):
        sys.stderr.write("docket: interrupted; nothing half-written was kept\n")
        return 130
    if isinstance(exc, BrokenPipeError):
        return 0
    # the last line of defence: never a traceback for a person
    path = _log_unexpected(data_dir, exc)
    where = f" (details in {path})" if path else ""
    # not "nothing was saved": the failure may come after the change was committed (the
    # output could not be written), and a script that retries would then do it twice
    sys.stderr.write(
        f"docket: internal error: {gist(exc)}{where}; the command may not have finished — "
        "look (`docket entries`, `docket status`) before running it again\n"
    )
    return EXIT_INTERNAL
