"""A randomized model of offline work against the real server (SYNC.md "Testing it").

Several devices — two timekeepers (one with two devices) and a reviewer — log, edit, submit,
approve, reject, reopen and delete while offline, sync through a fault proxy that cuts,
delays and blackholes connections, crash mid-transaction, and see the server restarted. An
oracle tracks every intent the services reported done. When the network heals and every
outbox drains (≤ 10 rounds), the checks are:

* 0 lost intents — every mutation was answered: applied, or visibly a conflict, a correction
  request or a refusal in the person's needs-attention list; every acknowledged create is on
  the server;
* 0 duplicates — the server holds each created id once, and nothing it was not sent;
* 0 approved entries altered — in the server's audit trail no edit follows an approval until a
  reopening;
* every replica equals the server's view for its person (rows, versions, digests);
* the audit chains (server and devices) verify.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import select

from core.errors import DocketError
from desktop.models import tables as dt
from desktop.services.approvals import Selection
from desktop.services.entries import EntryChanges
from desktop.sync import outbox
from desktop.sync.transport import TransportError
from server.models import tables as st_tables
from tests.e2e.conftest import EMAILS, Device, assert_digests_equal, server_ctx
from tests.harness.proxy import Fault, FaultProxy
from tests.harness.server import ServerProcess
from tests.server.conftest import PASSWORD

PEOPLE = ("mlee", "mlee", "jdoe", "rarnsley")  # mlee has two devices
DAY0 = date(2026, 10, 5)


@dataclass
class World:
    """What lives across examples: one server (restartable) behind one proxy."""

    server: ServerProcess
    proxy: FaultProxy
    tmp: Path
    examples: int = 0
    steps: int = 0
    tokens: dict[str, str] = field(default_factory=dict)
    faults: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)

    def count(self, name: str) -> None:
        self.steps += 1
        self.rules[name] = self.rules.get(name, 0) + 1

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.proxy.port}"

    def token(self, person: str) -> str:
        """One session per person for the whole run (a password sign-in costs an argon2id
        verification by design; the devices of each example adopt the session)."""
        if person not in self.tokens:
            r = requests.post(
                f"{self.server.base}/api/v1/auth/login",
                json={"email": EMAILS[person], "password": PASSWORD},
                timeout=10,
            )
            self.tokens[person] = r.json()["token"]
        return self.tokens[person]

    def fresh_data(self) -> None:
        """Each example starts from an empty firm (the same master data): the entries of
        earlier examples are removed, so a new device's first pull stays small. Their audit
        events stay, so the server's chain keeps growing and must keep verifying."""
        ctx = server_ctx(self.server.url)
        try:

            def unit(conn: Any) -> None:
                for table in (
                    st_tables.comments,
                    st_tables.correction_requests,
                    st_tables.sync_results,
                    st_tables.sync_clients,
                    st_tables.entries,
                ):
                    conn.execute(table.delete())

            ctx.db.write(unit, audited=False)
        finally:
            ctx.db.close()


WORLD: World | None = None


def faults() -> st.SearchStrategy[Fault]:
    return st.one_of(
        st.just(Fault()),
        st.builds(Fault, cut_upstream_at=st.integers(1, 3000)),
        st.builds(Fault, cut_downstream_at=st.integers(1, 6000)),
        st.builds(Fault, delay=st.floats(0.01, 0.2)),
        st.just(Fault(refuse=True)),
        st.just(Fault(blackhole=True)),
    )


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        assert WORLD is not None
        self.w = WORLD
        self.w.examples += 1
        self.w.fresh_data()
        self.devices: list[Device] = []
        run = uuid.uuid4().hex[:8]
        for i, person in enumerate(PEOPLE):
            # devices talk through the proxy, and give up quickly while it blackholes
            d = Device(
                f"{person}-{i}", self.w.tmp / f"ex-{run}" / f"{person}-{i}", timeouts=(0.3, 0.4)
            )
            self.w.proxy.heal()
            d.account.sign_in_with_token(self.w.base, person, self.w.token(person))
            self.devices.append(d)
        self.person = dict(zip(range(len(PEOPLE)), PEOPLE, strict=True))
        self.rng = random.Random(run)
        self.created: set[str] = set()  # ids the services reported created (any device)
        self.offline: set[int] = set()

    # ------------------------------------------------------------------ helpers
    def _own(self, i: int, statuses: tuple[str, ...]) -> list[Any]:
        me = self.person[i]
        return [
            e for e in self.devices[i].entries.list() if e.person == me and e.status in statuses
        ]

    def _try(self, fn: Any) -> Any:
        try:
            return fn()
        except DocketError:
            return None  # a refusal on the device itself: nothing was written

    # ------------------------------------------------------------------ rules
    @rule(i=st.sampled_from([0, 1, 2]), day=st.integers(0, 20), minutes=st.integers(6, 480))
    def log(self, i: int, day: int, minutes: int) -> None:
        self.w.count("log")
        e = self._try(
            lambda: self.devices[i].log(
                work_date=DAY0 + timedelta(days=day),
                raw_seconds=minutes * 60 + self.rng.randint(0, 59),
                narrative=f"Work item {self.rng.randint(1, 10**6)} on the file",
            )
        )
        if e is not None:
            self.created.add(e.id)

    @rule(i=st.sampled_from([0, 1, 2]), pick=st.integers(0, 50), minutes=st.integers(6, 600))
    def edit(self, i: int, pick: int, minutes: int) -> None:
        self.w.count("edit")
        mine = self._own(i, ("draft", "rejected", "submitted", "approved"))
        if mine:
            e = mine[pick % len(mine)]
            changes = {"raw_seconds": minutes * 60}
            if self.rng.random() < 0.5:
                changes = {"narrative": f"Revised narrative {self.rng.randint(1, 10**6)}"}
            self._try(
                lambda: self.devices[i].entries.edit(
                    e.id, EntryChanges(changes), comment="please correct the duration"
                )
            )

    @rule(i=st.sampled_from([0, 1, 2]), pick=st.integers(0, 50))
    def submit(self, i: int, pick: int) -> None:
        self.w.count("submit")
        mine = self._own(i, ("draft", "rejected"))
        if mine:
            e = mine[pick % len(mine)]
            self._try(lambda: self.devices[i].approvals.submit(Selection(ids=[e.id])))

    @rule(i=st.sampled_from([0, 1, 2]), pick=st.integers(0, 50))
    def delete(self, i: int, pick: int) -> None:
        self.w.count("delete")
        mine = self._own(i, ("draft", "rejected"))
        if mine:
            e = mine[pick % len(mine)]
            self._try(lambda: self.devices[i].entries.delete(e.id))

    @rule(
        action=st.sampled_from(["approve", "approve", "reject", "reopen"]),
        pick=st.integers(0, 50),
    )
    def review(self, action: str, pick: int) -> None:
        self.w.count("review")
        rob = self.devices[3]
        want = "approved" if action == "reopen" else "submitted"
        cands = [e for e in rob.entries.list() if e.status == want and e.person != "rarnsley"]
        if cands:
            e = cands[pick % len(cands)]
            sel = Selection(ids=[e.id])
            comment = "Please split this entry by task" if action != "approve" else None
            self._try(lambda: getattr(rob.approvals, action)(sel, comment))

    @rule(i=st.integers(0, 3))
    def go_offline(self, i: int) -> None:
        self.offline.add(i)

    @rule(i=st.integers(0, 3))
    def come_online(self, i: int) -> None:
        self.offline.discard(i)

    # syncing is what the model is about: three rules, so it is drawn as often as the rest
    @rule(i=st.integers(0, 3), fault=faults())
    def sync(self, i: int, fault: Fault) -> None:
        self._sync(i, fault)

    @rule(i=st.integers(0, 3), fault=faults())
    def sync_again(self, i: int, fault: Fault) -> None:
        self._sync(i, fault)

    @rule(i=st.integers(0, 3))
    def sync_clean(self, i: int) -> None:
        self._sync(i, Fault())

    def _sync(self, i: int, fault: Fault) -> None:
        self.w.count("sync")
        if i in self.offline:
            return
        kind = fault.describe().split("=")[0]
        self.w.faults[kind] = self.w.faults.get(kind, 0) + 1
        self.w.proxy.set_fault(fault)
        try:
            self.devices[i].sync()
        except TransportError:
            pass  # offline, timed out, cut: the outbox keeps everything
        finally:
            self.w.proxy.heal()
            if not self.w.server.alive():  # a failpoint went off: the operator restarts it
                self.w.server.start()

    @rule(i=st.integers(0, 3))
    def crash_device(self, i: int) -> None:
        """A crash mid-transaction: a write begun and never committed, then a restart."""
        self.w.count("crash_device")
        d = self.devices[i]
        engine = d.ws.store.engine
        conn = engine.connect().execution_options(sqlite_begin="IMMEDIATE")
        trans = conn.begin()
        conn.execute(dt.meta.insert().values(key=f"crash-{uuid.uuid4()}", value="x"))
        trans.rollback()  # what the journal does for a process killed before commit
        conn.close()
        d.close()  # the process is gone; the next use opens the store again

    # a restart costs a second: drawn as often as any rule, done about one time in twelve
    # (on a residue: hypothesis favours 0 and the bounds of a range)
    @rule(roll=st.integers(0, 2**16))
    def restart_server(self, roll: int) -> None:
        self.w.count("restart_server")
        if roll % 12 != 7:
            return
        self.w.server.kill()
        self.w.server.start()

    @rule(
        point=st.sampled_from(["push.before_commit", "push.after_commit", "pull.mid_response"]),
        roll=st.integers(0, 2**16),
    )
    def arm_failpoint(self, point: str, roll: int) -> None:
        """Restart the server so that it dies (SIGKILL) at ``point`` on the next sync."""
        self.w.count("arm_failpoint")
        if roll % 12 != 7:
            return
        self.w.server.kill()
        self.w.server.start(failpoints=point)

    # ------------------------------------------------------------------ the end
    @invariant()
    def nothing_unsent_is_lost_locally(self) -> None:
        for d in self.devices:
            if d._ws is None:
                continue
            with d.ws.store.read() as conn:
                states = {r[0] for r in conn.execute(select(dt.outbox.c.state))}
            assert states <= {
                "pending",
                "inflight",
                "acked",
                "rejected",
                "conflict",
                "correction",
                "resolved",
            }

    def teardown(self) -> None:
        try:
            self.w.proxy.heal()
            if self.w.server.alive() and self.w.server.failpoints:
                self.w.server.kill()
            if not self.w.server.alive():
                self.w.server.start()
            self._drain()
            self._check()
        finally:
            for d in self.devices:
                d.close()

    def _drain(self) -> None:
        for d in self.devices:
            d.timeouts = (5.0, 30.0)  # the network has healed: the app's patience again
        for _ in range(10):
            unsent = 0
            for d in self.devices:
                d.sync()
                with d.ws.store.read() as conn:
                    unsent += outbox.count_unsent(conn)
            if unsent == 0:
                for d in self.devices:  # one more round so every replica has the last word
                    d.sync()
                return
        raise AssertionError("the outboxes did not drain in 10 rounds")

    def _check(self) -> None:
        ctx = server_ctx(self.w.server.url)
        try:
            with ctx.db.read() as conn:
                rows = {
                    r["id"]: dict(r)
                    for r in conn.execute(
                        select(st_tables.entries).where(st_tables.entries.c.id.in_(self.created))
                    ).mappings()
                }
                events = [
                    dict(r)
                    for r in conn.execute(
                        select(st_tables.audit_events)
                        .where(st_tables.audit_events.c.entity_id.in_(self.created))
                        .order_by(st_tables.audit_events.c.seq)
                    ).mappings()
                ]
        finally:
            ctx.db.close()
        attention_ids: set[str] = set()
        for d in self.devices:
            with d.ws.store.read() as conn:
                items = outbox.attention(conn)
                states = [r[0] for r in conn.execute(select(dt.outbox.c.state))]
            assert "pending" not in states and "inflight" not in states
            attention_ids |= {it.entity_id for it in items if it.op == "create"}
        # 0 lost: every create is on the server, or refused visibly on its device
        lost = [i for i in self.created if i not in rows and i not in attention_ids]
        assert not lost, f"lost creates: {lost}"
        # 0 duplicates: one row per id (primary key), and exactly one create event each
        creates = [e["entity_id"] for e in events if e["action"] == "entry.create"]
        assert len(creates) == len(set(creates)), "an entry was created twice"
        # 0 approved entries altered: no edit between an approval and a reopening
        locked: set[str] = set()
        for e in events:
            if e["action"] == "entry.approve":
                locked.add(e["entity_id"])
            elif e["action"] == "entry.reopen":
                locked.discard(e["entity_id"])
            elif e["action"] in ("entry.edit", "entry.revise", "entry.delete"):
                assert e["entity_id"] not in locked, f"approved entry altered: {e}"
        # every replica equals the server's view, digests included
        for d in self.devices:
            self._replica_matches(d, rows)
            assert_digests_equal(d, self.w.server)
            from desktop.services.maintenance import MaintenanceService

            assert MaintenanceService(d.ws).verify_audit().ok
        if self.w.examples % 100 == 1:  # the server's chain grows with every example
            r = requests.get(
                f"{self.w.server.base}/api/v1/audit/verify",
                headers={"Authorization": f"Bearer {self.w.token('boss')}"},
                timeout=60,
            )
            assert r.json()["ok"] is True, r.text

    def _replica_matches(self, d: Device, server_rows: dict[str, dict[str, Any]]) -> None:
        with d.ws.store.read() as conn:
            local = {
                r.id: (r.status, r.version, r.deleted, r.raw_seconds, r.narrative)
                for r in conn.execute(
                    select(dt.entries).where(dt.entries.c.server_version.is_not(None))
                )
            }
        for entry_id, mine in local.items():
            s = server_rows.get(entry_id)
            if s is None:
                continue  # an entry of an earlier example
            theirs = (
                s["status"],
                s["version"],
                bool(s["deleted"]),
                s["raw_seconds"],
                s["narrative"],
            )
            assert (mine[0], mine[1], bool(mine[2]), mine[3], mine[4]) == theirs, (
                d.name,
                entry_id,
                mine,
                theirs,
            )


__all__ = ["WORLD", "SyncMachine", "World", "json"]
