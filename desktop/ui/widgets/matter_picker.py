"""Choosing a matter by typing part of its code, its client's code or either's name: a line
edit with a pop-up of matching matters (Up/Down to move, Enter or a click to choose)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desktop.ui import fmt
from desktop.ui.itemmodels.matter_table import MatterTableModel

if TYPE_CHECKING:
    from desktop.services.queries import Snapshot


class MatterPickerWidget(QLineEdit):
    sig_matter_changed = Signal(object)  # the matter's code, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MatterTableModel(self, with_recent=False)
        self._snapshot: Snapshot | None = None
        self._code: str | None = None
        self._completer = QCompleter(self.model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setWidget(self)
        self._completer.setMaxVisibleItems(10)
        self._completer.activated[QModelIndex].connect(self._chosen)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText("Type a client or matter code or name")
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._settle)

    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        self._snapshot = snapshot
        self.model.set_choices(snapshot, [], [])
        if snapshot is None or self.model.has_matters:
            self.setPlaceholderText("Type a client or matter code or name")
        elif snapshot.awaiting_setup:
            self.setPlaceholderText("No matters yet: the firm's set-up comes with the next sync")
        elif snapshot.kind == "firm":
            self.setPlaceholderText("No matters of yours yet: ask an admin to add you to a team")
        else:
            self.setPlaceholderText("No matters yet: import your firm's set-up (File menu)")

    @property
    def code(self) -> str | None:
        return self._code

    @property
    def pending_text(self) -> bool:
        """Text was typed that does not name a matter (yet)."""
        return bool(self.text().strip()) and self.text() != self._label(self._code)

    def set_code(self, code: str | None, *, emit: bool = False) -> None:
        changed = code != self._code
        self._code = code
        self.setText(self._label(code))
        self.setCursorPosition(0)
        if emit and changed:
            self.sig_matter_changed.emit(code)

    def _label(self, code: str | None) -> str:
        if not code:
            return ""
        matter = self._snapshot.master.matters.get(code) if self._snapshot else None
        return fmt.matter_label(matter, code)

    def _typed(self, text: str) -> None:
        self.model.set_query(text)
        if not text.strip():
            self._completer.popup().hide()
            if self._code is not None:
                self.set_code(None, emit=True)
            return
        if self.model.rowCount():
            self._completer.complete()
            self._completer.popup().setCurrentIndex(self.model.index(0, 0))
        else:
            self._completer.popup().hide()

    def _chosen(self, index: QModelIndex) -> None:
        choice = self.model.choice(index.row())
        if choice is not None:
            self.set_code(choice.matter, emit=True)

    def _settle(self) -> None:
        """Leaving the field: an exact code is taken; otherwise the text stays, flagged by
        the editor as not a matter (what was typed is never thrown away)."""
        text = self.text().strip()
        if not text:
            return
        if self._snapshot is not None and self.pending_text:
            upper = text.upper()
            if upper in self._snapshot.master.matters:
                self.set_code(upper, emit=True)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Down and not self._completer.popup().isVisible():
            self.model.set_query(self.text() if self.pending_text else "")
            self._completer.complete()
            return
        super().keyPressEvent(event)
