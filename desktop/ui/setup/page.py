"""A set-up page: the records of one kind in a table, and the form of the chosen one (or of a
new one) beside it. Saving goes through the controller; a refusal stays in the form, each
problem under its field; unsaved changes are never thrown away by choosing another row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.itemmodels.record_table import Column, RecordTableModel
from desktop.ui.setup.form import TYPED_SINCE
from desktop.ui.views.record_table_view import RecordTableView

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from desktop.ui.setup.controller import SetupController, SetupData
    from desktop.ui.setup.form import RecordFormWidget
    from desktop.ui.tasks import TaskError


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class SetupPageWidget(QWidget):
    """Subclasses say which records (``records``), how each is named (``key``) and what a
    saved one is called; ``side`` may wrap the form (the matters page adds phases and rates)."""

    sig_note = Signal(str)
    kind = "record"
    new_text = "New"
    key_attr = "code"

    def __init__(
        self,
        controller: SetupController,
        form: RecordFormWidget,
        columns: Sequence[Column],
        *,
        dimmed: Callable[[Any], bool] | None = None,
        orientation: Qt.Orientation = Qt.Orientation.Horizontal,
        sizes: tuple[int, int] = (480, 720),
        follow: bool = True,
    ) -> None:
        """``follow``: refill whenever the controller loads master data (a page of the
        window); otherwise its owner calls ``set_data`` (a matter's phases)."""
        super().__init__()
        self.controller = controller
        self.form = form
        self.data: SetupData | None = None
        self._saved_key: str | None = None
        self.model = RecordTableModel(columns, self, dimmed=dimmed)
        self.table = RecordTableView(self.model, self.kind.capitalize())
        self.new_button = QPushButton(self.new_text)
        self.top = top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addStretch(1)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(top)
        ll.addWidget(self.table, 1)
        self.splitter = QSplitter(orientation)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side())
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes(list(sizes))
        self.splitter.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addWidget(self.splitter)
        self.new_button.clicked.connect(self.new)
        self.table.sig_chosen.connect(self._chosen)
        self.form.sig_save.connect(self._save)
        if follow:
            controller.sig_loaded.connect(self.set_data)

    def side(self) -> QWidget:
        return scrolled(self.form)

    # ------------------------------------------------------------------ subclasses
    def records(self, data: SetupData) -> list[Any]:
        raise NotImplementedError

    def key(self, rec: Any) -> str:
        return str(getattr(rec, self.key_attr))

    def fill_choices(self, data: SetupData) -> None:
        """Give the form its choices (people, clients…) from fresh master data."""
        setter = getattr(self.form, "set_master", None)
        if setter is not None:
            setter(data.master)

    def show_record(self, rec: Any) -> None:
        """Show ``rec`` (None: a new one) in the form; the matters page shows more."""
        self.form.start(rec)

    def read_only(self) -> str | None:
        """Why nothing can be added or changed here (None: it can)."""
        return self.data.read_only_reason if self.data else None

    def dirty(self) -> bool:
        """Something typed is not saved yet (the matters page counts its phase too)."""
        return self.form.touched

    # ------------------------------------------------------------------ data
    def set_data(self, data: SetupData) -> None:
        self.data = data
        self.fill_choices(data)
        self.refill()

    def refill(self) -> None:
        """Show the records again, keeping the chosen one (or the one just saved) and never
        replacing what is being typed."""
        if self.data is None:
            return
        self.model.set_rows(self.records(self.data))
        reason = self.read_only()
        self.form.set_read_only(reason)
        self.new_button.setEnabled(reason is None)
        self.new_button.setToolTip(f"Read-only: {reason}" if reason else "")
        want = self._saved_key
        if want is None and self.form.current is not None:
            want = self.key(self.form.current)
        self._saved_key = None
        if want is not None:
            row = self.model.row_where(lambda r: self.key(r) == want)
            if row >= 0:
                self.table.choose(lambda r: self.key(r) == want)
                if not self.form.touched:
                    self.show_record(self.model.record(row))
                return
        if self.form.touched:
            return  # a record being typed (new, or one no longer listed): leave it be
        if self.model.rowCount():
            self.table.choose(lambda _r: True)
            self.show_record(self.model.record(0))
        else:
            self.show_record(None)

    def _chosen(self, rec: Any) -> None:
        if rec is None:
            return
        if self.dirty():
            self.sig_note.emit("You have unsaved changes in the form: save or revert them first.")
            cur = self.form.current
            if cur is not None:
                self.table.choose(lambda r: self.key(r) == self.key(cur))
            else:
                self.table.clearSelection()
            return
        self.show_record(rec)

    def new(self) -> None:
        if self.dirty():
            self.sig_note.emit("You have unsaved changes in the form: save or revert them first.")
            return
        self.table.clearSelection()
        self.table.setCurrentIndex(self.model.index(-1, -1))
        self.show_record(None)
        keys = self.form.key_fields()
        if keys:
            keys[0].setFocus()

    # ------------------------------------------------------------------ saving
    def record_key(self, record: dict[str, Any]) -> str:
        """The key (as ``key`` gives it) of the record a form sends."""
        return str(record.get(self.key_attr, ""))

    def record_words(self, record: dict[str, Any]) -> str:
        return f"{self.kind} {self.record_key(record)}"

    def save_args(self, record: dict[str, Any]) -> tuple[Any, ...]:
        return (record,)

    def _save(self, record: dict[str, Any]) -> None:
        form = self.form
        form.save_button.setEnabled(False)
        key = self.record_key(record)
        words = self.record_words(record)

        def done(report: Any) -> None:
            form.save_button.setEnabled(True)
            settled = form.saved()
            self._saved_key = key
            what = "Saved" if getattr(report, "changed", True) else "Nothing changed in"
            self.sig_note.emit(f"{what} {words}.{'' if settled else TYPED_SINCE}")

        def failed(err: TaskError) -> None:
            form.save_button.setEnabled(True)
            form.show_problems(err)

        self.controller.save(form.method(), self.save_args(record), done, failed)
