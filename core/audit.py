"""The audit trail: canonical serialisation and the hash chain (PRODUCT.md §4 "Audit trail").

Each event is a row of text and integer columns. Its hash is SHA-256 over a canonical JSON
array of *every* column of the row exactly as stored (except the hash itself), in column-name
order — including ``prev_hash``, the hash of the event before it. So altering, removing or
reordering any row breaks the chain at that row, and :func:`verify` names the first broken link.
A separate head (the last sequence number and hash, kept beside the log) catches a removed tail.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from core.timeutil import utc_text

GENESIS = "0" * 64
HASH_COLUMN = "hash"

Row = Mapping[str, str | int | None]


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"cannot serialise {type(value).__name__} in an audit event")


def canonical_json(value: Any) -> str:
    """Deterministic JSON text: sorted keys, no spaces, UTF-8 kept, Decimal as string.

    Used for the before/after columns, so the same change always yields the same text.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def row_hash(row: Row) -> str:
    """SHA-256 (hex) of every column of ``row`` but ``hash``, as stored."""
    payload = [[k, row[k]] for k in sorted(row) if k != HASH_COLUMN]
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def seal(row: dict[str, str | int | None]) -> dict[str, str | int | None]:
    """Return ``row`` with its ``hash`` set (``prev_hash`` must already be set)."""
    if "prev_hash" not in row or "seq" not in row:
        raise ValueError("an audit row needs seq and prev_hash before it is sealed")
    out = dict(row)
    out.pop(HASH_COLUMN, None)
    out[HASH_COLUMN] = row_hash(out)
    return out


@dataclass(frozen=True)
class Verdict:
    """The result of verifying a chain."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain verified: {self.checked} events, no broken link"
        return f"audit chain BROKEN at event {self.broken_seq}: {self.reason}"


def verify(rows: Iterable[Row], head: tuple[int, str] | None = None) -> Verdict:
    """Check a chain given in ``seq`` order; name the first broken link.

    ``head`` is the (last seq, last hash) recorded beside the log, when there is one: it
    catches the removal of the newest events, which a chain alone cannot see.
    """
    expected_seq = 1
    prev = GENESIS
    count = 0
    for row in rows:
        seq = row.get("seq")
        if not isinstance(seq, int) or seq != expected_seq:
            gap = "missing" if isinstance(seq, int) and seq > expected_seq else "out of order"
            return Verdict(
                False,
                count,
                expected_seq,
                f"event {expected_seq} is {gap} (found seq {seq!r} where {expected_seq} belongs)",
            )
        if row.get("prev_hash") != prev:
            return Verdict(
                False, count, seq, "it does not follow the event before it (prev_hash differs)"
            )
        if row.get(HASH_COLUMN) != row_hash(row):
            return Verdict(False, count, seq, "its content was altered (hash does not match)")
        prev = str(row[HASH_COLUMN])
        count += 1
        expected_seq += 1
    if head is not None:
        last_seq, last_hash = head
        if last_seq > count:
            return Verdict(
                False,
                count,
                count + 1,
                f"events {count + 1}…{last_seq} were removed from the end of the log",
            )
        if last_seq < count:
            return Verdict(
                False,
                count,
                last_seq + 1,
                f"events {last_seq + 1}…{count} were added outside Docket "
                f"(its recorded head is event {last_seq})",
            )
        if count and last_hash != prev:
            return Verdict(False, count, count, "the newest event was replaced")
    return Verdict(True, count)


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, Any]:
    """The fields that changed, as {field: [before, after]} (for history views)."""
    b = dict(before or {})
    a = dict(after or {})
    return {k: [b.get(k), a.get(k)] for k in sorted(set(a) | set(b)) if b.get(k) != a.get(k)}


def chain(
    events: Iterable[Mapping[str, Any]], seq: int, prev: str
) -> list[dict[str, str | int | None]]:
    """Sealed audit rows for ``events`` appended after (``seq``, ``prev``), the log's head.

    Each event gives ``now`` (an aware instant), ``actor``, ``action``, ``entity``,
    ``entity_id``, ``before`` / ``after`` (JSON-able or None) and an optional ``comment``.
    The desktop's store and the server both append through this, so their rows hash alike.
    """
    rows: list[dict[str, str | int | None]] = []
    stamps: dict[Any, str] = {}  # a batch shares one instant: format it once
    for ev in events:
        seq += 1
        now = ev["now"]
        at = stamps.get(now)
        if at is None:
            at = stamps[now] = utc_text(now)
        row: dict[str, str | int | None] = {
            "seq": seq,
            "id": str(uuid.uuid4()),
            "at": at,
            "actor": ev["actor"],
            "action": ev["action"],
            "entity": ev["entity"],
            "entity_id": ev["entity_id"],
            "before": "" if ev.get("before") is None else canonical_json(ev["before"]),
            "after": "" if ev.get("after") is None else canonical_json(ev["after"]),
            "comment": ev.get("comment") or "",
            "prev_hash": prev,
        }
        sealed = seal(row)
        prev = str(sealed[HASH_COLUMN])
        rows.append(sealed)
    return rows
