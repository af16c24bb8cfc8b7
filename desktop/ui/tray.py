"""The tray: an icon that shows whether a timer runs, a tooltip with the matter and the elapsed
time, and a menu — the running timer, stop, discard, recent and pinned matters one click away
(a click starts a timer, or switches to it with no gap), "Find matter…", quick log, held time,
open the window, quit.

The same menu is built whether or not the platform has a tray (where it has none, the window
offers these actions itself); ``available`` says whether the icon is really shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop.ui import fmt, icons

if TYPE_CHECKING:
    from desktop.services.dto import TimerDTO
    from desktop.ui.session import SessionController
    from desktop.ui.settings import AppSettings

MAX_MATTERS = 8


class TrayController(QObject):
    sig_open_window = Signal()
    sig_find_matter = Signal()
    sig_quick_log = Signal()
    sig_complete_held = Signal()
    sig_discard = Signal()
    sig_quit = Signal()

    def __init__(
        self,
        session: SessionController,
        settings: AppSettings,
        available: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.menu = QMenu()
        # the fixed actions belong to this controller: QMenu.clear() deletes those it owns
        self.timer_line = QAction("No timer running", self)
        self.timer_line.setEnabled(False)  # information, not a command
        bold = self.timer_line.font()
        bold.setBold(True)
        self.timer_line.setFont(bold)
        self.stop_action = QAction("Stop timer", self)
        self.discard_action = QAction("Discard timer…", self)
        self.heading = QAction("Start a timer on", self)
        self.heading.setEnabled(False)
        self.find_action = QAction("Find matter…", self)
        self.quick_log_action = QAction("Quick log…", self)
        self.held_action = QAction("", self)
        self.open_action = QAction("Open Docket", self)
        self.sync_line = QAction("", self)  # the sync status, quietly (firm workspaces)
        self.sync_line.setEnabled(False)
        self.sync_view: Any = None
        self.quit_action = QAction("Quit Docket", self)
        self.matter_actions: list[QAction] = []
        self.stop_action.triggered.connect(lambda: self.session.stop())
        self.discard_action.triggered.connect(self.sig_discard.emit)
        self.find_action.triggered.connect(self.sig_find_matter.emit)
        self.quick_log_action.triggered.connect(self.sig_quick_log.emit)
        self.held_action.triggered.connect(self.sig_complete_held.emit)
        self.open_action.triggered.connect(self.sig_open_window.emit)
        self.quit_action.triggered.connect(self.sig_quit.emit)
        self.menu.aboutToShow.connect(self._about_to_show)
        self.icon: QSystemTrayIcon | None = None
        if self.available:
            self.icon = QSystemTrayIcon(icons.tray_icon(False), self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.setToolTip("Docket — no timer running")
        session.sig_timer_changed.connect(self.show_timer)
        session.sig_tick.connect(self._tick)
        session.sig_recent_changed.connect(lambda _r: self.rebuild())
        session.sig_ready.connect(lambda _s: self.rebuild())
        session.sig_held_changed.connect(lambda _h: self.rebuild())
        self._minute = -1
        self.rebuild()

    def show(self) -> None:
        if self.icon is not None:
            self.icon.show()

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()

    def notify(self, title: str, text: str) -> None:
        if self.icon is not None and self.icon.isVisible():
            self.icon.showMessage(title, text, icons.app_icon(), 8000)

    # ------------------------------------------------------------------ menu
    def rebuild(self) -> None:
        """Lay the menu out again (the timer, recent and pinned matters, or held time moved)."""
        s = self.session
        self.menu.clear()
        self.menu.addAction(self.timer_line)
        self.menu.addAction(self.stop_action)
        self.menu.addAction(self.discard_action)
        self.menu.addSeparator()
        self.heading.setText("Switch to" if s.running else "Start a timer on")
        self.menu.addAction(self.heading)
        self.matter_actions = []
        seen: set[tuple[Any, ...]] = set()
        for choice in self._pinned_and_recent():
            if len(self.matter_actions) >= MAX_MATTERS:
                break
            key = (choice.matter, choice.phase, choice.service)
            if key in seen:
                continue
            seen.add(key)
            star = "★ " if choice.tag == "Pinned" else ""
            detail = f"  —  {choice.detail}" if choice.phase or choice.service else ""
            action = QAction(f"{star}{choice.label}{detail}", self.menu)
            action.setData(choice)
            action.triggered.connect(lambda _c=False, ch=choice: self._start(ch))
            self.menu.addAction(action)
            self.matter_actions.append(action)
        self.menu.addAction(self.find_action)
        self.menu.addAction(self.quick_log_action)
        self.menu.addSeparator()
        if s.held:
            secs = sum(h.raw_seconds for h in s.held)
            self.held_action.setText(f"Complete held time ({len(s.held)} · {fmt.hm(secs)})…")
            self.menu.addAction(self.held_action)
        if self.sync_view is not None and self.sync_view.firm:
            self.sync_line.setText(f"Sync: {self.sync_view.text}")
            self.menu.addAction(self.sync_line)
        self.menu.addAction(self.open_action)
        self.menu.addAction(self.quit_action)
        self.show_timer(s.timer)

    def show_sync(self, view: Any) -> None:
        """The sync status: a line in the menu; the icon itself stays about the timer."""
        changed = self.sync_view is None or (view.firm, view.text) != (
            self.sync_view.firm,
            self.sync_view.text,
        )
        self.sync_view = view
        if changed:
            self.rebuild()

    def _pinned_and_recent(self) -> list[Any]:
        s = self.session
        if s.snapshot is None:
            return []
        from desktop.ui.itemmodels.matter_table import MatterTableModel

        model = MatterTableModel(with_recent=True)
        model.set_choices(s.snapshot, s.recent, self.settings.pinned)
        rows = (model.choice(r) for r in range(model.rowCount()))
        return [c for c in rows if c is not None and c.tag]

    def _start(self, choice: Any) -> None:
        self.session.start(**choice.timer_fields())

    def _about_to_show(self) -> None:
        self._update_line(self.session.elapsed())
        self.session.refresh()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.DoubleClick:
            self.sig_open_window.emit()
        elif reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.MiddleClick,
        ):
            self.menu.popup(QCursor.pos())

    # ------------------------------------------------------------------ timer
    def show_timer(self, timer: TimerDTO | None) -> None:
        running = timer is not None
        self.stop_action.setEnabled(running)
        self.discard_action.setEnabled(running)
        self.heading.setText("Switch to" if running else "Start a timer on")
        if self.icon is not None:
            self.icon.setIcon(icons.tray_icon(running))
        self._minute = -1
        self._update_line(self.session.elapsed())

    def _label(self, timer: TimerDTO) -> str:
        snap = self.session.snapshot
        matter = snap.master.matters.get(timer.matter or "") if snap else None
        return fmt.matter_label(matter, timer.matter) if timer.matter else "No matter yet"

    def _tick(self, elapsed: int) -> None:
        """Once a second while a timer runs: the menu line when the menu is open, the
        tooltip only when the minute changes."""
        if self.menu.isVisible() or elapsed // 60 != self._minute:
            self._update_line(elapsed)

    def _update_line(self, elapsed: int) -> None:
        timer = self.session.timer
        if timer is None:
            self.timer_line.setText("No timer running")
            if self.icon is not None:
                self.icon.setToolTip("Docket — no timer running")
            return
        label = self._label(timer)
        self.timer_line.setText(f"● {label} — {fmt.clock(elapsed)}")
        self._minute = elapsed // 60
        if self.icon is not None:
            self.icon.setToolTip(f"{label}\n{fmt.hm(elapsed)} running")
