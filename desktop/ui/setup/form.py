"""What every set-up form shares: fields registered by their path in the set-up file's record
(``name``, ``rounding.increment_minutes``), each with its problem shown right under it, a
heading, Save and Revert, and a read-only state that says why.

A form never saves by itself: ``sig_save`` carries the record (shaped exactly as in the set-up
file) to its page, which sends it to the services and answers with ``saved`` or
``show_problems``. A refusal keeps everything that was typed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import actions
from desktop.ui.setup.fields import watch
from desktop.ui.widgets.field_row import FieldRowWidget

if TYPE_CHECKING:
    from desktop.ui.tasks import TaskError

_INDEX = re.compile(r"\[\d+\]$")
# said after "Saved …" when the person typed on while the save was on its way
TYPED_SINCE = " What you typed since is still in the form, not saved yet."


class RecordFormWidget(QWidget):
    """A form over one record (subclasses add the fields and say how to fill and read them).
    ``current`` is the stored value being edited, None for a new record."""

    sig_save = Signal(object)  # dict: the record, as in the set-up file
    sig_touched = Signal()

    save_text = "Save"
    service_method = ""  # the master-data service's method that saves the record

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current: Any = None
        self.touched = False
        self.edits = 0  # changes typed so far (a save remembers how many it carries)
        self._saving = 0
        self.read_only_reason: str | None = None
        self.editable = True
        self._loading = False
        self.rows: dict[str, FieldRowWidget] = {}
        self.labels: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 4, 12, 8)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        self.note = QLabel()  # why this record cannot change, when it cannot
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        outer.addWidget(self.note)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addLayout(self.form)
        self.general = FieldRowWidget(QLabel())
        outer.addWidget(self.general)
        self.buttons = buttons = QHBoxLayout()
        self.save_button = QPushButton(self.save_text)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(actions.with_shortcut("Save", actions.SAVE))
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Put back what is stored")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self.start(self.current))

    # ------------------------------------------------------------------ building
    def add_field(
        self, path: str, label: str, widget: QWidget, hint: str | None = None
    ) -> FieldRowWidget:
        """A field for the record key ``path``, its problems shown under it."""
        extra = None
        if hint:
            extra = QLabel(hint)
            extra.setWordWrap(True)
            extra.setEnabled(False)  # the palette's muted text colour
        row = FieldRowWidget(widget, extra)
        lab = QLabel(label)
        lab.setBuddy(widget)
        if isinstance(widget, QCheckBox) and not label:
            lab = QLabel()
        self.form.addRow(lab, row)
        self.rows[path], self.labels[path] = row, lab
        watch(widget, self._changed)
        return row

    def add_section(self, title: str) -> None:
        lab = QLabel(title)
        font = lab.font()
        font.setBold(True)
        lab.setFont(font)
        lab.setContentsMargins(0, 8, 0, 0)
        self.form.addRow(lab)

    # ------------------------------------------------------------------ subclasses fill in
    def fill(self, value: Any) -> None:
        """Put ``value`` (None: a new record) into the fields."""
        raise NotImplementedError

    def record(self) -> dict[str, Any]:
        """The fields as a set-up file record."""
        raise NotImplementedError

    def heading_text(self, value: Any) -> str:
        raise NotImplementedError

    def key_fields(self) -> tuple[QWidget, ...]:
        """Fields that name the record (its code): typed once, fixed afterwards."""
        return ()

    def record_lock(self, value: Any) -> str | None:
        """Why this stored record cannot change at all (None: it can)."""
        return None

    def method(self) -> str:
        """The master-data service's method that saves this record."""
        return self.service_method

    # ------------------------------------------------------------------ state
    def start(self, value: Any) -> None:
        """Show ``value`` (None: a new, empty record) with no problems and nothing touched."""
        self.current = value
        self._loading = True
        try:
            self.fill(value)
        finally:
            self._loading = False
        self.touched = False
        self.clear_problems()
        self.heading.setText(self.heading_text(value))
        self._apply_read_only()

    def _changed(self) -> None:
        if self._loading:
            return
        self.edits += 1
        if not self.touched:
            self.touched = True
            self.sig_touched.emit()
        self.refresh()

    def refresh(self) -> None:
        """Fields that depend on others (a fixed fee only on fixed-fee matters)."""

    def set_read_only(self, reason: str | None) -> None:
        self.read_only_reason = reason
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        lock = self.record_lock(self.current) if self.read_only_reason is None else None
        ro = self.read_only_reason is not None or lock is not None
        self.note.setText(f"Locked: {lock}" if lock else "")
        self.note.setVisible(lock is not None)
        self.editable = not ro
        for path, row in self.rows.items():
            field = row.field
            if isinstance(field, QLineEdit):
                field.setReadOnly(ro)
                field.setEnabled(True)
            else:
                field.setEnabled(not ro)
            self.labels[path].setEnabled(True)
        for key in self.key_fields():
            fixed = ro or self.current is not None
            if isinstance(key, QLineEdit):
                key.setReadOnly(fixed)
            else:
                key.setEnabled(not fixed)
        self.save_button.setVisible(not ro)
        self.revert_button.setVisible(not ro)
        if not ro:
            self.refresh()

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        if not self.editable:
            return
        self.clear_problems()
        self._saving = self.edits
        self.sig_save.emit(self.record())

    def saved(self) -> bool:
        """The services took the record: nothing is pending any more — unless the person
        typed on while it was on its way (False): that stays in the form, still to save."""
        self.clear_problems()
        if self.edits != self._saving:
            return False
        self.touched = False
        return True

    def clear_problems(self) -> None:
        for row in self.rows.values():
            row.set_problems([])
        self.general.set_problems([])

    def show_problems(self, err: TaskError) -> None:
        """Each problem under its field (the record's path); the rest under the form."""
        by_row: dict[str, list[str]] = {}
        general: list[str] = []
        for path, message in err.problems or (("", err.message),):
            key = self.field_of(path)
            if key is None:  # a whole-record problem ("rates[0]") reads without its path
                bare = not path or _INDEX.search(path)
                general.append(message if bare else f"{message} ({path})")
            else:
                by_row.setdefault(key, []).append(message)
        for key, row in self.rows.items():
            row.set_problems(by_row.get(key, []))
        self.general.set_problems(general)
        for key, row in self.rows.items():
            if key in by_row:
                row.field.setFocus()
                break

    def field_of(self, path: str) -> str | None:
        """The field a problem path belongs to: itself, or the nearest enclosing key."""
        while path:
            if path in self.rows:
                return path
            trimmed = _INDEX.sub("", path)
            path = trimmed if trimmed != path else path.rpartition(".")[0]
        return None
