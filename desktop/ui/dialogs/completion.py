"""The small dialog that completes a stopped timer's held time into an entry. Dismissing it
keeps the time held (it already is: holding happens before this dialog opens)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop.ui.widgets.entry_editor import EntryEditorWidget

if TYPE_CHECKING:
    from desktop.services.dto import EntryDTO, HeldDTO
    from desktop.services.queries import Snapshot
    from desktop.ui.session import SessionController
    from desktop.ui.tasks import TaskError


class CompletionDialog(QDialog):
    def __init__(
        self, session: SessionController, held: HeldDTO, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.held = held
        self.setWindowTitle("Complete the stopped timer")
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        self.editor = EntryEditorWidget(self, compact=True)
        self.editor.save_button.setVisible(False)
        self.editor.revert_button.setVisible(False)
        self.editor.delete_button.setVisible(False)
        lay.addWidget(self.editor)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            "Save entry", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.later_button = self.buttons.addButton(
            "Later (keep it held)", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.later_button.setToolTip("The time stays held, never lost, until you complete it")
        lay.addWidget(self.buttons)
        self.save_button.clicked.connect(self.editor.save)
        self.later_button.clicked.connect(self.reject)
        self.editor.sig_save.connect(self._save)
        self.set_snapshot(session.snapshot)
        self.editor.load_held(held)

    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        self.editor.set_snapshot(snapshot)

    def _save(self, values: dict[str, object]) -> None:
        self.save_button.setEnabled(False)
        self.session.complete(self.held.id, values, self._done, self._failed)

    def _done(self, _entry: EntryDTO) -> None:
        self.accept()

    def _failed(self, err: TaskError) -> None:
        self.save_button.setEnabled(True)
        self.editor.show_error(err)
