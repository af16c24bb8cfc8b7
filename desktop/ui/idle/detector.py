"""Deciding, from periodic readings, that the person was away (pure: no Qt, no OS calls).

Fed once per tick of a running timer with the wall clock, the monotonic clock, the OS idle
seconds and the lock state, :class:`AwayDetector` reports an :class:`Away` span when

* the wall clock moved more (a sleep, a forward step) or less (a backward step) than the
  monotonic clock between two readings, by more than ``gap_tolerance``; or
* the idle counter reached ``threshold`` (or the screen was locked for that long) and the
  person has come back (the counter dropped again, the screen unlocked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Kind = Literal["idle", "locked", "gap"]
GAP_TOLERANCE_SECONDS = 120  # the timer service's own tolerance


@dataclass(frozen=True)
class Away:
    """``start``–``end`` on the wall clock. For a gap, ``seconds`` is signed: positive when
    time passed unmeasured (sleep, clock forward), negative when the clock went back."""

    start: datetime
    end: datetime
    kind: Kind
    seconds: int

    @property
    def backwards(self) -> bool:
        return self.seconds < 0


class AwayDetector:
    def __init__(self, threshold_seconds: int, gap_tolerance: int = GAP_TOLERANCE_SECONDS) -> None:
        self.threshold = threshold_seconds
        self.gap_tolerance = gap_tolerance
        self._last: tuple[datetime, float] | None = None
        self._since: datetime | None = None
        self._kind: Kind = "idle"

    def reset(self) -> None:
        """Forget everything (a timer started or stopped)."""
        self._last = None
        self._since = None

    def feed(
        self, wall: datetime, mono: float, idle: float | None, locked: bool | None
    ) -> Away | None:
        last, self._last = self._last, (wall, mono)
        last_wall = last[0] if last is not None else wall
        if last is not None:
            gap = (wall - last[0]).total_seconds() - (mono - last[1])
            if abs(gap) > self.gap_tolerance:
                start = last[0] if self._since is None else min(self._since, last[0])
                self._since = None
                if gap > 0:
                    return Away(start, last[0] + timedelta(seconds=gap), "gap", round(gap))
                return Away(wall, wall, "gap", round(gap))
        if locked:
            if self._since is None:  # since the last input, but not before the last reading
                since = max(last_wall, wall - timedelta(seconds=idle or 0))
                self._since, self._kind = since, "locked"
            return None
        if idle is not None and idle >= self.threshold and self._since is None:
            self._since, self._kind = wall - timedelta(seconds=idle), "idle"
            return None
        back = idle is None or idle < self.threshold
        if self._since is not None and back:
            end = wall - timedelta(seconds=idle or 0)
            start, self._since = self._since, None
            seconds = round((end - start).total_seconds())
            if seconds >= self.threshold:
                return Away(start, end, self._kind, seconds)
        return None
