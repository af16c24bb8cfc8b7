"""The set-up pages for people (with each person's rate history), service types and clients,
and the firm's own settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop.ui import fmt
from desktop.ui.itemmodels.record_table import Column
from desktop.ui.setup.firm_form import FirmFormWidget
from desktop.ui.setup.form import TYPED_SINCE
from desktop.ui.setup.forms import ClientFormWidget, PersonFormWidget, ServiceFormWidget
from desktop.ui.setup.page import SetupPageWidget, scrolled
from desktop.ui.setup.rate_history import RateHistoryWidget

if TYPE_CHECKING:
    from core.model import Client
    from desktop.services.masterdata import RuleUse
    from desktop.ui.setup.controller import SetupController, SetupData
    from desktop.ui.tasks import TaskError


def _rounding_text(c: Client) -> str:
    r = c.rounding
    if r is None:
        return "the firm's"
    bits = [
        f"{r.increment_minutes} min" if r.increment_minutes else "",
        r.direction or "",
        f"min {r.minimum_minutes}" if r.minimum_minutes is not None else "",
    ]
    return " · ".join(b for b in bits if b)


class RatedPageWidget(SetupPageWidget):
    """A page whose records have a rate history under the form (people, matters)."""

    sig_add_rate = Signal(object)  # dict: the scope of a new rule
    scope_key = ""

    def history_side(self, top: QWidget | None) -> QWidget:
        """The rate history with an "add a rate" button, under ``top`` when given."""
        self.history = RateHistoryWidget()
        self.add_rate_button = QPushButton("Add a rate…")
        self.add_rate_button.clicked.connect(self._add_rate)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(12, 0, 12, 0)
        lay.addWidget(self.history, 1)
        lay.addWidget(self.add_rate_button, 0, Qt.AlignmentFlag.AlignLeft)
        if top is None:
            lay.setContentsMargins(12, 8, 12, 8)
            return box
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        return split

    def show_history(self, rec: Any) -> None:
        self.add_rate_button.setEnabled(
            rec is not None and self.data is not None and self.data.read_only_reason is None
        )
        if rec is None:
            self.history.show_uses([], self._today(), "", "Rates: save it first.")
            return
        key = self.key(rec)
        self.add_rate_button.setText(f"Add a rate for {key}…")

        def deliver(uses: list[RuleUse]) -> None:
            cur = self.form.current
            if cur is None or self.key(cur) != key or self.data is None:
                return  # the person has moved on
            self.history.show_uses(
                uses, self.data.today, self.data.currency, self.history_caption(rec, uses)
            )

        self.controller.rule_uses(deliver, **{self.scope_key: key})

    def history_caption(self, rec: Any, uses: list[RuleUse]) -> str:
        raise NotImplementedError

    def _today(self) -> Any:
        return self.data.today if self.data else fmt.local_today()

    def _add_rate(self) -> None:
        if self.form.current is not None:
            self.sig_add_rate.emit({self.scope_key: self.key(self.form.current)})


class PeoplePageWidget(RatedPageWidget):
    kind = "person"
    new_text = "New person"
    key_attr = "id"
    scope_key = "person"

    def __init__(self, controller: SetupController) -> None:
        super().__init__(
            controller,
            PersonFormWidget(),
            (
                Column("Id", lambda p: p.id, 75),
                Column("Name", lambda p: p.name, 120),
                Column("Role", lambda p: p.role, 80),
                Column("Class.", lambda p: p.classification or "", 65),
                Column("Active", lambda p: "active" if p.active else "inactive", 60),
                Column("Email", lambda p: p.email or "", 100),
            ),
            dimmed=lambda p: not p.active,
        )

    def side(self) -> QWidget:
        return self.history_side(scrolled(self.form))

    def records(self, data: SetupData) -> list[Any]:
        return sorted(data.master.people.values(), key=lambda p: p.name.lower())

    def show_record(self, rec: Any) -> None:
        self.form.start(rec)
        self.show_history(rec)

    def history_caption(self, rec: Any, uses: list[RuleUse]) -> str:
        cls = f" and classification {rec.classification}" if rec.classification else ""
        if not uses:
            return f"No rate rule names {rec.name}{cls}: other rules (matter, service, firm) apply."
        return (
            f"Rate history of {rec.name}{cls} — newest first; a rule that priced entries is fixed."
        )


class ServicesPageWidget(SetupPageWidget):
    kind = "service type"
    new_text = "New service type"

    def __init__(self, controller: SetupController) -> None:
        super().__init__(
            controller,
            ServiceFormWidget(),
            (
                Column("Code", lambda s: s.code, 80),
                Column("Name", lambda s: s.name, 200),
                Column("Billable", lambda s: "billable" if s.billable else "non-billable", 100),
                Column("UTBMS activity", lambda s: s.utbms_activity or "", 100),
            ),
        )

    def records(self, data: SetupData) -> list[Any]:
        return sorted(data.master.service_types.values(), key=lambda s: s.code)


class ClientsPageWidget(SetupPageWidget):
    kind = "client"
    new_text = "New client"

    def __init__(self, controller: SetupController) -> None:
        super().__init__(
            controller,
            ClientFormWidget(),
            (
                Column("Code", lambda c: c.code, 80),
                Column("Name", lambda c: c.name, 180),
                Column("Rounding", _rounding_text, 150),
                Column("Also required", lambda c: ", ".join(c.required_fields), 120),
                Column("LEDES id", lambda c: c.ledes_client_id or c.code, 90),
            ),
        )

    def records(self, data: SetupData) -> list[Any]:
        return sorted(data.master.clients.values(), key=lambda c: c.code)


class FirmPageWidget(QWidget):
    """The firm's settings: one record, no table."""

    sig_note = Signal(str)

    def __init__(self, controller: SetupController) -> None:
        super().__init__()
        self.controller = controller
        self.form = FirmFormWidget()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addWidget(scrolled(self.form))
        self.form.sig_save.connect(self._save)
        controller.sig_loaded.connect(self.set_data)

    def dirty(self) -> bool:
        return self.form.touched

    def set_data(self, data: SetupData) -> None:
        self.form.set_master(data.master)
        self.form.set_read_only(data.read_only_reason)
        if not self.form.touched:
            self.form.start(data.master.settings)

    def _save(self, record: dict[str, Any]) -> None:
        def done(_report: Any) -> None:
            settled = self.form.saved()
            self.sig_note.emit(f"Saved the firm's settings.{'' if settled else TYPED_SINCE}")

        def failed(err: TaskError) -> None:
            self.form.show_problems(err)

        self.controller.save("save_firm", (record,), done, failed)
