"""UTBMS code sets, shipped in core/data and read with importlib.resources."""

from __future__ import annotations

from importlib import resources

import pytest

from core import utbms


@pytest.mark.parametrize(
    "name",
    ["activities.csv", "expenses.csv", "litigation-tasks.csv", "litigation-phases.csv"],
)
def test_the_code_files_ship_inside_the_package(name: str) -> None:
    resource = resources.files("core").joinpath("data", name)
    assert resource.is_file()
    assert resource.read_text(encoding="utf-8").startswith("code,")


@pytest.mark.parametrize(
    ("check", "code", "valid"),
    [
        (lambda c: utbms.is_task("litigation", c), "L110", True),
        (lambda c: utbms.is_task("litigation", c), "L120", True),
        (lambda c: utbms.is_task("litigation", c), "X999", False),
        (lambda c: utbms.is_task("litigation", c), "L100", False),  # a phase, not a task
        (lambda c: utbms.is_task("litigation", c), "A103", False),
        (lambda c: utbms.is_task("litigation", c), "l110", False),
        (lambda c: utbms.is_task("litigation", c), "", False),
        (lambda c: utbms.is_task(None, c), "L110", False),
        (lambda c: utbms.is_task("bankruptcy", c), "L110", False),
        (utbms.is_activity, "A101", True),
        (utbms.is_activity, "A103", True),
        (utbms.is_activity, "A111", True),
        (utbms.is_activity, "X999", False),
        (utbms.is_activity, "L110", False),
        (utbms.is_expense, "E101", True),
        (utbms.is_expense, "X999", False),
        (utbms.is_expense, "A103", False),
    ],
)
def test_codes(check: object, code: str, valid: bool) -> None:
    assert check(code) is valid  # type: ignore[operator]


def test_code_names_and_phases() -> None:
    assert utbms.tasks("litigation")["L110"].name == "Fact Investigation/Development"
    assert utbms.tasks("litigation")["L110"].phase == "L100"
    assert "L100" in utbms.phases("litigation")
    assert utbms.activities()["A103"].name == "Draft/revise"
    assert utbms.expenses()["E101"].name == "Copying"
    # every task belongs to a phase of its set
    phases = utbms.phases("litigation")
    assert all(t.phase in phases for t in utbms.tasks("litigation").values())


def test_code_sets() -> None:
    assert utbms.code_set_names() == ("litigation",)
    with pytest.raises(KeyError):
        utbms.tasks("bankruptcy")
    with pytest.raises(KeyError):
        utbms.phases("bankruptcy")


def test_codes_are_clean() -> None:
    for table in (utbms.activities(), utbms.expenses(), utbms.tasks("litigation")):
        assert table
        for code, entry in table.items():
            assert code == entry.code == code.strip()
            assert entry.name == entry.name.strip() and entry.name
