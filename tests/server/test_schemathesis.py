"""schemathesis over /openapi.json, anonymous and signed in (as an admin, who reaches every
route): no server error, no response that breaks the schema, the right content type. Bounded
examples per operation so the suite stays quick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from server.app import create_app
from server.models.db import Database
from server.models.migrate import upgrade
from server.services import setup
from server.services.context import Context
from tests.server.conftest import firm_doc, give_passwords, log, session_for

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path: Path = tmp_path_factory.mktemp("sth") / "server.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    ctx = Context(db)
    setup.import_doc(ctx, firm_doc(), "test")
    give_passwords(ctx)
    TOKENS["boss"] = session_for(ctx, "boss")
    TOKENS["mlee"] = session_for(ctx, "mlee")
    app = create_app(ctx)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    db.close()


SETTINGS = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
)


def run_all(api: Any, headers: dict[str, str] | None) -> None:
    """Every operation of the schema, with hypothesis-generated cases (schemathesis's pytest
    plugin is driven by hand: its collection hooks predate this pytest)."""
    failures: list[str] = []
    count = 0
    for result in api.get_all_operations():
        op = result.ok()
        if headers and op.path.endswith(("/auth/logout", "/me/password")):
            continue  # would end the session the other cases use

        @given(case=op.as_strategy())
        @SETTINGS
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        count += 1
        try:
            check()
        except Exception as err:  # collect every failing operation, then fail once
            failures.append(f"{op.method.upper()} {op.path}: {str(err)[:800]}")
    assert count > 30
    assert not failures, "\n".join(failures)


def test_anonymous(api: Any) -> None:
    run_all(api, None)


def test_signed_in(api: Any) -> None:
    run_all(api, {"Authorization": f"Bearer {TOKENS['boss']}"})


def test_typed_values(api: Any) -> None:
    """A string where an integer belongs is a 422; dates, UUIDs and money strings pass."""
    from fastapi.testclient import TestClient

    _ = log  # the API helper is shared; this test calls the app directly
    client = TestClient(api.app if hasattr(api, "app") else api)
    h = {"Authorization": f"Bearer {TOKENS['mlee']}"}
    base = {
        "date": "2026-06-01",
        "matter": "ACME-001",
        "phase": "L100",
        "service": "RES",
        "narrative": "Reviewed the supply contracts",
        "id": "6f1c1c3e-0a8b-4e53-9d6a-0d5b1e2f3a40",
    }
    assert (
        client.post("/api/v1/entries", json={**base, "raw_seconds": "600"}, headers=h).status_code
        == 422
    )
    assert (
        client.post("/api/v1/entries", json={**base, "raw_seconds": 600.0}, headers=h).status_code
        == 422
    )
    r = client.post("/api/v1/entries", json={**base, "raw_seconds": 600}, headers=h)
    assert r.status_code == 201, r.text
    assert client.get("/api/v1/entries?limit=abc", headers=h).status_code == 422
