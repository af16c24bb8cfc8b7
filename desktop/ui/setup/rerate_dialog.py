"""Re-rating, explicitly: choose the entries (dates, matter), see exactly what would change —
each entry's old and new rate, rule and amount — and only then confirm. What is done is
what was shown: if anything changed meanwhile, nothing is written and a new preview is shown.
Approved and billed entries are never touched."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import fmt
from desktop.ui.itemmodels.record_table import Column, RecordTableModel
from desktop.ui.setup.fields import OptionalDateEdit, date_text
from desktop.ui.views.record_table_view import RecordTableView
from desktop.ui.widgets.combo import fill_combo
from desktop.ui.widgets.field_row import FieldRowWidget

if TYPE_CHECKING:
    from desktop.services.maintenance import RerateChange
    from desktop.ui.setup.controller import SetupController, SetupData
    from desktop.ui.tasks import TaskError


def _arrow(old: Any, new: Any) -> str:
    return f"{old} → {new}" if old != new else f"{old}"


def _rule_change(old: str, new: str) -> str:
    """``person rarnsley, from 2025-01-01 → 2026-11-01`` when only the date moves."""
    old_scope, _, old_from = old.rpartition(", from ")
    new_scope, _, new_from = new.rpartition(", from ")
    if old_scope and old_scope == new_scope:
        return f"{old_scope}, from {_arrow(old_from, new_from)}"
    return _arrow(old, new)


def change_columns(names: dict[str, str]) -> tuple[Column, ...]:
    return (
        Column("Date", lambda c: fmt.day_short(c.date), 95),
        Column("Person", lambda c: names.get(c.person, c.person), 120),
        Column("Matter", lambda c: c.matter or "—", 85),
        Column(
            "Rate",
            lambda c: _arrow(fmt.money(c.old_rate), fmt.money(c.new_rate)),
            140,
            numeric=True,
        ),
        Column(
            "Amount",
            lambda c: _arrow(fmt.money(c.old_amount), fmt.money(c.new_amount)),
            150,
            numeric=True,
        ),
        Column(
            "Rule",
            lambda c: _rule_change(c.old_rule, c.new_rule),
            300,
            tip=lambda c: f"Was: {c.old_rule}\nWill be: {c.new_rule}",
        ),
    )


class RerateDialog(QDialog):
    def __init__(
        self, controller: SetupController, data: SetupData, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.data = data
        self.preview: list[RerateChange] | None = None
        self.setWindowTitle("Re-rate entries")
        self.resize(980, 560)
        intro = QLabel(
            "Re-pricing applies the rate rules in force today to draft, submitted and "
            "rejected entries. Approved and billed entries never change. Nothing is "
            "re-rated until you confirm the preview; every change is recorded in the audit "
            "trail."
        )
        intro.setWordWrap(True)
        self.date_from = OptionalDateEdit(none_text="the first entry")
        self.date_to = OptionalDateEdit(none_text="the last entry")
        self.matter = QComboBox()
        fill_combo(
            self.matter,
            [("every matter", None)]
            + [(f"{m.code} · {m.name}", m.code) for m in data.master.matters.values()],
        )
        form = QFormLayout()
        form.addRow("&From", self.date_from)
        form.addRow("&To", self.date_to)
        form.addRow("&Matter", self.matter)
        self.preview_button = QPushButton("&Preview")
        self.summary = QLabel("Choose the entries, then preview what would change.")
        self.summary.setWordWrap(True)
        names = {p.id: p.name for p in data.master.people.values()}
        self.model = RecordTableModel(change_columns(names), self)
        self.table = RecordTableView(self.model, "What re-rating changes")
        self.problem = FieldRowWidget(QLabel())
        self.apply_button = QPushButton("Re-rate")
        self.apply_button.setEnabled(False)
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(close)
        row = QHBoxLayout()
        row.addLayout(form)
        row.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(row)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.problem)
        lay.addLayout(buttons)
        self.preview_button.clicked.connect(self.ask_preview)
        self.apply_button.clicked.connect(self.apply)
        close.clicked.connect(self.reject)
        for w in (self.date_from, self.date_to):
            w.dateChanged.connect(lambda _d: self._stale())
        self.matter.currentIndexChanged.connect(lambda _i: self._stale())

    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.date_from.value() is not None:
            out["date_from"] = self.date_from.value()
        if self.date_to.value() is not None:
            out["date_to"] = self.date_to.value()
        if self.matter.currentData() is not None:
            out["matter"] = self.matter.currentData()
        return out

    def describe_filters(self) -> str:
        f = self.filters()
        bits = [f"from {date_text(f['date_from'])}" if "date_from" in f else ""]
        bits.append(f"to {date_text(f['date_to'])}" if "date_to" in f else "")
        bits.append(f"on {f['matter']}" if "matter" in f else "")
        return " ".join(b for b in bits if b)

    def _stale(self) -> None:
        self.preview = None
        self.apply_button.setEnabled(False)
        self.apply_button.setText("Re-rate")
        self.summary.setText("The choice changed: preview again.")

    # ------------------------------------------------------------------ preview and apply
    def ask_preview(self, *, keep_problem: bool = False) -> None:
        if not keep_problem:
            self.problem.set_problems([])
        self.preview_button.setEnabled(False)
        self.controller.rerate(self.filters(), None, self._previewed, self._failed)

    def _previewed(self, changes: list[RerateChange]) -> None:
        self.preview_button.setEnabled(True)
        self.preview = list(changes)
        self.model.set_rows(self.preview)
        n = len(changes)
        if not n:
            self.summary.setText(
                "Nothing would change: every unapproved entry already has the rate in force."
            )
            self.apply_button.setEnabled(False)
            return
        old = sum((c.old_amount for c in changes), Decimal(0))
        new = sum((c.new_amount for c in changes), Decimal(0))
        cur = self.data.currency
        diff = new - old
        self.summary.setText(
            f"{n} entr{'y' if n == 1 else 'ies'} would change: amount "
            f"{fmt.money(old, cur)} → {fmt.money(new, cur)} "
            f"({'+' if diff >= 0 else '−'}{fmt.money(abs(diff))})."
        )
        self.apply_button.setText(f"Re-rate {n} entr{'y' if n == 1 else 'ies'}")
        self.apply_button.setEnabled(True)

    def apply(self) -> None:
        if not self.preview:
            return
        self.apply_button.setEnabled(False)
        self.controller.rerate(self.filters(), self.preview, self._applied, self._refused)

    def _applied(self, changes: list[RerateChange]) -> None:
        n = len(changes)
        self.summary.setText(f"Re-rated {n} entr{'y' if n == 1 else 'ies'}.")
        self.preview = None
        self.apply_button.setText("Re-rate")
        self.accept()

    def _refused(self, err: TaskError) -> None:
        self.preview = None  # overtaken: nothing can be confirmed until it is shown again
        self.apply_button.setEnabled(False)
        self.problem.set_problems([err.message])
        self.ask_preview(keep_problem=True)

    def _failed(self, err: TaskError) -> None:
        self.preview_button.setEnabled(True)
        self.problem.set_problems([err.message])
