"""Fixtures for the desktop services and CLI: a fresh real SQLite store per test, a clock
the test moves, and the firm of PRODUCT.md §6 (extended) loaded through the real import."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.services.setup import SetupService
from desktop.services.workspace import Workspace

FIRM: dict[str, Any] = {
    "firm": {
        "name": "Arnsley & Co",
        "currency": "USD",
        "rounding": {"increment_minutes": 6, "direction": "up", "minimum_minutes": 6},
        "required_fields": ["matter", "service", "narrative"],
        "narrative_min_length": 10,
        "allow_self_approval": False,
    },
    "people": [
        {
            "id": "rarnsley",
            "name": "Robert Arnsley",
            "email": "ra@example.com",
            "role": "partner",
            "classification": "PARTNR",
        },
        {
            "id": "mlee",
            "name": "Mia Lee",
            "email": "ml@example.com",
            "role": "timekeeper",
            "classification": "ASSOC",
        },
    ],
    "service_types": [
        {"code": "RES", "name": "Research", "billable": True, "utbms_activity": "A102"},
        {"code": "DRF", "name": "Drafting", "billable": True, "utbms_activity": "A103"},
        {"code": "ADM", "name": "Firm administration", "billable": False},
    ],
    "clients": [
        {
            "code": "ACME",
            "name": "Acme Corp",
            "rounding": {"increment_minutes": 15, "direction": "nearest"},
            "required_fields": ["phase"],
        },
        {"code": "BETA", "name": "Beta Ltd"},
    ],
    "matters": [
        {
            "code": "ACME-001",
            "client": "ACME",
            "name": "Supply dispute",
            "billing": "hourly",
            "team": ["rarnsley", "mlee"],
            "reviewers": ["rarnsley"],
            "client_matter_id": "423-987",
            "utbms": "litigation",
            "phases": [
                {
                    "code": "L100",
                    "name": "Case assessment",
                    "estimated_hours": "40",
                    "start": "2026-01-05",
                    "end": "2026-03-27",
                },
                {"code": "L200", "name": "Pleadings", "estimated_hours": "20"},
            ],
        },
        {
            "code": "ACME-002",
            "client": "ACME",
            "name": "Trademark filing",
            "billing": "fixed_fee",
            "fixed_fee": "12000.00",
            "team": ["rarnsley"],
            "phases": [{"code": "P1", "name": "Filing"}],
        },
        {
            "code": "BETA-001",
            "client": "BETA",
            "name": "General advice",
            "billing": "hourly",
            "team": ["rarnsley", "mlee"],
        },
    ],
    "rates": [
        {"amount": "300.00", "effective_from": "2026-01-01", "person": "rarnsley"},
        {"amount": "200.00", "effective_from": "2026-01-01", "person": "mlee"},
        {"amount": "220.00", "effective_from": "2026-10-01", "person": "mlee"},
        {
            "amount": "450.00",
            "effective_from": "2026-01-01",
            "matter": "ACME-001",
            "classification": "PARTNR",
        },
        {
            "amount": "600.00",
            "effective_from": "2026-01-01",
            "matter": "ACME-001",
            "service": "DRF",
        },
    ],
}


def firm_doc() -> dict[str, Any]:
    return copy.deepcopy(FIRM)


class Clock:
    """A clock the test moves."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 10, 14, 0, tzinfo=UTC))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "ws"


@pytest.fixture
def ws(data_dir: Path, clock: Clock) -> Iterator[Workspace]:
    w = Workspace.open(data_dir, clock=clock, tz=UTC)
    yield w
    w.close()


@pytest.fixture
def firm(ws: Workspace) -> Workspace:
    SetupService(ws).import_setup(firm_doc())
    return ws


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(data_dir: Path, *args: str) -> Result:
    """Run the CLI in-process (the same code path as the `docket` command)."""
    from desktop.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(["--data-dir", str(data_dir), *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli(data_dir: Path) -> Any:
    def run(*args: str) -> Result:
        return run_cli(data_dir, *args)

    return run


@pytest.fixture
def setup_file(tmp_path: Path) -> Path:
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(FIRM), encoding="utf-8")
    return path
