"""Opening the store: one SQLite file, configured as ARCHITECTURE.md "Runtime rules" says.

* WAL, ``synchronous=FULL``, ``foreign_keys=ON``, ``busy_timeout`` 10 s — so the app and the
  CLI can share the file and a power cut loses nothing that was reported saved;
* Python's sqlite3 must not begin transactions by itself (``isolation_level=None``): reads run
  in a plain ``BEGIN``, units of work that write in ``BEGIN IMMEDIATE`` (taking the write lock
  up front, so two writers never deadlock upgrading a read lock).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

BUSY_TIMEOUT_MS = 10_000
# With background checkpoints (a long-lived app), SQLite's own in-commit checkpoint stays only
# as a safety net for a WAL that would otherwise grow without bound.
BACKGROUND_AUTOCHECKPOINT_PAGES = 16_000  # 64 MB at 4 KiB pages
DB_NAME = "docket.db"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _raise_autocheckpoint(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.execute(f"PRAGMA wal_autocheckpoint = {BACKGROUND_AUTOCHECKPOINT_PAGES}")


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "")
    conn.exec_driver_sql(f"BEGIN {mode}".strip())


def make_engine(path: Path, *, background_checkpoints: bool = False) -> Engine:
    """An engine for the store file at ``path`` (created when missing)."""
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    if background_checkpoints:
        event.listen(engine, "connect", _raise_autocheckpoint)
    event.listen(engine, "begin", _on_begin)
    return engine


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read transaction (plain ``BEGIN``): a consistent snapshot, no write lock."""
    with engine.connect() as conn, conn.begin():
        yield conn


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A unit of work that writes (``BEGIN IMMEDIATE``): commits on success, rolls back on any
    exception, so nothing half-written remains."""
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        yield conn
