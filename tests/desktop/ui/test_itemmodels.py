"""Every item model passes pytest-qt's model tester, filled as the app fills it."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from desktop.services.entries import EntryInput, EntryService
from desktop.services.queries import QueryService
from desktop.ui import fmt
from desktop.ui.itemmodels.entry_table import EntryTableModel
from desktop.ui.itemmodels.matter_table import MatterTableModel
from desktop.ui.itemmodels.week_table import WeekTableModel
from tests.desktop.ui.conftest import FakeTime, load_firm, open_ws


def _filled(tmp_path: Any, ttime: FakeTime) -> Any:
    folder = tmp_path / "ws"
    load_firm(folder)
    ws = open_ws(folder, ttime)
    svc = EntryService(ws)
    monday = date(2026, 11, 9)
    for i, (matter, service, minutes) in enumerate(
        [
            ("BETA-001", "RES", 90),
            ("BETA-001", "ADM", 30),
            ("ACME-002", "DRF", 45),
            ("BETA-001", "RES", 20),
            ("BETA-001", "DRF", 200),
        ]
    ):
        svc.log(
            EntryInput(
                raw_seconds=minutes * 60,
                work_date=monday + timedelta(days=i % 7),
                matter=matter,
                phase="P1" if matter == "ACME-002" else None,
                service=service,
                narrative="Work on the matter file",
            )
        )
    return ws


def test_week_table_model(qtmodeltester: Any, tmp_path: Any, ttime: FakeTime) -> None:
    ws = _filled(tmp_path, ttime)
    q = QueryService(ws)
    week = q.week(date(2026, 11, 9))
    model = WeekTableModel()
    model.set_week(week.monday, date(2026, 11, 10), list(week.entries), q.snapshot().master)
    model.choose(date(2026, 11, 11))
    qtmodeltester.check(model)
    assert model.rowCount() == 4 + 3  # four matter/phase/service rows, then the totals
    assert model.week_total("all").hours == sum(e.billed_hours for e in week.entries)
    model.set_week(week.monday, date(2026, 11, 10), [], None)
    qtmodeltester.check(model)
    ws.close()


def test_week_totals_keep_each_currency_apart(tmp_path: Any, ttime: FakeTime) -> None:
    """A rate rule may bill in another currency than the firm's: the week's money is then
    said per currency, never added together."""
    ws = _filled(tmp_path, ttime)
    q = QueryService(ws)
    week = q.week(date(2026, 11, 9))
    master = q.snapshot().master
    firm = master.settings.currency
    first, *rest = week.entries
    eur = dataclasses.replace(first, currency="EUR", amount=Decimal("900.00"))
    model = WeekTableModel()
    model.set_week(week.monday, date(2026, 11, 10), [eur, *rest], master)
    total = model.week_total("all")
    assert total.amounts == {
        "EUR": Decimal("900.00"),
        firm: sum((e.amount for e in rest), Decimal("0.00")),
    }
    text = fmt.amounts(total.amounts, firm)
    assert text == f"{fmt.money(total.amounts[firm], firm)} + EUR 900.00"
    last = model.rowCount() - 1
    tip = model.data(model.index(last, model.columnCount() - 1), Qt.ItemDataRole.ToolTipRole)
    assert text in tip
    assert fmt.amounts({}, firm) == f"{firm} 0.00"
    # non-billable work in another currency: nothing to say in it
    assert fmt.amounts({firm: Decimal("5.00"), "EUR": Decimal("0.00")}, firm) == f"{firm} 5.00"
    assert fmt.amounts({"EUR": Decimal("0.00")}, firm) == f"{firm} 0.00"
    ws.close()


def test_entry_table_model_day_and_pages(
    qtmodeltester: Any, qtbot: Any, tmp_path: Any, ttime: FakeTime
) -> None:
    ws = _filled(tmp_path, ttime)
    entries = EntryService(ws).list()
    model = EntryTableModel()
    model.set_master(QueryService(ws).snapshot().master)
    model.set_entries(entries)
    qtmodeltester.check(model)

    model.PAGE = 2  # a long list, two at a time

    def pager(offset: int, limit: int, deliver: Any) -> None:
        deliver(entries[offset : offset + limit])

    model.set_pager(pager)
    assert model.rowCount() == 2
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == len(entries)
    qtmodeltester.check(model)
    ws.close()


def test_matter_table_model(qtmodeltester: Any, tmp_path: Any, ttime: FakeTime) -> None:
    ws = _filled(tmp_path, ttime)
    q = QueryService(ws)
    model = MatterTableModel()
    model.set_choices(q.snapshot(), q.recent_work(), ["ACME-002"])
    qtmodeltester.check(model)
    tags = [model.choice(r).tag for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert tags[0] == "Pinned" and "Recent" in tags
    model.set_query("beta general")
    assert [model.choice(r).matter for r in range(model.rowCount())] == ["BETA-001"]  # type: ignore[union-attr]
    qtmodeltester.check(model)
    model.set_query("acme")
    assert {model.choice(r).matter for r in range(model.rowCount())} == {"ACME-001", "ACME-002"}  # type: ignore[union-attr]
    ws.close()


def test_set_up_record_models(qtmodeltester: Any, tmp_path: Any, ttime: FakeTime) -> None:
    from desktop.services.masterdata import MasterDataService
    from desktop.ui.setup.controller import SetupController, SetupData
    from desktop.ui.setup.matters_page import MattersPageWidget
    from desktop.ui.setup.pages import ClientsPageWidget, PeoplePageWidget, ServicesPageWidget
    from desktop.ui.setup.rate_history import rule_model, rule_rows

    ws = _filled(tmp_path, ttime)
    master = QueryService(ws).snapshot().master
    data = SetupData(master, None, date(2026, 11, 10))

    class _Session:  # the pages' models are filled without a worker here
        runner = None

    controller = SetupController(_Session())  # type: ignore[arg-type]
    for page_class in (PeoplePageWidget, ServicesPageWidget, ClientsPageWidget, MattersPageWidget):
        page = page_class(controller)
        model = page.model
        model.set_rows(page.records(data))
        assert model.rowCount() > 0
        qtmodeltester.check(model)
        model.set_rows([])
        qtmodeltester.check(model)
    matters_page = MattersPageWidget(controller)
    phases = matters_page.phases.model
    phases.set_rows(list(master.matters["ACME-001"].phases))
    qtmodeltester.check(phases)

    model = rule_model()
    uses = MasterDataService(ws).rule_uses()
    model.set_rows(rule_rows(uses, date(2026, 11, 10), "USD"))
    qtmodeltester.check(model)
    standing = {r.use.description: r.standing for r in model.records}
    assert standing["person mlee, from 2026-10-01"] == "in force"
    assert standing["person mlee, from 2026-01-01"] == "replaced 1 Oct 2026"
    ws.close()


def test_rerate_and_correction_models(qtmodeltester: Any, tmp_path: Any, ttime: FakeTime) -> None:
    from desktop.services.maintenance import MaintenanceService
    from desktop.services.masterdata import MasterDataService
    from desktop.ui.dialogs.entry_history import correction_columns
    from desktop.ui.itemmodels.record_table import RecordTableModel
    from desktop.ui.setup.rerate_dialog import change_columns

    ws = _filled(tmp_path, ttime)
    MasterDataService(ws).add_rate(
        {"amount": "320.00", "effective_from": "2026-11-01", "person": "rarnsley"}
    )
    changes = MaintenanceService(ws).rerate(dry_run=True)
    assert changes
    model = RecordTableModel(change_columns({"rarnsley": "Robert Arnsley"}))
    model.set_rows(changes)
    qtmodeltester.check(model)
    corrections = RecordTableModel(correction_columns({}, None))
    qtmodeltester.check(corrections)
    ws.close()


def test_history_table_model(qtmodeltester: Any, tmp_path: Any, ttime: FakeTime) -> None:
    from desktop.services.entries import EntryChanges
    from desktop.services.history import HistoryService
    from desktop.ui.itemmodels.history_table import HistoryTableModel

    ws = _filled(tmp_path, ttime)
    entry = EntryService(ws).list()[0]
    EntryService(ws).edit(entry.id, EntryChanges({"narrative": "Work on the matter file, again"}))
    model = HistoryTableModel()
    model.set_items(HistoryService(ws).entry(entry.id, verify=False).items)
    qtmodeltester.check(model)
    assert model.index(model.rowCount() - 1, 3).data() == "Narrative"
    model.set_items([])
    qtmodeltester.check(model)
    ws.close()


def test_burn_table_model(qtmodeltester: Any, tmp_path: Any, ttime: FakeTime) -> None:
    from desktop.services.burn import BurnService
    from desktop.ui.itemmodels.burn_table import BurnTableModel

    ws = _filled(tmp_path, ttime)
    matters = BurnService(ws).matters(date(2026, 11, 10))
    model = BurnTableModel()
    model.set_matters(matters)
    qtmodeltester.check(model)
    levels = [model.burn_row(r).level for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert levels[0] == 0 and 1 in levels and 2 in levels
    model.set_matters(matters, closed=True)
    qtmodeltester.check(model)
    ws.close()
