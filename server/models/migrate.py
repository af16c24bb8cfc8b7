"""Bringing the server's database to the current schema (``docket-server migrate``), and the
cheap check ``serve`` makes before it starts (one SELECT, no Alembic import)."""

from __future__ import annotations

from importlib import resources

from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError

from core.errors import DocketError
from server.models.db import Database, Unavailable, reason

HEAD = "0002"  # kept equal to the newest revision in server/migrations/versions (a test checks)


class NotMigrated(DocketError):
    """The database is not at the schema this server needs."""


def current_revision(db: Database) -> str | None:
    """The database's revision, or None for an empty database."""
    try:
        with db.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            conn.rollback()
            return str(row[0]) if row else None
    except DBAPIError as err:
        raise Unavailable(f"cannot open the database: {reason(err)}") from err


def require_current(db: Database) -> None:
    """Refuse to serve a database that is not at :data:`HEAD`, saying what to run."""
    rev = current_revision(db)
    if rev == HEAD:
        return
    if rev is None:
        raise NotMigrated(
            "the database has no Docket schema yet: run `docket-server migrate` first"
        )
    raise NotMigrated(
        f"the database is at schema revision {rev}, this server needs {HEAD}: "
        "run `docket-server migrate` first"
    )


def upgrade(db: Database, *, to: str = "head") -> tuple[str | None, str]:
    """Upgrade to ``to`` in one transaction; returns (revision before, revision after)."""
    from alembic import command
    from alembic.config import Config

    before = current_revision(db)
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("server").joinpath("migrations")))
    try:
        with db.engine.connect() as conn:
            if db.sqlite:
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, to)
    except DBAPIError as err:
        raise Unavailable(f"the upgrade failed and was rolled back: {reason(err)}") from err
    return before, current_revision(db) or ""
