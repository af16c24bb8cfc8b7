"""Totals and the workspace's status: the timer, held time, today's and this week's hours
(billable / non-billable)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, false, func, select

from core.money import from_cents
from core.rounding import hours
from desktop.models import tables as t
from desktop.services.dto import StatusDTO, Totals
from desktop.services.timer import TimerService
from desktop.services.workspace import Workspace


def totals(conn: Connection, person: str, start: date, end: date) -> Totals:
    """Billed seconds (billable / non-billable) and amount of a person's entries in a period."""
    c = t.entries.c
    rows = conn.execute(
        select(c.billable, func.sum(c.billed_seconds), func.sum(c.amount_cents))
        .where(
            c.person == person,
            c.deleted == false(),
            c.work_date >= start,
            c.work_date <= end,
        )
        .group_by(c.billable)
    ).all()
    b = nb = cents = 0
    for billable, secs, amount in rows:
        if billable:
            b += int(secs or 0)
        else:
            nb += int(secs or 0)
        cents += int(amount or 0)
    return Totals(b, nb, hours(b), hours(nb), from_cents(cents))


class StatusService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def status(self) -> StatusDTO:
        today = self.ws.today()
        monday = today - timedelta(days=today.weekday())
        timer = TimerService(self.ws).current()
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            acting = self.ws.acting(conn, master, reading=True)
            held = conn.execute(
                select(func.count(), func.coalesce(func.sum(t.held.c.raw_seconds), 0))
            ).one()
            sync = None
            if acting.kind == "firm":
                from desktop.services.account import AccountService

                sync = AccountService(self.ws).status().word
            return StatusDTO(
                workspace=acting.kind,
                timer=timer,
                held_count=int(held[0]),
                held_seconds=int(held[1]),
                today=totals(conn, acting.person.id, today, today),
                week=totals(conn, acting.person.id, monday, monday + timedelta(days=6)),
                sync=sync,
            )
