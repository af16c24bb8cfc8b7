"""Entries and the approval workflow through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.server.conftest import Firm, log


def test_entry_is_priced_and_rounded_by_core(firm: Firm) -> None:
    e = log(firm, "mlee", raw_seconds=450)  # ACME: 15 min nearest, firm minimum 6 min
    assert (e["billed_hours"], e["rate"], e["amount"]) == ("0.25", "200.00", "50.00")
    assert e["person"] == "mlee" and e["status"] == "draft" and e["version"] == 1
    assert e["rate_rule"] == "person mlee, from 2026-01-01"
    p = log(firm, "rarnsley", raw_seconds=3600)
    assert (p["rate"], p["amount"]) == ("450.00", "450.00")  # matter × classification card
    assert p["server_version"] > e["server_version"]
    assert e["created_at"].endswith("+00:00")


def test_policy_violation_names_the_field_and_saves_nothing(firm: Firm) -> None:
    r = firm.call(
        "mlee",
        "POST",
        "/entries",
        json={"date": "2026-06-01", "raw_seconds": 60, "matter": "ACME-001", "phase": "L100"},
    )
    assert r.status_code == 422
    paths = {p["path"] for p in r.json()["problems"]}
    assert {"service", "narrative"} <= paths
    assert firm.call("mlee", "GET", "/entries").json()["items"] == []


def test_a_matter_outside_ones_team_does_not_exist(firm: Firm) -> None:
    r = firm.call(
        "obrien",
        "POST",
        "/entries",
        json={
            "date": "2026-06-01",
            "raw_seconds": 60,
            "matter": "ACME-001",
            "service": "RES",
            "narrative": "Not my matter at all",
        },
    )
    assert r.status_code == 422 and "there is no matter" in r.json()["detail"]


def test_full_workflow_with_correction_request(firm: Firm) -> None:
    e = log(firm, "mlee")
    eid = e["id"]
    r = firm.call("mlee", "POST", "/approvals", json={"action": "submit", "ids": [eid]})
    assert r.status_code == 200 and r.json()["count"] == 1
    # the person cannot approve their own; a non-reviewer teammate cannot either (404: unseen)
    assert (
        firm.call(
            "mlee", "POST", "/approvals", json={"action": "approve", "ids": [eid]}
        ).status_code
        == 409
    )
    assert (
        firm.call(
            "jdoe", "POST", "/approvals", json={"action": "approve", "ids": [eid]}
        ).status_code
        == 404
    )
    # reject needs a comment
    assert (
        firm.call(
            "rarnsley", "POST", "/approvals", json={"action": "reject", "ids": [eid]}
        ).status_code
        == 409
    )
    r = firm.call(
        "rarnsley",
        "POST",
        "/approvals",
        json={"action": "approve", "ids": [eid], "versions": {eid: 2}},
    )
    assert r.status_code == 200, r.text
    # a stale version is refused, naming why
    r = firm.call(
        "rarnsley",
        "POST",
        "/approvals",
        json={"action": "reopen", "ids": [eid], "versions": {eid: 2}, "comment": "x"},
    )
    assert r.status_code == 409 and "changed since you reviewed it" in r.json()["detail"]
    # editing an approved entry becomes a correction request
    r = firm.call(
        "mlee",
        "PATCH",
        f"/entries/{eid}",
        json={"raw_seconds": 7200, "comment": "It was two hours"},
    )
    assert r.status_code == 202 and r.json()["status"] == "open"
    cid = r.json()["id"]
    assert firm.call("mlee", "GET", f"/entries/{eid}").json()["raw_seconds"] == 3600
    corr = firm.call("rarnsley", "GET", "/corrections?status=open").json()
    assert [c["id"] for c in corr] == [cid]
    assert firm.call("obrien", "GET", "/corrections").json() == []
    r = firm.call(
        "rarnsley",
        "POST",
        f"/corrections/{cid}/decision",
        json={"decision": "reopen", "comment": "Fix the duration"},
    )
    assert r.status_code == 200 and r.json()["status"] == "reopened"
    got = firm.call("mlee", "GET", f"/entries/{eid}").json()
    assert got["status"] == "rejected" and got["review_comment"] == "Fix the duration"
    r = firm.call(
        "mlee", "PATCH", f"/entries/{eid}", json={"raw_seconds": 7200, "version": got["version"]}
    )
    assert r.status_code == 200 and r.json()["amount"] == "400.00"
    hist = firm.call("mlee", "GET", f"/entries/{eid}/history").json()
    assert [h["action"] for h in hist] == [
        "entry.create",
        "entry.submit",
        "entry.approve",
        "entry.correction_request",
        "entry.reopen",
        "entry.edit",
    ]
    verdict = firm.call("boss", "GET", "/audit/verify").json()
    assert verdict["ok"] is True


def test_period_selection_and_delete_tombstone(firm: Firm) -> None:
    a = log(firm, "mlee", date="2026-06-01")
    b = log(firm, "mlee", date="2026-06-02")
    r = firm.call(
        "mlee",
        "POST",
        "/approvals",
        json={"action": "submit", "date_from": "2026-06-01", "date_to": "2026-06-01"},
    )
    assert r.json()["ids"] == [a["id"]]
    r = firm.call(
        "rarnsley",
        "POST",
        "/approvals",
        json={
            "action": "approve",
            "person": "mlee",
            "date_from": "2026-06-01",
            "date_to": "2026-06-30",
        },
    )
    assert r.json()["ids"] == [a["id"]]
    assert firm.call("mlee", "DELETE", f"/entries/{a['id']}").status_code == 409
    assert firm.call("jdoe", "DELETE", f"/entries/{b['id']}").status_code == 404
    assert firm.call("mlee", "DELETE", f"/entries/{b['id']}").status_code == 204
    assert firm.call("mlee", "GET", f"/entries/{b['id']}").status_code == 404
    ids = [e["id"] for e in firm.call("mlee", "GET", "/entries").json()["items"]]
    assert ids == [a["id"]]


def test_list_filters_and_pagination(firm: Firm) -> None:
    for d in range(1, 6):
        log(firm, "mlee", date=f"2026-06-0{d}")
    page = firm.call("mlee", "GET", "/entries?limit=2").json()
    assert [e["date"] for e in page["items"]] == ["2026-06-05", "2026-06-04"]
    assert page["next_offset"] == 2
    rest = firm.call("mlee", "GET", "/entries?limit=2&offset=4").json()
    assert [e["date"] for e in rest["items"]] == ["2026-06-01"] and rest["next_offset"] is None
    got = firm.call(
        "rarnsley", "GET", "/entries?person=mlee&date_from=2026-06-02&date_to=2026-06-03"
    )
    assert len(got.json()["items"]) == 2
    assert firm.call("bcole", "GET", "/entries?status=draft").json()["items"]


def test_strings_where_integers_belong_are_refused(firm: Firm) -> None:
    r = firm.call(
        "mlee",
        "POST",
        "/entries",
        json={
            "date": "2026-06-01",
            "raw_seconds": "3600",
            "matter": "ACME-001",
            "phase": "L100",
            "service": "RES",
            "narrative": "Reviewed the supply contracts",
        },
    )
    assert r.status_code == 422
    r = firm.call("boss", "POST", "/rates", json={"amount": 12.5, "effective_from": "2026-02-01"})
    assert r.status_code == 422
    r = firm.call(
        "boss",
        "POST",
        "/rates",
        json={"amount": "12.50", "effective_from": "2026-02-01", "service": "RES"},
    )
    assert r.status_code == 201 and r.json()["amount"] == "12.50"
