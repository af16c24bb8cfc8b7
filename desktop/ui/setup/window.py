"""The firm set-up window: a page for the firm's settings, people, service types, clients,
matters (with phases) and rates, and the re-rate dialog. In a firm workspace every page is
read-only and the window says why.

Closing the window frees it — unless something typed is not saved yet: then it only hides,
and what was typed is there when it opens again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.ui import icons
from desktop.ui.setup.controller import SetupController
from desktop.ui.setup.matters_page import MattersPageWidget
from desktop.ui.setup.pages import (
    ClientsPageWidget,
    FirmPageWidget,
    PeoplePageWidget,
    ServicesPageWidget,
)
from desktop.ui.setup.rates_page import RatesPageWidget
from desktop.ui.widgets.message_bar import MessageBarWidget

if TYPE_CHECKING:
    from desktop.ui.session import SessionController
    from desktop.ui.setup.controller import SetupData
    from desktop.ui.setup.rerate_dialog import RerateDialog
    from desktop.ui.tasks import TaskError


class SetupWindow(QWidget):
    def __init__(self, session: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Firm set-up")
        self.setWindowIcon(icons.app_icon())
        self.resize(1280, 760)
        self.controller = SetupController(session, self)
        self.read_only = MessageBarWidget()
        self.notes = MessageBarWidget()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        c = self.controller
        self.firm = FirmPageWidget(c)
        self.people = PeoplePageWidget(c)
        self.services = ServicesPageWidget(c)
        self.clients = ClientsPageWidget(c)
        self.matters = MattersPageWidget(c)
        self.rates = RatesPageWidget(c)
        self.pages: dict[str, QWidget] = {
            "firm": self.firm,
            "people": self.people,
            "services": self.services,
            "clients": self.clients,
            "matters": self.matters,
            "rates": self.rates,
        }
        for name, page in (
            ("Firm", self.firm),
            ("People", self.people),
            ("Service types", self.services),
            ("Clients", self.clients),
            ("Matters and phases", self.matters),
            ("Rates", self.rates),
        ):
            self.tabs.addTab(page, name)
            page.sig_note.connect(self.note)  # type: ignore[attr-defined]
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 8)
        lay.addWidget(self.read_only)
        lay.addWidget(self.notes)
        lay.addWidget(self.tabs, 1)
        self.rerate_dialog: RerateDialog | None = None
        self.people.sig_add_rate.connect(self._add_rate)
        self.matters.sig_add_rate.connect(self._add_rate)
        self.rates.sig_rerate.connect(self.open_rerate)
        c.sig_loaded.connect(self._loaded)
        c.sig_error.connect(self._error)

    def open_page(self, name: str) -> None:
        """Show the window at a page, with fresh master data (unsaved typing is kept)."""
        self.tabs.setCurrentWidget(self.pages.get(name, self.firm))
        self.controller.load()
        self.show()
        self.raise_()
        self.activateWindow()

    def dirty(self) -> bool:
        return any(page.dirty() for page in self.pages.values())  # type: ignore[attr-defined]

    def closeEvent(self, event: QCloseEvent) -> None:
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, not self.dirty())
        super().closeEvent(event)

    def note(self, text: str) -> None:
        self.notes.show_message(text, "note")

    def _error(self, err: TaskError) -> None:
        self.notes.show_message(err.message, "error")

    def _loaded(self, data: SetupData) -> None:
        self.setWindowTitle(f"Firm set-up — {data.master.settings.name}")
        if data.read_only_reason:
            self.read_only.show_message(f"Read-only: {data.read_only_reason}.", "warning")
        else:
            self.read_only.hide()

    def _add_rate(self, scope: dict[str, str]) -> None:
        self.tabs.setCurrentWidget(self.rates)
        self.rates.new_with(scope)

    def open_rerate(self) -> None:
        data = self.controller.data
        if data is None:
            return
        if data.read_only_reason:
            self.notes.show_message(f"Re-rating is not possible: {data.read_only_reason}.", "error")
            return
        from desktop.ui.setup.rerate_dialog import RerateDialog

        if self.rerate_dialog is None or not self.rerate_dialog.isVisible():
            self.rerate_dialog = RerateDialog(self.controller, data, self)
            self.rerate_dialog.accepted.connect(
                lambda: self.note(self.rerate_dialog.summary.text() if self.rerate_dialog else "")
            )
        self.rerate_dialog.show()
        self.rerate_dialog.raise_()
        self.rerate_dialog.ask_preview()
