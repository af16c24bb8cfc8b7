"""Firm workspace commands: login, logout, sync, attention."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from core.errors import DocketError
from core.timeutil import iso_offset
from desktop.cli import common, output
from desktop.cli.output import notice
from desktop.services.account import AccountService
from desktop.sync.transport import Offline


def register(sub: Any) -> None:
    p = sub.add_parser("login", help="sign this workspace in to a firm server")
    p.add_argument("url", help="the server's address, e.g. https://docket.example.com")
    p.add_argument("--email", "-e", required=True)
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    p.set_defaults(handler=cmd_login)

    p = sub.add_parser("logout", help="sign out (unsent changes are kept for the next sign-in)")
    p.set_defaults(handler=cmd_logout)

    p = sub.add_parser("sync", help="one sync round with the firm server (push, then pull)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_sync)

    p = sub.add_parser("attention", help="changes the server did not apply as sent")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_attention)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"Password for {args.email}: ")
    else:
        raise DocketError("no password: give --password-stdin (stdin is not a terminal)")
    if not password:
        raise DocketError("the password is empty")
    return password


def cmd_login(args: argparse.Namespace) -> int:
    svc = AccountService(common.workspace(args))
    result = svc.login(args.url, args.email, _password(args))
    where = "the keyring" if result.token_in == "keyring" else "a file (no keyring)"
    print(result.person)
    notice(f"signed in to {result.server} as {result.person} (session kept in {where})")
    if result.report is not None:
        notice(f"first sync: {result.report.summary()}")
    elif result.sync_error:
        notice(f"first sync did not finish: {result.sync_error}; run `docket sync` later")
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    pending = AccountService(common.workspace(args)).logout()
    notice(
        "signed out"
        + (f"; {pending} unsent changes are kept for your next sign-in" if pending else "")
    )
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    svc = AccountService(common.workspace(args))
    try:
        report = svc.sync()
    except Offline:
        pending = svc.status().pending
        sys.stderr.write(f"docket: offline: {pending} changes pending\n")
        return 1
    if args.format == "json":
        output.print_json(
            {
                "pushed": report.pushed,
                "applied": report.applied,
                "attention": report.attention,
                "pulled": report.pulled,
                "reset": report.reset,
                "digest_mismatch": report.digest_mismatch,
                "skew_seconds": report.skew_seconds,
                "notes": report.notes,
            }
        )
    else:
        print(report.summary())
        for note in report.notes:
            notice(f"note: {note}")
    return 0


def cmd_attention(args: argparse.Namespace) -> int:
    items = AccountService(common.workspace(args)).attention()
    if args.format == "json":
        output.print_json(
            [
                {
                    "id": i.id,
                    "entry": i.entry_id,
                    "action": i.op,
                    "outcome": i.outcome,
                    "reason": i.reason,
                    "text": i.text,
                    "mine": i.mine,
                    "theirs": i.theirs,
                    "at": iso_offset(i.at),
                }
                for i in items
            ]
        )
        return 0
    output.print_table(
        ["ENTRY", "ACTION", "OUTCOME", "YOUR TEXT", "SERVER'S REASON"],
        [[i.entry_id, i.op, i.outcome, i.text or "—", i.reason] for i in items],
    )
    return 0
