"""Make the README's screenshots of the desktop app, under Xvfb, from the demo firm at a fixed
moment (so every run draws the same pictures):

    docs/screenshots/timesheet.png      the week, the day's entries and the editor
    docs/screenshots/editor-problem.png a new entry with a policy problem and its live price
    docs/screenshots/quick-switch.png   "Find matter…" with type-ahead
    docs/screenshots/tray-menu.png      the tray icon (a timer running) and its menu
    docs/screenshots/matters.png        the matters view: phases burning ahead of plan
    docs/screenshots/setup-rates.png    the set-up window: a person and their rate history
    docs/screenshots/entry-history.png  an entry's history: events, the audit chain's check
    docs/screenshots/sign-in.png, firm-week.png, attention.png: a firm workspace signed in to
        the real server on loopback (scripts/screenshots_sync.py)

Run `make screenshots` (or `.venv/bin/python scripts/screenshots.py`): it re-runs itself under
`xvfb-run` when there is no display, and starts `trayer` as the tray host. Debian packages:
xvfb, xauth, libxcb-icccm4, libxcb-keysyms1, trayer (`scripts/sysdeps.sh screenshots`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
NOW = datetime(2026, 11, 26, 15, 12, tzinfo=UTC)  # a Thursday afternoon
SCREEN = (1440, 900)
_Wallpaper: type = object


def _reexec_under_xvfb() -> None:
    if os.environ.get("DISPLAY") or os.environ.get("DOCKET_SCREENSHOTS_CHILD"):
        return
    if not shutil.which("xvfb-run"):
        sys.exit("screenshots: xvfb-run is missing (scripts/sysdeps.sh screenshots installs it)")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DOCKET_SCREENSHOTS_CHILD="1")
    cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24",
           sys.executable, *sys.argv]  # fmt: skip
    sys.exit(subprocess.call(cmd, env=env))


def _start_tray_host() -> subprocess.Popen[bytes] | None:
    if not shutil.which("trayer"):
        print("screenshots: trayer is missing: the tray picture will be skipped")
        return None
    return subprocess.Popen(
        ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
         "--height", "30", "--transparent", "false", "--tint", "0x2b2f36",
         "--SetDockType", "true", "--SetPartialStrut", "true", "--expand", "true"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def main() -> int:
    _reexec_under_xvfb()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    tray_host = _start_tray_host()
    time.sleep(0.8)  # let the tray host claim the system-tray selection
    try:
        return _shoot()
    finally:
        if tray_host is not None:
            tray_host.terminate()
            tray_host.wait(5)


def _wallpaper_class() -> type:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QLinearGradient, QPainter
    from PySide6.QtWidgets import QWidget

    class Wallpaper(QWidget):
        def __init__(self) -> None:
            super().__init__(None, Qt.WindowType.FramelessWindowHint)

        def paintEvent(self, _event: object) -> None:
            p = QPainter(self)
            g = QLinearGradient(0, 0, 0, self.height())
            g.setColorAt(0, QColor("#5b6f8a"))
            g.setColorAt(1, QColor("#2f3b4d"))
            p.fillRect(self.rect(), g)

    return Wallpaper


def _shoot() -> int:
    from PySide6.QtCore import QEventLoop, QPoint, QRect
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from desktop.services.demo import load_demo
    from desktop.services.workspace import Workspace

    app = QApplication([sys.argv[0]])
    app.setApplicationName("Docket")
    global _Wallpaper
    _Wallpaper = _wallpaper_class()
    from desktop.app import DocketApp

    def wait(cond: object = None, seconds: float = 0.3, timeout: float = 20.0) -> None:
        loop = QEventLoop()
        end = time.monotonic() + seconds
        give_up = time.monotonic() + timeout
        while time.monotonic() < end or (callable(cond) and not cond()):
            if time.monotonic() > give_up:
                raise TimeoutError("the app did not get there")
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docket-shots-") as tmp:
        folder = Path(tmp) / "ws"
        ws = Workspace.open(folder, clock=lambda: NOW, tz=UTC)
        load_demo(ws)
        ws.close()
        docket = DocketApp(folder, clock=lambda: NOW, tz=UTC)
        w = docket.window
        w.resize(1400, 860)
        docket.settings.pinned = ["AV-ADM"]
        docket.start()
        wait(lambda: w._body is not None and w.timesheet.week is not None, 0.5)
        wait(lambda: docket.session.timer is not None and not docket.runner.busy, 0.5)
        w.body.complete()
        w.message_bar.hide()
        w.move(20, 40)
        wait(seconds=0.5)

        # 1. the timesheet: today chosen, a rejected entry of last week? no: today's first one
        ts = w.timesheet
        today = [e for e in ts.week.entries if e.date == NOW.date()]
        if today:
            ts.day_view.select_entry(today[0].id)
        wait(seconds=0.4)
        w.grab().save(str(OUT / "timesheet.png"))
        print("wrote", OUT / "timesheet.png")

        # 1b. last week: entries under review, one sent back with the reviewer's comment
        w.prev_action.trigger()
        wait(lambda: not docket.runner.busy and ts.week.monday < NOW.date() - timedelta(6), 0.3)
        rejected = [e for e in ts.week.entries if e.status == "rejected"]
        if rejected:
            ts.choose_day(rejected[0].date)
            ts.day_view.select_entry(rejected[0].id)
        wait(seconds=0.4)
        w.grab().save(str(OUT / "rejected-entry.png"))
        print("wrote", OUT / "rejected-entry.png")
        w.today_action.trigger()
        wait(lambda: not docket.runner.busy, 0.4)

        # 2. a new entry with a policy problem, the price shown live before saving
        w.new_action.trigger()
        ed = w.editor
        wait(seconds=0.2)
        ed.matter.setFocus()
        for ch in "acme supply":
            ed.matter.insert(ch)
            ed.matter.textEdited.emit(ed.matter.text())
        wait(seconds=0.3)
        ed.matter._chosen(ed.matter.model.index(0, 0))
        ed.matter._completer.popup().hide()
        ed.phase.setCurrentIndex(ed.phase.findData("L200"))
        ed.service.setCurrentIndex(ed.service.findData("DRF"))
        ed.task.setCurrentIndex(ed.task.findData("L250"))
        ed.duration.setText("1h20")
        ed.narrative.setPlainText("Reply")
        ed.save()  # refused in place: the narrative is too short
        wait(seconds=0.4)
        w.grab().save(str(OUT / "editor-problem.png"))
        print("wrote", OUT / "editor-problem.png")
        ed.clear()

        # 3. the quick-switch window ("Find matter…"), typing
        w.find_action.trigger()
        qs = docket.flows.quick_switch
        assert qs is not None
        qs.search.setText("ac")  # codes, clients and names: ACME-…, "Annual accounts", …
        wait(seconds=0.4)
        qs.grab().save(str(OUT / "quick-switch.png"))
        print("wrote", OUT / "quick-switch.png")
        qs.hide()

        _shoot_issue5(docket, wait)

        # 4. the tray menu, popped up under its icon, with the panel it lives in
        if docket.tray.icon is not None and QSystemTrayIcon.isSystemTrayAvailable():
            w.hide()
            desktop = _Wallpaper()  # Xvfb's bare black root is not a desktop anyone has
            desktop.setGeometry(0, 0, *SCREEN)
            desktop.show()
            desktop.lower()
            wait(seconds=0.8)
            geo: QRect = docket.tray.icon.geometry()
            menu = docket.tray.menu
            menu.aboutToShow.emit()
            pos = QPoint(geo.left(), geo.bottom() + 2) if geo.isValid() else QPoint(1100, 32)
            menu.popup(pos)
            wait(seconds=0.8)
            size = menu.sizeHint()
            screen = QGuiApplication.primaryScreen()
            left = max(0, min(pos.x(), SCREEN[0] - size.width()) - 40)
            shot = screen.grabWindow(0, left, 0, SCREEN[0] - left, size.height() + 60)
            shot.save(str(OUT / "tray-menu.png"))
            print("wrote", OUT / "tray-menu.png")
            menu.hide()
            desktop.hide()
        else:
            print("screenshots: no tray host answered: tray-menu.png not made")
        docket.dispose()
    from screenshots_sync import shoot_sync

    shoot_sync(OUT, NOW, wait)
    return 0


def _shoot_issue5(docket: object, wait: object) -> None:
    """The matters view, a set-up page with a rate history, and an entry's history."""
    w = docket.window  # type: ignore[attr-defined]
    busy = lambda: not docket.runner.busy  # type: ignore[attr-defined]  # noqa: E731

    # 5. the matters view, with the early warning on phases burning ahead of plan
    w.matters_action.trigger()
    view = w.body.matters
    wait(lambda: view.model.rowCount() > 0 and busy(), 0.4)  # type: ignore[operator]
    view.view.clearSelection()  # the warnings in their own colour, not the selection's
    w.grab().save(str(OUT / "matters.png"))
    print("wrote", OUT / "matters.png")
    w.tabs.setCurrentWidget(w.timesheet)

    # 6. the set-up window: an associate whose rate went up, with the entries each rate priced
    setup = docket.setup_flows.open_setup("people")  # type: ignore[attr-defined]
    setup.move(60, 50)
    wait(lambda: setup.controller.data is not None and busy(), 0.4)  # type: ignore[operator]
    people = setup.people
    people.table.choose(lambda p: p.id == "mlee")
    people._chosen(people.table.current())
    wait(lambda: people.history.model.rowCount() >= 2 and busy(), 0.4)  # type: ignore[operator]
    setup.grab().save(str(OUT / "setup-rates.png"))
    print("wrote", OUT / "setup-rates.png")
    setup.hide()

    # 7. an entry's history: one sent back by a reviewer and corrected since
    ts = w.timesheet
    w.prev_action.trigger()
    wait(lambda: busy() and ts.week.monday < NOW.date() - timedelta(6), 0.3)  # type: ignore[operator]
    rejected = [e for e in ts.week.entries if e.status == "rejected"] or list(ts.week.entries)
    ts.choose_day(rejected[0].date)
    ts.day_view.select_entry(rejected[0].id)
    ed = w.editor
    ed.narrative.setPlainText(
        "Draft witness statement of the site manager: delivery dates and defects"
    )  # the reviewer's point, fixed
    ed.save()
    wait(lambda: busy() and ed.state.entry.version > rejected[0].version, 0.3)  # type: ignore[operator]
    dlg = docket.setup_flows.open_history(rejected[0].id)  # type: ignore[attr-defined]
    dlg.move(120, 90)
    wait(lambda: dlg.verdict is not None and busy(), 0.4)  # type: ignore[operator]
    dlg.grab().save(str(OUT / "entry-history.png"))
    print("wrote", OUT / "entry-history.png")
    dlg.close()
    w.today_action.trigger()
    wait(lambda: busy(), 0.3)  # type: ignore[operator]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
