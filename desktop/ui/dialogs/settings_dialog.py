"""Settings: away time (idle minutes, whether to ask) and where the idle time comes from —
including saying plainly when no idle source works here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.settings import AppSettings


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: AppSettings,
        idle_source: str,
        idle_problem: str | None,
        data_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Docket settings")
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.ask = QCheckBox("Ask what to do with away time while a timer runs")
        self.ask.setChecked(settings.ask_about_away)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 240)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(settings.idle_minutes)
        self.source = QLabel(
            f"Idle time from: {idle_source}"
            if idle_problem is None
            else f"No idle source works here ({idle_problem}). Docket still notices when the "
            "computer sleeps or its clock jumps."
        )
        self.source.setWordWrap(True)
        form.addRow(self.ask)
        form.addRow("Away after", self.minutes)
        form.addRow(self.source)
        folder = QLabel(f"Data folder: {data_dir}")
        folder.setWordWrap(True)
        folder.setEnabled(False)
        form.addRow(folder)
        lay.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def accept(self) -> None:
        self.settings.ask_about_away = self.ask.isChecked()
        self.settings.idle_minutes = self.minutes.value()
        super().accept()
