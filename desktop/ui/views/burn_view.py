"""The matters view's table: client, matter and phase rows, and in the burn column two bars —
the share of the estimate consumed above, the share of the planned dates elapsed below —
drawn beside the same figures in words. Double-click (or Enter) opens a matter's entries."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.ui import theme
from desktop.ui.itemmodels.burn_table import BURN, BurnTableModel, ShareRole
from desktop.ui.views.tables import set_up_list

BAR_WIDTH = 110


class BurnBarDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        shares = index.data(ShareRole)
        if not shares or shares[0] is None:
            super().paint(painter, option, index)
            return
        consumed, elapsed, warning = shares
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        r = option.rect
        pal = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = 6
        top = r.top() + (r.height() - (2 * h + 3)) // 2
        base, ink = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        track = theme.tint(base, ink, 0.1)
        used = theme.warning_color() if warning else pal.color(QPalette.ColorRole.Highlight)
        self._bar(painter, QRect(r.left() + 6, top, BAR_WIDTH, h), consumed, used, track)
        if elapsed is not None:
            self._bar(
                painter,
                QRect(r.left() + 6, top + h + 3, BAR_WIDTH, h),
                elapsed,
                theme.dimmed_text(),
                track,
            )
        painter.restore()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(pal.color(role))
        text_rect = r.adjusted(BAR_WIDTH + 14, 0, -4, 0)
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
        )

    @staticmethod
    def _bar(painter: QPainter, rect: QRect, share: Decimal, fill: object, track: object) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)  # type: ignore[arg-type]
        painter.drawRoundedRect(rect, 3, 3)
        part = max(0.0, min(float(share), 100.0)) / 100.0
        if part > 0:
            painter.setBrush(fill)  # type: ignore[arg-type]
            width = max(3, int(rect.width() * part))
            painter.drawRoundedRect(QRect(rect.left(), rect.top(), width, rect.height()), 3, 3)


class BurnView(QTableView):
    sig_open_matter = Signal(str)

    def __init__(self, model: BurnTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.burn_model = model
        self.setItemDelegateForColumn(BURN, BurnBarDelegate(self))
        set_up_list(self, "Matters", row_padding=12)
        for col, width in enumerate((270, 168, 80, 95, 110, 170, 290)):
            self.horizontalHeader().resizeSection(col, width)
        self.doubleClicked.connect(self._open)

    def _open(self, index: QModelIndex) -> None:
        row = self.burn_model.burn_row(index.row())
        if row is not None and row.matter is not None:
            self.sig_open_matter.emit(row.matter)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)
