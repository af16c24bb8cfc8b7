"""Typed domain errors carry a message a person can act on."""

from __future__ import annotations

import pytest

from core.errors import (
    Conflict,
    DocketError,
    IllegalTransition,
    InputError,
    NotFound,
    PolicyViolation,
    Problem,
    ValidationError,
)


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("narrative", "a narrative is required"), "narrative: a narrative is required"),
        (Problem("rates[2].client", "no such client"), "rates[2].client: no such client"),
        (Problem("", "not valid JSON"), "not valid JSON"),
    ],
)
def test_problem_text(problem: Problem, text: str) -> None:
    assert str(problem) == text


def test_validation_error_lists_every_problem() -> None:
    err = ValidationError(
        [Problem("matter", "is required"), Problem("phase", "is unknown")], "entry not saved"
    )
    assert str(err) == "entry not saved: matter: is required; phase: is unknown"
    assert err.problems == (Problem("matter", "is required"), Problem("phase", "is unknown"))
    assert str(ValidationError([Problem("a", "b")])) == "a: b"


@pytest.mark.parametrize(
    "cls", [InputError, ValidationError, PolicyViolation, IllegalTransition, NotFound, Conflict]
)
def test_every_error_is_a_docket_error(cls: type[Exception]) -> None:
    assert issubclass(cls, DocketError)


def test_hierarchy() -> None:
    assert issubclass(InputError, ValueError)
    assert issubclass(PolicyViolation, ValidationError)
