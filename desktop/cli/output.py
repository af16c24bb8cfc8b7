"""Printing results: tables for people, JSON and CSV for programs (PRODUCT.md §6 conventions:
exactly one JSON value on stdout; people as id + name; codes; hours and money as 2-decimal
strings; dates YYYY-MM-DD; instants ISO 8601 with an offset)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from core.duration import format_hm
from core.money import fmt
from core.timeutil import iso_offset
from desktop.services.dto import EntryDTO, HeldDTO

ENTRY_FIELDS = (
    "id",
    "person",
    "person_name",
    "client",
    "matter",
    "phase",
    "service",
    "date",
    "start",
    "end",
    "raw_seconds",
    "raw_minutes",
    "billed_seconds",
    "billed_hours",
    "rate",
    "rate_rule",
    "amount",
    "currency",
    "billable",
    "status",
    "narrative",
    "utbms_task",
    "utbms_activity",
    "source",
    "version",
    "review_comment",
    "created_at",
    "updated_at",
)


def raw_minutes(seconds: int) -> int | float:
    """Raw seconds / 60 as a JSON number (an integer when whole)."""
    return seconds // 60 if seconds % 60 == 0 else round(seconds / 60, 4)


def entry_record(e: EntryDTO) -> dict[str, Any]:
    return {
        "id": e.id,
        "person": e.person,
        "person_name": e.person_name,
        "client": e.client,
        "matter": e.matter,
        "phase": e.phase,
        "service": e.service,
        "date": e.date.isoformat(),
        "start": iso_offset(e.start) if e.start else None,
        "end": iso_offset(e.end) if e.end else None,
        "raw_seconds": e.raw_seconds,
        "raw_minutes": raw_minutes(e.raw_seconds),
        "billed_seconds": e.billed_seconds,
        "billed_hours": f"{e.billed_hours:.2f}",
        "rate": fmt(e.rate),
        "rate_rule": e.rate_rule,
        "amount": fmt(e.amount),
        "currency": e.currency,
        "billable": e.billable,
        "status": e.status,
        "narrative": e.narrative,
        "utbms_task": e.utbms_task,
        "utbms_activity": e.utbms_activity,
        "source": e.source,
        "version": e.version,
        "review_comment": e.review_comment,
        "created_at": iso_offset(e.created_at),
        "updated_at": iso_offset(e.updated_at),
    }


def held_record(h: HeldDTO) -> dict[str, Any]:
    return {
        "id": h.id,
        "person": h.person,
        "matter": h.matter,
        "phase": h.phase,
        "service": h.service,
        "narrative": h.narrative,
        "date": h.work_date.isoformat(),
        "started_at": iso_offset(h.started_at),
        "stopped_at": iso_offset(h.stopped_at),
        "raw_seconds": h.raw_seconds,
        "raw_minutes": raw_minutes(h.raw_seconds),
        "reason": h.reason,
    }


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return fmt(v)
    if isinstance(v, datetime):
        return iso_offset(v)
    if isinstance(v, date):
        return v.isoformat()
    raise TypeError(type(v).__name__)


def print_json(value: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    out.write(json.dumps(value, ensure_ascii=False, indent=2, default=_jsonable))
    out.write("\n")


def print_csv(
    rows: Sequence[dict[str, Any]], fields: Sequence[str], out: TextIO | None = None
) -> None:
    out = out or sys.stdout
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(fields), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _csv_value(r.get(k)) for k in fields})
    out.write(buf.getvalue())


def _csv_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return ""
    return v


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    out: TextIO | None = None,
    right: Sequence[int] = (),
) -> None:
    """A plain aligned text table (no colours: scripts and terminals alike)."""
    out = out or sys.stdout
    cells = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in cells:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(c))

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(widths[i]) if i in right else v.ljust(widths[i]) for i, v in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    out.write(line(list(headers)) + "\n")
    for r in cells:
        out.write(line(r) + "\n")


def entries_table(entries: Sequence[EntryDTO], out: TextIO | None = None) -> None:
    rows = []
    for e in entries:
        narrative = e.narrative if len(e.narrative) <= 40 else e.narrative[:39] + "…"
        rows.append(
            [
                e.id[:8],
                e.date.isoformat(),
                e.person,
                e.matter or "—",
                e.phase or "",
                e.service or "",
                format_hm(e.raw_seconds),
                f"{e.billed_hours:.2f}",
                fmt(e.rate),
                fmt(e.amount) if e.billable else "n/b",
                e.status,
                narrative,
            ]
        )
    print_table(
        [
            "ID",
            "DATE",
            "PERSON",
            "MATTER",
            "PHASE",
            "SERVICE",
            "RAW",
            "HOURS",
            "RATE",
            "AMOUNT",
            "STATUS",
            "NARRATIVE",
        ],
        rows,
        out,
        right=(6, 7, 8, 9),
    )


def notice(text: str) -> None:
    """A line for the person, on stderr (stdout carries only results)."""
    sys.stderr.write(text + "\n")
