"""Password hashing: argon2id (argon2-cffi's defaults), and a dummy hash verified for unknown
emails so that "no such account" and "wrong password" take comparable time."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.errors import Problem, ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 1024

_hasher = PasswordHasher()  # argon2id
_DUMMY = _hasher.hash("docket: a password nobody has")


def hash_password(password: str) -> str:
    problems = password_problems(password)
    if problems:
        raise ValidationError(problems, "password refused")
    return _hasher.hash(password)


def password_problems(password: str) -> list[Problem]:
    if len(password) < MIN_LENGTH:
        return [Problem("password", f"must be at least {MIN_LENGTH} characters")]
    if len(password) > MAX_LENGTH:
        return [Problem("password", f"must be at most {MAX_LENGTH} characters")]
    return []


def verify(stored: str | None, password: str) -> bool:
    """True when ``password`` matches ``stored``; with no stored hash, verifies against a
    dummy so the time taken does not tell whether the account exists."""
    try:
        return _hasher.verify(stored or _DUMMY, password[:MAX_LENGTH]) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
