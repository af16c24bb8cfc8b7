"""The main window: menus with the standard shortcuts, the toolbar (previous / this week / next,
the running timer, new entry, submit week), the message strips and the status bar — and its
body (:class:`~desktop.ui.widgets.workbench.WorkbenchWidget`: the week, the day, all entries
and the editor).

The window is the shell that paints first: the body and its modules are built only after the
first paint (``build_body``), or as soon as something needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import actions as A
from desktop.ui import fmt, icons
from desktop.ui.widgets.message_bar import MessageBarWidget
from desktop.ui.widgets.timer_widget import TimerWidget

if TYPE_CHECKING:
    from desktop.services.queries import Snapshot, WeekDTO
    from desktop.ui.session import SessionController
    from desktop.ui.settings import AppSettings
    from desktop.ui.tasks import TaskError
    from desktop.ui.widgets.workbench import WorkbenchWidget


class MainWindow(QMainWindow):
    sig_close_requested = Signal()  # the person closed the window
    sig_activated = Signal()
    sig_week_shown = Signal(object)  # WeekDTO, after it is on screen
    sig_sync_clicked = Signal()  # the sync status was clicked: show what needs attention
    sig_history = Signal(str)  # an entry's id: show its history

    def __init__(self, session: SessionController, settings: AppSettings) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.today = fmt.local_today()
        self.closing_for_good = False
        self._body: WorkbenchWidget | None = None
        self.setWindowTitle("Docket")
        self.setWindowIcon(icons.app_icon())
        self.message_bar = MessageBarWidget()
        self.held_bar = MessageBarWidget()
        self.placeholder = QLabel("Opening your workspace…")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget()
        self._layout = QVBoxLayout(central)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.addWidget(self.message_bar)
        self._layout.addWidget(self.held_bar)
        self._layout.addWidget(self.placeholder, 1)
        self.setCentralWidget(central)
        self._actions()
        self._menus()
        self._setup_menu()
        self._toolbar()
        self.workspace_label = QLabel()
        self.totals_label = QLabel()
        self.sync_label = QLabel()
        self.sync_label.setTextFormat(Qt.TextFormat.RichText)
        self.sync_label.linkActivated.connect(lambda _l: self.sig_sync_clicked.emit())
        self.sync_label.hide()
        self.statusBar().addWidget(self.workspace_label, 1)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.statusBar().addPermanentWidget(self.totals_label)
        self.show_sync(None)
        self.resize(1280, 780)
        geometry = self.settings.blob("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    # ------------------------------------------------------------------ the body
    def build_body(self) -> WorkbenchWidget:
        """The week, the day, all entries and the editor (built once, on first need)."""
        if self._body is not None:
            return self._body
        from desktop.ui.widgets.workbench import WorkbenchWidget

        body = self._body = WorkbenchWidget(self.session, self.confirm, self.today)
        body.sig_error.connect(self.show_error)
        body.sig_note.connect(self.show_note)
        body.sig_title.connect(self.week_title.setText)
        body.sig_totals.connect(self.totals_label.setText)
        body.sig_week_shown.connect(self.sig_week_shown.emit)
        body.sig_history.connect(self.sig_history.emit)
        self._layout.replaceWidget(self.placeholder, body)
        self.placeholder.hide()
        for key, splitter in (("splitter", body), ("week_splitter", body.timesheet.splitter)):
            state = self.settings.blob(key)
            if state is not None:
                splitter.restoreState(state)
                if splitter is body.timesheet.splitter:
                    body.timesheet.user_sized = True
        return body

    @property
    def body(self) -> WorkbenchWidget:
        return self.build_body()

    # the parts tests and the app reach for
    timesheet = property(lambda self: self.body.timesheet)
    all_entries = property(lambda self: self.body.all_entries)
    editor = property(lambda self: self.body.editor)

    def has_unsaved_entry(self) -> bool:
        """Typing in the editor not saved yet (False before the editor is even built)."""
        return self._body is not None and self._body.has_unsaved_entry()

    tabs = property(lambda self: self.body.tabs)

    def reload_week(self) -> None:
        if self._body is not None:
            self._body.reload_week()

    # ------------------------------------------------------------------ shell
    def _actions(self) -> None:
        b = self.build_body
        self.new_action = A.make_action(self, "&New entry", lambda: b().new_entry(), A.NEW)
        self.save_action = A.make_action(self, "&Save entry", lambda: b().editor.save(), A.SAVE)
        self.delete_action = A.make_action(
            self, "&Delete entry…", lambda: b().delete_current(), A.DELETE
        )
        self.timer_action = A.make_action(self, "&Start timer…", self.start_stop, A.START_STOP)
        self.find_action = A.make_action(
            self, "&Find matter…", None, A.FIND_MATTER, "Find a matter and start a timer on it"
        )
        self.discard_action = A.make_action(self, "Disc&ard timer…", None)
        self.quick_log_action = A.make_action(self, "&Quick log…", None)
        self.prev_action = A.make_action(
            self, "&Previous week", lambda: b().previous_week(), A.PREVIOUS_WEEK
        )
        self.next_action = A.make_action(self, "&Next week", lambda: b().next_week(), A.NEXT_WEEK)
        self.today_action = A.make_action(self, "&This week", lambda: b().this_week(), A.THIS_WEEK)
        self.submit_action = A.make_action(
            self,
            "Su&bmit week…",
            lambda: b().submit_week(),
            A.SUBMIT_WEEK,
            "Submit this week's entries for review",
        )
        self.import_action = A.make_action(self, "&Import set-up file…", None)
        self.settings_action = A.make_action(self, "S&ettings…", None, A.SETTINGS)
        self.close_action = A.make_action(self, "&Close window", self.close, A.CLOSE)
        self.quit_action = A.make_action(self, "&Quit Docket", None, A.QUIT)
        self.shortcuts_action = A.make_action(self, "&Keyboard shortcuts", self.show_shortcuts)
        self.sign_in_action = A.make_action(
            self,
            "Sign &in to a firm server…",
            None,
            None,
            "Make this data folder your firm "
            "workspace: the firm's set-up comes from the server and your time syncs",
        )
        self.sign_out_action = A.make_action(self, "Sign &out", None)
        self.sync_now_action = A.make_action(self, "&Sync now", None, A.SYNC_NOW)
        self.attention_action = A.make_action(
            self, "Needs &attention…", None, None, "Changes the server did not apply as sent"
        )

    def _menus(self) -> None:
        bar = self.menuBar()
        for title, items in (
            ("&File", [self.import_action, self.settings_action, None, self.close_action,
                       self.quit_action]),
            ("&Entry", [self.new_action, self.save_action, self.delete_action, None,
                        self.submit_action]),
            ("&Timer", [self.timer_action, self.find_action, self.discard_action,
                        self.quick_log_action]),
            ("&View", [self.prev_action, self.today_action, self.next_action]),
            ("F&irm", [self.sign_in_action, self.sign_out_action, None, self.sync_now_action,
                       self.attention_action]),
            ("&Help", [self.shortcuts_action]),
        ):  # fmt: skip
            menu = bar.addMenu(title)
            for action in items:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)
                    self.addAction(action)  # shortcuts work with the menu bar hidden too

    def _setup_menu(self) -> None:
        """The firm set-up pages, re-rating, the matters view and entry history (the app
        wires the set-up and history actions; see ``desktop.ui.setup_flows``)."""
        from desktop.ui.setup_flows import SETUP_PAGES

        self.matters_action = A.make_action(
            self, "&Matters", lambda: self.build_body().show_matters(), A.MATTERS,
            "Matters and phases: hours and fee consumed against plan",
        )  # fmt: skip
        self.history_action = A.make_action(
            self, "Entry &history…", None, A.HISTORY, "Who changed the entry, what and when"
        )
        self.setup_actions = {page: A.make_action(self, text) for page, text in SETUP_PAGES}
        self.rerate_action = A.make_action(self, "&Re-rate entries…")
        menu = QMenu("Set-&up", self)
        menu.addActions(list(self.setup_actions.values()))
        menu.addSeparator()
        menu.addAction(self.rerate_action)
        bar = self.menuBar()
        menus = {a.text(): a for a in bar.actions()}
        bar.insertMenu(menus["&Help"], menu)
        menus["&Entry"].menu().addAction(self.history_action)
        menus["&View"].menu().addSeparator()
        menus["&View"].menu().addAction(self.matters_action)
        for action in (self.matters_action, self.history_action):
            self.addAction(action)

    def _toolbar(self) -> None:
        tb = QToolBar("Week")
        tb.setObjectName("weekToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.prev_action.setIconText("◀")
        self.next_action.setIconText("▶")
        self.today_action.setIconText("This week")
        tb.addAction(self.prev_action)
        tb.addAction(self.today_action)
        tb.addAction(self.next_action)
        self.week_title = QLabel("Opening your workspace…")
        font = self.week_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.week_title.setFont(font)
        self.week_title.setContentsMargins(12, 0, 12, 0)
        tb.addWidget(self.week_title)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        self.timer_widget = TimerWidget()
        self.timer_widget.button.setDefaultAction(self.timer_action)
        tb.addWidget(self.timer_widget)
        tb.addSeparator()
        tb.addAction(self.new_action)
        self.submit_action.setIconText("Submit week…")
        tb.addAction(self.submit_action)
        self.addToolBar(tb)

    # ------------------------------------------------------------------ state from the session
    def set_snapshot(self, snapshot: Snapshot, week: WeekDTO | None = None) -> None:
        self.today = snapshot.today
        firm = snapshot.master.settings.name
        if snapshot.awaiting_setup:
            firm = "The firm's set-up is not here yet"
        kind = "personal workspace" if snapshot.kind == "personal" else "firm workspace"
        self.workspace_label.setText(f"{firm} · {snapshot.person.name} ({kind})")
        self.timer_widget.set_snapshot(snapshot)
        self.build_body().set_snapshot(snapshot, week)

    def show_timer(self, timer: Any) -> None:
        running = timer is not None
        self.timer_action.setText("&Stop timer" if running else "&Start timer…")
        self.timer_action.setIconText("■ Stop" if running else "▶ Start timer")
        self.timer_action.setToolTip(
            A.with_shortcut(
                "Stop the timer" if running else "Start a timer on a matter", A.START_STOP
            )
        )
        self.discard_action.setEnabled(running)
        self.timer_widget.show_timer(timer, self.session.elapsed())

    def show_sync(self, view: Any) -> None:
        """The sync status, quietly: a few words in the status bar (a link when something needs
        attention); the firm menu's actions follow the workspace's state."""
        firm = view is not None and view.firm
        signed_in = firm and view.state != "signed_out"
        self.sign_in_action.setEnabled(not signed_in)
        self.sign_out_action.setEnabled(bool(signed_in))
        self.sync_now_action.setEnabled(bool(signed_in))
        self.attention_action.setEnabled(bool(firm))
        if not firm:
            self.sync_label.hide()
            return
        text = f"Sync: {view.text}"
        if view.state in ("attention", "error"):
            text = f"<a href='attention'>{text}</a>"
        self.sync_label.setText(text)
        self.sync_label.setToolTip(view.detail)
        self.sync_label.show()

    def show_held(self, held: list[Any]) -> None:
        if not held:
            self.held_bar.hide()
            return
        secs = sum(h.raw_seconds for h in held)
        n = len(held)
        self.held_bar.show_message(
            f"{n} stopped timer{'s' if n > 1 else ''} ({fmt.hm(secs)}) "
            f"need{'' if n > 1 else 's'} details before becoming entries. Nothing is lost "
            "meanwhile.",
            "warning",
            ("Complete…", self._complete_held),
        )

    def _complete_held(self) -> None:
        self.session.sig_held_created.emit(self.session.held[0])

    def show_error(self, err: TaskError | str) -> None:
        self.message_bar.show_message(getattr(err, "message", str(err)), "error")

    def show_note(self, text: str) -> None:
        self.message_bar.show_message(text, "note")

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (the app routes this through its own ``confirm``)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def start_stop(self) -> None:
        if self.session.running:
            self.session.stop()
        else:
            self.find_action.trigger()

    def show_shortcuts(self) -> None:
        rows = [
            (a.text().replace("&", ""), A.sequence_text_of(a))
            for a in (self.new_action, self.save_action, self.delete_action, self.timer_action,
                      self.find_action, self.prev_action, self.today_action, self.next_action,
                      self.submit_action, self.settings_action, self.close_action,
                      self.quit_action)
        ]  # fmt: skip
        text = "".join(f"<tr><td>{name}</td><td><b>{keys}</b></td></tr>" for name, keys in rows)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{text}</table>")

    # ------------------------------------------------------------------ window life
    def save_layout(self) -> None:
        self.settings.set_blob("geometry", self.saveGeometry())
        if self._body is not None:
            self.settings.set_blob("splitter", self._body.saveState())
            self.settings.set_blob("week_splitter", self._body.timesheet.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        if self.closing_for_good:
            event.accept()
            return
        event.ignore()  # the app decides: keep running in the tray, or quit
        self.sig_close_requested.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.sig_activated.emit()
        super().changeEvent(event)
