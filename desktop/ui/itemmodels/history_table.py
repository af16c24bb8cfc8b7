"""An entry's audit events as a table: one row per field that changed (from → to), the
event's when, who, what and comment on its first row. Internal bookkeeping (the rule's id,
billed seconds, the version) is left out; the values are written as people read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop.ui import fmt, theme
from desktop.ui.itemmodels.base import Index, RowsTableModel

if TYPE_CHECKING:
    from desktop.services.history import Change, HistoryItem

ACTION_WORDS = {
    "entry.create": "created",
    "entry.edit": "edited",
    "entry.revise": "edited (review starts again)",
    "entry.submit": "submitted",
    "entry.approve": "approved",
    "entry.reject": "rejected",
    "entry.reopen": "reopened",
    "entry.bill": "billed",
    "entry.delete": "deleted",
    "entry.rerate": "re-rated",
    "entry.comment": "commented",
    "entry.correction_request": "correction requested",
}
FIELD_WORDS = {
    "date": "Date",
    "matter": "Matter",
    "phase": "Phase",
    "service": "Service",
    "utbms_task": "UTBMS task",
    "utbms_activity": "UTBMS activity",
    "raw_seconds": "Duration",
    "billed_hours": "Billed hours",
    "start": "Start",
    "end": "End",
    "narrative": "Narrative",
    "billable": "Billable",
    "billable_override": "Billable set by hand",
    "rate": "Rate",
    "rate_rule": "Rate rule",
    "amount": "Amount",
    "currency": "Currency",
    "status": "Status",
    "person": "Person",
    "deleted": "Deleted",
}
HIDDEN = {"rate_rule_id", "billed_seconds", "version"}
HIDDEN_ON_CREATE = {"currency", "deleted"}  # the firm's currency; not deleted: said by "created"
COLUMNS = ("When", "Who", "What", "Field", "From", "To", "Comment")


@dataclass(frozen=True)
class HistoryRow:
    item: HistoryItem
    change: Change | None
    first: bool  # the event's first row: it shows when, who, what and the comment
    band: int = 0  # events alternate 0 and 1, so each reads as one block


def value_text(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field == "raw_seconds" and isinstance(value, int):
        return fmt.hm(value)
    if field == "date" and isinstance(value, str) and len(value) == 10:
        from datetime import date

        try:
            return fmt.day_short(date.fromisoformat(value))
        except ValueError:
            return value
    if field == "status":
        return fmt.STATUS_WORDS.get(str(value), str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("\n", " ")


def rows_of(items: tuple[HistoryItem, ...] | list[HistoryItem]) -> list[HistoryRow]:
    """Oldest event first; on a creation only the values it set."""
    out: list[HistoryRow] = []
    order = list(FIELD_WORDS)
    for n, item in enumerate(items):
        creating = item.event.before is None
        changes = [
            c
            for c in item.changes
            if c.field not in HIDDEN
            and not (creating and (c.after in (None, "") or c.field in HIDDEN_ON_CREATE))
        ]
        changes.sort(key=lambda c: order.index(c.field) if c.field in order else len(order))
        if not changes:
            out.append(HistoryRow(item, None, True, n % 2))
        out.extend(HistoryRow(item, c, i == 0, n % 2) for i, c in enumerate(changes))
    return out


class HistoryTableModel(RowsTableModel):
    headers = COLUMNS

    def __init__(
        self, parent: Any = None, tz: tzinfo | None = None, names: dict[str, str] | None = None
    ) -> None:
        super().__init__(parent)
        self._rows: list[HistoryRow] = []
        self.tz = tz
        self.names = names or {}

    def set_items(self, items: tuple[HistoryItem, ...] | list[HistoryItem]) -> None:
        self.beginResetModel()
        self._rows = rows_of(items)
        self.endResetModel()

    def row(self, i: int) -> HistoryRow | None:
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def _when(self, r: HistoryRow) -> str:
        at = r.item.event.at.astimezone(self.tz)
        return f"{at:%a} {at.day} {at:%b %Y %H:%M}"

    def _text(self, r: HistoryRow, col: int) -> str:
        ev = r.item.event
        if col < 3 or col == 6:
            if not r.first:
                return ""
            if col == 0:
                return self._when(r)
            if col == 1:
                return r.item.actor_name
            if col == 2:
                return ACTION_WORDS.get(ev.action, ev.action)
            return ev.comment.replace("\n", " ")
        c = r.change
        if c is None:
            return ""
        if col == 3:
            return FIELD_WORDS.get(c.field, c.field)
        value = c.before if col == 4 else c.after
        if c.field == "person" and isinstance(value, str):
            return self.names.get(value, value)
        return value_text(c.field, value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{r.item.event.at.isoformat()} (event {r.item.event.seq})"
        if role == Qt.ItemDataRole.BackgroundRole and r.band:
            return theme.weekend_background()
        if role == Qt.ItemDataRole.ForegroundRole and col == 4 and r.change is not None:
            return theme.dimmed_text()
        if role == Qt.ItemDataRole.FontRole and col == 2 and r.first:
            font = QFont()
            font.setBold(True)
            return font
        return None
