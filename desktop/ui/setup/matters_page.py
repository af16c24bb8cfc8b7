"""The matters set-up page: the matters, and for the chosen one its form, its phases (with
their estimates and planned dates) and its rate history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.ui import fmt
from desktop.ui.itemmodels.record_table import Column
from desktop.ui.setup.matter_forms import BILLING_WORDS, MatterFormWidget, PhaseFormWidget
from desktop.ui.setup.page import SetupPageWidget, scrolled
from desktop.ui.setup.pages import RatedPageWidget

if TYPE_CHECKING:
    from core.model import Matter
    from desktop.services.masterdata import RuleUse
    from desktop.ui.setup.controller import SetupController, SetupData


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


class PhasesWidget(SetupPageWidget):
    """A matter's phases, above the form of the chosen (or a new) phase."""

    kind = "phase"
    new_text = "New phase"

    def __init__(self, controller: SetupController) -> None:
        self.matter: Matter | None = None
        self.phase_form = PhaseFormWidget()
        super().__init__(
            controller,
            self.phase_form,
            PHASE_COLUMNS,
            orientation=Qt.Orientation.Vertical,
            sizes=(220, 420),
            follow=False,
        )

    def show_matter(self, matter: Matter | None, data: SetupData) -> None:
        """The phases of ``matter`` (None: a matter not saved yet, so no phases)."""
        other = self.matter is None or matter is None or matter.code != self.matter.code
        if other and not self.form.touched:
            self.form.current = None  # another matter: start from its first phase
        self.matter = matter
        self.phase_form.matter = matter.code if matter else None
        self.data = data
        self.refill()

    def records(self, data: SetupData) -> list[Any]:
        return list(self.matter.phases) if self.matter else []

    def read_only(self) -> str | None:
        return super().read_only() or (None if self.matter else "save the matter first")

    def save_args(self, record: dict[str, Any]) -> tuple[Any, ...]:
        return (self.matter.code if self.matter else "", record)

    def record_words(self, record: dict[str, Any]) -> str:
        return f"phase {record.get('code')} of {self.matter.code if self.matter else '?'}"


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
        if self.data is not None:
            self.phases.show_matter(rec, self.data)
        self.show_history(rec)

    def refill(self) -> None:
        super().refill()
        # the matter's form may be mid-edit (so not shown again), but its phases must follow
        # what is stored: a phase just saved must not show, and be saved back, as it was
        current = self.form.current
        if self.data is not None and current is not None and self.form.touched:
            fresh = self.data.master.matters.get(current.code)
            if fresh is not None:
                self.phases.show_matter(fresh, self.data)

    def dirty(self) -> bool:
        return self.form.touched or self.phases.dirty()

    def history_caption(self, rec: Any, uses: list[RuleUse]) -> str:
        if not uses:
            return (
                f"No rate rule names {rec.code} or its client: the people's and firm's rates apply."
            )
        return f"Rate history of {rec.code} and client {rec.client} — newest first."
