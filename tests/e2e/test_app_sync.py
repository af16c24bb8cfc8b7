"""Sync in the desktop app, driving the real widgets offscreen against the real server process
on loopback: signing in, the status through offline → pending → synced, and resolving each
kind of needs-attention item from the view."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.services.approvals import Selection
from desktop.services.entries import EntryChanges
from tests.e2e.conftest import EMAILS, PASSWORD, Device
from tests.e2e.test_sync_conflicts import admin_import, server_row
from tests.harness.server import ServerProcess

D = date(2026, 11, 10)  # the app's (fake) today


def sign_in_through_the_dialog(qtbot: Any, app: Any, server: ServerProcess, who: str) -> None:
    app.sync_flows.sign_in()
    dlg = app.sync_flows.sign_in_dialog
    assert dlg is not None and dlg.isVisible()
    dlg.server.setText(server.base)
    dlg.email.setText(EMAILS[who])
    dlg.password.setText(PASSWORD)
    dlg.sign_in_button.click()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20000)


def status_text(app: Any) -> str:
    return str(app.window.sync_label.text())


def sync_and_wait(qtbot: Any, app: Any) -> None:
    """Sync now, and wait until that round is over."""
    before = app.sync.rounds
    app.window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: app.sync.rounds > before, timeout=30000)


@pytest.fixture
def app_in_firm(qtbot: Any, make_app: Any, server: ServerProcess, tmp_path: Path) -> Any:
    app = make_app(tmp_path / "app", firm=False, wait=False)
    qtbot.waitUntil(lambda: app.flows.first_run_dialog is not None, timeout=15000)
    first = app.flows.first_run_dialog
    assert first.sign_in_button.isVisible()
    first.sign_in_button.click()
    dlg = app.sync_flows.sign_in_dialog
    dlg.server.setText(server.base)
    dlg.email.setText(EMAILS["mlee"])
    dlg.password.setText(PASSWORD)
    dlg.sign_in_button.click()
    qtbot.waitUntil(lambda: app.window.timesheet.week is not None, timeout=20000)
    qtbot.waitUntil(lambda: "synced" in status_text(app), timeout=20000)
    return app


def log_in_app(qtbot: Any, app: Any, **values: Any) -> Any:
    done: list[Any] = []
    base = {
        "raw_seconds": 3600,
        "work_date": D,
        "matter": "ACME-001",
        "phase": "L100",
        "service": "RES",
        "narrative": "Research for the case file",
    }
    base.update(values)
    app.session.save_entry(None, base, done.append, lambda e: done.append(e))
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    return done[0]


def test_sign_in_from_the_first_run_choice(app_in_firm: Any) -> None:
    app = app_in_firm
    snap = app.session.snapshot
    assert snap.kind == "firm" and snap.person.id == "mlee"
    assert "firm workspace" in app.window.workspace_label.text()
    assert not app.window.sign_in_action.isEnabled() and app.window.sign_out_action.isEnabled()
    assert app.settings.server == app.sync.view.detail.split(" · ")[0]


def test_wrong_password_is_said_in_the_dialog(
    qtbot: Any, make_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    app = make_app(tmp_path / "app", firm=False, wait=False)
    qtbot.waitUntil(lambda: app.flows.first_run_dialog is not None, timeout=15000)
    app.sync_flows.sign_in()
    dlg = app.sync_flows.sign_in_dialog
    dlg.server.setText(server.base)
    dlg.email.setText(EMAILS["mlee"])
    dlg.password.setText("not the password")
    dlg.sign_in_button.click()
    qtbot.waitUntil(lambda: dlg.problem.isVisible(), timeout=15000)
    assert dlg.isVisible() and "password" in dlg.problem.text().lower()
    assert dlg.sign_in_button.isEnabled()


def test_status_offline_pending_synced(qtbot: Any, app_in_firm: Any, server: ServerProcess) -> None:
    app = app_in_firm
    server.stop()
    entry = log_in_app(qtbot, app)
    assert entry.id
    qtbot.waitUntil(lambda: "pending" in status_text(app), timeout=20000)  # sent soon, fails
    qtbot.waitUntil(lambda: "offline" in status_text(app), timeout=20000)
    assert "1 pending" in status_text(app)
    assert "Sync: offline" in app.tray.sync_line.text()
    # the entry shows as not yet confirmed
    qtbot.waitUntil(
        lambda: any(e.sync_pending for e in (app.window.timesheet.week.entries or ())),
        timeout=15000,
    )
    server.start()
    sync_and_wait(qtbot, app)
    assert status_text(app).endswith("synced")
    assert server_row(server.url, entry.id)["person"] == "mlee"


def _open_attention(qtbot: Any, app: Any, count: int) -> Any:
    sync_and_wait(qtbot, app)
    assert "need attention" in status_text(app)
    app.window.attention_action.trigger()
    dlg = app.sync_flows.attention_dialog
    qtbot.waitUntil(lambda: dlg.model.rowCount() == count, timeout=15000)
    return dlg


def _other_device(tmp_path: Path, server: ServerProcess, who: str) -> Device:
    d = Device(f"other-{who}", tmp_path / f"other-{who}")
    d.account.login(server.base, EMAILS[who], PASSWORD)
    return d


def test_resolve_a_conflict_keeping_mine_and_one_keeping_the_servers(
    qtbot: Any, app_in_firm: Any, server: ServerProcess, tmp_path: Path
) -> None:
    app = app_in_firm
    a = log_in_app(qtbot, app, narrative="The narrative as first written")
    b = log_in_app(qtbot, app, narrative="Another narrative as first written", work_date=D)
    sync_and_wait(qtbot, app)
    assert status_text(app).endswith("synced")
    other = _other_device(tmp_path, server, "mlee")
    other.entries.edit(a.id, EntryChanges({"narrative": "Changed on the laptop (A)"}))
    other.entries.edit(b.id, EntryChanges({"narrative": "Changed on the laptop (B)"}))
    other.sync()
    other.close()
    for e, text in ((a, "Changed in the app (A)"), (b, "Changed in the app (B)")):
        done: list[Any] = []
        app.session.save_entry(e.id, {"narrative": text}, done.append, done.append)
        qtbot.waitUntil(lambda done=done: bool(done), timeout=15000)
    dlg = _open_attention(qtbot, app, 2)
    rows = {dlg.model.item(i).entry_id: i for i in range(2)}
    dlg.table.selectRow(rows[b.id])
    assert dlg.keep_theirs.isVisible() and "Yours" in dlg.detail.text()
    dlg.keep_theirs.click()
    assert not dlg.keep_mine.isEnabled()  # one action at a time
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1, timeout=15000)
    assert dlg.model.item(0).entry_id == a.id and dlg.keep_mine.isEnabled()
    dlg.table.selectRow(0)
    dlg.keep_mine.click()
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 0, timeout=15000)
    sync_and_wait(qtbot, app)
    assert status_text(app).endswith("synced")
    assert server_row(server.url, a.id)["narrative"] == "Changed in the app (A)"
    assert server_row(server.url, b.id)["narrative"] == "Changed on the laptop (B)"


def test_resolve_a_refused_entry_by_correcting_and_resending(
    qtbot: Any, app_in_firm: Any, server: ServerProcess
) -> None:
    app = app_in_firm
    admin_import(server.url, {"firm": {"narrative_min_length": 40}})
    e = log_in_app(qtbot, app, narrative="Fine yesterday, short today")
    dlg = _open_attention(qtbot, app, 1)
    entry_cell = dlg.model.data(dlg.model.index(0, 1))
    assert entry_cell == "Tue 10 Nov · ACME-001 · Fine yesterday, short today"
    qtbot.waitUntil(
        lambda: any(x.id == e.id and x.sync_attention for x in app.window.timesheet.week.entries),
        timeout=15000,
    )
    dlg.table.selectRow(0)
    assert "ACME-001" in dlg.detail.text() and "at least 40" in dlg.detail.text()
    assert dlg.resend.isVisible() and dlg.fix.isVisible()
    dlg.fix.clear()
    qtbot.keyClicks(dlg.fix, "Reviewed the supplier's delivery records for the claim")
    # the list read again (the status bar's link does that) keeps what was typed
    dlg.load()
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=15000)
    qtbot.wait(50)
    assert dlg.fix.text() == "Reviewed the supplier's delivery records for the claim"
    dlg.resend.click()
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 0, timeout=15000)
    sync_and_wait(qtbot, app)
    assert status_text(app).endswith("synced")
    assert server_row(server.url, e.id)["narrative"].startswith("Reviewed the supplier")


def test_resolve_a_correction_by_withdrawing_and_a_refusal_by_discarding(
    qtbot: Any, app_in_firm: Any, server: ServerProcess, tmp_path: Path
) -> None:
    app = app_in_firm
    e1 = log_in_app(qtbot, app, narrative="Work that will be approved meanwhile")
    e2 = log_in_app(qtbot, app, narrative="Work that will be submitted meanwhile")
    sync_and_wait(qtbot, app)
    assert status_text(app).endswith("synced")
    laptop = _other_device(tmp_path, server, "mlee")
    laptop.approvals.submit(Selection(ids=[e1.id, e2.id]))
    laptop.sync()
    laptop.close()
    rob = _other_device(tmp_path, server, "rarnsley")
    rob.approvals.approve(Selection(ids=[e1.id]))
    rob.sync()
    rob.close()
    done: list[Any] = []
    app.session.save_entry(e1.id, {"raw_seconds": 5400}, done.append, done.append)
    app.session.delete_entry(e2.id, done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=15000)
    dlg = _open_attention(qtbot, app, 2)
    rows = {dlg.model.item(i).outcome: i for i in range(2)}
    # discarding the refused deletion: while the question is up the list moves on (a reload
    # would); what is discarded is still the change the person confirmed
    dlg.table.selectRow(rows["rejected"])
    assert dlg.discard.isVisible()
    asked: list[str] = []

    def confirm_while_the_list_moves(title: str, _text: str) -> bool:
        asked.append(title)
        dlg.table.selectRow(rows["correction"])
        return True

    dlg.confirm = confirm_while_the_list_moves
    dlg.discard.click()
    assert asked == ["Discard your change?"]
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1, timeout=15000)
    assert dlg.model.item(0).outcome == "correction"
    dlg.table.selectRow(0)
    assert dlg.withdraw.isVisible()
    dlg.withdraw.click()
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 0, timeout=15000)
    sync_and_wait(qtbot, app)
    assert status_text(app).endswith("synced")
    assert server_row(server.url, e1.id)["status"] == "approved"
    assert server_row(server.url, e2.id)["status"] == "submitted"


def test_app_opens_a_folder_whose_first_sync_did_not_finish(
    qtbot: Any, make_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    """Not the first-run choice again: the firm workspace, empty and offline, until the server
    is back and its set-up arrives."""
    from tests.e2e.test_sync_cli import signed_in_then_server_gone

    folder = tmp_path / "app"
    signed_in_then_server_gone(folder, server)
    app = make_app(folder, firm=False, wait=False)
    qtbot.waitUntil(lambda: app.window.timesheet.week is not None, timeout=15000)
    assert app.flows.first_run_dialog is None
    assert app.window.timesheet.week.entries == ()
    assert app.window.workspace_label.text() == (
        "The firm's set-up is not here yet · mlee (firm workspace)"
    )
    assert "comes with the next sync" in app.window.editor.matter.placeholderText()
    # a new entry says why nothing can be logged yet, and Save sends nothing
    editor = app.window.editor
    saves: list[Any] = []
    editor.sig_save.connect(saves.append)
    editor.new_entry(app.session.snapshot.today)
    assert "has not reached this computer yet" in editor.banner.text()
    editor.save()
    assert saves == [] and "has not reached this computer yet" in editor.general.problem.text()
    qtbot.waitUntil(lambda: "offline" in status_text(app), timeout=20000)
    server.start()
    sync_and_wait(qtbot, app)
    qtbot.waitUntil(lambda: app.session.snapshot.person.name == "Mia Lee", timeout=20000)
    qtbot.waitUntil(lambda: "Mia Lee" in app.window.workspace_label.text(), timeout=20000)
    assert "not here yet" not in app.window.workspace_label.text()
    assert app.window.editor.matter.placeholderText() == "Type a client or matter code or name"
    assert status_text(app).endswith("synced")
    entry = log_in_app(qtbot, app)
    assert entry.id and entry.rate > 0


def end_sessions_on_the_server(db_url: str, email: str) -> None:
    """What a password change (or an admin's reset) does: every session of that person ends."""
    from server.models.db import Database
    from server.services import accounts
    from server.services.context import Context

    ctx = Context(Database(db_url))
    try:
        accounts.set_password(ctx, email, PASSWORD)
    finally:
        ctx.db.close()


def test_a_session_ended_on_the_server_signs_the_app_out(
    qtbot: Any, app_in_firm: Any, server: ServerProcess
) -> None:
    """Not "synced" for ever with nothing moving: the window says the session ended and how
    to go on, Sign in is offered again, and what was logged meanwhile goes once it is."""
    app = app_in_firm
    end_sessions_on_the_server(server.url, EMAILS["mlee"])
    entry = log_in_app(qtbot, app, narrative="Logged after the password was changed")
    sync_and_wait(qtbot, app)
    qtbot.waitUntil(lambda: "signed out" in status_text(app), timeout=15000)
    assert "ended this session" in app.sync.view.detail
    assert app.window.sign_in_action.isEnabled() and not app.window.sync_now_action.isEnabled()
    app.sync_flows.sign_in()
    dlg = app.sync_flows.sign_in_dialog
    assert dlg.server.text() == server.base
    dlg.email.setText(EMAILS["mlee"])
    dlg.password.setText(PASSWORD)
    dlg.sign_in_button.click()
    assert not dlg.cancel_button.isEnabled()  # a sign-in on its way is not called back
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20000)
    qtbot.waitUntil(lambda: status_text(app).endswith("synced"), timeout=20000)
    assert server_row(server.url, entry.id)["narrative"] == "Logged after the password was changed"
