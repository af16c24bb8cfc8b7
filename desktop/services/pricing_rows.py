"""Turning what a person gives into a priced, policy-checked entry row. The rules themselves
(policy, rate, rounding, the audit snapshot) live in :mod:`core.entries`, shared with the
server; this module maps them onto the local store's columns. Entries, the timer, held time,
re-rating and the batch path all call it, so they cannot drift apart."""

from __future__ import annotations

from decimal import Decimal
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
)
from core.model import Person
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
    person: Person | None = master.people.get(row["person"])
    matter = master.matters.get(row["matter"] or "")
    return EntryDTO(
        id=row["id"],
        person=row["person"],
        person_name=person.name if person else row["person"],
        client=matter.client if matter else None,
        matter=row["matter"],
        phase=row["phase"],
        service=row["service"],
        date=row["work_date"],
        start=row["start_at"],
        end=row["end_at"],
        raw_seconds=row["raw_seconds"],
        billed_seconds=row["billed_seconds"],
        billed_hours=Decimal(row["billed_hours"]),
        narrative=row["narrative"],
        utbms_task=row["utbms_task"],
        utbms_activity=row["utbms_activity"],
        billable=bool(row["billable"]),
        billable_override=row["billable_override"],
        rate=from_cents(row["rate_cents"]),
        currency=row["currency"],
        rate_rule=row["rate_rule"],
        rate_rule_id=row["rate_rule_id"],
        amount=from_cents(row["amount_cents"]),
        status=row["status"],
        source=row["source"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        review_comment=review_comment,
    )


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
