"""Applying the server's state to the local replica — the one writer besides the services,
under the same rules: one transaction per page, each change audited as a server change.

Entries with unsent mutations are left as the device has them (their push comes first and
its answer carries the server's copy). A scope reset removes what the person no longer sees,
never local-only data (held timer time, the running timer, AutoTrack's activity).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, delete, false, select

from core.money import to_cents
from core.protocol import (
    MutationResult,
    check_entry_wire,
    master_from_wire,
    month_bounds,
    period_digest,
)
from desktop.models import audit_log, bulk
from desktop.models import master as m
from desktop.models import tables as t
from desktop.models.store import get_meta, set_meta
from desktop.sync import outbox

SERVER = "server"


def _dt(v: str | None) -> datetime | None:
    return datetime.fromisoformat(v) if v else None


def entry_columns(e: dict[str, Any]) -> dict[str, Any]:
    """A wire entry as the local store's columns."""
    return {
        "id": e["id"],
        "person": e["person"],
        "matter": e["matter"],
        "phase": e["phase"],
        "service": e["service"],
        "work_date": date.fromisoformat(e["date"]),
        "start_at": _dt(e["start"]),
        "end_at": _dt(e["end"]),
        "raw_seconds": int(e["raw_seconds"]),
        "billed_seconds": int(e["billed_seconds"]),
        "billed_hours": e["billed_hours"],
        "narrative": e["narrative"],
        "utbms_task": e["utbms_task"],
        "utbms_activity": e["utbms_activity"],
        "billable": bool(e["billable"]),
        "billable_override": e["billable_override"],
        "rate_cents": to_cents(Decimal(e["rate"])),
        "currency": e["currency"],
        "rate_rule_id": e["rate_rule_id"],
        "rate_rule": e["rate_rule"],
        "amount_cents": to_cents(Decimal(e["amount"])),
        "status": e["status"],
        "source": e["source"],
        "source_detail": None,
        "version": int(e["version"]),
        "server_version": int(e["server_version"]),
        "created_at": _dt(e["created_at"]),
        "updated_at": _dt(e["updated_at"]),
        "deleted": bool(e["deleted"]),
    }


def _snapshot(row: dict[str, Any]) -> dict[str, Any]:
    from core.entries import snapshot

    return snapshot(row)


def upsert_entries(
    conn: Connection,
    wires: Iterable[dict[str, Any]],
    now: datetime,
    *,
    skip: set[str],
    force: bool = False,
) -> int:
    """Write server entries into the replica (skipping ids in ``skip``); returns how many
    changed. New rows go in with one multi-row insert (a first pull of a big replica).
    A row at the server version we already hold is left alone — unless ``force`` and ours
    differs (a change the server refused)."""
    incoming = [entry_columns(check_entry_wire(w)) for w in wires]
    incoming = [r for r in incoming if r["id"] not in skip]
    if not incoming:
        return 0
    c = t.entries.c
    existing: dict[str, dict[str, Any]] = {}
    ids = [r["id"] for r in incoming]
    for i in range(0, len(ids), 500):
        for r in conn.execute(select(t.entries).where(c.id.in_(ids[i : i + 500]))).mappings():
            existing[r["id"]] = dict(r)
    new_rows, changed_rows, events = [], [], []
    for row in incoming:
        old = existing.get(row["id"])
        if (
            old is not None
            and old.get("server_version") == row["server_version"]
            and (not force or _snapshot(old) == _snapshot(row))
        ):
            continue
        if old is None:
            new_rows.append(row)
            continue
        changed_rows.append(row)
        before, after = _snapshot(old), _snapshot(row)
        if before == after:
            continue  # only the server's stamp moved (an acknowledgment): nothing to record
        events.append(
            {
                "now": now,
                "actor": SERVER,
                "action": "sync.entry",
                "entity": "entry",
                "entity_id": row["id"],
                "before": before,
                "after": after,
            }
        )
    if new_rows:
        # entries new to this replica: one event for the page, naming each with its version
        events.append(
            {
                "now": now,
                "actor": SERVER,
                "action": "sync.receive",
                "entity": "replica",
                "entity_id": "entries",
                "before": None,
                "after": {"entries": [[r["id"], r["server_version"]] for r in new_rows]},
            }
        )
    bulk.insert_many(conn, t.entries, new_rows)
    bulk.update_many(conn, t.entries, changed_rows)
    audit_log.record_many(conn, events)
    touch(conn, {(r["person"], r["work_date"].isoformat()[:7]) for r in (*new_rows, *changed_rows)})
    return len(new_rows) + len(changed_rows)


def apply_results(conn: Connection, results: list[MutationResult], now: datetime) -> None:
    """The server's answers to pushed mutations: its copy of each entry replaces ours (their
    comments and correction requests follow with the next pull)."""
    latest: dict[str, dict[str, Any]] = {}
    for res in results:
        if res.entry is not None:
            latest[res.entity_id] = res.entry  # the last answer about an entry is its state
    if latest:
        # even at the same server version: a refused edit leaves the server's entry as it
        # was, and ours must show it again (the change itself waits in needs-attention)
        upsert_entries(
            conn, list(latest.values()), now, skip=outbox.pending_entities(conn), force=True
        )


def apply_master(conn: Connection, doc: Any, now: datetime) -> int:
    """Replace the replica's master data with the server's (read-only on the device)."""
    data = master_from_wire(doc)
    before = m.load(conn)
    changes = 0
    if data["firm"] is not None and data["firm"] != before.firm:
        m.save_firm(conn, data["firm"])
        changes += 1
    for p in data["people"]:
        if before.people.get(p.id) != p:
            m.save_person(conn, p)
            changes += 1
    for s in data["service_types"]:
        if before.service_types.get(s.code) != s:
            m.save_service(conn, s)
            changes += 1
    for cl in data["clients"]:
        if before.clients.get(cl.code) != cl:
            m.save_client(conn, cl)
            changes += 1
    seen = set()
    for mt in data["matters"]:
        seen.add(mt.code)
        if before.matters.get(mt.code) != mt:
            m.save_matter(conn, mt)
            changes += 1
    for code, old in before.matters.items():
        if code not in seen and not old.closed:
            # out of this person's sight now: hidden from pickers, its rows kept (entries
            # point at it); a scope reset removes the entries themselves
            m.save_matter(conn, replace(old, closed=True))
            changes += 1
    new_rules = {r.id: r for r in data["rates"]}
    old_rules = {r.id: r for r in before.rules}
    if new_rules != old_rules:
        for rid in old_rules:
            if rid is not None:
                m.delete_rule(conn, rid)
        for rule in data["rates"]:
            m.insert_rule(conn, rule, now)
        changes += 1
    if changes:
        m.bump(conn)
        audit_log.record(
            conn,
            now=now,
            actor=SERVER,
            action="sync.master",
            entity="master",
            entity_id="firm",
            before=None,
            after={"changes": changes},
        )
    return changes


def _replace_discussion(
    conn: Connection,
    ids: list[str],
    comments: list[dict[str, Any]],
    corrections: list[dict[str, Any]],
) -> int:
    """The server's comments and correction requests of these entries replace the device's
    (the device's own were provisional copies of what it pushed)."""
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        conn.execute(delete(t.comments).where(t.comments.c.entry_id.in_(chunk)))
        conn.execute(
            delete(t.correction_requests).where(t.correction_requests.c.entry_id.in_(chunk))
        )
    keep = set(ids)
    rows_c = [{**c, "at": _dt(c["at"])} for c in comments if c["entry_id"] in keep]
    rows_k = [
        {**k, "at": _dt(k["at"]), "decided_at": _dt(k.get("decided_at"))}
        for k in corrections
        if k["entry_id"] in keep
    ]
    bulk.insert_many(conn, t.comments, rows_c)
    bulk.insert_many(conn, t.correction_requests, rows_k)
    return len(rows_c) + len(rows_k)


def apply_pull(conn: Connection, body: dict[str, Any], now: datetime) -> int:
    """One page of a pull: master data first (entries point at it), then entries, comments
    and correction requests. Returns how many records changed."""
    changed = 0
    if body.get("master") is not None:
        changed += apply_master(conn, body["master"], now)
        set_meta(conn, "server_master_rev", str(body.get("master_rev", 0)))
    skip = outbox.pending_entities(conn)
    entries = body.get("entries", [])
    changed += upsert_entries(conn, entries, now, skip=skip)
    ids = [e["id"] for e in entries if e["id"] not in skip and not e.get("deleted")]
    changed += _replace_discussion(conn, ids, body.get("comments", []), body.get("corrections", []))
    return changed


def reset(conn: Connection, now: datetime) -> None:
    """Forget the replica (the person's scope changed): entries without unsent mutations,
    their comments and corrections. Held time and the timer are local and stay."""
    # unsent work, changes waiting in needs-attention, and entries the server never took
    # (a refused new entry lives only here) stay
    keep = outbox.pending_entities(conn) | outbox.attention_entities(conn)
    c = t.entries.c
    doomed = [
        r[0]
        for r in conn.execute(select(c.id).where(c.id.not_in(keep), c.server_version.is_not(None)))
    ]
    for i in range(0, len(doomed), 500):
        chunk = doomed[i : i + 500]
        conn.execute(delete(t.comments).where(t.comments.c.entry_id.in_(chunk)))
        conn.execute(
            delete(t.correction_requests).where(t.correction_requests.c.entry_id.in_(chunk))
        )
        conn.execute(delete(t.entries).where(c.id.in_(chunk)))
    set_meta(conn, "server_master_rev", "0")
    audit_log.record(
        conn,
        now=now,
        actor=SERVER,
        action="sync.reset",
        entity="replica",
        entity_id="entries",
        before={"entries": len(doomed)},
        after=None,
        comment="the person's access changed: the replica is reloaded from the server",
    )


# --------------------------------------------------------------------------- digests


def digest(conn: Connection, person: str, month: str) -> dict[str, Any]:
    """Counts, sums and a hash of (id, server version) for one person's month in the replica
    (entries the server has acknowledged; local-only ones are the attention list's)."""
    c = t.entries.c
    start, end = month_bounds(month)
    rows = conn.execute(
        select(c.id, c.server_version, c.raw_seconds, c.billed_seconds, c.amount_cents)
        .where(
            c.person == person,
            c.work_date >= start,
            c.work_date < end,
            c.deleted == false(),
            # what the server holds: an entry it refused to create stays here, local only
            c.server_version.is_not(None),
        )
        .order_by(c.id)
    ).all()
    return period_digest(person, month, rows)


def touch(conn: Connection, periods: Iterable[tuple[str, str]]) -> None:
    """Remember (person, YYYY-MM) periods changed since the last digest check."""
    import json

    known = {tuple(p) for p in json.loads(get_meta(conn, "digest_touched") or "[]")}
    merged = known | set(periods)
    if merged != known:
        set_meta(conn, "digest_touched", json.dumps(sorted(merged)))


def periods_to_check(
    conn: Connection, person: str, rotation: int, today: date
) -> list[tuple[str, str]]:
    """The periods touched since the last check, plus one rotating period of the signed-in
    person's last two years — so a sync with nothing to do costs one small query."""
    import json

    touched = {tuple(p) for p in json.loads(get_meta(conn, "digest_touched") or "[]")}
    back = rotation % 24
    year, month = today.year, today.month - back
    while month < 1:
        year, month = year - 1, month + 12
    touched.add((person, f"{year:04d}-{month:02d}"))
    return sorted((str(a), str(b)) for a, b in touched)


def compare_digests(conn: Connection, theirs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The server's digests that differ from the replica's (empty: all equal)."""
    return [d for d in theirs if digest(conn, d["person"], d["month"]) != d]


def clear_touched(conn: Connection) -> None:
    set_meta(conn, "digest_touched", "[]")
