"""The quick-switch window ("Find matter…"): type part of a client or matter code or name,
Up/Down to choose, Enter starts the timer on it (or switches to it, with no gap)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.itemmodels.matter_table import Choice, MatterTableModel

if TYPE_CHECKING:
    from desktop.services.queries import RecentWork, Snapshot


class QuickSwitchWindow(QWidget):
    sig_chosen = Signal(object)  # Choice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle("Find matter")
        self.resize(560, 340)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 10, 10, 8)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a client or matter code or name…")
        self.search.setClearButtonEnabled(True)
        font = self.search.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.search.setFont(font)
        self.model = MatterTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hint = QLabel()
        self.hint.setEnabled(False)
        lay.addWidget(self.search)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)
        self.search.textChanged.connect(self._typed)
        self.search.installEventFilter(self)
        self.table.doubleClicked.connect(self._choose_index)
        self._set_running(False)

    def set_choices(
        self, snapshot: Snapshot | None, recent: list[RecentWork], pinned: list[str]
    ) -> None:
        self.model.set_choices(snapshot, recent, pinned)
        self._select_first()

    def _set_running(self, running: bool) -> None:
        verb = "switch to it (no gap)" if running else "start the timer on it"
        self.hint.setText(f"↑↓ choose · Enter: {verb} · Esc: close")
        self.setWindowTitle("Switch matter" if running else "Find matter")

    def open(self, running: bool) -> None:
        """Show, centred on the screen under the mouse, ready to type."""
        self._set_running(running)
        self.search.clear()
        self._select_first()
        screen = QGuiApplication.screenAt(self.cursor().pos()) or QGuiApplication.primaryScreen()
        if screen is not None:
            geo = screen.availableGeometry()
            self.move(geo.center().x() - self.width() // 2, geo.top() + geo.height() // 4)
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus()

    def _typed(self, text: str) -> None:
        self.model.set_query(text)
        self._select_first()

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _move(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        row = min(max(self.table.currentIndex().row() + step, 0), rows - 1)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def choose_current(self) -> None:
        self._choose_index(self.table.currentIndex())

    def _choose_index(self, index: QModelIndex) -> None:
        choice: Choice | None = self.model.choice(index.row()) if index.isValid() else None
        if choice is None:
            return
        self.hide()
        self.sig_chosen.emit(choice)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = Qt.Key(event.key())
            moves = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 8,
                Qt.Key.Key_PageUp: -8,
            }
            if key in moves:
                self._move(moves[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)
