"""Rate rules as a history: newest first within each scope, which rule is in force today,
which were replaced and when, which start later — and how many entries each one priced (a
rule that priced entries never changes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.ui import fmt, theme
from desktop.ui.itemmodels.record_table import Column, RecordTableModel
from desktop.ui.views.record_table_view import RecordTableView

if TYPE_CHECKING:
    from desktop.services.masterdata import RuleUse

FIXED = (
    "it priced entries, so it never changes. Add a rule with the same scope and a new "
    "effective date (New rule from this one), or re-rate unapproved entries."
)


@dataclass(frozen=True)
class RuleRow:
    use: RuleUse
    standing: str  # "in force", "replaced 1 Oct 2026", "starts 1 Dec 2026", "not in force"
    currency: str

    @property
    def scope(self) -> str:
        return self.use.description.rpartition(", from ")[0] or self.use.description


def rule_rows(uses: Sequence[RuleUse], today: date, currency: str) -> list[RuleRow]:
    """``uses`` (newest first within each scope) with each rule's standing on ``today``."""
    by_scope: dict[object, list[RuleUse]] = {}
    for u in uses:
        by_scope.setdefault(u.rule.scope(), []).append(u)
    standing: dict[int, str] = {}
    for group in by_scope.values():
        newer: date | None = None
        in_force_seen = False
        for u in sorted(group, key=lambda u: u.rule.effective_from, reverse=True):
            if u.rule.effective_from > today:
                standing[id(u)] = f"starts {fmt.day_short(u.rule.effective_from)}"
            elif not in_force_seen:
                standing[id(u)] = "in force"
                in_force_seen = True
            else:
                standing[id(u)] = f"replaced {fmt.day_short(newer)}" if newer else "replaced"
            newer = u.rule.effective_from
    return [RuleRow(u, standing[id(u)], u.rule.currency or currency) for u in uses]


def _used(r: RuleRow) -> str:
    u = r.use
    if not u.entries:
        return "no entries yet (its amount can change)"
    span = f" ({fmt.day_span(u.first_date, u.last_date)})" if u.first_date and u.last_date else ""
    return f"{u.entries} entr{'y' if u.entries == 1 else 'ies'}{span}"


RULE_COLUMNS = (
    Column("Scope", lambda r: r.scope, 170, tip=lambda r: r.use.description),
    Column("From", lambda r: fmt.day_short(r.use.rule.effective_from), 92),
    Column("Rate", lambda r: fmt.money(r.use.rule.amount, r.currency), 100, numeric=True),
    Column(
        "Standing",
        lambda r: r.standing,
        150,
        color=lambda r: theme.status_color("approved") if r.standing == "in force" else None,
    ),
    Column("Priced", _used, 150, tip=lambda r: f"Locked: {FIXED}" if r.use.entries else None),
)


def rule_model(parent: QWidget | None = None) -> RecordTableModel:
    return RecordTableModel(
        RULE_COLUMNS, parent, dimmed=lambda r: r.standing.startswith(("replaced", "not"))
    )


class RateHistoryWidget(QWidget):
    """A caption and the history table (a person's or a matter's rules)."""

    sig_chosen = Signal(object)  # RuleRow | None
    sig_opened = Signal(object)  # RuleRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.model = rule_model(self)
        self.table = RecordTableView(self.model, "Rate history")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.caption)
        lay.addWidget(self.table, 1)
        self.table.sig_chosen.connect(self.sig_chosen.emit)
        self.table.sig_opened.connect(self.sig_opened.emit)

    def show_uses(self, uses: Sequence[RuleUse], today: date, currency: str, caption: str) -> None:
        self.caption.setText(caption)
        self.model.set_rows(rule_rows(uses, today, currency))
