"""The running timer in the window's toolbar: matter, elapsed time and Stop — or Start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from desktop.ui import fmt, theme

if TYPE_CHECKING:
    from desktop.services.dto import TimerDTO
    from desktop.services.queries import Snapshot


class TimerWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 0, 8, 0)
        lay.setSpacing(8)
        self.dot = QLabel("●")
        self.what = QLabel("No timer running")
        self.elapsed = QLabel()
        font = self.elapsed.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.elapsed.setFont(font)
        self.button = QToolButton()  # its action (start / stop) is set by the window
        for w in (self.dot, self.what, self.elapsed, self.button):
            lay.addWidget(w)
        self._snapshot: Snapshot | None = None
        self.show_timer(None, 0)

    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        self._snapshot = snapshot

    def show_timer(self, timer: TimerDTO | None, elapsed: int) -> None:
        running = timer is not None
        self.dot.setStyleSheet(
            f"color: {theme.running_color().name() if running else theme.dimmed_text().name()};"
        )
        if timer is None:
            self.what.setText("No timer running")
            self.elapsed.setText("")
            return
        matter = self._snapshot.master.matters.get(timer.matter or "") if self._snapshot else None
        self.what.setText(
            fmt.matter_label(matter, timer.matter) if timer.matter else "No matter yet"
        )
        self.tick(elapsed)

    def tick(self, elapsed: int) -> None:
        """Called once a second while a timer runs; draws nothing while hidden."""
        if self.isVisible():
            self.elapsed.setText(fmt.clock(elapsed))
