"""An entry's own fields checked and priced against the firm's master data — the one place
where :mod:`core`'s policy, rate and rounding rules are applied to an entry. The desktop's
local store and the firm server both call it, so a device and the server decide alike.

Master data is anything shaped like :class:`Catalog` (the desktop's snapshot, the server's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from core import policy, workflow
from core.errors import IllegalTransition, PolicyViolation, Problem
from core.model import Client, FirmSettings, Matter, Person, RateRule, ServiceType
from core.money import to_cents
from core.pricing import Pricing, amount, override_problem, price
from core.rates import NO_RATE_RULE, RateBook


class Catalog(Protocol):
    """The master data the entry rules read."""

    @property
    def settings(self) -> FirmSettings: ...
    @property
    def people(self) -> Mapping[str, Person]: ...
    @property
    def service_types(self) -> Mapping[str, ServiceType]: ...
    @property
    def clients(self) -> Mapping[str, Client]: ...
    @property
    def matters(self) -> Mapping[str, Matter]: ...
    @property
    def rules(self) -> Sequence[RateRule]: ...


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


def problems(master: Catalog, draft: Draft, *, check_override: bool = True) -> list[Problem]:
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


def normalise(master: Catalog, draft: Draft) -> Draft:
    """Fill what the set-up implies (the service's UTBMS activity), trim the narrative."""
    matter = master.matters.get(draft.matter or "")
    f = policy.with_defaults(draft.fields(), matter, master.service_types)
    return replace(
        draft,
        matter=f.matter,
        phase=f.phase,
        service=f.service,
        narrative=f.narrative,
        utbms_task=f.utbms_task,
        utbms_activity=f.utbms_activity,
    )


def check(master: Catalog, draft: Draft, *, check_override: bool = True) -> Draft:
    """The normalised draft, or :class:`PolicyViolation` naming every problem."""
    d = normalise(master, draft)
    found = problems(master, d, check_override=check_override)
    if found:
        raise PolicyViolation(found, "not saved")
    return d


def price_of(master: Catalog, draft: Draft) -> Pricing:
    """The rate in force on the draft's work date, its client's rounding, its amount."""
    person = master.people[draft.person]
    matter = master.matters.get(draft.matter or "")
    client = master.clients.get(matter.client) if matter else None
    book = getattr(master, "rate_book", None)  # an indexed RateBook, where the catalog has one
    return price(
        firm=master.settings,
        rules=book if isinstance(book, RateBook) else master.rules,
        person=person,
        matter=matter,
        client_rounding=client.rounding if client else None,
        service=master.service_types.get(draft.service or ""),
        work_date=draft.work_date,
        raw_seconds=draft.raw_seconds,
        billable_override=draft.billable_override,
    )


def reprice_keeping_rate(
    master: Catalog, draft: Draft, rate: Decimal, currency: str, rule_id: str | None, rule: str
) -> Pricing:
    """Rounding, billable and amount recomputed for an edited entry while its stored rate and
    rule stay as they are (a later rule never touches an entry: re-rating is explicit)."""
    p = price_of(master, draft)
    return replace(
        p,
        rate=rate,
        currency=currency,
        rate_rule_id=rule_id,
        rate_rule=rule,
        amount=amount(p.billed_hours, rate, p.billable),
    )


def draft_of(row: Mapping[str, Any], changes: Mapping[str, Any]) -> Draft:
    """The draft an edit describes: the stored row's fields, overridden by ``changes`` (keys as
    in :data:`EDITABLE`). A new matter drops the phase and activity code unless given."""
    v = changes
    draft = Draft(
        person=row["person"],
        work_date=v.get("work_date", row["work_date"]),
        raw_seconds=v.get("raw_seconds", row["raw_seconds"]),
        matter=v.get("matter", row["matter"]),
        phase=v.get("phase", row["phase"]),
        service=v.get("service", row["service"]),
        narrative=v.get("narrative", row["narrative"]),
        utbms_task=v.get("utbms_task", row["utbms_task"]),
        utbms_activity=v.get("utbms_activity", row["utbms_activity"]),
        billable_override=v.get("billable_override", row["billable_override"]),
        start=v.get("start", row["start_at"]),
        end=v.get("end", row["end_at"]),
    )
    if "matter" in v and v["matter"] != row["matter"]:
        if "phase" not in v:
            draft = replace(draft, phase=None)
        if "utbms_activity" not in v:
            draft = replace(draft, utbms_activity=None)
    return draft


EDITABLE = (
    "matter",
    "phase",
    "service",
    "narrative",
    "utbms_task",
    "utbms_activity",
    "work_date",
    "raw_seconds",
    "billable_override",
    "start",
    "end",
)
# Fields whose change re-resolves the rate (a new scope or date); others keep the stored rate.
RATE_SCOPE_FIELDS = ("matter", "service", "work_date")


def snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored entry row as audit before/after: every field that matters to billing, as
    text. Money columns are integer cents (``rate_cents``, ``amount_cents``)."""
    from core.money import from_cents

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


def view_fields(row: Mapping[str, Any], master: Catalog) -> dict[str, Any]:
    """A stored entry row as the fields every view of an entry shows (the desktop's
    ``EntryDTO``, the server's ``EntryView``): money as Decimal, names looked up."""
    from core.money import from_cents

    person = master.people.get(row["person"])
    matter = master.matters.get(row["matter"] or "")
    return {
        "id": row["id"],
        "person": row["person"],
        "person_name": person.name if person else row["person"],
        "client": matter.client if matter else None,
        "matter": row["matter"],
        "phase": row["phase"],
        "service": row["service"],
        "date": row["work_date"],
        "start": row["start_at"],
        "end": row["end_at"],
        "raw_seconds": row["raw_seconds"],
        "billed_seconds": row["billed_seconds"],
        "billed_hours": Decimal(row["billed_hours"]),
        "narrative": row["narrative"],
        "utbms_task": row["utbms_task"],
        "utbms_activity": row["utbms_activity"],
        "billable": bool(row["billable"]),
        "billable_override": row["billable_override"],
        "rate": from_cents(row["rate_cents"]),
        "currency": row["currency"],
        "rate_rule": row["rate_rule"],
        "rate_rule_id": row["rate_rule_id"],
        "amount": from_cents(row["amount_cents"]),
        "status": row["status"],
        "source": row["source"],
        "version": row["version"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _iso(v: Any) -> str | None:
    if v is None:
        return None
    return str(v.isoformat()) if hasattr(v, "isoformat") else str(v)


def draft_columns(draft: Draft) -> dict[str, Any]:
    """A draft as stored entry columns."""
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
    """Pricing as stored entry columns (money as integer cents, hours as 2-place text)."""
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


WORKFLOW_FIELDS = ("status", "version")


def check_action(
    master: Catalog,
    row: Mapping[str, Any],
    action: workflow.Action,
    actor: workflow.Actor,
    *,
    workspace: workflow.Workspace,
    comment: str | None,
    no_rate_hint: str,
) -> None:
    """Whether ``actor`` may take ``action`` on the stored entry ``row``: the workflow's rule,
    then an entry with no rate is never submitted and a locked period is never reopened.
    ``no_rate_hint`` says how this side gets a rate rule ("run `docket rerate`", "ask an
    admin"). Raises :class:`IllegalTransition` naming the entry."""
    short = row["id"][:8]
    try:
        workflow.decide(
            row["status"],
            action,
            actor,
            entry_person=row["person"],
            workspace=workspace,
            allow_self_approval=master.settings.allow_self_approval,
            comment=comment,
        )
    except IllegalTransition as err:
        raise IllegalTransition(f"entry {short}: {err}") from err
    if action == "submit" and row["rate_rule"] == NO_RATE_RULE:
        raise IllegalTransition(
            f"entry {short} has no rate rule (rate 0.00): {no_rate_hint}, then submit"
        )
    locked = master.settings.locked_before
    if action in ("reopen", "reject") and locked is not None and row["work_date"] < locked:
        raise IllegalTransition(
            f"entry {short}: the period before {locked.isoformat()} is locked; "
            "it cannot be reopened"
        )


def transition(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Audit before/after of a workflow action (submit, approve, reject, reopen, bill): only
    what it changes. The entry's other fields are in the events that set them, so a bulk
    approval of thousands of entries records exactly what happened, and no more."""
    return (
        {k: old[k] for k in WORKFLOW_FIELDS},
        {k: new[k] for k in WORKFLOW_FIELDS},
    )
