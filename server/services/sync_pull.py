"""Sync pull (SYNC.md "Pull"): from one snapshot, every entry the caller may see whose
``server_version`` is past the cursor (tombstones included), with their comments and
correction requests, the master data when it changed, the digests the device asked for, the
new cursor and the last applied seq.

The cursor cannot skip a change: ``server_version`` is taken under the counter's row lock inside
each writing transaction, so versions become visible in the order they were handed out; a
snapshot that sees version N also sees every version below it. Pages end only at the end of a
version (rows of one transaction share it), and the last page's cursor is the counter as the
snapshot saw it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, false, select

from core.protocol import master_to_wire, month_bounds, period_digest
from server.models import counters
from server.models import tables as t
from server.models.master import Master
from server.services import scope, sync_scope
from server.services.context import Caller, Context
from server.services.sync import ForeignClient
from server.services.sync_wire import entry_wire, instant

PAGE = 5000


def pull(
    ctx: Context,
    caller: Caller,
    client_id: str,
    cursor: int,
    epoch: int,
    master_rev: int,
    periods: list[tuple[str, str]],
) -> dict[str, Any]:
    now = ctx.now()
    with ctx.db.snapshot() as conn:
        client = (
            conn.execute(select(t.sync_clients).where(t.sync_clients.c.client_id == client_id))
            .mappings()
            .first()
        )
        if client is not None and client["person"] != caller.person:
            raise ForeignClient()
        last_applied = int(client["last_seq"]) if client else 0
        current_epoch = sync_scope.epoch_of(conn, caller.person)
        base = {
            "server_time": instant(now),
            "epoch": current_epoch,
            "last_applied_seq": last_applied,
        }
        if epoch != current_epoch:
            return {**base, "reset": True, "cursor": 0, "more": False, "entries": []}
        master = ctx.master(conn)
        counter = counters.read(conn, counters.SERVER_VERSION)
        c = t.entries.c
        q = (
            select(t.entries)
            .where(c.server_version > cursor, scope.entry_filter(master, caller))
            .order_by(c.server_version, c.id)
        )
        rows = [dict(r) for r in conn.execute(q.limit(PAGE)).mappings()]
        more = len(rows) == PAGE
        if more:
            last_version = rows[-1]["server_version"]
            seen = {r["id"] for r in rows}
            rest = conn.execute(
                select(t.entries).where(
                    c.server_version == last_version, scope.entry_filter(master, caller)
                )
            ).mappings()
            rows.extend(dict(r) for r in rest if r["id"] not in seen)
            new_cursor = int(last_version)
        else:
            new_cursor = counter
        ids = [r["id"] for r in rows]
        body: dict[str, Any] = {
            **base,
            "reset": False,
            "cursor": new_cursor,
            "more": more,
            "entries": [entry_wire(r) for r in rows],
            "comments": _comments(conn, ids),
            "corrections": _corrections(conn, ids),
            "master_rev": master.rev,
            "master": _master(master, caller) if master_rev != master.rev else None,
        }
        if not more:
            # only for people whose time the caller may see (nothing is echoed for others)
            seen = _people_seen(master, caller)
            body["digests"] = [
                digest(conn, master, caller, person, month)
                for person, month in periods[:200]
                if caller.scope == "all" or person in seen
            ]
        return body


def _people_seen(master: Master, caller: Caller) -> set[str]:
    """The caller and the people on the matters they review."""
    seen = {caller.person}
    for m in master.matters.values():
        if scope.reviews(master, caller.person, m):
            seen.update(m.team)
    return seen


def _comments(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    c = t.comments.c
    for i in range(0, len(ids), 1000):
        q = select(t.comments).where(c.entry_id.in_(ids[i : i + 1000])).order_by(c.at, c.id)
        out.extend(
            {
                "id": r["id"],
                "entry_id": r["entry_id"],
                "person": r["person"],
                "at": instant(r["at"]),
                "kind": r["kind"],
                "text": r["text"],
            }
            for r in conn.execute(q).mappings()
        )
    return out


def _corrections(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    c = t.correction_requests.c
    for i in range(0, len(ids), 1000):
        q = select(t.correction_requests).where(c.entry_id.in_(ids[i : i + 1000]))
        out.extend(
            {
                "id": r["id"],
                "entry_id": r["entry_id"],
                "person": r["person"],
                "at": instant(r["at"]),
                "proposed": r["proposed"],
                "text": r["text"],
                "status": r["status"],
                "decided_by": r["decided_by"],
                "decided_at": instant(r["decided_at"]),
            }
            for r in conn.execute(q).mappings()
        )
    return out


def _master(master: Master, caller: Caller) -> dict[str, Any]:
    """Master data as the caller may see it: their matters (all for admin and billing), those
    matters' clients, the people on them, and the rate rules that can price their own time."""
    matters = scope.visible_matters(master, caller)
    clients = {m.client for m in matters}
    if caller.scope == "all":
        people = list(master.people.values())
        rules = list(master.rules)
    else:
        names = {caller.person}
        for m in matters:
            names.update(m.team)
            names.update(m.reviewers or ())
        names.update(pid for pid, p in master.people.items() if p.role == "admin")
        from dataclasses import replace

        people = [
            p if p.id == caller.person else replace(p, email=None)
            for pid, p in master.people.items()
            if pid in names
        ]
        me = master.people.get(caller.person)
        mine = me.classification if me else None
        codes = {m.code for m in matters}
        rules = [
            r
            for r in master.rules
            if r.person in (None, caller.person)
            and r.classification in (None, mine)
            and r.matter in (None, *codes)
            and r.client in (None, *clients)
        ]
    return master_to_wire(
        master.firm,
        people,
        master.service_types.values(),
        [c for code, c in master.clients.items() if code in clients],
        matters,
        rules,
    )


def digest(
    conn: Connection, master: Master, caller: Caller, person: str, month: str
) -> dict[str, Any]:
    """The same digest a device computes over its replica (desktop.sync.replica.digest)."""
    start, end = month_bounds(month)
    c = t.entries.c
    q = (
        select(c.id, c.server_version, c.raw_seconds, c.billed_seconds, c.amount_cents)
        .where(
            c.person == person,
            c.work_date >= start,
            c.work_date < end,
            c.deleted == false(),
            scope.entry_filter(master, caller),
        )
        .order_by(c.id)
    )
    rows = conn.execute(q).all()
    return period_digest(person, month, rows)
