"""The cursor trap (SYNC.md): a writer takes its version and then waits before committing,
while others commit. Pulling by ``server_version`` — a counter taken under its row lock inside
the writing transaction — misses nothing; the same race against a plain sequence (kept here as
a regression fixture) loses the held writer's change."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import Connection, text, update

from server.models import tables as t
from server.services import rows
from server.services.context import Caller, Context
from server.services.sync_pull import pull
from tests.server.conftest import Firm, log

ADMIN = Caller("boss", "admin", scope="all")
HOLD = 0.8


def _stamp_one(entry_id: str, hold: float = 0.0) -> Any:
    def unit(conn: Connection) -> int:
        row: dict[str, Any] = {"id": entry_id}
        rows.stamp(conn, [row])  # takes the counter under its row lock
        conn.execute(
            update(t.entries)
            .where(t.entries.c.id == entry_id)
            .values(server_version=row["server_version"])
        )
        if hold:
            time.sleep(hold)  # the version is taken; the commit comes later
        return int(row["server_version"])

    return unit


def _puller(ctx: Context, stop: threading.Event, seen: dict[str, int]) -> None:
    try:
        _pull_until(ctx, stop, seen)
    except Exception as err:  # surfaced by the test, not lost in the thread
        seen["error"] = repr(err)  # type: ignore[assignment]


def _pull_until(ctx: Context, stop: threading.Event, seen: dict[str, int]) -> None:
    cursor = 0
    while True:
        body = pull(ctx, ADMIN, "00000000-0000-4000-8000-00000000c0c0", cursor, 0, -1, [])
        for e in body["entries"]:
            seen[e["id"]] = e["server_version"]
        cursor = body["cursor"]
        if stop.is_set():
            return
        time.sleep(0.02)


def _race(ctx: Context, ids: list[str]) -> tuple[dict[str, int], dict[str, float]]:
    """Writer 0 takes its version and holds; the others write meanwhile; a puller pulls
    throughout. Returns what the puller saw (id → version) and how long each writer's unit
    of work took (the others' includes their wait for the held one)."""
    seen: dict[str, int] = {}
    done: dict[str, float] = {}
    stop = threading.Event()
    puller = threading.Thread(target=_puller, args=(ctx, stop, seen))
    puller.start()

    def write(entry_id: str, hold: float) -> None:
        started = time.monotonic()
        ctx.db.write(_stamp_one(entry_id, hold), audited=False)
        done[entry_id] = time.monotonic() - started

    held = threading.Thread(target=write, args=(ids[0], HOLD))
    held.start()
    time.sleep(0.2)  # the held writer has its version now
    others = [threading.Thread(target=write, args=(i, 0.0)) for i in ids[1:]]
    for th in others:
        th.start()
    for th in [held, *others]:
        th.join()
    time.sleep(0.2)
    stop.set()
    puller.join()
    return seen, done


def test_counter_cursor_misses_nothing(firm: Firm) -> None:
    ids = [log(firm, "mlee", date=f"2026-06-0{i + 1}")["id"] for i in range(4)]
    seen, done = _race(firm.ctx, ids)
    with firm.ctx.db.read() as conn:
        final = {
            r.id: r.server_version
            for r in conn.execute(t.entries.select().where(t.entries.c.id.in_(ids)))
        }
    assert "error" not in seen, seen.get("error")
    missed = [i for i in ids if seen.get(i) != final[i]]
    assert missed == [], (seen, final)
    # the held writer took its version first: the others' versions come after it, and they
    # waited (on the counter's row lock) for it to commit
    assert all(final[i] > final[ids[0]] for i in ids[1:])
    assert all(done[i] >= HOLD - 0.2 - 0.1 for i in ids[1:]), done


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_plain_sequence_cursor_loses_the_held_writer(firm: Firm) -> None:
    """The regression fixture: the same race with a plain sequence handed out before commit
    (PostgreSQL; on SQLite the database lock serialises writers, see the tests around)."""
    db = firm.ctx.db
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS cursor_fixture"))
        conn.execute(text("CREATE TABLE cursor_fixture (id serial, v bigint NOT NULL)"))
        conn.execute(text("DROP SEQUENCE IF EXISTS cursor_fixture_v"))
        conn.execute(text("CREATE SEQUENCE cursor_fixture_v"))
    seen: set[int] = set()
    stop = threading.Event()

    def puller() -> None:
        cursor = 0
        while not stop.is_set():
            with db.engine.connect() as conn:
                got = [
                    r[0]
                    for r in conn.execute(
                        text("SELECT v FROM cursor_fixture WHERE v > :c ORDER BY v"), {"c": cursor}
                    )
                ]
            seen.update(got)
            cursor = max([cursor, *got])
            time.sleep(0.02)

    def write(hold: float) -> None:
        with db.engine.begin() as conn:
            v = conn.execute(text("SELECT nextval('cursor_fixture_v')")).scalar_one()
            conn.execute(text("INSERT INTO cursor_fixture (v) VALUES (:v)"), {"v": v})
            time.sleep(hold)

    p = threading.Thread(target=puller)
    p.start()
    held = threading.Thread(target=write, args=(HOLD,))
    held.start()
    time.sleep(0.2)
    for _ in range(3):
        write(0.0)
    held.join()
    time.sleep(0.2)
    stop.set()
    p.join()
    with db.engine.connect() as conn:
        all_v = {r[0] for r in conn.execute(text("SELECT v FROM cursor_fixture"))}
    assert all_v - seen == {1}, "the sequence cursor should have lost the held writer's row"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_held_writer_blocks_the_others(firm: Firm) -> None:
    ids = [log(firm, "mlee", date=f"2026-06-1{i}")["id"] for i in range(3)]
    seen, done = _race(firm.ctx, ids)
    assert all(done[i] >= HOLD - 0.2 - 0.1 for i in ids[1:]), done  # blocked meanwhile
    assert set(ids) <= set(seen)
