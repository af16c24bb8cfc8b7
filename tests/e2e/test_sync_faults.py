"""Exactly once under retries, concurrency, lost responses and a server killed before and
after commit (SYNC.md "Push")."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from core.protocol import PushRequest
from core.timeutil import utc_text
from desktop.models import tables as dt
from desktop.sync import outbox
from desktop.sync.auth import TokenStore
from desktop.sync.transport import Offline
from server.models import tables as st
from tests.e2e.conftest import server_ctx
from tests.harness.server import ServerProcess


def raw_push_body(dev: Any) -> tuple[dict[str, Any], dict[str, str]]:
    with dev.ws.store.read() as conn:
        items = outbox.unsent(conn)
        client_id = conn.execute(select(dt.sync_state.c.client_id)).scalar_one()
    req = PushRequest(client_id, utc_text(dev.clock()), tuple(i.mutation() for i in items))
    token = TokenStore(dev.data_dir, dev.ws.store.workspace_id).load()
    return req.to_json(), {"Authorization": f"Bearer {token}"}


def count_entries(url: str) -> int:
    ctx = server_ctx(url)
    try:
        with ctx.db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(st.entries)).scalar_one())
    finally:
        ctx.db.close()


def test_same_push_three_times_and_concurrently_has_one_effect(
    device: Any, server: ServerProcess
) -> None:
    mia = device("mlee")
    for i in range(3):
        mia.log(work_date=date(2026, 11, 16 + i))
    body, headers = raw_push_body(mia)
    url = f"{server.base}/api/v1/sync/push"
    answers = [requests.post(url, json=body, headers=headers, timeout=10) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    first = answers[0].json()["results"]
    assert all(a.json()["results"] == first for a in answers)
    assert [r["outcome"] for r in first] == ["applied"] * 3

    results: list[Any] = []

    def send() -> None:
        results.append(requests.post(url, json=body, headers=headers, timeout=20))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.status_code == 200 and r.json()["results"] == first for r in results)
    assert count_entries(server.url) == 3
    # and the device's own sync treats them as answered
    report = mia.sync()
    assert report.pushed == 3 and report.attention == 0
    assert count_entries(server.url) == 3


def test_seq_reused_for_another_mutation_is_409_and_device_registers_anew(
    device: Any, server: ServerProcess
) -> None:
    mia = device("mlee")
    mia.log(work_date=date(2026, 11, 16))
    body, headers = raw_push_body(mia)
    url = f"{server.base}/api/v1/sync/push"
    assert requests.post(url, json=body, headers=headers, timeout=10).status_code == 200
    body["mutations"][0]["mutation_id"] = "00000000-0000-4000-8000-000000000001"
    r = requests.post(url, json=body, headers=headers, timeout=10)
    assert r.status_code == 409 and r.json()["error"] == "seq_conflict"
    gap = dict(body, mutations=[dict(body["mutations"][0], seq=5)])
    r = requests.post(url, json=gap, headers=headers, timeout=10)
    assert r.status_code == 409 and r.json() | {"detail": ""} == r.json() | {"detail": ""}
    assert r.json()["error"] == "seq_gap" and r.json()["expected_seq"] == 2
    assert count_entries(server.url) == 1


@pytest.mark.parametrize("point", ["push.before_commit", "push.after_commit"])
def test_server_killed_around_commit_then_restarted(
    device: Any, server: ServerProcess, point: str
) -> None:
    mia = device("mlee")
    ids = [mia.log(work_date=date(2026, 11, 16 + i)).id for i in range(4)]
    server.stop()
    server.start(failpoints=point)
    with pytest.raises(Offline):
        mia.sync()
    assert server.wait_dead(10) is not None  # it really died (SIGKILL)
    expected_after_crash = 0 if point == "push.before_commit" else 4
    assert count_entries(server.url) == expected_after_crash
    with mia.ws.store.read() as conn:
        assert outbox.count_unsent(conn) == 4  # nothing marked sent without a 2xx naming it
    server.start()
    report = mia.sync()
    assert report.pushed == 4 and report.attention == 0
    assert count_entries(server.url) == 4
    local = {e.id: e for e in mia.entries.list()}
    assert set(ids) <= set(local)
    assert all(local[i].version == 1 for i in ids)


def test_unreachable_server_fails_fast_and_keeps_everything(
    device: Any, server: ServerProcess
) -> None:
    mia = device("mlee")
    mia.log(work_date=date(2026, 11, 16))
    server.stop()
    with pytest.raises(Offline):
        mia.sync()
    status = mia.account.status()
    assert status.pending == 1 and status.word.startswith("offline")
    server.start()
    assert mia.sync().pushed == 1
    assert mia.account.status().word == "synced"


def test_server_killed_mid_response_of_a_pull(device: Any, server: ServerProcess) -> None:
    mia = device("mlee")
    rob = device("rarnsley")
    for i in range(20):
        mia.log(work_date=date(2026, 11, 2 + i % 20), narrative=f"Work item {i} on the file")
    mia.sync()
    with rob.ws.store.read() as conn:
        before = conn.execute(select(dt.sync_state.c.cursor)).scalar_one()
    server.stop()
    server.start(failpoints="pull.mid_response")
    with pytest.raises(Offline):
        rob.sync()
    assert server.wait_dead(10) is not None
    with rob.ws.store.read() as conn:
        after = conn.execute(select(dt.sync_state.c.cursor)).scalar_one()
    assert after == before  # the half answer changed nothing
    server.start()
    rob.sync()
    assert len([e for e in rob.entries.list() if e.person == "mlee"]) == 20
