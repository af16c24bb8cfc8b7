"""The real server as uvicorn processes on loopback: the CLI migrates, imports and creates an
admin; ``serve`` refuses an un-migrated database; two processes on one PostgreSQL share one
session token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.server import pg
from tests.server.conftest import firm_doc

EXE = [sys.executable, "-m", "server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EXE, "--database-url", url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


class Server:
    def __init__(self, url: str, tmp: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (tmp / f"serve-{self.port}.log").open("w")
        self.proc = subprocess.Popen(
            [
                *EXE,
                "--database-url",
                url,
                "serve",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"server did not start: {(tmp / f'serve-{self.port}.log').read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture
def url(db_url: str) -> str:
    return db_url


@pytest.fixture
def loaded(url: str, tmp_path: Path) -> Iterator[str]:
    setup = tmp_path / "firm.json"
    import json

    setup.write_text(json.dumps(firm_doc()))
    r = cli(url, "import", str(setup))
    assert r.returncode == 0, r.stderr
    r = cli(
        url,
        "create-admin",
        "--email",
        "root@example.com",
        "--password-stdin",
        stdin="root password 123\n",
    )
    assert r.returncode == 0 and r.stdout.strip() == "root", r.stderr
    r = cli(url, "passwd", "ml@example.com", "--password-stdin", stdin="mia password 123\n")
    assert r.returncode == 0, r.stderr
    yield url


@pytest.mark.slow
def test_uvicorn_process_end_to_end(loaded: str, tmp_path: Path) -> None:
    srv = Server(loaded, tmp_path)
    try:
        b = srv.base + "/api/v1"
        tok = httpx.post(
            f"{b}/auth/login", json={"email": "ml@example.com", "password": "mia password 123"}
        ).json()["token"]
        h = {"Authorization": f"Bearer {tok}"}
        body = {
            "date": "2026-06-01",
            "raw_seconds": 5400,
            "matter": "ACME-001",
            "phase": "L100",
            "service": "RES",
            "narrative": "Reviewed the supply contracts",
        }
        r = httpx.post(f"{b}/entries", json=body, headers=h)
        assert r.status_code == 201 and r.json()["amount"] == "300.00"
        assert httpx.get(f"{b}/entries", headers=h).json()["items"][0]["id"] == r.json()["id"]
        assert httpx.get(f"{b}/entries").status_code == 401
    finally:
        srv.stop()
    r = cli(loaded, "audit", "verify")
    assert r.returncode == 0 and "verified" in r.stdout


def test_cli_errors_are_one_line_and_serve_refuses_unmigrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    r = cli(url, "serve", "--port", str(free_port()))
    assert r.returncode == 1 and "docket-server migrate" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert cli(url, "migrate").returncode == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"people": [{"id": "x"}], "rates": [{"amount": 3}]}')
    r = cli(url, "import", str(bad))
    assert r.returncode == 1 and "people[0].name" in r.stderr and "Traceback" not in r.stderr
    r = cli(url, "passwd", "nobody@example.com", "--password-stdin", stdin="long enough pw\n")
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1
    r = cli(url, "audit", "verify")
    assert r.returncode == 0


@pytest.mark.slow
def test_two_processes_on_one_postgresql_share_a_session(
    pg_dbs: pg.Databases, tmp_path: Path
) -> None:
    url = pg_dbs.url(pg_dbs.create(pg_dbs.template))
    import json

    (tmp_path / "firm.json").write_text(json.dumps(firm_doc()))
    assert cli(url, "import", str(tmp_path / "firm.json")).returncode == 0
    assert (
        cli(
            url, "passwd", "ml@example.com", "--password-stdin", stdin="mia password 123\n"
        ).returncode
        == 0
    )
    a, b = Server(url, tmp_path), Server(url, tmp_path)
    try:
        tok = httpx.post(
            f"{a.base}/api/v1/auth/login",
            json={"email": "ml@example.com", "password": "mia password 123"},
        ).json()["token"]
        h = {"Authorization": f"Bearer {tok}"}
        body = {
            "date": "2026-06-01",
            "raw_seconds": 600,
            "matter": "ACME-001",
            "phase": "L100",
            "service": "RES",
            "narrative": "Reviewed the supply contracts",
        }
        made = httpx.post(f"{a.base}/api/v1/entries", json=body, headers=h).json()["id"]
        assert httpx.get(f"{b.base}/api/v1/entries/{made}", headers=h).status_code == 200
        # the throttle lives in the database too: failures on A slow B down
        for _ in range(5):
            httpx.post(
                f"{a.base}/api/v1/auth/login",
                json={"email": "ml@example.com", "password": "wrong one!"},
            )
        r = httpx.post(
            f"{b.base}/api/v1/auth/login",
            json={"email": "ml@example.com", "password": "mia password 123"},
        )
        assert r.status_code == 429
        assert httpx.post(f"{b.base}/api/v1/auth/logout", headers=h).status_code == 200
        assert httpx.get(f"{a.base}/api/v1/me", headers=h).status_code == 401
    finally:
        a.stop()
        b.stop()
