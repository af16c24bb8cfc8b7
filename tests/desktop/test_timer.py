"""The timer and held time, through the services with a clock the test moves."""

from __future__ import annotations

import pytest

from core.errors import DocketError, PolicyViolation
from desktop.services.timer import TimerFields, TimerService
from desktop.services.workspace import Workspace
from tests.desktop.conftest import Clock


@pytest.fixture
def timer(firm: Workspace, clock: Clock) -> TimerService:
    svc = TimerService(firm)
    svc.boot_id = lambda: "boot-1"  # type: ignore[method-assign]
    svc.monotonic = lambda: clock.now.timestamp()  # type: ignore[method-assign]
    return svc


def test_complete_timer_becomes_an_entry(timer: TimerService, clock: Clock) -> None:
    timer.start(TimerFields(matter="BETA-001", service="RES", narrative="Research the lease"))
    clock.advance(minutes=30, seconds=1)
    res = timer.stop()
    assert res.held is None and res.entry is not None
    e = res.entry
    assert (e.raw_seconds, e.billed_seconds, str(e.billed_hours)) == (1801, 2160, "0.60")
    assert e.source == "timer" and e.start is not None and e.end is not None
    assert timer.current() is None


def test_the_same_timer_a_minute_later_is_the_same_timer(timer: TimerService, clock: Clock) -> None:
    """The app re-reads the timer when the tray menu opens or the window is activated: an
    unchanged timer must not look changed (a redraw, and a sync in a firm workspace)."""
    timer.start(TimerFields(matter="BETA-001"))
    before = timer.current()
    clock.advance(minutes=1)
    after = timer.current()
    assert before is not None and after is not None
    assert after.elapsed_seconds == before.elapsed_seconds + 60 and after == before


def test_one_timer_at_a_time(timer: TimerService) -> None:
    timer.start(TimerFields(matter="BETA-001"))
    with pytest.raises(DocketError, match="already running"):
        timer.start(TimerFields(matter="ACME-001"))


def test_incomplete_timer_is_held_and_completed(timer: TimerService, clock: Clock) -> None:
    timer.start(TimerFields())
    clock.advance(minutes=50)
    res = timer.stop()
    assert res.entry is None and res.held is not None
    held = res.held
    assert held.raw_seconds == 3000
    assert "matter" in held.reason and "service" in held.reason and "narrative" in held.reason
    assert [h.id for h in timer.held()] == [held.id]
    with pytest.raises(PolicyViolation, match="narrative"):
        timer.complete(held.id[:8], {"matter": "BETA-001", "service": "RES"})
    assert len(timer.held()) == 1  # still held: nothing half-written
    entry = timer.complete(
        held.id[:8],
        {"matter": "BETA-001", "service": "RES", "narrative": "Research on the lease terms"},
    )
    assert entry.raw_seconds == 3000 and entry.matter == "BETA-001"
    assert timer.held() == []


def test_stop_with_unknown_code_is_refused_and_timer_keeps_running(
    timer: TimerService, clock: Clock
) -> None:
    timer.start(TimerFields(matter="BETA-001", service="RES"))
    clock.advance(minutes=10)
    with pytest.raises(PolicyViolation, match="matter"):
        timer.stop({"matter": "NOPE"})
    assert timer.current() is not None


def test_switch_has_no_gap(timer: TimerService, clock: Clock) -> None:
    timer.start(TimerFields(matter="BETA-001", service="RES", narrative="Research the lease"))
    clock.advance(minutes=20)
    stopped, started = timer.switch(TimerFields(matter="ACME-001", phase="L100"))
    assert stopped.entry is not None
    assert stopped.entry.end == started.started_at
    assert started.matter == "ACME-001"


def test_timer_over_24_hours_is_held_never_discarded(timer: TimerService, clock: Clock) -> None:
    timer.start(TimerFields(matter="BETA-001", service="RES", narrative="Research the lease"))
    clock.advance(hours=30)
    res = timer.stop()
    assert res.held is not None and "24 hours" in res.held.reason
    entry = timer.complete(res.held.id, {"raw_seconds": 8 * 3600})
    assert entry.raw_seconds == 8 * 3600


def test_sleep_gap_is_held_not_silently_added(timer: TimerService, clock: Clock) -> None:
    mono = [1000.0]
    timer.monotonic = lambda: mono[0]  # type: ignore[method-assign]
    timer.start(TimerFields(matter="BETA-001", service="RES", narrative="Research the lease"))
    clock.advance(hours=2)
    mono[0] += 30 * 60  # only 30 min measured: the machine slept 90 min
    res = timer.stop()
    assert res.held is not None and res.gap_seconds == 90 * 60
    assert "slept" in res.held.reason


def test_no_boot_id_no_gap_measured_across_a_restart(timer: TimerService, clock: Clock) -> None:
    """Windows and macOS give no boot id: a monotonic reading from before a restart means
    nothing after it, so the timer stops as an entry rather than "slept for ten days"."""
    timer.boot_id = lambda: None  # type: ignore[method-assign]
    mono = [900_000.0]
    timer.monotonic = lambda: mono[0]  # type: ignore[method-assign]
    timer.start(TimerFields(matter="BETA-001", service="RES", narrative="Research the lease"))
    clock.advance(hours=2)
    mono[0] = 50.0  # rebooted: the monotonic clock started again
    res = timer.stop()
    assert res.held is None and res.entry is not None and res.entry.raw_seconds == 2 * 3600


def test_timer_survives_a_new_process(firm: Workspace, timer: TimerService, clock: Clock) -> None:
    started = timer.start(TimerFields(matter="BETA-001"))
    other = Workspace.open(firm.store.data_dir, clock=clock)
    clock.advance(minutes=5)
    current = TimerService(other).current()
    assert current is not None and current.started_at == started.started_at
    assert current.elapsed_seconds == 300
    other.close()


def test_discard_is_audited(timer: TimerService, firm: Workspace, clock: Clock) -> None:
    from desktop.services.maintenance import MaintenanceService

    timer.start(TimerFields(matter="BETA-001"))
    clock.advance(minutes=3)
    timer.discard()
    assert timer.current() is None
    with pytest.raises(DocketError, match="no timer"):
        timer.discard()
    assert MaintenanceService(firm).verify_audit().ok
