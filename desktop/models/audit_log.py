"""Appending to and verifying the store's audit trail (``audit_events`` + its head in ``meta``).

An event is written in the same transaction as the change it records. Its columns are all
TEXT or INTEGER; the hash covers every one of them exactly as stored (core.audit).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from core import audit
from desktop.models import bulk
from desktop.models.store import get_meta, get_metas
from desktop.models.tables import audit_events

COLUMNS = [c.name for c in audit_events.columns]


def _head(conn: Connection) -> tuple[int, str]:
    m = get_metas(conn, "audit_seq", "audit_hash")
    if "audit_seq" not in m:
        return 0, audit.GENESIS
    return int(m["audit_seq"]), m.get("audit_hash") or audit.GENESIS


def record(
    conn: Connection,
    *,
    now: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    comment: str | None = None,
) -> dict[str, Any]:
    """Append one event (inside the caller's write transaction) and return the stored row."""
    return record_many(
        conn,
        [
            {
                "now": now,
                "actor": actor,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "before": before,
                "after": after,
                "comment": comment,
            }
        ],
    )[0]


def record_many(conn: Connection, events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Append several events in order with one multi-row insert (the batch path)."""
    seq, prev = _head(conn)
    rows: list[dict[str, Any]] = audit.chain(events, seq, prev)
    prev = str(rows[-1]["hash"]) if rows else prev
    seq += len(rows)
    if rows:
        bulk.insert_many(conn, audit_events, rows)
        conn.exec_driver_sql(
            "INSERT INTO meta (key, value) VALUES ('audit_seq', ?), ('audit_hash', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(seq), prev),
        )
    return rows


def verify(conn: Connection) -> audit.Verdict:
    """Check the whole chain and the recorded head; name the first broken link."""
    seq = get_meta(conn, "audit_seq")
    head = (int(seq), get_meta(conn, "audit_hash") or "") if seq else (0, audit.GENESIS)
    return audit.verify(_raw_rows(conn), head)


def _raw_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    # Read the columns exactly as stored, not through any type conversion; ordered by seq
    # as the chain defines, whatever the physical order in the file.
    last = None
    while True:
        sql = "SELECT * FROM audit_events"
        params: tuple[Any, ...] = ()
        if last is not None:
            sql += " WHERE seq > ?"
            params = (last,)
        sql += " ORDER BY seq LIMIT 1000"  # ~3 MB at a time (5,000: ~15 MB, kept by the heap)
        chunk = conn.exec_driver_sql(sql, params).mappings().all()
        if not chunk:
            return
        for r in chunk:
            yield dict(r)
        last = chunk[-1]["seq"]


def for_entity(conn: Connection, entity: str, entity_id: str) -> list[dict[str, Any]]:
    c = audit_events.c
    return [
        dict(r)
        for r in conn.execute(
            select(audit_events).where(c.entity == entity, c.entity_id == entity_id).order_by(c.seq)
        ).mappings()
    ]
