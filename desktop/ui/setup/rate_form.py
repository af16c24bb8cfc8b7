"""The rate rule form: amount, currency, effective date and scope (service, matter, client,
and a person or a classification).

A new rule is refused when another has its scope and date (the problem shows under the date).
An unused rule's amount and currency may change in place; its scope and date stay (they are
what identifies it). A rule that priced entries never changes: the form shows it read-only
and offers a new rule with the same scope from a later date.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QPushButton

from desktop.ui import fmt
from desktop.ui.setup.fields import text_of
from desktop.ui.setup.form import RecordFormWidget
from desktop.ui.setup.forms import CLASSIFICATIONS
from desktop.ui.setup.rate_history import FIXED
from desktop.ui.widgets.combo import choose, combo_value, fill_combo

if TYPE_CHECKING:
    from core.model import RateRule
    from desktop.models.master import Master
    from desktop.services.masterdata import RuleUse

SCOPE = ("service", "matter", "client", "person", "classification")


class RateFormWidget(RecordFormWidget):
    def __init__(self) -> None:
        super().__init__()
        self.today = fmt.local_today()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("per hour, e.g. 300.00")
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        self.effective = QDateEdit()
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat("d MMM yyyy")
        self.scope: dict[str, QComboBox] = {k: QComboBox() for k in SCOPE}
        self.scope["classification"].setEditable(True)
        self.add_field("amount", "&Amount", self.amount)
        self.add_field("currency", "C&urrency", self.currency)
        self.add_field(
            "effective_from", "&Effective from", self.effective, "Entries dated from then on"
        )
        self.add_section("Applies to (nothing chosen: the firm's default rate)")
        for key, label in (
            ("service", "&Service type"),
            ("matter", "&Matter"),
            ("client", "C&lient"),
            ("person", "&Person"),
            ("classification", "Cl&assification"),
        ):
            self.add_field(key, label, self.scope[key])
        self.copy_button = QPushButton("New rule from this one")
        self.copy_button.setToolTip("The same scope, from a later date")
        self.copy_button.clicked.connect(self.new_from_current)
        self.buttons.insertWidget(2, self.copy_button)
        self.use: RuleUse | None = None

    def set_master(self, master: Master, today: date) -> None:
        self.today = today
        self.currency.setPlaceholderText(f"the firm's ({master.settings.currency})")
        people = {p.classification for p in master.people.values() if p.classification}
        choices: dict[str, list[tuple[str, Any]]] = {
            "service": [(f"{s.code} · {s.name}", s.code) for s in master.service_types.values()],
            "matter": [(f"{m.code} · {m.name}", m.code) for m in master.matters.values()],
            "client": [(f"{c.code} · {c.name}", c.code) for c in master.clients.values()],
            "person": [(f"{p.name} ({p.id})", p.id) for p in master.people.values()],
            "classification": [(c, c) for c in sorted(people | set(CLASSIFICATIONS))],
        }
        for key, items in choices.items():
            combo = self.scope[key]
            fill_combo(combo, [("any", None), *items], combo_value(combo))

    # ------------------------------------------------------------------ modes
    def start_use(self, use: RuleUse | None, scope: dict[str, str] | None = None) -> None:
        """Show a stored rule (with its use), or a new one with ``scope`` filled in."""
        self.use = use
        self.start(use.rule if use else None)
        if use is None and scope:
            self._loading = True
            for key, value in scope.items():
                choose(self.scope[key], value)
            self._loading = False

    def new_from_current(self) -> None:
        rule = self.current
        if rule is None:
            return
        scope = dict(rule.scope())
        amount = f"{rule.amount:.2f}"
        self.start_use(None, scope)
        self.amount.setText(amount)
        self.amount.setFocus()
        self.amount.selectAll()

    def method(self) -> str:
        return "new_rate" if self.current is None else "add_rate"

    def key_fields(self) -> tuple[Any, ...]:
        return (self.effective, *self.scope.values())

    def record_lock(self, rule: RateRule | None) -> str | None:
        return FIXED if self.use is not None and self.use.entries else None

    def heading_text(self, rule: RateRule | None) -> str:
        if rule is None or self.use is None:
            return "New rate rule"
        n = self.use.entries
        state = f"used by {n} entr{'y' if n == 1 else 'ies'}" if n else "unused"
        return f"Rate rule: {self.use.description} ({state})"

    def _apply_read_only(self) -> None:
        super()._apply_read_only()
        self.copy_button.setVisible(self.current is not None and self.read_only_reason is None)

    # ------------------------------------------------------------------ fields
    def fill(self, rule: RateRule | None) -> None:
        self.amount.setText(f"{rule.amount:.2f}" if rule else "")
        self.currency.setText((rule.currency or "") if rule else "")
        d = rule.effective_from if rule else self.today
        self.effective.setDate(QDate(d.year, d.month, d.day))
        for key in SCOPE:
            choose(self.scope[key], getattr(rule, key) if rule else None)

    def record(self) -> dict[str, Any]:
        d = self.effective.date()
        rec: dict[str, Any] = {
            "amount": self.amount.text().strip(),
            "effective_from": date(d.year(), d.month(), d.day()).isoformat(),
        }
        if text_of(self.currency):
            rec["currency"] = self.currency.text().strip().upper()
        for key in SCOPE:
            value = combo_value(self.scope[key])
            if value is not None:
                rec[key] = value
        return rec
