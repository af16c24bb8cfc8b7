"""The first launch on an empty workspace: explore a demo firm, or start a one-person
practice (the person's name and the practice's name; an hourly rate if they like)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.widgets.field_row import FieldRowWidget

CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "NZD", "ZAR", "SGD", "INR")


class FirstRunDialog(QDialog):
    sig_demo = Signal()
    sig_empty = Signal(str, str, str, str)  # name, practice, currency, hourly rate
    sig_sign_in = Signal()  # join the firm's server instead

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Docket")
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        intro = QLabel(
            "<h3>Welcome to Docket</h3>This workspace is empty. Explore a demo firm first, "
            "or set up your own practice — you can import your clients and matters later."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)

        demo = QGroupBox("Explore")
        dl = QVBoxLayout(demo)
        dl.addWidget(QLabel("A small firm with clients, matters, rates and a month of entries."))
        self.demo_button = QPushButton("Open the demo firm")
        dl.addWidget(self.demo_button)
        lay.addWidget(demo)

        own = QGroupBox("Start my own workspace")
        form = QFormLayout(own)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Alex Morgan")
        self.practice = QLineEdit()
        self.practice.setPlaceholderText("e.g. Morgan Legal")
        self.currency = QComboBox()
        self.currency.addItems(CURRENCIES)
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("optional, e.g. 250.00")
        self.name_row = FieldRowWidget(self.name)
        self.practice_row = FieldRowWidget(self.practice)
        self.rate_row = FieldRowWidget(self.rate)
        form.addRow("Your &name", self.name_row)
        form.addRow("&Practice", self.practice_row)
        form.addRow("&Currency", self.currency)
        form.addRow("Hourly &rate", self.rate_row)
        self.empty_button = QPushButton("Start empty")
        form.addRow("", self.empty_button)
        lay.addWidget(own)

        firm = QGroupBox("Join my firm")
        fl = QVBoxLayout(firm)
        fl.addWidget(QLabel("Your firm runs a Docket server: sign in with your email."))
        self.sign_in_button = QPushButton("Sign in to my firm's server…")
        fl.addWidget(self.sign_in_button)
        lay.addWidget(firm)
        self.error = FieldRowWidget(QLabel())
        lay.addWidget(self.error)

        self.demo_button.clicked.connect(self._demo)
        self.sign_in_button.clicked.connect(self.sig_sign_in.emit)
        self.empty_button.clicked.connect(self._empty)
        self.name.returnPressed.connect(self._empty)
        self.practice.returnPressed.connect(self._empty)
        self.rate.returnPressed.connect(self._empty)

    def _busy(self, on: bool) -> None:
        for w in (self.demo_button, self.empty_button, self.sign_in_button):
            w.setEnabled(not on)
        self.setCursor(Qt.CursorShape.BusyCursor if on else Qt.CursorShape.ArrowCursor)

    def _demo(self) -> None:
        self._busy(True)
        self.error.set_problems([])
        self.sig_demo.emit()

    def _empty(self) -> None:
        problems = {
            self.name_row: [] if self.name.text().strip() else ["your name is required"],
            self.practice_row: []
            if self.practice.text().strip()
            else ["the practice's name is required"],
        }
        for row, msgs in problems.items():
            row.set_problems(msgs)
        if any(problems.values()):
            return
        self._busy(True)
        self.error.set_problems([])
        self.sig_empty.emit(
            self.name.text().strip(),
            self.practice.text().strip(),
            self.currency.currentText(),
            self.rate.text().strip(),
        )

    def failed(self, message: str, field: str = "") -> None:
        """Setting up was refused: say why (next to the field when it names one)."""
        self._busy(False)
        if field in ("rates[0]", "amount", "rate"):
            self.rate_row.set_problems([message])
        else:
            self.error.set_problems([message])
