"""Scope epochs (SYNC.md "Pull"): a change to what a person may see — a team, the reviewers,
their role, their being active — bumps that person's epoch, and a pull made with an older
epoch answers ``reset`` so the device reloads its replica in full."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from core.model import reviewers_of
from server.models import tables as t
from server.models.master import Master


def view_key(master: Master, person: str) -> tuple[object, ...]:
    """Everything that decides what ``person`` sees: role, activity, matters on, matters
    reviewed."""
    p = master.people.get(person)
    if p is None:
        return ()
    on = frozenset(code for code, m in master.matters.items() if person in m.team)
    reviewed = frozenset(
        code for code, m in master.matters.items() if person in reviewers_of(m, master.people)
    )
    return (p.role, p.active, on, reviewed)


def bump_changed(conn: Connection, before: Master, after: Master) -> list[str]:
    """Bump the epoch of every person whose view changed between two master snapshots."""
    # a person new to the firm has no device that could hold a stale replica
    changed = [
        pid
        for pid in after.people
        if pid in before.people and view_key(before, pid) != view_key(after, pid)
    ]
    for pid in changed:
        bump(conn, pid)
    return changed


def bump(conn: Connection, person: str) -> None:
    """Inside a writing unit of work (writers take turns, so update-then-insert is safe)."""
    c = t.scope_epochs.c
    res = conn.execute(update(t.scope_epochs).where(c.person == person).values(epoch=c.epoch + 1))
    if res.rowcount == 0:
        conn.execute(insert(t.scope_epochs).values(person=person, epoch=1))


def epoch_of(conn: Connection, person: str) -> int:
    row = conn.execute(
        select(t.scope_epochs.c.epoch).where(t.scope_epochs.c.person == person)
    ).first()
    return int(row[0]) if row else 0
