"""Master data as flat records (column name → value) and back: the one mapping between
:mod:`core.model` values and table rows, used by the desktop's store and the firm server's
database alike. Money is integer cents; lists stay lists (the stores keep them as JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from core.model import (
    Client,
    FirmSettings,
    Matter,
    Person,
    Phase,
    RateRule,
    RoundingOverride,
    RoundingRule,
    ServiceType,
)
from core.money import from_cents, to_cents

Record = dict[str, Any]
Row = Mapping[Any, Any]  # a table row by column name (SQLAlchemy RowMapping included)


def firm_record(firm: FirmSettings) -> Record:
    return {
        "name": firm.name,
        "currency": firm.currency,
        "rounding_increment": firm.rounding.increment_minutes,
        "rounding_direction": firm.rounding.direction,
        "rounding_minimum": firm.rounding.minimum_minutes,
        "required_fields": list(firm.required_fields),
        "narrative_min_length": firm.narrative_min_length,
        "allow_self_approval": firm.allow_self_approval,
        "allow_billable_override": firm.allow_billable_override,
        "owner": firm.owner,
        "tax_id": firm.tax_id,
        "locked_before": firm.locked_before,
    }


def firm_of(r: Row) -> FirmSettings:
    return FirmSettings(
        name=r["name"],
        currency=r["currency"],
        rounding=RoundingRule(
            r["rounding_increment"], r["rounding_direction"], r["rounding_minimum"]
        ),
        required_fields=tuple(r["required_fields"]),
        narrative_min_length=r["narrative_min_length"],
        allow_self_approval=bool(r["allow_self_approval"]),
        allow_billable_override=bool(r["allow_billable_override"]),
        owner=r["owner"],
        tax_id=r["tax_id"],
        locked_before=r["locked_before"],
    )


def person_record(p: Person) -> Record:
    return {
        "name": p.name,
        "email": p.email,
        "role": p.role,
        "classification": p.classification,
        "active": p.active,
    }


def person_of(r: Row) -> Person:
    return Person(
        id=r["id"],
        name=r["name"],
        email=r["email"],
        role=r["role"],
        classification=r["classification"],
        active=bool(r["active"]),
    )


def service_record(s: ServiceType) -> Record:
    return {"name": s.name, "billable": s.billable, "utbms_activity": s.utbms_activity}


def service_of(r: Row) -> ServiceType:
    return ServiceType(r["code"], r["name"], bool(r["billable"]), r["utbms_activity"])


def client_record(cl: Client) -> Record:
    r = cl.rounding or RoundingOverride()
    return {
        "name": cl.name,
        "rounding_increment": r.increment_minutes,
        "rounding_direction": r.direction,
        "rounding_minimum": r.minimum_minutes,
        "required_fields": list(cl.required_fields),
        "ledes_client_id": cl.ledes_client_id,
    }


def client_of(r: Row) -> Client:
    override = RoundingOverride(
        r["rounding_increment"], r["rounding_direction"], r["rounding_minimum"]
    )
    return Client(
        code=r["code"],
        name=r["name"],
        rounding=None if override.is_empty() else override,
        required_fields=tuple(r["required_fields"]),
        ledes_client_id=r["ledes_client_id"],
    )


def matter_record(m: Matter) -> Record:
    """A matter's own columns (its phases are records of their own)."""
    return {
        "client": m.client,
        "name": m.name,
        "billing": m.billing,
        "fixed_fee_cents": to_cents(m.fixed_fee) if m.fixed_fee is not None else None,
        "team": list(m.team),
        "reviewers": list(m.reviewers) if m.reviewers is not None else None,
        "client_matter_id": m.client_matter_id,
        "utbms": m.utbms,
        "services": list(m.services) if m.services is not None else None,
        "closed": m.closed,
    }


def matter_of(r: Row, phases: tuple[Phase, ...]) -> Matter:
    return Matter(
        code=r["code"],
        client=r["client"],
        name=r["name"],
        billing=r["billing"],
        fixed_fee=from_cents(r["fixed_fee_cents"]) if r["fixed_fee_cents"] is not None else None,
        team=tuple(r["team"]),
        reviewers=tuple(r["reviewers"]) if r["reviewers"] is not None else None,
        client_matter_id=r["client_matter_id"],
        utbms=r["utbms"],
        services=tuple(r["services"]) if r["services"] is not None else None,
        closed=bool(r["closed"]),
        phases=phases,
    )


def phase_record(ph: Phase) -> Record:
    return {
        "name": ph.name,
        "estimated_hours": str(ph.estimated_hours) if ph.estimated_hours is not None else None,
        "estimated_fee_cents": to_cents(ph.estimated_fee) if ph.estimated_fee is not None else None,
        "start": ph.start,
        "end": ph.end,
    }


def phase_of(r: Row) -> Phase:
    return Phase(
        code=r["code"],
        name=r["name"],
        estimated_hours=Decimal(r["estimated_hours"]) if r["estimated_hours"] else None,
        estimated_fee=(
            from_cents(r["estimated_fee_cents"]) if r["estimated_fee_cents"] is not None else None
        ),
        start=r["start"],
        end=r["end"],
    )


def rule_record(rule: RateRule) -> Record:
    return {
        "id": rule.id,
        "amount_cents": to_cents(rule.amount),
        "currency": rule.currency,
        "effective_from": rule.effective_from,
        "service": rule.service,
        "matter": rule.matter,
        "client": rule.client,
        "person": rule.person,
        "classification": rule.classification,
    }


def rule_of(r: Row) -> RateRule:
    return RateRule(
        id=r["id"],
        amount=from_cents(r["amount_cents"]),
        currency=r["currency"],
        effective_from=r["effective_from"],
        service=r["service"],
        matter=r["matter"],
        client=r["client"],
        person=r["person"],
        classification=r["classification"],
    )


def as_record(value: Any) -> dict[str, Any]:
    """A master-data value as a plain JSON-able dict (for audit before/after)."""
    data = asdict(value)
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=_json_default))
    return loaded


def _json_default(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    raise TypeError(type(v).__name__)
