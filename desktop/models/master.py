"""Reading and writing the firm's master data (settings, people, service types, clients,
matters with phases, rate rules) as :mod:`core.model` values.

Every write bumps ``meta.master_rev`` in the same transaction, so a process can keep master
data in memory and know, with one cheap SELECT, when another process changed it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, delete, insert, literal_column, select, update

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
from core.rates import RateBook
from desktop.models import tables as t
from desktop.models.store import get_meta, set_meta


@dataclass(frozen=True)
class Master:
    """A consistent snapshot of the master data, as the rules need it."""

    rev: int
    firm: FirmSettings | None
    people: dict[str, Person] = field(default_factory=dict)
    service_types: dict[str, ServiceType] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)
    matters: dict[str, Matter] = field(default_factory=dict)
    rules: tuple[RateRule, ...] = ()

    @cached_property
    def rate_book(self) -> RateBook:
        """The rules indexed for fast resolution (built once per snapshot)."""
        return RateBook(self.rules)

    @property
    def settings(self) -> FirmSettings:
        return self.firm or FirmSettings()

    def person_by_ref(self, ref: str) -> Person | None:
        """A person by id, or by email (case-insensitive)."""
        if ref in self.people:
            return self.people[ref]
        low = ref.lower()
        return next((p for p in self.people.values() if p.email and p.email.lower() == low), None)

    @property
    def owner(self) -> Person | None:
        firm = self.firm
        if firm and firm.owner and firm.owner in self.people:
            return self.people[firm.owner]
        return next(iter(self.people.values()), None)


def master_rev(conn: Connection) -> int:
    return int(get_meta(conn, "master_rev") or 0)


def bump(conn: Connection) -> None:
    set_meta(conn, "master_rev", str(master_rev(conn) + 1))


def load(conn: Connection) -> Master:
    """Read all master data in one transaction."""
    rev = master_rev(conn)
    row = conn.execute(select(t.firm_settings)).mappings().first()
    firm = _firm(row) if row else None
    people = {
        r["id"]: Person(
            id=r["id"],
            name=r["name"],
            email=r["email"],
            role=r["role"],
            classification=r["classification"],
            active=bool(r["active"]),
        )
        for r in conn.execute(select(t.people).order_by(literal_column("rowid"))).mappings()
    }
    services = {
        r["code"]: ServiceType(r["code"], r["name"], bool(r["billable"]), r["utbms_activity"])
        for r in conn.execute(select(t.service_types).order_by(t.service_types.c.code)).mappings()
    }
    clients = {
        r["code"]: _client(r)
        for r in conn.execute(select(t.clients).order_by(t.clients.c.code)).mappings()
    }
    phases: dict[str, list[Phase]] = {}
    for r in conn.execute(select(t.phases).order_by(t.phases.c.matter, t.phases.c.position)):
        phases.setdefault(r.matter, []).append(
            Phase(
                code=r.code,
                name=r.name,
                estimated_hours=Decimal(r.estimated_hours) if r.estimated_hours else None,
                estimated_fee=(
                    from_cents(r.estimated_fee_cents) if r.estimated_fee_cents is not None else None
                ),
                start=r.start,
                end=r.end,
            )
        )
    matters = {
        r["code"]: _matter(r, tuple(phases.get(r["code"], ())))
        for r in conn.execute(select(t.matters).order_by(t.matters.c.code)).mappings()
    }
    rules = tuple(
        RateRule(
            id=r.id,
            amount=from_cents(r.amount_cents),
            currency=r.currency,
            effective_from=r.effective_from,
            service=r.service,
            matter=r.matter,
            client=r.client,
            person=r.person,
            classification=r.classification,
        )
        for r in conn.execute(select(t.rate_rules).order_by(t.rate_rules.c.effective_from))
    )
    return Master(rev, firm, people, services, clients, matters, rules)


def _firm(r: Any) -> FirmSettings:
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


def _client(r: Any) -> Client:
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


def _matter(r: Any, phases: tuple[Phase, ...]) -> Matter:
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


# ----------------------------------------------------------------------------- writing


def as_record(value: Any) -> dict[str, Any]:
    """A master-data value as a plain JSON-able dict (for audit before/after)."""
    data: dict[str, Any] = json.loads(json.dumps(asdict(value), default=_json_default))
    return data


def _json_default(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    raise TypeError(type(v).__name__)


def save_firm(conn: Connection, firm: FirmSettings) -> None:
    values = {
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
    if conn.execute(select(t.firm_settings.c.id)).first():
        conn.execute(update(t.firm_settings).values(**values))
    else:
        conn.execute(insert(t.firm_settings).values(id=1, **values))


def save_person(conn: Connection, p: Person) -> None:
    values = {
        "name": p.name,
        "email": p.email,
        "role": p.role,
        "classification": p.classification,
        "active": p.active,
    }
    if conn.execute(select(t.people.c.id).where(t.people.c.id == p.id)).first():
        conn.execute(update(t.people).where(t.people.c.id == p.id).values(**values))
    else:
        conn.execute(insert(t.people).values(id=p.id, **values))


def save_service(conn: Connection, s: ServiceType) -> None:
    values = {"name": s.name, "billable": s.billable, "utbms_activity": s.utbms_activity}
    c = t.service_types.c
    if conn.execute(select(c.code).where(c.code == s.code)).first():
        conn.execute(update(t.service_types).where(c.code == s.code).values(**values))
    else:
        conn.execute(insert(t.service_types).values(code=s.code, **values))


def save_client(conn: Connection, cl: Client) -> None:
    r = cl.rounding or RoundingOverride()
    values = {
        "name": cl.name,
        "rounding_increment": r.increment_minutes,
        "rounding_direction": r.direction,
        "rounding_minimum": r.minimum_minutes,
        "required_fields": list(cl.required_fields),
        "ledes_client_id": cl.ledes_client_id,
    }
    c = t.clients.c
    if conn.execute(select(c.code).where(c.code == cl.code)).first():
        conn.execute(update(t.clients).where(c.code == cl.code).values(**values))
    else:
        conn.execute(insert(t.clients).values(code=cl.code, **values))


def save_matter(conn: Connection, m: Matter) -> None:
    """Upsert a matter and its phases (phases it no longer lists are kept: import never
    deletes; their order follows the file)."""
    values = {
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
    c = t.matters.c
    if conn.execute(select(c.code).where(c.code == m.code)).first():
        conn.execute(update(t.matters).where(c.code == m.code).values(**values))
    else:
        conn.execute(insert(t.matters).values(code=m.code, **values))
    pc = t.phases.c
    existing = {
        r.code: r.position
        for r in conn.execute(select(pc.code, pc.position).where(pc.matter == m.code))
    }
    next_pos = max(existing.values(), default=-1) + 1
    for i, ph in enumerate(m.phases):
        pvalues = {
            "name": ph.name,
            "estimated_hours": str(ph.estimated_hours) if ph.estimated_hours is not None else None,
            "estimated_fee_cents": (
                to_cents(ph.estimated_fee) if ph.estimated_fee is not None else None
            ),
            "start": ph.start,
            "end": ph.end,
        }
        if ph.code in existing:
            conn.execute(
                update(t.phases)
                .where(pc.matter == m.code, pc.code == ph.code)
                .values(position=i, **pvalues)
            )
        else:
            conn.execute(
                insert(t.phases).values(
                    matter=m.code, code=ph.code, position=max(i, next_pos), **pvalues
                )
            )
            next_pos += 1


def insert_rule(conn: Connection, rule: RateRule, now: datetime) -> None:
    assert rule.id is not None
    conn.execute(
        insert(t.rate_rules).values(
            id=rule.id,
            amount_cents=to_cents(rule.amount),
            currency=rule.currency,
            effective_from=rule.effective_from,
            service=rule.service,
            matter=rule.matter,
            client=rule.client,
            person=rule.person,
            classification=rule.classification,
            created_at=now,
        )
    )


def replace_rule(conn: Connection, old_id: str, rule: RateRule) -> None:
    conn.execute(
        update(t.rate_rules)
        .where(t.rate_rules.c.id == old_id)
        .values(amount_cents=to_cents(rule.amount), currency=rule.currency)
    )


def delete_rule(conn: Connection, rule_id: str) -> None:
    conn.execute(delete(t.rate_rules).where(t.rate_rules.c.id == rule_id))
