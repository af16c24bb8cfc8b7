"""Comments on entries, and the reviewers' answer to correction requests (reopen or decline).
Each is audited in the same transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from core import entries as rules
from core import workflow
from core.errors import DocketError, IllegalTransition, NotFound
from server.models import audit_log
from server.models import tables as t
from server.models.master import Master
from server.services import rows, scope
from server.services.context import Caller, Context
from server.services.entries import Correction, load_row, visible_row


@dataclass(frozen=True)
class Comment:
    id: str
    entry_id: str
    person: str
    person_name: str
    at: datetime
    kind: str
    text: str


def add_comment(
    ctx: Context, caller: Caller, entry_id: str, text: str, *, conn: Connection | None = None
) -> Comment:
    now = ctx.now()
    text = text.strip()
    if not text:
        raise DocketError("the comment is empty")

    def unit(conn: Connection) -> Comment:
        master = ctx.master(conn)
        row = visible_row(conn, master, caller, entry_id)
        if not workflow.may_comment(
            scope.actor(master, caller, row["matter"]), row["person"], "firm"
        ):
            raise IllegalTransition("only the entry's person and its reviewers may comment")
        cid = str(uuid.uuid4())
        conn.execute(
            insert(t.comments).values(
                id=cid, entry_id=entry_id, person=caller.person, at=now, kind="comment", text=text
            )
        )
        audit_log.record(conn, now, caller.person, "entry.comment", "entry", entry_id, comment=text)
        rows.touch(conn, entry_id)
        return Comment(
            cid, entry_id, caller.person, _name(master, caller.person), now, "comment", text
        )

    # inside a caller's transaction (a sync push) or in a unit of work of its own
    return unit(conn) if conn is not None else ctx.db.write(unit)


def comments(ctx: Context, caller: Caller, entry_id: str) -> list[Comment]:
    with ctx.db.read() as conn:
        master = ctx.master(conn)
        visible_row(conn, master, caller, entry_id)
        c = t.comments.c
        q = select(t.comments).where(c.entry_id == entry_id).order_by(c.at, c.id)
        return [
            Comment(r.id, r.entry_id, r.person, _name(master, r.person), r.at, r.kind, r.text)
            for r in conn.execute(q)
        ]


def _name(master: Master, person: str) -> str:
    p = master.people.get(person)
    return p.name if p else person


def _correction(r: Any) -> Correction:
    return Correction(
        r["id"],
        r["entry_id"],
        r["person"],
        r["at"],
        r["proposed"],
        r["text"],
        r["status"],
        r["decided_by"],
        r["decided_at"],
        r["decision_comment"],
    )


def corrections(
    ctx: Context, caller: Caller, status: str | None, limit: int, offset: int
) -> list[Correction]:
    """Correction requests on entries the caller may see, oldest first."""
    cr, e = t.correction_requests.c, t.entries.c
    with ctx.db.read() as conn:
        master = ctx.master(conn)
        q = (
            select(t.correction_requests)
            .select_from(t.correction_requests.join(t.entries, e.id == cr.entry_id))
            .where(scope.entry_filter(master, caller))
        )
        if status is not None:
            q = q.where(cr.status == status)
        q = q.order_by(cr.at, cr.id).limit(limit).offset(offset)
        return [_correction(r) for r in conn.execute(q).mappings()]


def decide(
    ctx: Context,
    caller: Caller,
    correction_id: str,
    decision: str,
    comment: str | None,
    *,
    conn: Connection | None = None,
) -> Correction:
    """A reviewer (or admin) reopens the entry (back to its person, with the comment) or
    declines the request."""
    now = ctx.now()
    text = (comment or "").strip()

    def unit(conn: Connection) -> Correction:
        master = ctx.master(conn)
        cr = t.correction_requests.c
        found = (
            conn.execute(select(t.correction_requests).where(cr.id == correction_id))
            .mappings()
            .first()
        )
        if found is None:
            raise NotFound(f"there is no correction request {correction_id}")
        row = load_row(conn, found["entry_id"])
        if not scope.may_see_entry(master, caller, row):
            raise NotFound(f"there is no correction request {correction_id}")
        if found["status"] != "open":
            raise IllegalTransition(f"the correction request is already {found['status']}")
        who = scope.actor(master, caller, row["matter"])
        if decision == "withdraw":
            if found["person"] != caller.person:
                raise IllegalTransition("only the person who asked can withdraw the request")
            audit_log.record(
                conn,
                now,
                caller.person,
                "entry.correction_withdrawn",
                "entry",
                row["id"],
                None,
                {"correction": correction_id},
                text or None,
            )
            rows.touch(conn, row["id"])
        elif decision == "reopen":
            outcome = workflow.decide(
                row["status"],
                "reopen",
                who,
                entry_person=row["person"],
                workspace="firm",
                comment=text,
            )
            new = dict(row, status=outcome.to, version=row["version"] + 1, updated_at=now)
            rows.stamp(conn, [new])
            res = conn.execute(
                update(t.entries)
                .where(t.entries.c.id == row["id"], t.entries.c.version == row["version"])
                .values(
                    status=new["status"],
                    version=new["version"],
                    server_version=new["server_version"],
                    updated_at=now,
                )
            )
            if res.rowcount != 1:
                raise IllegalTransition("the entry changed meanwhile; nothing was changed")
            conn.execute(
                insert(t.comments).values(
                    id=str(uuid.uuid4()),
                    entry_id=row["id"],
                    person=caller.person,
                    at=now,
                    kind="reopen",
                    text=text,
                )
            )
            audit_log.record(
                conn,
                now,
                caller.person,
                "entry.reopen",
                "entry",
                row["id"],
                rules.snapshot(row),
                rules.snapshot(new),
                text,
            )
        else:
            if not (who.reviews_matter or caller.role == "admin"):
                raise IllegalTransition(
                    "only a reviewer of the entry's matter or an admin can decline a correction"
                )
            audit_log.record(
                conn,
                now,
                caller.person,
                "entry.correction_declined",
                "entry",
                row["id"],
                None,
                {"correction": correction_id},
                text,
            )
            rows.touch(conn, row["id"])
        status = {"reopen": "reopened", "decline": "declined", "withdraw": "withdrawn"}[decision]
        conn.execute(
            update(t.correction_requests)
            .where(cr.id == correction_id)
            .values(
                status=status,
                decided_by=caller.person,
                decided_at=now,
                decision_comment=text or None,
            )
        )
        return _correction(
            dict(
                found,
                status=status,
                decided_by=caller.person,
                decided_at=now,
                decision_comment=text or None,
            )
        )

    # inside a caller's transaction (a sync push) or in a unit of work of its own
    return unit(conn) if conn is not None else ctx.db.write(unit)
