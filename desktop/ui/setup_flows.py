"""The app's set-up, re-rating and entry-history interactions: the window's Set-up menu opens
the set-up window at a page; "Entry history…" (menu, editor, a list's context menu) opens an
entry's history. The windows are built on first use: none is needed for the first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from desktop.ui.dialogs.entry_history import EntryHistoryDialog
    from desktop.ui.setup.window import SetupWindow

SETUP_PAGES = (
    ("firm", "&Firm: rounding and required fields…"),
    ("people", "&People…"),
    ("services", "&Service types…"),
    ("clients", "&Clients…"),
    ("matters", "&Matters and phases…"),
    ("rates", "R&ates…"),
)


class SetupFlows:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.session = app.session
        self.main = app.window
        self.setup_window: SetupWindow | None = None
        self.histories: dict[str, EntryHistoryDialog] = {}
        for page, action in self.main.setup_actions.items():
            action.triggered.connect(lambda _c=False, p=page: self.open_setup(p))
        self.main.rerate_action.triggered.connect(self.open_rerate)
        self.main.history_action.triggered.connect(self.history_of_current)
        self.main.sig_history.connect(self.open_history)
        self.session.sig_ready.connect(self._master_changed)

    # ------------------------------------------------------------------ set-up
    def open_setup(self, page: str = "firm") -> SetupWindow | None:
        if self.session.snapshot is None:
            self.main.show_note("The workspace is not open yet: set it up first.")
            return None
        if self.setup_window is None:
            from desktop.ui.setup.window import SetupWindow

            self.setup_window = SetupWindow(self.session)
            self.setup_window.destroyed.connect(self._setup_closed)
        self.setup_window.open_page(page)
        return self.setup_window

    def _setup_closed(self) -> None:
        self.setup_window = None
        if not self.app.quitting:  # a quiet moment: the pages' memory goes back
            self.app.release_memory()

    def open_rerate(self) -> None:
        win = self.open_setup("rates")
        if win is None:
            return
        if win.controller.data is not None:
            win.open_rerate()
        else:  # once the set-up is loaded

            def once(_data: Any) -> None:
                win.controller.sig_loaded.disconnect(once)
                win.open_rerate()

            win.controller.sig_loaded.connect(once)

    def _master_changed(self, snapshot: Any) -> None:
        """Master data changed elsewhere (the CLI, an import): an open set-up window re-reads
        (its forms keep whatever is being typed)."""
        win = self.setup_window
        if win is None or not win.isVisible():
            return
        shown = win.controller.data
        if shown is None or shown.master.rev != snapshot.master.rev:
            win.controller.load()

    # ------------------------------------------------------------------ entry history
    def history_of_current(self) -> None:
        entry = self.main.editor.state.entry if self.main.session.snapshot else None
        if entry is None:
            self.main.show_note("Choose an entry first: its history shows who changed what.")
            return
        self.open_history(entry.id)

    def _entry(self, entry_id: str) -> Any:
        body = self.main.body
        editor_entry = body.editor.state.entry
        if editor_entry is not None and editor_entry.id == entry_id:
            return editor_entry
        found = body.timesheet.entry(entry_id)
        if found is None:
            row = body.all_entries.model.row_of(entry_id)
            found = body.all_entries.model.entry(row)
        return found

    def open_history(self, entry_id: str) -> EntryHistoryDialog:
        from desktop.ui.dialogs.entry_history import EntryHistoryDialog, heading_for

        dlg = self.histories.get(entry_id)
        if dlg is None:
            entry = self._entry(entry_id)
            heading = heading_for(entry) if entry is not None else f"Entry {entry_id[:8]}"
            snap = self.session.snapshot
            names = {p.id: p.name for p in snap.master.people.values()} if snap else {}
            dlg = EntryHistoryDialog(
                self.session.runner, entry_id, heading, names, self.app.tz, self.main
            )
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.histories[entry_id] = dlg
            dlg.finished.connect(lambda _r, eid=entry_id: self.histories.pop(eid, None))
        dlg.load()
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()
        return dlg
