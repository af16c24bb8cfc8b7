"""Turning what a person gives into a priced, policy-checked entry row — the one place the
desktop applies :mod:`core`'s policy, rate and rounding rules. Entries, the timer, held time,
re-rating and the batch path all call it, so they cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from core import policy
from core.errors import PolicyViolation, Problem
from core.model import Person
from core.money import from_cents, to_cents
from core.pricing import Pricing, amount, override_problem, price
from desktop.models.master import Master
from desktop.services.dto import EntryDTO


@dataclass(frozen=True)
class Draft:
    """An entry's own fields, before policy and pricing."""

    person: str
    work_date: date
    raw_seconds: int
    matter: str | None = None
    phase: str | None = None
    service: str | None = None
    narrative: str = ""
    utbms_task: str | None = None
    utbms_activity: str | None = None
    billable_override: bool | None = None
    start: datetime | None = None
    end: datetime | None = None

    def fields(self) -> policy.EntryFields:
        return policy.EntryFields(
            matter=self.matter,
            phase=self.phase,
            service=self.service,
            narrative=self.narrative,
            utbms_task=self.utbms_task,
            utbms_activity=self.utbms_activity,
        )


def problems(master: Master, draft: Draft, *, check_override: bool = True) -> list[Problem]:
    """Every reason ``draft`` cannot be saved (empty: it may be)."""
    person = master.people.get(draft.person)
    if person is None:
        return [Problem("person", f"there is no person {draft.person!r}")]
    out: list[Problem] = []
    if not person.active:
        out.append(Problem("person", f"{person.name} is no longer active"))
    matter = master.matters.get(draft.matter or "")
    client = master.clients.get(matter.client) if matter else None
    out.extend(
        policy.entry_problems(
            draft.fields(),
            firm=master.settings,
            person=person,
            matter=matter,
            client=client,
            services=master.service_types,
            work_date=draft.work_date,
            raw_seconds=draft.raw_seconds,
        )
    )
    if check_override:
        p = override_problem(master.settings, draft.billable_override)
        if p:
            out.append(p)
    return out


def normalise(master: Master, draft: Draft) -> Draft:
    """Fill what the set-up implies (the service's UTBMS activity), trim the narrative."""
    matter = master.matters.get(draft.matter or "")
    f = policy.with_defaults(draft.fields(), matter, master.service_types)
    return Draft(
        person=draft.person,
        work_date=draft.work_date,
        raw_seconds=draft.raw_seconds,
        matter=f.matter,
        phase=f.phase,
        service=f.service,
        narrative=f.narrative,
        utbms_task=f.utbms_task,
        utbms_activity=f.utbms_activity,
        billable_override=draft.billable_override,
        start=draft.start,
        end=draft.end,
    )


def check(master: Master, draft: Draft, *, check_override: bool = True) -> Draft:
    """The normalised draft, or :class:`PolicyViolation` naming every problem."""
    d = normalise(master, draft)
    found = problems(master, d, check_override=check_override)
    if found:
        raise PolicyViolation(found, "not saved")
    return d


def price_of(master: Master, draft: Draft) -> Pricing:
    person = master.people[draft.person]
    matter = master.matters.get(draft.matter or "")
    client = master.clients.get(matter.client) if matter else None
    return price(
        firm=master.settings,
        rules=master.rate_book,
        person=person,
        matter=matter,
        client_rounding=client.rounding if client else None,
        service=master.service_types.get(draft.service or ""),
        work_date=draft.work_date,
        raw_seconds=draft.raw_seconds,
        billable_override=draft.billable_override,
    )


def draft_columns(draft: Draft) -> dict[str, Any]:
    return {
        "person": draft.person,
        "matter": draft.matter,
        "phase": draft.phase,
        "service": draft.service,
        "work_date": draft.work_date,
        "start_at": draft.start,
        "end_at": draft.end,
        "raw_seconds": draft.raw_seconds,
        "narrative": draft.narrative,
        "utbms_task": draft.utbms_task,
        "utbms_activity": draft.utbms_activity,
        "billable_override": draft.billable_override,
    }


def pricing_columns(p: Pricing) -> dict[str, Any]:
    return {
        "billed_seconds": p.billed_seconds,
        "billed_hours": f"{p.billed_hours:.2f}",
        "billable": p.billable,
        "rate_cents": to_cents(p.rate),
        "currency": p.currency,
        "rate_rule_id": p.rate_rule_id,
        "rate_rule": p.rate_rule,
        "amount_cents": to_cents(p.amount),
    }


def repriced_amount_columns(row: dict[str, Any], master: Master, draft: Draft) -> dict[str, Any]:
    """Rounding, billable and amount recomputed for an edited entry while its stored rate and
    rule stay as they are (a later rule never touches an entry: re-rating is explicit)."""
    p = price_of(master, draft)
    rate = from_cents(row["rate_cents"])
    cols = pricing_columns(p)
    cols.update(
        rate_cents=row["rate_cents"],
        currency=row["currency"],
        rate_rule_id=row["rate_rule_id"],
        rate_rule=row["rate_rule"],
        amount_cents=to_cents(amount(p.billed_hours, rate, p.billable)),
    )
    return cols


def snapshot(row: dict[str, Any]) -> dict[str, Any]:
    """An entry row as audit before/after: every field that matters to billing, as text."""
    return {
        "person": row["person"],
        "matter": row["matter"],
        "phase": row["phase"],
        "service": row["service"],
        "date": _iso(row["work_date"]),
        "start": _iso(row.get("start_at")),
        "end": _iso(row.get("end_at")),
        "raw_seconds": row["raw_seconds"],
        "billed_seconds": row["billed_seconds"],
        "billed_hours": row["billed_hours"],
        "narrative": row["narrative"],
        "utbms_task": row["utbms_task"],
        "utbms_activity": row["utbms_activity"],
        "billable": bool(row["billable"]),
        "billable_override": row["billable_override"],
        "rate": f"{from_cents(row['rate_cents']):.2f}",
        "currency": row["currency"],
        "rate_rule": row["rate_rule"],
        "rate_rule_id": row["rate_rule_id"],
        "amount": f"{from_cents(row['amount_cents']):.2f}",
        "status": row["status"],
        "version": row["version"],
        "deleted": bool(row["deleted"]),
    }


def _iso(v: Any) -> str | None:
    if v is None:
        return None
    return str(v.isoformat()) if hasattr(v, "isoformat") else str(v)


def to_dto(row: Any, master: Master, review_comment: str | None = None) -> EntryDTO:
    person: Person | None = master.people.get(row["person"])
    matter = master.matters.get(row["matter"] or "")
    return EntryDTO(
        id=row["id"],
        person=row["person"],
        person_name=person.name if person else row["person"],
        client=matter.client if matter else None,
        matter=row["matter"],
        phase=row["phase"],
        service=row["service"],
        date=row["work_date"],
        start=row["start_at"],
        end=row["end_at"],
        raw_seconds=row["raw_seconds"],
        billed_seconds=row["billed_seconds"],
        billed_hours=Decimal(row["billed_hours"]),
        narrative=row["narrative"],
        utbms_task=row["utbms_task"],
        utbms_activity=row["utbms_activity"],
        billable=bool(row["billable"]),
        billable_override=row["billable_override"],
        rate=from_cents(row["rate_cents"]),
        currency=row["currency"],
        rate_rule=row["rate_rule"],
        rate_rule_id=row["rate_rule_id"],
        amount=from_cents(row["amount_cents"]),
        status=row["status"],
        source=row["source"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        review_comment=review_comment,
    )
