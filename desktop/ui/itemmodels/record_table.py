"""A table of records described by their columns: what each column shows, its tooltip, its
colour, whether it is a number. The set-up views (people, service types, clients, matters,
phases, rate rules), the re-rate preview and an entry's correction requests all use it — the
rows are frozen values from the services, never queried here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.ui import theme
from desktop.ui.itemmodels.base import Index, RowsTableModel

RecordRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    """One column: its header and how a record shows in it."""

    header: str
    text: Callable[[Any], str]
    width: int = 110
    numeric: bool = False
    tip: Callable[[Any], str | None] | None = None
    color: Callable[[Any], QColor | None] | None = None


class RecordTableModel(RowsTableModel):
    """Rows are records (any frozen value); ``dimmed`` greys out rows such as closed matters
    or inactive people (their text says so too: colour is never the only sign)."""

    def __init__(
        self,
        columns: Sequence[Column],
        parent: Any = None,
        *,
        dimmed: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.headers = tuple(c.header for c in self.columns)
        self.numeric = frozenset(i for i, c in enumerate(self.columns) if c.numeric)
        self._dimmed = dimmed

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_where(self, match: Callable[[Any], bool]) -> int:
        return next((i for i, r in enumerate(self._rows) if match(r)), -1)

    @property
    def records(self) -> list[Any]:
        return list(self._rows)

    # ------------------------------------------------------------------ Qt model
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        rec = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(rec)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tip(rec) if col.tip is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            color = col.color(rec) if col.color is not None else None
            if color is None and self._dimmed is not None and self._dimmed(rec):
                return theme.dimmed_text()
            return color
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(index.column())
        if role == RecordRole:
            return rec
        return None
