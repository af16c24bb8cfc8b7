"""The main window: previous / next / this week, the day list, submitting the week, deleting
an entry, and the long list loaded page by page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt

from desktop.services.entries import EntryInput, EntryService
from tests.desktop.ui.conftest import FakeTime, idle_until, open_ws

TUESDAY = date(2026, 11, 10)


def _seed(app: Any, ttime: FakeTime, days: list[int]) -> list[Any]:
    ws = open_ws(app.data_dir, ttime)
    out = [
        EntryService(ws).log(
            EntryInput(
                raw_seconds=3600 + 60 * i,
                work_date=TUESDAY + timedelta(days=d),
                matter="BETA-001",
                service="RES",
                narrative="Research on the lease terms",
            )
        )
        for i, d in enumerate(days)
    ]
    ws.close()
    return out


def test_weeks_days_and_totals(make_app: Any, qtbot: Any, ttime: FakeTime) -> None:
    app = make_app(wait=False)
    qtbot.waitUntil(lambda: app.session.snapshot is not None)
    _seed(app, ttime, [0, 0, 1, -7, 7])
    w = app.window
    w.reload_week()
    qtbot.waitUntil(lambda: w.timesheet.week is not None and len(w.timesheet.week.entries) == 3)
    assert "9 – 15 November 2026" in w.week_title.text()
    wm = w.timesheet.week_model
    assert wm.today == TUESDAY and wm.chosen == TUESDAY
    assert w.timesheet.day_model.rowCount() == 2  # today's entries
    assert "2 entries" in w.timesheet.day_totals.text()
    assert wm.headerData(2, Qt.Orientation.Horizontal).startswith("Tue 10")
    w.timesheet.choose_day(TUESDAY + timedelta(days=1))
    assert w.timesheet.day_model.rowCount() == 1
    assert "Week: 3.20 h billed · 3.20 billable · 0.00 non-billable" in w.totals_label.text()

    w.prev_action.trigger()
    qtbot.waitUntil(lambda: w.timesheet.week.monday == date(2026, 11, 2))
    assert len(w.timesheet.week.entries) == 1
    w.next_action.trigger()
    w.next_action.trigger()  # two quick steps: only the last week asked for is shown
    qtbot.waitUntil(lambda: w.timesheet.week.monday == date(2026, 11, 16))
    idle_until(qtbot, app)
    assert w.timesheet.week.monday == date(2026, 11, 16) and len(w.timesheet.week.entries) == 1
    w.today_action.trigger()
    qtbot.waitUntil(lambda: w.timesheet.week.monday == date(2026, 11, 9))


def test_submit_week_and_delete(make_app: Any, qtbot: Any, ttime: FakeTime) -> None:
    app = make_app(wait=False)
    qtbot.waitUntil(lambda: app.session.snapshot is not None)
    first, second = _seed(app, ttime, [0, 1])
    w = app.window
    w.reload_week()
    qtbot.waitUntil(lambda: w.timesheet.week is not None and len(w.timesheet.week.entries) == 2)
    assert w.timesheet.day_view.select_entry(first.id)
    assert w.editor.state.entry.id == first.id and w.editor.delete_button.isEnabled()
    w.delete_action.trigger()  # confirmed by the fixture
    qtbot.waitUntil(lambda: len(w.timesheet.week.entries) == 1)
    w.submit_action.trigger()
    qtbot.waitUntil(lambda: w.timesheet.week.entries[0].status == "submitted")
    ws = open_ws(app.data_dir, ttime)
    assert [e.status for e in EntryService(ws).list()] == ["submitted"]
    ws.close()
    assert "Submitted 1 entry" in w.message_bar.label.text()


def test_all_entries_load_page_by_page(make_app: Any, qtbot: Any, ttime: FakeTime) -> None:
    app = make_app(wait=False)
    qtbot.waitUntil(lambda: app.session.snapshot is not None)
    _seed(app, ttime, [-d for d in range(30)])
    w = app.window
    w.all_entries.model.PAGE = 10
    w.tabs.setCurrentWidget(w.all_entries)
    qtbot.waitUntil(lambda: w.all_entries.model.rowCount() >= 10)
    model = w.all_entries.model
    while model.canFetchMore(model.index(-1, -1)) or app.runner.busy:
        model.fetchMore(model.index(-1, -1))
        idle_until(qtbot, app)
    assert model.rowCount() == 30
    dates = [model.entry(r).date for r in range(30)]
    assert dates == sorted(dates, reverse=True)  # newest first, sorted in SQL


def test_a_new_day_moves_today_while_the_app_stays_open(
    make_app: Any, qtbot: Any, ttime: Any
) -> None:
    """Left open overnight: after midnight "today" (the highlight, new entries' date, Quick
    log's day) is the new day, not yesterday."""
    app = make_app()
    assert app.session.snapshot.today.isoformat() == "2026-11-10"
    ttime.advance(hours=10, minutes=1)  # 00:01 the next day
    app.session._check_the_date()  # what the timer set for just after midnight does
    qtbot.waitUntil(lambda: app.session.snapshot.today.isoformat() == "2026-11-11", timeout=5000)
    qtbot.waitUntil(lambda: app.window.today.isoformat() == "2026-11-11", timeout=5000)
    app.flows.quick_log()
    dlg = app.flows.quick_log_dialog
    assert dlg.editor.values()["work_date"].isoformat() == "2026-11-11"
    dlg.reject()


def test_quitting_with_unsaved_typing_asks_first(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    app.window.new_action.trigger()
    qtbot.keyClicks(app.window.editor.narrative, "Half a thought about the lease")
    asked: list[str] = []

    def no(_title: str, text: str) -> bool:
        asked.append(text)
        return False

    app.confirm = no
    app.quit()
    assert not app.quitting and "the entry in the editor" in asked[0]
    assert app.window.editor.narrative.toPlainText() == "Half a thought about the lease"


def test_submit_week_submits_what_it_counted(make_app: Any, qtbot: Any, ttime: FakeTime) -> None:
    """An entry that arrives while the question is up (a timer stopped from the tray, the CLI)
    is not submitted with the others: it was not in the count the person confirmed."""
    app = make_app()
    w = app.window
    ws = open_ws(app.data_dir, ttime)
    EntryService(ws).log(
        EntryInput(raw_seconds=3600, matter="BETA-001", service="RES", narrative="Lease review")
    )
    ws.close()
    w.reload_week()
    qtbot.waitUntil(lambda: bool(w.timesheet.week.entries))
    shown = [e.id for e in w.timesheet.week.entries if e.status in ("draft", "rejected")]

    def yes_and_meanwhile(_title: str, _text: str) -> bool:
        ws = open_ws(app.data_dir, ttime)
        EntryService(ws).log(
            EntryInput(
                raw_seconds=1800,
                work_date=w.timesheet.week.monday,
                matter="BETA-001",
                service="RES",
                narrative="Logged from the CLI meanwhile",
            )
        )
        ws.close()
        return True

    w.body.confirm = yes_and_meanwhile
    w.body.submit_week()
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    by_status = {e.id: e.status for e in EntryService(ws).list()}
    ws.close()
    assert shown and all(by_status[i] == "submitted" for i in shown)
    assert sorted(s for i, s in by_status.items() if i not in shown).count("draft") >= 1
