"""Approval through the CLI, the audit trail, and tamper detection on the real file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def entry(cli: Any, setup_file: Path) -> str:
    assert cli("import", str(setup_file)).code == 0
    r = cli(
        "log",
        "--matter",
        "BETA-001",
        "--service",
        "RES",
        "--date",
        "2026-06-01",
        "--duration",
        "1h30m",
        "--note",
        "Research on the supply agreement",
    )
    assert r.code == 0, r.err
    return str(r.out.strip())


def status(cli: Any, entry_id: str) -> str:
    [e] = [e for e in cli("entries", "--format", "json").json() if e["id"] == entry_id]
    return str(e["status"])


def audit_rows(data_dir: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(data_dir / "docket.db")
    try:
        return con.execute(
            "SELECT seq, actor, action, entity_id, before, after, comment FROM audit_events "
            "ORDER BY seq"
        ).fetchall()
    finally:
        con.close()


def test_approved_entry_is_locked_for_every_command(cli: Any, entry: str, data_dir: Path) -> None:
    assert cli("submit", entry).code == 0
    assert status(cli, entry) == "submitted"
    r = cli("approve", entry[:8])
    assert r.code == 0 and r.out.strip() == entry
    assert status(cli, entry) == "approved"

    for args in (
        ["edit", entry, "--duration", "2h"],
        ["edit", entry, "--note", "changed text!"],
        ["delete", entry],
        ["submit", entry],
        ["approve", entry],
    ):
        r = cli(*args)
        assert r.code != 0, args
        assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    r = cli("edit", entry, "--duration", "2h")
    assert "reopen" in r.err
    r = cli("reopen", entry)
    assert r.code != 0 and "comment" in r.err
    [e] = cli("entries", "--format", "json").json()
    assert (e["status"], e["raw_seconds"], e["billed_hours"]) == ("approved", 5400, "1.50")

    r = cli("reopen", entry, "--comment", "Client asked for a split")
    assert r.code == 0
    [e] = cli("entries", "--format", "json").json()
    assert e["status"] == "rejected"
    assert e["review_comment"] == "Client asked for a split"
    assert cli("edit", entry, "--duration", "1h").code == 0

    actions = [row[2] for row in audit_rows(data_dir) if row[3] == entry]
    assert actions == [
        "entry.create",
        "entry.submit",
        "entry.approve",
        "entry.reopen",
        "entry.edit",
    ]
    reopen = [row for row in audit_rows(data_dir) if row[2] == "entry.reopen"][0]
    assert reopen[1] == "rarnsley" and reopen[6] == "Client asked for a split"
    assert json.loads(reopen[4])["status"] == "approved"
    assert json.loads(reopen[5])["status"] == "rejected"


def test_reject_needs_a_comment_and_period_selection(cli: Any, entry: str) -> None:
    r = cli(
        "log",
        "--as",
        "mlee",
        "--matter",
        "BETA-001",
        "--service",
        "RES",
        "--date",
        "2026-06-02",
        "--duration",
        "2h",
        "--note",
        "Drafted memo on the lease",
    )
    other = r.out.strip()
    r = cli("submit", "--from", "2026-06-01", "--to", "2026-06-30", "--person", "mlee")
    assert r.code == 0 and r.out.split() == [other]
    assert status(cli, entry) == "draft"
    r = cli("reject", "--person", "mlee", "--from", "2026-06-01", "--to", "2026-06-30")
    assert r.code != 0
    r = cli(
        "reject",
        "--person",
        "mlee",
        "--from",
        "2026-06-01",
        "--to",
        "2026-06-30",
        "--comment",
        "Which memo?",
    )
    assert r.code == 0 and r.out.split() == [other]
    assert status(cli, other) == "rejected"


def test_delete_draft_is_a_tombstone_and_audited(cli: Any, entry: str, data_dir: Path) -> None:
    r = cli("delete", entry)
    assert r.code == 0
    assert cli("entries", "--format", "json").json() == []
    assert cli("delete", entry).code != 0
    con = sqlite3.connect(data_dir / "docket.db")
    assert con.execute("SELECT deleted FROM entries WHERE id=?", (entry,)).fetchone() == (1,)
    assert [r[2] for r in audit_rows(data_dir) if r[3] == entry][-1] == "entry.delete"


def _tamper(data_dir: Path, sql: str) -> None:
    con = sqlite3.connect(data_dir / "docket.db")
    con.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
    con.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    con.executescript(sql)
    con.commit()
    con.close()


@pytest.fixture
def history(cli: Any, entry: str) -> str:
    for i in range(5):
        assert cli("edit", entry, "--note", f"Research on the supply agreement, part {i}").code == 0
    assert cli("audit", "verify").code == 0
    return entry


def test_triggers_stop_honest_mistakes(history: str, data_dir: Path) -> None:
    con = sqlite3.connect(data_dir / "docket.db")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE audit_events SET actor='x' WHERE seq=3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM audit_events WHERE seq=3")


@pytest.mark.parametrize(
    ("sql", "broken"),
    [
        # {n}: the newest event's seq; the chain must name the first broken one
        ("UPDATE audit_events SET comment='changed' WHERE seq={n}-3", 3),
        ("UPDATE audit_events SET after=replace(after,'part 2','part 9') WHERE seq={n}-2", 2),
        ("UPDATE audit_events SET at='2020-01-01T00:00:00.000000Z' WHERE seq={n}-4", 4),
        ("UPDATE audit_events SET actor='mlee' WHERE seq=1", None),
        ("DELETE FROM audit_events WHERE seq={n}-1", 1),
        # reorder: swap two rows' positions
        (
            "UPDATE audit_events SET seq=-1 WHERE seq={n}-4; "
            "UPDATE audit_events SET seq={n}-4 WHERE seq={n}-3; "
            "UPDATE audit_events SET seq={n}-3 WHERE seq=-1",
            4,
        ),
        # remove the newest event: only the recorded head can tell
        ("DELETE FROM audit_events WHERE seq={n}", 0),
    ],
)
def test_audit_verify_names_the_first_broken_link(
    cli: Any, history: str, data_dir: Path, sql: str, broken: int | None
) -> None:
    last = audit_rows(data_dir)[-1][0]
    _tamper(data_dir, sql.format(n=last))
    expected = 1 if broken is None else last - broken
    r = cli("audit", "verify", "--format", "json")
    assert r.code == 1
    verdict = r.json()
    assert verdict["ok"] is False
    assert verdict["broken_at"] == expected
    r = cli("audit", "verify")
    assert r.code == 1 and "BROKEN" in r.out
    # a broken chain never stops anyone reading or logging time
    assert cli("entries").code == 0
    r = cli(
        "log",
        "--matter",
        "BETA-001",
        "--service",
        "RES",
        "--date",
        "2026-06-03",
        "--duration",
        "1h",
        "--note",
        "More research on the agreement",
    )
    assert r.code == 0, r.err
    assert cli("audit", "verify").code == 1


def test_backup_is_consistent_and_checked(cli: Any, history: str, tmp_path: Path) -> None:
    target = tmp_path / "copies" / "b.db"
    r = cli("backup", str(target))
    assert r.code == 0 and Path(r.out.strip()) == target
    con = sqlite3.connect(target)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT count(*) FROM entries").fetchone() == (1,)
    r = cli("backup", str(tmp_path))
    assert r.code != 0 and "folder" in r.err
