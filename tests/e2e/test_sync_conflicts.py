"""The conflict table of SYNC.md, row by row: decided on the server, never silent."""

from __future__ import annotations

from datetime import date
from typing import Any

import requests
from sqlalchemy import select

from desktop.services.approvals import Selection
from desktop.services.entries import EntryChanges
from server.models import tables as st
from server.services import setup
from tests.e2e.conftest import server_ctx
from tests.e2e.test_sync_faults import raw_push_body
from tests.harness.server import ServerProcess

D = date(2026, 11, 18)


def server_row(url: str, entry_id: str) -> dict[str, Any]:
    ctx = server_ctx(url)
    try:
        with ctx.db.read() as conn:
            row = conn.execute(select(st.entries).where(st.entries.c.id == entry_id)).mappings()
            return dict(row.one())
    finally:
        ctx.db.close()


def admin_import(url: str, doc: dict[str, Any]) -> None:
    ctx = server_ctx(url)
    try:
        setup.import_doc(ctx, doc, "boss")
    finally:
        ctx.db.close()


def two_devices(device: Any) -> tuple[Any, Any, str]:
    a = device("mlee", "laptop")
    e = a.log(work_date=D, narrative="First narrative of the day")
    a.sync()
    b = device("mlee", "desktop")
    assert e.id in {x.id for x in b.entries.list()}
    return a, b, e.id


def test_edits_of_different_fields_merge(device: Any, server: ServerProcess) -> None:
    a, b, eid = two_devices(device)
    a.entries.edit(eid, EntryChanges({"narrative": "Narrative fixed on the laptop"}))
    b.entries.edit(eid, EntryChanges({"raw_seconds": 7200}))
    assert a.sync().applied == 1
    rb = b.sync()
    assert rb.applied == 1 and rb.attention == 0
    row = server_row(server.url, eid)
    assert row["narrative"] == "Narrative fixed on the laptop" and row["raw_seconds"] == 7200
    a.sync()
    for dev in (a, b):
        got = dev.entries.get(eid)
        assert (got.narrative, got.raw_seconds) == (row["narrative"], 7200)


def test_edits_of_the_same_field_keep_both_versions(device: Any, server: ServerProcess) -> None:
    a, b, eid = two_devices(device)
    a.entries.edit(eid, EntryChanges({"narrative": "The laptop's narrative"}))
    b.entries.edit(eid, EntryChanges({"narrative": "The desktop's narrative", "raw_seconds": 5400}))
    a.sync()
    rb = b.sync()
    assert rb.attention == 1
    row = server_row(server.url, eid)
    assert row["narrative"] == "The laptop's narrative"  # the server's value is kept
    assert row["raw_seconds"] == 5400  # the field only the desktop changed is taken
    [item] = b.account.attention()
    assert item.outcome == "conflict" and item.entry_id == eid
    assert item.theirs == {"narrative": "The laptop's narrative"}
    assert item.mine["narrative"] == "The desktop's narrative"
    assert b.entries.get(eid).narrative == "The laptop's narrative"  # replica = server


def test_edit_of_submitted_entry_is_a_new_revision(device: Any, server: ServerProcess) -> None:
    a, b, eid = two_devices(device)
    a.approvals.submit(Selection(ids=[eid]))
    a.sync()
    b.sync()
    b.entries.edit(eid, EntryChanges({"narrative": "Revised after submitting it"}))
    assert b.sync().applied == 1
    row = server_row(server.url, eid)
    assert row["status"] == "submitted" and row["narrative"] == "Revised after submitting it"


def test_edit_of_entry_approved_meanwhile_becomes_a_correction_request(
    device: Any, server: ServerProcess
) -> None:
    a, b, eid = two_devices(device)
    a.approvals.submit(Selection(ids=[eid]))
    a.sync()
    rob = device("rarnsley")
    rob.approvals.approve(Selection(ids=[eid]))
    rob.sync()
    # the desktop never saw the approval: it edits its stale "draft" copy offline
    b.entries.edit(eid, EntryChanges({"raw_seconds": 9000}))
    rb = b.sync()
    assert rb.attention == 1
    row = server_row(server.url, eid)
    assert row["status"] == "approved" and row["raw_seconds"] == 3600  # never altered
    [item] = b.account.attention()
    assert item.outcome == "correction" and "correction request" in item.reason
    ctx = server_ctx(server.url)
    with ctx.db.read() as conn:
        cr = conn.execute(select(st.correction_requests)).mappings().one()
    ctx.db.close()
    assert cr["entry_id"] == eid and cr["status"] == "open" and cr["proposed"]["raw_seconds"]
    assert b.entries.get(eid).status == "approved"


def test_delete_of_entry_submitted_meanwhile_is_refused(device: Any, server: ServerProcess) -> None:
    a, b, eid = two_devices(device)
    a.approvals.submit(Selection(ids=[eid]))
    a.sync()
    b.entries.delete(eid)
    rb = b.sync()
    assert rb.attention == 1
    [item] = b.account.attention()
    assert item.outcome == "rejected" and "void" in item.reason
    assert (
        server_row(server.url, eid)["deleted"] is False
        or not server_row(server.url, eid)["deleted"]
    )
    assert b.entries.get(eid).status == "submitted"  # the replica shows the server's entry


def test_reviewer_offline_approval_of_an_entry_edited_meanwhile_is_judged(
    device: Any, server: ServerProcess
) -> None:
    mia = device("mlee")
    e = mia.log(work_date=D)
    mia.approvals.submit(Selection(ids=[e.id]))
    mia.sync()
    rob = device("rarnsley")
    rob.approvals.approve(Selection(ids=[e.id]))  # offline: not synced yet
    mia.entries.edit(e.id, EntryChanges({"narrative": "A new revision of the work"}))
    mia.sync()
    r = rob.sync()
    assert r.attention == 1
    [item] = rob.account.attention()
    assert item.op == "approve" and "changed since you reviewed it" in item.reason
    row = server_row(server.url, e.id)
    assert row["status"] == "submitted" and row["narrative"] == "A new revision of the work"
    assert rob.entries.get(e.id).status == "submitted"


def test_stricter_policy_refuses_with_the_reason(device: Any, server: ServerProcess) -> None:
    mia = device("mlee")
    admin_import(server.url, {"firm": {"narrative_min_length": 40}})
    e = mia.log(work_date=D, narrative="Short but fine yesterday")  # device has the old rule
    r = mia.sync()
    assert r.attention == 1
    [item] = mia.account.attention()
    assert item.outcome == "rejected" and "40 characters" in item.reason
    # the device now has the new policy, and the entry is still on the device, visible
    with mia.ws.store.read() as conn:
        assert mia.ws.master(conn).settings.narrative_min_length == 40
    assert e.id in {x.id for x in mia.entries.list()}


def test_server_rate_replaces_the_device_rate_with_a_quiet_note(
    device: Any, server: ServerProcess
) -> None:
    mia = device("mlee")
    admin_import(
        server.url,
        {"rates": [{"amount": "260.00", "effective_from": "2026-11-01", "person": "mlee"}]},
    )
    e = mia.log(work_date=D)  # the device still prices at 200.00
    assert str(e.rate) == "200.00"
    r = mia.sync()
    assert r.applied == 1 and r.attention == 0
    assert any("260.00" in n for n in r.notes)
    got = mia.entries.get(e.id)
    assert str(got.rate) == "260.00" and got.rate_rule.startswith("person mlee, from 2026-11-01")


def test_lost_access_refuses_and_resets_the_replica(device: Any, server: ServerProcess) -> None:
    jo = device("jdoe")
    old = jo.log(work_date=D)
    jo.sync()
    doc = {
        "matters": [
            {
                "code": "ACME-001",
                "client": "ACME",
                "name": "Supply dispute",
                "team": ["rarnsley", "mlee", "gone"],
                "reviewers": ["rarnsley"],
            }
        ]
    }
    admin_import(server.url, doc)
    pending = jo.log(work_date=D, narrative="Offline work on a matter I just lost")
    r = jo.sync()
    assert r.reset and r.attention == 1
    [item] = jo.account.attention()
    assert item.entry_id == pending.id and item.outcome == "rejected"
    # the old entry is still Jo's own, so it stays visible; the matter is out of the pickers
    assert old.id in {x.id for x in jo.entries.list()}
    with jo.ws.store.read() as conn:
        assert jo.ws.master(conn).matters["ACME-001"].closed


def test_create_with_a_reused_id_is_refused(device: Any, server: ServerProcess) -> None:
    mia = device("mlee")
    e = mia.log(work_date=D)
    mia.sync()
    body, headers = raw_push_body(mia)
    assert body["mutations"] == []
    import uuid

    fake = {
        "seq": 2,
        "mutation_id": str(uuid.uuid4()),
        "entity": "entry",
        "op": "create",
        "entity_id": e.id,
        "base_version": None,
        "device_time_utc": "2026-11-18T10:00:00Z",
        "payload": {
            "date": "2026-11-18",
            "raw_seconds": 60,
            "matter": "ACME-001",
            "phase": "L100",
            "service": "RES",
            "narrative": "Something else entirely",
        },
    }
    body["mutations"] = [fake]
    r = requests.post(f"{server.base}/api/v1/sync/push", json=body, headers=headers, timeout=10)
    [res] = r.json()["results"]
    assert res["outcome"] == "rejected" and "id reused" in res["reason"]


def test_comments_travel_and_are_not_duplicated(device: Any, server: ServerProcess) -> None:
    mia = device("mlee")
    e = mia.log(work_date=D)
    mia.approvals.comment(e.id, "Note for the reviewer")
    mia.sync()
    mia.sync()
    assert [c.text for c in mia.approvals.comments(e.id)] == ["Note for the reviewer"]
    rob = device("rarnsley")
    assert [c.text for c in rob.approvals.comments(e.id)] == ["Note for the reviewer"]
