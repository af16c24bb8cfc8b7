"""The rules hold through the CLI on a real store (issue: local store, "Done means")."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def loaded(cli: Any, setup_file: Path) -> Any:
    r = cli("import", str(setup_file))
    assert r.code == 0, r.err
    return cli


def log(cli: Any, *args: str) -> dict[str, Any]:
    r = cli("log", *args)
    assert r.code == 0, r.err
    entry_id = r.out.strip()
    assert len(entry_id.splitlines()) == 1
    [entry] = [e for e in cli("entries", "--format", "json").json() if e["id"] == entry_id]
    return entry


def test_rate_change_on_october_first_leaves_september_at_the_old_rate(loaded: Any) -> None:
    sept = log(
        loaded,
        "--as",
        "mlee",
        "--matter",
        "BETA-001",
        "--service",
        "RES",
        "--date",
        "2026-09-30",
        "--duration",
        "1h",
        "--note",
        "Research on the lease",
    )
    octo = log(
        loaded,
        "--as",
        "mlee",
        "--matter",
        "BETA-001",
        "--service",
        "RES",
        "--date",
        "2026-10-01",
        "--duration",
        "1h",
        "--note",
        "Research on the lease",
    )
    assert (sept["rate"], sept["amount"]) == ("200.00", "200.00")
    assert sept["rate_rule"] == "person mlee, from 2026-01-01"
    assert (octo["rate"], octo["amount"]) == ("220.00", "220.00")
    assert octo["rate_rule"] == "person mlee, from 2026-10-01"


def test_rate_card_beats_partner_rate_while_associate_keeps_theirs(loaded: Any) -> None:
    partner = log(
        loaded,
        "--matter",
        "ACME-001",
        "--phase",
        "L100",
        "--service",
        "RES",
        "--date",
        "2026-06-01",
        "--duration",
        "1h",
        "--note",
        "Reviewed the contracts",
    )
    assoc = log(
        loaded,
        "--as",
        "ml@example.com",
        "--matter",
        "ACME-001",
        "--phase",
        "L100",
        "--service",
        "RES",
        "--date",
        "2026-06-01",
        "--duration",
        "1h",
        "--note",
        "Reviewed the contracts",
    )
    assert partner["person"] == "rarnsley"
    assert partner["rate"] == "450.00"
    assert partner["rate_rule"] == "matter ACME-001 × classification PARTNR, from 2026-01-01"
    assert assoc["person"] == "mlee" and assoc["person_name"] == "Mia Lee"
    assert assoc["rate"] == "200.00"
    assert assoc["rate_rule"] == "person mlee, from 2026-01-01"


def test_matter_service_rate_beats_both(loaded: Any) -> None:
    for who in ("rarnsley", "mlee"):
        e = log(
            loaded,
            "--as",
            who,
            "--matter",
            "ACME-001",
            "--phase",
            "L100",
            "--service",
            "DRF",
            "--date",
            "2026-06-01",
            "--duration",
            "1h",
            "--note",
            "Drafted the claim",
        )
        assert e["rate"] == "600.00"
        assert e["rate_rule"] == "service DRF × matter ACME-001, from 2026-01-01"
        assert e["amount"] == "600.00"


def test_client_rounding_override_applies_to_that_client_only(loaded: Any) -> None:
    # 7 min 30 s: ACME's 15-min/nearest keeps the firm's 6-min minimum → 15 min (0.25 h);
    # BETA has the firm's 6-min/up → 12 min (0.20 h)
    acme = log(
        loaded,
        "--matter",
        "ACME-001",
        "--phase",
        "L100",
        "--service",
        "RES",
        "--date",
        "2026-06-01",
        "--duration",
        "0:07:30",
        "--note",
        "Called the client",
    )
    beta = log(
        loaded,
        "--matter",
        "BETA-001",
        "--service",
        "RES",
        "--date",
        "2026-06-01",
        "--duration",
        "0:07:30",
        "--note",
        "Called the client",
    )
    assert (acme["raw_seconds"], acme["billed_hours"]) == (450, "0.25")
    assert (beta["raw_seconds"], beta["billed_hours"]) == (450, "0.20")
    # 30 min 01 s under the firm's 6-minute/up is 36 minutes: 0.60 h
    e = log(
        loaded,
        "--matter",
        "BETA-001",
        "--service",
        "RES",
        "--date",
        "2026-06-01",
        "--duration",
        "0:30:01",
        "--note",
        "Called the client",
    )
    assert e["billed_hours"] == "0.60" and e["amount"] == "180.00"


def test_entries_json_has_every_documented_field(loaded: Any) -> None:
    log(
        loaded,
        "--matter",
        "BETA-001",
        "--service",
        "ADM",
        "--date",
        "2026-06-01",
        "--duration",
        "1,5",
        "--note",
        "Internal planning meeting",
    )
    [e] = loaded("entries", "--format", "json").json()
    for key in (
        "id",
        "person",
        "person_name",
        "client",
        "matter",
        "phase",
        "service",
        "date",
        "raw_seconds",
        "raw_minutes",
        "billed_hours",
        "rate",
        "rate_rule",
        "amount",
        "currency",
        "billable",
        "status",
        "narrative",
    ):
        assert key in e
    assert e["client"] == "BETA" and e["phase"] is None
    assert e["raw_seconds"] == 5400 and e["raw_minutes"] == 90
    assert e["billable"] is False and e["amount"] == "0.00" and e["rate"] == "300.00"
    assert e["status"] == "draft" and e["currency"] == "USD"


def _store_digest(data_dir: Path) -> str:
    import sqlite3

    con = sqlite3.connect(data_dir / "docket.db")
    try:
        rows = []
        for table in ("entries", "audit_events", "held", "timer", "comments"):
            rows.append(repr(con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()))
        return hashlib.sha256("".join(rows).encode()).hexdigest()
    finally:
        con.close()


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--service", "RES", "--note", "Long enough narrative"], "matter"),
        (["--matter", "BETA-001", "--note", "Long enough narrative"], "service"),
        (["--matter", "BETA-001", "--service", "RES"], "narrative"),
        (["--matter", "BETA-001", "--service", "RES", "--note", "  too short  "], "narrative"),
        (["--matter", "ACME-001", "--service", "RES", "--note", "Long enough narrative"], "phase"),
        (["--matter", "NOPE", "--service", "RES", "--note", "Long enough narrative"], "matter"),
        (
            [
                "--matter",
                "ACME-001",
                "--phase",
                "L100",
                "--service",
                "RES",
                "--note",
                "Long enough narrative",
                "--task",
                "X999",
            ],
            "utbms_task",
        ),
    ],
)
def test_refused_entry_names_the_field_and_changes_nothing(
    loaded: Any, data_dir: Path, args: list[str], field: str
) -> None:
    before = _store_digest(data_dir)
    r = loaded("log", "--duration", "1h", "--date", "2026-06-01", *args)
    assert r.code != 0
    assert r.out == ""
    assert len(r.err.strip().splitlines()) == 1, r.err
    assert field in r.err
    assert "Traceback" not in r.err
    assert _store_digest(data_dir) == before


@pytest.mark.parametrize("bad", ["25h", "0", "abc", "-1h", "1:75", ""])
def test_bad_duration_is_one_clear_line(loaded: Any, bad: str) -> None:
    r = loaded(
        "log",
        "--matter",
        "BETA-001",
        "--service",
        "RES",
        "--note",
        "Long enough text",
        "--duration",
        bad,
    )
    assert r.code != 0 and r.out == ""
    assert "duration" in r.err and len(r.err.strip().splitlines()) == 1


def test_unpriced_entry_is_saved_flagged_and_cannot_be_submitted(cli: Any, tmp_path: Path) -> None:
    import json

    doc = {
        "people": [{"id": "solo", "name": "Sam Solo"}],
        "clients": [{"code": "C", "name": "Client"}],
        "matters": [{"code": "M", "client": "C", "name": "Matter"}],
    }
    f = tmp_path / "solo.json"
    f.write_text(json.dumps(doc))
    assert cli("import", str(f)).code == 0
    r = cli("log", "--matter", "M", "--duration", "1h", "--date", "2026-06-01")
    assert r.code == 0 and "no rate rule" in r.err
    entry_id = r.out.strip()
    [e] = cli("entries", "--format", "json").json()
    assert (e["rate"], e["rate_rule"], e["amount"]) == ("0.00", "no rate rule", "0.00")
    r = cli("submit", entry_id)
    assert r.code != 0 and "no rate rule" in r.err
    assert cli("entries", "--format", "json").json()[0]["status"] == "draft"
