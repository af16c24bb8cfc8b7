"""Entries as a table: status (a word and a colour), date, person, matter, phase, service,
duration, billed hours, amount, narrative.

Two ways to fill it: ``set_entries`` (a day's few entries), or ``set_pager`` for a long list —
the model then asks for the next page only when a view scrolls near its end (``canFetchMore``
/ ``fetchMore``); pages arrive asynchronously from the task runner and are appended. Sorting
and filtering happen in SQL, never here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt

from desktop.ui import fmt, theme
from desktop.ui.itemmodels.base import Index, RowsTableModel

if TYPE_CHECKING:
    from desktop.models.master import Master
    from desktop.services.dto import EntryDTO

EntryRole = Qt.ItemDataRole.UserRole + 1
# (key, header)
COLUMNS = (
    ("status", "Status"),
    ("date", "Date"),
    ("person", "Person"),
    ("matter", "Matter"),
    ("phase", "Phase"),
    ("service", "Service"),
    ("duration", "Duration"),
    ("billed", "Billed h"),
    ("amount", "Amount"),
    ("narrative", "Narrative"),
)
COL = {key: i for i, (key, _h) in enumerate(COLUMNS)}
NUMERIC = frozenset({COL["duration"], COL["billed"], COL["amount"]})
# fetch(offset, limit, deliver) asks for a page; deliver(entries, generation) appends it
Pager = Callable[[int, int, Callable[[list["EntryDTO"]], None]], None]


class EntryTableModel(RowsTableModel):
    PAGE = 200
    headers = tuple(header for _key, header in COLUMNS)
    numeric = NUMERIC

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EntryDTO] = []
        self._master: Master | None = None
        self._pager: Pager | None = None
        self._more = False
        self._fetching = False
        self._generation = 0

    # ------------------------------------------------------------------ filling
    def set_master(self, master: Master | None) -> None:
        self._master = master
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    def set_entries(self, entries: list[EntryDTO]) -> None:
        self.beginResetModel()
        self._generation += 1
        self._pager = None
        self._more = self._fetching = False
        self._rows = list(entries)
        self.endResetModel()

    def set_pager(self, pager: Pager) -> None:
        """Show a long list page by page (the first page is asked for at once)."""
        self.beginResetModel()
        self._generation += 1
        self._rows = []
        self._pager = pager
        self._more = self._fetching = False  # nobody fetches while the reset is announced
        self.endResetModel()
        self._more = True
        self.fetchMore(QModelIndex())

    def entry(self, row: int) -> EntryDTO | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, entry_id: str) -> int:
        return next((i for i, e in enumerate(self._rows) if e.id == entry_id), -1)

    @property
    def entries(self) -> list[EntryDTO]:
        return list(self._rows)

    # ------------------------------------------------------------------ incremental loading
    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._pager is None or not self._more or self._fetching:
            return
        self._fetching = True
        generation = self._generation
        self._pager(len(self._rows), self.PAGE, lambda page: self._append(page, generation))

    def _append(self, page: list[EntryDTO], generation: int) -> None:
        if generation != self._generation:  # a page of a list that was replaced meanwhile
            return
        if page:  # still "fetching" while the rows are announced: no nested fetch
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self._more = len(page) >= self.PAGE
        self._fetching = False

    # ------------------------------------------------------------------ Qt model
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        e = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(e, key)
        if role == Qt.ItemDataRole.DecorationRole and key == "status":
            return theme.status_dot(e.status)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "status":
                return theme.warning_color() if e.sync_attention else theme.status_color(e.status)
            if key == "amount" and not e.priced:
                return theme.warning_color()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(e, key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(index.column())
        if role == EntryRole:
            return e
        return None

    def _text(self, e: EntryDTO, key: str) -> str:
        if key == "status":
            word = fmt.STATUS_WORDS.get(e.status, e.status)
            if e.sync_attention:
                return f"{word} · attention"
            return f"{word} · sending" if e.sync_pending else word
        if key == "date":
            return f"{e.date:%a} {e.date.day} {e.date:%b}"
        if key == "person":
            return e.person_name
        if key == "matter":
            return e.matter or "—"
        if key == "phase":
            return e.phase or ""
        if key == "service":
            st = self._master.service_types.get(e.service or "") if self._master else None
            return st.name if st else (e.service or "")
        if key == "duration":
            return fmt.hm(e.raw_seconds)
        if key == "billed":
            return fmt.hours(e.billed_hours)
        if key == "amount":
            if not e.priced:
                return "no rate"
            return fmt.money(e.amount) if e.billable else "non-billable"
        if key == "narrative":
            return e.narrative.replace("\n", " ")
        return ""

    def _tooltip(self, e: EntryDTO, key: str) -> str | None:
        if key == "status" and e.sync_attention:
            return (
                "The firm server did not apply a change to this entry as it was sent: "
                "Firm ▸ Needs attention… says why and lets you decide"
            )
        if key == "status" and e.sync_pending:
            return (
                f"{fmt.STATUS_WORDS.get(e.status, e.status)} here, not yet confirmed by the "
                "firm server: it goes with the next sync"
            )
        if key == "status":
            if e.status == "rejected" and e.review_comment:
                return f"Rejected: {e.review_comment}"
            if e.locked:
                return f"{fmt.STATUS_WORDS[e.status]}: locked, it cannot be changed"
            return fmt.STATUS_WORDS.get(e.status, e.status)
        if key == "matter" and e.matter and self._master:
            m = self._master.matters.get(e.matter)
            client = self._master.clients.get(m.client) if m else None
            return f"{fmt.matter_label(m, e.matter)}\n{client.name if client else ''}".strip()
        if key == "amount":
            if not e.priced:
                return (
                    "No rate rule matches this entry: it is saved at 0.00 and cannot be submitted"
                )
            return f"{fmt.money(e.rate, e.currency)}/h — {e.rate_rule}"
        if key == "narrative" and e.narrative:
            return e.narrative
        return None
