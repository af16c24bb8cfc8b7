"""Away time while a timer runs: an injected idle source and an injected clock jump bring up
the prompt; keep, discard and "keep as a new entry" do what they say."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from desktop.services.entries import EntryService
from desktop.services.timer import TimerService
from tests.desktop.ui.conftest import FakeIdleSource, FakeTime, idle_until, open_ws


def _running(app: Any, qtbot: Any) -> Any:
    app.session.start(matter="BETA-001", service="RES", narrative="Research on the lease")
    qtbot.waitUntil(lambda: app.session.timer is not None)
    app.session._tick()  # the first reading
    return app.session.timer.started_at


def _tick(app: Any, ttime: FakeTime, idle: FakeIdleSource, minutes: float, idle_s: float) -> None:
    ttime.advance(minutes=minutes)
    idle.idle = idle_s
    app.session._tick()


def test_idle_time_is_offered_and_discarded(
    make_app: Any, qtbot: Any, ttime: FakeTime, idle: FakeIdleSource
) -> None:
    app = make_app()
    started = _running(app, qtbot)
    _tick(app, ttime, idle, 20, 0)  # working
    _tick(app, ttime, idle, 12, 12 * 60)  # idle for 12 minutes (threshold: 10)
    assert app.flows.away_dialog is None
    _tick(app, ttime, idle, 21, 33 * 60)
    _tick(app, ttime, idle, 0.1, 2)  # back: input 2 s ago
    dlg = app.flows.away_dialog
    assert dlg is not None and dlg.isVisible()
    assert "You were away from 14:20 to 14:53 (33 min)" in dlg.away_text
    dlg.discard.click()
    qtbot.waitUntil(lambda: app.session.timer.started_at != started)
    # away from the moment the counter says input stopped to the input that ended it
    away = timedelta(minutes=33, seconds=4)
    assert app.session.timer.started_at - started == away
    ttime.advance(minutes=10)
    app.tray.stop_action.trigger()
    qtbot.waitUntil(lambda: app.session.timer is None)
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    [entry] = EntryService(ws).list()
    # 20 + 12 + 21 + 0.1 + 10 minutes ran; the time away is not counted
    assert entry.raw_seconds == round((20 + 12 + 21 + 0.1 + 10) * 60 - away.total_seconds())
    ws.close()


def test_a_screen_lock_is_offered_too(
    make_app: Any, qtbot: Any, ttime: FakeTime, idle: FakeIdleSource
) -> None:
    app = make_app()
    _running(app, qtbot)
    idle.is_locked = True
    _tick(app, ttime, idle, 15, 15 * 60)
    idle.is_locked = False
    _tick(app, ttime, idle, 0.1, 1)
    dlg = app.flows.away_dialog
    assert dlg is not None and dlg.isVisible()
    dlg.keep.click()
    idle_until(qtbot, app)
    assert app.session.timer is not None  # kept: the timer runs on, counting it


def test_clock_jump_is_offered_and_kept_as_a_separate_entry(
    make_app: Any, qtbot: Any, ttime: FakeTime, idle: FakeIdleSource
) -> None:
    app = make_app()
    started = _running(app, qtbot)
    _tick(app, ttime, idle, 10, 0)
    ttime.jump(minutes=45)  # a sleep: the wall clock moved, the monotonic one did not
    _tick(app, ttime, idle, 0.02, 0)
    dlg = app.flows.away_dialog
    assert dlg is not None and dlg.isVisible() and dlg.away.kind == "gap"
    assert dlg.separate is not None
    dlg.separate.click()
    # the away span is held on its own, to complete into a separate entry
    qtbot.waitUntil(lambda: bool(app.flows.completions))
    [completion] = app.flows.completions.values()
    assert completion.held.raw_seconds == 45 * 60
    completion.later_button.click()
    assert app.session.timer.started_at == started + timedelta(minutes=45)
    ttime.advance(minutes=5)
    app.tray.stop_action.trigger()
    qtbot.waitUntil(lambda: app.session.timer is None)
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    [entry] = EntryService(ws).list()  # no gap left to question: it became an entry
    assert entry.raw_seconds == round((10 + 0.02 + 5) * 60)
    [held] = TimerService(ws).held()
    assert held.raw_seconds == 45 * 60 and held.matter == "BETA-001"
    ws.close()


def test_clock_jump_kept_counts_on_the_timer(
    make_app: Any, qtbot: Any, ttime: FakeTime, idle: FakeIdleSource
) -> None:
    app = make_app()
    _running(app, qtbot)
    ttime.jump(minutes=30)
    _tick(app, ttime, idle, 0.02, 0)
    dlg = app.flows.away_dialog
    assert dlg is not None and "slept or its clock moved forward" in dlg.away_text
    dlg.keep.click()
    idle_until(qtbot, app)
    app.tray.stop_action.trigger()
    qtbot.waitUntil(lambda: app.session.timer is None)
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    [entry] = EntryService(ws).list()
    assert entry.raw_seconds == 30 * 60 + 1  # counted, not held for a gap
    assert TimerService(ws).held() == []
    ws.close()


def test_an_answer_about_a_timer_since_switched_changes_nothing(
    make_app: Any, qtbot: Any, ttime: FakeTime, idle: FakeIdleSource
) -> None:
    """The away question was about the lease research; by the time the person answers they
    have switched to another matter from the tray: that timer's time is not touched."""
    app = make_app()
    _running(app, qtbot)
    _tick(app, ttime, idle, 5, 0)
    _tick(app, ttime, idle, 30, 30 * 60)
    _tick(app, ttime, idle, 0.1, 2)  # back
    dlg = app.flows.away_dialog
    assert dlg is not None and dlg.isVisible()
    app.session.switch(matter="ACME-001", phase="L100", service="RES", narrative="Drafting")
    qtbot.waitUntil(
        lambda: app.session.timer is not None and app.session.timer.matter == "ACME-001"
    )
    switched = app.session.timer.started_at
    errors: list[Any] = []
    app.session.sig_error.connect(errors.append)
    dlg.discard.click()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "changed meanwhile" in errors[0].message
    assert app.session.timer.started_at == switched  # the new timer keeps its time
