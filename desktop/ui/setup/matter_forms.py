"""The forms for a matter (billing type, fixed fee, team, reviewers, UTBMS code set, LEDES ids,
service types, closing) and for one of its phases (estimates and planned dates)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit

from core import utbms
from core.model import BILLING_TYPES
from desktop.ui.setup.fields import CodeChecklistWidget, OptionalDateEdit, date_text, text_of
from desktop.ui.setup.form import RecordFormWidget
from desktop.ui.widgets.combo import choose, fill_combo

if TYPE_CHECKING:
    from core.model import Matter, Phase
    from desktop.models.master import Master

BILLING_WORDS = {
    "hourly": "hourly",
    "fixed_fee": "fixed fee",
    "non_billable": "non-billable",
}


class MatterFormWidget(RecordFormWidget):
    service_method = "save_matter"

    def __init__(self) -> None:
        super().__init__()
        self._master: Master | None = None
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. ACME-003")
        self.client = QComboBox()
        self.name = QLineEdit()
        self.billing = QComboBox()
        fill_combo(self.billing, [(BILLING_WORDS[b], b) for b in BILLING_TYPES])
        self.fixed_fee = QLineEdit()
        self.fixed_fee.setPlaceholderText("e.g. 12000.00")
        self.team = CodeChecklistWidget()
        self.reviewers = CodeChecklistWidget()
        self.utbms = QComboBox()
        fill_combo(self.utbms, [("none", None)] + [(n, n) for n in utbms.code_set_names()])
        self.client_matter_id = QLineEdit()
        self.ledes_client = QLabel()
        self.ledes_client.setEnabled(False)
        self.services = CodeChecklistWidget()
        self.closed = QCheckBox("Closed: hidden from pickers; its entries stay as they are")
        self.add_field("code", "&Code", self.code)
        self.add_field("client", "C&lient", self.client)
        self.add_field("name", "&Name", self.name)
        self.add_field("billing", "&Billing", self.billing)
        self.add_field(
            "fixed_fee", "&Fixed fee", self.fixed_fee, "Entries are still rated: the fee consumed"
        )
        self.add_field("team", "&Team", self.team, "Who may see and log to it; none ticked: all")
        self.add_field(
            "reviewers",
            "&Reviewers",
            self.reviewers,
            "Who approves its entries; none ticked: the team's partners, else the admins",
        )
        self.add_field("utbms", "&UTBMS code set", self.utbms)
        self.add_field("client_matter_id", "Client's &matter id", self.client_matter_id)
        self.form.addRow("", self.ledes_client)
        self.add_field(
            "services", "&Service types", self.services, "None ticked: every service type"
        )
        self.add_field("closed", "", self.closed)
        self.client.currentIndexChanged.connect(lambda _i: self._show_ledes_client())

    def set_master(self, master: Master) -> None:
        self._master = master
        fill_combo(
            self.client,
            [(f"{c.code} · {c.name}", c.code) for c in master.clients.values()],
            self.client.currentData(),
        )
        people = [(p.id, f"{p.name} ({p.role})") for p in master.people.values()]
        self.team.set_items(people)
        self.reviewers.set_items(people)
        self.services.set_items(
            (s.code, f"{s.name} ({s.code})") for s in master.service_types.values()
        )
        self._show_ledes_client()

    def _show_ledes_client(self) -> None:
        client = self._master.clients.get(self.client.currentData()) if self._master else None
        ledes = (client.ledes_client_id or client.code) if client else "—"
        self.ledes_client.setText(f"The client's LEDES id: {ledes} (set on the client)")

    def refresh(self) -> None:
        fixed = self.billing.currentData() == "fixed_fee"
        self.fixed_fee.setEnabled(fixed and self.read_only_reason is None)

    def key_fields(self) -> tuple[Any, ...]:
        return (self.code,)

    def heading_text(self, m: Matter | None) -> str:
        if m is None:
            return "New matter"
        return f"{m.code} · {m.name}" + (" (closed)" if m.closed else "")

    def fill(self, m: Matter | None) -> None:
        self.code.setText(m.code if m else "")
        choose(self.client, m.client if m else None)
        self.name.setText(m.name if m else "")
        choose(self.billing, m.billing if m else "hourly")
        self.fixed_fee.setText(f"{m.fixed_fee:.2f}" if m and m.fixed_fee is not None else "")
        self.team.set_checked(m.team if m else ())
        self.reviewers.set_checked((m.reviewers or ()) if m else ())
        choose(self.utbms, m.utbms if m else None)
        self.client_matter_id.setText((m.client_matter_id or "") if m else "")
        self.services.set_checked((m.services or ()) if m else ())
        self.closed.setChecked(m.closed if m else False)
        self._show_ledes_client()
        self.refresh()

    def record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "code": self.code.text().strip(),
            "client": self.client.currentData() or "",
            "name": self.name.text().strip(),
            "billing": self.billing.currentData(),
            "team": self.team.checked(),
            "closed": self.closed.isChecked(),
        }
        fee = text_of(self.fixed_fee) if rec["billing"] == "fixed_fee" else None
        for key, value in (
            ("fixed_fee", fee),
            ("reviewers", self.reviewers.checked() or None),
            ("utbms", self.utbms.currentData()),
            ("client_matter_id", text_of(self.client_matter_id)),
            ("services", self.services.checked() or None),
        ):
            if value is not None:
                rec[key] = value
        return rec


class PhaseFormWidget(RecordFormWidget):
    service_method = "save_phase"

    def __init__(self) -> None:
        super().__init__()
        self.matter: str | None = None
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. L100")
        self.name = QLineEdit()
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("e.g. 40")
        self.fee = QLineEdit()
        self.fee.setPlaceholderText("e.g. 9000.00")
        self.start_date = OptionalDateEdit()
        self.end_date = OptionalDateEdit()
        self.add_field("code", "&Code", self.code)
        self.add_field("name", "&Name", self.name)
        self.add_field("estimated_hours", "Estimated &hours", self.hours)
        self.add_field("estimated_fee", "Estimated &fee", self.fee)
        self.add_field("start", "Planned &start", self.start_date)
        self.add_field(
            "end",
            "Planned &end",
            self.end_date,
            "The early warning compares the share of the estimate consumed with the share of "
            "these dates elapsed.",
        )

    def key_fields(self) -> tuple[Any, ...]:
        return (self.code,)

    def heading_text(self, ph: Phase | None) -> str:
        where = f" of {self.matter}" if self.matter else ""
        return f"New phase{where}" if ph is None else f"Phase {ph.code} · {ph.name}{where}"

    def fill(self, ph: Phase | None) -> None:
        self.code.setText(ph.code if ph else "")
        self.name.setText(ph.name if ph else "")
        hours = ph.estimated_hours if ph else None
        self.hours.setText(str(hours) if hours is not None else "")
        fee = ph.estimated_fee if ph else None
        self.fee.setText(f"{fee:.2f}" if fee is not None else "")
        self.start_date.set_value(ph.start if ph else None)
        self.end_date.set_value(ph.end if ph else None)

    def record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {"code": self.code.text().strip(), "name": self.name.text().strip()}
        for key, value in (
            ("estimated_hours", text_of(self.hours)),
            ("estimated_fee", text_of(self.fee)),
            ("start", date_text(self.start_date.value())),
            ("end", date_text(self.end_date.value())),
        ):
            if value is not None:
                rec[key] = value
        return rec
