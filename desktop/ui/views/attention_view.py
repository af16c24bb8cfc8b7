"""The needs-attention view: every change the server did not apply as sent, with what to do
about each — choose a version of a conflict, edit and resend a refused entry, withdraw a
correction request, or discard the change (after confirming).

Threading rule: reads and resolutions run on the store's worker (through ``runner``); this
widget only shows results.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.itemmodels.attention_table import AttentionTableModel, ItemRole
from desktop.ui.tasks import TaskError, TaskRunner

FIELD_WORDS = {
    "narrative": "Narrative",
    "raw_seconds": "Duration",
    "matter": "Matter",
    "phase": "Phase",
    "service": "Service",
    "date": "Date",
    "utbms_task": "UTBMS task",
    "utbms_activity": "UTBMS activity",
    "billable_override": "Billable",
}


def _value(key: str, v: Any) -> str:
    if key == "raw_seconds" and isinstance(v, int):
        return f"{v // 3600}:{v % 3600 // 60:02d}"
    return "—" if v in (None, "") else html.escape(str(v))


def _attention(b: Any) -> list[Any]:
    from desktop.services.account import AccountService

    return list(AccountService(b.ws).attention())


class AttentionDialog(QDialog):
    sig_resolved = Signal()  # something was resolved: the views and the status refresh

    def __init__(
        self,
        runner: TaskRunner,
        confirm: Callable[[str, str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.confirm = confirm
        self._drafts: dict[int, str] = {}  # corrected narratives typed, by item, until sent
        self._shown: Any = None  # the item the detail and the buttons are about
        self._busy = False  # an action on its way: no second one until it is done
        self.setWindowTitle("Needs attention")
        self.resize(900, 520)
        lay = QVBoxLayout(self)
        intro = QLabel(
            "The firm server did not apply these changes as you sent them. Nothing is lost: "
            "decide what to do with each."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.model = AttentionTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        lay.addWidget(self.table, 2)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.detail, 1)
        self.fix = QLineEdit()
        self.fix.setPlaceholderText("Corrected narrative, to send the entry again")
        self.fix.hide()
        self.fix.textEdited.connect(self._typed)
        lay.addWidget(self.fix)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        lay.addWidget(self.problem)
        row = QHBoxLayout()
        self.keep_mine = QPushButton("Keep &mine")
        self.keep_theirs = QPushButton("Keep the &server's")
        self.resend = QPushButton("Send it &again")
        self.withdraw = QPushButton("&Withdraw the request")
        self.discard = QPushButton("&Discard my change…")
        self.close_button = QPushButton("Close")
        for b in (self.keep_mine, self.keep_theirs, self.resend, self.withdraw, self.discard):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.close_button)
        lay.addLayout(row)
        self.keep_mine.clicked.connect(lambda: self._act("keep_mine"))
        self.keep_theirs.clicked.connect(lambda: self._act("keep_theirs"))
        self.resend.clicked.connect(self._resend)
        self.withdraw.clicked.connect(lambda: self._act("withdraw"))
        self.discard.clicked.connect(self._discard)
        self.close_button.clicked.connect(self.accept)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self._show_current()

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        self.runner.submit(
            _attention, self._loaded, self._failed, what="reading what needs attention"
        )

    def _loaded(self, items: list[Any]) -> None:
        keep = self._shown.id if self._shown is not None else None
        self.model.set_items(items)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(1, min(header.sectionSize(1), 340))  # the rest in the tooltip
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        alive = {it.id for it in items}
        self._drafts = {k: v for k, v in self._drafts.items() if k in alive}
        if items:
            # the item the person was on, when it is still there; else the first
            row = next((i for i, it in enumerate(items) if it.id == keep), 0)
            self.table.selectRow(row)
        self._show_current()

    def current(self) -> Any:
        idx = self.table.currentIndex()
        return self.model.data(idx, ItemRole) if idx.isValid() else None

    def _typed(self, text: str) -> None:
        if self._shown is not None:
            self._drafts[self._shown.id] = text

    def _show_current(self) -> None:
        it = self.current()
        self._shown = it
        self.problem.hide()
        for b in (self.keep_mine, self.keep_theirs, self.resend, self.withdraw, self.discard):
            b.setVisible(False)
        self.fix.hide()
        if it is None:
            self.detail.setText(
                "<i>Nothing needs your attention.</i>" if self.model.rowCount() == 0 else ""
            )
            return
        lines = [
            f"<b>{html.escape(it.label or 'Entry')}</b> "
            f"<span style='color:gray'>(entry {it.entry_id[:8]})</span><br>"
            f"{html.escape(it.reason)}"
        ]
        if it.text:
            lines.append(f"Your text: “{html.escape(it.text)}”")
        if it.outcome == "conflict" and it.theirs:
            rows = "".join(
                f"<tr><td>{FIELD_WORDS.get(k, k)}</td><td>{_value(k, it.mine.get(k))}</td>"
                f"<td>{_value(k, v)}</td></tr>"
                for k, v in it.theirs.items()
            )
            lines.append(
                "<table cellspacing='8'><tr><th></th><th align='left'>Yours</th>"
                f"<th align='left'>The server's</th></tr>{rows}</table>"
            )
            self.keep_mine.setVisible(True)
            self.keep_theirs.setVisible(True)
        elif it.outcome == "correction":
            lines.append("The reviewers decide; withdraw the request if it is no longer needed.")
            self.withdraw.setVisible(True)
            self.discard.setText("&Dismiss")
            self.discard.setVisible(True)
        elif it.op == "create":
            lines.append("The entry is still on this computer only. Correct it and send it again.")
            draft = self._drafts.get(it.id)
            self.fix.setText(draft if draft is not None else str(it.mine.get("narrative") or ""))
            self.fix.show()
            self.resend.setVisible(True)
            self.discard.setText("&Discard my change…")
            self.discard.setVisible(True)
        else:
            self.discard.setText("&Discard my change…")
            self.discard.setVisible(True)
        self.detail.setText("<br>".join(lines))
        self._enable()

    def _enable(self) -> None:
        for b in (self.keep_mine, self.keep_theirs, self.resend, self.withdraw, self.discard):
            b.setEnabled(not self._busy)

    # ------------------------------------------------------------------ acting
    def _act(self, how: str, arg: Any = None, item: Any = None) -> None:
        """Act on ``item`` — the one the person chose (and confirmed), never whichever row is
        current by the time the action runs."""
        it = item if item is not None else self._shown
        if it is None or self._busy:
            return
        self._busy = True
        self._enable()

        def task(b: Any) -> None:
            from desktop.services.attention import AttentionService

            svc = AttentionService(b.ws)
            if arg is None:
                getattr(svc, how)(it.id)
            else:
                getattr(svc, how)(it.id, arg)

        self.runner.submit(task, self._done, self._failed, what="resolving the change")

    def _resend(self) -> None:
        text = self.fix.text().strip()
        self._act("resend", {"narrative": text} if text else None)

    def _discard(self) -> None:
        it = self._shown
        if it is None or self._busy:
            return
        if it.outcome != "correction" and not self.confirm(
            "Discard your change?",
            "The server's version stays as it is and your change is dropped. "
            "This cannot be undone.",
        ):
            return
        self._act("keep_theirs", item=it)

    def _done(self, _result: Any) -> None:
        self._busy = False
        self.sig_resolved.emit()
        self.load()

    def _failed(self, err: TaskError) -> None:
        self._busy = False
        self._enable()
        self.problem.setText(err.message)
        self.problem.show()
