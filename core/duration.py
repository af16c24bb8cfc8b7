"""Durations as people type them, to integer seconds (PRODUCT.md §6).

Accepted: ``90m``, ``2h``, ``1h30``, ``1h30m``, ``1:30``, ``1.5``, ``1,5`` (a bare number is
hours), also ``45s``, ``1h 30m``, ``1:30:15`` and ``0.25h``. More than 24 hours, zero and
negative durations are refused with a message that says what would be accepted.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.errors import InputError

MAX_SECONDS = 24 * 3600
_EXAMPLES = "use a form such as 90m, 2h, 1h30, 1h30m, 1:30 or 1.5 (hours)"

_HMS_RE = re.compile(
    r"^(?:(?P<h>\d+(?:[.,]\d+)?)\s*h)?\s*(?:(?P<m>\d+(?:[.,]\d+)?)\s*(?:m|$))?\s*"
    r"(?:(?P<s>\d+)\s*s)?$"
)
_COLON_RE = re.compile(r"^(?P<h>\d+):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?$")
_NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)?$|^[.,]\d+$")


class DurationError(InputError):
    """A duration that does not parse or is out of range."""


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def parse_duration(text: str) -> int:
    """Parse a duration into whole seconds (more than 0, at most 24 hours)."""
    if not isinstance(text, str):
        raise DurationError(f"duration must be text, {_EXAMPLES}")
    raw = text.strip().lower()
    if not raw:
        raise DurationError(f"duration is empty: {_EXAMPLES}")
    if raw.startswith("-"):
        raise DurationError(f"duration {text!r} is negative: a duration must be more than 0")
    try:
        seconds = _parse(raw)
    except (InvalidOperation, ValueError) as err:
        raise DurationError(f"duration {text!r} is not understood: {_EXAMPLES}") from err
    if seconds is None:
        raise DurationError(f"duration {text!r} is not understood: {_EXAMPLES}")
    if seconds <= 0:
        raise DurationError(f"duration {text!r} is zero: a duration must be more than 0")
    if seconds > MAX_SECONDS:
        raise DurationError(
            f"duration {text!r} is more than 24 hours: split it into entries of one day each"
        )
    return seconds


def _parse(raw: str) -> int | None:
    if _NUMBER_RE.match(raw):
        return _round(_dec(raw) * 3600)
    m = _COLON_RE.match(raw)
    if m:
        return int(m["h"]) * 3600 + int(m["m"]) * 60 + int(m["s"] or 0)
    m = _HMS_RE.match(raw)
    if m and (m["h"] or m["m"] or m["s"]) and re.search(r"[hms]", raw):
        # "1h30" is 1 h 30 min; a bare trailing number after "h" means minutes. Minutes need
        # their "m" anywhere else, so the digits of "45s" are never split into 4 min 5 s.
        total = Decimal(0)
        if m["h"]:
            total += _dec(m["h"]) * 3600
        if m["m"]:
            total += _dec(m["m"]) * 60
        if m["s"]:
            total += int(m["s"])
        return _round(total)
    return None


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_hm(seconds: int) -> str:
    """``5400`` → ``1:30``; seconds are shown only when present (``1:30:15``)."""
    if seconds < 0:
        return "-" + format_hm(-seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if s else f"{h}:{m:02d}"


def format_compact(seconds: int) -> str:
    """``5400`` → ``1h30m``; ``2700`` → ``45m``; ``7200`` → ``2h``."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    parts = []
    if h:
        parts.append(f"{h}h")
    if m:
        parts.append(f"{m}m")
    if s or not parts:
        parts.append(f"{s}s")
    return "".join(parts)
