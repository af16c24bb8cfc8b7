"""When the app syncs (no Qt here; the app drives it with one timer):

* on start, and soon after each change (debounced: a burst of edits is one sync);
* periodically while all is well;
* after a failure, with exponential back-off and full jitter (connect errors, timeouts, 5xx,
  429), and at once when the network is reported back;
* not at all while signed out (401) until the person signs in again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

Result = Literal["ok", "offline", "unauthorized", "rejected"]

DEBOUNCE = 2.0
PERIOD = 300.0
BACKOFF_BASE = 2.0
BACKOFF_CAP = 300.0


@dataclass
class SyncScheduler:
    """Times are plain seconds on a monotonic clock the caller supplies."""

    debounce: float = DEBOUNCE
    period: float = PERIOD
    due: float | None = None
    failures: int = 0
    stopped: bool = False
    running: bool = False
    rng: random.Random = random.Random()

    def start(self, now: float) -> None:
        self.stopped = False
        self.due = now

    def changed(self, now: float) -> None:
        """Something was written locally: sync soon (earlier if already due sooner)."""
        if self.stopped:
            return
        soon = now + self.debounce
        if self.failures:  # offline: the next retry carries it; no hammering
            return
        self.due = soon if self.due is None else min(self.due, soon)

    def network_back(self, now: float) -> None:
        if not self.stopped and self.failures:
            self.due = now

    def begin(self) -> None:
        self.running = True
        self.due = None

    def finished(self, now: float, result: Result) -> None:
        self.running = False
        if result == "ok" or result == "rejected":
            self.failures = 0
            self.due = now + self.period if self.due is None else self.due
        elif result == "offline":
            self.failures += 1
            wait = self.rng.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (self.failures - 1)))
            self.due = now + max(1.0, wait)
        else:  # unauthorized: wait for the person to sign in again
            self.stopped = True
            self.due = None

    def delay(self, now: float) -> float | None:
        """Seconds until the next sync should start (None: nothing scheduled)."""
        if self.stopped or self.running or self.due is None:
            return None
        return max(0.0, self.due - now)
