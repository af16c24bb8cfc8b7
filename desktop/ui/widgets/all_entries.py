"""The "All entries" tab: every entry of the person, newest first, filtered by status in SQL
and loaded a page at a time as the list scrolls (years of history stay fast). Narrowed to a
matter (from the matters view), it shows everyone's entries on that matter, with who."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui import fmt
from desktop.ui.itemmodels.entry_table import COL, EntryTableModel
from desktop.ui.views.entry_list_view import EntryListView

if TYPE_CHECKING:
    from desktop.services.dto import EntryDTO
    from desktop.services.queries import Snapshot

# fetch(status, matter, offset, limit, deliver)
Fetch = Callable[[str | None, str | None, int, int, Callable[[list["EntryDTO"]], None]], None]


class AllEntriesWidget(QWidget):
    sig_entry_chosen = Signal(object)

    def __init__(self, fetch: Fetch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.model = EntryTableModel(self)
        self.view = EntryListView(self.model, show_date=True)
        self.status = QComboBox()
        self.status.addItem("Every status", None)
        for key, word in fmt.STATUS_WORDS.items():
            self.status.addItem(word, key)
        self.matter = QComboBox()
        self.matter.setAccessibleName("Matter")
        self.matter.addItem("My entries, every matter", None)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.status)
        top.addWidget(self.matter)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        self.loaded = False
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.matter.currentIndexChanged.connect(lambda _i: self.reload())
        self.view.sig_entry_chosen.connect(self.sig_entry_chosen.emit)

    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        self.model.set_master(snapshot.master if snapshot else None)
        keep = self.matter.currentData()
        self.matter.blockSignals(True)
        while self.matter.count() > 1:
            self.matter.removeItem(1)
        for m in sorted(snapshot.master.matters.values(), key=lambda m: m.code) if snapshot else []:
            self.matter.addItem(f"Everyone's on {fmt.matter_label(m)}", m.code)
        self.matter.setCurrentIndex(max(0, self.matter.findData(keep)))
        self.matter.blockSignals(False)

    def show_matter(self, code: str | None) -> None:
        """Everyone's entries on one matter (None: the person's own, on every matter)."""
        i = self.matter.findData(code)
        if i < 0:
            self.matter.addItem(f"Everyone's on {code}", code)
            i = self.matter.count() - 1
        if i == self.matter.currentIndex():
            self.reload()
        else:
            self.matter.setCurrentIndex(i)  # reloads

    def reload(self) -> None:
        status = self.status.currentData()
        matter = self.matter.currentData()
        self.loaded = True
        self.view.setColumnHidden(COL["person"], matter is None)
        self.model.set_pager(
            lambda offset, limit, deliver: self._fetch(status, matter, offset, limit, deliver)
        )
