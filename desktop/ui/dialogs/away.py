"""Offering away time back to the person: "You were away from 10:42 to 11:15 (33 min)" —
keep it, discard it, or keep it as a separate entry. Nothing is decided until they choose;
closing the dialog decides nothing (the timer service still questions a gap at stop)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import fmt

if TYPE_CHECKING:
    from desktop.ui.idle.detector import Away

KEEP, DISCARD, SEPARATE = "keep", "discard", "separate"


def describe(away: Away, tz: tzinfo | None) -> str:
    def at(t: datetime) -> str:
        return t.astimezone(tz).strftime("%H:%M")

    span = fmt.long_minutes(away.seconds)
    if away.kind == "gap" and away.backwards:
        return (
            f"The computer's clock went back by {span} while the timer ran, so the timer "
            "shows less time than has passed."
        )
    if away.kind == "gap":
        return (
            f"The computer slept or its clock moved forward from {at(away.start)} to "
            f"{at(away.end)} ({span}) while the timer ran."
        )
    how = "The screen was locked" if away.kind == "locked" else "You were away"
    return f"{how} from {at(away.start)} to {at(away.end)} ({span}) while the timer ran."


class AwayDialog(QDialog):
    sig_decided = Signal(str, object)  # KEEP | DISCARD | SEPARATE, the Away

    def __init__(self, away: Away, tz: tzinfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.away = away
        self.setWindowTitle("Welcome back")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        lay = QVBoxLayout(self)
        self.away_text = describe(away, tz)
        text = QLabel(self.away_text + "\n\nWhat should the timer count?")
        text.setWordWrap(True)
        text.setMinimumWidth(420)
        lay.addWidget(text)
        row = QHBoxLayout()
        if away.kind == "gap" and away.backwards:
            self.keep = QPushButton(f"Count the {fmt.long_minutes(away.seconds)}")
            self.discard = QPushButton("Don't count them")
            self.separate = None
        else:
            self.keep = QPushButton("Keep it")
            self.keep.setToolTip("Count the away time on the running timer")
            self.discard = QPushButton("Discard the away time")
            self.discard.setToolTip("The timer no longer counts it")
            self.separate = QPushButton("Keep as a new entry…")
            self.separate.setToolTip(
                "Take it off the timer and hold it as an entry of its own, to complete now or later"
            )
        self.keep.setDefault(True)
        for b, choice in ((self.keep, KEEP), (self.discard, DISCARD), (self.separate, SEPARATE)):
            if b is not None:
                row.addWidget(b)
                b.clicked.connect(lambda _c=False, ch=choice: self._decide(ch))
        lay.addLayout(row)

    def _decide(self, choice: str) -> None:
        self.sig_decided.emit(choice, self.away)
        self.accept()
