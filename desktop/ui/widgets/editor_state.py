"""What the entry editor shows, decided without widgets: the choices narrowed to the matter,
the problems to show under each field, the live price preview and the status banner.

No widgets and no queries — plain logic over the frozen snapshot — so it runs on every
keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor

from core.duration import format_hm
from desktop.ui import fmt, theme

if TYPE_CHECKING:
    from core.model import Matter
    from desktop.services.dto import EntryDTO, HeldDTO
    from desktop.services.queries import Snapshot

NONE = "—"
# the service layer's field names → the editor's rows ("" = the general row)
FIELD_OF = {"client": "matter", "person": "", "date": "date", "work_date": "date"}
# the editor's values → the entry DTO's attributes
DTO_ATTR = {"work_date": "date", "billable_override": "billable_override"}

AWAITING_SETUP = (
    "The firm's set-up (matters, rates, policies) has not reached this computer yet: "
    "time can be logged once it arrives with the next sync."
)


@dataclass
class EditorView:
    problems: dict[str, list[str]]
    billable: bool
    duration_hint: str
    narrative_hint: str
    preview_html: str
    banner_html: str
    banner_style: str
    implied_activity: str | None = None  # the service's UTBMS activity, when none is chosen


@dataclass
class EditorState:
    snapshot: Snapshot | None = None
    mode: str = "empty"  # empty | new | edit | held
    entry: EntryDTO | None = None
    held: HeldDTO | None = None
    touched: set[str] = field(default_factory=set)
    tried_save: bool = False
    override: bool | None = None
    editable: bool = False
    server_problems: tuple[tuple[str, str], ...] = ()
    blocking: bool = False

    def reset(self, mode: str, entry: EntryDTO | None = None, held: HeldDTO | None = None) -> None:
        self.mode, self.entry, self.held = mode, entry, held
        self.touched, self.tried_save, self.override = set(), False, None
        self.server_problems, self.blocking = (), False

    # ------------------------------------------------------------------ choices
    def _matter(self, code: str | None) -> Matter | None:
        return self.snapshot.master.matters.get(code or "") if self.snapshot else None

    def phase_items(self, matter: str | None) -> list[tuple[str, str | None]]:
        m = self._matter(matter)
        return [(NONE, None)] + [(f"{p.code} · {p.name}", p.code) for p in (m.phases if m else ())]

    def service_items(self, matter: str | None) -> list[tuple[str, str | None]]:
        if self.snapshot is None:
            return [(NONE, None)]
        m = self._matter(matter)
        allowed = m.services if m is not None and m.services is not None else None
        items: list[tuple[str, str | None]] = [(NONE, None)]
        for code, st in self.snapshot.master.service_types.items():
            if allowed is None or code in allowed:
                tag = "" if st.billable else " (non-billable)"
                items.append((f"{st.name} · {code}{tag}", code))
        return items

    def uses_utbms(self, matter: str | None) -> bool:
        m = self._matter(matter)
        return m is not None and m.utbms is not None

    def task_items(self, matter: str | None, phase: str | None) -> list[tuple[str, str | None]]:
        from core import utbms

        m = self._matter(matter)
        if m is None or m.utbms is None or m.utbms not in utbms.CODE_SETS:
            return [(NONE, None)]
        codes = list(utbms.tasks(m.utbms).values())
        if phase and phase in utbms.phases(m.utbms):
            codes = [c for c in codes if c.phase == phase]
        return [(NONE, None)] + [(f"{c.code} · {c.name}", c.code) for c in codes]

    def activity_items(self, matter: str | None) -> list[tuple[str, str | None]]:
        items: list[tuple[str, str | None]] = [("From the service type", None)]
        if not self.uses_utbms(matter):
            return items
        from core import utbms

        return items + [(f"{c.code} · {c.name}", c.code) for c in utbms.activities().values()]

    def default_billable(self, matter: str | None, service: str | None) -> bool:
        if self.snapshot is None:
            return True
        from core.pricing import is_billable

        st = self.snapshot.master.service_types.get(service or "") if self.snapshot else None
        return is_billable(self._matter(matter), st)

    @staticmethod
    def parse_duration(text: str) -> tuple[int | None, str | None]:
        from core.duration import parse_duration
        from core.errors import InputError

        if not text.strip():
            return None, "a duration is required: type it as 1:30, 1h30, 90m or 1.5"
        try:
            return parse_duration(text), None
        except InputError as err:
            return None, str(err)

    # ------------------------------------------------------------------ evaluation
    def evaluate(
        self, v: dict[str, Any], duration_text: str, pending_matter: bool, matter_text: str
    ) -> EditorView:
        problems: dict[str, list[str]] = {}
        billable = self.default_billable(v["matter"], v["service"])
        if self.override is not None:
            billable = self.override
        preview_html = "Choose a matter and type a duration to see the rate and amount."
        seconds, duration_error = self.parse_duration(duration_text)
        implied: str | None = None
        found: list[tuple[str, str]] = []
        if duration_error:
            found.append(("duration", duration_error))
        if pending_matter:
            found.append(("matter", f"“{matter_text}” is not a matter: choose one from the list"))
        if self.snapshot is not None and self.snapshot.awaiting_setup and self.mode != "empty":
            found.append(("", AWAITING_SETUP))
        elif self.snapshot is not None and self.mode != "empty":
            from desktop.services import pricing_rows as pr
            from desktop.services.preview import preview

            person = self.entry.person if self.entry else self.snapshot.person.id
            draft = pr.Draft(
                person=person,
                work_date=v["work_date"],
                raw_seconds=seconds or 0,
                matter=v["matter"],
                phase=v["phase"],
                service=v["service"],
                narrative=v["narrative"],
                utbms_task=v["utbms_task"],
                utbms_activity=v["utbms_activity"],
                billable_override=self.override,
            )
            pv = preview(self.snapshot.master, draft, self.entry)
            found.extend(
                (p.path, p.message)
                for p in pv.problems
                if not (p.path == "duration" and duration_error)
            )
            if pv.pricing is not None:
                preview_html = _price_html(pv)
            if v["utbms_activity"] is None:
                implied = pv.utbms_activity
        found.extend(self.server_problems)
        self.blocking = bool(found) and self.mode != "empty"
        show_all = self.tried_save or self.mode in ("edit", "held")
        for path, message in found:
            row = FIELD_OF.get(path, path)
            shown = show_all or row in self.touched or (row == "" and self.server_problems)
            if shown and message not in problems.setdefault(row, []):
                problems[row].append(message)
        return EditorView(
            problems,
            billable,
            f"= {fmt.long_minutes(seconds)}" if seconds else "",
            self._narrative_hint(v["narrative"]),
            preview_html if self.mode != "empty" else "",
            *self._banner(),
            implied,
        )

    def _narrative_hint(self, text: str) -> str:
        n = len(text.strip())
        need = self.snapshot.master.settings.narrative_min_length if self.snapshot else 0
        counted = f"{n} character{'s' if n != 1 else ''}"
        return f"{counted} (at least {need})" if need else counted

    def _banner(self) -> tuple[str, str]:
        neutral = "border-radius: 4px;"
        if self.mode == "new" and self.snapshot is not None and self.snapshot.awaiting_setup:
            return f"<b>New entry</b><br>{AWAITING_SETUP}", neutral
        if self.mode == "new":
            return "<b>New entry</b>", neutral
        if self.mode == "held" and self.held is not None:
            return (
                f"<b>Stopped timer · {format_hm(self.held.raw_seconds)} held</b><br>"
                "It becomes an entry once the missing details are filled in. "
                "Nothing is lost if you leave it for later.",
                neutral,
            )
        e = self.entry
        if self.mode != "edit" or e is None:
            return "", neutral
        color = theme.status_color(e.status)
        word = fmt.STATUS_WORDS.get(e.status, e.status)
        text = {
            "draft": "Not submitted yet.",
            "submitted": "Under review: saving a change makes a new revision, and review "
            "starts again.",
            "approved": "Locked for billing: it cannot be changed here. "
            + (
                "Reopen it (with a comment) to change it."
                if self.snapshot is None or self.snapshot.kind == "personal"
                else "Ask a reviewer of the matter to reopen it."
            ),
            "billed": "Exported for billing: it is final and can never be changed.",
            "rejected": "Sent back by the reviewer"
            + (f": <i>“{escape(e.review_comment)}”</i>" if e.review_comment else ".")
            + "<br>Fix it, then submit it again.",
        }.get(e.status, "")
        back = theme.tint(QColor("black" if theme.is_dark() else "white"), color, 0.12)
        style = (
            f"background: {back.name()}; border-left: 4px solid {color.name()}; border-radius: 4px;"
        )
        locked = " · locked 🔒" if e.locked else ""
        return (
            f"<b style='color:{color.name()}'>● {word}{locked}</b><br>{text}",
            style,
        )

    def changed_values(self, v: dict[str, Any]) -> dict[str, Any]:
        """Only what differs from the entry being edited."""
        e = self.entry
        if e is None:
            return v
        return {k: x for k, x in v.items() if getattr(e, DTO_ATTR.get(k, k)) != x}


def _price_html(pv: Any) -> str:
    p = pv.pricing
    kept = " (kept from when it was saved)" if pv.kept_rate else ""
    rule = f"<span>Rate rule: {escape(p.rate_rule)}{kept}</span>"
    if not p.priced:
        warn = theme.warning_color().name()
        return (
            f"<b style='color:{warn}'>No rate rule matches.</b> It will be saved at 0.00 and "
            f"flagged, and cannot be submitted until a rate rule covers it."
            f"<br>{fmt.hours(p.billed_hours)} h billed"
        )
    if not p.billable:
        return (
            f"<b>Non-billable</b> · {fmt.hours(p.billed_hours)} h "
            f"(rate {fmt.money(p.rate, p.currency)}/h kept for reports)<br>{rule}"
        )
    return (
        f"<b>{fmt.money(p.amount, p.currency)}</b> · {fmt.hours(p.billed_hours)} h × "
        f"{fmt.money(p.rate, p.currency)}/h<br>{rule}"
    )
