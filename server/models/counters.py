"""Named counters bumped under their row lock inside the writing transaction.

``server_version`` is what sync pulls by: a value is taken only while holding the counter's
row lock, so versions become visible in the order they were handed out (SYNC.md "the cursor
trap" — never an auto-increment or a timestamp, which commit out of order).
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from server.models.tables import counters

SERVER_VERSION = "server_version"
MASTER_REV = "master_rev"


def take(conn: Connection, name: str, n: int = 1) -> int:
    """Add ``n`` to the counter and return its new value (the last of ``n`` fresh numbers)."""
    value = conn.execute(
        update(counters)
        .where(counters.c.name == name)
        .values(value=counters.c.value + n)
        .returning(counters.c.value)
    ).scalar_one()
    return int(value)


def read(conn: Connection, name: str) -> int:
    return int(conn.execute(select(counters.c.value).where(counters.c.name == name)).scalar_one())
