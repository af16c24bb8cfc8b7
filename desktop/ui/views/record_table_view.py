"""A read-only table of records: one row chosen at a time, column widths from the model's
columns; says which record was chosen (``sig_chosen``) or opened (``sig_opened``: a
double-click or Enter)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView, QWidget

from desktop.ui.itemmodels.record_table import RecordTableModel
from desktop.ui.views.tables import set_up_list


class RecordTableView(QTableView):
    sig_chosen = Signal(object)  # the record, or None
    sig_opened = Signal(object)  # the record

    def __init__(self, model: RecordTableModel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.record_model = model
        set_up_list(self, name, row_padding=10)
        for i, col in enumerate(model.columns):
            self.horizontalHeader().resizeSection(i, col.width)
        self._quiet = False
        self.selectionModel().currentRowChanged.connect(self._current_changed)
        self.doubleClicked.connect(self._opened)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        self.sig_chosen.emit(self.record_model.record(current.row()))

    def _opened(self, index: QModelIndex) -> None:
        rec = self.record_model.record(index.row())
        if rec is not None:
            self.sig_opened.emit(rec)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._opened(self.currentIndex())
            return
        super().keyPressEvent(event)

    def current(self) -> Any:
        return self.record_model.record(self.currentIndex().row())

    def choose(self, match: Any) -> bool:
        """Make the first record ``match`` accepts the current one (quietly: no signal)."""
        row = self.record_model.row_where(match)
        if row < 0:
            return False
        self._quiet = True
        try:
            self.setCurrentIndex(self.record_model.index(row, 0))
        finally:
            self._quiet = False
        self.scrollTo(self.record_model.index(row, 0))
        return True
