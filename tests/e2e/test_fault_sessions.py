"""100 sync sessions through the fault proxy, each with a random fault (delay, throttle, a cut
at a random byte either way, a blackhole, a refused connection): every session's sync call
ends within its deadline (+1 s); after healing, the outbox drains within 3 rounds; and — read
from what actually crossed the wire, not from the client's word — a mutation is marked
acknowledged only after a complete 2xx answer that names it."""

from __future__ import annotations

import contextlib
import json
import random
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.models import tables as dt
from desktop.services.approvals import Selection
from desktop.services.entries import EntryChanges
from desktop.sync import outbox
from desktop.sync.transport import Transport, TransportError
from tests.e2e.conftest import EMAILS, PASSWORD, Device, assert_digests_equal
from tests.harness.proxy import Fault, FaultProxy
from tests.harness.server import ServerProcess

CONNECT, READ = 1.0, 2.0


def random_fault(rng: random.Random) -> Fault:
    kind = rng.choice(["none", "delay", "throttle", "cut_up", "cut_down", "blackhole", "refuse"])
    if kind == "delay":
        return Fault(delay=rng.uniform(0.05, 0.5))
    if kind == "throttle":
        return Fault(throttle_bps=rng.choice([2_000, 20_000, 200_000]))
    if kind == "cut_up":
        return Fault(cut_upstream_at=rng.randint(1, 4000))
    if kind == "cut_down":
        return Fault(cut_downstream_at=rng.randint(1, 8000))
    if kind == "blackhole":
        return Fault(blackhole=True)
    if kind == "refuse":
        return Fault(refuse=True)
    return Fault()


def complete_push_answers(captures: list[Any]) -> set[str]:
    """Mutation ids named in complete 2xx answers to POST /sync/push, read off the wire."""
    named: set[str] = set()
    for cap in captures:
        up, down = bytes(cap.upstream), bytes(cap.downstream)
        requests_sent = [ln for ln in up.split(b"\r\n") if ln.startswith((b"GET ", b"POST "))]
        pos = 0
        for req in requests_sent:
            head_end = down.find(b"\r\n\r\n", pos)
            if head_end < 0:
                break
            head = down[pos:head_end].decode("latin-1")
            status = int(head.split(" ", 2)[1])
            length = next(
                (int(h.split(":", 1)[1]) for h in head.split("\r\n")
                 if h.lower().startswith("content-length:")),
                None,
            )  # fmt: skip
            if length is None:
                break
            body = down[head_end + 4 : head_end + 4 + length]
            pos = head_end + 4 + length
            if len(body) < length:
                break  # cut mid-answer: the client cannot have seen it whole
            if req.startswith(b"POST ") and b"/sync/push" in req and 200 <= status < 300:
                named |= {r["mutation_id"] for r in json.loads(body)["results"]}
    return named


def test_hundred_sessions_through_random_faults(server: ServerProcess, tmp_path: Path) -> None:
    proxy = FaultProxy("127.0.0.1", server.port).start()
    rng = random.Random(20261126)
    d = Device("mia", tmp_path / "mia", timeouts=(CONNECT, READ))
    deadline = Transport("http://127.0.0.1:1", connect_timeout=CONNECT, read_timeout=READ).deadline
    try:
        d.account.login(f"http://127.0.0.1:{proxy.port}", EMAILS["mlee"], PASSWORD)
        worst = 0.0
        for i in range(100):
            # some offline work: new entries, an edit, a submission
            for _ in range(rng.randint(1, 3)):
                d.log(
                    narrative=f"Session {i}: research on the supply contract",
                    raw_seconds=rng.randint(6, 300) * 60,
                )
            drafts = [e for e in d.entries.list() if e.status == "draft"]
            if drafts and rng.random() < 0.5:
                d.entries.edit(rng.choice(drafts).id, EntryChanges({"raw_seconds": 5400}))
            if drafts and rng.random() < 0.3:
                d.approvals.submit(Selection(ids=[rng.choice(drafts).id]))
            proxy.set_fault(random_fault(rng))
            t = time.monotonic()
            with contextlib.suppress(TransportError):
                d.sync()
            took = time.monotonic() - t
            worst = max(worst, took)
            assert took <= deadline + 1.0, (i, proxy.captures[-1].fault, took)
            proxy.heal()
            for _round in range(3):  # drained within 3 rounds of healing
                d.sync()
                with d.ws.store.read() as conn:
                    if outbox.count_unsent(conn) == 0:
                        break
            else:
                raise AssertionError(f"session {i}: the outbox did not drain in 3 rounds")
        with d.ws.store.read() as conn:
            acked = {
                r[0]
                for r in conn.execute(
                    select(dt.outbox.c.mutation_id).where(dt.outbox.c.state == "acked")
                )
            }
            stuck = outbox.attention(conn)
        assert acked, "nothing was acknowledged at all"
        named = complete_push_answers(proxy.captures)
        assert acked <= named, f"acknowledged without a 2xx naming it: {acked - named}"
        assert stuck == []  # one person, one device: nothing to decide
        assert_digests_equal(d, server)
        faults = {c.fault.split("=")[0] for c in proxy.captures}
        assert {"delay", "throttle_bps", "cut_upstream_at", "cut_downstream_at",
                "blackhole", "refuse"} <= faults  # fmt: skip
    finally:
        d.close()
        proxy.stop()
