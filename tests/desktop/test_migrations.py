"""Migrations: the schema they build equals the tables; an old store upgrades without losing
a row (children included); a crash mid-upgrade leaves the old revision or the new one."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from desktop.models import migrate
from desktop.models.engine import make_engine
from desktop.models.store import Store
from desktop.models.tables import metadata

ROOT = Path(__file__).resolve().parents[2]


def test_head_constant_is_the_newest_revision() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "desktop/models/migrations"))
    assert ScriptDirectory.from_config(cfg).get_current_head() == migrate.HEAD


def test_migrations_build_exactly_the_tables(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []
    store.close()


def make_old_store(path: Path, entries: int = 50) -> None:
    """A store at revision 0001 holding master data, entries and their child rows."""
    engine = make_engine(path)
    migrate.upgrade(engine, path, to="0001")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("INSERT INTO people VALUES ('p1','Pat One',NULL,'partner','PARTNR',1)")
    con.execute("INSERT INTO clients VALUES ('C','Client',NULL,NULL,NULL,'[]',NULL)")
    con.execute(
        "INSERT INTO matters VALUES ('M','C','Matter','hourly',NULL,'[]',NULL,NULL,NULL,NULL,0)"
    )
    con.execute("INSERT INTO phases VALUES ('M','P1','Phase',0,'10',NULL,NULL,NULL)")
    ts = "2026-01-01T00:00:00.000000Z"
    rows = []
    for i in range(entries):
        rows.append(
            (
                f"00000000-0000-4000-8000-{i:012d}",
                "p1",
                "M",
                "P1",
                None,
                "2026-01-02",
                None,
                None,
                3600,
                3600,
                "1.00",
                "work",
                None,
                None,
                1,
                None,
                10000,
                "USD",
                None,
                "no rate rule",
                10000,
                "draft",
                "manual",
                1,
                ts,
                ts,
                0,
                None,
            )
        )
    con.executemany(f"INSERT INTO entries VALUES ({','.join('?' * 28)})", rows)
    con.executemany(
        "INSERT INTO comments VALUES (?,?,?,?,?,?)",
        [(f"c{i}", r[0], "p1", ts, "comment", "a note") for i, r in enumerate(rows)],
    )
    con.executemany(
        "INSERT INTO correction_requests VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (f"k{i}", r[0], "p1", ts, "{}", "fix", "open", None, None)
            for i, r in enumerate(rows[:10])
        ],
    )
    con.commit()
    con.close()


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("entries", "comments", "correction_requests", "phases", "matters")
        }
    finally:
        con.close()


def revision(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def test_upgrade_keeps_every_row_including_children(tmp_path: Path) -> None:
    db = tmp_path / "docket.db"
    make_old_store(db)
    before = counts(db)
    assert revision(db) == "0001"
    store = Store(tmp_path)
    assert revision(db) == migrate.HEAD
    assert counts(db) == before
    backups = list((tmp_path / "backups").glob("docket-before-upgrade-0001-*.db"))
    assert len(backups) == 1 and counts(backups[0]) == before
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    con = sqlite3.connect(db)
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name='entries'").fetchone()[0]
    assert "raw_seconds <= 86400" in sql and "source_detail" in sql
    store.close()


def test_a_batch_copy_with_foreign_keys_on_would_lose_children(tmp_path: Path) -> None:
    """Why the upgrade turns keys off: the same table copy with keys on cascades."""
    db = tmp_path / "docket.db"
    make_old_store(db, entries=5)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("BEGIN")
    con.execute("CREATE TABLE _copy AS SELECT * FROM entries")
    con.execute("DROP TABLE entries")
    assert con.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    con.execute("ROLLBACK")


UPGRADER = """
import sys
from pathlib import Path
from desktop.models.store import Store
print("opening", flush=True)
Store(Path(sys.argv[1]))
print("done", flush=True)
"""


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.6, 1.2])
def test_sigkill_during_upgrade_leaves_old_or_new_revision(tmp_path: Path, delay: float) -> None:
    db = tmp_path / "docket.db"
    make_old_store(db, entries=60_000)
    before = counts(db)
    with subprocess.Popen(
        [sys.executable, "-c", UPGRADER, str(tmp_path)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"opening"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert revision(db) in ("0001", migrate.HEAD)
    assert counts(db) == before
    # and a normal start afterwards completes the upgrade
    Store(tmp_path).close()
    assert revision(db) == migrate.HEAD
    assert counts(db) == before


def test_a_store_from_a_newer_docket_is_refused_in_one_line(tmp_path: Path) -> None:
    import sqlite3

    from tests.desktop.conftest import run_cli

    d = tmp_path / "ws"
    run_cli(d, "status")  # an empty workspace: the store made at this version
    con = sqlite3.connect(d / "docket.db")
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.close()
    r = run_cli(d, "status")
    assert r.code == 1 and r.err.strip().count("\n") == 0
    assert "made by a newer Docket" in r.err and "0099" in r.err
    assert not (d / "backups").exists() or not list((d / "backups").iterdir())
