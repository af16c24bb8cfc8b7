"""The week grid's view: days as columns, the matter column stretching, totals at the foot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.ui import theme
from desktop.ui.itemmodels.week_table import COL_LABEL, DAYS, DateRole, WeekTableModel

PAD = 6


class WeekLabelDelegate(QStyledItemDelegate):
    """The matter column: the matter on the first line, phase and service muted below."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text = str(index.data() or "")
        if "\n" not in text:
            super().paint(painter, option, index)
            return
        first, second = text.split("\n", 1)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)
        fm = option.fontMetrics
        half = rect.height() // 2
        painter.save()
        painter.setFont(option.font)
        top = QRect(rect.left(), rect.top(), rect.width(), half)
        painter.drawText(
            top,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(first, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setPen(theme.dimmed_text())
        bottom = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
        painter.drawText(
            bottom,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(second, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        lines = 2 if "\n" in str(index.data() or "") else 1
        return QSize(200, option.fontMetrics.lineSpacing() * lines + 2 * PAD)


class WeekView(QTableView):
    """The grid: the matter rows (``totals=False``) or, as a footer that never scrolls away,
    the billable / non-billable / total rows (``totals=True``) of the same model."""

    sig_day_chosen = Signal(object)  # date

    def __init__(
        self, model: WeekTableModel, parent: QWidget | None = None, *, totals: bool = False
    ) -> None:
        super().__init__(parent)
        self.totals = totals
        self._after_paint: Callable[[], None] | None = None
        self.setModel(model)
        self.week_model = model
        self.label_delegate = WeekLabelDelegate(self)
        self.setItemDelegateForColumn(COL_LABEL, self.label_delegate)
        # the chosen day is drawn by the model (a tinted column), not by a selection
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setVisible(False)
        # fixed heights (two lines for a matter row, one for a total): measuring every row's
        # contents on each week would cost more than the rest of a week switch
        lines = 1 if totals else 2
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().lineSpacing() * lines + 2 * PAD
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(64)
        for col in range(1, DAYS + 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, 76)
        header.sectionClicked.connect(self._header_clicked)
        if totals:
            header.setVisible(False)
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        model.modelReset.connect(self._rows_shown)
        self.clicked.connect(self._clicked)
        self.selectionModel().currentChanged.connect(lambda cur, _prev: self._clicked(cur))
        self.setAccessibleName("Week timesheet")

    def after_next_paint(self, then: Callable[[], None]) -> None:
        """Call ``then`` once, just after the grid is next painted (start-up's "this week is on
        screen"). Watched here rather than by an event filter on the viewport: the first
        ``viewport()`` call from Python costs ~8 ms of PySide6 type look-up, on the way to the
        first week."""
        self._after_paint = then
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._after_paint is not None:
            then, self._after_paint = self._after_paint, None
            QTimer.singleShot(0, then)

    def _rows_shown(self) -> None:
        for row in range(self.week_model.rowCount()):
            self.setRowHidden(row, self.week_model.is_total(row) != self.totals)
        if self.totals:
            self.setFixedHeight(self.verticalHeader().length() + 2 * self.frameWidth())

    def follow(self, grid: WeekView) -> None:
        """Keep this footer's columns exactly under the grid's (whose scrollbar may show)."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)

        def align(section: int = COL_LABEL, _old: int = 0, size: int = -1) -> None:
            if section == COL_LABEL:
                width = size if size >= 0 else grid.columnWidth(COL_LABEL)
                header.resizeSection(COL_LABEL, width)

        grid.horizontalHeader().sectionResized.connect(align)
        align()

    def _clicked(self, index: QModelIndex) -> None:
        day = index.data(DateRole)
        if isinstance(day, date):
            self.sig_day_chosen.emit(day)

    def _header_clicked(self, section: int) -> None:
        day = self.week_model.day_of(section)
        if day is not None:
            self.sig_day_chosen.emit(day)

    def select_day(self, day: date) -> None:
        self.week_model.choose(day)
