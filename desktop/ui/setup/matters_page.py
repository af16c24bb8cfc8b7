"""The matters set-up page: the matters, and for the chosen one its form, its phases (with
their estimates and planned dates) and its rate history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from desktop.ui import fmt
from desktop.ui.itemmodels.record_table import Column, RecordTableModel
from desktop.ui.setup.matter_forms import BILLING_WORDS, MatterFormWidget, PhaseFormWidget
from desktop.ui.setup.page import scrolled
from desktop.ui.setup.pages import RatedPageWidget
from desktop.ui.views.record_table_view import RecordTableView

if TYPE_CHECKING:
    from core.model import Matter, Phase
    from desktop.services.masterdata import RuleUse
    from desktop.ui.setup.controller import SetupController, SetupData
    from desktop.ui.tasks import TaskError


def _fee(m: Matter) -> str:
    return fmt.money(m.fixed_fee) if m.fixed_fee is not None else ""


PHASE_COLUMNS = (
    Column("Code", lambda p: p.code, 60),
    Column("Name", lambda p: p.name, 150),
    Column("Est. hours", lambda p: fmt.hours(p.estimated_hours), 75, numeric=True),
    Column(
        "Est. fee",
        lambda p: fmt.money(p.estimated_fee) if p.estimated_fee is not None else "",
        90,
        numeric=True,
    ),
    Column("Start", lambda p: fmt.day_short(p.start) if p.start else "", 90),
    Column("End", lambda p: fmt.day_short(p.end) if p.end else "", 90),
)


class PhasesWidget(QWidget):
    """A matter's phases and the form of the chosen (or a new) phase."""

    sig_note = Signal(str)

    def __init__(self, controller: SetupController) -> None:
        super().__init__()
        self.controller = controller
        self.matter: Matter | None = None
        self._want: str | None = None  # a phase just saved, to show once it is reloaded
        self.model = RecordTableModel(PHASE_COLUMNS, self)
        self.table = RecordTableView(self.model, "Phases")
        self.form = PhaseFormWidget()
        self.new_button = QPushButton("New phase")
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addStretch(1)
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(12, 6, 12, 0)
        ul.addLayout(top)
        ul.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(scrolled(self.form))
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.new_button.clicked.connect(self.new)
        self.table.sig_chosen.connect(self._chosen)
        self.form.sig_save.connect(self._save)

    def show_matter(self, matter: Matter | None, read_only: str | None) -> None:
        same = self.matter is not None and matter is not None and matter.code == self.matter.code
        self.matter = matter
        self.form.matter = matter.code if matter else None
        self.model.set_rows(list(matter.phases) if matter else [])
        self.form.set_read_only(read_only or (None if matter else "save the matter first"))
        self.new_button.setEnabled(read_only is None and matter is not None)
        keep = self.form.current.code if same and self.form.current is not None else None
        keep, self._want = (self._want or keep if same else None), None
        if same and self.form.touched:
            return
        if keep is not None and self.table.choose(lambda p: p.code == keep):
            self.form.start(self.model.record(self.model.row_where(lambda p: p.code == keep)))
        elif self.model.rowCount():
            self.table.choose(lambda _p: True)
            self.form.start(self.model.record(0))
        else:
            self.form.start(None)

    def _chosen(self, ph: Phase | None) -> None:
        if ph is None:
            return
        if self.form.touched:
            self.sig_note.emit("You have unsaved changes in the phase: save or revert them first.")
            return
        self.form.start(ph)

    def new(self) -> None:
        if self.form.touched:
            self.sig_note.emit("You have unsaved changes in the phase: save or revert them first.")
            return
        self.table.clearSelection()
        self.form.start(None)
        self.form.code.setFocus()

    def _save(self, record: dict[str, Any]) -> None:
        if self.matter is None:
            return
        code = self.matter.code

        def done(_report: Any) -> None:
            self.form.saved()
            self._want = record["code"]
            self.sig_note.emit(f"Saved phase {record['code']} of {code}.")

        def failed(err: TaskError) -> None:
            self.form.show_problems(err)

        self.controller.save("save_phase", (code, record), done, failed)


class MattersPageWidget(RatedPageWidget):
    kind = "matter"
    new_text = "New matter"
    scope_key = "matter"

    def __init__(self, controller: SetupController) -> None:
        super().__init__(
            controller,
            MatterFormWidget(),
            (
                Column("Code", lambda m: m.code, 90),
                Column("Client", lambda m: m.client, 70),
                Column("Name", lambda m: m.name, 170),
                Column("Billing", lambda m: BILLING_WORDS.get(m.billing, m.billing), 80),
                Column("Fixed fee", _fee, 95, numeric=True),
                Column("Phases", lambda m: str(len(m.phases)) if m.phases else "", 55),
                Column("State", lambda m: "closed" if m.closed else "open", 60),
            ),
            dimmed=lambda m: m.closed,
        )

    def side(self) -> QWidget:
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.phases = PhasesWidget(self.controller)
        self.phases.sig_note.connect(self.sig_note.emit)
        self.tabs.addTab(scrolled(self.form), "Matter")
        self.tabs.addTab(self.phases, "Phases")
        self.tabs.addTab(self.history_side(None), "Rates")
        return self.tabs

    def records(self, data: SetupData) -> list[Any]:
        return sorted(data.master.matters.values(), key=lambda m: (m.client, m.code))

    def show_record(self, rec: Any) -> None:
        self.form.start(rec)
        reason = self.data.read_only_reason if self.data else None
        self.phases.show_matter(rec, reason)
        self.show_history(rec)

    def history_caption(self, rec: Any, uses: list[RuleUse]) -> str:
        if not uses:
            return (
                f"No rate rule names {rec.code} or its client: the people's and firm's rates apply."
            )
        return f"Rate history of {rec.code} and client {rec.client} — newest first."
