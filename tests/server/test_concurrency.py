"""Many reviewers acting on the same 20 entries at once (PostgreSQL and SQLite): afterwards
every entry's state replays exactly from its audit events, and the chain verifies. Lost races
are retried inside the server and never surface as a 500."""

from __future__ import annotations

import json
import random
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.app import create_app
from server.models import tables as t
from tests.server.conftest import Firm, log, session_for


def replay(events: list[dict[str, Any]]) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for ev in events:
        if ev["after"]:
            after = json.loads(ev["after"])
            if "status" in after:
                state = after
    return state


@pytest.mark.slow
def test_concurrent_reviewers_one_decision_per_version(firm: Firm) -> None:
    if firm.ctx.db.sqlite:
        n_threads, rounds = 4, 15
    else:
        n_threads, rounds = 8, 25
    ids = [log(firm, "mlee", date=f"2026-05-{d:02d}")["id"] for d in range(1, 21)]
    assert (
        firm.call("mlee", "POST", "/approvals", json={"action": "submit", "ids": ids}).status_code
        == 200
    )
    # a second reviewer for the matter, so two reviewers race
    r = firm.call(
        "boss",
        "PATCH",
        "/matters/ACME-001",
        json={
            "reviewers": ["rarnsley", "pquinn"],
            "team": ["rarnsley", "mlee", "jdoe", "gone", "pquinn"],
        },
    )
    assert r.status_code == 200, r.text
    tokens = {p: session_for(firm.ctx, p) for p in ("rarnsley", "pquinn", "mlee")}
    errors: list[str] = []
    outcomes: list[int] = []
    lock = threading.Lock()

    def worker(seed: int) -> None:
        rnd = random.Random(seed)
        with TestClient(create_app(firm.ctx)) as client:
            for _ in range(rounds):
                who = rnd.choice(["rarnsley", "pquinn", "mlee"])
                action = "submit" if who == "mlee" else rnd.choice(["approve", "reject", "reopen"])
                pick = rnd.sample(ids, rnd.randint(1, 3))
                body = {"action": action, "ids": pick, "comment": f"by {who}"}
                resp = client.post(
                    "/api/v1/approvals",
                    json=body,
                    headers={"Authorization": f"Bearer {tokens[who]}"},
                )
                with lock:
                    outcomes.append(resp.status_code)
                    if resp.status_code >= 500 or resp.status_code not in (200, 409):
                        errors.append(f"{resp.status_code} {resp.text}")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_threads)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors[:3]
    assert 200 in outcomes
    with firm.ctx.db.read() as conn:
        rows = {r["id"]: dict(r) for r in conn.execute(select(t.entries)).mappings()}
        for eid in ids:
            evs = [
                dict(r)
                for r in conn.execute(
                    select(t.audit_events)
                    .where(t.audit_events.c.entity_id == eid)
                    .order_by(t.audit_events.c.seq)
                ).mappings()
            ]
            final = replay(evs)
            assert final["status"] == rows[eid]["status"]
            assert final["version"] == rows[eid]["version"]
            # one decision per version: versions in the events rise by exactly one each time
            versions = [json.loads(e["after"])["version"] for e in evs if e["after"]]
            assert versions == list(range(1, len(versions) + 1))
    assert firm.call("boss", "GET", "/audit/verify").json()["ok"] is True
