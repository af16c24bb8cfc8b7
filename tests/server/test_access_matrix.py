"""Every route of the app × every kind of caller, on objects owned by someone else.

No unexpected success; no foreign object in any answer; a route the access table does not
list (or a table row with no route) fails the test. What each caller *may* do is written here
independently of server/routes/access.py, from PRODUCT.md's roles."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import insert

from server.models import tables as t
from server.routes.access import PUBLIC, RULES, route_keys
from server.services.auth import token_hash
from tests.server.conftest import Firm, log, session_for

SIGNED_IN = {"jdoe", "obrien", "pquinn", "bcole", "boss"}
ANYONE = SIGNED_IN | {None, "gone", "revoked"}
SEES_ALL = {"bcole", "boss"}
ADMIN = {"boss"}
CALLERS: list[str | None] = [None, "revoked", "gone", "jdoe", "obrien", "pquinn", "bcole", "boss"]


def expected() -> dict[tuple[str, str], set[Any]]:
    """Who may get a 2xx from each route, given the objects below."""
    return {
        ("GET", "/health"): ANYONE,
        ("GET", "/version"): ANYONE,
        ("POST", "/auth/login"): ANYONE,  # with a stranger's wrong password: never succeeds
        ("POST", "/auth/logout"): SIGNED_IN,
        ("GET", "/me"): SIGNED_IN,
        ("POST", "/me/password"): set(),  # wrong current password
        ("GET", "/clients"): SIGNED_IN,
        ("POST", "/clients"): ADMIN,
        ("GET", "/clients/{code}"): SEES_ALL | {"jdoe"},
        ("PATCH", "/clients/{code}"): ADMIN,
        ("GET", "/matters"): SIGNED_IN,
        ("POST", "/matters"): ADMIN,
        ("GET", "/matters/{code}"): SEES_ALL | {"jdoe"},
        ("PATCH", "/matters/{code}"): ADMIN,
        ("GET", "/phases"): SIGNED_IN,
        ("POST", "/phases"): ADMIN,
        ("PATCH", "/phases/{matter}/{code}"): ADMIN,
        ("GET", "/service-types"): SIGNED_IN,
        ("POST", "/service-types"): ADMIN,
        ("PATCH", "/service-types/{code}"): ADMIN,
        ("GET", "/people"): SIGNED_IN,
        ("POST", "/people"): ADMIN,
        ("GET", "/people/{person_id}"): SEES_ALL,
        ("PATCH", "/people/{person_id}"): ADMIN,
        ("GET", "/rates"): SEES_ALL,
        ("POST", "/rates"): ADMIN,
        ("GET", "/rates/{rule_id}"): SEES_ALL,
        ("PATCH", "/rates/{rule_id}"): ADMIN,
        ("GET", "/policies"): SIGNED_IN,
        ("PUT", "/policies"): ADMIN,
        ("GET", "/entries"): SIGNED_IN,
        ("POST", "/entries"): {"jdoe"},  # their own time on their own team's matter
        ("GET", "/entries/{entry_id}"): SEES_ALL,
        ("PATCH", "/entries/{entry_id}"): set(),  # only the entry's own person edits
        ("DELETE", "/entries/{entry_id}"): set(),
        ("GET", "/entries/{entry_id}/history"): SEES_ALL,
        ("POST", "/approvals"): set(),  # only the matter's reviewer approves
        ("GET", "/comments"): SEES_ALL,
        ("POST", "/comments"): SEES_ALL,
        ("GET", "/corrections"): SIGNED_IN,
        ("POST", "/corrections/{correction_id}/decision"): ADMIN,
        ("GET", "/audit"): SEES_ALL,
        ("GET", "/audit/verify"): SEES_ALL,
        # answered 200 with each mutation judged (here: refused) in the body
        ("POST", "/sync/push"): SIGNED_IN,
        ("GET", "/sync/pull"): SIGNED_IN,
    }


def objects(firm: Firm) -> dict[str, str]:
    """Objects of mlee (a timekeeper on ACME-001, reviewed by rarnsley)."""
    draft = log(firm, "mlee")
    sub = log(firm, "mlee", date="2026-06-02")
    appr = log(firm, "mlee", date="2026-06-03")
    assert (
        firm.call(
            "mlee", "POST", "/approvals", json={"action": "submit", "ids": [sub["id"], appr["id"]]}
        ).status_code
        == 200
    )
    assert (
        firm.call(
            "rarnsley", "POST", "/approvals", json={"action": "approve", "ids": [appr["id"]]}
        ).status_code
        == 200
    )
    r = firm.call(
        "mlee",
        "PATCH",
        f"/entries/{appr['id']}",
        json={"narrative": "Reviewed it all again", "comment": "more"},
    )
    assert r.status_code == 202
    assert (
        firm.call(
            "mlee", "POST", "/comments", json={"entry_id": draft["id"], "text": "private note"}
        ).status_code
        == 201
    )
    rate = next(r for r in firm.call("boss", "GET", "/rates").json() if r["person"] == "mlee")
    return {
        "draft": draft["id"],
        "sub": sub["id"],
        "appr": appr["id"],
        "cid": r.json()["id"],
        "rate": rate["id"],
    }


def request_for(method: str, path: str, o: dict[str, str]) -> tuple[str, dict[str, Any]]:
    url = (
        path.replace(
            "{code}",
            "ACME"
            if path.startswith("/clients")
            else "L100"
            if path.startswith("/phases")
            else "RES"
            if path.startswith("/service-types")
            else "ACME-001",
        )
        .replace("{matter}", "ACME-001")
        .replace("{person_id}", "mlee")
        .replace("{rule_id}", o["rate"])
        .replace("{entry_id}", o["draft"])
        .replace("{correction_id}", o["cid"])
    )
    bodies: dict[tuple[str, str], Any] = {
        ("POST", "/auth/login"): {"email": "ml@example.com", "password": "not her password"},
        ("POST", "/me/password"): {"current_password": "wrong wrong", "new_password": "z" * 12},
        ("POST", "/clients"): {"code": "NEWCO", "name": "New Co"},
        ("PATCH", "/clients/{code}"): {"name": "Acme Corp"},
        ("POST", "/matters"): {"code": "NEW-1", "client": "ACME", "name": "New matter"},
        ("PATCH", "/matters/{code}"): {"name": "Supply dispute"},
        ("POST", "/phases"): {"matter": "ACME-001", "code": "L900", "name": "Later"},
        ("PATCH", "/phases/{matter}/{code}"): {"name": "Case assessment"},
        ("POST", "/service-types"): {"code": "NEWS", "name": "New service"},
        ("PATCH", "/service-types/{code}"): {"name": "Research"},
        ("POST", "/people"): {"id": "newbie", "name": "New Person"},
        ("PATCH", "/people/{person_id}"): {"name": "Mia Lee"},
        ("POST", "/rates"): {"amount": "99.00", "effective_from": "2026-03-01", "service": "RES"},
        ("PATCH", "/rates/{rule_id}"): {"amount": "200.00"},
        ("PUT", "/policies"): {"narrative_min_length": 10},
        ("POST", "/entries"): {
            "date": "2026-06-04",
            "raw_seconds": 600,
            "matter": "ACME-001",
            "phase": "L100",
            "service": "RES",
            "narrative": "Someone's work",
        },
        ("PATCH", "/entries/{entry_id}"): {"narrative": "Taken over by someone else"},
        ("POST", "/approvals"): {"action": "approve", "ids": [o["sub"]]},
        ("POST", "/comments"): {"entry_id": o["draft"], "text": "a comment"},
        ("POST", "/corrections/{correction_id}/decision"): {"decision": "decline"},
        ("POST", "/sync/push"): {
            "client_id": str(uuid.uuid4()),
            "sent_at": "2026-06-05T10:00:00Z",
            "mutations": [
                {
                    "seq": 1,
                    "mutation_id": str(uuid.uuid4()),
                    "entity": "entry",
                    "op": "approve",
                    "entity_id": o["sub"],
                    "base_version": 2,
                    "device_time_utc": "2026-06-05T10:00:00Z",
                    "payload": {},
                },
                {
                    "seq": 2,
                    "mutation_id": str(uuid.uuid4()),
                    "entity": "entry",
                    "op": "edit",
                    "entity_id": o["draft"],
                    "base_version": 1,
                    "device_time_utc": "2026-06-05T10:00:00Z",
                    "payload": {"changes": {"narrative": "Taken over"}, "base": {}},
                },
            ],
        },
    }
    params: dict[str, Any] | None = (
        {"entry_id": o["draft"]} if path == "/comments" and method == "GET" else None
    )
    if path == "/sync/pull":
        params = {"client_id": str(uuid.uuid4()), "digest": ["mlee:2026-06"]}
    kw: dict[str, Any] = {}
    if (method, path) in bodies:
        kw["json"] = bodies[(method, path)]
    if params:
        kw["params"] = params
    return url, kw


def foreign_markers(who: str | None, o: dict[str, str]) -> list[str]:
    entry_ids = [o["draft"], o["sub"], o["appr"], o["cid"]]
    if who in ("obrien", "pquinn"):
        return [*entry_ids, "ACME", "mlee", "Mia Lee", o["rate"]]
    if who == "jdoe":
        return [*entry_ids, o["rate"], "private note"]
    return []


def test_every_route_every_caller(firm: Firm) -> None:
    o = objects(firm)
    # a disabled person (with a session made after disabling) and a revoked session
    assert firm.call("boss", "PATCH", "/people/gone", json={"active": False}).status_code == 200
    firm.tokens["gone"] = session_for(firm.ctx, "gone")
    firm.tokens["revoked"] = session_for(firm.ctx, "mlee")
    assert firm.call("revoked", "POST", "/auth/logout").status_code == 200

    keys = route_keys(firm.client.app.routes)  # type: ignore[attr-defined]
    assert keys == set(RULES), f"routes and access table differ: {keys ^ set(RULES)}"
    want = expected()
    assert {(m, f"/api/v1{p}") for m, p in want} == keys
    # sign-out and password changes last, so they do not end the sessions mid-way
    ordered = sorted(keys, key=lambda k: k[1] in ("/api/v1/auth/logout", "/api/v1/me/password"))
    failures = []
    for who in CALLERS:
        for method, full in ordered:
            path = full.removeprefix("/api/v1")
            url, kw = request_for(method, path, o)
            r = firm.call(who, method, url, **kw)
            ok = 200 <= r.status_code < 300
            assert r.status_code < 500, (who, method, path, r.text)
            if ok and who not in want[(method, path)]:
                failures.append(f"{who} {method} {path} → {r.status_code}")
            if RULES[(method, full)] is not PUBLIC and who in (None, "gone", "revoked"):
                assert r.status_code == 401, (who, method, path, r.status_code)
            if ok:
                text = r.text
                if path == "/sync/push":  # answers echo the ids the caller sent; look past them
                    text = json.dumps(
                        [
                            {k: v for k, v in res.items() if k not in ("entity_id", "mutation_id")}
                            for res in r.json()["results"]
                        ]
                    )
                leaks = [m for m in foreign_markers(who, o) if m in text]
                if leaks and not (path == "/me" or path.startswith("/auth")):
                    failures.append(f"{who} {method} {path} shows {leaks}")
    assert not failures, "\n".join(failures)


def test_out_of_scope_answers_exactly_like_missing(firm: Firm) -> None:
    o = objects(firm)
    missing = "00000000-0000-4000-8000-000000000000"
    a = firm.call("obrien", "GET", f"/entries/{o['draft']}")
    b = firm.call("obrien", "GET", f"/entries/{missing}")
    assert a.status_code == b.status_code == 404
    assert a.json()["detail"].replace(o["draft"], "X") == b.json()["detail"].replace(missing, "X")
    _ = (json, insert, t, token_hash, timedelta)
