"""A form field with its problem shown right under it (no modal error boxes)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.ui import theme


class FieldRowWidget(QWidget):
    def __init__(self, field: QWidget, extra: QWidget | None = None) -> None:
        super().__init__()
        self.field = field
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(field)
        if extra is not None:
            lay.addWidget(extra)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        lay.addWidget(self.problem)

    def set_problems(self, messages: list[str]) -> None:
        if not messages:
            self.problem.setVisible(False)
            self.field.setAccessibleDescription("")
            return
        text = "\n".join(f"⚠ {m[:1].upper()}{m[1:]}" for m in messages)
        self.problem.setText(text)
        color = theme.problem_color().name()
        self.problem.setStyleSheet(f"color: {color};")
        self.problem.setVisible(True)
        self.field.setAccessibleDescription(text)

    @property
    def has_problem(self) -> bool:
        return self.problem.isVisibleTo(self)
