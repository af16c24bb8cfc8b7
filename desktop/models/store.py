"""The store: one SQLite file in the data folder, at the current schema, with its workspace
facts (id, kind) in ``meta``. Services get their connections from here."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.exc import DatabaseError, OperationalError

from core.errors import DocketError
from desktop.models import engine as engine_mod
from desktop.models import migrate
from desktop.models.tables import meta


class StoreError(DocketError):
    """The store cannot be opened or used (a clear reason, never a traceback)."""


class Store:
    """The local store at ``<data_dir>/docket.db``."""

    def __init__(
        self, data_dir: Path, *, upgrade: bool = True, background_checkpoints: bool = False
    ) -> None:
        self.data_dir = Path(data_dir)
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(f"{self.data_dir} is a file, not a folder: give a data folder")
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(
                f"cannot create the data folder {self.data_dir}: {err.strerror}"
            ) from err
        self.path = self.data_dir / engine_mod.DB_NAME
        self.engine = engine_mod.make_engine(
            self.path, background_checkpoints=background_checkpoints
        )
        self._checkpointer = Checkpointer(self.path, enabled=background_checkpoints)
        try:
            if upgrade:
                migrate.upgrade(self.engine, self.path)
            with self.read() as conn:
                known = get_meta(conn, "workspace_id")
            if known is None:
                with self.write() as conn:
                    if get_meta(conn, "workspace_id") is None:
                        set_meta(conn, "workspace_id", str(uuid.uuid4()))
                        set_meta(conn, "kind", "personal")
        except (DatabaseError, sqlite3.DatabaseError) as err:
            self.engine.dispose()
            raise StoreError(
                f"{self.path} is not a usable Docket store ({_reason(err)}); "
                f"restore a copy from {self.data_dir / 'backups'} or choose another data folder"
            ) from err

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with _translate(self.path), engine_mod.read(self.engine) as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with _translate(self.path), engine_mod.write(self.engine) as conn:
            yield conn
        self._checkpointer.poke()

    def close(self) -> None:
        self._checkpointer.close()
        self.engine.dispose()

    @property
    def workspace_id(self) -> str:
        with self.read() as conn:
            value = get_meta(conn, "workspace_id")
        assert value is not None
        return value


class Checkpointer:
    """Moves the WAL back into the database file off the writer's path (long-lived app).

    SQLite's automatic checkpoint runs inside whichever commit crosses its threshold, adding
    milliseconds to that one save. In the app the automatic threshold is raised (engine.py)
    and every ``every`` write transactions a PASSIVE checkpoint runs on its own connection in a
    background thread — it never blocks readers or writers, and being killed mid-way is safe.
    Short-lived CLI processes keep SQLite's own checkpoints.
    """

    def __init__(self, path: Path, *, enabled: bool, every: int = 64) -> None:
        self.path = path
        self.enabled = enabled
        self.every = every
        self._writes = 0
        self._busy = threading.Lock()
        self._thread: threading.Thread | None = None

    def poke(self, weight: int = 1) -> None:
        if not self.enabled:
            return
        self._writes += weight
        if self._writes >= self.every and self._busy.acquire(blocking=False):
            self._writes = 0
            self._thread = threading.Thread(target=self._run, name="docket-checkpoint", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self.checkpoint("PASSIVE")
        finally:
            self._busy.release()

    def checkpoint(self, mode: str = "PASSIVE") -> None:
        try:
            con = sqlite3.connect(self.path, timeout=engine_mod.BUSY_TIMEOUT_MS / 1000)
            try:
                con.execute(f"PRAGMA wal_checkpoint({mode})")
            finally:
                con.close()
        except sqlite3.Error:
            pass  # a later checkpoint (or SQLite's own) will do it

    def close(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout=5)
        if self.enabled and self._writes:
            self.checkpoint("PASSIVE")


def _reason(err: BaseException) -> str:
    orig = getattr(err, "orig", None)
    return str(orig or err).splitlines()[0]


@contextmanager
def _translate(path: Path) -> Iterator[None]:
    try:
        yield
    except OperationalError as err:
        reason = _reason(err)
        if "locked" in reason or "busy" in reason:
            raise StoreError(
                f"the store {path} is busy (another Docket is writing); try again"
            ) from err
        if "disk" in reason or "full" in reason:
            raise StoreError(f"cannot write the store {path}: {reason}; nothing was saved") from err
        if "readonly" in reason:
            raise StoreError(f"the store {path} is read-only: {reason}") from err
        raise StoreError(f"the store {path} could not be used: {reason}") from err


_GET_META = select(meta.c.value).where(meta.c.key == bindparam("key"))


def get_meta(conn: Connection, key: str) -> str | None:
    row = conn.execute(_GET_META, {"key": key}).first()
    return None if row is None else str(row[0])


def get_metas(conn: Connection, *keys: str) -> dict[str, str]:
    """Several meta values in one query (hot paths read the audit head and revisions)."""
    marks = ",".join("?" for _ in keys)
    sql = f"SELECT key, value FROM meta WHERE key IN ({marks})"  # noqa: S608 - only "?" marks
    rows = conn.exec_driver_sql(sql, keys)
    return {str(k): str(v) for k, v in rows}


def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.exec_driver_sql(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
