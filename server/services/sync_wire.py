"""Entries on the sync wire (core.protocol.ENTRY_WIRE_FIELDS): from server rows, and the
fields a device sends turned into the server's column values."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from core.errors import Problem, ValidationError
from core.money import fmt, from_cents
from core.setup_file import storable
from core.timeutil import check_instant, to_utc
from server.models import tables as t

# wire name → server column name, for the fields a device may set
_WIRE_TO_COLUMN = {
    "matter": "matter",
    "phase": "phase",
    "service": "service",
    "date": "work_date",
    "start": "start",
    "end": "end",
    "raw_seconds": "raw_seconds",
    "narrative": "narrative",
    "utbms_task": "utbms_task",
    "utbms_activity": "utbms_activity",
    "billable_override": "billable_override",
}


def instant(v: datetime | None) -> str | None:
    return None if v is None else to_utc(v).isoformat()


def entry_wire(row: Any) -> dict[str, Any]:
    """A server entry row as it travels to devices."""
    return {
        "id": row["id"],
        "person": row["person"],
        "matter": row["matter"],
        "phase": row["phase"],
        "service": row["service"],
        "date": row["work_date"].isoformat(),
        "start": instant(row["start_at"]),
        "end": instant(row["end_at"]),
        "raw_seconds": row["raw_seconds"],
        "billed_seconds": row["billed_seconds"],
        "billed_hours": row["billed_hours"],
        "narrative": row["narrative"],
        "utbms_task": row["utbms_task"],
        "utbms_activity": row["utbms_activity"],
        "billable": bool(row["billable"]),
        "billable_override": row["billable_override"],
        "rate": fmt(from_cents(row["rate_cents"])),
        "currency": row["currency"],
        "rate_rule": row["rate_rule"],
        "rate_rule_id": row["rate_rule_id"],
        "amount": fmt(from_cents(row["amount_cents"])),
        "status": row["status"],
        "source": row["source"],
        "version": row["version"],
        "server_version": row["server_version"],
        "deleted": bool(row["deleted"]),
        "created_at": instant(row["created_at"]),
        "updated_at": instant(row["updated_at"]),
    }


def load_entry(conn: Connection, entry_id: str) -> dict[str, Any] | None:
    """The entry row (tombstones included), or None."""
    row = conn.execute(select(t.entries).where(t.entries.c.id == entry_id)).mappings().first()
    return dict(row) if row else None


def wire_changes(fields: dict[str, Any]) -> dict[str, Any]:
    """Device-sent fields as the server's edit/create values (dates and instants parsed).
    Unknown fields are refused, naming them."""
    out: dict[str, Any] = {}
    bad = [k for k in fields if k not in _WIRE_TO_COLUMN and k not in _IGNORED]
    if bad:
        raise ValidationError([Problem(k, "is not a field a device may set") for k in bad])
    for key, value in fields.items():
        if key in _IGNORED:
            continue
        col = _WIRE_TO_COLUMN[key]
        try:
            if col == "work_date":
                value = date.fromisoformat(value)
            elif col in ("start", "end") and value is not None:
                value = check_instant(datetime.fromisoformat(value))
            elif col == "raw_seconds" and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError("must be a whole number of seconds")
            elif col == "billable_override" and value is not None and not isinstance(value, bool):
                raise ValueError("must be true, false or null")
            elif col in _TEXTS and value is not None:
                if not isinstance(value, str):
                    raise ValueError("must be text")
                value = storable(value)
        except (TypeError, ValueError) as err:
            raise ValidationError([Problem(key, str(err))]) from err
        out[col] = value
    return out


_IGNORED = frozenset({"person", "source", "device_pricing", "source_detail"})
_TEXTS = frozenset({"matter", "phase", "service", "narrative", "utbms_task", "utbms_activity"})
