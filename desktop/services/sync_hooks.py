"""What the services add to the outbox in a firm workspace — in the same transaction as the
change itself, so no domain row exists without its outbox row (SYNC.md "Client").

Personal workspaces write nothing here. Entries travel in the wire shape of
:data:`core.protocol.ENTRY_WIRE_FIELDS`; an edit carries the changed fields with their base
values and the version it was made against, so the server can merge it field by field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from core.money import fmt, from_cents
from core.timeutil import to_utc
from desktop.models.store import get_meta

# The outbox and the wire format are loaded only in a firm workspace (a personal one never
# needs them, and the app's start-up is the faster for it).

# local column → wire field, for what a person edits
_COLUMN_TO_WIRE = {
    "matter": "matter",
    "phase": "phase",
    "service": "service",
    "work_date": "date",
    "start_at": "start",
    "end_at": "end",
    "raw_seconds": "raw_seconds",
    "narrative": "narrative",
    "utbms_task": "utbms_task",
    "utbms_activity": "utbms_activity",
    "billable_override": "billable_override",
}


def firm(conn: Connection) -> bool:
    return get_meta(conn, "kind") == "firm"


def _wire_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return to_utc(v).isoformat()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def wire_fields(row: dict[str, Any]) -> dict[str, Any]:
    """The person-set fields of a local entry row, in wire names."""
    return {wire: _wire_value(row.get(col)) for col, wire in _COLUMN_TO_WIRE.items()}


def created(conn: Connection, row: dict[str, Any], now: datetime) -> None:
    created_many(conn, [row], now)


def created_many(conn: Connection, rows: list[dict[str, Any]], now: datetime) -> None:
    if not rows or not firm(conn):
        return
    from desktop.sync import outbox

    outbox.record_many(
        conn,
        [
            {"entity": "entry", "op": "create", "entity_id": r["id"], "payload": _create(r)}
            for r in rows
        ],
        now,
    )


def _create(row: dict[str, Any]) -> dict[str, Any]:
    from core.protocol import CREATE_FIELDS

    fields = wire_fields(row)
    payload = {k: fields[k] for k in CREATE_FIELDS if k in fields}
    payload["person"] = row["person"]
    payload["source"] = row.get("source") or "manual"
    payload["device_pricing"] = {
        "rate": fmt(from_cents(row["rate_cents"])),
        "billed_hours": row["billed_hours"],
        "amount": fmt(from_cents(row["amount_cents"])),
    }
    return payload


def edited(
    conn: Connection,
    old: dict[str, Any],
    new: dict[str, Any],
    now: datetime,
    *,
    text: str | None = None,
) -> None:
    """An edit (or, on an approved entry, a correction request: ``text`` is the person's)."""
    from desktop.sync import outbox

    if not firm(conn):
        return
    before, after = wire_fields(old), wire_fields(new)
    changes = {k: v for k, v in after.items() if before.get(k) != v}
    if not changes:
        return
    payload: dict[str, Any] = {"changes": changes, "base": {k: before[k] for k in changes}}
    if text:
        payload["text"] = text
    outbox.record(
        conn,
        entity="entry",
        op="edit",
        entity_id=old["id"],
        payload=payload,
        base_version=old["version"],
        now=now,
    )


def proposed(
    conn: Connection, row: dict[str, Any], changes: dict[str, Any], text: str, now: datetime
) -> None:
    """A correction request for an approved entry: sent as an edit the server turns into one."""
    from desktop.sync import outbox

    if not firm(conn):
        return
    wire = {_COLUMN_TO_WIRE.get(k, k): _wire_value(v) for k, v in changes.items()}
    before = wire_fields(row)
    payload = {"changes": wire, "base": {k: before.get(k) for k in wire}, "text": text}
    outbox.record(
        conn,
        entity="entry",
        op="edit",
        entity_id=row["id"],
        payload=payload,
        base_version=row["version"],
        now=now,
    )


def deleted(conn: Connection, row: dict[str, Any], now: datetime) -> None:
    from desktop.sync import outbox

    if firm(conn):
        outbox.record(
            conn,
            entity="entry",
            op="delete",
            entity_id=row["id"],
            payload={},
            base_version=row["version"],
            now=now,
        )


def workflow(
    conn: Connection, action: str, row: dict[str, Any], comment: str | None, now: datetime
) -> None:
    from desktop.sync import outbox

    if firm(conn):
        outbox.record(
            conn,
            entity="entry",
            op=action,
            entity_id=row["id"],
            payload={"comment": comment} if comment else {},
            base_version=row["version"],
            now=now,
        )


def commented(conn: Connection, entry_id: str, text: str, now: datetime) -> None:
    from desktop.sync import outbox

    if firm(conn):
        outbox.record(
            conn,
            entity="entry",
            op="comment",
            entity_id=entry_id,
            payload={"text": text},
            now=now,
        )
