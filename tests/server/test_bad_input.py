"""Input no person meant to send: refused with the reason (4xx, or a rejected mutation), never a
500 — and never a queue stuck behind it, a change applied twice, or someone else's answer."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tests.server.conftest import Firm, log

NEW = {
    "date": "2026-06-02",
    "raw_seconds": 3600,
    "matter": "ACME-001",
    "phase": "L100",
    "service": "RES",
    "narrative": "Reviewed the supply contracts",
}


def mutation(seq: int, op: str = "create", **over: Any) -> dict[str, Any]:
    m: dict[str, Any] = {
        "seq": seq,
        "mutation_id": str(uuid.uuid4()),
        "entity": "entry",
        "op": op,
        "entity_id": str(uuid.uuid4()),
        "base_version": None,
        "device_time_utc": "2026-06-05T10:00:00+00:00",
        "payload": dict(NEW),
    }
    m.update(over)
    return m


def push(firm: Firm, who: str, mutations: list[dict[str, Any]], client: str = "") -> Any:
    body = {
        "client_id": client or str(uuid.uuid4()),
        "sent_at": "2026-06-05T10:00:00Z",
        "mutations": mutations,
    }
    # as JSON text with \u escapes, so a lone surrogate travels as a device could send it
    return firm.client.request(
        "POST",
        "/api/v1/sync/push",
        content=json.dumps(body),
        headers={**firm.h(who), "Content-Type": "application/json"},
    )


@pytest.mark.parametrize(
    "payload",
    [
        {**NEW, "start": "2026-06-02T09:00:00"},  # no offset
        {**NEW, "start": "0001-01-01T00:00:00+00:00"},
        {**NEW, "end": "9999-12-31T23:00:00-05:00"},
        {**NEW, "narrative": ["a list"]},
        {**NEW, "billable_override": "yes"},
        {**NEW, "narrative": "Reviewed the contracts\x00"},
        {**NEW, "raw_seconds": "3600"},
    ],
)
def test_a_malformed_change_is_refused_and_the_queue_moves_on(
    firm: Firm, payload: dict[str, Any]
) -> None:
    client = str(uuid.uuid4())
    bad, good = mutation(1, payload=payload), mutation(2)
    r = push(firm, "mlee", [bad, good], client)
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["outcome"] == "rejected" and first["reason"]
    assert second["outcome"] == "applied"
    assert r.json()["last_seq"] == 2
    items = firm.call("mlee", "GET", "/entries").json()["items"]
    assert [e["id"] for e in items] == [good["entity_id"]]


def test_malformed_decisions_and_comments_are_refused(firm: Firm) -> None:
    e = log(firm, "mlee")
    muts = [
        mutation(1, "submit", entity_id=e["id"], payload={"comment": 5}),
        mutation(2, "comment", entity="comment", entity_id=e["id"], payload={"text": "\ud800"}),
        mutation(3, "submit", entity_id=e["id"], device_time_utc="9999-12-31T23:59:59+00:00"),
    ]
    r = push(firm, "mlee", muts)
    assert r.status_code == 200, r.text
    outcomes = [x["outcome"] for x in r.json()["results"]]
    assert outcomes[:2] == ["rejected", "rejected"] and outcomes[2] == "applied"


def test_the_same_mutation_twice_in_one_batch_is_applied_once(firm: Firm) -> None:
    e = log(firm, "mlee")
    comment = mutation(1, "comment", entity="comment", entity_id=e["id"], payload={"text": "hi"})
    again = dict(comment, seq=2)
    create = mutation(3)
    create_again = dict(create, seq=4)
    r = push(firm, "mlee", [comment, again, create, create_again])
    assert r.status_code == 200, r.text
    res = r.json()["results"]
    assert [x["outcome"] for x in res] == ["applied"] * 4
    assert res[2]["entity_id"] == res[3]["entity_id"] == create["entity_id"]
    comments = firm.call("mlee", "GET", "/comments", params={"entry_id": e["id"]}).json()
    items = comments["items"] if isinstance(comments, dict) else comments
    assert [c["text"] for c in items] == ["hi"]
    assert len(firm.call("mlee", "GET", "/entries").json()["items"]) == 2


def test_another_persons_mutation_id_gets_no_answer_of_theirs(firm: Firm) -> None:
    mine = mutation(1)
    assert push(firm, "mlee", [mine]).json()["results"][0]["outcome"] == "applied"
    theirs = dict(mine, entity_id=str(uuid.uuid4()))  # the same mutation id, another person
    r = push(firm, "jdoe", [theirs])
    res = r.json()["results"][0]
    assert res["entity_id"] == theirs["entity_id"]  # judged as jdoe's own change
    assert res.get("entry") is None or res["entry"]["person"] == "jdoe"


def test_billing_records_no_time_through_sync_either(firm: Firm) -> None:
    r = push(firm, "bcole", [mutation(1)])
    assert r.status_code == 200
    res = r.json()["results"][0]
    assert res["outcome"] == "rejected" and "does not record time" in res["reason"]


@pytest.mark.parametrize(
    "start", ["0001-01-01T00:00:00Z", "9999-12-31T23:00:00-05:00", "2026-06-02T09:00:00"]
)
def test_instants_out_of_range_are_422_not_a_broken_list(firm: Firm, start: str) -> None:
    r = firm.call("mlee", "POST", "/entries", json={**NEW, "start": start})
    assert r.status_code == 422, r.text
    assert firm.call("mlee", "GET", "/entries").status_code == 200


def test_amounts_past_the_limit_are_refused(firm: Firm) -> None:
    r = firm.call(
        "boss",
        "POST",
        "/rates",
        json={
            "person": "mlee",
            "amount": "100000000000000000000.00",
            "effective_from": "2026-07-01",
        },
    )
    assert r.status_code == 422, r.text
    assert "more than 1,000,000,000.00" in r.text


def test_digest_periods_out_of_range_are_422(firm: Firm) -> None:
    for period in ("mlee:0000-01", "mlee:9999-12"):
        r = firm.call(
            "mlee",
            "GET",
            "/sync/pull",
            params={"client_id": str(uuid.uuid4()), "cursor": 0, "digest": [period]},
        )
        assert r.status_code == 422, (period, r.text)


def test_a_password_change_is_audited(firm: Firm) -> None:
    from tests.server.conftest import PASSWORD

    r = firm.call(
        "mlee",
        "POST",
        "/me/password",
        json={"current_password": PASSWORD, "new_password": "a much better password 2026"},
    )
    assert r.status_code in (200, 204), r.text
    r = firm.call("boss", "GET", "/audit", params={"entity_id": "mlee"})
    assert any(ev["action"] == "person.password" for ev in r.json()["items"]), r.text
