"""Watching for away time while a timer runs: on each tick of the running timer (there is no
tick, and so no reading at all, when no timer runs), read the idle source, the wall clock and
the monotonic clock, and report an :class:`~desktop.ui.idle.detector.Away` span to offer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.ui.idle.detector import Away, AwayDetector
from desktop.ui.idle.source import IdleSource


class AwayWatcher(QObject):
    sig_away = Signal(object)  # Away

    def __init__(
        self,
        source: IdleSource,
        clock: Callable[[], datetime],
        monotonic: Callable[[], float],
        threshold_minutes: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.clock = clock
        self.monotonic = monotonic
        self.detector = AwayDetector(threshold_minutes * 60)
        self.enabled = True
        self._started_at: datetime | None = None
        self._gap_offered_for: datetime | None = None

    def set_threshold(self, minutes: int) -> None:
        self.detector.threshold = max(1, minutes) * 60

    def on_timer(self, timer: Any) -> None:
        """A timer started, stopped or changed: start watching afresh."""
        started = timer.started_at if timer is not None else None
        if started != self._started_at:
            self.detector.reset()
        self._started_at = started

    def on_tick(self, _elapsed: int) -> None:
        if self._started_at is None:
            return
        away = self.detector.feed(
            self.clock(), self.monotonic(), self.source.idle_seconds(), self.source.locked()
        )
        if away is None or (not self.enabled and away.kind != "gap"):
            return
        if away.kind != "gap" and away.start < self._started_at:
            # idle before the timer began is not the timer's time
            if away.end <= self._started_at:
                return
            seconds = int((away.end - self._started_at).total_seconds())
            away = Away(self._started_at, away.end, away.kind, seconds)
        self.sig_away.emit(away)

    def on_gap_found(self, seconds: int) -> None:
        """The timer service found unmeasured time on a timer (e.g. the computer slept while
        the app was not running): offer it once per timer."""
        if self._started_at is None or self._gap_offered_for == self._started_at:
            return
        self._gap_offered_for = self._started_at
        now = self.clock()
        start = now - timedelta(seconds=max(seconds, 0))
        self.sig_away.emit(Away(max(start, self._started_at), now, "gap", seconds))
