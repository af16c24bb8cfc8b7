"""Field widgets the set-up forms share: a checklist of codes (team, reviewers, service types,
required fields), a date that may be left empty, and reading a field's text as the set-up file
wants it (None when empty)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

_NO_DATE = QDate(1999, 12, 31)


class CodeChecklistWidget(QListWidget):
    """Codes to tick. ``lock`` shows codes that are ticked elsewhere (the firm's required
    fields on a client), greyed, with why."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, rows: int = 5) -> None:
        super().__init__(parent)
        self._rows = rows
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setUniformItemSizes(True)
        self.itemChanged.connect(lambda _item: self.sig_changed.emit())

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height() + 8
        return QSize(240, line * min(max(self.count(), 2), self._rows) + 6)

    def set_items(self, items: Iterable[tuple[str, str]]) -> None:
        keep = set(self.checked())
        self.blockSignals(True)
        self.clear()
        for code, label in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in keep else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        self.updateGeometry()

    def _items(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count())]

    def set_checked(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        self.blockSignals(True)
        for item in self._items():
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                on = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def lock(self, codes: Iterable[str], why: str) -> None:
        locked = set(codes)
        self.blockSignals(True)
        for item in self._items():
            if item.data(Qt.ItemDataRole.UserRole) in locked:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setCheckState(Qt.CheckState.Checked)
                item.setToolTip(why)
            else:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setToolTip("")
        self.blockSignals(False)

    def checked(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
            and item.flags() & Qt.ItemFlag.ItemIsUserCheckable
        ]


class OptionalDateEdit(QDateEdit):
    """A date with a calendar, or none (shown as ``none``)."""

    def __init__(self, parent: QWidget | None = None, *, none_text: str = "none") -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText(none_text)
        self.setDate(_NO_DATE)

    def value(self) -> date | None:
        d = self.date()
        return None if d == _NO_DATE else date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(_NO_DATE if value is None else QDate(value.year, value.month, value.day))


def date_text(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def text_of(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


def watch(widget: QWidget, changed: Callable[[], None]) -> None:
    """Call ``changed`` whenever the person changes the field."""
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(lambda _t: changed())
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda _i: changed())
        if widget.isEditable():
            widget.editTextChanged.connect(lambda _t: changed())
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(lambda _b: changed())
    elif isinstance(widget, QSpinBox):
        widget.valueChanged.connect(lambda _v: changed())
    elif isinstance(widget, QDateEdit):
        widget.dateChanged.connect(lambda _d: changed())
    elif isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(changed)
    elif isinstance(widget, CodeChecklistWidget):
        widget.sig_changed.connect(changed)
