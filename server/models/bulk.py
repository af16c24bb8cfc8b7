"""Bulk writes: many rows with few round trips. On PostgreSQL a large batch goes through COPY
inside the unit of work's own transaction (several times faster than row-by-row inserts);
elsewhere, and for small batches, one executemany."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table, insert
from sqlalchemy.types import TypeDecorator

COPY_FROM = 200  # rows; below this a plain executemany is as quick


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys): on PostgreSQL, 200 rows or more go through
    COPY with each value converted as the column's type would convert it."""
    if not rows:
        return
    if conn.dialect.name != "postgresql" or len(rows) < COPY_FROM:
        conn.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    convert = [_converter(table.c[c].type, conn) for c in columns]
    raw: Any = conn.connection.driver_connection
    sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row([fn(row[c]) for c, fn in zip(columns, convert, strict=True)])


def _converter(col_type: Any, conn: Connection) -> Any:
    """What the column's type does to a value on an ordinary insert, for the COPY path."""
    from psycopg.types.json import Jsonb

    if isinstance(col_type, TypeDecorator):
        dialect = conn.dialect
        return lambda v: col_type.process_bind_param(v, dialect)
    if isinstance(col_type, JSON):
        return lambda v: None if v is None else Jsonb(v)
    return lambda v: v
