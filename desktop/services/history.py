"""An entry's history: its audit events (who, what changed from → to, when, comment), its
correction requests, and whether the audit chain verifies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core.audit import Verdict, diff
from core.timeutil import parse_utc_text
from desktop.models import audit_log
from desktop.models import tables as t
from desktop.services.dto import AuditEventDTO, CorrectionDTO
from desktop.services.entries import EntryService
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryItem:
    event: AuditEventDTO
    actor_name: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class EntryHistory:
    entry_id: str
    items: tuple[HistoryItem, ...]
    corrections: tuple[CorrectionDTO, ...]
    chain: Verdict


def _loads(text: str) -> dict[str, Any] | None:
    return json.loads(text) if text else None


class HistoryService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def entry(self, ref: str, *, verify: bool = True) -> EntryHistory:
        """Everything recorded about one entry. ``verify`` checks the whole chain too (it
        reads the whole log: run it off the GUI thread)."""
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            entry_id = EntryService(self.ws).resolve_id(conn, ref)
            items = []
            for r in audit_log.for_entity(conn, "entry", entry_id):
                before, after = _loads(r["before"]), _loads(r["after"])
                ev = AuditEventDTO(
                    seq=r["seq"],
                    at=parse_utc_text(r["at"]),
                    actor=r["actor"],
                    action=r["action"],
                    entity=r["entity"],
                    entity_id=r["entity_id"],
                    before=before,
                    after=after,
                    comment=r["comment"],
                )
                person = master.people.get(r["actor"])
                changes = tuple(
                    Change(k, v[0], v[1])
                    for k, v in diff(before, after).items()
                    if k not in ("version",)
                )
                items.append(HistoryItem(ev, person.name if person else r["actor"], changes))
            c = t.correction_requests.c
            corrections = tuple(
                CorrectionDTO(
                    r.id,
                    r.entry_id,
                    r.person,
                    r.at,
                    r.proposed,
                    r.text,
                    r.status,
                    r.decided_by,
                    r.decided_at,
                )
                for r in conn.execute(
                    select(t.correction_requests).where(c.entry_id == entry_id).order_by(c.at)
                )
            )
            chain = audit_log.verify(conn) if verify else Verdict(True, 0)
        return EntryHistory(entry_id, tuple(items), corrections, chain)
