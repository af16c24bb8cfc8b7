"""The "Matters" tab: which matters and phases burn ahead of plan, at a glance.

It shows what it is given: its owner loads the burn figures through the task runner
(``load``) when the tab is first shown and again when entries or the set-up change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui import theme
from desktop.ui.itemmodels.burn_table import BurnTableModel
from desktop.ui.views.burn_view import BurnView

if TYPE_CHECKING:
    from desktop.services.burn import MatterBurnDTO

# load(deliver) asks for the figures; deliver(matters) shows them
Load = Callable[[Callable[[list["MatterBurnDTO"]], None]], None]


class MattersOverviewWidget(QWidget):
    sig_open_matter = Signal(str)

    def __init__(self, load: Load, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load = load
        self.matters: list[MatterBurnDTO] = []
        self.loaded = False
        self._token = 0
        self.model = BurnTableModel(self)
        self.view = BurnView(self.model)
        self.closed = QCheckBox("Show closed matters")
        self.alert = QLabel()
        font = self.alert.font()
        font.setBold(True)
        self.alert.setFont(font)
        self.summary = QLabel(
            "A phase is flagged when the share of its estimate used runs more than 10 points "
            "ahead of the share of its planned dates elapsed, or reaches 100%. Double-click a "
            "matter for its entries."
        )
        self.summary.setWordWrap(True)
        self.summary.setEnabled(False)  # the palette's muted text colour
        top = QHBoxLayout()
        top.addWidget(self.alert)
        top.addStretch(1)
        top.addWidget(self.closed)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        self.closed.toggled.connect(lambda _on: self._show())
        self.view.sig_open_matter.connect(self.sig_open_matter.emit)

    def reload(self) -> None:
        self.loaded = True
        self._token += 1
        token = self._token

        def deliver(matters: list[MatterBurnDTO]) -> None:
            if token == self._token:
                self.matters = list(matters)
                self._show()

        self._load(deliver)

    def _show(self) -> None:
        self.model.set_matters(self.matters, closed=self.closed.isChecked())
        shown = [m for m in self.matters if self.closed.isChecked() or not m.closed]
        warned = [m for m in shown if m.warning]
        if warned:
            n = len(warned)
            self.alert.setText(
                f"⚠ {n} matter{'s' if n > 1 else ''} need{'' if n > 1 else 's'} a look"
            )
            self.alert.setStyleSheet(f"color: {theme.warning_color().name()};")
        else:
            self.alert.setText("No early warnings")
            self.alert.setStyleSheet("")
