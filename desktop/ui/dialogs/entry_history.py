"""An entry's history: every audit event (who, what changed from → to, when, the comment),
its correction requests, and whether the audit chain verifies.

The events come first (one indexed read); the chain check reads the whole log, so it follows
as a second task on the worker while the events are already on screen.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import fmt, theme
from desktop.ui.itemmodels.history_table import HistoryTableModel, value_text
from desktop.ui.itemmodels.record_table import Column, RecordTableModel
from desktop.ui.views.record_table_view import RecordTableView
from desktop.ui.views.tables import set_up_list

if TYPE_CHECKING:
    from core.audit import Verdict
    from desktop.services.dto import CorrectionDTO
    from desktop.services.history import EntryHistory
    from desktop.ui.tasks import TaskError, TaskRunner

CORRECTION_STATUS = {
    "open": "waiting for a reviewer",
    "reopened": "accepted: the entry was reopened",
    "declined": "declined",
    "withdrawn": "withdrawn",
}


def _proposed(c: CorrectionDTO) -> str:
    return ", ".join(f"{k} → {value_text(k, v)}" for k, v in c.proposed.items()) or "—"


def correction_columns(names: dict[str, str], tz: tzinfo | None) -> tuple[Column, ...]:
    def when(c: CorrectionDTO) -> str:
        at = c.at.astimezone(tz)
        return f"{at:%a} {at.day} {at:%b %Y %H:%M}"

    return (
        Column("When", when, 150),
        Column("Who", lambda c: names.get(c.person, c.person), 130),
        Column("Asks for", _proposed, 220, tip=_proposed),
        Column("Their words", lambda c: c.text, 200, tip=lambda c: c.text),
        Column("Status", lambda c: CORRECTION_STATUS.get(c.status, c.status), 150),
    )


class EntryHistoryDialog(QDialog):
    def __init__(
        self,
        runner: TaskRunner,
        entry_id: str,
        heading: str,
        names: dict[str, str],
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.entry_id = entry_id
        self.history: EntryHistory | None = None
        self.verdict: Verdict | None = None
        self.setWindowTitle(f"History of entry {entry_id[:8]}")
        self.resize(1140, 600)
        self.heading = QLabel(heading)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.chain = QLabel("Checking the audit chain…")
        self.chain.setWordWrap(True)
        self.chain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = HistoryTableModel(self, tz, names)
        self.events = QTableView()
        self.events.setModel(self.model)
        set_up_list(self.events, "Audit events")
        self.events.setAlternatingRowColors(False)  # events are banded instead
        self.events.setWordWrap(True)  # narratives and comments in full
        self.events.setStyleSheet("QTableView::item { padding: 2px 4px; }")
        self.events.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.events.horizontalHeader()
        for i, width in enumerate((170, 125, 140, 110, 165, 200)):
            header.resizeSection(i, width)
        self.corrections_title = QLabel("Correction requests")
        bold = self.corrections_title.font()
        bold.setBold(True)
        self.corrections_title.setFont(bold)
        self.corrections_model = RecordTableModel(correction_columns(names, tz), self)
        self.corrections = RecordTableView(self.corrections_model, "Correction requests")
        self.corrections.setMaximumHeight(130)
        self.no_corrections = QLabel("No correction requests.")
        self.no_corrections.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.chain)
        lay.addWidget(self.events, 1)
        lay.addWidget(self.corrections_title)
        lay.addWidget(self.corrections)
        lay.addWidget(self.no_corrections)
        lay.addWidget(buttons)
        self.corrections.hide()

    def load(self) -> None:
        """Read the entry's events, then check the whole chain (both on the worker)."""
        ref = self.entry_id
        self.runner.submit(
            lambda b: b.history.entry(ref, verify=False),
            self._loaded,
            self._failed,
            what="reading the entry's history",
        )
        self.runner.submit(
            lambda b: b.maintenance.verify_audit(),
            self._verified,
            self._failed,
            what="checking the audit chain",
        )

    def _loaded(self, history: EntryHistory) -> None:
        self.history = history
        self.model.set_items(history.items)
        self.corrections_model.set_rows(list(history.corrections))
        has = bool(history.corrections)
        self.corrections.setVisible(has)
        self.no_corrections.setVisible(not has)

    def _verified(self, verdict: Verdict) -> None:
        self.verdict = verdict
        if verdict.ok:
            color = theme.status_color("approved")
            text = (
                f"✓ The audit chain verifies: {verdict.checked:,} events, no broken link — "
                "this history is as it was recorded."
            )
        else:
            color = theme.problem_color()
            text = (
                f"⚠ The audit chain is broken at event {verdict.broken_seq}: {verdict.reason}. "
                "Events from there on may have been altered; time can still be read and "
                "logged. Tell whoever keeps the firm's records."
            )
        self.chain.setText(text)
        self.chain.setStyleSheet(f"color: {color.name()};")

    def _failed(self, err: TaskError) -> None:
        self.chain.setText(f"⚠ {err.message}")
        self.chain.setStyleSheet(f"color: {theme.problem_color().name()};")


def heading_for(entry: Any) -> str:
    """``1:30 on ACME-001 · Tue 10 Nov 2026 · Draft`` for an entry DTO."""
    status = fmt.STATUS_WORDS.get(entry.status, entry.status)
    return (
        f"{fmt.hm(entry.raw_seconds)} on {entry.matter or 'no matter'} · "
        f"{entry.date:%a} {entry.date.day} {entry.date:%b %Y} · {status} · "
        f"{entry.person_name}"
    )
