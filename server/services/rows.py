"""Entry rows on the server: the columns core's rules fill, the frozen view services return,
and the ``server_version`` stamp every change carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, select

from core.entries import view_fields
from server.models import counters
from server.models import tables as t
from server.models.master import Master


@dataclass(frozen=True)
class EntryView:
    id: str
    person: str
    person_name: str
    client: str | None
    matter: str | None
    phase: str | None
    service: str | None
    date: date
    start: datetime | None
    end: datetime | None
    raw_seconds: int
    billed_seconds: int
    billed_hours: Decimal
    narrative: str
    utbms_task: str | None
    utbms_activity: str | None
    billable: bool
    billable_override: bool | None
    rate: Decimal
    currency: str
    rate_rule: str
    rate_rule_id: str | None
    amount: Decimal
    status: str
    source: str
    version: int
    server_version: int
    deleted: bool
    created_at: datetime
    updated_at: datetime
    review_comment: str | None = None


def stamp(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Stamp the rows a unit of work changes with one fresh ``server_version``, taken under the
    counter's row lock inside the writing transaction. Rows of one transaction become visible
    together, so they may share it; a later transaction always gets a higher one."""
    if not rows:
        return
    version = counters.take(conn, counters.SERVER_VERSION)
    for row in rows:
        row["server_version"] = version


def touch(conn: Connection, entry_id: str) -> None:
    """A comment or correction request changed: give its entry a fresh ``server_version``
    (its own version stays) so that a sync pull carries the entry's discussion along."""
    from sqlalchemy import update

    version = counters.take(conn, counters.SERVER_VERSION)
    conn.execute(update(t.entries).where(t.entries.c.id == entry_id).values(server_version=version))


def view(row: Any, master: Master, review_comment: str | None = None) -> EntryView:
    return EntryView(
        **view_fields(row, master),
        server_version=row["server_version"],
        deleted=bool(row["deleted"]),
        review_comment=review_comment,
    )


def review_comments(conn: Connection, rows: list[dict[str, Any]]) -> dict[str, str | None]:
    """The reviewer's latest reject/reopen comment for each rejected entry."""
    ids = [r["id"] for r in rows if r["status"] == "rejected"]
    out: dict[str, str | None] = {r["id"]: None for r in rows}
    c = t.comments.c
    for i in range(0, len(ids), 500):
        q = (
            select(c.entry_id, c.text)
            .where(and_(c.entry_id.in_(ids[i : i + 500]), c.kind.in_(("reject", "reopen"))))
            .order_by(c.at)
        )
        for r in conn.execute(q):
            out[r.entry_id] = r.text
    return out
