"""Stopping a timer that lacks a required field: the completion dialog opens; dismissing it
keeps the time held (never lost); completing it makes the entry."""

from __future__ import annotations

from typing import Any

from desktop.services.entries import EntryService
from desktop.services.timer import TimerService
from tests.desktop.ui.conftest import FakeTime, idle_until, open_ws


def _start_and_stop(app: Any, qtbot: Any, ttime: FakeTime) -> Any:
    app.session.start(matter="BETA-001")  # the firm requires a service and a narrative too
    qtbot.waitUntil(lambda: app.session.timer is not None)
    ttime.advance(minutes=42)
    app.tray.stop_action.trigger()
    qtbot.waitUntil(lambda: bool(app.flows.completions))
    dlg = next(iter(app.flows.completions.values()))
    qtbot.waitUntil(dlg.isVisible)
    return dlg


def test_dismissing_the_completion_dialog_holds_the_time(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    dlg = _start_and_stop(app, qtbot, ttime)
    editor = dlg.editor
    assert editor.state.mode == "held"
    assert "held" in editor.banner.text()
    # what is missing is said under its field, at once
    assert editor.rows["service"].has_problem and editor.rows["narrative"].has_problem
    assert editor.matter.code == "BETA-001" and editor.duration.text() == "0:42"

    dlg.later_button.click()
    assert not dlg.isVisible()
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    held = TimerService(ws).held()
    assert [(h.matter, h.raw_seconds) for h in held] == [("BETA-001", 42 * 60)]
    assert EntryService(ws).list() == []
    assert TimerService(ws).current() is None
    # the window says so, and offers to complete it later
    assert app.window.held_bar.isVisibleTo(app.window)
    assert "0:42" in app.window.held_bar.label.text()
    ws.close()


def test_completing_it_makes_the_entry(make_app: Any, qtbot: Any, ttime: FakeTime) -> None:
    app = make_app()
    dlg = _start_and_stop(app, qtbot, ttime)
    editor = dlg.editor
    editor.service.setCurrentIndex(editor.service.findData("RES"))
    qtbot.keyClicks(editor.narrative, "Short")
    dlg.save_button.click()  # refused on the spot: the narrative is too short
    assert dlg.isVisible()
    assert "at least 10" in editor.rows["narrative"].problem.text()
    qtbot.keyClicks(editor.narrative, " research on the lease")
    dlg.save_button.click()
    qtbot.waitUntil(lambda: not dlg.isVisible())
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    [entry] = EntryService(ws).list()
    assert (entry.matter, entry.service, entry.raw_seconds) == ("BETA-001", "RES", 42 * 60)
    assert entry.narrative == "Short research on the lease"
    assert TimerService(ws).held() == []
    ws.close()
