"""Every item model passes pytest-qt's model tester, filled as the app fills it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from desktop.services.entries import EntryInput, EntryService
from desktop.services.queries import QueryService
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
