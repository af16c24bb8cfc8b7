"""End-to-end fixtures: the real server as a process on loopback (SQLite and PostgreSQL) with
the test firm loaded, and desktop workspaces — real stores, real services, real HTTP — that
sign in to it as any person of the firm."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from server.models.db import Database
from server.services import setup
from server.services.context import Context
from tests.desktop.ui.conftest import idle, make_app, ttime  # noqa: F401 - fixtures
from tests.harness.server import ServerProcess
from tests.server.conftest import (  # noqa: F401 - fixtures
    PASSWORD,
    db_url,
    firm_doc,
    give_passwords,
    pg_dbs,
    sqlite_template,
)

EMAILS = {
    "rarnsley": "ra@example.com",
    "mlee": "ml@example.com",
    "jdoe": "jd@example.com",
    "obrien": "ob@example.com",
    "pquinn": "pq@example.com",
    "bcole": "bc@example.com",
    "boss": "boss@example.com",
}


@dataclass
class DeviceClock:
    """A device's wall clock: the real time shifted by ``offset`` (a wrong clock)."""

    offset: timedelta = timedelta()
    frozen: datetime | None = None

    def __call__(self) -> datetime:
        return (self.frozen or datetime.now(UTC)) + self.offset


@dataclass
class Device:
    name: str
    data_dir: Path
    clock: DeviceClock = field(default_factory=DeviceClock)
    timeouts: tuple[float, float] | None = None  # (connect, read) seconds; None: the app's
    _ws: Any = None

    @property
    def ws(self) -> Any:
        from desktop.services.workspace import Workspace

        if self._ws is None:
            self._ws = Workspace.open(self.data_dir, clock=self.clock, tz=UTC)
        return self._ws

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None

    # services
    @property
    def account(self) -> Any:
        from desktop.services.account import AccountService
        from desktop.sync.transport import Transport

        if self.timeouts is None:
            return AccountService(self.ws)
        connect, read = self.timeouts
        return AccountService(
            self.ws,
            lambda url, token: Transport(url, token, connect_timeout=connect, read_timeout=read),
        )

    @property
    def entries(self) -> Any:
        from desktop.services.entries import EntryService

        return EntryService(self.ws)

    @property
    def approvals(self) -> Any:
        from desktop.services.approvals import ApprovalService

        return ApprovalService(self.ws)

    def log(self, **kw: Any) -> Any:
        from desktop.services.entries import EntryInput

        base = {
            "raw_seconds": 3600,
            "matter": "ACME-001",
            "phase": "L100",
            "service": "RES",
            "narrative": "Research for the case",
        }
        base.update(kw)
        return self.entries.log(EntryInput(**base))

    def sync(self) -> Any:
        return self.account.sync()


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Session tokens go to an in-memory keyring (a test marked ``real_keyring_fallback``
    keeps the null backend, to exercise the 0600 token file)."""
    import keyring
    from keyring.backends import null

    from tests.harness.memory_keyring import MemoryKeyring

    if request.node.get_closest_marker("token_file"):
        keyring.set_keyring(null.Keyring())
        yield None
        return
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(null.Keyring())


@pytest.fixture
def server_db(db_url: str) -> Iterator[str]:  # noqa: F811 - the imported fixture
    ctx = Context(Database(db_url))
    setup.import_doc(ctx, firm_doc(), "test")
    give_passwords(ctx)
    ctx.db.close()
    yield db_url


@pytest.fixture
def server(server_db: str, tmp_path: Path) -> Iterator[ServerProcess]:
    srv = ServerProcess(server_db, tmp_path).start()
    yield srv
    srv.stop()


@pytest.fixture
def device(tmp_path: Path, server: ServerProcess) -> Iterator[Callable[..., Device]]:
    made: list[Device] = []

    def make(person: str, name: str | None = None, *, login: bool = True) -> Device:
        d = Device(name or person, tmp_path / f"device-{name or person}")
        if login:
            d.account.login(server.base, EMAILS[person], PASSWORD)
        made.append(d)
        return d

    yield make
    # after every test: each signed-in device, synced once more while quiescent, holds a
    # replica whose digests equal the server's for every period it holds
    try:
        if server.alive():
            for d in made:
                if d._ws is not None and d.account.status().signed_in:
                    d.sync()
                    assert_digests_equal(d, server)
    finally:
        for d in made:
            d.close()


def assert_digests_equal(d: Device, server: ServerProcess) -> None:
    import requests
    from sqlalchemy import func, select

    from desktop.models import tables as t
    from desktop.sync import outbox, replica
    from desktop.sync.auth import TokenStore

    with d.ws.store.read() as conn:
        if outbox.count_unsent(conn):
            return
        c = t.entries.c
        periods = sorted(
            {
                (p, m)
                for p, m in conn.execute(
                    select(c.person, func.substr(c.work_date, 1, 7)).where(c.deleted.is_(False))
                )
            }
        )
        client_id = conn.execute(select(t.sync_state.c.client_id)).scalar_one()
        epoch = conn.execute(select(t.sync_state.c.epoch)).scalar_one()
        cursor = conn.execute(select(t.sync_state.c.cursor)).scalar_one()
        mine = {(p, m): replica.digest(conn, p, m) for p, m in periods}
    token = TokenStore(d.data_dir, d.ws.store.workspace_id).load()
    r = requests.get(
        f"{server.base}/api/v1/sync/pull",
        params={
            "client_id": client_id,
            "cursor": cursor,
            "epoch": epoch,
            "master_rev": 0,
            "digest": [f"{p}:{m}" for p, m in periods],
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    theirs = {(x["person"], x["month"]): x for x in r.json()["digests"]}
    assert theirs == mine, f"{d.name}: replica digests differ from the server's"


def server_ctx(url: str) -> Context:
    return Context(Database(url))
