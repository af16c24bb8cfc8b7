"""`docket-server [--data-dir DIR] [--database-url URL] SUBCOMMAND …` — the firm server's
command (PRODUCT.md §6). Errors exit non-zero with one line naming the problem and write
nothing; no traceback reaches the terminal. It prompts only for a password on a terminal."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from core import __version__
from core.errors import DocketError, ValidationError
from core.setup_file import loads
from server.models.db import Database, default_url
from server.models.migrate import require_current, upgrade
from server.services import accounts, audit, setup
from server.services.context import Context

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"docket-server: {message} (see `docket-server --help`)\n")
        raise SystemExit(EXIT_USAGE)


def default_data_dir() -> Path:
    env = os.environ.get("DOCKET_SERVER_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("docket-server", appauthor=False))


def database(args: argparse.Namespace) -> Database:
    url = args.database_url or os.environ.get("DOCKET_SERVER_DATABASE_URL")
    return Database(url or default_url(args.data_dir or default_data_dir()))


def read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise DocketError("no password on standard input")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise DocketError(
            "give the password with --password-stdin (standard input is not a terminal)"
        )
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise DocketError("the two passwords differ; nothing was changed")
    return first


def cmd_serve(args: argparse.Namespace) -> int:
    from server.serving import serve

    db = database(args)
    try:
        require_current(db)
    finally:
        db.close()
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise DocketError("give both --ssl-certfile and --ssl-keyfile, or neither")
    os.environ["DOCKET_SERVER_DATABASE_URL"] = db.url
    trusted = args.forwarded_allow_ips
    serve(
        app="server.asgi:create",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        server_header=False,
        log_level=args.log_level,
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    db = database(args)
    try:
        before, after = upgrade(db)
    finally:
        db.close()
    if before == after:
        sys.stderr.write(f"docket-server: the database is already at revision {after}\n")
    else:
        sys.stderr.write(f"docket-server: migrated from {before or 'empty'} to {after}\n")
    return 0


def _ctx(args: argparse.Namespace) -> Context:
    db = database(args)
    require_current(db)
    return Context(db)


def cmd_create_admin(args: argparse.Namespace) -> int:
    password = read_password(args)
    pid = accounts.create_admin(_ctx(args), args.email, password)
    print(pid)
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    password = read_password(args)
    pid = accounts.set_password(_ctx(args), args.email, password)
    sys.stderr.write(f"docket-server: password of {pid} changed; their sessions ended\n")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DocketError(
            f"cannot read {args.file}: {getattr(err, 'strerror', None) or err}"
        ) from err
    report = setup.import_doc(_ctx(args), loads(text), "docket-server import")
    print(report.summary())
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    verdict = audit.verify(_ctx(args))
    if args.format == "json":
        print(
            json.dumps(
                {
                    "ok": verdict.ok,
                    "checked": verdict.checked,
                    "broken_seq": verdict.broken_seq,
                    "reason": verdict.reason,
                }
            )
        )
    else:
        print(verdict)
    return 0 if verdict.ok else EXIT_ERROR


def build_parser() -> Parser:
    p = Parser(prog="docket-server", description="Docket's firm server.")
    p.add_argument("--version", action="version", version=f"docket-server {__version__}")
    p.add_argument("--data-dir", type=Path, help="folder of the default SQLite database")
    p.add_argument("--database-url", help="sqlite:///PATH or postgresql+psycopg://USER:PW@HOST/DB")
    sub = p.add_subparsers(dest="command", metavar="SUBCOMMAND", parser_class=Parser, required=True)

    s = sub.add_parser("serve", help="run the API (uvicorn)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8800)
    s.add_argument("--workers", type=int, default=1)
    s.add_argument("--ssl-certfile")
    s.add_argument("--ssl-keyfile")
    s.add_argument(
        "--forwarded-allow-ips",
        default="",
        help="addresses of trusted reverse proxies whose X-Forwarded-For is honoured",
    )
    s.add_argument("--log-level", default="info")
    s.set_defaults(handler=cmd_serve)

    s = sub.add_parser("migrate", help="create or upgrade the database schema")
    s.set_defaults(handler=cmd_migrate)

    for name, handler, text in (
        ("create-admin", cmd_create_admin, "create an admin account"),
        ("passwd", cmd_passwd, "set a person's password (their sessions end)"),
    ):
        s = sub.add_parser(name, help=text)
        if name == "create-admin":
            s.add_argument("--email", required=True)
        else:
            s.add_argument("email")
        s.add_argument("--password-stdin", action="store_true")
        s.set_defaults(handler=handler)

    s = sub.add_parser("import", help="load a firm set-up file (JSON)")
    s.add_argument("file", type=Path)
    s.set_defaults(handler=cmd_import)

    s = sub.add_parser("audit", help="the audit trail")
    a = s.add_subparsers(dest="audit_command", metavar="verify", parser_class=Parser, required=True)
    v = a.add_parser("verify", help="check the hash chain; names the first broken link")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.set_defaults(handler=cmd_audit_verify)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except ValidationError as err:
        if len(err.problems) <= 1 or not err.summary:
            sys.stderr.write(f"docket-server: {err}\n")
        else:
            sys.stderr.write(f"docket-server: {err.summary} ({len(err.problems)} problems):\n")
            for prob in err.problems:
                sys.stderr.write(f"  {prob}\n")
        return EXIT_ERROR
    except DocketError as err:
        sys.stderr.write(f"docket-server: {err}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("docket-server: interrupted\n")
        return 130
    except Exception as exc:  # the last line of defence: never a traceback
        logging.getLogger("docket.server").debug("unexpected", exc_info=exc)
        sys.stderr.write(
            f"docket-server: internal error: {type(exc).__name__}: {exc}; nothing was saved\n"
        )
        return EXIT_INTERNAL
