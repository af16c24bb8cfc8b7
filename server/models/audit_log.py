"""Appending to and verifying the server's audit trail (``audit_events`` and ``audit_head``).

An event is written in the same transaction as the change it records, after the unit of work
locked the head (:meth:`server.models.db.Database.write`). Columns are TEXT or INTEGER; the
hash covers every one of them exactly as stored (:mod:`core.audit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text, update

from core import audit
from server.models.bulk import insert_rows
from server.models.tables import audit_events, audit_head


def record_many(conn: Connection, events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Append events in order (each: now, actor, action, entity, entity_id, before, after,
    comment) with one multi-row insert; moves the head."""
    seq, prev = head(conn)
    rows: list[dict[str, Any]] = audit.chain(events, seq, prev)
    prev = str(rows[-1]["hash"]) if rows else prev
    seq += len(rows)
    if rows:
        insert_rows(conn, audit_events, rows)
        conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=prev))
    return rows


def record(
    conn: Connection,
    now: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Any = None,
    after: Any = None,
    comment: str | None = None,
) -> dict[str, Any]:
    """Append one event."""
    event = {
        "now": now,
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
        "comment": comment,
    }
    return record_many(conn, [event])[0]


def head(conn: Connection) -> tuple[int, str]:
    row = conn.execute(select(audit_head.c.seq, audit_head.c.hash)).one()
    return int(row.seq), str(row.hash)


def verify(conn: Connection) -> audit.Verdict:
    """Check the whole chain and the recorded head; name the first broken link."""
    return audit.verify(_raw_rows(conn), head(conn))


def _raw_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    # Columns exactly as stored (no type conversion), in seq order, in chunks.
    last = 0
    sql = text("SELECT * FROM audit_events WHERE seq > :last ORDER BY seq LIMIT 5000")
    while True:
        chunk = conn.execute(sql, {"last": last}).mappings().all()
        if not chunk:
            return
        for r in chunk:
            yield {k: (int(v) if k == "seq" else v) for k, v in r.items()}
        last = int(chunk[-1]["seq"])
