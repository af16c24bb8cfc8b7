"""Reading and writing the firm's master data (settings, people, service types, clients,
matters with phases, rate rules) as :mod:`core.model` values.

Every write bumps ``meta.master_rev`` in the same transaction, so a process can keep master
data in memory and know, with one cheap SELECT, when another process changed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sqlalchemy import Connection, delete, insert, literal_column, select, update

from core import records as rec
from core.model import (
    Client,
    FirmSettings,
    Matter,
    Person,
    Phase,
    RateRule,
    ServiceType,
)
from core.money import to_cents
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
    firm = rec.firm_of(row) if row else None
    people = {
        r["id"]: rec.person_of(r)
        for r in conn.execute(select(t.people).order_by(literal_column("rowid"))).mappings()
    }
    services = {
        r["code"]: rec.service_of(r)
        for r in conn.execute(select(t.service_types).order_by(t.service_types.c.code)).mappings()
    }
    clients = {
        r["code"]: rec.client_of(r)
        for r in conn.execute(select(t.clients).order_by(t.clients.c.code)).mappings()
    }
    phases: dict[str, list[Phase]] = {}
    for r in conn.execute(
        select(t.phases).order_by(t.phases.c.matter, t.phases.c.position)
    ).mappings():
        phases.setdefault(r["matter"], []).append(rec.phase_of(r))
    matters = {
        r["code"]: rec.matter_of(r, tuple(phases.get(r["code"], ())))
        for r in conn.execute(select(t.matters).order_by(t.matters.c.code)).mappings()
    }
    rules = tuple(
        rec.rule_of(r)
        for r in conn.execute(
            select(t.rate_rules).order_by(t.rate_rules.c.effective_from)
        ).mappings()
    )
    return Master(rev, firm, people, services, clients, matters, rules)


# ----------------------------------------------------------------------------- writing


as_record = rec.as_record


def save_firm(conn: Connection, firm: FirmSettings) -> None:
    values = rec.firm_record(firm)
    if conn.execute(select(t.firm_settings.c.id)).first():
        conn.execute(update(t.firm_settings).values(**values))
    else:
        conn.execute(insert(t.firm_settings).values(id=1, **values))


def save_person(conn: Connection, p: Person) -> None:
    values = rec.person_record(p)
    if conn.execute(select(t.people.c.id).where(t.people.c.id == p.id)).first():
        conn.execute(update(t.people).where(t.people.c.id == p.id).values(**values))
    else:
        conn.execute(insert(t.people).values(id=p.id, **values))


def save_service(conn: Connection, s: ServiceType) -> None:
    values = rec.service_record(s)
    c = t.service_types.c
    if conn.execute(select(c.code).where(c.code == s.code)).first():
        conn.execute(update(t.service_types).where(c.code == s.code).values(**values))
    else:
        conn.execute(insert(t.service_types).values(code=s.code, **values))


def save_client(conn: Connection, cl: Client) -> None:
    values = rec.client_record(cl)
    c = t.clients.c
    if conn.execute(select(c.code).where(c.code == cl.code)).first():
        conn.execute(update(t.clients).where(c.code == cl.code).values(**values))
    else:
        conn.execute(insert(t.clients).values(code=cl.code, **values))


def save_matter(conn: Connection, m: Matter) -> None:
    """Upsert a matter and its phases (phases it no longer lists are kept: import never
    deletes; their order follows the file)."""
    values = rec.matter_record(m)
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
        pvalues = rec.phase_record(ph)
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
    conn.execute(insert(t.rate_rules).values(**rec.rule_record(rule), created_at=now))


def replace_rule(conn: Connection, old_id: str, rule: RateRule) -> None:
    conn.execute(
        update(t.rate_rules)
        .where(t.rate_rules.c.id == old_id)
        .values(amount_cents=to_cents(rule.amount), currency=rule.currency)
    )


def delete_rule(conn: Connection, rule_id: str) -> None:
    conn.execute(delete(t.rate_rules).where(t.rate_rules.c.id == rule_id))
