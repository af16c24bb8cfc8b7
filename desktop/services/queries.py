"""Read-only questions the desktop app asks: is the workspace set up, the snapshot of master
data and who acts, one person's week, and the work they did recently. Nothing here writes.

Everything returned is frozen, so the GUI thread may hold it; ``Snapshot.master`` is the same
immutable :class:`~desktop.models.master.Master` the services use, which lets the app compute
an entry's live preview (:mod:`desktop.services.preview`) without a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import false, func, select

from core.model import Matter, Person
from desktop.models import master as master_mod
from desktop.models import tables as t
from desktop.models.master import Master
from desktop.services.dto import EntryDTO
from desktop.services.entries import EntryFilter, EntryService
from desktop.services.workspace import Workspace


@dataclass(frozen=True)
class Snapshot:
    """Master data and the acting person, as of ``master.rev``."""

    master: Master
    person: Person
    kind: str
    today: date

    @property
    def awaiting_setup(self) -> bool:
        """A firm workspace whose first sync has not brought the firm's set-up yet."""
        return self.kind == "firm" and self.master.firm is None

    def loggable_matters(self) -> list[Matter]:
        """Open matters the acting person may log time to (team members, or no team)."""
        return [
            m
            for m in self.master.matters.values()
            if not m.closed and (not m.team or self.person.id in m.team)
        ]


@dataclass(frozen=True)
class WeekDTO:
    """One person's entries from ``monday`` to the Sunday after, oldest first."""

    monday: date
    person: str
    entries: tuple[EntryDTO, ...]
    master_rev: int

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


@dataclass(frozen=True)
class RecentWork:
    """A matter the person logged to recently, with the phase and service of its latest
    entry (what a timer started on it from the tray carries)."""

    matter: str
    phase: str | None
    service: str | None


class QueryService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def needs_setup(self) -> bool:
        """True for a personal workspace with no people yet (the app's first run); a firm
        workspace's set-up comes from the server, with its first sync."""
        with self.ws.store.read() as conn:
            if self.ws.kind(conn) == "firm":
                return False
            return not conn.execute(select(func.count()).select_from(t.people)).scalar_one()

    def snapshot(self) -> Snapshot:
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            acting = self.ws.acting(conn, master, reading=True)
            return Snapshot(master, acting.person, acting.kind, self.ws.today())

    def master_rev(self) -> int:
        with self.ws.store.read() as conn:
            return master_mod.master_rev(conn)

    def week(self, monday: date) -> WeekDTO:
        """The acting person's entries of the week starting ``monday`` (one indexed range
        query on ``(person, work_date)``: years of history do not slow it)."""
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            person = self.ws.acting(conn, master, reading=True).person.id
        entries = EntryService(self.ws).list(
            EntryFilter(date_from=monday, date_to=monday + timedelta(days=6), person=person)
        )
        entries.sort(key=lambda e: (e.date, e.created_at, e.id))
        return WeekDTO(monday, person, tuple(entries), master.rev)

    def recent_work(self, limit: int = 6, days: int = 60) -> list[RecentWork]:
        """The matters the acting person logged to most recently (each once, with the phase
        and service of its latest entry), newest first, on matters they may still log to.
        Reads at most the last few hundred entries of the last ``days`` days, through the
        index on ``(person, work_date)``: years of history do not slow it."""
        with self.ws.store.read() as conn:
            master = self.ws.master(conn)
            person = self.ws.acting(conn, master, reading=True).person
            c = t.entries.c
            rows = conn.execute(
                select(c.matter, c.phase, c.service)
                .where(
                    c.person == person.id,
                    c.deleted == false(),
                    c.matter.is_not(None),
                    c.work_date >= self.ws.today() - timedelta(days=days),
                )
                .order_by(c.work_date.desc(), c.created_at.desc())
                .limit(500)
            ).all()
        out: list[RecentWork] = []
        seen: set[str] = set()
        for r in rows:
            m = master.matters.get(r.matter)
            if r.matter in seen or m is None or m.closed or (m.team and person.id not in m.team):
                continue
            seen.add(r.matter)
            out.append(RecentWork(r.matter, r.phase, r.service))
            if len(out) == limit:
                break
        return out
