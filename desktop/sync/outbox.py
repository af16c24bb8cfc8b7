"""The outbox: every change made in a firm workspace, written in the same transaction as the
change itself (no domain row without its outbox row), numbered by a gapless per-client
``seq``, and kept after the server answers — what it did not apply as sent stays listed for
the person (needs attention) until they act."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from core.audit import canonical_json
from core.protocol import Mutation, MutationResult
from core.timeutil import utc_text
from desktop.models import bulk
from desktop.models import tables as t

ATTENTION_STATES = ("rejected", "conflict", "correction")
UNSENT_STATES = ("pending", "inflight")


@dataclass(frozen=True)
class OutboxItem:
    id: int
    seq: int | None
    mutation_id: str
    entity: str
    entity_id: str
    op: str
    payload: dict[str, Any]
    base: dict[str, Any] | None
    base_version: int | None
    device_time: datetime
    state: str
    attempts: int
    last_error: str | None
    result: dict[str, Any] | None

    def mutation(self) -> Mutation:
        assert self.seq is not None
        payload = dict(self.payload)
        if self.base is not None:
            payload["base"] = self.base
        return Mutation(
            seq=self.seq,
            mutation_id=self.mutation_id,
            entity=self.entity,  # type: ignore[arg-type]
            op=self.op,  # type: ignore[arg-type]
            entity_id=self.entity_id,
            base_version=self.base_version,
            device_time_utc=utc_text(self.device_time),
            payload=payload,
        )


def _item(r: Any) -> OutboxItem:
    return OutboxItem(
        id=r["id"],
        seq=r["seq"],
        mutation_id=r["mutation_id"],
        entity=r["entity"],
        entity_id=r["entity_id"],
        op=r["op"],
        payload=r["payload"],
        base=r["base"],
        base_version=r["base_version"],
        device_time=r["device_time"],
        state=r["state"],
        attempts=r["attempts"],
        last_error=r["last_error"],
        result=r["result"],
    )


def record(
    conn: Connection,
    *,
    entity: str,
    op: str,
    entity_id: str,
    payload: dict[str, Any],
    now: datetime,
    base: dict[str, Any] | None = None,
    base_version: int | None = None,
) -> int:
    """Append a mutation (inside the caller's write transaction); returns its seq."""
    return record_many(
        conn,
        [
            {
                "entity": entity,
                "op": op,
                "entity_id": entity_id,
                "payload": payload,
                "base": base,
                "base_version": base_version,
            }
        ],
        now,
    )[0]


def record_many(conn: Connection, mutations: list[dict[str, Any]], now: datetime) -> list[int]:
    """Append several mutations in order with one insert (the batch path); their seqs."""
    first = int(conn.execute(select(func.coalesce(func.max(t.outbox.c.seq), 0))).scalar_one()) + 1
    rows = [
        {
            "seq": first + i,
            "mutation_id": str(uuid.uuid4()),
            "entity": m["entity"],
            "entity_id": m["entity_id"],
            "op": m["op"],
            "payload": m["payload"],
            "base": m.get("base"),
            "base_version": m.get("base_version"),
            "device_time": now,
            "state": "pending",
            "attempts": 0,
        }
        for i, m in enumerate(mutations)
    ]
    bulk.insert_many(conn, t.outbox, rows)
    return [r["seq"] for r in rows]


def unsent(conn: Connection, limit: int = 1000) -> list[OutboxItem]:
    c = t.outbox.c
    rows = conn.execute(
        select(t.outbox).where(c.state.in_(UNSENT_STATES)).order_by(c.seq).limit(limit)
    ).mappings()
    return [_item(r) for r in rows]


def count_unsent(conn: Connection) -> int:
    c = t.outbox.c
    return int(conn.execute(select(func.count()).where(c.state.in_(UNSENT_STATES))).scalar_one())


def attention(conn: Connection) -> list[OutboxItem]:
    c = t.outbox.c
    rows = conn.execute(
        select(t.outbox).where(c.state.in_(ATTENTION_STATES)).order_by(c.id)
    ).mappings()
    return [_item(r) for r in rows]


def attention_entities(conn: Connection) -> set[str]:
    """Entities with a change the server did not apply as sent, until the person acts."""
    c = t.outbox.c
    return {r[0] for r in conn.execute(select(c.entity_id).where(c.state.in_(ATTENTION_STATES)))}


def pending_entities(conn: Connection) -> set[str]:
    """Entities with unsent mutations: a pull must not overwrite their local state yet."""
    c = t.outbox.c
    return {r[0] for r in conn.execute(select(c.entity_id).where(c.state.in_(UNSENT_STATES)))}


_STATE_OF = {
    "applied": "acked",
    "merged": "acked",
    "conflict": "conflict",
    "correction": "correction",
    "rejected": "rejected",
}


def answer(conn: Connection, results: list[MutationResult]) -> None:
    """Record the server's answers (only ever after a 2xx naming their seqs), one statement."""
    if not results:
        return
    conn.exec_driver_sql(
        "UPDATE outbox SET state = ?, result = ?, last_error = NULL WHERE mutation_id = ?",
        [(_STATE_OF[r.outcome], canonical_json(r.to_json()), r.mutation_id) for r in results],
    )


def failed_attempt(conn: Connection, seqs: list[int], error: str) -> None:
    c = t.outbox.c
    conn.execute(
        update(t.outbox)
        .where(c.seq.in_(seqs))
        .values(attempts=c.attempts + 1, last_error=error[:500])
    )


def renumber(conn: Connection) -> int:
    """After registering a new client id: answered rows give up their wire seq, and the
    unsent ones are numbered again from 1, in their original order. Returns how many."""
    c = t.outbox.c
    conn.execute(update(t.outbox).where(c.state.not_in(UNSENT_STATES)).values(seq=None))
    ids = [
        r[0] for r in conn.execute(select(c.id).where(c.state.in_(UNSENT_STATES)).order_by(c.seq))
    ]
    # two passes so the unique seq never collides mid-way
    for i, row_id in enumerate(ids, start=1):
        conn.execute(update(t.outbox).where(c.id == row_id).values(seq=-i))
    conn.execute(update(t.outbox).where(c.seq < 0).values(seq=-c.seq))
    return len(ids)


def resolve(conn: Connection, item_id: int, now: datetime) -> None:
    """The person acted on an attention item: it leaves the list (its row stays as history)."""
    conn.execute(
        update(t.outbox).where(t.outbox.c.id == item_id).values(state="resolved", resolved_at=now)
    )
