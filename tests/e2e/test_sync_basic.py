"""Sync between real desktop stores and the real server process on loopback."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from server.models import tables as st
from tests.e2e.conftest import server_ctx
from tests.harness.server import ServerProcess


def server_entries(url: str) -> list[dict[str, Any]]:
    ctx = server_ctx(url)
    try:
        with ctx.db.read() as conn:
            return [dict(r) for r in conn.execute(select(st.entries)).mappings()]
    finally:
        ctx.db.close()


def test_login_pulls_master_data_and_a_week_offline_reaches_the_server_once(
    device: Any, server: ServerProcess
) -> None:
    mia = device("mlee")
    with mia.ws.store.read() as conn:
        master = mia.ws.master(conn)
    assert "ACME-001" in master.matters and "BETA-001" not in master.matters
    assert master.settings.name == "Arnsley & Co"
    monday = date(2026, 11, 16)
    made = [
        mia.log(work_date=monday + timedelta(days=i), raw_seconds=3600 + i * 60).id
        for i in range(5)
    ]
    report = mia.sync()
    assert report.pushed == 5 and report.applied == 5 and report.attention == 0
    on_server = {r["id"]: r for r in server_entries(server.url)}
    assert set(made) <= set(on_server)
    assert all(on_server[i]["person"] == "mlee" for i in made)
    # a second round moves nothing and the replica agrees with the server
    again = mia.sync()
    assert again.pushed == 0 and not again.digest_mismatch
    local = {e.id: e for e in mia.entries.list()}
    for i in made:
        assert local[i].rate == on_server[i]["rate_cents"] / 100
        assert local[i].version == on_server[i]["version"]


def test_reviewer_sees_reviewed_entries_and_approves_through_sync(
    device: Any, server: ServerProcess
) -> None:
    mia = device("mlee")
    e = mia.log(work_date=date(2026, 11, 17))
    from desktop.services.approvals import Selection

    mia.approvals.submit(Selection(ids=[e.id]))
    mia.sync()
    rob = device("rarnsley")
    seen = {x.id: x for x in rob.entries.list()}
    assert e.id in seen and seen[e.id].status == "submitted"
    rob.approvals.approve(Selection(ids=[e.id]))
    report = rob.sync()
    assert report.applied == 1
    mia.sync()
    assert mia.entries.get(e.id).status == "approved"
    ctx = server_ctx(server.url)
    with ctx.db.read() as conn:
        assert (
            conn.execute(
                select(func.count())
                .select_from(st.entries)
                .where(st.entries.c.status == "approved")
            ).scalar_one()
            == 1
        )
    ctx.db.close()
