"""Helpers shared by the CLI's commands: opening the workspace, parsing typed options."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from core.duration import parse_duration
from core.errors import DocketError, InputError
from core.timeutil import parse_date
from desktop.services.workspace import Workspace


def workspace(args: argparse.Namespace) -> Workspace:
    from desktop.cli.paths import default_data_dir

    data_dir: Path = args.data_dir or default_data_dir()
    return Workspace.open(data_dir)


def opt_date(value: str | None, what: str) -> date | None:
    return None if value is None else parse_date(value, what=what)


def duration(value: str) -> int:
    return parse_duration(value)


def code(value: str | None) -> str | None:
    """An option's code: None when not given; empty text ("") clears the field."""
    if value is None:
        return None
    return value.strip()


def billable_flag(args: argparse.Namespace) -> bool | None:
    if getattr(args, "billable", False) and getattr(args, "non_billable", False):
        raise InputError("give --billable or --non-billable, not both")
    if getattr(args, "billable", False):
        return True
    if getattr(args, "non_billable", False):
        return False
    return None


def add_entry_options(p: argparse.ArgumentParser, *, with_date: bool = True) -> None:
    p.add_argument("--matter", "-m", metavar="M", help="the matter's code")
    p.add_argument("--phase", metavar="P", help="the phase's code")
    p.add_argument("--service", "-s", metavar="S", help="the service type's code")
    p.add_argument("--task", metavar="L110", help="UTBMS task code (UTBMS matters)")
    p.add_argument("--activity", metavar="A103", help="UTBMS activity code (UTBMS matters)")
    p.add_argument("--note", "-n", metavar="TEXT", help="the narrative")
    p.add_argument("--billable", action="store_true", help="bill it even if not billable")
    p.add_argument("--non-billable", action="store_true", help="do not bill it")
    if with_date:
        p.add_argument("--date", "-d", metavar="YYYY-MM-DD", help="the work date")


def entry_changes(args: argparse.Namespace, *, include_date: bool = True) -> dict[str, Any]:
    """The fields an edit-like command was given (``""`` clears an optional code)."""
    out: dict[str, Any] = {}
    for opt, key in (
        ("matter", "matter"),
        ("phase", "phase"),
        ("service", "service"),
        ("task", "utbms_task"),
        ("activity", "utbms_activity"),
    ):
        value = getattr(args, opt, None)
        if value is not None:
            out[key] = value.strip() or None
    if getattr(args, "note", None) is not None:
        out["narrative"] = args.note
    flag = billable_flag(args)
    if flag is not None:
        out["billable_override"] = flag
    if include_date and getattr(args, "date", None) is not None:
        out["work_date"] = parse_date(args.date, what="--date")
    if getattr(args, "duration", None) is not None:
        out["raw_seconds"] = parse_duration(args.duration)
    return out


def require(value: Any, message: str) -> Any:
    if value is None or value == "":
        raise DocketError(message)
    return value
