"""Starting, switching and stopping the timer through the tray menu's own actions."""

from __future__ import annotations

from typing import Any

from desktop.services.entries import EntryService
from desktop.services.timer import TimerService
from tests.desktop.conftest import firm_doc
from tests.desktop.ui.conftest import FakeTime, idle_until, open_ws


def _loose_firm() -> dict[str, Any]:
    """A firm that needs only a matter, so a timer started from the tray is complete."""
    doc = firm_doc()
    doc["firm"]["required_fields"] = ["matter"]
    doc["firm"]["narrative_min_length"] = 0
    for client in doc["clients"]:
        client.pop("required_fields", None)
    return doc


def _matter_action(app: Any, code: str) -> Any:
    app.tray.menu.aboutToShow.emit()  # what opening the menu does
    for action in app.tray.matter_actions:
        if action.data().matter == code:
            return action
    raise AssertionError(
        f"no tray action for {code}: {[a.text() for a in app.tray.menu.actions()]}"
    )


def test_start_switch_stop_from_the_tray(make_app: Any, qtbot: Any, ttime: FakeTime) -> None:
    app = make_app(firm=_loose_firm(), pinned=["BETA-001", "ACME-002"])
    assert app.tray.timer_line.text() == "No timer running"
    assert not app.tray.stop_action.isEnabled()

    _matter_action(app, "BETA-001").trigger()
    qtbot.waitUntil(lambda: app.session.timer is not None)
    assert app.session.timer.matter == "BETA-001"
    started = app.session.timer.started_at
    assert app.tray.stop_action.isEnabled()
    assert app.tray.heading.text() == "Switch to"

    ttime.advance(minutes=30)
    app.session._tick()
    assert "BETA-001" in app.tray.timer_line.text() and "0:30:00" in app.tray.timer_line.text()

    _matter_action(app, "ACME-002").trigger()  # switch: no gap, no overlap
    qtbot.waitUntil(
        lambda: app.session.timer is not None and app.session.timer.matter == "ACME-002"
    )
    assert app.session.timer.started_at == ttime.now()

    ttime.advance(minutes=15)
    app.tray.stop_action.trigger()
    qtbot.waitUntil(lambda: app.session.timer is None)
    idle_until(qtbot, app)

    ws = open_ws(app.data_dir, ttime)
    entries = sorted(EntryService(ws).list(), key=lambda e: e.start)
    assert [(e.matter, e.raw_seconds, e.source) for e in entries] == [
        ("BETA-001", 1800, "timer"),
        ("ACME-002", 900, "timer"),
    ]
    assert entries[0].start == started
    assert entries[0].end == entries[1].start  # the switch left no gap
    assert TimerService(ws).current() is None and TimerService(ws).held() == []
    # and the window's week shows them
    qtbot.waitUntil(
        lambda: (
            app.window.timesheet.week is not None and len(app.window.timesheet.week.entries) == 2
        )
    )
    assert app.tray.timer_line.text() == "No timer running"
    ws.close()


def test_discard_from_the_tray_records_nothing(make_app: Any, qtbot: Any, ttime: FakeTime) -> None:
    app = make_app(firm=_loose_firm(), pinned=["BETA-001"])
    _matter_action(app, "BETA-001").trigger()
    qtbot.waitUntil(lambda: app.session.timer is not None)
    ttime.advance(minutes=5)
    app.tray.discard_action.trigger()  # confirmed (the fixture answers yes)
    qtbot.waitUntil(lambda: app.session.timer is None)
    ws = open_ws(app.data_dir, ttime)
    assert EntryService(ws).list() == [] and TimerService(ws).held() == []
    ws.close()


def test_find_matter_window_enter_starts_the_timer(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    app.tray.find_action.trigger()
    qs = app.flows.quick_switch
    assert qs is not None and qs.isVisible()
    qtbot.keyClicks(qs.search, "beta")
    assert qs.model.rowCount() == 1
    qtbot.keyClick(qs.search, "\r")
    qtbot.waitUntil(lambda: app.session.timer is not None)
    assert app.session.timer.matter == "BETA-001"
    assert not qs.isVisible()


def test_a_timer_action_while_one_is_on_its_way_is_said_not_dropped(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    app.session.start(matter="BETA-001", service="RES", narrative="Research on the lease")
    qtbot.waitUntil(lambda: app.session.timer is not None)
    ttime.advance(minutes=20)
    notes: list[str] = []
    app.session.sig_info.connect(notes.append)
    assert app.session.stop()
    assert not app.session.start(matter="ACME-001")  # clicked before the stop is answered
    assert notes and "still stopping the timer" in notes[0]
    qtbot.waitUntil(lambda: app.session.timer is None)
    idle_until(qtbot, app)
