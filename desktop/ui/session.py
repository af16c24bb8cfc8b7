"""The app's shared state on the GUI thread: the workspace snapshot, the running timer, held
time and recent work — and the actions that change them, sent to the task runner.

Threading rule: every method here runs on the GUI thread and only *submits* work; the
functions passed to the runner run on its worker thread and touch nothing of this object.
Results come back through the runner's callbacks, which update the state and emit signals.

The 1-second tick runs only while a timer runs: with no timer, the app does no periodic work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from datetime import time as dtime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.ui.tasks import TaskError, TaskRunner
from desktop.ui.trace import trace

if TYPE_CHECKING:
    from desktop.services.dto import EntryDTO, HeldDTO, TimerDTO
    from desktop.services.queries import RecentWork, Snapshot, WeekDTO
    from desktop.ui.backend import Backend

Clock = Callable[[], datetime]
OnError = Callable[[TaskError], None]


def _timer_fields(values: dict[str, Any]) -> Any:
    from desktop.services.timer import TimerFields

    return TimerFields(**values)


def _load(b: Backend) -> dict[str, Any]:
    """Everything the first screen needs, in one trip to the worker: the snapshot, the timer
    and held time, and this week's entries."""
    if b.queries.needs_setup():
        return {"setup": True}
    snapshot = b.queries.snapshot()
    monday = snapshot.today - timedelta(days=snapshot.today.weekday())
    week = b.queries.week(monday)
    trace("week-read")
    state = _timer_state(b)
    trace("loaded")
    return {"setup": False, "snapshot": snapshot, "week": week, **state}


def _timer_state(b: Backend) -> dict[str, Any]:
    return {
        "timer": b.timer.current(),
        "held": b.timer.held(),
        "recent": b.queries.recent_work(),
        "rev": b.queries.master_rev(),
        "gap": b.away.gap(),
    }


class SessionController(QObject):
    sig_ready = Signal(object)  # Snapshot: the workspace is open and set up
    sig_setup_needed = Signal()  # an empty workspace: the first-run choice
    sig_open_failed = Signal(str)
    sig_timer_changed = Signal(object)  # TimerDTO | None
    sig_tick = Signal(int)  # elapsed seconds of the running timer, once a second
    sig_held_changed = Signal(list)
    sig_held_created = Signal(object)  # HeldDTO: a stopped timer that needs details
    sig_recent_changed = Signal(list)
    sig_entries_changed = Signal()
    sig_gap_found = Signal(int)  # unmeasured seconds found on a timer at load
    sig_error = Signal(object)  # TaskError
    sig_info = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        clock: Clock,
        parent: QObject | None = None,
        *,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.clock = clock
        self.tz = tz  # the work date's zone (None: this machine's)
        self.snapshot: Snapshot | None = None
        self.timer: TimerDTO | None = None
        self.held: list[HeldDTO] = []
        self.recent: list[RecentWork] = []
        self.first_week: WeekDTO | None = None  # this week, loaded with the workspace
        self._rev = -1
        self._timer_busy = False
        self._timer_doing = ""
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        # a new day while the app stays open: "today", this week and new entries' dates move
        self._new_day = QTimer(self)
        self._new_day.setSingleShot(True)
        self._new_day.timeout.connect(self._check_the_date)

    # ------------------------------------------------------------------ loading
    def open(self) -> None:
        self.runner.submit(_load, self._loaded, self._open_failed, what="opening the workspace")

    def _open_failed(self, err: TaskError) -> None:
        self.sig_open_failed.emit(err.message)

    def _loaded(self, result: dict[str, Any]) -> None:
        if result["setup"]:
            self.sig_setup_needed.emit()
            return
        trace("delivered")
        self.snapshot = result["snapshot"]
        self.first_week = result["week"]
        self.sig_ready.emit(self.snapshot)
        self.first_week = None
        self._apply_state(result)
        self._watch_the_date()

    def _watch_the_date(self) -> None:
        """Look again just after the next local midnight — and at least hourly, since a
        sleep or a clock change moves midnight's wall time without telling the timer."""
        now = self.clock().astimezone(self.tz)
        midnight = datetime.combine(now.date() + timedelta(days=1), dtime(0, 0, 5), now.tzinfo)
        ms = int((midnight - now).total_seconds() * 1000)
        self._new_day.start(max(1000, min(ms, 3_600_000)))

    def _check_the_date(self) -> None:
        today = self.clock().astimezone(self.tz).date()
        if self.snapshot is not None and today != self.snapshot.today:
            self.runner.submit(lambda b: b.queries.snapshot(), self._new_snapshot, self._report)
        self._watch_the_date()

    def refresh(self) -> None:
        """Re-read the timer, held time and recent work (the CLI may have changed them);
        re-read master data when it changed."""
        if self.snapshot is None or self._timer_busy:
            return
        self.runner.submit(_timer_state, self._apply_state, self._report, what="refreshing")

    def _apply_state(self, st: dict[str, Any]) -> None:
        if self._rev != -1 and st["rev"] != self._rev:
            self.runner.submit(lambda b: b.queries.snapshot(), self._new_snapshot, self._report)
        self._rev = st["rev"]
        self._set_timer(st["timer"])
        self._set_held(st["held"])
        if st["recent"] != self.recent:
            self.recent = st["recent"]
            self.sig_recent_changed.emit(self.recent)
        if st.get("gap"):
            self.sig_gap_found.emit(st["gap"])

    def _new_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.sig_ready.emit(snap)

    def set_up(self, fn: Callable[[Backend], Any], on_error: OnError) -> None:
        """Run the first-run choice (demo data, or a one-person practice), then open."""
        self.runner.submit(fn, lambda _r: self.open(), on_error, what="setting up")

    # ------------------------------------------------------------------ timer
    @property
    def running(self) -> bool:
        return self.timer is not None

    def elapsed(self) -> int:
        if self.timer is None:
            return 0
        return max(0, int((self.clock() - self.timer.started_at).total_seconds()))

    def _set_timer(self, timer: TimerDTO | None) -> None:
        changed = timer != self.timer
        self.timer = timer
        if timer is None:
            self._ticker.stop()
        elif not self._ticker.isActive():
            self._ticker.start()
        if changed:
            self.sig_timer_changed.emit(timer)

    def _tick(self) -> None:
        self.sig_tick.emit(self.elapsed())

    def _timer_task(
        self, fn: Callable[[Backend], Any], done: Callable[[Any], None], what: str
    ) -> bool:
        if self._timer_busy:  # said, not silently dropped: the person thinks it happened
            self.sig_info.emit(
                f"Not done: Docket is still {self._timer_doing} — try again in a moment."
            )
            return False
        self._timer_busy = True
        self._timer_doing = what

        def ok(result: Any) -> None:
            self._timer_busy = False
            done(result)

        def failed(err: TaskError) -> None:
            self._timer_busy = False
            self._report(err)
            self.refresh()

        self.runner.submit(fn, ok, failed, what=what)
        return True

    def start(self, **fields: Any) -> bool:
        """Start a timer (details may be incomplete), or switch to it when one runs."""
        if self.running:
            return self.switch(**fields)
        return self._timer_task(
            lambda b: b.timer.start(_timer_fields(fields)), self._started, "starting the timer"
        )

    def _started(self, timer: TimerDTO) -> None:
        self._set_timer(timer)
        self.refresh()

    def switch(self, **fields: Any) -> bool:
        """Stop the running timer and start the next at the same instant (no gap)."""
        return self._timer_task(
            lambda b: b.timer.switch(_timer_fields(fields)), self._switched, "switching the timer"
        )

    def _switched(self, result: Any) -> None:
        stopped, started = result
        self._after_stop(stopped)
        self._set_timer(started)

    def stop(self) -> bool:
        if not self.running:
            return False
        return self._timer_task(lambda b: b.timer.stop(), self._stopped, "stopping the timer")

    def _stopped(self, result: Any) -> None:
        self._set_timer(None)
        self._after_stop(result)

    def _after_stop(self, result: Any) -> None:
        if result.entry is not None:
            self.sig_info.emit(f"Saved {result.entry.billed_hours} h on {result.entry.matter}.")
        self.sig_entries_changed.emit()
        if result.held is not None:
            self._set_held([*self.held, result.held])
            self.sig_held_created.emit(result.held)
        self.refresh()

    def discard(self, started: datetime | None = None) -> bool:
        """Discard the running timer — with ``started``, only the one confirmed."""
        if not self.running:
            return False
        return self._timer_task(
            lambda b: b.timer.discard(started),
            lambda _t: self._set_timer(None),
            "discarding the timer",
        )

    # ------------------------------------------------------------------ away time
    # ``started``: the timer the away question was about (see AwayService)
    def away_keep(self, comment: str, started: datetime | None = None) -> None:
        self._timer_task(
            lambda b: b.away.keep(comment, started), self._set_timer, "keeping away time"
        )

    def away_shift(self, seconds: int, comment: str, started: datetime | None = None) -> None:
        self._timer_task(
            lambda b: b.away.shift(seconds, comment, started),
            self._set_timer,
            "discarding away time",
        )

    def away_split(
        self, start: datetime, end: datetime, comment: str, started: datetime | None = None
    ) -> None:
        def done(result: Any) -> None:
            timer, held = result
            self._set_timer(timer)
            self._set_held([*self.held, held])
            self.sig_held_created.emit(held)

        self._timer_task(
            lambda b: b.away.split(start, end, comment, started), done, "keeping away time"
        )

    # ------------------------------------------------------------------ held time
    def _set_held(self, held: list[HeldDTO]) -> None:
        if [h.id for h in held] != [h.id for h in self.held]:
            self.held = list(held)
            self.sig_held_changed.emit(self.held)

    def complete(
        self,
        held_id: str,
        changes: dict[str, Any],
        on_done: Callable[[EntryDTO], None],
        on_error: OnError,
    ) -> None:
        def done(entry: EntryDTO) -> None:
            self._set_held([h for h in self.held if h.id != held_id])
            self.sig_entries_changed.emit()
            on_done(entry)
            self.refresh()

        self.runner.submit(
            lambda b: b.timer.complete(held_id, changes), done, on_error, what="saving the entry"
        )

    # ------------------------------------------------------------------ entries
    def save_entry(
        self,
        entry_id: str | None,
        values: dict[str, Any],
        on_done: Callable[[Any], None],
        on_error: OnError,
    ) -> None:
        """Log a new entry (``entry_id`` None) or edit one; ``values`` are entry fields."""

        def task(b: Backend) -> Any:
            from desktop.services.entries import EntryChanges, EntryInput

            if entry_id is None:
                return b.entries.log(EntryInput(**values))
            return b.entries.edit(entry_id, EntryChanges(values))

        def done(result: Any) -> None:
            self.sig_entries_changed.emit()
            on_done(result)
            self.refresh()

        self.runner.submit(task, done, on_error, what="saving the entry")

    def delete_entry(self, entry_id: str, on_done: Callable[[Any], None]) -> None:
        def done(result: Any) -> None:
            self.sig_entries_changed.emit()
            on_done(result)

        self.runner.submit(
            lambda b: b.entries.delete(entry_id), done, self._report, what="deleting the entry"
        )

    def _report(self, err: TaskError) -> None:
        self.sig_error.emit(err)

    def shutdown(self) -> None:
        self._ticker.stop()
        self._new_day.stop()
