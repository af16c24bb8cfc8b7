"""The firm-workspace commands through the real CLI: login, sync, attention, logout, status —
and the refusals that keep a data folder to one person and one kind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.desktop.conftest import firm_doc, run_cli
from tests.e2e.conftest import PASSWORD, DeviceClock
from tests.harness.proxy import Fault, FaultProxy
from tests.harness.server import ServerProcess


def login(data_dir: Path, base: str, email: str = "ml@example.com") -> Any:
    import io

    saved = sys.stdin
    sys.stdin = io.StringIO(PASSWORD + "\n")
    try:
        return run_cli(data_dir, "login", base, "--email", email, "--password-stdin")
    finally:
        sys.stdin = saved


def test_login_log_sync_attention_logout(tmp_path: Path, server: ServerProcess) -> None:
    d = tmp_path / "ws"
    r = login(d, server.base + "/api/v1")  # an address ending in /api/v1 is accepted
    assert r.code == 0, r.err
    assert r.out.strip() == "mlee" and "signed in" in r.err
    r = run_cli(
        d,
        "log",
        "--matter",
        "ACME-001",
        "--phase",
        "L100",
        "--service",
        "RES",
        "--date",
        "2026-11-18",
        "--duration",
        "1h",
        "--note",
        "Reviewed the contracts",
    )
    assert r.code == 0, r.err
    assert "1 pending" in run_cli(d, "status").out
    r = run_cli(d, "sync", "--format", "json")
    assert r.code == 0 and r.json()["pushed"] == 1
    assert "Sync:      synced" in run_cli(d, "status").out
    r = run_cli(d, "attention", "--format", "json")
    assert r.code == 0 and r.json() == []
    # refused where the server owns things
    for args in (
        ["import", str(tmp_path / "x.json")],
        ["rerate"],
        ["demo"],
        ["log", "--as", "jdoe", "--duration", "1h"],
    ):
        r = run_cli(d, *args)
        assert r.code != 0 and len(r.err.strip().splitlines()) == 1, (args, r.err)
    r = run_cli(d, "logout")
    assert r.code == 0
    r = run_cli(d, "sync")
    assert r.code != 0 and "sign in again" in r.err


def test_personal_folder_with_entries_is_refused(tmp_path: Path, server: ServerProcess) -> None:
    d = tmp_path / "personal"
    assert run_cli(d, "demo").code == 0
    r = login(d, server.base)
    assert r.code != 0 and "personal entries" in r.err and "new data folder" in r.err


def test_personal_folder_with_a_running_timer_is_refused(
    tmp_path: Path, server: ServerProcess
) -> None:
    """No entries, but a timer running on the personal set-up: its time would become an entry
    of a person the server does not know, so the sign-in is refused and the timer kept."""
    d = tmp_path / "personal"
    firm = tmp_path / "firm.json"
    firm.write_text(json.dumps(firm_doc()), encoding="utf-8")
    assert run_cli(d, "import", str(firm)).code == 0
    assert run_cli(d, "start", "ACME-001").code == 0
    r = login(d, server.base)
    assert r.code != 0 and "a timer running" in r.err and "new data folder" in r.err
    r = run_cli(d, "status", "--format", "json")
    assert r.json()["workspace"] == "personal" and r.json()["timer"]["matter"] == "ACME-001"


def test_another_person_on_a_folder_with_no_work_starts_afresh(
    tmp_path: Path, server: ServerProcess
) -> None:
    """A firm folder with nothing unsent, signed in as someone else: the first person's
    set-up and cursor go, and the new person's first sync brings theirs — even when that
    first sync fails, the folder reads as waiting for it, not as signed out."""
    d = tmp_path / "ws"
    assert login(d, server.base).code == 0
    assert run_cli(d, "logout").code == 0
    r = login(d, server.base, "jd@example.com")
    assert r.code == 0, r.err
    r = run_cli(d, "status", "--format", "json")
    assert r.code == 0 and r.json()["sync"] == "synced"
    assert run_cli(d, "entries", "--format", "json").json() == []
    assert run_cli(d, "logout").code == 0
    signed_in_then_server_gone(d, server)  # back to mlee, the server gone before the sync
    assert run_cli(d, "entries", "--format", "json").json() == []
    r = run_cli(d, "status")
    assert r.code == 0 and "Sync:      offline" in r.out
    server.start()
    assert run_cli(d, "sync").code == 0
    args = ["log", "--matter", "ACME-001", "--phase", "L100", "--service", "RES", "--note"]
    r = run_cli(d, *args, "Reviewed the contracts", "--duration", "1h")
    assert r.code == 0, r.err
    assert "synced" in run_cli(d, "sync").out + run_cli(d, "status").out


def test_a_session_ended_on_the_server_signs_the_folder_out(
    tmp_path: Path, server: ServerProcess
) -> None:
    from tests.e2e.test_app_sync import end_sessions_on_the_server

    d = tmp_path / "ws"
    assert login(d, server.base).code == 0
    args = ["log", "--matter", "ACME-001", "--phase", "L100", "--service", "RES", "--note"]
    assert run_cli(d, *args, "Reviewed the contracts", "--duration", "1h").code == 0
    end_sessions_on_the_server(server.url, "ml@example.com")
    for _ in range(2):  # the same answer again: signed out, the entry kept
        r = run_cli(d, "sync")
        assert r.code != 0 and "sign in again" in r.err, r.err
    r = run_cli(d, "status")
    assert "Sync:      signed out" in r.out
    assert len(run_cli(d, "entries", "--format", "json").json()) == 1
    assert login(d, server.base).code == 0  # the unsent entry goes with the first sync
    assert "synced" in run_cli(d, "status").out


def test_another_person_on_the_same_folder_is_refused(
    tmp_path: Path, server: ServerProcess
) -> None:
    d = tmp_path / "ws"
    assert login(d, server.base).code == 0
    assert (
        run_cli(
            d,
            "log",
            "--matter",
            "ACME-001",
            "--phase",
            "L100",
            "--service",
            "RES",
            "--duration",
            "1h",
            "--note",
            "Reviewed the contracts",
        ).code
        == 0
    )
    assert run_cli(d, "logout").code == 0
    r = login(d, server.base, "jd@example.com")
    assert r.code != 0 and "mlee's work" in r.err
    r = login(d, server.base)  # the same person again: the unsent entry goes out
    assert r.code == 0, r.err
    assert run_cli(d, "entries", "--format", "json").json()[0]["status"] == "draft"
    assert "synced" in run_cli(d, "status").out


def test_plain_http_to_another_host_is_refused(tmp_path: Path) -> None:
    r = login(tmp_path / "ws", "http://docket.example.com")
    assert r.code != 0 and "https" in r.err


@pytest.mark.token_file  # the `docket sync` subprocess reads the token from the file
def test_sync_with_server_unreachable_exits_within_15_seconds(
    tmp_path: Path, server: ServerProcess
) -> None:
    proxy = FaultProxy("127.0.0.1", server.port).start()
    try:
        d = tmp_path / "ws"
        assert login(d, f"http://127.0.0.1:{proxy.port}").code == 0
        for i in range(3):
            assert (
                run_cli(
                    d,
                    "log",
                    "--matter",
                    "ACME-001",
                    "--phase",
                    "L100",
                    "--service",
                    "RES",
                    "--duration",
                    "1h",
                    "--note",
                    f"Offline work number {i}",
                ).code
                == 0
            )
        proxy.set_fault(Fault(blackhole=True))
        env = {**os.environ, "DOCKET_DATA_DIR": str(d), "PYTHONPATH": str(Path.cwd())}
        t = time.monotonic()
        p = subprocess.run(
            [sys.executable, "-m", "desktop", "sync"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        took = time.monotonic() - t
        assert p.returncode != 0 and took < 16, took
        assert p.stdout == "" and p.stderr.strip() == "docket: offline: 3 changes pending"
        proxy.heal()
        r = run_cli(d, "sync", "--format", "json")
        assert r.code == 0 and r.json()["pushed"] == 3
    finally:
        proxy.stop()


@pytest.mark.parametrize("hours", [48, -48])
def test_device_clock_off_by_two_days_is_recorded_not_refused(
    device: Any, server: ServerProcess, hours: int
) -> None:
    mia = device("mlee")
    mia.clock.offset = timedelta(hours=hours)
    e = mia.log(work_date=date(2026, 11, 18))
    report = mia.sync()
    assert report.applied == 1 and report.attention == 0
    assert report.skew_seconds is not None and abs(report.skew_seconds - hours * 3600) < 120
    assert "clock is off by" in report.summary()
    from sqlalchemy import select

    from server.models import tables as st
    from tests.e2e.conftest import server_ctx

    ctx = server_ctx(server.url)
    with ctx.db.read() as conn:
        skew = conn.execute(select(st.sync_results.c.skew_seconds)).scalars().all()
    ctx.db.close()
    assert skew and abs(skew[0] - hours * 3600) < 120
    assert e.id in {x.id for x in mia.entries.list()}
    _ = (json, DeviceClock)


@pytest.mark.token_file
def test_without_a_keyring_the_token_goes_to_a_private_file(
    tmp_path: Path, server: ServerProcess
) -> None:
    d = tmp_path / "ws"
    r = login(d, server.base)
    assert r.code == 0
    warnings = [ln for ln in r.err.splitlines() if "no usable keyring" in ln]
    assert len(warnings) == 1 and "no keyring" in r.err
    token_file = d / "session.token"
    assert token_file.exists() and (token_file.stat().st_mode & 0o777) == 0o600
    token = token_file.read_text()
    assert token not in r.out + r.err
    assert run_cli(d, "sync").code == 0
    assert token not in (d / "settings.ini").read_text() if (d / "settings.ini").exists() else True
    assert run_cli(d, "logout").code == 0
    assert not token_file.exists()


def test_with_a_keyring_the_token_lives_there(
    tmp_path: Path, server: ServerProcess, memory_keyring: Any
) -> None:
    d = tmp_path / "ws"
    r = login(d, server.base)
    assert r.code == 0 and "keyring" in r.err and "no usable keyring" not in r.err
    assert not (d / "session.token").exists()
    [(service, user)] = list(memory_keyring.store)
    from desktop.models.store import Store

    s = Store(d)
    assert service == "docket" and user == s.workspace_id
    s.close()
    assert run_cli(d, "logout").code == 0
    assert memory_keyring.store == {}


def test_signed_in_while_the_first_sync_cannot_finish(
    tmp_path: Path, server: ServerProcess
) -> None:
    """The sign-in is accepted but the server goes before the firm's set-up arrives: the
    folder is a firm workspace with nothing in it yet — lists are empty, a change is refused
    with the reason, and the next sync brings everything."""
    d = tmp_path / "ws"
    token = signed_in_then_server_gone(d, server)
    assert token
    r = run_cli(d, "entries", "--format", "json")
    assert r.code == 0 and r.json() == []
    r = run_cli(d, "status")
    assert r.code == 0 and "Sync:      offline" in r.out
    args = ["log", "--matter", "ACME-001", "--phase", "L100", "--service", "RES", "--note"]
    r = run_cli(d, *args, "Reviewed the contracts", "--duration", "1h")
    assert r.code != 0 and r.err.strip() == (
        "docket: the firm's set-up has not reached this computer yet: it comes with the next "
        "sync (`docket sync`, or Firm ▸ Sync now in the app) once the server can be reached"
    )
    r = run_cli(d, "rerate", "--dry-run")  # never the server's to change here, set-up or not
    assert r.code != 0 and "the server owns rates" in r.err
    assert run_cli(d, "logout").code == 0
    r = run_cli(d, *args, "Reviewed the contracts", "--duration", "1h")
    assert r.code != 0 and "sign in again (`docket login`" in r.err
    server.start()
    assert login(d, server.base).code == 0
    assert run_cli(d, "sync").code == 0
    r = run_cli(d, *args, "Reviewed the contracts", "--duration", "1h")
    assert r.code == 0, r.err


def signed_in_then_server_gone(d: Path, server: ServerProcess) -> str:
    """Sign ``d`` in as mlee with a session the server issued, the server stopped just
    before the first sync: returns the token."""
    import requests

    from desktop.services.account import AccountService
    from desktop.services.workspace import Workspace

    r = requests.post(
        f"{server.base}/api/v1/auth/login",
        json={"email": "ml@example.com", "password": PASSWORD},
        timeout=10,
    )
    token = str(r.json()["token"])
    server.stop()
    ws = Workspace.open(d)
    try:
        signed = AccountService(ws).sign_in_with_token(server.base, "mlee", token)
        assert signed.sync_error and "cannot reach" in signed.sync_error
    finally:
        ws.close()
    return token
