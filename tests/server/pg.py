"""The local PostgreSQL cluster for the server tests: started as root with pg_ctlcluster (no
systemd here), a test role and a template database made idempotently, a fresh database per
test copied from the template, everything dropped at the end. If PostgreSQL cannot be
started the tests FAIL — they are never skipped (CI runs as root on this kind of machine)."""

from __future__ import annotations

import itertools
import os
import subprocess
import time
import uuid

import psycopg

ROLE = "docket_test"
PASSWORD = "docket_test_pw"
HOST = "127.0.0.1"


def _psql(sql: str) -> str:
    out = subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
    )
    if out.returncode != 0:
        raise RuntimeError(f"psql failed: {out.stderr.strip()}")
    return out.stdout


def _cluster_version() -> str:
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, timeout=30)
    lines = [ln.split() for ln in out.stdout.splitlines() if ln.strip()]
    if not lines:
        raise RuntimeError("no PostgreSQL cluster found (apt-get install postgresql)")
    return lines[0][0]


def start() -> tuple[str, int]:
    """Start the cluster (idempotent) and make the test role; returns (host, port)."""
    if os.geteuid() != 0:
        raise RuntimeError("the PostgreSQL tests need root to start the cluster")
    version = _cluster_version()
    subprocess.run(["pg_ctlcluster", version, "main", "start"], capture_output=True, timeout=60)
    port = 5432
    for ln in subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True
    ).stdout.splitlines():
        parts = ln.split()
        if parts and parts[0] == version and parts[1] == "main":
            port = int(parts[2])
    deadline = time.monotonic() + 30
    while True:
        try:
            _psql("SELECT 1")
            break
        except RuntimeError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
    _psql(
        f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN "
        f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'; END IF; END$$;"
    )
    return HOST, port


class Databases:
    """A template database migrated once, and fresh copies of it per test."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.prefix = f"docket_t{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template = f"{self.prefix}_tpl"
        self.made: list[str] = []
        self._n = itertools.count(1)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://{ROLE}:{PASSWORD}@{self.host}:{self.port}/{name}"

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=ROLE,
            password=PASSWORD,
            dbname="postgres",
            autocommit=True,
        )

    def create(self, template: str | None = None) -> str:
        name = f"{self.prefix}_{next(self._n)}" if template else self.template
        with self._admin() as conn:
            tpl = f" TEMPLATE {template}" if template else ""
            conn.execute(f"CREATE DATABASE {name}{tpl}")  # type: ignore[arg-type]
        self.made.append(name)
        return name

    def drop_all(self) -> None:
        """Drop the session's databases. ``FORCE`` ends our own connections; an autovacuum
        worker busy in one of them belongs to the server's superuser, and this role may not
        end it (InsufficientPrivilege) — it finishes within moments, so try again."""
        with self._admin() as conn:
            for name in reversed(self.made):
                for attempt in range(60):
                    try:
                        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]
                        break
                    except psycopg.errors.InsufficientPrivilege:
                        if attempt == 59:
                            raise
                        time.sleep(0.5)
