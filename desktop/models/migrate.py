"""Bringing a store to the current schema, safely (ARCHITECTURE.md "Migrations").

The revision is checked cheaply at every start (one SELECT, no Alembic import). Only when an
upgrade is due:

1. the store is backed up with the SQLite backup API into ``<data-dir>/backups/``;
2. foreign keys are turned off on the raw DBAPI connection *before* any transaction begins
   (sent inside a transaction, the PRAGMA is silently ignored), and checked to read 0;
3. every pending revision runs inside one ``BEGIN IMMEDIATE`` transaction — a crash at any
   moment leaves the store at the old revision or the new one, never between;
4. ``PRAGMA foreign_key_check`` must return no row, else everything is rolled back and the
   backup kept; then foreign keys go back on.
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine

from core.errors import DocketError
from core.timeutil import system_clock

HEAD = "0003"  # kept equal to the newest revision in migrations/versions (a test checks it)


class MigrationError(DocketError):
    """The store could not be upgraded; it was left as it was, and a backup kept."""


def current_revision(engine: Engine) -> str | None:
    """The store's revision, or None for a new (empty) store."""
    with engine.connect() as conn:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        if not exists:
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        conn.rollback()
        return str(row[0]) if row else None


def backup_file(source: Path, target: Path) -> None:
    """A consistent copy of a live store through the SQLite backup API, then checked."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            ok = dst.execute("PRAGMA integrity_check").fetchone()
            if not ok or ok[0] != "ok":
                raise MigrationError(f"the backup {tmp} failed its integrity check: {ok}")
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)


def upgrade(engine: Engine, db_path: Path, *, to: str = "head") -> str | None:
    """Upgrade the store to ``to`` (default: the newest revision). Returns the backup path's
    name when one was made (only for a store that already had data)."""
    before = current_revision(engine)
    if before == HEAD and to == "head":
        return None
    if before is not None and before.isdigit() and HEAD.isdigit() and int(before) > int(HEAD):
        raise MigrationError(
            f"this store was made by a newer Docket (store revision {before}; this version "
            f"knows up to {HEAD}): run that newer version — the store was not changed"
        )
    # Alembic is loaded only when an upgrade is due: the check above is one SELECT.
    from alembic import command
    from alembic.config import Config

    backup: Path | None = None
    if before is not None:
        stamp = system_clock().strftime("%Y%m%dT%H%M%SZ")
        backup = db_path.parent / "backups" / f"docket-before-upgrade-{before}-{stamp}.db"
        backup_file(db_path, backup)

    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("desktop.models").joinpath("migrations"))
    )
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        if raw.execute("PRAGMA foreign_keys").fetchone()[0] != 0:
            raise MigrationError("could not turn foreign keys off for the upgrade")
        try:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin() as trans:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, to)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    trans.rollback()
                    raise MigrationError(
                        f"the upgrade would break {len(problems)} references "
                        f"(first: {tuple(problems[0])}); the store was left unchanged"
                        + (f" and a backup is at {backup}" if backup else "")
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    return backup.name if backup else None
