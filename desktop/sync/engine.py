"""One sync round: push the outbox, then pull what changed, then compare digests (SYNC.md).

* Push sends unsent mutations in seq order, ≤ 1,000 per request. A mutation is marked
  answered only after a 2xx whose body names its seq. ``409 seq_gap`` → resend from the
  expected seq; ``409 seq_conflict`` → register a new client id, renumber, resend (the server
  answers mutation ids it has seen with their stored results, so nothing applies twice).
* Each answer carries the entry as the server now holds it; that replaces the device's
  provisional copy (the server's rate, rounding and amount win, quietly).
* Pull asks for every change after the cursor, page by page; a scope reset re-pulls the
  replica in full. Entries with unsent mutations are not overwritten (their push comes first).
* After a quiescent round the digests of the touched periods (and one rotating period) are
  compared with the server's; a mismatch re-pulls in full and is recorded.

The engine never blocks a GUI: callers run it on a worker (the app) or in the CLI process.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update

from core.errors import DocketError
from core.protocol import MAX_BATCH, PushRequest, parse_result
from core.timeutil import parse_utc_text, utc_text
from desktop.models import tables as t
from desktop.models.store import get_meta
from desktop.sync import outbox, replica
from desktop.sync.transport import Offline, Rejected, Transport

SKEW_WARNING_SECONDS = 300
MAX_PUSH_ROUNDS = 50
MAX_PULL_PAGES = 10_000


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    attention: int = 0
    pulled: int = 0
    reset: bool = False
    digest_mismatch: bool = False
    skew_seconds: int | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"pushed {self.pushed}", f"pulled {self.pulled}"]
        if self.attention:
            parts.append(f"{self.attention} need attention (`docket attention`)")
        if self.reset:
            parts.append("replica reloaded (your access changed)")
        if self.digest_mismatch:
            parts.append("replica reloaded after a digest mismatch")
        if self.skew_seconds is not None and abs(self.skew_seconds) > SKEW_WARNING_SECONDS:
            parts.append(f"this computer's clock is off by {abs(self.skew_seconds) // 60} min")
        return ", ".join(parts)


class SyncEngine:
    """Runs rounds for one signed-in workspace. ``store`` is the workspace's Store; ``clock``
    its clock."""

    def __init__(self, store: object, transport: Transport, clock: Callable[[], datetime]) -> None:
        from desktop.models.store import Store

        assert isinstance(store, Store)
        self.store = store
        self.transport = transport
        self.clock = clock

    # ------------------------------------------------------------------ state
    def _state(self) -> dict[str, object]:
        with self.store.read() as conn:
            row = conn.execute(select(t.sync_state)).mappings().first()
        if row is None or not row["client_id"]:
            raise DocketError("this workspace is not signed in to a firm server (`docket login`)")
        return dict(row)

    def _set_state(self, **values: object) -> None:
        with self.store.write() as conn:
            conn.execute(update(t.sync_state).values(**values))

    # ------------------------------------------------------------------ a round
    def sync_once(self) -> SyncReport:
        report = SyncReport()
        try:
            self.push(report)
            self.pull(report)
        except Offline as err:
            self._set_state(last_error=str(err))
            raise
        self._set_state(last_sync_at=self.clock(), last_error=None)
        return report

    def push(self, report: SyncReport) -> None:
        for _ in range(MAX_PUSH_ROUNDS):
            with self.store.read() as conn:
                items = outbox.unsent(conn, MAX_BATCH)
            if not items:
                return
            state = self._state()
            req = PushRequest(
                client_id=str(state["client_id"]),
                sent_at=utc_text(self.clock()),
                mutations=tuple(i.mutation() for i in items),
            )
            try:
                resp = self.transport.request(
                    "POST", "sync/push", json_body=req.to_json(), allow=(409,)
                )
            except (Offline, Rejected) as err:
                with self.store.write() as conn:
                    outbox.failed_attempt(conn, [i.seq for i in items if i.seq], str(err))
                raise
            if resp.status == 409:
                self._handle_409(resp.body)
                continue
            self._record_skew(resp.body, report)
            results = [parse_result(r) for r in (resp.body or {}).get("results", [])]
            sent = {(i.seq, i.mutation_id) for i in items}
            # only what this request carried, and only as named in its 2xx body
            named = [res for res in results if (res.seq, res.mutation_id) in sent]
            with self.store.write() as conn:
                outbox.answer(conn, named)
                replica.apply_results(conn, named, self.clock())
            for res in named:
                report.pushed += 1
                if res.needs_attention:
                    report.attention += 1
                else:
                    report.applied += 1
                if res.note:
                    report.notes.append(res.note)
            if not results:
                return
        raise DocketError("the server kept asking for the same changes; sync stopped")

    def _handle_409(self, body: object) -> None:
        error = body.get("error") if isinstance(body, dict) else None
        if error == "seq_gap" and isinstance(body, dict):
            expected = int(body.get("expected_seq", 1))
            with self.store.write() as conn:
                # the server is behind what we thought it acknowledged (e.g. restored from a
                # backup): send again from what it expects
                c = t.outbox.c
                conn.execute(
                    update(t.outbox)
                    .where(c.seq >= expected, c.state == "acked")
                    .values(state="pending")
                )
                resendable = conn.execute(
                    select(c.id).where(c.seq == expected, c.state.in_(outbox.UNSENT_STATES))
                ).first()
                if resendable is None:
                    # what it expects was answered and is no longer ours to send (refused,
                    # resolved): a new client id, the unsent changes numbered again from 1
                    conn.execute(update(t.sync_state).values(client_id=str(uuid.uuid4())))
                    outbox.renumber(conn)
            return
        if error == "seq_conflict":
            with self.store.write() as conn:
                conn.execute(update(t.sync_state).values(client_id=str(uuid.uuid4())))
                outbox.renumber(conn)
            return
        said = body.get("detail") or error if isinstance(body, dict) else None
        raise DocketError(
            f"the server refused the push ({said})"
            if isinstance(said, str) and said
            else "the server refused the push (HTTP 409)"
        )

    def _record_skew(self, body: object, report: SyncReport) -> None:
        if not isinstance(body, dict) or not isinstance(body.get("server_time"), str):
            return
        try:
            server = parse_utc_text(body["server_time"])
        except ValueError:
            return
        skew = int((self.clock() - server).total_seconds())
        report.skew_seconds = skew
        self._set_state(skew_seconds=skew)

    def pull(self, report: SyncReport, *, full: bool = False) -> None:
        """Pull every change after the cursor, page by page, and compare digests of the
        touched periods (computed by the server in the same snapshot as the last page)."""
        state = self._state()
        cursor = 0 if full else int(str(state["cursor"] or 0))
        epoch = int(str(state["epoch"] or 0))
        rotation = int(str(state.get("digest_rotation") or 0))
        with self.store.read() as conn:
            master_rev = int(get_meta(conn, "server_master_rev") or 0) if not full else 0
            person = get_meta(conn, "signed_in_person") or ""
            periods = replica.periods_to_check(conn, person, rotation, self.clock().date())
        for _ in range(MAX_PULL_PAGES):
            resp = self.transport.request(
                "GET",
                "sync/pull",
                params={
                    "client_id": state["client_id"],
                    "cursor": cursor,
                    "epoch": epoch,
                    "master_rev": master_rev,
                    "digest": [f"{p}:{m}" for p, m in periods],
                },
            )
            body = resp.body if isinstance(resp.body, dict) else {}
            self._record_skew(body, report)
            if body.get("reset"):
                report.reset = True
                new_epoch = int(body.get("epoch", 0))
                with self.store.write() as conn:
                    replica.reset(conn, self.clock())
                    conn.execute(update(t.sync_state).values(cursor=0, epoch=new_epoch))
                cursor, epoch, master_rev = 0, new_epoch, 0
                continue
            with self.store.write() as conn:
                report.pulled += replica.apply_pull(conn, body, self.clock())
                cursor = int(body.get("cursor", cursor))
                master_rev = int(body.get("master_rev", master_rev))
                conn.execute(update(t.sync_state).values(cursor=cursor, epoch=epoch))
            if not body.get("more"):
                self._digests(body.get("digests") or [], report, rotation, full)
                return
        raise DocketError("the server kept sending more changes; sync stopped")

    def _digests(
        self, theirs: list[dict[str, object]], report: SyncReport, rotation: int, full: bool
    ) -> None:
        with self.store.read() as conn:
            if outbox.count_unsent(conn):
                return  # local changes not yet on the server: digests cannot agree yet
            mismatched = replica.compare_digests(conn, theirs)
        with self.store.write() as conn:
            replica.clear_touched(conn)
            conn.execute(
                update(t.sync_state).values(
                    digest_rotation=rotation + 1, digest_checked_at=self.clock()
                )
            )
        if mismatched and not full:
            report.digest_mismatch = True
            with self.store.write() as conn:
                from desktop.models import audit_log

                audit_log.record(
                    conn,
                    now=self.clock(),
                    actor=replica.SERVER,
                    action="sync.digest_mismatch",
                    entity="replica",
                    entity_id="entries",
                    before={"periods": [f"{d['person']}:{d['month']}" for d in mismatched[:20]]},
                    after=None,
                    comment="the replica differed from the server: reloaded in full",
                )
            self.pull(report, full=True)
