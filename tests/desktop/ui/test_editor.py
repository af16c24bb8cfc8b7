"""The entry editor on real widgets: type-ahead matter picker, choices narrowed to the
matter, the live rate / amount / rule, problems under their fields, locked and rejected
entries."""

from __future__ import annotations

from typing import Any

from desktop.services.approvals import ApprovalService, Selection
from desktop.services.entries import EntryService
from tests.desktop.ui.conftest import FakeTime, idle_until, log_entry, open_ws


def _log(app: Any, ttime: FakeTime, **kw: Any) -> Any:
    ws = open_ws(app.data_dir, ttime)
    entry = log_entry(ws, **kw)
    ws.close()
    return entry


def _review(app: Any, ttime: FakeTime, entry_id: str, action: str, comment: str = "") -> None:
    """Submit the entry, then approve or reject it (the personal workspace's owner may)."""
    ws = open_ws(app.data_dir, ttime)
    approvals = ApprovalService(ws)
    approvals.submit(Selection(ids=[entry_id]))
    if action == "approve":
        approvals.approve(Selection(ids=[entry_id]))
    else:
        approvals.reject(Selection(ids=[entry_id]), comment)
    ws.close()


def _show(app: Any, qtbot: Any, entry_id: str) -> None:
    app.window.reload_week()
    qtbot.waitUntil(lambda: app.window.timesheet.entry(entry_id) is not None)
    assert app.window.timesheet.day_view.select_entry(entry_id)


def test_new_entry_with_live_price_and_problems_on_fields(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    w = app.window
    w.new_action.trigger()
    ed = w.editor
    assert ed.state.mode == "new"
    # type-ahead over client and matter codes and names
    qtbot.keyClicks(ed.matter, "acme supply")
    assert [ed.matter.model.choice(r).matter for r in range(ed.matter.model.rowCount())] == [
        "ACME-001"
    ]
    ed.matter._chosen(ed.matter.model.index(0, 0))
    assert ed.matter.code == "ACME-001"
    # phases and services narrowed to the matter; UTBMS fields shown on a UTBMS matter
    assert [ed.phase.itemData(i) for i in range(ed.phase.count())] == [None, "L100", "L200"]
    assert ed.rows["utbms_task"].isVisibleTo(ed)
    ed.phase.setCurrentIndex(ed.phase.findData("L100"))
    tasks = [ed.task.itemData(i) for i in range(1, ed.task.count())]
    assert tasks and all(t.startswith("L1") for t in tasks)  # the phase's own tasks
    ed.service.setCurrentIndex(ed.service.findData("DRF"))
    qtbot.keyClicks(ed.duration, "1h30")
    assert ed.duration_hint.text() == "= 1 h 30 min"
    # live: 600.00/h (matter × service rule), 15-minute nearest rounding for ACME → 1.50 h
    html = ed.preview.text()
    assert "900.00" in html and "600.00" in html and "matter ACME-001" in html
    qtbot.keyClicks(ed.narrative, "Draft")
    assert "at least 10" in ed.rows["narrative"].problem.text()  # shown once touched
    ed.save()  # refused in place: nothing is sent, nothing typed is lost
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    assert EntryService(ws).list() == []
    qtbot.keyClicks(ed.narrative, " the reply to the defence")
    assert not ed.rows["narrative"].has_problem
    w.new_action.trigger()  # Ctrl+N over unsaved typing: refused, nothing typed is lost
    assert ed.state.mode == "new" and ed.narrative.toPlainText().endswith("to the defence")
    assert "unsaved changes" in w.message_bar.label.text()
    w.save_action.trigger()
    ed.save()  # pressed again (Enter, Ctrl+Return) before the first save is answered
    assert not ed.save_button.isEnabled()
    idle_until(qtbot, app)
    [entry] = EntryService(ws).list()  # one entry, not two
    assert (entry.matter, entry.phase, entry.service, entry.raw_seconds) == (
        "ACME-001",
        "L100",
        "DRF",
        5400,
    )
    assert str(entry.amount) == "900.00" and entry.utbms_activity == "A103"
    qtbot.waitUntil(lambda: ed.state.mode == "edit")
    ws.close()


def test_bad_duration_and_unknown_matter_are_shown_not_thrown(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    app.window.new_action.trigger()
    ed = app.window.editor
    qtbot.keyClicks(ed.matter, "zzz")
    ed.matter.editingFinished.emit()
    qtbot.keyClicks(ed.duration, "25h")
    ed.save()
    assert "more than 24 hours" in ed.rows["duration"].problem.text()
    assert "not a matter" in ed.rows["matter"].problem.text()
    assert ed.matter.text() == "zzz"  # what was typed stays


def test_edit_keeps_the_stored_rate(make_app: Any, qtbot: Any, ttime: FakeTime) -> None:
    app = make_app()
    entry = _log(app, ttime)
    _show(app, qtbot, entry.id)
    ed = app.window.editor
    assert ed.state.mode == "edit" and ed.save_button.isEnabled()
    ed.duration.setText("2:00")
    assert "600.00" in ed.preview.text() and "kept from when it was saved" in ed.preview.text()
    ed.save()
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    fresh = EntryService(ws).get(entry.id)
    assert fresh.raw_seconds == 7200 and fresh.rate == entry.rate and fresh.version == 2
    ws.close()


def test_a_locked_entry_cannot_be_edited_from_the_ui(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    entry = _log(app, ttime)
    _review(app, ttime, entry.id, "approve")
    _show(app, qtbot, entry.id)
    ed = app.window.editor
    assert ed.state.mode == "edit" and ed.state.entry.status == "approved"
    assert "Approved" in ed.banner.text() and "locked" in ed.banner.text()
    assert "cannot be changed" in ed.banner.text()
    for widget in (ed.date, ed.matter, ed.service, ed.duration, ed.billable, ed.save_button):
        assert not widget.isEnabled()
    assert ed.narrative.isReadOnly()
    assert not ed.delete_button.isEnabled()
    # even the shortcut's action and a direct save change nothing
    ed.duration.setText("5:00")
    app.window.save_action.trigger()
    ed.save()
    app.window.delete_action.trigger()
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    fresh = EntryService(ws).get(entry.id)
    assert (fresh.version, fresh.raw_seconds, fresh.status) == (
        entry.version + 2,
        3600,
        "approved",
    )  # submit and approve only
    ws.close()


def test_rejected_entry_shows_the_reviewers_comment(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    entry = _log(app, ttime)
    _review(app, ttime, entry.id, "reject", "Say which lease clauses")
    _show(app, qtbot, entry.id)
    ed = app.window.editor
    assert "Rejected" in ed.banner.text() and "Say which lease clauses" in ed.banner.text()
    assert ed.save_button.isEnabled()
    model = app.window.timesheet.day_model
    row = model.row_of(entry.id)
    assert model.index(row, 0).data() == "Rejected"
    assert "Say which lease clauses" in model.index(row, 0).data(3)  # the tooltip


def test_typing_on_while_a_new_entry_is_saved_stays_and_edits_the_saved_one(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    """What is typed after Save stays in the editor, still to save — now as a change to the
    entry the save created (saving it again edits that entry; it never logs a second one)."""
    app = make_app()
    w = app.window
    w.new_action.trigger()
    ed = w.editor
    qtbot.keyClicks(ed.matter, "acme supply")
    ed.matter._chosen(ed.matter.model.index(0, 0))
    ed.phase.setCurrentIndex(ed.phase.findData("L100"))
    ed.service.setCurrentIndex(ed.service.findData("DRF"))
    qtbot.keyClicks(ed.duration, "1h")
    qtbot.keyClicks(ed.narrative, "Reply to the defence")
    ed.save()
    qtbot.keyClicks(ed.narrative, ", second draft")  # before the answer: no event loop ran
    idle_until(qtbot, app)
    qtbot.waitUntil(lambda: ed.state.mode == "edit")
    ws = open_ws(app.data_dir, ttime)
    [entry] = EntryService(ws).list()
    assert entry.narrative == "Reply to the defence"
    assert ed.narrative.toPlainText() == "Reply to the defence, second draft"
    assert ed.state.entry is not None and ed.state.entry.id == entry.id and ed.state.touched
    assert "not saved yet" in w.message_bar.label.text()
    ed.save()
    idle_until(qtbot, app)
    [again] = EntryService(ws).list()  # the same entry, edited
    assert again.id == entry.id and again.narrative == "Reply to the defence, second draft"
    qtbot.waitUntil(lambda: not ed.state.touched)
    ws.close()
