"""The documented set-up file imports, is idempotent, and does what docs/setup-file.md says."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[2] / "docs" / "setup-file.md"


def example(tmp_path: Path) -> Path:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block is not None
    path = tmp_path / "firm.json"
    path.write_text(block.group(1), encoding="utf-8")
    json.loads(block.group(1))
    return path


def rate_of(cli: Any, *args: str) -> tuple[str, str]:
    r = cli("log", "--duration", "1h", "--note", "Work described at length", *args)
    assert r.code == 0, r.err
    [e] = [e for e in cli("entries", "--format", "json").json() if e["id"] == r.out.strip()]
    return e["rate"], e["billed_hours"]


def test_documented_example_imports_and_behaves_as_described(cli: Any, tmp_path: Path) -> None:
    path = example(tmp_path)
    first = cli("import", str(path))
    assert first.code == 0, first.err
    assert "new" in first.out
    again = cli("import", str(path))
    assert again.code == 0 and "new" not in again.out and "updated" not in again.out

    acme = ["--matter", "ACME-001", "--phase", "L100", "--date", "2026-09-15"]
    assert rate_of(cli, *acme, "--service", "RES") == ("600.00", "1.00")
    assert rate_of(cli, *acme, "--service", "DRF") == ("450.00", "1.00")
    assert rate_of(cli, *acme, "--service", "DRF", "--as", "mlee") == ("220.00", "1.00")
    oct_ = ["--matter", "ACME-001", "--phase", "L100", "--date", "2026-10-01"]
    assert rate_of(cli, *oct_, "--service", "DRF", "--as", "mlee") == ("240.00", "1.00")
    r = cli(
        "log",
        "--matter",
        "ACME-002",
        "--service",
        "DRF",
        "--date",
        "2026-09-15",
        "--duration",
        "0:30:01",
        "--note",
        "Drafted the filing",
    )
    assert r.code == 0
    r = cli(
        "log",
        "--matter",
        "INT-ADM",
        "--service",
        "ADM",
        "--date",
        "2025-12-31",
        "--duration",
        "1h",
        "--note",
        "Planning for the year",
    )
    assert r.code != 0 and "locked" in r.err


def test_documented_error_listing(cli: Any, tmp_path: Path) -> None:
    bad = json.loads(example(tmp_path).read_text())
    bad["people"][1]["email"] = "ml@example"
    bad["matters"][0]["phases"][0]["start"] = "2026-03-01"
    bad["matters"][0]["phases"][0]["end"] = "2026-01-01"
    bad["rates"][4]["client"] = "INT"
    bad["rates"][0]["amount"] = 200
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    r = cli("import", str(path))
    assert r.code == 1
    assert "4 problems" in r.err
    for needle in (
        "people[1].email",
        "matters[0].phases[0].end",
        "rates[4].client",
        "rates[0].amount",
    ):
        assert needle in r.err
    assert cli("entries", "--format", "json").json() == []
    assert "no firm set-up" in cli("status").err
