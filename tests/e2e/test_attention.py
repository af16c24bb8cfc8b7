"""Resolving each kind of needs-attention item against the real server."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.services.approvals import Selection
from desktop.services.attention import AttentionService
from desktop.services.entries import EntryChanges
from server.models import tables as st
from tests.e2e.conftest import server_ctx
from tests.e2e.test_sync_conflicts import admin_import, server_row, two_devices
from tests.harness.server import ServerProcess

D = date(2026, 11, 18)


def test_conflict_keep_mine_sends_my_value_again(device: Any, server: ServerProcess) -> None:
    a, b, eid = two_devices(device)
    a.entries.edit(eid, EntryChanges({"narrative": "The laptop's narrative"}))
    b.entries.edit(eid, EntryChanges({"narrative": "The desktop's narrative"}))
    a.sync()
    b.sync()
    [item] = b.account.attention()
    AttentionService(b.ws).keep_mine(item.id)
    assert b.account.attention() == []
    b.sync()
    assert server_row(server.url, eid)["narrative"] == "The desktop's narrative"


def test_conflict_keep_theirs_drops_mine(device: Any, server: ServerProcess) -> None:
    a, b, eid = two_devices(device)
    a.entries.edit(eid, EntryChanges({"narrative": "The laptop's narrative"}))
    b.entries.edit(eid, EntryChanges({"narrative": "The desktop's narrative"}))
    a.sync()
    b.sync()
    [item] = b.account.attention()
    AttentionService(b.ws).keep_theirs(item.id)
    assert b.account.attention() == []
    assert b.sync().pushed == 0
    assert server_row(server.url, eid)["narrative"] == "The laptop's narrative"


def test_refused_new_entry_is_edited_and_sent_again(device: Any, server: ServerProcess) -> None:
    mia = device("mlee")
    admin_import(server.url, {"firm": {"narrative_min_length": 40}})
    e = mia.log(work_date=D, narrative="Too short for the new policy")
    mia.sync()
    [item] = mia.account.attention()
    # said as the person knows the entry, and marked where they see it
    assert item.label == "Wed 18 Nov · ACME-001 · Too short for the new policy"
    [shown] = mia.entries.list()
    assert shown.sync_attention and not shown.sync_pending
    AttentionService(mia.ws).resend(
        item.id, {"narrative": "Reviewed the supplier's delivery records for the claim"}
    )
    assert mia.entries.list()[0].sync_pending
    r = mia.sync()
    assert r.applied == 1 and mia.account.attention() == []
    assert not mia.entries.list()[0].sync_attention
    assert server_row(server.url, e.id)["narrative"].startswith("Reviewed the supplier")


def test_correction_request_withdrawn(device: Any, server: ServerProcess) -> None:
    mia = device("mlee")
    e = mia.log(work_date=D)
    mia.approvals.submit(Selection(ids=[e.id]))
    mia.sync()
    rob = device("rarnsley")
    rob.approvals.approve(Selection(ids=[e.id]))
    rob.sync()
    mia.entries.edit(e.id, EntryChanges({"raw_seconds": 9000}))  # stale copy: still a draft
    mia.sync()
    [item] = mia.account.attention()
    assert item.outcome == "correction"
    AttentionService(mia.ws).withdraw(item.id, "My mistake, the time was right")
    assert mia.sync().applied == 1
    ctx = server_ctx(server.url)
    with ctx.db.read() as conn:
        cr = conn.execute(select(st.correction_requests)).mappings().one()
    ctx.db.close()
    assert cr["status"] == "withdrawn"
    assert server_row(server.url, e.id)["status"] == "approved"
