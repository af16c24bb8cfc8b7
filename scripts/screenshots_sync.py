"""The firm-workspace pictures of `scripts/screenshots.py`: the real server as a process on
loopback with the demo firm loaded, the app signing in to it, and the two kinds of item that
need a person's attention after a sync:

    docs/screenshots/sign-in.png        the sign-in dialog, from the first-run choice
    docs/screenshots/firm-week.png      the week in a firm workspace: the sync status below
    docs/screenshots/attention.png      "Needs attention": a conflict and a refused entry
"""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

PASSWORD = "correct horse battery"
WHO = "mlee"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    """`python -m server` on a SQLite file in ``folder``, with the demo firm imported."""

    def __init__(self, folder: Path, setup: dict[str, Any]) -> None:
        self.url = f"sqlite:///{folder / 'firm.db'}"
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        doc = folder / "firm.json"
        doc.write_text(json.dumps(setup))
        self._cli("migrate")
        self._cli("import", str(doc))
        for person in setup["people"]:
            self._cli("passwd", "--password-stdin", person["email"], stdin=PASSWORD)
        log = (folder / "server.log").open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server", "--database-url", self.url,
             "serve", "--port", str(self.port), "--log-level", "warning"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        give_up = time.monotonic() + 30
        while time.monotonic() < give_up and self.proc.poll() is None:
            try:
                if requests.get(f"{self.base}/api/v1/health", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("the server did not start: " + (folder / "server.log").read_text())

    def _cli(self, *args: str, stdin: str | None = None) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "server", "--database-url", self.url, *args],
            input=stdin, text=True, capture_output=True,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"docket-server {args[0]}: {done.stderr.strip()}")

    def import_doc(self, doc: dict[str, Any]) -> None:
        path = self.folder / "change.json"
        path.write_text(json.dumps(doc))
        self._cli("import", str(path))

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def shoot_sync(out: Path, now: datetime, wait: Callable[..., None]) -> None:
    import keyring
    from keyring.backends import null

    from desktop.app import DocketApp
    from desktop.services.account import AccountService
    from desktop.services.demo import demo_entries, demo_setup
    from desktop.services.entries import EntryChanges, EntryService
    from desktop.services.workspace import Workspace

    keyring.set_keyring(null.Keyring())  # the session token goes to the 0600 file, not the
    # keyring of whoever runs the script
    setup = demo_setup(now.date())
    email = next(p["email"] for p in setup["people"] if p["id"] == WHO)
    with tempfile.TemporaryDirectory(prefix="docket-shots-firm-") as tmp:
        server = _Server(Path(tmp), setup)
        try:
            # the same person's laptop: this week's work so far, already synced
            laptop = Workspace.open(Path(tmp) / "laptop", clock=lambda: now, tz=UTC)
            AccountService(laptop).login(server.base, email, PASSWORD)
            monday = now.date() - timedelta(days=now.weekday())
            week = [
                e
                for e in demo_entries(now.date(), random.Random(7))
                if e.person == WHO and e.work_date >= monday
            ]
            logged = [EntryService(laptop).log(e) for e in week]
            AccountService(laptop).sync()

            docket = DocketApp(Path(tmp) / "app", clock=lambda: now, tz=UTC)
            docket.confirm = lambda _title, _text: True  # type: ignore[method-assign]
            w = docket.window
            w.resize(1400, 860)
            w.move(20, 40)
            docket.start()
            wait(lambda: docket.flows.first_run_dialog is not None, 0.5)
            docket.flows.first_run_dialog.sign_in_button.click()
            dlg = docket.sync_flows.sign_in_dialog
            dlg.server.setText(server.base)
            dlg.email.setText(email)
            dlg.password.setText(PASSWORD)
            wait(seconds=0.4)
            dlg.grab().save(str(out / "sign-in.png"))
            print("wrote", out / "sign-in.png")
            dlg.sign_in_button.click()
            wait(lambda: w.timesheet.week is not None and "synced" in w.sync_label.text(), 0.5)

            # a conflict: the laptop and this app change the same narrative
            first = logged[0]
            EntryService(laptop).edit(
                first.id, EntryChanges({"narrative": first.narrative + " (laptop)"})
            )
            AccountService(laptop).sync()
            laptop.close()
            done: list[Any] = []
            docket.session.save_entry(
                first.id, {"narrative": first.narrative + ", with the exhibits"},
                done.append, done.append,
            )  # fmt: skip
            # refused: the firm raised its narrative minimum since this app last synced
            server.import_doc({"firm": {"narrative_min_length": 50}})
            docket.session.save_entry(
                None,
                {"raw_seconds": 2700, "work_date": now.date(), "matter": "ACME-001",
                 "phase": "L200", "service": "DRF", "utbms_task": "L250",
                 "narrative": "Revise the reply to the counterclaim"},
                done.append, done.append,
            )  # fmt: skip
            wait(lambda: len(done) == 2 and not docket.runner.busy, 0.3)
            rounds = docket.sync.rounds
            w.sync_now_action.trigger()
            wait(lambda: docket.sync.rounds > rounds and "attention" in w.sync_label.text(), 0.5)
            ts = w.timesheet
            ts.choose_day(now.date())
            w.message_bar.hide()
            wait(seconds=0.5)
            w.grab().save(str(out / "firm-week.png"))
            print("wrote", out / "firm-week.png")

            w.attention_action.trigger()
            att = docket.sync_flows.attention_dialog
            wait(lambda: att.model.rowCount() == 2, 0.4)
            conflict = next(
                i for i in range(att.model.rowCount()) if att.model.item(i).outcome == "conflict"
            )
            att.table.selectRow(conflict)
            att.move(160, 120)
            wait(seconds=0.5)
            att.grab().save(str(out / "attention.png"))
            print("wrote", out / "attention.png")
            att.hide()
            docket.dispose()
        finally:
            server.stop()
