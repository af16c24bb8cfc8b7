"""The timer: one at a time, its start a persisted UTC instant (it survives a crash or a
reboot), and held time — a stopped timer that cannot become an entry yet — which is never
lost, never expires, and counts nowhere until it is completed.

A timer's work date is the local date it started. Its elapsed time is the wall-clock
difference, checked against a monotonic reading taken at the start: a gap (a sleep, a clock
step) is never silently added or dropped — the time is held, with the reason, for the person
to confirm.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from core import policy
from core.duration import MAX_SECONDS, format_compact
from core.errors import DocketError, NotFound, PolicyViolation, Problem
from desktop.models import audit_log
from desktop.models import tables as t
from desktop.models.master import Master
from desktop.services import pricing_rows as pr
from desktop.services import sync_hooks
from desktop.services.dto import EntryDTO, HeldDTO, StopResult, TimerDTO
from desktop.services.workspace import Workspace

GAP_TOLERANCE_SECONDS = 120
TIMER_FIELDS = (
    "matter",
    "phase",
    "service",
    "narrative",
    "utbms_task",
    "utbms_activity",
    "billable_override",
)


def boot_id() -> str | None:
    """This boot's id (Linux), so a monotonic reading is compared only within one boot."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


@dataclass(frozen=True)
class TimerFields:
    matter: str | None = None
    phase: str | None = None
    service: str | None = None
    narrative: str = ""
    utbms_task: str | None = None
    utbms_activity: str | None = None
    billable_override: bool | None = None


class TimerService:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.monotonic = time.monotonic
        self.boot_id = boot_id

    # ------------------------------------------------------------------ timer
    def current(self) -> TimerDTO | None:
        with self.ws.store.read() as conn:
            row = conn.execute(select(t.timer)).mappings().first()
            return self._dto(row) if row else None

    def start(self, fields: TimerFields, *, at: datetime | None = None) -> TimerDTO:
        """Start the timer. Fields may be incomplete (they are asked for on stop), but codes
        that are given must exist. Refused while another timer runs."""
        now = at or self.ws.now()
        with self.ws.store.write() as conn:
            return self._start(conn, fields, now, backdated=at is not None)

    def _start(
        self, conn: Connection, fields: TimerFields, now: datetime, backdated: bool = False
    ) -> TimerDTO:
        master = self.ws.master(conn)
        acting = self.ws.acting(conn, master)
        running = conn.execute(select(t.timer)).mappings().first()
        if running:
            what = running["matter"] or "no matter yet"
            raise DocketError(
                f"a timer is already running ({what}, since "
                f"{running['started_at'].astimezone(self.ws.tz).strftime('%H:%M')}): "
                "stop it, or switch to the new matter"
            )
        draft = self._draft(acting.person.id, fields, self.ws.work_date_of(now), 1)
        bad = _invalid_codes(master, draft)
        if bad:
            raise PolicyViolation(bad, "timer not started")
        row = {
            "id": 1,
            "person": acting.person.id,
            **{k: getattr(fields, k) for k in TIMER_FIELDS},
            "narrative": (fields.narrative or "").strip(),
            "started_at": now,
            "work_date": self.ws.work_date_of(now),
            # a back-dated start (given ``at``) has no monotonic reading to compare with
            "mono_start": None if backdated else repr(self.monotonic()),
            "boot_id": None if backdated else self.boot_id(),
        }
        conn.execute(insert(t.timer).values(**row))
        audit_log.record(
            conn,
            now=now,
            actor=acting.person.id,
            action="timer.start",
            entity="timer",
            entity_id=acting.person.id,
            before=None,
            after=_timer_snapshot(row),
        )
        return self._dto(row)

    def stop(
        self,
        changes: dict[str, Any] | None = None,
        *,
        at: datetime | None = None,
        keep_gap: bool = False,
    ) -> StopResult:
        """Stop the timer. It becomes an entry when complete; otherwise its time is held with
        the reason (missing fields, over 24 hours, an unmeasured gap unless ``keep_gap``).
        Codes given now that do not exist refuse the stop and the timer keeps running."""
        now = at or self.ws.now()
        with self.ws.store.write() as conn:
            return self._stop(conn, changes or {}, now, keep_gap)

    def _stop(
        self, conn: Connection, changes: dict[str, Any], now: datetime, keep_gap: bool
    ) -> StopResult:
        master = self.ws.master(conn)
        found = conn.execute(select(t.timer)).mappings().first()
        if found is None:
            raise DocketError("no timer is running")
        row = dict(found)
        unknown = set(changes) - set(TIMER_FIELDS)
        if unknown:
            raise ValueError(f"not timer fields: {sorted(unknown)}")
        merged = {k: changes.get(k, row[k]) for k in TIMER_FIELDS}
        elapsed = int((now - row["started_at"]).total_seconds())
        gap = self._gap(row, elapsed)
        draft = self._draft(row["person"], TimerFields(**merged), row["work_date"], elapsed)
        given = {k for k in changes if changes[k] is not None}
        bad = [p for p in _invalid_codes(master, draft) if p.path in given]
        if bad:
            raise PolicyViolation(bad, "timer not stopped")
        conn.execute(delete(t.timer))
        actor = self.ws.acting(conn, master).person.id
        if elapsed < 1:
            audit_log.record(
                conn,
                now=now,
                actor=actor,
                action="timer.discard",
                entity="timer",
                entity_id=row["person"],
                before=_timer_snapshot(row),
                after=None,
                comment="stopped after less than a second: nothing to record",
            )
            return StopResult(None, None)
        reasons: list[str] = []
        if elapsed > MAX_SECONDS:
            reasons.append(
                f"the timer ran {format_compact(elapsed)}, more than 24 hours: "
                "split or trim it (complete it with --duration)"
            )
        elif gap and not keep_gap:
            reasons.append(
                f"{format_compact(abs(gap))} of the timer's time passed while the computer "
                "slept or its clock changed: keep it, or trim it (complete with --duration)"
            )
        reasons.extend(
            f"{p.path}: {p.message}"
            for p in pr.problems(master, pr.normalise(master, draft))
            if p.path != "duration"
        )
        reason = "; ".join(reasons)
        if reason:
            held = self._hold(conn, row, merged, now, elapsed, reason, actor)
            return StopResult(None, held, gap)
        entry = self._make_entry(conn, master, draft, row["started_at"], now, actor)
        audit_log.record(
            conn,
            now=now,
            actor=actor,
            action="timer.stop",
            entity="timer",
            entity_id=row["person"],
            before=_timer_snapshot(row),
            after={"entry": entry.id},
        )
        return StopResult(entry, None, gap)

    def switch(
        self,
        fields: TimerFields,
        *,
        stop_changes: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> tuple[StopResult, TimerDTO]:
        """Stop the running timer and start the next at the same instant: no gap, no overlap."""
        now = at or self.ws.now()
        with self.ws.store.write() as conn:
            stopped = self._stop(conn, stop_changes or {}, now, keep_gap=False)
            started = self._start(conn, fields, now)
            return stopped, started

    def running_row(self, conn: Connection, started: datetime | None = None) -> dict[str, Any]:
        """The running timer's row; with ``started``, only if it is still the timer that
        started then (the one the person was asked about)."""
        row = conn.execute(select(t.timer)).mappings().first()
        if row is None:
            raise DocketError("no timer is running")
        if started is not None and row["started_at"] != started:
            what = row["matter"] or "no matter"
            raise DocketError(
                f"the running timer changed meanwhile (now on {what}): nothing was changed"
            )
        return dict(row)

    def discard(self, started: datetime | None = None) -> TimerDTO:
        """Throw the running timer away (audited, with its elapsed time)."""
        now = self.ws.now()
        with self.ws.store.write() as conn:
            row = self.running_row(conn, started)
            conn.execute(delete(t.timer))
            master = self.ws.master(conn)
            elapsed = int((now - row["started_at"]).total_seconds())
            audit_log.record(
                conn,
                now=now,
                actor=self.ws.acting(conn, master).person.id,
                action="timer.discard",
                entity="timer",
                entity_id=row["person"],
                before=_timer_snapshot(dict(row)),
                after=None,
                comment=f"discarded after {format_compact(max(0, elapsed))}",
            )
            return self._dto(row, now)

    # ------------------------------------------------------------------ held
    def held(self) -> list[HeldDTO]:
        with self.ws.store.read() as conn:
            return [
                _held_dto(r)
                for r in conn.execute(select(t.held).order_by(t.held.c.started_at)).mappings()
            ]

    def complete(self, ref: str, changes: dict[str, Any]) -> EntryDTO:
        """Turn held time into an entry, with the missing fields (and a trimmed duration or
        another date if given). Refused, naming the fields, while anything is still missing."""
        now = self.ws.now()
        with self.ws.store.write() as conn:
            master = self.ws.master(conn)
            row = self._held_row(conn, ref)
            fields = {k: changes.get(k, row[k]) for k in TIMER_FIELDS}
            raw = changes.get("raw_seconds", row["raw_seconds"])
            if raw > row["raw_seconds"]:
                raise PolicyViolation(
                    [
                        Problem(
                            "duration",
                            f"the held time is {format_compact(row['raw_seconds'])}: the entry "
                            "made from it can be shorter, not longer (log more time as an "
                            "entry of its own)",
                        )
                    ]
                )
            work_date = changes.get("work_date", row["work_date"])
            draft = self._draft(row["person"], TimerFields(**fields), work_date, raw)
            draft = pr.check(master, draft)
            end = row["stopped_at"] if raw == row["raw_seconds"] else None
            actor = self.ws.acting(conn, master).person.id
            entry = self._make_entry(conn, master, draft, row["started_at"], end, actor)
            conn.execute(delete(t.held).where(t.held.c.id == row["id"]))
            audit_log.record(
                conn,
                now=now,
                actor=actor,
                action="held.complete",
                entity="held",
                entity_id=row["id"],
                before=_held_snapshot(row),
                after={"entry": entry.id},
            )
            return entry

    def _held_row(self, conn: Connection, ref: str) -> dict[str, Any]:
        ref = ref.strip().lower()
        if not re.fullmatch(r"[0-9a-f-]{1,36}", ref):  # an id or its start, never a pattern
            raise NotFound(f"there is no held time {ref!r} (see `docket held`)")
        rows = conn.execute(select(t.held).where(t.held.c.id.like(ref + "%")).limit(2)).mappings()
        found = [dict(r) for r in rows]
        if len(ref) < 6 or not found:
            raise NotFound(f"there is no held time {ref!r} (see `docket held`)")
        if len(found) > 1:
            raise NotFound(f"{ref} matches more than one held time: give more of the id")
        return found[0]

    # ------------------------------------------------------------------ helpers
    def _gap(self, row: dict[str, Any], elapsed: int) -> int:
        """Seconds the wall clock moved that the monotonic clock did not (a sleep, a clock
        step). Only within one boot: where the platform has no boot id (Windows, macOS) the
        readings cannot be compared across a restart, so nothing is measured here — the app's
        away watcher still sees the sleep or the lock as it happens."""
        booted = row.get("boot_id")
        if not row.get("mono_start") or not booted or booted != self.boot_id():
            return 0
        measured = self.monotonic() - float(row["mono_start"])
        gap = int(elapsed - measured)
        return gap if abs(gap) > GAP_TOLERANCE_SECONDS else 0

    def _draft(self, person: str, f: TimerFields, work_date: Any, raw: int) -> pr.Draft:
        return pr.Draft(
            person=person,
            work_date=work_date,
            raw_seconds=raw,
            matter=f.matter,
            phase=f.phase,
            service=f.service,
            narrative=f.narrative or "",
            utbms_task=f.utbms_task,
            utbms_activity=f.utbms_activity,
            billable_override=f.billable_override,
        )

    def _make_entry(
        self,
        conn: Connection,
        master: Master,
        draft: pr.Draft,
        start: datetime,
        end: datetime | None,
        actor: str,
    ) -> EntryDTO:
        draft = pr.check(master, draft)
        now = self.ws.now()
        row = {
            "id": str(uuid.uuid4()),
            **pr.draft_columns(draft),
            "start_at": start,
            "end_at": end,
            **pr.pricing_columns(pr.price_of(master, draft)),
            "status": "draft",
            "source": "timer",
            "source_detail": None,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "deleted": False,
            "server_version": None,
        }
        conn.execute(insert(t.entries).values(**row))
        sync_hooks.created(conn, row, now)
        audit_log.record(
            conn,
            now=now,
            actor=actor,
            action="entry.create",
            entity="entry",
            entity_id=row["id"],
            before=None,
            after=pr.snapshot(row),
        )
        return pr.to_dto(row, master)

    def _hold(
        self,
        conn: Connection,
        row: dict[str, Any],
        fields: dict[str, Any],
        now: datetime,
        elapsed: int,
        reason: str,
        actor: str,
    ) -> HeldDTO:
        held = {
            "id": str(uuid.uuid4()),
            "person": row["person"],
            **fields,
            "narrative": fields.get("narrative") or "",
            "started_at": row["started_at"],
            "stopped_at": now,
            "raw_seconds": elapsed,
            "work_date": row["work_date"],
            "reason": reason,
            "created_at": now,
        }
        conn.execute(insert(t.held).values(**held))
        audit_log.record(
            conn,
            now=now,
            actor=actor,
            action="held.create",
            entity="held",
            entity_id=held["id"],
            before=None,
            after=_held_snapshot(held),
            comment=reason,
        )
        return _held_dto(held)

    def _dto(self, row: Any, now: datetime | None = None) -> TimerDTO:
        now = now or self.ws.now()
        return TimerDTO(
            person=row["person"],
            matter=row["matter"],
            phase=row["phase"],
            service=row["service"],
            narrative=row["narrative"],
            utbms_task=row["utbms_task"],
            utbms_activity=row["utbms_activity"],
            billable_override=row["billable_override"],
            started_at=row["started_at"],
            work_date=row["work_date"],
            elapsed_seconds=max(0, int((now - row["started_at"]).total_seconds())),
        )


def _invalid_codes(master: Master, draft: pr.Draft) -> list[Any]:
    """Problems other than missing required fields (those a timer may start without)."""
    person = master.people[draft.person]
    matter = master.matters.get(draft.matter or "")
    client = master.clients.get(matter.client) if matter else None
    everything = pr.problems(master, pr.normalise(master, draft))
    missing = set(
        policy.missing_fields(
            pr.normalise(master, draft).fields(), firm=master.settings, client=client, matter=matter
        )
    )
    del person
    return [p for p in everything if p not in missing and p.path != "duration"]


def _timer_snapshot(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "person": row["person"],
        **{k: row[k] for k in TIMER_FIELDS},
        "started_at": row["started_at"].isoformat(),
        "work_date": row["work_date"].isoformat(),
    }


def _held_snapshot(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **_timer_snapshot(row),
        "stopped_at": row["stopped_at"].isoformat(),
        "raw_seconds": row["raw_seconds"],
        "reason": row["reason"],
    }


def _held_dto(r: Any) -> HeldDTO:
    return HeldDTO(
        id=r["id"],
        person=r["person"],
        matter=r["matter"],
        phase=r["phase"],
        service=r["service"],
        narrative=r["narrative"],
        utbms_task=r["utbms_task"],
        utbms_activity=r["utbms_activity"],
        billable_override=r["billable_override"],
        started_at=r["started_at"],
        stopped_at=r["stopped_at"],
        raw_seconds=r["raw_seconds"],
        work_date=r["work_date"],
        reason=r["reason"],
        created_at=r["created_at"],
    )
