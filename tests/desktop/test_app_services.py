"""The services the desktop app added: read-only queries, the live preview, away time on a
running timer, and the set-up of a one-person practice."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from core.errors import DocketError, ValidationError
from desktop.services import pricing_rows as pr
from desktop.services.entries import EntryChanges, EntryInput, EntryService
from desktop.services.preview import preview
from desktop.services.queries import QueryService
from desktop.services.setup import SetupService, one_person_setup
from desktop.services.timer import TimerFields, TimerService
from desktop.services.timer_away import AwayService
from desktop.services.workspace import Workspace
from tests.desktop.conftest import Clock


def _log(ws: Workspace, **kw: object) -> object:
    fields = {
        "raw_seconds": 3600,
        "matter": "BETA-001",
        "service": "RES",
        "narrative": "Research on the lease terms",
    } | kw
    return EntryService(ws).log(EntryInput(**fields))  # type: ignore[arg-type]


def test_week_and_recent_work(firm: Workspace, clock: Clock) -> None:
    q = QueryService(firm)
    assert not q.needs_setup()
    monday = date(2026, 11, 9)
    _log(firm, work_date=monday + timedelta(days=2))
    _log(firm, work_date=monday, matter="ACME-002", phase="P1", service="DRF")
    _log(firm, work_date=monday - timedelta(days=1))  # the Sunday before: another week
    week = q.week(monday)
    assert [e.date for e in week.entries] == [monday, monday + timedelta(days=2)]
    assert week.sunday == monday + timedelta(days=6)
    recent = q.recent_work()
    assert [(r.matter, r.phase, r.service) for r in recent] == [
        ("BETA-001", None, "RES"),
        ("ACME-002", "P1", "DRF"),
    ]
    snap = q.snapshot()
    assert snap.person.id == "rarnsley"
    assert {m.code for m in snap.loggable_matters()} == {"ACME-001", "ACME-002", "BETA-001"}


def test_needs_setup_on_an_empty_workspace(ws: Workspace) -> None:
    assert QueryService(ws).needs_setup()


def test_preview_prices_exactly_as_saving_does(firm: Workspace) -> None:
    master = QueryService(firm).snapshot().master
    draft = pr.Draft(
        person="rarnsley",
        work_date=date(2026, 11, 10),
        raw_seconds=5401,
        matter="ACME-001",
        phase="L100",
        service="DRF",
        narrative="Draft the reply to the defence",
    )
    pv = preview(master, draft)
    assert pv.problems == () and pv.utbms_activity == "A103"
    saved = EntryService(firm).log(
        EntryInput(
            raw_seconds=5401,
            work_date=draft.work_date,
            matter="ACME-001",
            phase="L100",
            service="DRF",
            narrative=draft.narrative,
        )
    )
    assert pv.pricing is not None
    assert (pv.pricing.rate, pv.pricing.amount, pv.pricing.rate_rule, pv.pricing.billed_hours) == (
        saved.rate,
        saved.amount,
        saved.rate_rule,
        saved.billed_hours,
    )
    short = preview(master, replace(draft, narrative="Draft"))
    assert short.for_field("narrative") and "at least 10" in short.for_field("narrative")[0]
    assert preview(master, replace(draft, raw_seconds=0)).pricing is None


def test_preview_of_an_edit_keeps_the_stored_rate(firm: Workspace, clock: Clock) -> None:
    entry = _log(firm, work_date=date(2026, 11, 10), matter="BETA-001")
    master = QueryService(firm).snapshot().master
    draft = pr.Draft(
        person="rarnsley",
        work_date=date(2026, 11, 10),
        raw_seconds=7200,
        matter="BETA-001",
        service="RES",
        narrative="Research on the lease terms",
    )
    pv = preview(master, draft, entry)  # type: ignore[arg-type]
    edited = EntryService(firm).edit(entry.id, EntryChanges({"raw_seconds": 7200}))  # type: ignore[attr-defined]
    assert pv.kept_rate and pv.pricing is not None
    assert (pv.pricing.rate, pv.pricing.amount) == (edited.rate, edited.amount)  # type: ignore[union-attr]


@pytest.fixture
def timer(firm: Workspace, clock: Clock) -> TimerService:
    svc = TimerService(firm)
    svc.boot_id = lambda: "boot-1"  # type: ignore[method-assign]
    svc.monotonic = lambda: clock.now.timestamp()  # type: ignore[method-assign]
    return svc


def test_away_keep_rebases_a_gap(timer: TimerService, clock: Clock) -> None:
    away = AwayService(timer)
    timer.start(TimerFields(matter="BETA-001", service="RES", narrative="Research the lease"))
    mono = clock.now.timestamp()
    timer.monotonic = lambda: mono + 600  # type: ignore[method-assign]
    clock.advance(minutes=40)  # 30 minutes passed unmeasured (a sleep)
    assert away.gap() == 1800
    away.keep("kept: the computer slept")
    assert away.gap() == 0
    res = timer.stop()
    assert res.entry is not None and res.entry.raw_seconds == 2400


def test_away_shift_and_split(timer: TimerService, clock: Clock) -> None:
    away = AwayService(timer)
    started = timer.start(TimerFields(matter="BETA-001")).started_at
    clock.advance(minutes=50)
    moved = away.shift(600, "discarded: away 10 min")
    assert moved.started_at == started + timedelta(minutes=10)
    with pytest.raises(DocketError, match="not run that long"):
        away.shift(3 * 3600, "too much")
    span_start = clock.now - timedelta(minutes=20)
    timer_after, held = away.split(span_start, clock.now - timedelta(minutes=5), "a meeting")
    assert held.raw_seconds == 900 and held.matter == "BETA-001"
    assert held.started_at == span_start and "away time kept separately" in held.reason
    assert timer_after.started_at == started + timedelta(minutes=25)
    with pytest.raises(DocketError, match="not within"):
        away.split(started - timedelta(hours=1), started, "before it began")


def test_one_person_setup(ws: Workspace) -> None:
    doc = one_person_setup("Alex Morgan", "Morgan Legal", currency="EUR", hourly_rate="250.00")
    SetupService(ws).import_setup(doc)
    snap = QueryService(ws).snapshot()
    assert (snap.person.name, snap.master.settings.name, snap.master.settings.currency) == (
        "Alex Morgan",
        "Morgan Legal",
        "EUR",
    )
    assert EntryService(ws).log(EntryInput(raw_seconds=3600)).rate == 250
    with pytest.raises(ValidationError, match="name is required"):
        one_person_setup(" ", "Morgan Legal")
