"""A table of entries (a day's, or a long list loaded page by page as it scrolls)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from desktop.ui.itemmodels.entry_table import COL, EntryTableModel
from desktop.ui.views.tables import set_up_list


class EntryListView(QTableView):
    sig_entry_chosen = Signal(object)  # EntryDTO | None
    sig_history = Signal(str)  # an entry's id: show its history

    def __init__(
        self, model: EntryTableModel, parent: QWidget | None = None, *, show_date: bool = False
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.entry_model = model
        set_up_list(self, "Entries")
        header = self.horizontalHeader()
        widths = {  # the status fits "Submitted · attention" (a firm workspace's marks)
            "status": self.fontMetrics().horizontalAdvance("Submitted · attention") + 34,
            "date": 92,
            "person": 120,
            "matter": 92,
            "phase": 64,
            "service": 140,
            "duration": 70,
            "billed": 70,
            "amount": 92,
        }
        for key, width in widths.items():
            header.resizeSection(COL[key], width)
        self.setColumnHidden(COL["date"], not show_date)
        self.setColumnHidden(COL["person"], True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.selectionModel().currentRowChanged.connect(self._current_changed)

    def _current_changed(self, current: object, _previous: object) -> None:
        row = self.currentIndex().row()
        self.sig_entry_chosen.emit(self.entry_model.entry(row))

    def select_entry(self, entry_id: str) -> bool:
        row = self.entry_model.row_of(entry_id)
        if row < 0:
            return False
        self.setCurrentIndex(self.entry_model.index(row, 0))
        return True

    def _context_menu(self, pos: QPoint) -> None:
        entry = self.entry_model.entry(self.indexAt(pos).row())
        if entry is None:
            return
        menu = QMenu(self)
        menu.addAction("&History…", lambda: self.sig_history.emit(entry.id))
        menu.popup(self.viewport().mapToGlobal(pos))
