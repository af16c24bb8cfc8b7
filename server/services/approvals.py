"""The approval workflow on the server (PRODUCT.md §4 "Approval", decided by
:func:`core.workflow.decide`): submit, approve, reject, reopen — by ids or by person and period.

A bulk action is all or nothing: if any selected entry cannot take the action, nothing changes
and the refusal names that entry. A reviewer may name the version they saw of each entry; an
entry that moved on since is refused ("changed since you reviewed it"), so two reviewers acting
at once end with exactly one decision per entry version.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, false, insert, select, update

from core import entries as rules
from core import workflow
from core.errors import Conflict, DocketError, IllegalTransition, NotFound
from server.models import audit_log
from server.models import tables as t
from server.models.db import among
from server.models.master import Master
from server.services import rows, scope
from server.services.context import Caller, Context

SELECTS: dict[str, tuple[str, ...]] = {
    "submit": ("draft", "rejected"),
    "approve": ("submitted",),
    "reject": ("submitted",),
    "reopen": ("approved",),
}
CHUNK = 5000
# what deciding a workflow action reads of an entry (its audit event records only the change)
DECIDING = [
    t.entries.c[name]
    for name in ("id", "person", "matter", "status", "version", "rate_rule", "work_date")
]


@dataclass(frozen=True)
class Selection:
    ids: Sequence[str] = ()
    person: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    versions: Mapping[str, int] = field(default_factory=dict)


def act(
    ctx: Context,
    caller: Caller,
    action: workflow.Action,
    sel: Selection,
    comment: str | None,
    *,
    conn: Connection | None = None,
) -> list[str]:
    """Apply ``action`` to the selected entries; returns their ids in order."""
    now = ctx.now()
    text = (comment or "").strip()

    def unit(conn: Connection) -> list[str]:
        master = ctx.master(conn)
        found = _select(conn, master, caller, action, sel)
        for row in found:
            _check(master, caller, action, row, comment, sel.versions)
        news = []
        for row in found:
            rule = workflow.TABLE[(row["status"], action)]
            news.append(dict(row, status=rule.to, version=row["version"] + 1, updated_at=now))
        rows.stamp(conn, news)
        if news:
            _bulk_update(conn, news)
        if text and news:
            conn.execute(
                insert(t.comments),
                [
                    {
                        "id": str(uuid.uuid4()),
                        "entry_id": n["id"],
                        "person": caller.person,
                        "at": now,
                        "kind": action,
                        "text": text,
                    }
                    for n in news
                ],
            )
        events = []
        for old, new in zip(found, news, strict=True):
            before, after = rules.transition(old, new)
            events.append(
                {
                    "now": now,
                    "actor": caller.person,
                    "action": f"entry.{action}",
                    "entity": "entry",
                    "entity_id": old["id"],
                    "before": before,
                    "after": after,
                    "comment": text or None,
                }
            )
        audit_log.record_many(conn, events)
        return [r["id"] for r in found]

    # inside a caller's transaction (a sync push) or in a unit of work of its own
    return unit(conn) if conn is not None else ctx.db.write(unit)


def _bulk_update(conn: Connection, news: list[dict[str, Any]]) -> None:
    """One set-based UPDATE per chunk. The unit of work holds the audit head lock, so the
    rows read are the rows updated; the status condition (and the count) proves it."""
    c = t.entries.c
    first = news[0]
    for to in sorted({n["status"] for n in news}):
        ids = [n["id"] for n in news if n["status"] == to]
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            res = conn.execute(
                update(t.entries)
                .where(among(conn, c.id, chunk), c.status != to, c.deleted == false())
                .values(
                    status=to,
                    version=c.version + 1,
                    server_version=first["server_version"],
                    updated_at=first["updated_at"],
                )
            )
            if res.rowcount != len(chunk):
                raise Conflict("some entries changed meanwhile; nothing was changed")


def _select(
    conn: Connection, master: Master, caller: Caller, action: workflow.Action, sel: Selection
) -> list[dict[str, Any]]:
    c = t.entries.c
    if sel.ids:
        ids = list(dict.fromkeys(sel.ids))
        by_id: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), CHUNK):
            q = select(*DECIDING).where(among(conn, c.id, ids[i : i + CHUNK]), c.deleted == false())
            by_id.update({r["id"]: dict(r) for r in conn.execute(q).mappings()})
        out = []
        for entry_id in ids:
            row = by_id.get(entry_id)
            if row is None or not scope.may_see_entry(master, caller, row):
                raise NotFound(f"there is no entry {entry_id}")
            out.append(row)
        return out
    if sel.date_from is None or sel.date_to is None:
        raise DocketError("give entry ids, or a period (date_from and date_to)")
    if sel.date_to < sel.date_from:
        raise DocketError("date_to is before date_from")
    q = select(*DECIDING).where(
        c.deleted == false(),
        c.work_date >= sel.date_from,
        c.work_date <= sel.date_to,
        c.status.in_(SELECTS[action]),
        scope.entry_filter(master, caller),
    )
    if sel.person:
        q = q.where(c.person == sel.person)
    elif action == "submit":
        q = q.where(c.person == caller.person)
    q = q.order_by(c.work_date, c.created_at, c.id)
    return [dict(r) for r in conn.execute(q).mappings() if _may(master, caller, action, dict(r))]


def _may(master: Master, caller: Caller, action: workflow.Action, row: dict[str, Any]) -> bool:
    """For a period selection: only the entries this caller may act on are selected."""
    try:
        workflow.decide(
            row["status"],
            action,
            scope.actor(master, caller, row["matter"]),
            entry_person=row["person"],
            workspace="firm",
            allow_self_approval=master.settings.allow_self_approval,
            comment="x",
        )
    except IllegalTransition:
        return False
    return True


def _check(
    master: Master,
    caller: Caller,
    action: workflow.Action,
    row: dict[str, Any],
    comment: str | None,
    versions: Mapping[str, int],
) -> None:
    short = row["id"][:8]
    seen = versions.get(row["id"])
    if seen is not None and seen != row["version"]:
        raise IllegalTransition(
            f"entry {short} changed since you reviewed it (now version {row['version']}, "
            f"status {row['status']}): nothing was changed"
        )
    rules.check_action(
        master,
        row,
        action,
        scope.actor(master, caller, row["matter"]),
        workspace="firm",
        comment=comment,
        no_rate_hint="ask an admin to add a rate rule that covers it and re-rate it",
    )
