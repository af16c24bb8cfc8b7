"""Input nobody meant to give the CLI: one specific line, a non-zero exit, nothing written —
never an internal error, never a misleading message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.desktop.conftest import run_cli

LOG = ["log", "--matter", "BETA-001", "--service", "RES", "--duration", "1h"]


def one_line(r: Any) -> bool:
    return r.code not in (0, 70) and r.err.strip() != "" and "\n" not in r.err.strip()


def test_text_that_is_not_utf8_is_refused(cli: Any, setup_file: Path) -> None:
    assert cli("import", str(setup_file)).code == 0
    r = cli(*LOG, "--note", "Research \udcff the lease")  # the byte 0xff, as argv carries it
    assert one_line(r) and "not valid UTF-8" in r.err
    assert json.loads(cli("entries", "--format", "json").out) == []


def test_folders_that_cannot_be_data_folders(tmp_path: Path) -> None:
    r = run_cli(tmp_path, "--data-dir", "", "status")
    assert one_line(r) and "--data-dir is empty" in r.err
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    r = run_cli(a_file, "status")
    assert one_line(r) and "is a file, not a folder" in r.err


def test_listing_refuses_a_backwards_period_and_an_unknown_matter(
    cli: Any, setup_file: Path
) -> None:
    assert cli("import", str(setup_file)).code == 0
    r = cli("entries", "--from", "2026-11-20", "--to", "2026-11-01")
    assert one_line(r) and "--to is before --from" in r.err
    r = cli("entries", "--matter", "NOPE-001")
    assert one_line(r) and "there is no matter 'NOPE-001'" in r.err
    assert cli("entries", "--matter", " BETA-001").code == 0  # spaces around are forgiven


def test_held_time_is_not_made_longer_or_matched_by_a_pattern(
    cli: Any, firm: Any, clock: Any
) -> None:
    from desktop.services.timer import TimerFields, TimerService

    timer = TimerService(firm)
    timer.start(TimerFields())  # no matter: the stop holds the time
    clock.advance(minutes=45)
    assert timer.stop().held is not None
    [held] = json.loads(cli("held", "--format", "json").out)
    r = cli("complete", "%%%%%%", "--matter", "BETA-001", "--service", "RES")
    assert one_line(r) and "there is no held time" in r.err
    r = cli("complete", held["id"], "--matter", "BETA-001", "--service", "RES",
            "--note", "Research on the lease", "--duration", "5h")  # fmt: skip
    assert one_line(r) and "shorter, not longer" in r.err
    assert len(json.loads(cli("held", "--format", "json").out)) == 1


def test_reject_on_a_draft_says_so_in_plain_words(cli: Any, setup_file: Path) -> None:
    assert cli("import", str(setup_file)).code == 0
    entry_id = cli(*LOG, "--note", "Research on the lease").out.strip()
    r = cli("reject", entry_id, "--comment", "no")
    assert one_line(r) and "only submitted entries can be rejected" in r.err
    r = cli("edit", entry_id[:4], "--note", "Research on the lease, part two")
    assert one_line(r) and "at least 6 characters" in r.err


def test_set_up_files_past_reason_are_refused(cli: Any, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    huge = tmp_path / "huge.json"
    huge.write_text('{"firm": {"name": "X", "narrative_min_length": ' + "9" * 5000 + "}}")
    for path in (deep, huge):
        r = cli("import", str(path))
        assert r.code == 1 and "refused" in r.err and "internal error" not in r.err
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"firm": {"name": "X", "narrative_min_length": 10**9}}))
    r = cli("import", str(big))
    assert r.code == 1 and "from 0 to 10000" in r.err


def test_backup_never_onto_the_stores_own_files(cli: Any, data_dir: Path, setup_file: Path) -> None:
    assert cli("import", str(setup_file)).code == 0
    for name in ("docket.db", "docket.db-wal", "docket.db-shm"):
        r = cli("backup", str(data_dir / name))
        assert one_line(r) and "cannot be the store itself" in r.err


def test_work_dates_outside_the_years_a_record_holds_are_refused(
    cli: Any, setup_file: Path
) -> None:
    assert cli("import", str(setup_file)).code == 0
    for day in ("0001-01-01", "9999-12-31"):
        r = cli(*LOG, "--note", "Research on the lease", "--date", day)
        assert one_line(r) and "between the years 1900 and 2999" in r.err
    assert json.loads(cli("entries", "--format", "json").out) == []
