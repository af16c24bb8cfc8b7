"""Resolving the needs-attention list (SYNC.md: "every outcome other than applied stays …
until the person acts"):

* a **conflict** — choose a version: keep the server's (done), or keep mine (sent again as an
  edit against the current version);
* a refused **new entry** — edit it and send it again (the same id; nothing was created);
* a **correction request** — leave it with the reviewers, or withdraw it;
* any other refusal — discard my change (with the person's confirmation in the app): the
  replica already shows the server's entry.

Every resolution is audited and, where it sends something, goes through the outbox like any
other change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from core.errors import DocketError, NotFound
from desktop.models import audit_log
from desktop.models import tables as t
from desktop.services import sync_hooks
from desktop.services.entries import EntryChanges, EntryService
from desktop.services.workspace import Workspace
from desktop.sync import outbox

# wire field → EntryChanges key
_FIELDS = {
    "matter": "matter",
    "phase": "phase",
    "service": "service",
    "date": "work_date",
    "raw_seconds": "raw_seconds",
    "narrative": "narrative",
    "utbms_task": "utbms_task",
    "utbms_activity": "utbms_activity",
    "billable_override": "billable_override",
}


class AttentionService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def _item(self, item_id: int) -> outbox.OutboxItem:
        with self.ws.store.read() as conn:
            for it in outbox.attention(conn):
                if it.id == item_id:
                    return it
        raise NotFound(f"there is no attention item {item_id} (it may be resolved already)")

    def _resolve(self, item: outbox.OutboxItem, how: str) -> None:
        now = self.ws.now()
        with self.ws.store.write() as conn:
            outbox.resolve(conn, item.id, now)
            audit_log.record(
                conn,
                now=now,
                actor=self.ws.acting(conn).person.id,
                action="sync.resolve",
                entity="entry",
                entity_id=item.entity_id,
                before={"outcome": item.state, "op": item.op},
                after={"resolution": how},
            )

    def keep_theirs(self, item_id: int) -> None:
        """A conflict or refusal: accept the server's entry as it is (my change is dropped)."""
        self._resolve(self._item(item_id), "kept the server's version")

    discard = keep_theirs

    def keep_mine(self, item_id: int) -> None:
        """A conflict: send my values of the contested fields again, as a new edit."""
        item = self._item(item_id)
        if item.state != "conflict":
            raise DocketError("only a conflict has two versions to choose from")
        mine = item.payload.get("changes") or {}
        theirs = (item.result or {}).get("theirs") or {}
        changes = {_FIELDS[k]: mine[k] for k in theirs if k in mine and k in _FIELDS}
        if changes.get("work_date"):
            from datetime import date

            changes["work_date"] = date.fromisoformat(changes["work_date"])
        EntryService(self.ws).edit(item.entity_id, EntryChanges(changes))
        self._resolve(item, "kept my version (sent again)")

    def resend(self, item_id: int, changes: dict[str, Any] | None = None) -> None:
        """A refused new entry: apply ``changes`` (EntryChanges keys) to it here, and send it
        again as a new entry with the same id."""
        item = self._item(item_id)
        if item.op != "create" or item.state != "rejected":
            raise DocketError("only a refused new entry can be edited and sent again")
        svc = EntryService(self.ws)
        now = self.ws.now()
        if changes:
            with self.ws.store.write() as conn:
                row = dict(
                    conn.execute(select(t.entries).where(t.entries.c.id == item.entity_id))
                    .mappings()
                    .one()
                )
                # the entry is not on the server: edit the local copy without an edit mutation
                new = svc._apply(self.ws.master(conn), row, EntryChanges(changes))
                new["updated_at"] = now
                conn.execute(update(t.entries).where(t.entries.c.id == row["id"]).values(**new))
                audit_log.record(
                    conn,
                    now=now,
                    actor=self.ws.acting(conn).person.id,
                    action="entry.edit",
                    entity="entry",
                    entity_id=row["id"],
                    before=None,
                    after={"changes": {k: str(v) for k, v in changes.items()}},
                    comment="corrected before sending it again",
                )
        with self.ws.store.write() as conn:
            row = dict(
                conn.execute(select(t.entries).where(t.entries.c.id == item.entity_id))
                .mappings()
                .one()
            )
            sync_hooks.created(conn, row, now)
        self._resolve(item, "edited and sent again")

    def withdraw(self, item_id: int, text: str | None = None) -> None:
        """A correction request: withdraw it (the reviewers no longer see it)."""
        item = self._item(item_id)
        cid = (item.result or {}).get("correction_id")
        if item.state != "correction" or not cid:
            raise DocketError("only a correction request can be withdrawn")
        now = self.ws.now()
        with self.ws.store.write() as conn:
            outbox.record(
                conn,
                entity="entry",
                op="withdraw",
                entity_id=item.entity_id,
                payload={"correction_id": cid, "text": text or ""},
                now=now,
            )
        self._resolve(item, "withdrew the correction request")
