"""Fixtures for the firm server: a fresh database per test — SQLite and PostgreSQL (every
test runs on both) — the firm below loaded through the real import, people with passwords,
and sessions for each kind of caller."""

from __future__ import annotations

import copy
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, update

from server.app import create_app
from server.models import tables as t
from server.models.db import Database
from server.models.migrate import upgrade
from server.services import setup
from server.services.auth import token_hash
from server.services.context import Context
from server.services.passwords import hash_password
from tests.server import pg

PASSWORD = "correct horse battery"
_HASH: list[str] = []

FIRM: dict[str, Any] = {
    "firm": {
        "name": "Arnsley & Co",
        "currency": "USD",
        "rounding": {"increment_minutes": 6, "direction": "up", "minimum_minutes": 6},
        "required_fields": ["matter", "service", "narrative"],
        "narrative_min_length": 10,
        "allow_self_approval": False,
    },
    "people": [
        {
            "id": "rarnsley",
            "name": "Robert Arnsley",
            "email": "ra@example.com",
            "role": "partner",
            "classification": "PARTNR",
        },
        {
            "id": "mlee",
            "name": "Mia Lee",
            "email": "ml@example.com",
            "role": "timekeeper",
            "classification": "ASSOC",
        },
        {
            "id": "jdoe",
            "name": "Jo Doe",
            "email": "jd@example.com",
            "role": "timekeeper",
            "classification": "ASSOC",
        },
        {
            "id": "obrien",
            "name": "Olga Brien",
            "email": "ob@example.com",
            "role": "timekeeper",
            "classification": "PARLEG",
        },
        {
            "id": "pquinn",
            "name": "Paul Quinn",
            "email": "pq@example.com",
            "role": "partner",
            "classification": "PARTNR",
        },
        {"id": "bcole", "name": "Bea Cole", "email": "bc@example.com", "role": "billing"},
        {"id": "boss", "name": "Ada Boss", "email": "boss@example.com", "role": "admin"},
        {"id": "gone", "name": "Gus Gone", "email": "gone@example.com", "role": "timekeeper"},
    ],
    "service_types": [
        {"code": "RES", "name": "Research", "billable": True, "utbms_activity": "A102"},
        {"code": "DRF", "name": "Drafting", "billable": True, "utbms_activity": "A103"},
        {"code": "ADM", "name": "Firm administration", "billable": False},
    ],
    "clients": [
        {
            "code": "ACME",
            "name": "Acme Corp",
            "rounding": {"increment_minutes": 15, "direction": "nearest"},
        },
        {"code": "BETA", "name": "Beta Ltd"},
    ],
    "matters": [
        {
            "code": "ACME-001",
            "client": "ACME",
            "name": "Supply dispute",
            "billing": "hourly",
            "team": ["rarnsley", "mlee", "jdoe", "gone"],
            "reviewers": ["rarnsley"],
            "phases": [{"code": "L100", "name": "Case assessment", "estimated_hours": "40"}],
        },
        {
            "code": "BETA-001",
            "client": "BETA",
            "name": "General advice",
            "billing": "hourly",
            "team": ["pquinn", "obrien"],
        },
    ],
    "rates": [
        {"amount": "300.00", "effective_from": "2026-01-01", "person": "rarnsley"},
        {"amount": "200.00", "effective_from": "2026-01-01", "person": "mlee"},
        {"amount": "150.00", "effective_from": "2026-01-01"},
        {
            "amount": "450.00",
            "effective_from": "2026-01-01",
            "matter": "ACME-001",
            "classification": "PARTNR",
        },
    ],
}


def firm_doc() -> dict[str, Any]:
    return copy.deepcopy(FIRM)


# ---------------------------------------------------------------- databases


@pytest.fixture(scope="session")
def pg_dbs() -> Iterator[pg.Databases]:
    host, port = pg.start()  # raises (the test fails) when PostgreSQL cannot start
    dbs = pg.Databases(host, port)
    db = Database(dbs.url(dbs.create()))
    upgrade(db)
    db.close()
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.close()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        target = tmp_path / "server.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    dbs: pg.Databases = request.getfixturevalue("pg_dbs")
    return dbs.url(dbs.create(dbs.template))


@pytest.fixture
def ctx(db_url: str) -> Iterator[Context]:
    c = Context(Database(db_url))
    yield c
    c.db.close()


@dataclass
class Firm:
    ctx: Context
    client: TestClient
    tokens: dict[str, str]

    def h(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def call(self, who: str | None, method: str, path: str, **kw: Any) -> Any:
        headers = self.h(who) if who else {}
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kw)


def give_passwords(ctx: Context) -> None:
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    ctx.db.write(
        lambda c: c.execute(update(t.people).values(password_hash=_HASH[0])), audited=False
    )


def session_for(ctx: Context, person: str) -> str:
    token = secrets.token_urlsafe(32)
    now = ctx.now()
    ctx.db.write(
        lambda c: c.execute(
            insert(t.sessions).values(
                token_hash=token_hash(token),
                person=person,
                created_at=now,
                expires_at=now + timedelta(hours=1),
            )
        ),
        audited=False,
    )
    return token


@pytest.fixture
def firm(ctx: Context) -> Iterator[Firm]:
    setup.import_doc(ctx, firm_doc(), "test")
    give_passwords(ctx)
    people = [p["id"] for p in FIRM["people"]]
    tokens = {p: session_for(ctx, p) for p in people}
    with TestClient(create_app(ctx)) as client:
        yield Firm(ctx, client, tokens)


def log(f: Firm, who: str, **over: Any) -> dict[str, Any]:
    """Log an entry through the API (201 expected); returns its JSON."""
    body = {
        "date": "2026-06-01",
        "raw_seconds": 3600,
        "matter": "ACME-001",
        "phase": "L100",
        "service": "RES",
        "narrative": "Reviewed the supply contracts",
    }
    body.update(over)
    r = f.call(who, "POST", "/entries", json=body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out
