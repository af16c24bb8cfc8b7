"""Turning what a person gives into a priced, policy-checked entry row. The rules themselves
(policy, rate, rounding, the audit snapshot) live in :mod:`core.entries`, shared with the
server; this module maps them onto the local store's columns. Entries, the timer, held time,
re-rating and the batch path all call it, so they cannot drift apart."""

from __future__ import annotations

from typing import Any

from core.entries import (
    Draft,
    check,
    draft_columns,
    normalise,
    price_of,
    pricing_columns,
    problems,
    reprice_keeping_rate,
    snapshot,
    view_fields,
)
from core.money import from_cents
from desktop.models.master import Master
from desktop.services.dto import EntryDTO


def repriced_amount_columns(row: dict[str, Any], master: Master, draft: Draft) -> dict[str, Any]:
    """Rounding, billable and amount recomputed for an edited entry while its stored rate and
    rule stay as they are (a later rule never touches an entry: re-rating is explicit)."""
    return pricing_columns(
        reprice_keeping_rate(
            master,
            draft,
            from_cents(row["rate_cents"]),
            row["currency"],
            row["rate_rule_id"],
            row["rate_rule"],
        )
    )


def to_dto(row: Any, master: Master, review_comment: str | None = None) -> EntryDTO:
    return EntryDTO(**view_fields(row, master), review_comment=review_comment)


__all__ = [
    "Draft",
    "check",
    "draft_columns",
    "normalise",
    "price_of",
    "pricing_columns",
    "problems",
    "repriced_amount_columns",
    "snapshot",
    "to_dto",
]
