"""UTBMS code sets (task, activity, expense codes), shipped in ``core/data`` and read with
``importlib.resources`` so wheels, editable installs and the bundle all carry them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

# code set name → the CSV of its task codes (and of its phases)
CODE_SETS: dict[str, tuple[str, str]] = {
    "litigation": ("litigation-tasks.csv", "litigation-phases.csv"),
}


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    phase: str | None = None


def _read(name: str) -> tuple[Code, ...]:
    text = resources.files("core").joinpath("data", name).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return tuple(
        Code(r["code"].strip(), r["name"].strip(), (r.get("phase") or "").strip() or None)
        for r in rows
    )


@cache
def activities() -> dict[str, Code]:
    return {c.code: c for c in _read("activities.csv")}


@cache
def expenses() -> dict[str, Code]:
    return {c.code: c for c in _read("expenses.csv")}


@cache
def tasks(code_set: str) -> dict[str, Code]:
    """Task codes of a code set (``litigation``: L110 … L530)."""
    if code_set not in CODE_SETS:
        raise KeyError(code_set)
    return {c.code: c for c in _read(CODE_SETS[code_set][0])}


@cache
def phases(code_set: str) -> dict[str, Code]:
    """Phase codes of a code set (``litigation``: L100 … L500)."""
    if code_set not in CODE_SETS:
        raise KeyError(code_set)
    return {c.code: c for c in _read(CODE_SETS[code_set][1])}


def is_task(code_set: str | None, code: str) -> bool:
    return code_set in CODE_SETS and code in tasks(code_set or "")


def is_activity(code: str) -> bool:
    return code in activities()


def is_expense(code: str) -> bool:
    return code in expenses()


def code_set_names() -> tuple[str, ...]:
    return tuple(CODE_SETS)
