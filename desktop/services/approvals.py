"""The approval workflow on the device: submit, approve, reject, reopen, comment, and the
reviewers' answer to correction requests — by ids, or by person and period.

A bulk action is all or nothing: if any selected entry cannot take the action, nothing is
changed and the refusal names that entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, false, insert, select, update

from core import workflow
from core.entries import check_action, transition
from core.errors import DocketError, IllegalTransition, NotFound
from desktop.models import audit_log
from desktop.models import tables as t
from desktop.models.master import Master
from desktop.services import sync_hooks
from desktop.services.dto import CommentDTO
from desktop.services.entries import EntryService, may_see
from desktop.services.workspace import Acting, Workspace

# The state a period selection picks for each action.
SELECTS: dict[str, tuple[str, ...]] = {
    "bill": ("approved",),
    "submit": ("draft", "rejected"),
    "approve": ("submitted",),
    "reject": ("submitted",),
    "reopen": ("approved",),
}


@dataclass(frozen=True)
class Selection:
    """Entries by ids (full or unique prefixes), or by person and period."""

    ids: Sequence[str] = ()
    person: str | None = None
    date_from: date | None = None
    date_to: date | None = None


class ApprovalService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._entries = EntryService(ws)

    def submit(self, sel: Selection, comment: str | None = None) -> list[str]:
        return self._act("submit", sel, comment)

    def approve(self, sel: Selection, comment: str | None = None) -> list[str]:
        return self._act("approve", sel, comment)

    def reject(self, sel: Selection, comment: str) -> list[str]:
        return self._act("reject", sel, comment)

    def reopen(self, sel: Selection, comment: str) -> list[str]:
        return self._act("reopen", sel, comment)

    def bill(self, sel: Selection, note: str | None = None) -> list[str]:
        """Approved → billed (final). The billing exports call this for a final export."""
        return self._act("bill", sel, note)

    def _act(self, action: workflow.Action, sel: Selection, comment: str | None) -> list[str]:
        now = self.ws.now()
        with self.ws.store.write() as conn:
            master = self.ws.master(conn)
            acting = self.ws.acting(conn, master)
            rows = self._select(conn, master, acting, action, sel)
            events = []
            for row in rows:
                self._check(master, acting, action, row, comment)
            for row in rows:
                rule = workflow.TABLE[(row["status"], action)]
                new = dict(row, status=rule.to, version=row["version"] + 1, updated_at=now)
                res = conn.execute(
                    update(t.entries)
                    .where(t.entries.c.id == row["id"], t.entries.c.version == row["version"])
                    .values(status=rule.to, version=new["version"], updated_at=now)
                )
                if res.rowcount != 1:  # pragma: no cover - the write lock makes this impossible
                    raise DocketError(f"entry {row['id']} changed meanwhile; nothing was changed")
                text = (comment or "").strip()
                sync_hooks.workflow(conn, action, row, text or None, now)
                if text:
                    conn.execute(
                        insert(t.comments).values(
                            id=str(uuid.uuid4()),
                            entry_id=row["id"],
                            person=acting.person.id,
                            at=now,
                            kind=action,
                            text=text,
                        )
                    )
                events.append(
                    {
                        "now": now,
                        "actor": acting.person.id,
                        "action": f"entry.{action}",
                        "entity": "entry",
                        "entity_id": row["id"],
                        "before": transition(row, new)[0],
                        "after": transition(row, new)[1],
                        "comment": text or None,
                    }
                )
            audit_log.record_many(conn, events)
            return [r["id"] for r in rows]

    def _select(
        self,
        conn: Connection,
        master: Master,
        acting: Acting,
        action: workflow.Action,
        sel: Selection,
    ) -> list[dict[str, Any]]:
        c = t.entries.c
        if sel.ids:
            ids = list(dict.fromkeys(self._entries.resolve_id(conn, i) for i in sel.ids))
            rows = [
                dict(r) for r in conn.execute(select(t.entries).where(c.id.in_(ids))).mappings()
            ]
            by_id = {r["id"]: r for r in rows}
            out = []
            for i in ids:
                row = by_id[i]
                if not may_see(master, acting, row["person"], row["matter"]):
                    raise NotFound(f"there is no entry {i}")
                out.append(row)
            return out
        if sel.date_from is None or sel.date_to is None:
            raise DocketError("give entry ids, or a period with --from and --to")
        if sel.date_to < sel.date_from:
            raise DocketError("--to is before --from")
        q = select(t.entries).where(
            c.deleted == false(),
            c.work_date >= sel.date_from,
            c.work_date <= sel.date_to,
            c.status.in_(SELECTS[action]),
        )
        if sel.person:
            q = q.where(c.person == self.ws.person(master, sel.person).id)
        elif action == "submit":
            q = q.where(c.person == acting.person.id)
        q = q.order_by(c.work_date, c.created_at)
        rows = [dict(r) for r in conn.execute(q).mappings()]
        return [r for r in rows if self._may(master, acting, action, r)]

    def _may(
        self, master: Master, acting: Acting, action: workflow.Action, row: dict[str, Any]
    ) -> bool:
        """For a period selection: only the entries this person may act on are selected."""
        if not may_see(master, acting, row["person"], row["matter"]):
            return False
        try:
            self._who(master, acting, action, row)
        except IllegalTransition:
            return False
        return True

    def _who(
        self, master: Master, acting: Acting, action: workflow.Action, row: dict[str, Any]
    ) -> None:
        workflow.decide(
            row["status"],
            action,
            acting.actor_for(master, row["matter"]),
            entry_person=row["person"],
            workspace=acting.kind,
            allow_self_approval=master.settings.allow_self_approval,
            comment="x",
        )

    def _check(
        self,
        master: Master,
        acting: Acting,
        action: workflow.Action,
        row: dict[str, Any],
        comment: str | None,
    ) -> None:
        check_action(
            master,
            row,
            action,
            acting.actor_for(master, row["matter"]),
            workspace=acting.kind,
            comment=comment,
            no_rate_hint="add a rate rule that covers it and run `docket rerate`",
        )

    # ------------------------------------------------------------------ comments
    def comment(self, ref: str, text: str) -> CommentDTO:
        now = self.ws.now()
        text = (text or "").strip()
        if not text:
            raise DocketError("the comment is empty")
        with self.ws.store.write() as conn:
            master = self.ws.master(conn)
            acting = self.ws.acting(conn, master)
            entry_id = self._entries.resolve_id(conn, ref)
            row = conn.execute(select(t.entries).where(t.entries.c.id == entry_id)).mappings().one()
            if not may_see(master, acting, row["person"], row["matter"]):
                raise NotFound(f"there is no entry {entry_id}")
            if not workflow.may_comment(
                acting.actor_for(master, row["matter"]), row["person"], acting.kind
            ):
                raise IllegalTransition("only the entry's person and its reviewers may comment")
            cid = str(uuid.uuid4())
            conn.execute(
                insert(t.comments).values(
                    id=cid,
                    entry_id=entry_id,
                    person=acting.person.id,
                    at=now,
                    kind="comment",
                    text=text,
                )
            )
            sync_hooks.commented(conn, entry_id, text, now)
            audit_log.record(
                conn,
                now=now,
                actor=acting.person.id,
                action="entry.comment",
                entity="entry",
                entity_id=entry_id,
                before=None,
                after=None,
                comment=text,
            )
            return CommentDTO(
                cid, entry_id, acting.person.id, acting.person.name, now, "comment", text
            )

    def comments(self, ref: str) -> list[CommentDTO]:
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            entry_id = self._entries.resolve_id(conn, ref)
            c = t.comments.c
            return [
                CommentDTO(
                    r.id,
                    r.entry_id,
                    r.person,
                    master.people[r.person].name if r.person in master.people else r.person,
                    r.at,
                    r.kind,
                    r.text,
                )
                for r in conn.execute(
                    select(t.comments).where(c.entry_id == entry_id).order_by(c.at)
                )
            ]
