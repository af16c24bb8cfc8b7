"""Reading the audit trail: events filtered and paged (admin and billing), an entry's history
(anyone who may see the entry), and verifying the chain."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.audit import Verdict
from core.timeutil import parse_utc_text
from server.models import audit_log
from server.models import tables as t
from server.services.context import Caller, Context
from server.services.entries import visible_row


@dataclass(frozen=True)
class Event:
    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any
    comment: str
    hash: str


@dataclass(frozen=True)
class AuditQuery:
    entity: str | None = None
    entity_id: str | None = None
    actor: str | None = None
    action: str | None = None
    after_seq: int = 0
    limit: int = 100


def _event(r: Any) -> Event:
    return Event(
        seq=int(r["seq"]),
        at=parse_utc_text(r["at"]),
        actor=r["actor"],
        action=r["action"],
        entity=r["entity"],
        entity_id=r["entity_id"],
        before=json.loads(r["before"]) if r["before"] else None,
        after=json.loads(r["after"]) if r["after"] else None,
        comment=r["comment"],
        hash=r["hash"],
    )


def events(ctx: Context, q: AuditQuery) -> list[Event]:
    """Events in chain order after ``after_seq`` (keyset paging: pass the last seq seen)."""
    c = t.audit_events.c
    stmt = select(t.audit_events).where(c.seq > q.after_seq)
    for col, value in (
        (c.entity, q.entity),
        (c.entity_id, q.entity_id),
        (c.actor, q.actor),
        (c.action, q.action),
    ):
        if value is not None:
            stmt = stmt.where(col == value)
    with ctx.db.read() as conn:
        return [_event(r) for r in conn.execute(stmt.order_by(c.seq).limit(q.limit)).mappings()]


def history(ctx: Context, caller: Caller, entry_id: str) -> list[Event]:
    """Every audit event of one entry, oldest first."""
    c = t.audit_events.c
    with ctx.db.read() as conn:
        visible_row(conn, ctx.master(conn), caller, entry_id)
        stmt = select(t.audit_events).where(c.entity == "entry", c.entity_id == entry_id)
        return [_event(r) for r in conn.execute(stmt.order_by(c.seq)).mappings()]


def verify(ctx: Context) -> Verdict:
    with ctx.db.read() as conn:
        return audit_log.verify(conn)
