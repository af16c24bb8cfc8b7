"""Quick log: a small window to record an entry without opening the timesheet."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop.ui.widgets.entry_editor import EntryEditorWidget

if TYPE_CHECKING:
    from desktop.ui.session import SessionController
    from desktop.ui.tasks import TaskError


class QuickLogDialog(QDialog):
    def __init__(self, session: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Quick log")
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        self.editor = EntryEditorWidget(self, compact=True)
        for b in (self.editor.save_button, self.editor.revert_button, self.editor.delete_button):
            b.setVisible(False)
        lay.addWidget(self.editor)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Log it", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        lay.addWidget(buttons)
        self.save_button.clicked.connect(self.editor.save)
        cancel.clicked.connect(self.reject)
        self.editor.sig_save.connect(self._save)
        self.editor.set_snapshot(session.snapshot)

    def open_for(self, day: date) -> None:
        if not (self.isVisible() and self.editor.state.touched):  # never over what was typed
            self.editor.set_snapshot(self.session.snapshot)
            self.editor.new_entry(day)
        self.show()
        self.raise_()
        self.activateWindow()

    def _save(self, values: dict[str, Any]) -> None:
        self.editor.set_saving(True)
        self.save_button.setEnabled(False)
        self.session.save_entry(None, values, self._done, self._failed)

    def _done(self, _entry: Any) -> None:
        self.editor.set_saving(False)
        self.save_button.setEnabled(True)
        self.accept()

    def _failed(self, err: TaskError) -> None:
        self.editor.set_saving(False)
        self.save_button.setEnabled(True)
        self.editor.show_error(err)
