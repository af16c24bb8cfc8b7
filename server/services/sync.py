"""Sync on the server (SYNC.md): push applies a device's mutations at most once, deciding each
by the conflict table; pull hands out every change after a cursor that cannot skip one.

Push runs the whole batch in one transaction, each mutation in a savepoint: a refused one
rolls back to its savepoint and its answer is still stored. A seq already answered is a replay
(the stored answer, nothing else); a seq past ``last_seq + 1`` or a seq reused with another
mutation id answers 409 and applies nothing. A mutation id seen before — under any client id —
gets its stored answer, so a device that registered anew never applies anything twice.
"""

from __future__ import annotations

import os
import signal
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import DataError

from core.errors import DocketError, NotFound
from core.model import TIMEKEEPING_ROLES
from core.protocol import (
    Merge,
    Mutation,
    MutationResult,
    PushRequest,
    merge_fields,
    parse_result,
)
from core.timeutil import to_utc
from server.models import tables as t
from server.models.bulk import insert_rows
from server.services import approvals, discussion, scope
from server.services import entries as entry_svc
from server.services.context import Caller, Context
from server.services.sync_wire import entry_wire, load_entry, wire_changes

OFFLINE_TEXT = "(edited on a device while the entry was approved; no text given)"


class SeqGap(DocketError):
    def __init__(self, expected: int) -> None:
        super().__init__(f"the next mutation must be seq {expected}")
        self.expected = expected


class SeqConflict(DocketError):
    def __init__(self) -> None:
        super().__init__("this client id already used that seq for another mutation")


class ForeignClient(DocketError):
    def __init__(self) -> None:
        super().__init__("that client id belongs to someone else: sign in again on this device")


def armed(name: str) -> bool:
    """Test-only failpoints, armed by the ``DOCKET_FAILPOINTS`` environment variable (a
    comma-separated list: push.before_commit, push.after_commit, pull.mid_response)."""
    points = os.environ.get("DOCKET_FAILPOINTS", "")
    return bool(points) and name in points.split(",")


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def failpoint(name: str) -> None:
    """Test-only: die at once (SIGKILL) when ``DOCKET_FAILPOINTS`` names this point."""
    if armed(name):
        die()


# --------------------------------------------------------------------------- push


def push(ctx: Context, caller: Caller, req: PushRequest) -> dict[str, Any]:
    """Apply a batch; the answer names every seq it carried (200), or raises SeqGap /
    SeqConflict (409, nothing applied)."""

    def unit(conn: Connection) -> dict[str, Any]:
        now = ctx.now()
        client = _client(conn, caller, req.client_id, now)
        last = int(client["last_seq"])
        replays = _stored_many(conn, req.client_id, [m.seq for m in req.mutations if m.seq <= last])
        seen = _seen_many(conn, caller, [m.mutation_id for m in req.mutations if m.seq > last])
        results: list[dict[str, Any]] = []
        fresh: list[tuple[Mutation, dict[str, Any]]] = []
        creates: list[Mutation] = []  # consecutive creates, applied together

        def flush() -> None:
            for m, res in _create_many(conn, ctx, caller, creates, now):
                fresh.append((m, res))
                results.append(res)
                seen.setdefault(m.mutation_id, res)
            creates.clear()

        for m in req.mutations:
            if m.seq <= last:
                stored = replays.get(m.seq)
                if stored is None or stored[0] != m.mutation_id:
                    raise SeqConflict()
                results.append(stored[1])
                continue
            if m.seq > last + 1:
                raise SeqGap(last + 1)
            last = m.seq
            if m.mutation_id in seen or any(c.mutation_id == m.mutation_id for c in creates):
                # sent before (perhaps under another client id and seq), or twice in this
                # batch: its first answer, applied once, naming the seq it came with now
                flush()
                again = dict(seen[m.mutation_id], seq=m.seq)
                fresh.append((m, again))
                results.append(again)
            elif m.op == "create" and m.entity == "entry":
                creates.append(m)
            else:
                flush()
                res = _apply_one(conn, ctx, caller, m, now)
                fresh.append((m, res))
                results.append(res)
                seen.setdefault(m.mutation_id, res)
        flush()
        _store_many(conn, req.client_id, fresh, now)
        conn.execute(
            update(t.sync_clients)
            .where(t.sync_clients.c.client_id == req.client_id)
            .values(last_seq=last, last_seen_at=now)
        )
        failpoint("push.before_commit")
        return {"results": results, "last_seq": last, "server_time": _iso(now)}

    answer = ctx.db.write(unit)
    failpoint("push.after_commit")
    return answer


def _create_many(
    conn: Connection, ctx: Context, caller: Caller, batch: list[Mutation], now: datetime
) -> list[tuple[Mutation, dict[str, Any]]]:
    """Creates in bulk: each checked and priced in Python (a refusal touches nothing), the
    good ones written with one insert and their audit events."""
    if not batch:
        return []
    master = ctx.master(conn)
    ids = [m.entity_id for m in batch]
    existing = {
        r[0]
        for i in range(0, len(ids), 1000)
        for r in conn.execute(select(t.entries.c.id).where(t.entries.c.id.in_(ids[i : i + 1000])))
    }
    out: list[tuple[Mutation, MutationResult | dict[str, Any]]] = []
    good: list[dict[str, Any]] = []
    for m in batch:
        if m.entity_id in existing:
            out.append((m, _result(m, "rejected", reason=ID_REUSED)))
            continue
        try:
            inp = _new_entry(caller, m)
            row = entry_svc.prepare_new(master, caller, inp, now)
        except DocketError as err:
            out.append((m, _result(m, "rejected", reason=_reason(err))))
            continue
        except MALFORMED as err:
            out.append((m, _unreadable(m, err)))
            continue
        existing.add(m.entity_id)
        good.append(row)
        out.append((m, row))
    entry_svc.insert_new(conn, caller, good, now)
    answers = []
    for m, value in out:
        if isinstance(value, MutationResult):
            answers.append((m, value.to_json()))
        else:
            wire = entry_wire(value)
            res = _result(m, "applied", note=_pricing_note(m.payload, wire))
            answers.append((m, _with_entry(res, wire).to_json()))
    return answers


ID_REUSED = (
    "id reused: an entry with this id already exists with other content; "
    "your entry is kept on this device"
)


def _reason(err: DocketError) -> str:
    if isinstance(err, NotFound):
        return "you no longer have access to this entry's matter, or the entry is gone"
    return str(err)


def _new_entry(caller: Caller, m: Mutation) -> entry_svc.NewEntry:
    p = m.payload
    if caller.role not in TIMEKEEPING_ROLES:
        raise DocketError(f"a {caller.role} account does not record time")
    if p.get("person", caller.person) != caller.person:
        raise DocketError("you can record only your own time")
    fields = wire_changes(p)
    if "raw_seconds" not in fields or "work_date" not in fields:
        raise DocketError("a new entry needs its date and duration")
    return entry_svc.NewEntry(
        raw_seconds=int(fields["raw_seconds"]),
        work_date=fields["work_date"],
        matter=fields.get("matter"),
        phase=fields.get("phase"),
        service=fields.get("service"),
        narrative=fields.get("narrative") or "",
        utbms_task=fields.get("utbms_task"),
        utbms_activity=fields.get("utbms_activity"),
        billable_override=fields.get("billable_override"),
        start=fields.get("start"),
        end=fields.get("end"),
        source=str(p.get("source") or "manual"),
        id=m.entity_id,
    )


def _iso(now: datetime) -> str:
    return to_utc(now).isoformat().replace("+00:00", "Z")


def _client(conn: Connection, caller: Caller, client_id: str, now: datetime) -> dict[str, Any]:
    c = t.sync_clients.c
    row = conn.execute(select(t.sync_clients).where(c.client_id == client_id)).mappings().first()
    if row is None:
        conn.execute(
            insert(t.sync_clients).values(
                client_id=client_id,
                person=caller.person,
                last_seq=0,
                created_at=now,
                last_seen_at=now,
            )
        )
        return {"client_id": client_id, "person": caller.person, "last_seq": 0}
    if row["person"] != caller.person:
        raise ForeignClient()
    return dict(row)


def _stored_many(
    conn: Connection, client_id: str, seqs: list[int]
) -> dict[int, tuple[str, dict[str, Any]]]:
    c = t.sync_results.c
    out: dict[int, tuple[str, dict[str, Any]]] = {}
    for i in range(0, len(seqs), 1000):
        q = select(c.seq, c.mutation_id, c.result).where(
            c.client_id == client_id, c.seq.in_(seqs[i : i + 1000])
        )
        out.update({int(r[0]): (str(r[1]), dict(r[2])) for r in conn.execute(q)})
    return out


def _seen_many(
    conn: Connection, caller: Caller, mutation_ids: list[str]
) -> dict[str, dict[str, Any]]:
    """Answers already given to these mutation ids of the caller's, under any of their
    client ids (never another person's answer)."""
    c, k = t.sync_results.c, t.sync_clients.c
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(mutation_ids), 1000):
        q = (
            select(c.mutation_id, c.result)
            .select_from(t.sync_results.join(t.sync_clients, k.client_id == c.client_id))
            .where(c.mutation_id.in_(mutation_ids[i : i + 1000]), k.person == caller.person)
        )
        out.update({str(r[0]): dict(r[1]) for r in conn.execute(q)})
    return out


def _skew(m: Mutation, now: datetime) -> int | None:
    try:
        skew = int((datetime.fromisoformat(m.device_time_utc) - now).total_seconds())
    except (ValueError, TypeError, OverflowError):
        return None
    return skew if abs(skew) < 2**31 else None


def _store_many(
    conn: Connection,
    client_id: str,
    answered: list[tuple[Mutation, dict[str, Any]]],
    now: datetime,
) -> None:
    insert_rows(
        conn,
        t.sync_results,
        [
            {
                "client_id": client_id,
                "seq": m.seq,
                "mutation_id": m.mutation_id,
                "result": res,
                "received_at": now,
                "device_time": m.device_time_utc,
                "skew_seconds": _skew(m, now),
            }
            for m, res in answered
        ],
    )


def _apply_one(
    conn: Connection, ctx: Context, caller: Caller, m: Mutation, now: datetime
) -> dict[str, Any]:
    """Decide one mutation in its own savepoint; never raises for a domain refusal."""
    try:
        with conn.begin_nested():
            res = _decide(conn, ctx, caller, m)
    except NotFound:
        res = _result(
            m,
            "rejected",
            reason=("you no longer have access to this entry's matter, or the entry is gone"),
        )
    except DocketError as err:
        res = _result(m, "rejected", reason=str(err))
    except MALFORMED as err:
        res = _unreadable(m, err)
    if res.entry is None and m.entity == "entry":
        master = ctx.master(conn)
        row = load_entry(conn, m.entity_id)
        if row is not None and scope.may_see_entry(master, caller, row):
            res = _with_entry(res, entry_wire(row))
    return res.to_json()


# what a malformed mutation raises on its way through (a wrong type, an impossible value, text
# a database refuses): refused with the reason, so one bad change never blocks the queue
MALFORMED = (
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    ArithmeticError,
    UnicodeError,
    DataError,
)


def _unreadable(m: Mutation, err: BaseException) -> MutationResult:
    said = str(err).split("[SQL:", 1)[0].strip().splitlines()
    detail = said[0][:200] if said else type(err).__name__
    return _result(
        m,
        "rejected",
        reason=f"the server could not read this change as sent ({detail}); "
        "it is kept on this device",
    )


def _result(m: Mutation, outcome: str, **kw: Any) -> MutationResult:
    return MutationResult(
        seq=m.seq,
        mutation_id=m.mutation_id,
        outcome=outcome,  # type: ignore[arg-type]
        entity_id=m.entity_id,
        **kw,
    )


def _with_entry(res: MutationResult, entry: dict[str, Any]) -> MutationResult:
    from dataclasses import replace

    return replace(res, entry=entry, version=entry["version"])


def _decide(conn: Connection, ctx: Context, caller: Caller, m: Mutation) -> MutationResult:
    if m.entity == "comment" or m.op == "comment":
        text = str(m.payload.get("text", ""))
        discussion.add_comment(ctx, caller, m.entity_id, text, conn=conn)
        return _result(m, "applied")
    if m.op == "withdraw":
        cid = str(m.payload.get("correction_id") or "")
        discussion.decide(ctx, caller, cid, "withdraw", m.payload.get("text"), conn=conn)
        return _result(m, "applied")
    if m.op == "create":
        [(_, res)] = _create_many(conn, ctx, caller, [m], ctx.now())
        return parse_result(res)
    if m.op == "edit":
        return _edit(conn, ctx, caller, m)
    if m.op == "delete":
        row = entry_svc.visible_row(conn, ctx.master(conn), caller, m.entity_id)
        if row["status"] not in ("draft", "rejected"):
            return _result(
                m,
                "rejected",
                reason=(
                    f"the entry is {row['status']} and cannot be deleted; "
                    "send a correction request asking to void it"
                ),
            )
        entry_svc.delete(ctx, caller, m.entity_id, conn=conn)
        return _result(m, "applied")
    if m.op in ("submit", "approve", "reject", "reopen"):
        sel = approvals.Selection(
            ids=[m.entity_id],
            versions={m.entity_id: m.base_version} if m.base_version is not None else {},
        )
        approvals.act(ctx, caller, m.op, sel, m.payload.get("comment"), conn=conn)
        return _result(m, "applied")
    raise DocketError(f"unknown operation {m.op!r}")


def _pricing_note(payload: dict[str, Any], wire: dict[str, Any]) -> str | None:
    mine = payload.get("device_pricing")
    if not isinstance(mine, dict):
        return None
    diffs = [
        f"{k} {mine.get(k)} → {wire[k]}"
        for k in ("rate", "billed_hours", "amount")
        if mine.get(k) is not None and mine.get(k) != wire[k]
    ]
    return ("the server priced it: " + ", ".join(diffs)) if diffs else None


def _edit(conn: Connection, ctx: Context, caller: Caller, m: Mutation) -> MutationResult:
    master = ctx.master(conn)
    row = entry_svc.visible_row(conn, master, caller, m.entity_id)
    changes: dict[str, Any] = dict(m.payload.get("changes") or {})
    base: dict[str, Any] = dict(m.payload.get("base") or {})
    text = str(m.payload.get("text") or "").strip()
    if row["status"] in ("approved", "billed"):
        if row["status"] == "billed":
            return _result(m, "rejected", reason="the entry is billed: it is final")
        cr = entry_svc.edit(
            ctx,
            caller,
            m.entity_id,
            entry_svc.Edit(values=wire_changes(changes), comment=text or OFFLINE_TEXT),
            conn=conn,
        )
        return _result(
            m,
            "correction",
            correction_id=getattr(cr, "id", None),
            reason="the entry was approved: your edit was sent to its reviewers as a "
            "correction request; the entry stays as approved",
        )
    current = entry_wire(row)
    if base:
        # judged field by field against what the device saw, whatever the version numbers
        # say: a device's later edit carries its own local version, which may equal the
        # server's by coincidence after another device's change
        merged = merge_fields(base, current, changes)
    elif m.base_version is None or m.base_version == row["version"]:
        merged = Merge(values=changes, conflicts={}, changed=tuple(changes))
    else:
        merged = merge_fields(base, current, changes)
    if merged.values:
        entry_svc.edit(
            ctx,
            caller,
            m.entity_id,
            entry_svc.Edit(values=wire_changes(merged.values), base_version=row["version"]),
            conn=conn,
        )
    if merged.conflicts:
        return _result(
            m,
            "conflict",
            reason="someone changed the same fields meanwhile: the server's values were kept "
            "for " + ", ".join(sorted(merged.conflicts)) + "; choose which to keep",
            theirs={k: v[0] for k, v in merged.conflicts.items()},
        )
    outcome = "applied" if m.base_version in (None, row["version"]) else "merged"
    return _result(m, outcome)
