"""Bulk writes: many rows with few round trips. On PostgreSQL a large batch goes through COPY
inside the unit of work's own transaction (several times faster than row-by-row inserts);
elsewhere, and for small batches, one executemany."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

COPY_FROM = 200  # rows; below this a plain executemany is as quick


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (plain column values: TEXT, INTEGER, BOOLEAN — no type conversion
    is applied on the COPY path, so only tables of such columns may use it)."""
    if not rows:
        return
    if conn.dialect.name != "postgresql" or len(rows) < COPY_FROM:
        conn.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    raw: Any = conn.connection.driver_connection
    sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])
