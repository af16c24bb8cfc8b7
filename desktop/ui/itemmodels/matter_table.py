"""Matters to choose from, with type-ahead: every word typed must appear in the client's or
the matter's code or name. With nothing typed: pinned matters, then recent work (matter,
phase and service together), then every matter. Matters number in the hundreds, so the
filtering runs here, over precomputed lower-case keys — no proxy model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop.ui import fmt, theme
from desktop.ui.itemmodels.base import Index, RowsTableModel

if TYPE_CHECKING:
    from core.model import Matter
    from desktop.services.queries import RecentWork, Snapshot

ChoiceRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Matter", "Client · details", "")


@dataclass(frozen=True)
class Choice:
    """A row: a matter, and for recent work its phase and service too."""

    matter: str
    label: str
    detail: str
    tag: str  # "Pinned", "Recent" or ""
    phase: str | None = None
    service: str | None = None
    key: str = ""

    def timer_fields(self) -> dict[str, Any]:
        return {"matter": self.matter, "phase": self.phase, "service": self.service}


class MatterTableModel(RowsTableModel):
    headers = COLUMNS

    def __init__(self, parent: Any = None, *, with_recent: bool = True) -> None:
        super().__init__(parent)
        self.with_recent = with_recent
        self._all: list[Choice] = []
        self._head: list[Choice] = []
        self._rows: list[Choice] = []
        self.query = ""

    def set_choices(
        self, snapshot: Snapshot | None, recent: list[RecentWork], pinned: list[str]
    ) -> None:
        self._all, self._head = [], []
        if snapshot is not None:
            matters = sorted(snapshot.loggable_matters(), key=lambda m: m.code)
            self._all = [self._choice(m, snapshot) for m in matters]
            if self.with_recent:
                self._head = self._pinned_and_recent(snapshot, recent, pinned)
        self.set_query(self.query)

    @staticmethod
    def _client(m: Matter, snapshot: Snapshot) -> str:
        client = snapshot.master.clients.get(m.client)
        return client.name if client else m.client

    def _choice(self, m: Matter, snapshot: Snapshot) -> Choice:
        client = self._client(m, snapshot)
        key = f"{m.code} {m.name} {m.client} {client}".lower()
        return Choice(m.code, fmt.matter_label(m), client, "", key=key)

    def _pinned_and_recent(
        self, snapshot: Snapshot, recent: list[RecentWork], pinned: list[str]
    ) -> list[Choice]:
        by_code = {c.matter: c for c in self._all}
        head = [replace(by_code[code], tag="Pinned") for code in pinned if code in by_code]
        for r in recent:
            base = by_code.get(r.matter)
            if base is None:
                continue
            st = snapshot.master.service_types.get(r.service or "")
            bits = [r.phase or "", st.name if st else (r.service or "")]
            detail = " · ".join(b for b in bits if b) or base.detail
            head.append(
                replace(base, detail=detail, tag="Recent", phase=r.phase, service=r.service)
            )
        return head

    def set_query(self, text: str) -> None:
        self.beginResetModel()
        self.query = text
        words = text.lower().split()
        if not words:  # pinned and recent first; then the other matters, each once
            listed = {c.matter for c in self._head}
            self._rows = self._head + [c for c in self._all if c.matter not in listed]
        else:
            found = [c for c in self._all if all(w in c.key for w in words)]
            # codes that start with what was typed first, then names, then the rest
            found.sort(key=lambda c: (not c.matter.lower().startswith(words[0]), c.matter))
            self._rows = found
        self.endResetModel()

    def choice(self, row: int) -> Choice | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def has_matters(self) -> bool:
        return bool(self._all)

    # ------------------------------------------------------------------ Qt model
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        c = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (c.label, c.detail, c.tag)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{c.label}\n{c.detail}"
        if role == Qt.ItemDataRole.ForegroundRole and col > 0:
            return theme.dimmed_text()
        if role == Qt.ItemDataRole.FontRole and col == 0 and c.tag == "Pinned":
            font = QFont()
            font.setBold(True)
            return font
        if role == ChoiceRole:
            return c
        return None
