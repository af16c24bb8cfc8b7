"""A message strip at the top of the window: what happened, in a sentence, with an optional
action — instead of modal error boxes. Errors stay until closed; notes fade after a while."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from desktop.ui import theme

NOTE_SECONDS = 8


class MessageBarWidget(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(self.label.textInteractionFlags())
        self.button = QPushButton()
        self.button.setVisible(False)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close this message")
        close.clicked.connect(self.hide)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button)
        lay.addWidget(close)
        self._action: Callable[[], None] | None = None
        self.button.clicked.connect(self._run_action)
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self.hide)
        self.hide()

    def show_message(
        self,
        text: str,
        level: str = "note",
        action: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        color = {
            "error": theme.problem_color(),
            "warning": theme.warning_color(),
        }.get(level, theme.status_color("submitted"))
        back = theme.tint(self.palette().color(self.backgroundRole()), color, 0.14)
        self.setStyleSheet(
            f"#messageBar {{ background: {back.name()}; border-left: 4px solid {color.name()}; }}"
        )
        self.label.setText(text)
        self._action = action[1] if action else None
        self.button.setText(action[0] if action else "")
        self.button.setVisible(action is not None)
        self.show()
        if level == "note":
            self._fade.start(NOTE_SECONDS * 1000)
        else:
            self._fade.stop()

    def _run_action(self) -> None:
        if self._action is not None:
            self._action()
        self.hide()
