"""The matters view (the early warning on a phase burning ahead of plan; double-click opens the
matter's entries), re-rating (the preview is what is done), and an entry's history (events,
correction requests, the audit chain's check) — on real widgets."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

from desktop.services.approvals import ApprovalService, Selection
from desktop.services.entries import EntryChanges, EntryService
from desktop.services.masterdata import MasterDataService
from desktop.ui import theme
from desktop.ui.itemmodels.burn_table import ShareRole
from tests.desktop.ui.conftest import FakeTime, idle_until, log_entry, open_ws, sign_in_to_firm

TODAY = date(2026, 11, 10)


def test_the_matters_view_warns_on_a_phase_burning_ahead_of_plan(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    ws = open_ws(app.data_dir, ttime)
    MasterDataService(ws).save_phase(
        "ACME-001",
        {
            "code": "L300",
            "name": "Discovery",
            "estimated_hours": "10",
            "start": (TODAY - timedelta(days=10)).isoformat(),
            "end": (TODAY + timedelta(days=90)).isoformat(),
        },
    )
    log_entry(ws, matter="ACME-001", phase="L300", raw_seconds=6 * 3600)
    log_entry(ws, matter="BETA-001", service="ADM", raw_seconds=1800)  # non-billable
    ws.close()
    w = app.window
    w.matters_action.trigger()
    view = w.body.matters
    assert w.tabs.currentWidget() is view
    assert not w.body._side.isVisibleTo(w.body)  # the matters view takes the width
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    rows = view.model.rows
    [l300] = [i for i, r in enumerate(rows) if r.label.startswith("L300")]
    m = view.model
    assert m.index(l300, 7).data() == "⚠ Ahead of plan"  # a word, not colour alone
    assert m.index(l300, 7).data(9) == theme.warning_color()  # ForegroundRole
    assert "60.0% of the estimate is consumed with 10.0% of the planned time" in m.index(
        l300, 7
    ).data(3)
    consumed, elapsed, warning = m.index(l300, 6).data(ShareRole)
    assert (str(consumed), str(elapsed), warning) == ("60.0", "10.0", True)
    assert m.index(l300, 6).data() == "60% used / 10% time"
    assert m.index(l300, 4).data() == "6.00 of 10.00"
    [acme] = [i for i, r in enumerate(rows) if r.level == 1 and r.matter == "ACME-001"]
    assert m.index(acme, 7).data() == "⚠ 1 phase ahead"
    others = [r for r in rows if r.level == 2 and r.matter == "ACME-001" and r is not rows[l300]]
    assert not any(r.warning.startswith("⚠") for r in others)
    [beta] = [i for i, r in enumerate(rows) if r.level == 1 and r.matter == "BETA-001"]
    assert (m.index(beta, 2).data(), m.index(beta, 3).data()) == ("0.00", "0.50")
    [fixed] = [i for i, r in enumerate(rows) if r.level == 1 and r.matter == "ACME-002"]
    assert (m.index(fixed, 1).data(), m.index(fixed, 5).data()) == (
        "fixed fee",
        "0.00 of 12,000.00",
    )
    assert view.alert.text() == "⚠ 1 matter needs a look"

    # double-click a matter: everyone's entries on it, in "All entries"
    view.view.doubleClicked.emit(m.index(acme, 0))
    all_entries = w.body.all_entries
    assert w.tabs.currentWidget() is all_entries
    assert w.body._side.isVisibleTo(w.body)  # the editor is back beside the entries
    assert all_entries.matter.currentData() == "ACME-001"
    qtbot.waitUntil(lambda: all_entries.model.rowCount() == 1)
    assert all_entries.model.entries[0].phase == "L300"
    assert not all_entries.view.isColumnHidden(2)  # who, on a matter's list
    # any entry's history, from the list's context menu
    all_entries.view.sig_history.emit(all_entries.model.entries[0].id)
    dlg = app.setup_flows.histories[all_entries.model.entries[0].id]
    qtbot.waitUntil(lambda: dlg.history is not None)
    assert dlg.isVisible() and "6:00 on ACME-001" in dlg.heading.text()


def test_the_rerate_preview_is_what_rerating_does(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    ws = open_ws(app.data_dir, ttime)
    old = [log_entry(ws, work_date=date(2026, 6, d)) for d in (1, 2)]
    approved = log_entry(ws, work_date=date(2026, 6, 3))
    ApprovalService(ws).submit(Selection(ids=[approved.id]))
    ApprovalService(ws).approve(Selection(ids=[approved.id]))
    log_entry(ws, work_date=date(2026, 4, 1))  # before the new rule: unchanged
    MasterDataService(ws).add_rate(
        {"amount": "330.00", "effective_from": "2026-05-01", "person": "rarnsley"}
    )
    ws.close()
    app.window.rerate_action.trigger()
    win = app.setup_flows.setup_window
    qtbot.waitUntil(lambda: win.rerate_dialog is not None)
    dlg = win.rerate_dialog
    qtbot.waitUntil(lambda: dlg.preview is not None)
    preview = list(dlg.preview)
    assert sorted(c.entry_id for c in preview) == sorted(e.id for e in old)
    assert dlg.model.rowCount() == 2
    assert dlg.model.index(0, 3).data() == "300.00 → 330.00"
    assert dlg.model.index(0, 5).data() == "person rarnsley, from 2026-01-01 → 2026-05-01"
    assert "2 entries would change: amount USD 600.00 → USD 660.00 (+60.00)" in dlg.summary.text()
    assert dlg.apply_button.text() == "Re-rate 2 entries"
    dlg.apply_button.click()
    qtbot.waitUntil(lambda: not dlg.isVisible())
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    es = EntryService(ws)
    for c in preview:
        e = es.get(c.entry_id)
        assert (e.rate, e.amount, e.rate_rule) == (c.new_rate, c.new_amount, c.new_rule)
    assert es.get(approved.id).rate == approved.rate  # approved: never touched
    from desktop.services.history import HistoryService

    assert HistoryService(ws).entry(old[0].id).items[-1].event.action == "entry.rerate"
    ws.close()
    assert "Re-rated 2 entries" in win.notes.label.text()


def test_a_preview_overtaken_by_a_change_is_refused_and_shown_again(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    ws = open_ws(app.data_dir, ttime)
    log_entry(ws, work_date=date(2026, 6, 1))
    MasterDataService(ws).add_rate(
        {"amount": "330.00", "effective_from": "2026-05-01", "person": "rarnsley"}
    )
    ws.close()
    win = app.setup_flows.open_setup("rates")
    qtbot.waitUntil(lambda: win.controller.data is not None)
    win.open_rerate()
    dlg = win.rerate_dialog
    qtbot.waitUntil(lambda: dlg.preview is not None and dlg.apply_button.isEnabled())
    ws = open_ws(app.data_dir, ttime)  # meanwhile, from the CLI: another rule
    MasterDataService(ws).add_rate(
        {"amount": "340.00", "effective_from": "2026-05-15", "person": "rarnsley"}
    )
    ws.close()
    dlg.apply_button.click()
    qtbot.waitUntil(lambda: dlg.problem.has_problem)
    assert "changed since the preview" in dlg.problem.problem.text()
    qtbot.waitUntil(lambda: dlg.preview is not None and dlg.preview[0].new_rate == 340)
    assert dlg.model.rowCount() == 1 and dlg.isVisible()
    assert dlg.model.index(0, 3).data() == "300.00 → 340.00"
    assert "changed since the preview" in dlg.problem.problem.text()  # still said


def test_an_entrys_history_events_corrections_and_chain(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    ws = open_ws(app.data_dir, ttime)
    entry = log_entry(ws)
    ttime.advance(minutes=5)
    EntryService(ws).edit(entry.id, EntryChanges({"raw_seconds": 5400}))
    ws.close()
    w = app.window
    w.reload_week()
    qtbot.waitUntil(lambda: w.timesheet.entry(entry.id) is not None)
    w.timesheet.day_view.select_entry(entry.id)
    assert w.editor.history_button.isVisibleTo(w.editor)
    w.editor.history_button.click()
    dlg = app.setup_flows.histories[entry.id]
    qtbot.waitUntil(lambda: dlg.verdict is not None)
    assert "1:30 on BETA-001" in dlg.heading.text()
    m = dlg.model
    texts = [[m.index(r, c).data() for c in range(7)] for r in range(m.rowCount())]
    assert texts[0][1:3] == ["Robert Arnsley", "created"]
    edit = next(i for i, t in enumerate(texts) if t[2] == "edited")
    changed = {t[3]: (t[4], t[5]) for t in texts[edit:]}
    assert changed["Duration"] == ("1:00", "1:30")
    assert changed["Billed hours"] == ("1.00", "1.50")
    assert changed["Amount"] == ("300.00", "450.00")
    assert "Rate rule id" not in changed and "version" not in changed
    assert dlg.chain.text().startswith("✓ The audit chain verifies")
    assert dlg.no_corrections.isVisibleTo(dlg) and not dlg.corrections.isVisibleTo(dlg)
    dlg.close()

    # a broken chain is said loudly (a word and a colour), and the history still shows
    with sqlite3.connect(app.data_dir / "docket.db") as db:  # someone edits the file itself
        db.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        db.execute("UPDATE audit_events SET comment = 'tampered' WHERE seq = 2")
    dlg = app.setup_flows.open_history(entry.id)
    qtbot.waitUntil(lambda: dlg.verdict is not None)
    assert dlg.chain.text().startswith("⚠ The audit chain is broken at event 2")
    assert dlg.model.rowCount() > 0


def test_history_shows_correction_requests(
    make_app: Any, qtbot: Any, ttime: FakeTime, tmp_path: Any
) -> None:
    from tests.desktop.ui.conftest import load_firm

    folder = tmp_path / "ws"
    load_firm(folder)
    ws = open_ws(folder, ttime)
    entry = log_entry(ws)
    ApprovalService(ws).submit(Selection(ids=[entry.id]))
    ApprovalService(ws).approve(Selection(ids=[entry.id]))
    sign_in_to_firm(ws)  # now an edit of an approved entry asks for a correction
    EntryService(ws).edit(entry.id, EntryChanges({"raw_seconds": 7200}), comment="It was two hours")
    ws.close()
    app = make_app(folder)
    dlg = app.setup_flows.open_history(entry.id)
    qtbot.waitUntil(lambda: dlg.history is not None and dlg.verdict is not None)
    assert dlg.corrections.isVisibleTo(dlg) and dlg.corrections_model.rowCount() == 1
    cm = dlg.corrections_model
    assert [cm.index(0, c).data() for c in range(1, 5)] == [
        "Robert Arnsley",
        "raw_seconds → 2:00",
        "It was two hours",
        "waiting for a reviewer",
    ]
    actions = [dlg.model.index(r, 2).data() for r in range(dlg.model.rowCount())]
    assert "correction requested" in actions


def test_history_from_the_menu_needs_an_entry(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    app.window.history_action.trigger()
    assert "Choose an entry first" in app.window.message_bar.label.text()
    assert app.setup_flows.histories == {}
