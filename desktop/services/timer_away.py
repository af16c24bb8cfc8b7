"""Away time on a running timer: what the person decided when the app noticed they were away
(the OS idle counter, a screen lock) or that time passed unmeasured (a sleep, a clock step).

Every decision is audited and leaves the timer's monotonic reading rebased to what the wall
clock now says, so a stop afterwards sees no gap left to question:

* keep — the away time counts as worked;
* shift — the timer's start moves later by the away time (it no longer counts) or earlier
  (time a backwards clock step hid is counted again);
* split — the away span becomes held time of its own, with the timer's details, to be
  completed into a separate entry (never lost meanwhile), and no longer counts on the timer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from core.duration import format_compact
from core.errors import DocketError
from desktop.models import audit_log
from desktop.models import tables as t
from desktop.services.dto import HeldDTO, TimerDTO
from desktop.services.timer import TIMER_FIELDS, TimerService, _timer_snapshot


class AwayService:
    def __init__(self, timer: TimerService) -> None:
        self.timer = timer
        self.ws = timer.ws

    def gap(self) -> int:
        """Seconds of the running timer that passed unmeasured (positive: a sleep or the
        clock moved forward; negative: it moved back); 0 when none, or no timer runs."""
        with self.ws.store.read() as conn:
            row = conn.execute(select(t.timer)).mappings().first()
            if row is None:
                return 0
            elapsed = int((self.ws.now() - row["started_at"]).total_seconds())
            return self.timer._gap(dict(row), elapsed)

    # ``started``: the start of the timer the person was asked about — when the running timer
    # is another by the time they answer (switched from the tray, the CLI), nothing changes

    def keep(self, comment: str, started: datetime | None = None) -> TimerDTO:
        """Count the away time as worked."""
        with self.ws.store.write() as conn:
            row = self._running(conn, started)
            return self._rebase(conn, row, row["started_at"], "timer.away_keep", comment)

    def shift(self, seconds: int, comment: str, started: datetime | None = None) -> TimerDTO:
        """Move the timer's start by ``seconds`` (later: the away time no longer counts)."""
        with self.ws.store.write() as conn:
            row = self._running(conn, started)
            start = row["started_at"] + timedelta(seconds=seconds)
            if start > self.ws.now():
                raise DocketError("the timer has not run that long: nothing to discard")
            return self._rebase(conn, row, start, "timer.away_discard", comment)

    def split(
        self, start: datetime, end: datetime, comment: str, started: datetime | None = None
    ) -> tuple[TimerDTO, HeldDTO]:
        """Hold ``start``–``end`` as time of its own (the timer's details, completed later
        into a separate entry) and take it off the running timer."""
        seconds = int((end - start).total_seconds())
        if seconds < 1:
            raise DocketError("the away time is empty: nothing to keep separately")
        now = self.ws.now()
        with self.ws.store.write() as conn:
            row = self._running(conn, started)
            if start < row["started_at"] or end > now:
                raise DocketError("the away time is not within the running timer")
            actor = self.ws.acting(conn).person.id
            fields = {k: row[k] for k in TIMER_FIELDS}
            span = dict(row, started_at=start, work_date=self.ws.work_date_of(start))
            held = self.timer._hold(
                conn, span, fields, end, seconds, f"away time kept separately: {comment}", actor
            )
            moved = row["started_at"] + timedelta(seconds=seconds)
            return self._rebase(conn, row, moved, "timer.away_split", comment), held

    # ------------------------------------------------------------------ helpers
    def _running(self, conn: Connection, started: datetime | None = None) -> dict[str, Any]:
        return self.timer.running_row(conn, started)

    def _rebase(
        self, conn: Connection, row: dict[str, Any], start: datetime, action: str, comment: str
    ) -> TimerDTO:
        now = self.ws.now()
        elapsed = (now - start).total_seconds()
        values = {
            "started_at": start,
            "mono_start": repr(self.timer.monotonic() - elapsed),
            "boot_id": self.timer.boot_id(),
        }
        conn.execute(update(t.timer).values(**values))
        new = dict(row, **values)
        moved = int((start - row["started_at"]).total_seconds())
        audit_log.record(
            conn,
            now=now,
            actor=self.ws.acting(conn).person.id,
            action=action,
            entity="timer",
            entity_id=row["person"],
            before=_timer_snapshot(row),
            after=_timer_snapshot(new),
            comment=comment
            + (
                f" (start moved by {'-' if moved < 0 else ''}{format_compact(abs(moved))})"
                if moved
                else ""
            ),
        )
        return self.timer._dto(new, now)
