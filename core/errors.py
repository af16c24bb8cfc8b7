"""Typed domain errors. Each carries a message a person can act on."""

from __future__ import annotations

from dataclasses import dataclass


class DocketError(Exception):
    """Base of every domain error: ``str(err)`` is a complete sentence for a person."""


class InputError(DocketError, ValueError):
    """A value typed by a person does not parse (a duration, a date, an amount)."""


@dataclass(frozen=True)
class Problem:
    """One problem with an input: where it is (a field name or a path in a file) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationError(DocketError):
    """One or more problems with a record or a file; nothing was written."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], summary: str = "") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.summary = summary
        super().__init__(self._text())

    def _text(self) -> str:
        body = "; ".join(str(p) for p in self.problems)
        return f"{self.summary}: {body}" if self.summary else body


class PolicyViolation(ValidationError):
    """An entry breaks the firm's required-field policy (or the entry rules); not saved."""


class IllegalTransition(DocketError):
    """A workflow action is not allowed in the entry's state, or not for this person."""


class NotFound(DocketError):
    """A record does not exist, or is outside what the acting person may see."""


class Conflict(DocketError):
    """A change was made against a version that has moved on."""


def gist(exc: BaseException) -> str:
    """An unexpected error in a line a person can pass on: its kind and the first line of its
    text, never a database statement, its parameters or a traceback (those go to the log)."""
    text = str(exc).split("[SQL:", 1)[0].strip()
    first = text.splitlines()[0].strip() if text else ""
    if len(first) > 120:
        first = first[:119] + "…"
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
