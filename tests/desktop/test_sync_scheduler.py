"""When the app syncs: debounced after changes, periodic, backing off with jitter."""

from __future__ import annotations

import random

from desktop.sync.scheduler import BACKOFF_CAP, SyncScheduler


def test_start_then_period() -> None:
    s = SyncScheduler(rng=random.Random(1))
    s.start(100.0)
    assert s.delay(100.0) == 0
    s.begin()
    assert s.delay(100.0) is None  # one at a time
    s.finished(101.0, "ok")
    assert s.delay(101.0) == s.period


def test_changes_are_debounced_into_one_sync() -> None:
    s = SyncScheduler(rng=random.Random(1))
    s.start(0)
    s.begin()
    s.finished(1, "ok")
    for t in (10.0, 10.5, 11.0):
        s.changed(t)
    assert s.delay(11.0) == 1.0  # 2 s after the first change, not pushed back by the others


def test_failures_back_off_with_jitter_up_to_a_cap() -> None:
    s = SyncScheduler(rng=random.Random(7))
    s.start(0)
    waits = []
    now = 0.0
    for _ in range(12):
        s.begin()
        s.finished(now, "offline")
        d = s.delay(now)
        assert d is not None and 1.0 <= d <= BACKOFF_CAP
        waits.append(d)
        now += d
    assert max(waits) > 20  # it grew
    due = s.due
    s.changed(now)  # while offline a change does not hammer the server
    assert s.due == due
    s.network_back(now + 1)
    assert s.delay(now + 1) == 0


def test_unauthorized_stops_until_signed_in_again() -> None:
    s = SyncScheduler()
    s.start(0)
    s.begin()
    s.finished(0, "unauthorized")
    s.changed(1)
    assert s.delay(1) is None
    s.start(5)
    assert s.delay(5) == 0
