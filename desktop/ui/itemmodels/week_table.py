"""The week as a grid: one row per matter / phase / service worked on, one column per day
and the week's total; then rows for billable, non-billable and all billed hours.

Cells are billed hours (the invoice units). The model holds frozen DTOs only; it never queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop.ui import fmt, theme
from desktop.ui.itemmodels.base import Index, RowsTableModel

if TYPE_CHECKING:
    from desktop.models.master import Master
    from desktop.services.dto import EntryDTO

DAYS = 7
COL_LABEL = 0
COL_TOTAL = DAYS + 1
ZERO = Decimal("0.00")
DateRole = Qt.ItemDataRole.UserRole + 1  # the column's date (None for the label and total)
KeyRole = Qt.ItemDataRole.UserRole + 2  # the row's (matter, phase, service), or the total kind


@dataclass
class _Cell:
    hours: Decimal = ZERO
    seconds: int = 0
    count: int = 0
    # by currency: a rate rule may bill in another currency than the firm's, and amounts of
    # two currencies are never added together
    amounts: dict[str, Decimal] = field(default_factory=dict)

    def add(self, e: EntryDTO) -> None:
        self.hours += e.billed_hours
        self.seconds += e.raw_seconds
        self.count += 1
        self.amounts[e.currency] = self.amounts.get(e.currency, ZERO) + e.amount


@dataclass
class _Row:
    key: tuple[str | None, str | None, str | None] | str
    label: str
    detail: str
    cells: list[_Cell] = field(default_factory=lambda: [_Cell() for _ in range(DAYS + 1)])
    total: bool = False


TOTAL_ROWS = (("billable", "Billable"), ("non_billable", "Non-billable"), ("all", "Total"))


class WeekTableModel(RowsTableModel):
    column_count = DAYS + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = fmt.local_today()
        self.monday = self.today - timedelta(days=self.today.weekday())
        self.chosen: date | None = None
        self.currency = ""
        self._rows: list[_Row] = []

    # ------------------------------------------------------------------ filling
    def set_week(
        self, monday: date, today: date, entries: list[EntryDTO], master: Master | None
    ) -> None:
        self.beginResetModel()
        self.monday, self.today = monday, today
        self.currency = master.settings.currency if master else ""
        groups: dict[tuple[str | None, str | None, str | None], _Row] = {}
        totals = {key: _Row(key, label, "", total=True) for key, label in TOTAL_ROWS}
        for e in entries:
            col = (e.date - monday).days
            if not 0 <= col < DAYS:
                continue
            key = (e.matter, e.phase, e.service)
            row = groups.get(key)
            if row is None:
                row = groups[key] = _Row(key, *self._labels(key, master))
            for r in (row, totals["billable" if e.billable else "non_billable"], totals["all"]):
                r.cells[col].add(e)
                r.cells[DAYS].add(e)
        self._rows = [groups[k] for k in sorted(groups, key=lambda k: tuple(x or "" for x in k))]
        self._rows.extend(totals.values())
        self.endResetModel()

    @staticmethod
    def _labels(
        key: tuple[str | None, str | None, str | None], master: Master | None
    ) -> tuple[str, str]:
        matter_code, phase, service = key
        matter = master.matters.get(matter_code or "") if master else None
        label = fmt.matter_label(matter, matter_code)
        bits = []
        if phase:
            ph = matter.phase(phase) if matter else None
            bits.append(f"{phase} {ph.name}" if ph else phase)
        if service:
            st = master.service_types.get(service) if master else None
            bits.append(st.name if st else service)
        return label, " · ".join(bits)

    def is_total(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].total

    def choose(self, day: date | None) -> None:
        """Mark the day whose entries are listed below the grid."""
        if day == self.chosen:
            return
        self.chosen = day
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 1),
                self.index(len(self._rows) - 1, DAYS),
                [Qt.ItemDataRole.BackgroundRole],
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, DAYS)

    def day_of(self, column: int) -> date | None:
        return self.monday + timedelta(days=column - 1) if 1 <= column <= DAYS else None

    def column_of(self, day: date) -> int:
        return (day - self.monday).days + 1

    def day_total(self, day: date, kind: str = "all") -> Decimal:
        col = (day - self.monday).days
        row = next((r for r in self._rows if r.key == kind), None)
        return row.cells[col].hours if row and 0 <= col < DAYS else ZERO

    def week_total(self, kind: str = "all") -> _Cell:
        row = next((r for r in self._rows if r.key == kind), None)
        return row.cells[DAYS] if row else _Cell()

    # ------------------------------------------------------------------ Qt model
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        day = self.day_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == COL_LABEL:
                return "Matter · phase · service"
            if section == COL_TOTAL:
                return "Week"
            if day is not None:
                return f"{day:%a} {day.day}" + ("\ntoday" if day == self.today else "\n")
        if role == Qt.ItemDataRole.ToolTipRole:
            if day is not None:
                return f"{fmt.day_long(day)}{' (today)' if day == self.today else ''}"
            if section == COL_TOTAL:
                return "The week's billed hours"
        if (
            role == Qt.ItemDataRole.FontRole
            and day is not None
            and day in (self.today, self.chosen)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and section != COL_LABEL:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        row = self._rows[index.row()]
        col = index.column()
        day = self.day_of(col)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_LABEL:
                return f"{row.label}\n{row.detail}" if row.detail else row.label
            return fmt.hours(row.cells[col - 1].hours, blank_zero=row.key != "all")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col, day)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == COL_LABEL:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (row.key == "all" or col == COL_TOTAL):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if day is not None and day == self.chosen:
                return theme.chosen_background()
            if day is not None and day == self.today:
                return theme.today_background()
            if row.total or col == COL_TOTAL:
                return theme.totals_background()
            if day is not None and day.weekday() >= 5:
                return theme.weekend_background()
        if role == Qt.ItemDataRole.ForegroundRole and day is not None and day.weekday() >= 5:
            return theme.dimmed_text()
        if role == DateRole:
            return day
        if role == KeyRole:
            return row.key
        return None

    def _tooltip(self, row: _Row, col: int, day: date | None) -> str | None:
        if col == COL_LABEL:
            return f"{row.label}\n{row.detail}" if row.detail else row.label
        cell = row.cells[col - 1]
        when = fmt.day_long(day) if day else "This week"
        if not cell.count:
            return f"{when}: nothing logged"
        what = f"{cell.count} entr{'y' if cell.count == 1 else 'ies'}"
        return (
            f"{when}: {what}, {fmt.hm(cell.seconds)} worked, "
            f"{fmt.hours(cell.hours)} h billed, {fmt.amounts(cell.amounts, self.currency)}"
        )
