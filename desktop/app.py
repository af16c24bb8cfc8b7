"""The desktop app's composition root: the QApplication, one instance per data folder, the
task runner with its worker-side backend, the session, the main window, the tray, the idle
watcher, and the wiring between them.

Start-up order matters for speed: the window shell and the tray are shown first, with only
Qt loaded; the store (and SQLAlchemy) is opened on the worker thread after the first paint.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from core.errors import gist
from desktop.ui import icons
from desktop.ui.app_flows import AppFlows
from desktop.ui.main_window import MainWindow
from desktop.ui.memory import hold_collection, release_memory
from desktop.ui.session import SessionController
from desktop.ui.settings import AppSettings
from desktop.ui.setup_flows import SetupFlows
from desktop.ui.single_instance import SingleInstance
from desktop.ui.sync_controller import SyncController
from desktop.ui.sync_flows import SyncFlows
from desktop.ui.tasks import TaskError, TaskRunner
from desktop.ui.trace import trace
from desktop.ui.tray import TrayController

if TYPE_CHECKING:
    from desktop.ui.idle.source import IdleSource
    from desktop.ui.idle.watcher import AwayWatcher


SETTLE_MS = 10_000  # start-up has settled by now, whatever it showed
IDLE_SOURCE_LATEST_MS = 2_000  # after the first paint


def _utc_now() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)


class _FirstPaint(QObject):
    """Calls ``then`` once, on the first paint of a widget."""

    def __init__(self, widget: Any, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            QTimer.singleShot(0, then)
        return False


class DocketApp(QObject):
    """Everything of one running app over one data folder (an existing QApplication)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        clock: Callable[[], datetime] = _utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        tz: tzinfo | None = None,
        idle_source: IdleSource | None = None,
        tray_available: bool | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.clock, self.monotonic, self.tz = clock, monotonic, tz
        self.settings = AppSettings(self.data_dir)
        self.log_path = self.data_dir / "logs" / "docket.log"
        self.runner = TaskRunner(self._make_backend, self.log_path, self)
        self.session = SessionController(self.runner, clock, self, tz=tz)
        self.window = MainWindow(self.session, self.settings)
        self.tray = TrayController(self.session, self.settings, tray_available, self)
        self.sync = SyncController(
            self.data_dir,
            monotonic,
            self,
            workspace=lambda: getattr(self.runner.context, "ws", None),
        )
        self._idle_source = idle_source
        self.watcher: AwayWatcher | None = None
        self.flows = AppFlows(self)
        self.sync_flows = SyncFlows(self)
        self.setup_flows = SetupFlows(self)
        self.after_first_paint: list[Callable[[], None]] = []
        self._quitting = False
        self._first_week_shown = False
        self._wire()

    def _make_backend(self) -> Any:
        """Runs on the worker thread: the heavy imports happen here, after the first paint."""
        from desktop.ui.imports import without_pyside_import_hook

        trace("worker")
        with without_pyside_import_hook():
            from desktop.ui.backend import Backend, BackendConfig

            trace("imported")
            backend = Backend(BackendConfig(self.data_dir, self.clock, self.monotonic, self.tz))
        trace("opened")
        return backend

    # ------------------------------------------------------------------ wiring
    def _wire(self) -> None:
        s, w, t, f = self.session, self.window, self.tray, self.flows
        s.sig_ready.connect(self._ready)
        s.sig_setup_needed.connect(f.first_run)
        s.sig_open_failed.connect(
            lambda msg: w.show_error(f"Docket could not open the workspace: {msg}")
        )
        s.sig_timer_changed.connect(w.show_timer)
        s.sig_tick.connect(w.timer_widget.tick)
        s.sig_held_changed.connect(w.show_held)
        s.sig_held_created.connect(f.complete_held)
        s.sig_entries_changed.connect(w.reload_week)
        s.sig_error.connect(self.show_error)
        s.sig_info.connect(w.show_note)
        s.sig_recent_changed.connect(lambda _r: f.update_choices())
        self.runner.sig_failed.connect(self.show_error)
        t.sig_open_window.connect(self.show_window)
        t.sig_find_matter.connect(f.find_matter)
        t.sig_quick_log.connect(f.quick_log)
        t.sig_complete_held.connect(f.complete_first_held)
        t.sig_discard.connect(f.discard)
        t.sig_quit.connect(self.quit)
        w.find_action.triggered.connect(f.find_matter)
        w.discard_action.triggered.connect(f.discard)
        w.quick_log_action.triggered.connect(f.quick_log)
        w.import_action.triggered.connect(f.import_setup)
        w.settings_action.triggered.connect(f.open_settings)
        w.quit_action.triggered.connect(self.quit)
        w.sig_close_requested.connect(self._window_closed)
        w.sig_activated.connect(self._activated)
        w.sig_week_shown.connect(self._week_shown)
        # sync: soon after each local change; what it brings reloads the views
        for changed in (s.sig_entries_changed, s.sig_timer_changed, s.sig_held_changed):
            changed.connect(self.sync.changed)
        self.sync.sig_status.connect(self.sync_flows.show_status)
        self.sync.sig_data_changed.connect(self._synced)
        self.sync.sig_note.connect(w.show_note)
        w.sign_in_action.triggered.connect(self.sync_flows.sign_in)
        w.sign_out_action.triggered.connect(self.sync_flows.sign_out)
        w.sync_now_action.triggered.connect(self.sync.sync_now)
        w.attention_action.triggered.connect(self.sync_flows.attention)
        w.sig_sync_clicked.connect(self.sync_flows.attention)
        w.confirm = lambda title, text: self.confirm(title, text)  # type: ignore[method-assign]

    def start(self) -> None:
        """Show the shell (window and tray) at once; open the store on the worker."""
        _FirstPaint(self.window, self._first_paint)
        self.session.open()
        self.window.show()
        self.tray.show()

    def _first_paint(self) -> None:
        trace("shell")
        self.window.build_body()
        trace("body")
        for then in self.after_first_paint:
            then()
        # the idle source is chosen once the week is painted — or by now, if it is not (the
        # window closed to the tray or minimised during start-up, the first-run choice up)
        QTimer.singleShot(IDLE_SOURCE_LATEST_MS, self.choose_idle_source)

    def _synced(self) -> None:
        self.session.refresh()
        self.window.reload_week()

    def _ready(self, snapshot: Any) -> None:
        self.window.set_snapshot(snapshot, self.session.first_week)
        if snapshot.kind == "firm" and not self.sync.view.firm:
            self.sync.start()
        self.flows.update_choices()
        if self.watcher is None:
            self._start_watcher()
        if not self.tray.available and not self.settings.said("no_tray"):
            self.settings.mark_said("no_tray")
            self.window.message_bar.show_message(
                "This desktop has no system tray, so Docket lives in this window: closing it "
                "quits Docket. A running timer keeps running and is here when you come back.",
                "warning",
            )

    def _start_watcher(self) -> None:
        from desktop.ui.idle.source import NoIdleSource
        from desktop.ui.idle.watcher import AwayWatcher

        # the platform's idle source is chosen once the week is painted (it may ask D-Bus or
        # look for libXss): until then, a second or so, only sleeps and clock steps count
        source = self._idle_source or NoIdleSource("not chosen yet")
        self.watcher = AwayWatcher(
            source, self.clock, self.monotonic, self.settings.idle_minutes, self
        )
        self.watcher.enabled = self.settings.ask_about_away
        self.session.sig_timer_changed.connect(self.watcher.on_timer)
        self.session.sig_tick.connect(self.watcher.on_tick)
        self.session.sig_gap_found.connect(self.watcher.on_gap_found)
        self.watcher.sig_away.connect(self.flows.away)
        self.watcher.on_timer(self.session.timer)

    def _week_shown(self, _week: Any) -> None:
        if not self._first_week_shown:
            self._first_week_shown = True
            trace("shown")
            self.window.timesheet.week_view.after_next_paint(self._week_painted)

    def _week_painted(self) -> None:
        trace("week")
        self.window.body.complete()  # the editor and "All entries", now the week is up
        QTimer.singleShot(0, self.choose_idle_source)
        QTimer.singleShot(3000, release_memory)  # once start-up has settled

    def choose_idle_source(self) -> None:
        """The platform's idle source, chosen once (after the first paint of the week)."""
        if self._idle_source is None:
            from desktop.ui.idle.source import choose_source

            self._idle_source = choose_source()
        if self.watcher is not None:
            self.watcher.source = self._idle_source

    # ------------------------------------------------------------------ window and quitting
    def show_window(self) -> None:
        w = self.window
        if w.isMinimized():
            w.showNormal()
        w.show()
        w.raise_()
        w.activateWindow()

    def _activated(self) -> None:
        self.session.refresh()

    def _window_closed(self) -> None:
        if not self.tray.available:
            self.quit()
            return
        self.window.hide()
        self.release_memory()
        if not self.settings.said("tray"):
            self.settings.mark_said("tray")
            self.tray.notify(
                "Docket is still running",
                "The timer keeps going in the tray. Quit Docket from the tray menu.",
            )

    @property
    def quitting(self) -> bool:
        return self._quitting

    def release_memory(self) -> None:
        """Give memory back at a quiet moment: the store's page caches (on the worker), then
        Python's and the C heap's (here)."""
        self.runner.submit(
            lambda b: b.release_memory(),
            lambda _r: release_memory(),
            lambda _e: release_memory(),
            what="giving memory back",
        )

    def show_error(self, err: TaskError | str) -> None:
        self.window.show_error(err)
        if not self.window.isVisible():
            self.tray.notify("Docket", getattr(err, "message", str(err)))

    def confirm(self, title: str, text: str) -> bool:
        parent = self.window if self.window.isVisible() else None
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def unsaved(self) -> list[str]:
        """What the person typed and has not saved, by where it is."""
        out = []
        if self.window.has_unsaved_entry():
            out.append("the entry in the editor")
        ql = self.flows.quick_log_dialog
        if ql is not None and ql.isVisible() and ql.editor.state.touched:
            out.append("the quick log")
        setup = self.setup_flows.setup_window
        if setup is not None and setup.dirty():
            out.append("the firm set-up")
        return out

    def quit(self) -> None:
        if self._quitting:
            return
        unsaved = self.unsaved()
        if unsaved and not self.confirm(
            "Quit Docket",
            f"You have unsaved changes in {' and '.join(unsaved)}. Quit and discard them?",
        ):
            self.show_window()
            return
        self._quitting = True
        self.window.save_layout()
        self.settings.sync()
        self.shutdown()
        self.window.closing_for_good = True
        app = QApplication.instance()
        if app is not None:
            app.exit(0)  # quit() would first ask the windows to close, and ours says "tray"

    def dispose(self) -> None:
        """Close everything without ending the QApplication (an embedding host, the tests)."""
        self._quitting = True
        self.shutdown()
        self.window.closing_for_good = True
        self.window.close()

    def shutdown(self) -> None:
        """Stop ticking, let the worker finish its current write, close the store."""
        self.session.shutdown()
        self.tray.hide()
        self.sync.shutdown()  # before the store's worker, which owns the shared workspace
        self.runner.shutdown()


def _setup_logging(data_dir: Path) -> None:
    import logging

    target = data_dir / "logs"
    target.mkdir(parents=True, exist_ok=True)
    # delay: the file is opened by the first thing logged, not on the way to the first paint
    handler = logging.FileHandler(target / "docket.log", encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("docket")
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _arm_smoke(docket: DocketApp, app: QApplication) -> None:
    """``DOCKET_SMOKE=1`` (the bundle's check, e.g. offscreen): quit once the window has
    painted and the workspace is open — this week on screen, or the first-run choice up — and
    say so on stderr; exit 1 if the workspace could not open or nothing happened in 60 s."""
    started = time.monotonic()

    def done(what: str, code: int = 0) -> None:
        sys.stderr.write(f"docket: smoke: {what} ({time.monotonic() - started:.2f} s)\n")
        app.exit(code)

    s = docket.session
    s.sig_open_failed.connect(lambda msg: done(f"the workspace did not open: {msg}", 1))
    s.sig_setup_needed.connect(lambda: QTimer.singleShot(0, lambda: done("first-run choice up")))
    docket.window.sig_week_shown.connect(
        lambda _w: QTimer.singleShot(0, lambda: done("this week painted"))
    )
    QTimer.singleShot(60_000, lambda: done("nothing happened in 60 s", 1))


def main(data_dir: Path) -> int:
    """``docket`` with no subcommand: run the app on ``data_dir`` until it quits."""
    trace("main")
    hold_collection()  # until start-up settles: release_memory, at the latest SETTLE_MS
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Docket")
    app.setOrganizationName("Docket")
    app.setWindowIcon(icons.app_icon())
    app.setQuitOnLastWindowClosed(False)
    single = SingleInstance(data_dir)
    if not single.acquire(listen=False):
        if single.problem:  # nobody answered: say why nothing opens, in the window too
            sys.stderr.write(f"docket: {single.problem}\n")
            if app.platformName() != "offscreen":
                QMessageBox.warning(None, "Docket", single.problem[:1].upper() + single.problem[1:])
            return 1
        sys.stderr.write(f"docket: Docket is already running on {data_dir}: raised its window\n")
        return 0
    _setup_logging(data_dir)  # before anything can fail: a failed open is logged too
    docket = DocketApp(data_dir)
    single.sig_raise_requested.connect(docket.show_window)
    docket.after_first_paint.append(single.listen)

    def excepthook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        import logging

        logging.getLogger("docket.ui").error("unexpected error", exc_info=(kind, exc, tb))
        docket.show_error(
            f"Docket hit an unexpected problem ({gist(exc)}). What you typed is "
            f"still there; the details are in {docket.log_path}."
        )

    sys.excepthook = excepthook
    if os.environ.get("DOCKET_SMOKE"):
        _arm_smoke(docket, app)
    docket.start()
    QTimer.singleShot(SETTLE_MS, release_memory)  # if the week never paints (first run…)
    try:
        return app.exec()
    finally:
        docket.shutdown()
        single.release()
