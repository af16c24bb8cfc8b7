"""The server's database: SQLite (the embedded default) or PostgreSQL, and its units of work.

A unit of work that writes runs whole inside one transaction and is retried from the start
when the database says it lost a race — SQLITE_BUSY/"locked", PostgreSQL serialization
failures (40001) and deadlocks (40P01) — so none of them ever reaches a person as an error.

* SQLite has no row locks: a writing unit begins with ``BEGIN IMMEDIATE`` (the write lock up
  front), WAL, ``synchronous=FULL``, ``busy_timeout``.
* PostgreSQL runs READ COMMITTED; an audited unit first locks the audit head row
  (``SELECT … FOR UPDATE``), so audited writers take turns and each reads what the one
  before it committed. Decisions are conditional updates (``WHERE id = ? AND version = ?``).
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from core.errors import DocketError
from server.models import tables as t

T = TypeVar("T")
SQLITE_NAME = "docket-server.db"
BUSY_TIMEOUT_MS = 5_000
MAX_ATTEMPTS = 12
RETRY_SQLSTATES = ("40001", "40P01")


class Unavailable(DocketError):
    """The database could not be reached or stayed busy; nothing was changed."""


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / SQLITE_NAME}"


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "")
    conn.exec_driver_sql(f"BEGIN {mode}".strip())


def make_engine(url: str, *, pool_size: int = 8) -> Engine:
    """An engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://…``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=pool_size,
            max_overflow=8,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise DocketError(
            f"unsupported database {parsed.get_backend_name()!r}: "
            "use sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB"
        )
    return create_engine(
        url, pool_size=pool_size, max_overflow=8, pool_pre_ping=True, pool_recycle=1800
    )


def retryable(err: DBAPIError) -> bool:
    """A lost race the unit of work may simply run again."""
    orig = err.orig
    if getattr(orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig).lower()
        return "locked" in text or "busy" in text
    return False


def reason(err: BaseException) -> str:
    orig = getattr(err, "orig", None)
    return (str(orig or err).splitlines() or ["unknown error"])[0]


class Database:
    """One database and its engine. Thread-safe; share one per process."""

    def __init__(self, url: str, *, pool_size: int = 8) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size=pool_size)
        self.sqlite = self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction."""
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except DBAPIError as err:
            raise Unavailable(f"the database could not be read: {reason(err)}") from err

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A read-only transaction on one consistent snapshot (REPEATABLE READ on PostgreSQL;
        a SQLite read transaction in WAL mode is one already) — what a sync pull reads."""
        try:
            with self.engine.connect() as conn:
                if not self.sqlite:
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn
        except DBAPIError as err:
            raise Unavailable(f"the database could not be read: {reason(err)}") from err

    def write(self, unit: Callable[[Connection], T], *, audited: bool = True) -> T:
        """Run ``unit`` in one writing transaction and commit; re-run it from the start on a
        lost race. ``audited`` units lock the audit head first (they take turns)."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self.engine.connect() as conn:
                    if self.sqlite:
                        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
                    with conn.begin():
                        if audited:
                            conn.execute(
                                select(t.audit_head.c.seq)
                                .where(t.audit_head.c.id == 1)
                                .with_for_update()
                            )
                        return unit(conn)
            except DBAPIError as err:
                if retryable(err) and attempt < MAX_ATTEMPTS:
                    time.sleep(min(0.5, 0.005 * 2**attempt) * random.uniform(0.5, 1.5))
                    continue
                if retryable(err) or err.connection_invalidated or _is_operational(err):
                    raise Unavailable(
                        f"the database is busy or unreachable ({reason(err)}); "
                        "nothing was changed, try again"
                    ) from err
                raise
        raise AssertionError("unreachable")  # pragma: no cover


def _is_operational(err: DBAPIError) -> bool:
    from sqlalchemy.exc import OperationalError

    return isinstance(err, OperationalError)


def among(conn: Connection, column: Any, values: list[str]) -> Any:
    """``column IN values`` — on PostgreSQL as ``= ANY(array)``: one parameter however many
    values, instead of thousands of placeholders to parse and plan."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy import Text, any_, bindparam
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(None, values, type_=ARRAY(Text)))
    return column.in_(values)
