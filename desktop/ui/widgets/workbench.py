"""The window's body: the timesheet (week grid and day list) and "All entries" tabs beside the
entry editor — and what happens in them: loading weeks, choosing entries, saving, deleting,
submitting the week.

Threading rule: nothing here queries. Week loads and saves go to the task runner through the
session; results come back by callback, and a result for a week no longer shown is dropped.
Messages for the person go out as signals; the window shows them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QScrollArea, QSplitter, QTabWidget, QWidget

from desktop.ui import fmt
from desktop.ui.widgets.timesheet import TimesheetWidget

if TYPE_CHECKING:
    from desktop.services.dto import EntryDTO
    from desktop.services.queries import Snapshot, WeekDTO
    from desktop.ui.session import SessionController
    from desktop.ui.tasks import TaskError
    from desktop.ui.widgets.all_entries import AllEntriesWidget
    from desktop.ui.widgets.entry_editor import EntryEditorWidget
    from desktop.ui.widgets.matters_overview import MattersOverviewWidget


class WorkbenchWidget(QSplitter):
    sig_error = Signal(object)  # TaskError | str
    sig_note = Signal(str)
    sig_title = Signal(str)  # the week shown
    sig_totals = Signal(str)  # the week's totals
    sig_week_shown = Signal(object)  # WeekDTO, once on screen
    sig_history = Signal(str)  # an entry's id: show its history

    def __init__(
        self,
        session: SessionController,
        confirm: Callable[[str, str], bool],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.session = session
        self.confirm = confirm
        self.today = today
        self.monday = today - timedelta(days=today.weekday())
        self._tokens = itertools.count(1)
        self._week_token = 0
        self._snapshot: Snapshot | None = None
        self.timesheet = TimesheetWidget()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.timesheet, "Timesheet")
        self._side = QScrollArea()
        self._side.setWidgetResizable(True)
        self._side.setMinimumWidth(380)
        self._side.setFrameShape(QScrollArea.Shape.NoFrame)
        self.addWidget(self.tabs)
        self.addWidget(self._side)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setSizes([900, 440])  # until the person's own layout is restored
        self._editor: EntryEditorWidget | None = None
        self._all_entries: AllEntriesWidget | None = None
        self._matters: MattersOverviewWidget | None = None
        self.timesheet.sig_entry_chosen.connect(self._entry_chosen)
        self.timesheet.sig_day_chosen.connect(self._day_chosen)
        self.tabs.currentChanged.connect(self._tab_changed)

    def complete(self) -> None:
        """Build the editor, the "All entries" and "Matters" tabs — after the week is on
        screen, or as soon as something needs them (not on the path to the first week)."""
        if self._editor is not None:
            return
        from desktop.ui.widgets.all_entries import AllEntriesWidget
        from desktop.ui.widgets.entry_editor import EntryEditorWidget
        from desktop.ui.widgets.matters_overview import MattersOverviewWidget

        self._editor = EntryEditorWidget()
        self._side.setWidget(self._editor)
        self._all_entries = AllEntriesWidget(self._fetch_entries)
        self.tabs.addTab(self._all_entries, "All entries")
        self._matters = MattersOverviewWidget(self._fetch_burn)
        self.tabs.addTab(self._matters, "Matters")
        self._matters.sig_open_matter.connect(self.open_matter_entries)
        self._all_entries.sig_entry_chosen.connect(self._entry_chosen)
        self._editor.sig_save.connect(self._save)
        self._editor.sig_delete.connect(self._delete)
        for source in (self._editor, self._all_entries.view, self.timesheet.day_view):
            source.sig_history.connect(self.sig_history.emit)
        if self._snapshot is not None:
            self._editor.set_snapshot(self._snapshot)
            self._all_entries.set_snapshot(self._snapshot)

    @property
    def editor(self) -> EntryEditorWidget:
        self.complete()
        assert self._editor is not None
        return self._editor

    @property
    def all_entries(self) -> AllEntriesWidget:
        self.complete()
        assert self._all_entries is not None
        return self._all_entries

    @property
    def matters(self) -> MattersOverviewWidget:
        self.complete()
        assert self._matters is not None
        return self._matters

    def show_matters(self) -> None:
        self.tabs.setCurrentWidget(self.matters)

    def open_matter_entries(self, code: str) -> None:
        """Everyone's entries on a matter, in the "All entries" tab."""
        self.tabs.setCurrentWidget(self.all_entries)
        self.all_entries.show_matter(code)

    def show_error(self, err: TaskError | str) -> None:
        self.sig_error.emit(err)

    def show_note(self, text: str) -> None:
        self.sig_note.emit(text)

    def set_snapshot(self, snapshot: Snapshot, week: WeekDTO | None = None) -> None:
        if self.timesheet.week is None:  # the first week shown is the workspace's this week
            self.monday = snapshot.today - timedelta(days=snapshot.today.weekday())
        self.today = snapshot.today
        self._snapshot = snapshot
        self.timesheet.set_snapshot(snapshot)
        if self._editor is not None and self._all_entries is not None:
            self._editor.set_snapshot(snapshot)
            self._all_entries.set_snapshot(snapshot)
        if self._matters is not None and self._matters.loaded:
            self._matters.reload()  # the set-up may have changed estimates or dates
        if week is not None and week.monday == self.monday:  # loaded with the workspace
            self.sig_title.emit(fmt.week_title(week.monday))
            self._week_token = next(self._tokens)
            self._week_loaded(week, self._week_token, None)
        else:
            self.show_week(self.monday)

    # ------------------------------------------------------------------ weeks
    def show_week(self, monday: date, keep: str | None = None) -> None:
        self.monday = monday
        self.sig_title.emit(fmt.week_title(monday))
        token = self._week_token = next(self._tokens)
        if keep is None and self._editor is not None and self._editor.state.entry is not None:
            keep = self._editor.state.entry.id
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
        self.sig_totals.emit(
            f"Week: {fmt.hours(b.hours + n.hours)} h billed · {fmt.hours(b.hours)} billable · "
            f"{fmt.hours(n.hours)} non-billable · {fmt.amounts(b.amounts, currency)}"
        )
        ed = self._editor
        if keep is not None and ed is not None and ed.state.mode == "edit" and not ed.state.touched:
            fresh = self.timesheet.entry(keep)
            if fresh is not None:
                self.editor.load_entry(fresh)
        self.sig_week_shown.emit(week)

    def reload_week(self) -> None:
        self.show_week(self.monday)
        if self._all_entries is not None and self._all_entries.loaded:
            self._all_entries.reload()
        if self._matters is not None and self._matters.loaded:
            self._matters.reload()

    def previous_week(self) -> None:
        self.show_week(self.monday - timedelta(days=7))

    def next_week(self) -> None:
        self.show_week(self.monday + timedelta(days=7))

    def this_week(self) -> None:
        self.timesheet.day = self.today
        self.show_week(self.today - timedelta(days=self.today.weekday()))

    def _day_chosen(self, day: date) -> None:
        ed = self._editor
        if ed is not None and ed.state.mode in ("empty", "new") and not ed.state.touched:
            ed.clear()

    def _tab_changed(self, index: int) -> None:
        # the matters view needs the width; the editor is for entries
        self._side.setVisible(self._matters is None or self.tabs.widget(index) is not self._matters)
        for tab in (self._all_entries, self._matters):
            if tab is not None and self.tabs.widget(index) is tab and not tab.loaded:
                tab.reload()

    def _fetch_entries(
        self,
        status: str | None,
        matter: str | None,
        offset: int,
        limit: int,
        deliver: Callable[[list[EntryDTO]], None],
    ) -> None:
        def task(b: Any) -> list[EntryDTO]:
            from desktop.services.entries import EntryFilter

            # on one matter: everyone's entries the person may see; else their own
            person = None if matter else b.queries.snapshot().person.id
            flt = EntryFilter(
                person=person, matter=matter, status=status, limit=limit, offset=offset
            )
            return list(b.entries.list(flt))

        self.session.runner.submit(task, deliver, self.show_error, what="loading entries")

    def _fetch_burn(self, deliver: Callable[[Any], None]) -> None:
        self.session.runner.submit(
            lambda b: b.burn.matters(), deliver, self.show_error, what="loading the matters"
        )

    # ------------------------------------------------------------------ entries
    def _entry_chosen(self, entry: EntryDTO | None) -> None:
        st = self.editor.state
        if entry is None:
            if st.mode == "edit" and not st.touched:
                self.editor.clear()
            return
        if (st.entry is None or st.entry.id != entry.id) and self._unsaved_said():
            return
        self.editor.load_entry(entry)

    def new_entry(self) -> None:
        self.tabs.setCurrentWidget(self.timesheet)
        if self._unsaved_said():
            self.editor.setFocus()
            return
        self.timesheet.day_view.clearSelection()
        self.editor.new_entry(self.timesheet.day)

    def _save(self, values: dict[str, Any]) -> None:
        entry = self.editor.state.entry
        if entry is not None and not values:
            self.show_note("Nothing changed.")
            return
        self.editor.set_saving(True)

        def done(result: Any) -> None:
            self.editor.set_saving(False)
            if hasattr(result, "status"):
                settled = self.editor.saved(result)
                since = "" if settled else " What you typed since is still here, not saved yet."
                self.show_note(
                    f"Saved: {fmt.hours(result.billed_hours)} h on "
                    f"{result.matter or 'no matter'}.{since}"
                )
                self.show_week(self.monday, keep=result.id)

        def failed(err: TaskError) -> None:
            self.editor.set_saving(False)
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

    def has_unsaved_entry(self) -> bool:
        """Typing in the editor not saved yet (False before the editor is even built)."""
        ed = self._editor
        return ed is not None and bool(ed.state.touched) and ed.state.mode in ("edit", "new")

    def _unsaved_said(self) -> bool:
        """True, and said, when typing in the editor is not saved yet."""
        if self.has_unsaved_entry():
            self.show_note("You have unsaved changes in the editor: save or revert them first.")
            return True
        return False

    def submit_week(self) -> None:
        week = self.timesheet.week
        if week is None:
            return
        if self._unsaved_said():
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

        shown = [e.id for e in todo]  # exactly what the question counted, nothing added since

        def task(b: Any) -> list[str]:
            from desktop.services.approvals import Selection

            return b.approvals.submit(Selection(ids=shown))

        def done(ids: list[str]) -> None:
            self.show_note(f"Submitted {len(ids)} entr{'y' if len(ids) == 1 else 'ies'}.")
            self.reload_week()

        self.session.runner.submit(task, done, self.show_error, what="submitting the week")
