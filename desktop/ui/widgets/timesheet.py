"""The timesheet tab: the week grid above, the chosen day's entries below.

It shows what it is given (``show_week``) and says what the person chose (``sig_entry_chosen``,
``sig_day_chosen``); loading weeks is the window's job, through the task runner.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.ui import fmt
from desktop.ui.itemmodels.entry_table import EntryTableModel
from desktop.ui.itemmodels.week_table import WeekTableModel
from desktop.ui.views.entry_list_view import EntryListView
from desktop.ui.views.week_view import WeekView

if TYPE_CHECKING:
    from desktop.services.dto import EntryDTO
    from desktop.services.queries import Snapshot, WeekDTO


class TimesheetWidget(QWidget):
    sig_entry_chosen = Signal(object)  # EntryDTO | None
    sig_day_chosen = Signal(object)  # date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.week_model = WeekTableModel(self)
        self.day_model = EntryTableModel(self)
        self.week_view = WeekView(self.week_model)
        self.totals_view = WeekView(self.week_model, totals=True)
        self.totals_view.follow(self.week_view)
        self.day_view = EntryListView(self.day_model)
        self.day_title = QLabel()
        font = self.day_title.font()
        font.setBold(True)
        self.day_title.setFont(font)
        self.day_totals = QLabel()
        self.day_totals.setEnabled(False)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 6, 0, 0)
        ll.setSpacing(2)
        ll.addWidget(self.day_title)
        ll.addWidget(self.day_totals)
        ll.addWidget(self.day_view, 1)
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.setSpacing(0)
        ul.addWidget(self.week_view, 1)
        ul.addWidget(self.totals_view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setChildrenCollapsible(False)
        # the grid keeps the height its rows need (see _fit_grid); the day list takes the rest
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self.week: WeekDTO | None = None
        self._snapshot: Snapshot | None = None
        self.day = fmt.local_today()
        self._quiet = False
        self.user_sized = False  # the person moved the divider: leave it where they put it
        self.splitter.splitterMoved.connect(self._moved)
        self.week_view.sig_day_chosen.connect(self.choose_day)
        self.totals_view.sig_day_chosen.connect(self.choose_day)
        self.day_view.sig_entry_chosen.connect(self._entry_chosen)

    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        self.day_model.set_master(snapshot.master if snapshot else None)
        self._snapshot = snapshot

    def show_week(self, week: WeekDTO, today: date, day: date, keep: str | None) -> None:
        """Show ``week`` with ``day`` chosen, and the entry ``keep`` selected again."""
        self._quiet = True
        try:
            snapshot = self._snapshot
            self.week = week
            self.week_model.set_week(
                week.monday, today, list(week.entries), snapshot.master if snapshot else None
            )
            self._show_day(day)
            if keep is not None:
                self.day_view.select_entry(keep)
        finally:
            self._quiet = False
        self._fit_grid()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_grid()

    def _moved(self, _pos: int, _index: int) -> None:
        self.user_sized = True

    def _fit_grid(self) -> None:
        """Give the grid the height its rows need (totals included), up to two thirds."""
        total = sum(self.splitter.sizes())
        if self.user_sized or total <= 0:
            return
        view = self.week_view
        rows = sum(not self.week_model.is_total(r) for r in range(self.week_model.rowCount()))
        height = view.verticalHeader().defaultSectionSize() * rows
        need = view.horizontalHeader().height() + height + 2 * view.frameWidth()
        need += self.totals_view.height() + 2
        grid = min(need, total * 2 // 3)
        self.splitter.setSizes([grid, total - grid])

    def choose_day(self, day: date) -> None:
        if day == self.day:
            return
        self._show_day(day)
        self.sig_day_chosen.emit(day)

    def _show_day(self, day: date) -> None:
        self.day = day
        entries = [e for e in self.week.entries if e.date == day] if self.week else []
        self.day_model.set_entries(entries)
        billable = self.week_model.day_total(day, "billable")
        non = self.week_model.day_total(day, "non_billable")
        self.day_title.setText(
            fmt.day_long(day) + ("  · today" if day == self.week_model.today else "")
        )
        count = len(entries)
        self.day_totals.setText(
            f"{count} entr{'y' if count == 1 else 'ies'} · {fmt.hours(billable + non)} h billed "
            f"({fmt.hours(billable)} billable · {fmt.hours(non)} non-billable)"
            if count
            else "Nothing logged on this day yet."
        )
        self.week_view.select_day(day)

    def _entry_chosen(self, entry: EntryDTO | None) -> None:
        if not self._quiet:
            self.sig_entry_chosen.emit(entry)

    def entry(self, entry_id: str) -> EntryDTO | None:
        if self.week is None:
            return None
        return next((e for e in self.week.entries if e.id == entry_id), None)
