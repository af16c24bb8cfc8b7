"""The rates set-up page: every rate rule — or one person's or one matter's — as a history
with the entries each rule priced, the rule form, and the way to re-rating."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton

from desktop.ui.setup.page import SetupPageWidget
from desktop.ui.setup.rate_form import SCOPE, RateFormWidget
from desktop.ui.setup.rate_history import RULE_COLUMNS, RuleRow, rule_rows
from desktop.ui.widgets.combo import fill_combo

if TYPE_CHECKING:
    from desktop.services.masterdata import RuleUse
    from desktop.ui.setup.controller import SetupController, SetupData


def _key(scope: Any, effective_from: Any) -> str:
    return f"{tuple(scope)}@{effective_from}"


class RatesPageWidget(SetupPageWidget):
    kind = "rate rule"
    new_text = "New rule"
    sig_rerate = Signal()

    def __init__(self, controller: SetupController) -> None:
        self.rate_form = RateFormWidget()
        super().__init__(
            controller,
            self.rate_form,
            RULE_COLUMNS,
            dimmed=lambda r: r.standing.startswith("replaced"),
        )
        self._rows: list[RuleRow] = []
        self._token = 0
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show the rules of")
        self.rerate_button = QPushButton("Re-rate entries…")
        self.rerate_button.setToolTip(
            "Re-price unapproved entries under today's rules, after a preview"
        )
        self.top.insertWidget(0, QLabel("Show"))
        self.top.insertWidget(1, self.filter)
        self.top.addWidget(self.rerate_button)
        self._filter_key: str | None = None
        self.filter.currentIndexChanged.connect(self._filter_changed)
        self.rerate_button.clicked.connect(self.sig_rerate.emit)
        self.splitter.setSizes([700, 540])  # the history is what this page is about

    # ------------------------------------------------------------------ data
    def set_data(self, data: SetupData) -> None:
        self.data = data
        m = data.master
        # string keys ("person:mlee"): findData matches them after a reload (tuples it would not)
        items: list[tuple[str, Any]] = [("every rule", None)]
        items += [(f"person {p.name} ({p.id})", f"person:{p.id}") for p in m.people.values()]
        items += [(f"matter {x.code} · {x.name}", f"matter:{x.code}") for x in m.matters.values()]
        fill_combo(self.filter, items, self._filter_key)
        self._filter_key = self.filter.currentData()
        self.rerate_button.setEnabled(data.read_only_reason is None)
        self._fetch()

    def _filter_changed(self, _index: int) -> None:
        if self.dirty():  # another person's rules would replace the form being typed in
            self.sig_note.emit("You have unsaved changes in the form: save or revert them first.")
            self.filter.blockSignals(True)
            self.filter.setCurrentIndex(max(0, self.filter.findData(self._filter_key)))
            self.filter.blockSignals(False)
            return
        self._filter_key = self.filter.currentData()
        self._fetch()

    def _fetch(self) -> None:
        if self.data is None:
            return
        self._token += 1
        token, data = self._token, self.data
        which = self.filter.currentData()
        scope = dict([which.split(":", 1)]) if which else {}

        def deliver(uses: list[RuleUse]) -> None:
            if token == self._token:
                self._rows = rule_rows(uses, data.today, data.currency)
                super(RatesPageWidget, self).set_data(data)

        self.controller.rule_uses(deliver, **scope)

    def records(self, data: SetupData) -> list[Any]:
        return self._rows

    def fill_choices(self, data: SetupData) -> None:
        self.rate_form.set_master(data.master, data.today)

    def key(self, rec: Any) -> str:
        rule = rec.use.rule if isinstance(rec, RuleRow) else rec  # a row, or the form's rule
        return _key(rule.scope(), rule.effective_from)

    def show_record(self, rec: RuleRow | None) -> None:
        self.rate_form.start_use(rec.use if rec is not None else None)

    # ------------------------------------------------------------------ new rules
    def new_with(self, scope: dict[str, str]) -> None:
        """A new rule with ``scope`` filled in (from a person's or a matter's page)."""
        if self.form.touched:
            self.sig_note.emit("You have unsaved changes in the form: save or revert them first.")
            return
        self.table.clearSelection()
        self.rate_form.start_use(None, scope)
        self.rate_form.amount.setFocus()

    def record_key(self, record: dict[str, Any]) -> str:
        scope = tuple((k, record[k]) for k in SCOPE if record.get(k) is not None)
        return _key(scope, record.get("effective_from"))

    def record_words(self, record: dict[str, Any]) -> str:
        scope = " × ".join(f"{k} {record[k]}" for k in SCOPE if record.get(k)) or "firm default"
        return f"the rate rule {scope}, from {record.get('effective_from')}"
