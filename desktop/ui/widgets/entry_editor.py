"""The entry editor: date, matter (type-ahead), phase and service narrowed to the matter, UTBMS
task and activity on UTBMS matters, duration in any common form, narrative, billable — with
the rate, amount and rule shown live before saving and each problem under its field.

The same widget edits an entry, logs a new one, and completes held time. It never saves by
itself: ``sig_save`` carries the values to its owner, which runs the task and answers with
``saved`` or ``show_error`` (what was typed is kept either way). Approved and billed entries
are shown read-only, with the reason; a rejected entry shows the reviewer's comment.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.duration import format_hm
from desktop.ui import actions, fmt
from desktop.ui.widgets.combo import choose
from desktop.ui.widgets.editor_state import EditorState
from desktop.ui.widgets.field_row import FieldRowWidget
from desktop.ui.widgets.matter_picker import MatterPickerWidget

if TYPE_CHECKING:
    from desktop.services.dto import EntryDTO, HeldDTO
    from desktop.services.queries import Snapshot
    from desktop.ui.tasks import TaskError

FIELDS = (
    "date",
    "matter",
    "phase",
    "service",
    "utbms_task",
    "utbms_activity",
    "duration",
    "narrative",
    "billable",
)


class EntryEditorWidget(QWidget):
    sig_save = Signal(object)  # dict of entry fields
    sig_delete = Signal(str)  # entry id
    sig_history = Signal(str)  # entry id: show its audit history

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.state = EditorState()
        self._loading = False
        self._build(compact)

    # ------------------------------------------------------------------ layout
    def _build(self, compact: bool) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0 if compact else 12, 8, 0 if compact else 12, 8)
        self.saving = False
        self.edits = 0  # changes typed so far (a save remembers how many it carries)
        self._saving_edits = 0
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setMargin(8)
        outer.addWidget(self.banner)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.matter = MatterPickerWidget()
        self.phase = QComboBox()
        self.service = QComboBox()
        self.task = QComboBox()
        self.activity = QComboBox()
        self.duration = QLineEdit()
        self.duration.setPlaceholderText("1:30, 1h30, 90m or 1.5")
        self.duration_hint = QLabel()
        self.narrative = QPlainTextEdit()
        self.narrative.setTabChangesFocus(True)
        self.narrative.setPlaceholderText("What was done, for the client's invoice")
        self.narrative.setMinimumHeight(72)
        self.narrative.setMaximumHeight(140)
        self.narrative_hint = QLabel()
        self.billable = QCheckBox("Billable")
        self.rows: dict[str, FieldRowWidget] = {}
        self.labels: dict[str, QLabel] = {}
        for name, label, widget, extra in (
            ("date", "&Date", self.date, None),
            ("matter", "&Matter", self.matter, None),
            ("phase", "&Phase", self.phase, None),
            ("service", "&Service", self.service, None),
            ("utbms_task", "UTBMS &task", self.task, None),
            ("utbms_activity", "UTBMS &activity", self.activity, None),
            ("duration", "D&uration", self.duration, self.duration_hint),
            ("narrative", "&Narrative", self.narrative, self.narrative_hint),
            ("billable", "", self.billable, None),
        ):
            row = FieldRowWidget(widget, extra)
            lab = QLabel(label)
            lab.setBuddy(widget)
            form.addRow(lab, row)
            self.rows[name], self.labels[name] = row, lab
        outer.addLayout(form)
        for hint in (self.duration_hint, self.narrative_hint):
            hint.setEnabled(False)  # drawn in the palette's muted text colour

        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setObjectName("pricePreview")
        self.general = FieldRowWidget(self.preview)
        outer.addWidget(self.general)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(actions.with_shortcut("Save the entry", actions.SAVE))
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Put back what was last saved")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip(actions.with_shortcut("Delete the entry", actions.DELETE))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        self.history_button = QPushButton("History…")
        self.history_button.setToolTip(
            "Who changed what and when, correction requests, and the audit chain's check"
        )
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.delete_button)
        outer.addLayout(buttons)
        outer.addStretch(1)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self._delete)
        self.history_button.clicked.connect(self._history)
        self.date.dateChanged.connect(lambda _d: self._changed("date"))
        self.matter.sig_matter_changed.connect(self._matter_changed)
        self.matter.textEdited.connect(lambda _t: self._changed("matter"))
        self.phase.currentIndexChanged.connect(lambda _i: self._phase_changed())
        self.service.currentIndexChanged.connect(lambda _i: self._changed("service"))
        self.task.currentIndexChanged.connect(lambda _i: self._changed("utbms_task"))
        self.activity.currentIndexChanged.connect(lambda _i: self._changed("utbms_activity"))
        self.duration.textChanged.connect(lambda _t: self._changed("duration"))
        self.duration.returnPressed.connect(self.save)
        self.narrative.textChanged.connect(lambda: self._changed("narrative"))
        self.billable.toggled.connect(self._billable_toggled)
        save_from_text = QShortcut(QKeySequence("Ctrl+Return"), self.narrative)
        save_from_text.setContext(Qt.ShortcutContext.WidgetShortcut)
        save_from_text.activated.connect(self.save)
        self.clear()

    # ------------------------------------------------------------------ loading
    def set_snapshot(self, snapshot: Snapshot | None) -> None:
        self.state.snapshot = snapshot
        self.matter.set_snapshot(snapshot)
        self._refresh()

    def clear(self) -> None:
        """Nothing selected: an empty, disabled form."""
        self.state.reset("empty")
        snap = self.state.snapshot
        today = snap.today if snap is not None else fmt.local_today()
        self._fill(None, None, None, None, None, None, today, "", "")
        self._set_editable(False)
        self.banner.setText(
            "Select an entry to edit it, or press "
            f"{actions.sequence_text(actions.NEW)} for a new one."
        )
        self._refresh()

    def new_entry(self, day: date) -> None:
        self.state.reset("new")
        self._fill(None, None, None, None, None, None, day, "", "")
        self._set_editable(True)
        self._refresh()
        self.matter.setFocus()

    def load_entry(self, e: EntryDTO) -> None:
        self.state.reset("edit", entry=e)
        self._fill(
            e.matter,
            e.phase,
            e.service,
            e.utbms_task,
            e.utbms_activity,
            e.billable_override,
            e.date,
            format_hm(e.raw_seconds),
            e.narrative,
        )
        self._set_editable(not e.locked)
        self._refresh()

    def load_held(self, h: HeldDTO) -> None:
        self.state.reset("held", held=h)
        self._fill(
            h.matter,
            h.phase,
            h.service,
            h.utbms_task,
            h.utbms_activity,
            h.billable_override,
            h.work_date,
            format_hm(h.raw_seconds),
            h.narrative,
        )
        self._set_editable(True)
        self.date.setEnabled(False)
        self._refresh()
        self._focus_first_problem()

    def _fill(
        self,
        matter: str | None,
        phase: str | None,
        service: str | None,
        task: str | None,
        activity: str | None,
        override: bool | None,
        day: date,
        duration: str,
        narrative: str,
    ) -> None:
        self._loading = True
        try:
            self.state.override = override
            self.date.setDate(QDate(day.year, day.month, day.day))
            self.matter.set_code(matter)
            self._fill_choices()
            choose(self.phase, phase)
            self._fill_tasks()
            choose(self.service, service)
            choose(self.task, task)
            choose(self.activity, activity)
            self.duration.setText(duration)
            self.narrative.setPlainText(narrative)
        finally:
            self._loading = False

    def _fill_choices(self) -> None:
        for combo, items in (
            (self.phase, self.state.phase_items(self.matter.code)),
            (self.service, self.state.service_items(self.matter.code)),
            (self.activity, self.state.activity_items(self.matter.code)),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, code in items:
                combo.addItem(text, code)
            choose(combo, keep)
            combo.blockSignals(False)
        utbms = self.state.uses_utbms(self.matter.code)
        for name in ("utbms_task", "utbms_activity"):
            self.rows[name].setVisible(utbms)
            self.labels[name].setVisible(utbms)
        self.phase.setEnabled(self.phase.count() > 1 and self.state.editable)

    def _fill_tasks(self) -> None:
        keep = self.task.currentData()
        self.task.blockSignals(True)
        self.task.clear()
        for text, code in self.state.task_items(self.matter.code, self.phase.currentData()):
            self.task.addItem(text, code)
        choose(self.task, keep)
        self.task.blockSignals(False)

    def _set_editable(self, on: bool) -> None:
        self.state.editable = on
        for w in (
            self.date,
            self.matter,
            self.phase,
            self.service,
            self.task,
            self.activity,
            self.duration,
            self.billable,
        ):
            w.setEnabled(on)
        self.narrative.setReadOnly(not on)
        self.phase.setEnabled(on and self.phase.count() > 1)
        self.save_button.setEnabled(on and not self.saving)
        self.revert_button.setEnabled(on and self.state.mode == "edit")
        entry = self.state.entry
        deletable = entry is not None and entry.status in ("draft", "rejected")
        self.delete_button.setVisible(self.state.mode == "edit")
        self.history_button.setVisible(self.state.mode == "edit")
        self.delete_button.setEnabled(deletable)

    # ------------------------------------------------------------------ changes
    def _changed(self, name: str) -> None:
        if self._loading:
            return
        self.edits += 1
        self.state.touched.add(name)
        self.state.server_problems = ()
        self._refresh()

    def _matter_changed(self, _code: str | None) -> None:
        if self._loading:
            return
        self._fill_choices()
        self._fill_tasks()
        self._changed("matter")

    def _phase_changed(self) -> None:
        if self._loading:
            return
        self._fill_tasks()
        self._changed("phase")

    def _billable_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        default = self.state.default_billable(self.matter.code, self.service.currentData())
        self.state.override = None if checked == default else checked
        self._changed("billable")

    # ------------------------------------------------------------------ values and preview
    def values(self) -> dict[str, Any]:
        """The entry's fields as typed (``raw_seconds`` None when the duration is not valid)."""
        qd = self.date.date()
        return {
            "work_date": date(qd.year(), qd.month(), qd.day()),
            "matter": self.matter.code,
            "phase": self.phase.currentData(),
            "service": self.service.currentData(),
            "utbms_task": self.task.currentData()
            if self.rows["utbms_task"].isVisibleTo(self)
            else None,
            "utbms_activity": self.activity.currentData(),
            "raw_seconds": self.state.parse_duration(self.duration.text())[0],
            "narrative": self.narrative.toPlainText(),
            "billable_override": self.state.override,
        }

    def _refresh(self) -> None:
        if self._loading:
            return
        v = self.values()
        view = self.state.evaluate(
            v, self.duration.text(), self.matter.pending_text, self.matter.text()
        )
        self._loading = True
        self.billable.setChecked(view.billable)
        self._loading = False
        for name in FIELDS:
            self.rows[name].set_problems(view.problems.get(name, []))
        self.general.set_problems(view.problems.get("", []))
        self.duration_hint.setText(view.duration_hint)
        self.narrative_hint.setText(view.narrative_hint)
        self.preview.setText(view.preview_html)
        if self.activity.count():
            implied = f" ({view.implied_activity})" if view.implied_activity else ""
            self.activity.setItemText(0, f"From the service type{implied}")
        self.banner.setText(view.banner_html or self.banner.text())
        self.banner.setStyleSheet(view.banner_style)

    def _focus_first_problem(self) -> None:
        for name in FIELDS:
            if self.rows[name].has_problem:
                self.rows[name].field.setFocus()
                return

    # ------------------------------------------------------------------ actions
    def set_saving(self, on: bool) -> None:
        """A save on its way: Enter, Ctrl+Return or the button again does nothing until it
        is answered (a second press would log the entry twice)."""
        self.saving = on
        self.save_button.setEnabled(not on)

    def save(self) -> None:
        if not self.state.editable or self.saving:
            return
        self.state.tried_save = True
        self._refresh()
        if self.state.blocking:
            self._focus_first_problem()
            return
        values = self.values()
        if self.state.mode == "edit":
            values = self.state.changed_values(values)
        self._saving_edits = self.edits
        self.sig_save.emit(values)

    def revert(self) -> None:
        if self.state.entry is not None:
            self.load_entry(self.state.entry)

    def _delete(self) -> None:
        if self.state.entry is not None:
            self.sig_delete.emit(self.state.entry.id)

    def _history(self) -> None:
        if self.state.entry is not None:
            self.sig_history.emit(self.state.entry.id)

    def saved(self, entry: EntryDTO) -> bool:
        """Show the saved entry — unless the person typed on while the save was on its way
        (False): what they typed stays, now as changes to the saved entry, still to save."""
        if self.edits == self._saving_edits:
            self.load_entry(entry)
            return True
        st = self.state
        st.mode, st.entry, st.held = "edit", entry, None
        st.tried_save, st.server_problems = False, ()
        self._set_editable(not entry.locked)
        self._refresh()
        return False

    def show_error(self, err: TaskError) -> None:
        """A refusal from the services: problems go under their fields, and everything that
        was typed stays in the form."""
        self.state.tried_save = True
        self.state.server_problems = err.problems or (("", err.message),)
        self._refresh()
        self._focus_first_problem()
