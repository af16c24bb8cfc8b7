"""The services behind the set-up views, the matters view and entry history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from core.errors import DocketError, ValidationError
from desktop.services.burn import BurnService
from desktop.services.entries import EntryChanges, EntryInput, EntryService
from desktop.services.history import HistoryService
from desktop.services.masterdata import MasterDataService
from desktop.services.workspace import Workspace


def _research(ws: Workspace) -> Any:
    """An hour of Robert's research on BETA-001 in June (his own 300.00 rate)."""
    return EntryService(ws).log(
        EntryInput(
            raw_seconds=3600,
            matter="BETA-001",
            service="RES",
            narrative="Research for Beta",
            work_date=date(2026, 6, 1),
        )
    )


def test_field_level_problems_with_the_import_messages(firm: Workspace) -> None:
    svc = MasterDataService(firm)
    with pytest.raises(ValidationError) as err:
        svc.save_client({"code": "NEW", "name": "New", "rounding": {"increment_minutes": 7}})
    [p] = err.value.problems
    assert p.path == "rounding.increment_minutes" and "one of 1, 2, 3" in p.message
    svc.save_client({"code": "NEW", "name": "New Client"})
    with firm.store.read() as conn:
        assert firm.master(conn).clients["NEW"].name == "New Client"


def test_a_used_rule_cannot_change_and_history_shows_use(firm: Workspace) -> None:
    svc = MasterDataService(firm)
    _research(firm)
    with pytest.raises(ValidationError) as err:
        svc.add_rate({"amount": "999.00", "effective_from": "2026-01-01", "person": "rarnsley"})
    assert "used by 1 entries" in str(err.value)
    history = svc.rule_uses(person="rarnsley")
    mine = [u for u in history if u.rule.person == "rarnsley"]
    assert mine[0].entries == 1 and not mine[0].editable
    assert any(u.rule.classification == "PARTNR" for u in history)
    svc.add_rate({"amount": "320.00", "effective_from": "2026-12-01", "person": "rarnsley"})
    dates = [u.rule.effective_from for u in svc.rule_uses(person="rarnsley") if u.rule.person]
    assert dates == [date(2026, 12, 1), date(2026, 1, 1)]  # newest first


def test_matters_view_warns_on_a_phase_burning_ahead(firm: Workspace) -> None:
    today = date(2026, 11, 10)
    start, end = today - timedelta(days=10), today + timedelta(days=90)
    svc = MasterDataService(firm)
    svc.save_phase(
        "ACME-001",
        {
            "code": "L300",
            "name": "Discovery",
            "estimated_hours": "10",
            "start": start.isoformat(),
            "end": end.isoformat(),
        },
    )
    EntryService(firm).log(
        EntryInput(
            raw_seconds=6 * 3600,
            matter="ACME-001",
            phase="L300",
            service="RES",
            narrative="Document review for discovery",
            work_date=today,
        )
    )
    burn = {m.code: m for m in BurnService(firm).matters(today)}
    [l300] = [p for p in burn["ACME-001"].phases if p.code == "L300"]
    assert l300.burn.warning and l300.burn.hours_share == 60
    assert burn["ACME-001"].warning
    assert not any(p.burn.warning for p in burn["ACME-001"].phases if p.code != "L300")
    assert burn["ACME-002"].fee_share == 0 and burn["ACME-002"].billing == "fixed_fee"


def test_history_shows_who_changed_what_and_the_chain(firm: Workspace, clock) -> None:
    e = _research(firm)
    clock.advance(minutes=5)
    EntryService(firm).edit(e.id, EntryChanges({"raw_seconds": 5400}))
    h = HistoryService(firm).entry(e.id[:8])
    assert [i.event.action for i in h.items] == ["entry.create", "entry.edit"]
    edit = h.items[1]
    assert edit.actor_name == "Robert Arnsley"
    assert {c.field for c in edit.changes} >= {"raw_seconds", "billed_hours", "amount"}
    assert h.chain.ok


def test_set_up_is_read_only_in_a_firm_workspace(firm: Workspace) -> None:
    from desktop.models.store import set_meta

    with firm.store.write() as conn:
        set_meta(conn, "kind", "firm")
    svc = MasterDataService(firm)
    assert svc.read_only_reason() is not None
    with pytest.raises(DocketError, match="firm server"):
        svc.save_client({"code": "X", "name": "X"})


def test_a_new_rule_with_another_rules_scope_and_date_is_refused_on_its_date(
    firm: Workspace,
) -> None:
    svc = MasterDataService(firm)
    with pytest.raises(ValidationError) as err:
        svc.new_rate({"amount": "310.00", "effective_from": "2026-01-01", "person": "rarnsley"})
    [p] = err.value.problems
    assert p.path == "effective_from"
    assert "another rule (person rarnsley, from 2026-01-01) has the same scope" in p.message
    with pytest.raises(ValidationError) as err:  # other problems keep the import's paths
        svc.new_rate({"amount": "x", "effective_from": "2026-02-01", "person": "nobody"})
    assert {p.path for p in err.value.problems} == {"amount", "person"}
    svc.new_rate({"amount": "310.00", "effective_from": "2026-02-01", "person": "rarnsley"})
    svc.add_rate({"amount": "315.00", "effective_from": "2026-02-01", "person": "rarnsley"})
    [feb] = [u for u in svc.rule_uses(person="rarnsley") if str(u.rule.amount) == "315.00"]
    assert feb.editable  # an unused rule's amount may change in place


def test_rerate_does_what_the_confirmed_preview_showed_or_nothing(firm: Workspace) -> None:
    from desktop.services.maintenance import MaintenanceService

    e = _research(firm)
    MasterDataService(firm).add_rate(
        {"amount": "330.00", "effective_from": "2026-05-01", "person": "rarnsley"}
    )
    m = MaintenanceService(firm)
    preview = m.rerate(dry_run=True)
    assert [(c.entry_id, str(c.old_rate), str(c.new_rate)) for c in preview] == [
        (e.id, "300.00", "330.00")
    ]
    MasterDataService(firm).add_rate(
        {"amount": "340.00", "effective_from": "2026-05-15", "person": "rarnsley"}
    )
    with pytest.raises(DocketError, match="changed since the preview"):
        m.rerate(expect=preview)
    assert EntryService(firm).get(e.id).rate == preview[0].old_rate  # nothing written
    # the same amount in another currency: not what the preview showed either
    preview = m.rerate(dry_run=True)
    MasterDataService(firm).add_rate(
        {
            "amount": "340.00",
            "currency": "EUR",
            "effective_from": "2026-05-15",
            "person": "rarnsley",
        }
    )
    with pytest.raises(DocketError, match="changed since the preview"):
        m.rerate(expect=preview)
    preview = m.rerate(dry_run=True)
    assert m.rerate(expect=preview) == preview
    got = EntryService(firm).get(e.id)
    assert (str(got.amount), got.currency) == ("340.00", "EUR")


def test_saving_a_phase_changes_that_phase_and_nothing_else(firm: Workspace) -> None:
    """A phase renamed from the set-up view: the matter keeps its fee, team, reviewers, UTBMS
    code set and state, and its phases keep their order."""
    svc = MasterDataService(firm)
    with firm.store.read() as conn:
        before = firm.master(conn)
    svc.save_phase("ACME-002", {"code": "P1", "name": "Filing and prosecution"})
    svc.save_phase("ACME-001", {"code": "L200", "name": "Pleadings and motions"})
    svc.save_phase("ACME-001", {"code": "L300", "name": "Discovery"})
    with firm.store.read() as conn:
        after = firm.master(conn)
    fee = after.matters["ACME-002"]
    assert (fee.billing, fee.fixed_fee, fee.team) == (
        "fixed_fee",
        before.matters["ACME-002"].fixed_fee,
        ("rarnsley",),
    )
    lit, was = after.matters["ACME-001"], before.matters["ACME-001"]
    assert (lit.team, lit.reviewers, lit.utbms, lit.client_matter_id, lit.closed) == (
        was.team,
        was.reviewers,
        was.utbms,
        was.client_matter_id,
        was.closed,
    )
    assert [(p.code, p.name) for p in lit.phases] == [
        ("L100", "Case assessment"),
        ("L200", "Pleadings and motions"),
        ("L300", "Discovery"),
    ]
    assert lit.phases[0].estimated_hours == was.phases[0].estimated_hours


def test_a_matter_with_entries_keeps_its_client(firm: Workspace) -> None:
    """Moving a matter to another client would move its entries — billed ones too — with it."""
    svc = MasterDataService(firm)
    EntryService(firm).log(
        EntryInput(
            raw_seconds=3600,
            matter="BETA-001",
            service="RES",
            narrative="Research on the lease terms",
        )
    )
    with pytest.raises(ValidationError) as caught:
        svc.save_matter({"code": "BETA-001", "client": "ACME", "name": "General advice"})
    [problem] = caught.value.problems
    assert problem.path == "client" and "its client cannot change" in problem.message
    with firm.store.read() as conn:
        assert firm.master(conn).matters["BETA-001"].client == "BETA"
    # a matter nobody has logged time on may still move
    svc.save_matter({"code": "ACME-002", "client": "BETA", "name": "Trademark filing"})
