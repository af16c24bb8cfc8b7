"""Sign in to a firm server: the server's address, email and password. Problems appear in the
dialog (never a modal error box); the password is never kept — the session token goes to the
OS keyring (or the data folder's private token file where there is none)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import theme

if TYPE_CHECKING:
    from desktop.ui.sync_controller import SyncController
    from desktop.ui.tasks import TaskError


class SignInDialog(QDialog):
    def __init__(
        self, sync: SyncController, server: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.sync = sync
        self.setWindowTitle("Sign in to your firm")
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Signing in makes this data folder your firm workspace: the firm's matters, rates "
            "and policies come from the server, and your time is synced whenever you are "
            "online. You can keep working offline."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.server = QLineEdit(server)
        self.server.setPlaceholderText("https://docket.example.com")
        self.email = QLineEdit()
        self.email.setPlaceholderText("you@firm.example")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Server", self.server)
        form.addRow("&Email", self.email)
        form.addRow("&Password", self.password)
        lay.addLayout(form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet(f"color: {theme.problem_color().name()}; font-weight: 600;")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.sign_in_button = buttons.addButton("Sign in", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.busy = False  # a sign-in on its way cannot be called back: wait for its answer
        lay.addWidget(buttons)
        self.signed: Any = None
        (self.email if server else self.server).setFocus()

    def submit(self) -> None:
        url, email, password = (
            self.server.text().strip(),
            self.email.text().strip(),
            (self.password.text()),
        )
        missing = [
            name
            for name, value in (("the server's address", url), ("your email", email),
                                ("your password", password))
            if not value
        ]  # fmt: skip
        if missing:
            self._show_problem(f"Give {', '.join(missing)}.")
            return
        self.busy = True
        self.sign_in_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.sign_in_button.setText("Signing in…")
        self.problem.hide()
        self.sync.sign_in(url, email, password, self._done, self._failed)

    def reject(self) -> None:
        if not self.busy:  # Esc or the window's close button while signing in: not yet
            super().reject()

    def _done(self, signed: Any) -> None:
        self.busy = False
        self.signed = signed
        self.password.clear()
        self.accept()

    def _failed(self, err: TaskError) -> None:
        self.busy = False
        self.cancel_button.setEnabled(True)
        self.sign_in_button.setEnabled(True)
        self.sign_in_button.setText("Sign in")
        self.password.selectAll()
        self._show_problem(err.message)

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
