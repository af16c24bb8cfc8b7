"""The main window: the week (previous / this week / next), the chosen day's entries, every
entry page by page, and the entry editor beside them; the running timer and "Submit week" in
the toolbar; menus with the standard shortcuts.

Threading rule: the window never queries. Week loads and saves go to the task runner through
the session; results come back by callback, and a result for a week no longer shown is dropped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import actions as A
from desktop.ui import fmt, icons
from desktop.ui.widgets.all_entries import AllEntriesWidget
from desktop.ui.widgets.entry_editor import EntryEditorWidget
from desktop.ui.widgets.message_bar import MessageBarWidget
from desktop.ui.widgets.timer_widget import TimerWidget
from desktop.ui.widgets.timesheet import TimesheetWidget

if TYPE_CHECKING:
    from desktop.services.dto import EntryDTO
    from desktop.services.queries import Snapshot, WeekDTO
    from desktop.ui.session import SessionController
    from desktop.ui.settings import AppSettings
    from desktop.ui.tasks import TaskError


class MainWindow(QMainWindow):
    sig_close_requested = Signal()  # the person closed the window
    sig_activated = Signal()
    sig_week_shown = Signal(object)  # WeekDTO, after it is on screen

    def __init__(self, session: SessionController, settings: AppSettings) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.today = session.clock().date()
        self.monday = self.today - timedelta(days=self.today.weekday())
        self._tokens = itertools.count(1)
        self._week_token = 0
        self.setWindowTitle("Docket")
        self.setWindowIcon(icons.app_icon())
        self._build()
        self._restore()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.timesheet = TimesheetWidget()
        self.all_entries = AllEntriesWidget(self._fetch_entries)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.timesheet, "Timesheet")
        self.tabs.addTab(self.all_entries, "All entries")
        self.editor = EntryEditorWidget()
        scroll = QScrollArea()
        scroll.setWidget(self.editor)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(380)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.message_bar = MessageBarWidget()
        self.held_bar = MessageBarWidget()
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.message_bar)
        lay.addWidget(self.held_bar)
        lay.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._actions()
        self._menus()
        self._toolbar()
        self.workspace_label = QLabel()
        self.totals_label = QLabel()
        self.statusBar().addWidget(self.workspace_label, 1)
        self.statusBar().addPermanentWidget(self.totals_label)
        self.timesheet.sig_entry_chosen.connect(self._entry_chosen)
        self.timesheet.sig_day_chosen.connect(self._day_chosen)
        self.all_entries.sig_entry_chosen.connect(self._entry_chosen)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.editor.sig_save.connect(self._save)
        self.editor.sig_delete.connect(self._delete)
        self.resize(1280, 780)

    def _actions(self) -> None:
        self.new_action = A.make_action(self, "&New entry", self.new_entry, A.NEW)
        self.save_action = A.make_action(self, "&Save entry", self.editor.save, A.SAVE)
        self.delete_action = A.make_action(self, "&Delete entry…", self.delete_current, A.DELETE)
        self.timer_action = A.make_action(self, "&Start timer…", self.start_stop, A.START_STOP)
        self.find_action = A.make_action(
            self, "&Find matter…", None, A.FIND_MATTER, "Find a matter and start a timer on it"
        )
        self.discard_action = A.make_action(self, "Disc&ard timer…", None)
        self.quick_log_action = A.make_action(self, "&Quick log…", None)
        self.prev_action = A.make_action(
            self, "&Previous week", self.previous_week, A.PREVIOUS_WEEK
        )
        self.next_action = A.make_action(self, "&Next week", self.next_week, A.NEXT_WEEK)
        self.today_action = A.make_action(self, "&This week", self.this_week, A.THIS_WEEK)
        self.submit_action = A.make_action(
            self,
            "Su&bmit week…",
            self.submit_week,
            A.SUBMIT_WEEK,
            "Submit this week's entries for review",
        )
        self.import_action = A.make_action(self, "&Import set-up file…", None)
        self.settings_action = A.make_action(self, "S&ettings…", None, A.SETTINGS)
        self.close_action = A.make_action(self, "&Close window", self.close, A.CLOSE)
        self.quit_action = A.make_action(self, "&Quit Docket", None, A.QUIT)
        self.shortcuts_action = A.make_action(self, "&Keyboard shortcuts", self.show_shortcuts)

    def _menus(self) -> None:
        bar = self.menuBar()
        for title, items in (
            (
                "&File",
                [
                    self.import_action,
                    self.settings_action,
                    None,
                    self.close_action,
                    self.quit_action,
                ],
            ),
            (
                "&Entry",
                [self.new_action, self.save_action, self.delete_action, None, self.submit_action],
            ),
            (
                "&Timer",
                [self.timer_action, self.find_action, self.discard_action, self.quick_log_action],
            ),
            ("&View", [self.prev_action, self.today_action, self.next_action]),
            ("&Help", [self.shortcuts_action]),
        ):
            menu = bar.addMenu(title)
            for action in items:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)
                    self.addAction(action)  # shortcuts work with the menu bar hidden too

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
    def set_snapshot(self, snapshot: Snapshot) -> None:
        self.today = snapshot.today
        firm = snapshot.master.settings.name
        kind = "personal workspace" if snapshot.kind == "personal" else "firm workspace"
        self.workspace_label.setText(f"{firm} · {snapshot.person.name} ({kind})")
        self.timesheet.set_snapshot(snapshot)
        self.all_entries.set_snapshot(snapshot)
        self.editor.set_snapshot(snapshot)
        self.timer_widget.set_snapshot(snapshot)
        self.show_week(self.monday)

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

    # ------------------------------------------------------------------ weeks
    def show_week(self, monday: date, keep: str | None = None) -> None:
        self.monday = monday
        self.week_title.setText(fmt.week_title(monday))
        token = self._week_token = next(self._tokens)
        if keep is None and self.editor.state.entry is not None:
            keep = self.editor.state.entry.id
        self.session.runner.submit(
            lambda b: b.queries.week(monday),
            lambda week: self._week_loaded(week, token, keep),
            self.show_error,
            what="loading the week",
        )

    def _week_loaded(self, week: WeekDTO, token: int, keep: str | None) -> None:
        if token != self._week_token:  # the person has moved on to another week
            return
        day = self.timesheet.day
        if not week.monday <= day <= week.sunday:
            day = self.today if week.monday <= self.today <= week.sunday else week.monday
        self.timesheet.show_week(week, self.today, day, keep)
        wm = self.timesheet.week_model
        b, n = wm.week_total("billable"), wm.week_total("non_billable")
        currency = self.session.snapshot.master.settings.currency if self.session.snapshot else ""
        self.totals_label.setText(
            f"Week: {fmt.hours(b.hours + n.hours)} h billed · {fmt.hours(b.hours)} billable · "
            f"{fmt.hours(n.hours)} non-billable · {fmt.money(b.amount, currency)}"
        )
        if keep is not None and self.editor.state.mode == "edit" and not self.editor.state.touched:
            fresh = self.timesheet.entry(keep)
            if fresh is not None:
                self.editor.load_entry(fresh)
        self.sig_week_shown.emit(week)

    def reload_week(self) -> None:
        self.show_week(self.monday)
        if self.all_entries.loaded:
            self.all_entries.reload()

    def previous_week(self) -> None:
        self.show_week(self.monday - timedelta(days=7))

    def next_week(self) -> None:
        self.show_week(self.monday + timedelta(days=7))

    def this_week(self) -> None:
        self.timesheet.day = self.today
        self.show_week(self.today - timedelta(days=self.today.weekday()))

    def _day_chosen(self, day: date) -> None:
        if self.editor.state.mode in ("empty", "new") and not self.editor.state.touched:
            self.editor.clear()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.all_entries and not self.all_entries.loaded:
            self.all_entries.reload()

    def _fetch_entries(
        self, status: str | None, offset: int, limit: int, deliver: Callable[[list[EntryDTO]], None]
    ) -> None:
        def task(b: Any) -> list[EntryDTO]:
            from desktop.services.entries import EntryFilter

            person = b.queries.snapshot().person.id
            return list(
                b.entries.list(
                    EntryFilter(person=person, status=status, limit=limit, offset=offset)
                )
            )

        self.session.runner.submit(task, deliver, self.show_error, what="loading entries")

    # ------------------------------------------------------------------ entries
    def _entry_chosen(self, entry: EntryDTO | None) -> None:
        st = self.editor.state
        if entry is None:
            if st.mode == "edit" and not st.touched:
                self.editor.clear()
            return
        if (
            st.touched
            and st.mode in ("edit", "new")
            and (st.entry is None or st.entry.id != entry.id)
        ):
            self.show_note("You have unsaved changes in the editor: save or revert them first.")
            return
        self.editor.load_entry(entry)

    def new_entry(self) -> None:
        self.tabs.setCurrentWidget(self.timesheet)
        self.timesheet.day_view.clearSelection()
        self.editor.new_entry(self.timesheet.day)

    def _save(self, values: dict[str, Any]) -> None:
        entry = self.editor.state.entry
        if entry is not None and not values:
            self.show_note("Nothing changed.")
            return
        self.editor.save_button.setEnabled(False)

        def done(result: Any) -> None:
            self.editor.save_button.setEnabled(True)
            if hasattr(result, "status"):
                self.editor.saved(result)
                self.show_note(
                    f"Saved: {fmt.hours(result.billed_hours)} h on {result.matter or 'no matter'}."
                )
                self.show_week(self.monday, keep=result.id)

        def failed(err: TaskError) -> None:
            self.editor.save_button.setEnabled(True)
            self.editor.show_error(err)

        self.session.save_entry(entry.id if entry else None, values, done, failed)

    def delete_current(self) -> None:
        entry = self.editor.state.entry
        if entry is None or self.editor.state.mode != "edit":
            return
        self._delete(entry.id)

    def _delete(self, entry_id: str) -> None:
        entry = self.editor.state.entry
        if entry is None or entry.status not in ("draft", "rejected"):
            self.show_error("Only draft and rejected entries can be deleted.")
            return
        if not self.confirm(
            "Delete entry",
            f"Delete {fmt.hm(entry.raw_seconds)} on {entry.matter or 'no matter'} "
            f"({entry.date:%a %d %b})? The deletion is recorded in the audit trail.",
        ):
            return

        def deleted(_id: str) -> None:
            self.editor.clear()
            self.show_note("Entry deleted.")

        self.session.delete_entry(entry_id, deleted)

    def submit_week(self) -> None:
        week = self.timesheet.week
        if week is None:
            return
        todo = [e for e in week.entries if e.status in ("draft", "rejected")]
        if not todo:
            self.show_note("Nothing to submit this week: no draft or rejected entries.")
            return
        hours = sum((e.billed_hours for e in todo), Decimal(0))
        if not self.confirm(
            "Submit week",
            f"Submit {len(todo)} entr{'y' if len(todo) == 1 else 'ies'} ({fmt.hours(hours)} h) "
            f"of {fmt.week_title(week.monday)} for review?",
        ):
            return

        def task(b: Any) -> list[str]:
            from desktop.services.approvals import Selection

            return b.approvals.submit(
                Selection(person=week.person, date_from=week.monday, date_to=week.sunday)
            )

        def done(ids: list[str]) -> None:
            self.show_note(f"Submitted {len(ids)} entr{'y' if len(ids) == 1 else 'ies'}.")
            self.reload_week()

        self.session.runner.submit(task, done, self.show_error, what="submitting the week")

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (the app routes this through its own ``confirm``)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ timer
    def start_stop(self) -> None:
        if self.session.running:
            self.session.stop()
        else:
            self.find_action.trigger()

    # ------------------------------------------------------------------ help
    def show_shortcuts(self) -> None:
        rows = [
            (a.text().replace("&", ""), A.sequence_text_of(a))
            for a in (
                self.new_action,
                self.save_action,
                self.delete_action,
                self.timer_action,
                self.find_action,
                self.prev_action,
                self.today_action,
                self.next_action,
                self.submit_action,
                self.settings_action,
                self.close_action,
                self.quit_action,
            )
        ]
        text = "".join(f"<tr><td>{name}</td><td><b>{keys}</b></td></tr>" for name, keys in rows)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{text}</table>")

    # ------------------------------------------------------------------ window life
    def _restore(self) -> None:
        geometry = self.settings.blob("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for key, splitter in (
            ("splitter", self.splitter),
            ("week_splitter", self.timesheet.splitter),
        ):
            state = self.settings.blob(key)
            if state is not None:
                splitter.restoreState(state)

    def save_layout(self) -> None:
        self.settings.set_blob("geometry", self.saveGeometry())
        self.settings.set_blob("splitter", self.splitter.saveState())
        self.settings.set_blob("week_splitter", self.timesheet.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        event.ignore()
        self.sig_close_requested.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.sig_activated.emit()
        super().changeEvent(event)
