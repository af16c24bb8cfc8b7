"""The firm's master data on the server, read as :mod:`core.model` values and written back.

Every write takes ``master_rev`` in the same transaction, so a process may keep a snapshot in
memory and check with one cheap SELECT that no other process changed it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from core import records as rec
from core.model import Client, FirmSettings, Matter, Person, Phase, RateRule, ServiceType
from server.models import counters
from server.models import tables as t


@dataclass(frozen=True)
class Master:
    """A consistent snapshot of the master data (a :class:`core.entries.Catalog`)."""

    rev: int
    firm: FirmSettings | None
    people: dict[str, Person] = field(default_factory=dict)
    service_types: dict[str, ServiceType] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)
    matters: dict[str, Matter] = field(default_factory=dict)
    rules: tuple[RateRule, ...] = ()

    @property
    def settings(self) -> FirmSettings:
        return self.firm or FirmSettings()


def load(conn: Connection) -> Master:
    """Read all master data (inside the caller's transaction)."""
    rev = counters.read(conn, counters.MASTER_REV)
    row = conn.execute(select(t.firm_settings)).mappings().first()
    people = {
        r["id"]: rec.person_of(r)
        for r in conn.execute(select(t.people).order_by(t.people.c.position)).mappings()
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
    ph = t.phases.c
    for r in conn.execute(select(t.phases).order_by(ph.matter, ph.position)).mappings():
        phases.setdefault(r["matter"], []).append(rec.phase_of(r))
    matters = {
        r["code"]: rec.matter_of(r, tuple(phases.get(r["code"], ())))
        for r in conn.execute(select(t.matters).order_by(t.matters.c.code)).mappings()
    }
    rc = t.rate_rules.c
    rules = tuple(
        rec.rule_of(r)
        for r in conn.execute(select(t.rate_rules).order_by(rc.effective_from, rc.id)).mappings()
    )
    firm = rec.firm_of(row) if row else None
    return Master(rev, firm, people, services, clients, matters, rules)


class MasterCache:
    """A per-process snapshot, reloaded whenever ``master_rev`` moved (any process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._master: Master | None = None

    def get(self, conn: Connection) -> Master:
        rev = counters.read(conn, counters.MASTER_REV)
        with self._lock:
            cached = self._master
        if cached is not None and cached.rev == rev:
            return cached
        fresh = load(conn)
        with self._lock:
            self._master = fresh
        return fresh


# ----------------------------------------------------------------------------- writing


def bump(conn: Connection) -> int:
    return counters.take(conn, counters.MASTER_REV)


def _upsert(conn: Connection, table: Any, key: dict[str, Any], values: dict[str, Any]) -> None:
    cond = [table.c[k] == v for k, v in key.items()]
    if conn.execute(select(*[table.c[k] for k in key]).where(*cond)).first():
        conn.execute(update(table).where(*cond).values(**values))
    else:
        conn.execute(insert(table).values(**key, **values))


def save_firm(conn: Connection, firm: FirmSettings) -> None:
    _upsert(conn, t.firm_settings, {"id": 1}, rec.firm_record(firm))


def save_person(conn: Connection, p: Person) -> None:
    values = rec.person_record(p)
    values["email_key"] = p.email.lower() if p.email else None
    c = t.people.c
    if conn.execute(select(c.id).where(c.id == p.id)).first():
        conn.execute(update(t.people).where(c.id == p.id).values(**values))
    else:
        pos = conn.execute(select(func.coalesce(func.max(c.position), 0))).scalar_one()
        conn.execute(insert(t.people).values(id=p.id, position=int(pos) + 1, **values))


def save_service(conn: Connection, s: ServiceType) -> None:
    _upsert(conn, t.service_types, {"code": s.code}, rec.service_record(s))


def save_client(conn: Connection, cl: Client) -> None:
    _upsert(conn, t.clients, {"code": cl.code}, rec.client_record(cl))


def save_matter(conn: Connection, m: Matter) -> None:
    """Upsert a matter and the phases it lists, in its order (others are kept)."""
    _upsert(conn, t.matters, {"code": m.code}, rec.matter_record(m))
    for i, ph in enumerate(m.phases):
        _upsert(conn, t.phases, {"matter": m.code, "code": ph.code},
                {"position": i, **rec.phase_record(ph)})  # fmt: skip


def insert_rule(conn: Connection, rule: RateRule, now: datetime) -> None:
    conn.execute(insert(t.rate_rules).values(**rec.rule_record(rule), created_at=now))


def replace_rule(conn: Connection, rule: RateRule) -> None:
    values = rec.rule_record(rule)
    rule_id = values.pop("id")
    conn.execute(update(t.rate_rules).where(t.rate_rules.c.id == rule_id).values(**values))


def rule_use(conn: Connection, rule_id: str) -> tuple[int, list[str]]:
    """How many live or deleted entries carry this rule, and the first few of their ids."""
    c = t.entries.c
    ids = [r[0] for r in conn.execute(select(c.id).where(c.rate_rule_id == rule_id).limit(5))]
    if not ids:
        return 0, []
    count = conn.execute(select(func.count()).where(c.rate_rule_id == rule_id)).scalar_one()
    return int(count), ids


def matter_use(conn: Connection, code: str) -> int:
    """How many live or deleted entries are recorded on this matter."""
    c = t.entries.c
    return int(conn.execute(select(func.count()).where(c.matter == code)).scalar_one())


def person_auth(conn: Connection, email: str) -> Any:
    """The sign-in row of the person with this email (case-insensitive), or None."""
    c = t.people.c
    return conn.execute(
        select(c.id, c.active, c.password_hash).where(c.email_key == email.strip().lower())
    ).first()
