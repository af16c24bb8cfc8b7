"""The needs-attention list as a table: the entry, what was sent, what the server did, why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop.ui import theme
from desktop.ui.itemmodels.base import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
ItemRole = Qt.ItemDataRole.UserRole + 1

COLUMNS = (("when", "When"), ("entry", "Entry"), ("action", "You sent"),
           ("outcome", "Server"), ("reason", "Why"))  # fmt: skip
ACTION_WORDS = {
    "create": "a new entry",
    "edit": "an edit",
    "delete": "a deletion",
    "submit": "a submission",
    "approve": "an approval",
    "reject": "a rejection",
    "reopen": "a reopening",
    "comment": "a comment",
    "withdraw": "a withdrawal",
}
OUTCOME_WORDS = {
    "conflict": "Conflict: choose",
    "correction": "Correction requested",
    "rejected": "Refused",
}


class AttentionTableModel(RowsTableModel):
    column_count = len(COLUMNS)

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self._rows[row]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        it = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == ItemRole:
            return it
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "when":
                return it.at.astimezone().strftime("%a %d %b %H:%M")
            if key == "entry":
                return it.label or it.entry_id[:8]
            if key == "action":
                return ACTION_WORDS.get(it.op, it.op)
            if key == "outcome":
                return OUTCOME_WORDS.get(it.outcome, it.outcome)
            if key == "reason":
                return it.reason
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{it.label}\n{it.reason}\n(entry {it.entry_id})"
        if role == Qt.ItemDataRole.ForegroundRole and key == "outcome":
            return theme.problem_color() if it.outcome == "rejected" else theme.warning_color()
        return None
