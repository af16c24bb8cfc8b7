"""The firm set-up views on real widgets: records created through them price the next entry
logged in the editor; refusals show on their fields with the import's messages; a rule that
priced entries is read-only; closing a matter hides it from pickers; a firm workspace is
read-only with the reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt

from desktop.services.entries import EntryService
from desktop.ui.widgets.combo import choose
from tests.desktop.ui.conftest import FakeTime, idle_until, log_entry, open_ws, sign_in_to_firm


def _open(app: Any, qtbot: Any, page: str) -> Any:
    win = app.setup_flows.open_setup(page)
    qtbot.waitUntil(lambda: win.controller.data is not None and not app.runner.busy)
    return win


def _master(app: Any) -> Any:
    return app.session.snapshot.master


def _type(qtbot: Any, widget: Any, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_matter_phase_service_and_rule_made_here_price_the_next_entry(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    win = _open(app, qtbot, "services")
    assert win.isVisible() and win.tabs.currentWidget() is win.services

    # a service type
    win.services.new_button.click()
    sf = win.services.form
    assert sf.heading.text() == "New service type" and not sf.code.isReadOnly()
    _type(qtbot, sf.code, "CON")
    _type(qtbot, sf.name, "Consultation")
    choose(sf.activity, "A106")
    sf.save_button.click()
    qtbot.waitUntil(lambda: "CON" in _master(app).service_types)
    assert _master(app).service_types["CON"].utbms_activity == "A106"
    qtbot.waitUntil(lambda: sf.current is not None and sf.current.code == "CON")
    assert sf.code.isReadOnly()  # a code is typed once

    # a matter of an existing client
    win.tabs.setCurrentWidget(win.matters)
    mp = win.matters
    mp.new_button.click()
    mf = mp.form
    _type(qtbot, mf.code, "BETA-002")
    choose(mf.client, "BETA")
    _type(qtbot, mf.name, "Lease renewal")
    assert not mf.fixed_fee.isEnabled()  # only on fixed-fee matters
    choose(mf.billing, "fixed_fee")
    assert mf.fixed_fee.isEnabled()
    _type(qtbot, mf.fixed_fee, "5000.00")
    mf.save_button.click()
    qtbot.waitUntil(lambda: "BETA-002" in _master(app).matters)
    m = _master(app).matters["BETA-002"]
    assert (m.client, m.billing, str(m.fixed_fee), m.team) == ("BETA", "fixed_fee", "5000.00", ())

    # a phase of it, with an estimate and planned dates
    qtbot.waitUntil(lambda: mp.phases.matter is not None and mp.phases.matter.code == "BETA-002")
    mp.tabs.setCurrentWidget(mp.phases)
    mp.phases.new_button.click()
    pf = mp.phases.form
    assert pf.heading.text() == "New phase of BETA-002"
    _type(qtbot, pf.code, "P1")
    _type(qtbot, pf.name, "Negotiation")
    _type(qtbot, pf.hours, "12")
    pf.start_date.set_value(date(2026, 11, 1))
    pf.end_date.set_value(date(2026, 12, 31))
    pf.save_button.click()
    qtbot.waitUntil(lambda: _master(app).matters["BETA-002"].phases != ())
    [ph] = _master(app).matters["BETA-002"].phases
    assert (ph.code, str(ph.estimated_hours), ph.end) == ("P1", "12.00", date(2026, 12, 31))

    # a rate rule for it, from the matter's "Add a rate…"
    mp.tabs.setCurrentWidget(mp.tabs.widget(2))
    qtbot.waitUntil(lambda: mp.add_rate_button.isEnabled())
    mp.add_rate_button.click()
    assert win.tabs.currentWidget() is win.rates
    rf = win.rates.rate_form
    assert rf.current is None and rf.scope["matter"].currentData() == "BETA-002"
    choose(rf.scope["service"], "CON")
    _type(qtbot, rf.amount, "375.00")
    rf.effective.setDate(QDate(2026, 1, 1))
    rf.save_button.click()
    qtbot.waitUntil(lambda: any(str(r.amount) == "375.00" for r in _master(app).rules))
    qtbot.waitUntil(lambda: win.rates.model.rowCount() > 0 and not app.runner.busy)
    assert "Saved the rate rule service CON × matter BETA-002" in win.notes.label.text()

    # the next entry logged in the editor is priced by them
    w = app.window
    w.new_action.trigger()
    ed = w.editor
    qtbot.keyClicks(ed.matter, "BETA-002")
    assert ed.matter.model.rowCount() == 1
    ed.matter._chosen(ed.matter.model.index(0, 0))
    ed.phase.setCurrentIndex(ed.phase.findData("P1"))
    ed.service.setCurrentIndex(ed.service.findData("CON"))
    qtbot.keyClicks(ed.duration, "1h")
    qtbot.keyClicks(ed.narrative, "Call on the renewal terms")
    assert "375.00" in ed.preview.text()
    ed.save()
    idle_until(qtbot, app)
    ws = open_ws(app.data_dir, ttime)
    [entry] = EntryService(ws).list()
    ws.close()
    assert (entry.matter, entry.phase, entry.service) == ("BETA-002", "P1", "CON")
    assert (str(entry.rate), str(entry.amount)) == ("375.00", "375.00")
    assert entry.rate_rule == "service CON × matter BETA-002, from 2026-01-01"


def test_a_rule_with_another_rules_scope_and_date_is_refused_on_its_date(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    win = _open(app, qtbot, "rates")
    rates = win.rates
    qtbot.waitUntil(lambda: rates.model.rowCount() == 5)
    rates.new_button.click()
    rf = rates.rate_form
    choose(rf.scope["person"], "rarnsley")
    _type(qtbot, rf.amount, "310.00")
    rf.effective.setDate(QDate(2026, 1, 1))
    rf.save_button.click()
    qtbot.waitUntil(lambda: rf.rows["effective_from"].has_problem)
    problem = rf.rows["effective_from"].problem.text()
    assert "Another rule (person rarnsley, from 2026-01-01) has the same scope" in problem
    assert not rf.rows["amount"].has_problem and not rf.general.has_problem
    assert rf.amount.text() == "310.00" and rf.touched  # what was typed stays
    assert len(_master(app).rules) == 5
    # another date is a new step in the person's rate history
    rf.effective.setDate(QDate(2026, 7, 1))
    rf.save_button.click()
    qtbot.waitUntil(lambda: len(_master(app).rules) == 6)
    assert not rf.rows["effective_from"].has_problem


def test_a_rule_that_priced_entries_is_read_only_with_the_way_forward(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    ws = open_ws(app.data_dir, ttime)
    log_entry(ws)
    ws.close()
    win = _open(app, qtbot, "people")
    people = win.people
    assert people.table.choose(lambda p: p.id == "rarnsley")
    people._chosen(people.model.record(people.model.row_where(lambda p: p.id == "rarnsley")))
    qtbot.waitUntil(
        lambda: any(r.use.rule.person == "rarnsley" for r in people.history.model.records)
    )
    rows = people.history.model.records
    assert len(rows) == 2 and "Robert Arnsley and classification PARTNR" in (
        people.history.caption.text()
    )
    own = next(r for r in rows if r.use.rule.person == "rarnsley")
    assert own.standing == "in force" and own.use.entries == 1
    used = people.history.model.index(rows.index(own), 4).data()
    assert used == "1 entry (10 Nov 2026)"
    assert any(r.use.rule.classification == "PARTNR" for r in rows)

    win.tabs.setCurrentWidget(win.rates)
    rates = win.rates
    qtbot.waitUntil(lambda: rates.model.rowCount() == 5)
    rates.table.choose(lambda r: r.use.rule.person == "rarnsley")
    rates._chosen(rates.table.current())
    rf = rates.rate_form
    assert not rf.editable and rf.note.isVisibleTo(rf) and "never changes" in rf.note.text()
    assert not rf.save_button.isVisibleTo(rf) and rf.copy_button.isVisibleTo(rf)
    rf.copy_button.click()  # the same scope, a new date
    assert rf.current is None and rf.editable
    assert rf.scope["person"].currentData() == "rarnsley" and rf.amount.text() == "300.00"


def test_closing_a_matter_hides_it_from_pickers_and_keeps_its_entries(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    ws = open_ws(app.data_dir, ttime)
    entry = log_entry(ws)
    ws.close()
    win = _open(app, qtbot, "matters")
    mp = win.matters
    mp.table.choose(lambda m: m.code == "BETA-001")
    mp._chosen(mp.table.current())
    assert mp.form.code.isReadOnly() and mp.form.client_matter_id.text() == ""
    mp.form.closed.setChecked(True)
    mp.form.save_button.click()
    qtbot.waitUntil(lambda: _master(app).matters["BETA-001"].closed)
    w = app.window
    w.new_action.trigger()
    codes = [
        w.editor.matter.model.choice(r).matter for r in range(w.editor.matter.model.rowCount())
    ]
    assert "BETA-001" not in codes and "ACME-001" in codes
    ws = open_ws(app.data_dir, ttime)
    kept = EntryService(ws).get(entry.id)
    ws.close()
    assert kept.matter == "BETA-001" and kept.version == entry.version
    assert mp.model.index(mp.model.row_where(lambda m: m.code == "BETA-001"), 6).data() == "closed"


def test_firm_settings_and_client_overrides_with_problems_on_their_fields(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    win = _open(app, qtbot, "firm")
    ff = win.firm.form
    assert ff.name.text() == "Arnsley & Co" and ff.rounding.increment.currentData() == 6
    assert ff.required.checked() == ["matter", "service", "narrative"]
    _type(qtbot, ff.currency, "U$D")
    ff.save_button.click()
    qtbot.waitUntil(lambda: ff.rows["currency"].has_problem)
    assert "not a three-letter ISO 4217 code" in ff.rows["currency"].problem.text()
    _type(qtbot, ff.currency, "USD")
    choose(ff.rounding.increment, 15)
    ff.save_button.click()
    qtbot.waitUntil(lambda: _master(app).settings.rounding.increment_minutes == 15)

    win.tabs.setCurrentWidget(win.clients)
    cp = win.clients
    cp.table.choose(lambda c: c.code == "BETA")
    cp._chosen(cp.table.current())
    cf = cp.form
    assert cf.rounding.increment.currentText() == "the firm's (15 min)"
    locked = [cf.required.item(i) for i in range(cf.required.count())]
    assert [i.text() for i in locked if not i.flags()] == [
        "Matter",
        "Service type",
        "Narrative",
    ]  # the firm's, shown ticked and fixed
    choose(cf.rounding.direction, "down")
    for i in range(cf.required.count()):
        if cf.required.item(i).data(256) == "phase":
            cf.required.item(i).setCheckState(Qt.CheckState.Checked)
    cf.save_button.click()
    qtbot.waitUntil(lambda: _master(app).clients["BETA"].required_fields == ("phase",))
    beta = _master(app).clients["BETA"]
    assert beta.rounding is not None and beta.rounding.direction == "down"
    assert beta.rounding.increment_minutes is None  # the firm's
    # a problem path the form has no field for goes under the form, with its path
    from desktop.ui.tasks import TaskError

    cf.show_problems(TaskError("not saved", (("rounding.increment_minutes", "bad"), ("x", "y"))))
    assert cf.rows["rounding.increment_minutes"].has_problem
    assert "Y (x)" in cf.general.problem.text()


def test_set_up_is_read_only_in_a_firm_workspace(
    make_app: Any, qtbot: Any, ttime: FakeTime, tmp_path: Any
) -> None:
    from tests.desktop.ui.conftest import load_firm

    folder = tmp_path / "ws"
    load_firm(folder)
    ws = open_ws(folder, ttime)
    sign_in_to_firm(ws)
    ws.close()
    app = make_app(folder)
    win = _open(app, qtbot, "clients")
    assert win.read_only.isVisibleTo(win) and "firm server" in win.read_only.label.text()
    for page in (win.people, win.services, win.clients, win.matters, win.rates):
        assert not page.new_button.isEnabled()
        assert not page.form.editable and not page.form.save_button.isVisibleTo(page.form)
    assert not win.firm.form.editable and win.firm.form.name.isReadOnly()
    assert not win.rates.rerate_button.isEnabled()
    win.clients.form.save()  # nothing is sent
    idle_until(qtbot, app)
    assert "Saved" not in win.notes.label.text()


def test_what_was_typed_survives_closing_and_choosing_elsewhere(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    app = make_app()
    win = _open(app, qtbot, "matters")
    mp = win.matters
    qtbot.waitUntil(lambda: mp.phases.matter is not None)
    first = mp.phases.matter.code
    mp.phases.new_button.click()
    _type(qtbot, mp.phases.form.code, "L900")
    other = mp.model.record(mp.model.row_where(lambda m: m.code != first))
    mp._chosen(other)  # another matter, with a phase half typed: refused, said
    assert mp.form.current.code == first and mp.phases.form.code.text() == "L900"
    assert "unsaved changes" in win.notes.label.text()
    win.close()  # something typed: the window only hides
    assert app.setup_flows.setup_window is win
    again = _open(app, qtbot, "matters")
    assert again is win and again.matters.phases.form.code.text() == "L900"
    again.matters.phases.form.revert_button.click()
    assert not again.dirty()
    again.close()  # nothing typed: the window is freed, and built again on the next open
    qtbot.waitUntil(lambda: app.setup_flows.setup_window is None)
    fresh = _open(app, qtbot, "people")
    assert fresh.tabs.currentWidget() is fresh.people


def test_the_rates_filter_keeps_typing_and_survives_a_reload(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    win = _open(app, qtbot, "rates")
    rates = win.rates
    qtbot.waitUntil(lambda: rates.model.rowCount() > 0 and not app.runner.busy)
    mlee = rates.filter.findData("person:mlee")
    rates.filter.setCurrentIndex(mlee)
    qtbot.waitUntil(lambda: not app.runner.busy)
    app.setup_flows.setup_window.controller.load()  # a reload (a save, a sync) keeps the filter
    qtbot.waitUntil(lambda: not app.runner.busy)
    assert rates.filter.currentData() == "person:mlee"
    rates.new_button.click()
    qtbot.keyClicks(rates.rate_form.amount, "999.99")
    rates.filter.setCurrentIndex(0)  # "every rule", with the form half typed: refused
    assert rates.filter.currentData() == "person:mlee"
    assert rates.rate_form.amount.text() == "999.99"


def test_a_phase_saved_while_its_matter_is_being_edited_shows_as_saved(
    make_app: Any, qtbot: Any
) -> None:
    app = make_app()
    win = _open(app, qtbot, "matters")
    mp = win.matters
    assert mp.table.choose(lambda m: m.code == "ACME-001")
    mp._chosen(mp.table.current())
    qtbot.waitUntil(lambda: mp.phases.matter is not None and mp.phases.matter.code == "ACME-001")
    _type(qtbot, mp.form.name, "Supply dispute (appeal)")  # the matter's form: not saved
    mp.tabs.setCurrentWidget(mp.phases)
    assert mp.phases.table.choose(lambda p: p.code == "L100")
    mp.phases._chosen(mp.phases.table.current())
    pf = mp.phases.form
    _type(qtbot, pf.hours, "77")
    pf.save_button.click()
    qtbot.waitUntil(
        lambda: str(_master(app).matters["ACME-001"].phases[0].estimated_hours) == "77.00"
    )
    idle_until(qtbot, app)
    [shown] = [p for p in mp.phases.model.records if p.code == "L100"]
    assert str(shown.estimated_hours) == "77.00"  # not the 40 it had before
    assert mp.form.name.text() == "Supply dispute (appeal)"  # the matter's typing kept


def test_typing_on_while_a_save_is_on_its_way_stays_in_the_form(
    make_app: Any, qtbot: Any, ttime: FakeTime
) -> None:
    """The save carries what was typed when Save was pressed; what is typed after it stays in
    the form, still to save, and the note says so — the reload never replaces it."""
    app = make_app()
    win = _open(app, qtbot, "clients")
    cp = win.clients
    notes: list[str] = []
    cp.sig_note.connect(notes.append)
    cp.table.choose(lambda c: c.code == "BETA")
    cp._chosen(cp.table.current())
    cf = cp.form
    _type(qtbot, cf.name, "Beta Two")
    cf.save_button.click()
    qtbot.keyClicks(cf.name, ", Ltd")  # before the save's answer is back: no event loop ran
    qtbot.waitUntil(lambda: bool(notes) and not app.runner.busy)
    assert _master(app).clients["BETA"].name == "Beta Two"
    assert cf.name.text() == "Beta Two, Ltd" and cf.touched and cp.dirty()
    assert "not saved yet" in notes[-1]
    cf.save_button.click()
    qtbot.waitUntil(lambda: _master(app).clients["BETA"].name == "Beta Two, Ltd")
    qtbot.waitUntil(lambda: not cf.touched)
    assert notes[-1] == "Saved client BETA."
