"""The first launch on an empty workspace offers demo data or an empty one-person practice."""

from __future__ import annotations

from typing import Any

from desktop.services.queries import QueryService
from tests.desktop.ui.conftest import FakeTime, open_ws


def test_start_empty_creates_a_one_person_practice(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app(firm=False, wait=False)
    qtbot.waitUntil(lambda: app.flows.first_run_dialog is not None)
    dlg = app.flows.first_run_dialog
    assert dlg.isVisible()
    dlg.empty_button.click()  # nothing filled in: said next to the fields
    assert "required" in dlg.name_row.problem.text()
    qtbot.keyClicks(dlg.name, "Alex Morgan")
    qtbot.keyClicks(dlg.practice, "Morgan Legal")
    qtbot.keyClicks(dlg.rate, "abc")
    dlg.empty_button.click()
    qtbot.waitUntil(lambda: dlg.rate_row.has_problem or dlg.error.has_problem)
    assert dlg.isVisible()  # a bad rate is refused, with the reason, and nothing is lost
    assert dlg.name.text() == "Alex Morgan"
    dlg.rate.setText("250")
    dlg.empty_button.click()
    qtbot.waitUntil(lambda: app.session.snapshot is not None, timeout=10000)
    assert not dlg.isVisible()
    snap = app.session.snapshot
    assert snap.person.name == "Alex Morgan" and snap.master.settings.name == "Morgan Legal"
    assert "Morgan Legal · Alex Morgan" in app.window.workspace_label.text()
    ws = open_ws(app.data_dir, ttime)
    assert not QueryService(ws).needs_setup()
    assert [str(r.amount) for r in QueryService(ws).snapshot().master.rules] == ["250.00"]
    ws.close()


def test_demo_data(make_app: Any, qtbot: Any) -> None:
    app = make_app(firm=False, wait=False)
    qtbot.waitUntil(lambda: app.flows.first_run_dialog is not None)
    app.flows.first_run_dialog.demo_button.click()
    qtbot.waitUntil(lambda: app.window.timesheet.week is not None, timeout=30000)
    assert app.session.snapshot.master.settings.name == "Arnsley Vance LLP"
    qtbot.waitUntil(lambda: app.session.timer is not None)  # the demo's running timer
    assert len(app.session.held) == 2
    assert app.window.held_bar.isVisibleTo(app.window)


def test_importing_a_set_up_file_into_the_empty_workspace_opens_it(
    make_app: Any, qtbot: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    """First run dismissed, then File ▸ Import: the workspace opens on the imported firm
    (not a blank window that then offers the demo)."""
    import json

    from PySide6.QtWidgets import QFileDialog

    from tests.desktop.conftest import firm_doc

    setup_file = tmp_path / "firm.json"
    setup_file.write_text(json.dumps(firm_doc()), encoding="utf-8")
    app = make_app(firm=False, wait=False)
    qtbot.waitUntil(lambda: app.flows.first_run_dialog is not None)
    app.flows.first_run_dialog.reject()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(setup_file), ""))
    app.flows.import_setup()
    qtbot.waitUntil(lambda: app.window.timesheet.week is not None, timeout=15000)
    assert app.session.snapshot is not None and app.session.snapshot.person.id
