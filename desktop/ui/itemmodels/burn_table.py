"""The matters view's rows: client → matter → phase as one flat table (each row knows its
level), with hours and fee consumed against the estimate, the shares the bars draw, and the
early warning as a word (never colour alone).

Columns: name, billing or planned dates, billable hours, non-billable hours, hours and fee
consumed (against the estimate or the fixed fee), burn (consumed share vs elapsed share),
warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop.ui import fmt, theme
from desktop.ui.itemmodels.base import Index, RowsTableModel

if TYPE_CHECKING:
    from core.budgets import Burn
    from desktop.services.burn import MatterBurnDTO, PhaseBurnDTO

ShareRole = Qt.ItemDataRole.UserRole + 1  # (consumed %, elapsed %, warning) for the bars
RowRole = Qt.ItemDataRole.UserRole + 2
COLUMNS = (
    "Client · matter · phase",
    "Billing / planned",
    "Billable h",
    "Non-billable h",
    "Hours used",
    "Fee used",
    "Burn: used / time elapsed",
    "Early warning",
)
NUMERIC = frozenset({2, 3, 4, 5})
BURN = 6
WARNING = 7
BILLING = {"hourly": "hourly", "fixed_fee": "fixed fee", "non_billable": "non-billable"}


@dataclass(frozen=True)
class BurnRow:
    level: int  # 0 client, 1 matter, 2 phase
    label: str
    matter: str | None  # the matter a double-click opens
    detail: str
    billable: Decimal | None
    non_billable: Decimal | None
    hours_used: str
    fee_used: str
    consumed_share: Decimal | None
    elapsed_share: Decimal | None
    warning: str  # "" or the word shown, "⚠ …"
    reason: str  # the warning's sentence (tooltip)
    dimmed: bool = False


def _used(consumed: str, estimate: str | None) -> str:
    return f"{consumed} of {estimate}" if estimate is not None else consumed


def _phase_used(burn: Burn) -> tuple[str, str]:
    """Hours and fee consumed, each against its estimate when the phase has one."""
    est_h = fmt.hours(burn.estimated_hours) if burn.estimated_hours is not None else None
    est_f = fmt.money(burn.estimated_fee) if burn.estimated_fee is not None else None
    return (
        _used(fmt.hours(burn.consumed_hours), est_h),
        _used(fmt.money(burn.consumed_amount), est_f),
    )


def _phase_row(p: PhaseBurnDTO, closed: bool) -> BurnRow:
    b = p.burn
    if p.start and p.end:
        planned = fmt.day_span(p.start, p.end)
    else:
        planned = "no planned dates"
    share = b.consumed_share
    word = ""
    if b.warning:
        word = "⚠ Estimate used up" if b.used_up else "⚠ Ahead of plan"
    elif share is not None:
        word = "on plan"
    return BurnRow(
        2, f"{p.code} · {p.name}", p.matter, planned, None, None, *_phase_used(b), share,
        b.elapsed_share, word, b.reason, closed,
    )  # fmt: skip


def _matter_rows(m: MatterBurnDTO) -> list[BurnRow]:
    ahead = [p for p in m.phases if p.burn.warning]
    word, reason = "", ""
    if m.fee_used_up:
        word, reason = "⚠ Fixed fee used up", f"{m.fee_share}% of the fixed fee is consumed"
    elif ahead:
        n = len(ahead)
        word = f"⚠ {n} phase{'s' if n > 1 else ''} ahead"
        reason = "\n".join(f"{p.code}: {p.burn.reason}" for p in ahead)
    fee = fmt.money(m.amount) if m.billing != "non_billable" else ""
    if m.fixed_fee is not None:
        fee = _used(fmt.money(m.amount), fmt.money(m.fixed_fee))
    label = f"{m.code} · {m.name}" + (" (closed)" if m.closed else "")
    out = [
        BurnRow(
            1, label, m.code, BILLING.get(m.billing, m.billing), m.billable_hours,
            m.non_billable_hours, "", fee, m.fee_share, None, word, reason, m.closed,
        )
    ]  # fmt: skip
    out += [_phase_row(p, m.closed) for p in m.phases]
    if m.unphased_hours and m.phases:
        out.append(
            BurnRow(
                2, "no phase", m.code, "", None, None, fmt.hours(m.unphased_hours), "",
                None, None, "", "", m.closed,
            )
        )  # fmt: skip
    return out


def burn_rows(matters: list[MatterBurnDTO], *, closed: bool = False) -> list[BurnRow]:
    """Client → matter → phase rows; closed matters only when asked for."""
    out: list[BurnRow] = []
    client = None
    for m in matters:
        if m.closed and not closed:
            continue
        if m.client != client:
            client = m.client
            mine = [x for x in matters if x.client == client and (closed or not x.closed)]
            out.append(
                BurnRow(
                    0, f"{m.client_name} ({m.client})", None, "",
                    sum((x.billable_hours for x in mine), Decimal(0)),
                    sum((x.non_billable_hours for x in mine), Decimal(0)),
                    "", "", None, None, "", "",
                )
            )  # fmt: skip
        out += _matter_rows(m)
    return out


class BurnTableModel(RowsTableModel):
    headers = COLUMNS
    numeric = NUMERIC

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BurnRow] = []

    def set_matters(self, matters: list[MatterBurnDTO], *, closed: bool = False) -> None:
        self.beginResetModel()
        self._rows = burn_rows(matters, closed=closed)
        self.endResetModel()

    def burn_row(self, row: int) -> BurnRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> list[BurnRow]:
        return list(self._rows)

    @staticmethod
    def _text(r: BurnRow, col: int) -> str:
        if col == 0:
            return "    " * max(0, r.level - 1) + r.label
        if col == 1:
            return r.detail
        if col in (2, 3):
            value = r.billable if col == 2 else r.non_billable
            return fmt.hours(value) if value is not None else ""
        if col == 4:
            return r.hours_used
        if col == 5:
            return r.fee_used
        if col == BURN:
            bits = []
            if r.consumed_share is not None:
                bits.append(f"{r.consumed_share:.0f}% used")
            if r.elapsed_share is not None:
                bits.append(f"{r.elapsed_share:.0f}% time")
            return " / ".join(bits)
        return r.warning

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == ShareRole and col == BURN:
            return (r.consumed_share, r.elapsed_share, bool(r.warning.startswith("⚠")))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == WARNING and r.reason:
                return r.reason
            if col == 0:
                return r.label
            if col == BURN and r.consumed_share is not None:
                return (
                    "Share of the estimate consumed (upper bar) next to the share of the "
                    "planned dates elapsed (lower bar)"
                )
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == WARNING and r.warning.startswith("⚠"):
                return theme.warning_color()
            if r.dimmed:
                return theme.dimmed_text()
            return None
        if role == Qt.ItemDataRole.FontRole and (
            r.level < 2 or (col == WARNING and r.warning.startswith("⚠"))
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(col)
        if role == RowRole:
            return r
        return None
