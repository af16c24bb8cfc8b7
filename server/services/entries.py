"""Time entries on the server: create, edit (or a correction request), delete, read, list.

Policy, rate and rounding come from :mod:`core.entries` — the same rules the desktop applies.
Every change is written with its audit event and a fresh ``server_version`` in one unit of
work; deletes are tombstones.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, false, insert, select, update

from core import entries as rules
from core import workflow
from core.errors import Conflict, IllegalTransition, NotFound, PolicyViolation, Problem
from core.money import from_cents
from server.models import audit_log
from server.models import tables as t
from server.models.bulk import insert_rows
from server.models.master import Master
from server.services import rows, scope
from server.services.context import Caller, Context


@dataclass(frozen=True)
class NewEntry:
    raw_seconds: int
    work_date: date
    matter: str | None = None
    phase: str | None = None
    service: str | None = None
    narrative: str = ""
    utbms_task: str | None = None
    utbms_activity: str | None = None
    billable_override: bool | None = None
    start: datetime | None = None
    end: datetime | None = None
    source: str = "manual"
    id: str | None = None


@dataclass(frozen=True)
class EntryQuery:
    person: str | None = None
    matter: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True)
class Correction:
    id: str
    entry_id: str
    person: str
    at: datetime
    proposed: dict[str, Any]
    text: str
    status: str
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_comment: str | None = None


@dataclass(frozen=True)
class Edit:
    values: dict[str, Any] = field(default_factory=dict)
    base_version: int | None = None
    comment: str | None = None


def load_row(conn: Connection, entry_id: str, *, lock: bool = False) -> dict[str, Any]:
    q = select(t.entries).where(t.entries.c.id == entry_id)
    row = conn.execute(q.with_for_update() if lock else q).mappings().first()
    if row is None or row["deleted"]:
        raise NotFound(f"there is no entry {entry_id}")
    return dict(row)


def visible_row(conn: Connection, master: Master, caller: Caller, entry_id: str) -> dict[str, Any]:
    """The entry, or :class:`NotFound` when it is missing or outside the caller's scope."""
    row = load_row(conn, entry_id)
    if not scope.may_see_entry(master, caller, row):
        raise NotFound(f"there is no entry {entry_id}")
    return row


def _check_matter_visible(master: Master, caller: Caller, matter: str | None) -> None:
    m = master.matters.get(matter or "")
    if matter is not None and (m is None or not scope.on_matter(master, caller, m)):
        raise PolicyViolation([Problem("matter", f"there is no matter {matter!r}")], "not saved")


def _check_lock(master: Master, work_date: date, verb: str) -> None:
    locked = master.settings.locked_before
    if locked is not None and work_date < locked:
        raise IllegalTransition(
            f"the period before {locked.isoformat()} is locked: an entry dated "
            f"{work_date.isoformat()} cannot be {verb}"
        )


def prepare_new(master: Master, caller: Caller, inp: NewEntry, now: datetime) -> dict[str, Any]:
    """A new entry's row, checked and priced — no database work (the batch path uses it)."""
    _check_matter_visible(master, caller, inp.matter)
    draft = rules.check(
        master,
        rules.Draft(
            person=caller.person,
            work_date=inp.work_date,
            raw_seconds=inp.raw_seconds,
            matter=inp.matter,
            phase=inp.phase,
            service=inp.service,
            narrative=inp.narrative,
            utbms_task=inp.utbms_task,
            utbms_activity=inp.utbms_activity,
            billable_override=inp.billable_override,
            start=inp.start,
            end=inp.end,
        ),
    )
    return {
        "id": inp.id or str(uuid.uuid4()),
        **rules.draft_columns(draft),
        **rules.pricing_columns(rules.price_of(master, draft)),
        "status": "draft",
        "source": inp.source,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "deleted": False,
    }


def insert_new(
    conn: Connection, caller: Caller, new_rows: list[dict[str, Any]], now: datetime
) -> None:
    """Write prepared rows with one ``server_version``, one multi-row insert and their audit
    events (inside the caller's unit of work)."""
    if not new_rows:
        return
    rows.stamp(conn, new_rows)
    insert_rows(conn, t.entries, new_rows)
    audit_log.record_many(
        conn,
        [
            {
                "now": now,
                "actor": caller.person,
                "action": "entry.create",
                "entity": "entry",
                "entity_id": r["id"],
                "before": None,
                "after": rules.snapshot(r),
            }
            for r in new_rows
        ],
    )


def create(
    ctx: Context, caller: Caller, inp: NewEntry, *, conn: Connection | None = None
) -> rows.EntryView:
    now = ctx.now()

    def unit(conn: Connection) -> rows.EntryView:
        master = ctx.master(conn)
        if (
            inp.id is not None
            and conn.execute(select(t.entries.c.id).where(t.entries.c.id == inp.id)).first()
        ):
            raise Conflict(f"an entry {inp.id} already exists")
        row = prepare_new(master, caller, inp, now)
        insert_new(conn, caller, [row], now)
        return rows.view(row, master)

    # inside a caller's transaction (a sync push) or in a unit of work of its own
    return unit(conn) if conn is not None else ctx.db.write(unit)


def get(ctx: Context, caller: Caller, entry_id: str) -> rows.EntryView:
    with ctx.db.read() as conn:
        master = ctx.master(conn)
        row = visible_row(conn, master, caller, entry_id)
        return rows.view(row, master, rows.review_comments(conn, [row])[entry_id])


def list_entries(ctx: Context, caller: Caller, q: EntryQuery) -> list[rows.EntryView]:
    """Entries the caller may see, newest first, one page."""
    c = t.entries.c
    with ctx.db.read() as conn:
        master = ctx.master(conn)
        stmt = select(t.entries).where(c.deleted == false(), scope.entry_filter(master, caller))
        if q.person is not None:
            stmt = stmt.where(c.person == q.person)
        if q.matter is not None:
            stmt = stmt.where(c.matter == q.matter)
        if q.status is not None:
            stmt = stmt.where(c.status == q.status)
        if q.date_from is not None:
            stmt = stmt.where(c.work_date >= q.date_from)
        if q.date_to is not None:
            stmt = stmt.where(c.work_date <= q.date_to)
        stmt = stmt.order_by(c.work_date.desc(), c.created_at.desc(), c.id)
        found = [dict(r) for r in conn.execute(stmt.limit(q.limit).offset(q.offset)).mappings()]
        comments = rows.review_comments(conn, found)
        return [rows.view(r, master, comments[r["id"]]) for r in found]


def edit(
    ctx: Context, caller: Caller, entry_id: str, change: Edit, *, conn: Connection | None = None
) -> rows.EntryView | Correction:
    """Edit a draft, submitted (a new revision: review starts again) or rejected entry; on an
    approved entry the edit becomes a correction request for its reviewers."""
    now = ctx.now()

    def unit(conn: Connection) -> rows.EntryView | Correction:
        master = ctx.master(conn)
        row = visible_row(conn, master, caller, entry_id)
        if change.base_version is not None and change.base_version != row["version"]:
            raise Conflict(
                f"entry {entry_id} changed since you read it (version {row['version']}, "
                f"not {change.base_version}): read it again and redo the edit"
            )
        outcome = workflow.decide(
            row["status"],
            "edit",
            scope.actor(master, caller, row["matter"]),
            entry_person=row["person"],
            workspace="firm",
            allow_self_approval=master.settings.allow_self_approval,
            comment=change.comment if row["status"] == "approved" else None,
        )
        if outcome.effect == "correction_request":
            return _correction(conn, caller, row, change, now)
        _check_lock(master, row["work_date"], "changed")
        v = change.values
        if "matter" in v and v["matter"] != row["matter"]:
            _check_matter_visible(master, caller, v["matter"])
        draft = rules.check(
            master,
            rules.draft_of(row, v),
            check_override="billable_override" in v and v["billable_override"] is not None,
        )
        new = dict(row, **rules.draft_columns(draft))
        if (
            any(k in v and v[k] != row[k] for k in rules.RATE_SCOPE_FIELDS)
            or not row["rate_rule_id"]
        ):
            new.update(rules.pricing_columns(rules.price_of(master, draft)))
        else:
            p = rules.reprice_keeping_rate(
                master,
                draft,
                from_cents(row["rate_cents"]),
                row["currency"],
                row["rate_rule_id"],
                row["rate_rule"],
            )
            new.update(rules.pricing_columns(p))
        if rules.snapshot(new) == rules.snapshot(row):
            return rows.view(row, master)
        new.update(version=row["version"] + 1, updated_at=now)
        rows.stamp(conn, [new])
        _conditional_update(conn, row, new)
        action = "entry.revise" if outcome.effect == "revision" else "entry.edit"
        note = "a new revision: review starts again" if action == "entry.revise" else None
        audit_log.record(
            conn,
            now,
            caller.person,
            action,
            "entry",
            entry_id,
            rules.snapshot(row),
            rules.snapshot(new),
            note,
        )
        return rows.view(new, master, rows.review_comments(conn, [new])[entry_id])

    # inside a caller's transaction (a sync push) or in a unit of work of its own
    return unit(conn) if conn is not None else ctx.db.write(unit)


def _conditional_update(conn: Connection, row: dict[str, Any], new: dict[str, Any]) -> None:
    c = t.entries.c
    values = {k: v for k, v in new.items() if k != "id"}
    res = conn.execute(
        update(t.entries).where(c.id == row["id"], c.version == row["version"]).values(**values)
    )
    if res.rowcount != 1:
        raise Conflict(f"entry {row['id']} changed meanwhile; nothing was changed")


def _correction(
    conn: Connection, caller: Caller, row: dict[str, Any], change: Edit, now: datetime
) -> Correction:
    proposed = {
        k: (v.isoformat() if isinstance(v, (date, datetime)) else v)
        for k, v in change.values.items()
    }
    cr = Correction(
        str(uuid.uuid4()), row["id"], caller.person, now, proposed, change.comment or "", "open"
    )
    conn.execute(
        insert(t.correction_requests).values(
            id=cr.id,
            entry_id=cr.entry_id,
            person=cr.person,
            at=now,
            proposed=proposed,
            text=cr.text,
            status="open",
        )
    )
    audit_log.record(
        conn,
        now,
        caller.person,
        "entry.correction_request",
        "entry",
        row["id"],
        rules.snapshot(row),
        {"proposed": proposed, "correction": cr.id},
        cr.text,
    )
    rows.touch(conn, row["id"])
    return cr


def delete(ctx: Context, caller: Caller, entry_id: str, *, conn: Connection | None = None) -> None:
    """Delete a draft or rejected entry: a tombstone with a fresh server_version, audited."""
    now = ctx.now()

    def unit(conn: Connection) -> None:
        master = ctx.master(conn)
        row = visible_row(conn, master, caller, entry_id)
        workflow.decide(
            row["status"],
            "delete",
            scope.actor(master, caller, row["matter"]),
            entry_person=row["person"],
            workspace="firm",
        )
        _check_lock(master, row["work_date"], "deleted")
        new = dict(row, deleted=True, version=row["version"] + 1, updated_at=now)
        rows.stamp(conn, [new])
        _conditional_update(conn, row, new)
        audit_log.record(
            conn, now, caller.person, "entry.delete", "entry", entry_id, rules.snapshot(row), None
        )

    # inside a caller's transaction (a sync push) or in a unit of work of its own
    return unit(conn) if conn is not None else ctx.db.write(unit)
