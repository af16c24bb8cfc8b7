"""Sync in the app: when to sync (desktop.sync.scheduler), doing it off the GUI thread, and the
status the tray and the window show quietly — synced / N pending / offline / needs attention /
error / signed out.

Threading rules: every method here runs on the GUI thread. The sync itself — HTTP and the
replica writes — runs on its own worker thread (a second task runner: network work never
queues behind the store's worker, and the store's worker never waits on the network).
Results come back by signal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.ui.tasks import TaskError, TaskRunner


@dataclass(frozen=True)
class SyncView:
    """What the tray and the window show."""

    firm: bool  # a firm workspace at all (a personal one shows nothing)
    state: str  # synced | pending | offline | attention | error | signed_out | syncing
    text: str  # a few words for the status bar and the tray menu
    detail: str  # the tooltip: server, person, last sync, last error
    attention: int = 0
    pending: int = 0


class _SyncContext:
    """The sync thread's view of the data folder: the app's workspace when it is open (the
    workspace is thread-safe: each thread takes its own connections from its pool; sharing it
    spares a second engine and a second copy of the master data), else its own."""

    def __init__(self, data_dir: Path, shared: Any = None) -> None:
        from desktop.ui.imports import without_pyside_import_hook

        with without_pyside_import_hook():  # as the store's worker does (desktop/app.py)
            import requests  # noqa: F401 - the transport's, loaded here and not in the GUI

            from desktop.services.account import AccountService  # noqa: F401
            from desktop.services.workspace import Workspace

        self.owned = shared is None
        self.ws = shared if shared is not None else Workspace.open(data_dir, long_lived=True)

    @property
    def account(self) -> Any:
        from desktop.services.account import AccountService

        return AccountService(self.ws)

    def close(self) -> None:
        if self.owned:
            self.ws.close()


def _status(ctx: _SyncContext) -> Any:
    return ctx.account.status()


def _sync(ctx: _SyncContext) -> tuple[str, Any]:
    """One round; never raises for the expected failures (they decide the back-off)."""
    from core.errors import DocketError
    from desktop.sync.transport import Offline, Unauthorized

    account = ctx.account
    try:
        report = account.sync()
        kind, value = "ok", report
    except Offline as err:
        kind, value = "offline", str(err)
    except Unauthorized as err:
        kind, value = "unauthorized", str(err)
    except DocketError as err:
        kind, value = "rejected", str(err)
    return kind, (value, account.status())


class SyncController(QObject):
    sig_status = Signal(object)  # SyncView
    sig_data_changed = Signal()  # the replica changed: views reload
    sig_note = Signal(str)  # a quiet remark for the message bar

    def __init__(
        self,
        data_dir: Path,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
        workspace: Callable[[], Any] = lambda: None,
    ) -> None:
        super().__init__(parent)
        from desktop.sync.scheduler import SyncScheduler

        self.data_dir = Path(data_dir)
        self.monotonic = monotonic
        self.runner = TaskRunner(
            lambda: _SyncContext(self.data_dir, workspace()),
            self.data_dir / "logs" / "docket.log",
            self,
        )
        self.scheduler = SyncScheduler()
        self.view = SyncView(False, "signed_out", "", "")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._network: Any = None
        self.rounds = 0  # sync rounds finished (either way)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Read the sync state; a signed-in workspace syncs at once, then on its schedule."""
        self.runner.submit(_status, self._started, self._failed, what="reading the sync state")
        self._watch_network()

    def _started(self, status: Any) -> None:
        self._show(status)
        if status.signed_in:
            self.scheduler.start(self.monotonic())
            self._reschedule()

    def shutdown(self) -> None:
        """Quitting does not wait on the network: a round still talking to the server after a
        second is left to die with the process. Nothing is lost — its pushes are answered or
        sent again (each applied once), its pull starts again from the stored cursor, and a
        replica write cut short is rolled back — the crash the sync is built to survive."""
        self._timer.stop()
        self.runner.shutdown(timeout=1.0)

    def _watch_network(self) -> None:
        """Sync as soon as the OS says the network is back (where Qt can tell)."""
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadDefaultBackend():
                info = QNetworkInformation.instance()
                if info is not None:
                    info.reachabilityChanged.connect(self._reachability)
                    self._network = info
        except (ImportError, RuntimeError):
            self._network = None

    def _reachability(self, value: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if value == QNetworkInformation.Reachability.Online:
            self.scheduler.network_back(self.monotonic())
            self._reschedule()

    # ------------------------------------------------------------------ triggers
    def changed(self, *_: Any) -> None:
        """Something was written locally: sync soon (debounced)."""
        if self.view.firm:
            self.scheduler.changed(self.monotonic())
            self._reschedule()

    def sync_now(self) -> None:
        if self.view.firm:
            self.scheduler.start(self.monotonic())
            self._reschedule()

    def _reschedule(self) -> None:
        delay = self.scheduler.delay(self.monotonic())
        if delay is None:
            self._timer.stop()
            return
        self._timer.start(int(delay * 1000))

    def _fire(self) -> None:
        if self.scheduler.running:
            return
        self.scheduler.begin()
        self._show_state("syncing", "syncing…")
        self.runner.submit(_sync, self._synced, self._sync_failed, what="syncing")

    def _synced(self, result: tuple[str, Any]) -> None:
        self.rounds += 1
        if self.rounds == 1:  # the sync machinery is loaded now: a quiet moment to tidy up
            from desktop.ui.memory import release_memory

            QTimer.singleShot(1000, release_memory)
        kind, (value, status) = result
        self.scheduler.finished(self.monotonic(), kind)  # type: ignore[arg-type]
        if kind == "ok":
            if value.pushed or value.pulled:
                self.sig_data_changed.emit()
            for note in value.notes[:3]:
                self.sig_note.emit(note)
            if value.attention:
                self.sig_note.emit(
                    f"{value.attention} change(s) need your attention (Firm ▸ Needs attention)"
                )
        if kind == "unauthorized":
            self._timer.stop()
            value = (
                "The server ended this session (it expired, was revoked, or the password "
                "changed): sign in again (Firm ▸ Sign in). Unsent changes are kept."
            )
        self._show(status, error=value if kind in ("rejected", "unauthorized") else None)
        self._reschedule()

    def _sync_failed(self, err: TaskError) -> None:
        self.rounds += 1
        self.scheduler.finished(self.monotonic(), "rejected")
        self._show_state("error", "sync error", err.message)
        self._reschedule()

    def _failed(self, err: TaskError) -> None:
        self._show_state("error", "sync error", err.message)

    # ------------------------------------------------------------------ signing in and out
    def sign_in(
        self,
        url: str,
        email: str,
        password: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[TaskError], None],
    ) -> None:
        def task(ctx: _SyncContext) -> Any:
            signed = ctx.account.login(url, email, password)
            return signed, ctx.account.status()

        def done(result: Any) -> None:
            signed, status = result
            self._show(status)
            self.scheduler.start(self.monotonic())
            self.scheduler.begin()
            # login ran the first sync: when it did not finish, retry on the back-off
            self.scheduler.finished(self.monotonic(), "offline" if signed.sync_error else "ok")
            self._reschedule()
            if self._network is None:
                self._watch_network()
            self.sig_data_changed.emit()
            on_done(signed)

        self.runner.submit(task, done, on_error, what="signing in")

    def sign_out(self, on_done: Callable[[int], None]) -> None:
        def task(ctx: _SyncContext) -> Any:
            return ctx.account.logout(), ctx.account.status()

        def done(result: Any) -> None:
            pending, status = result
            self._timer.stop()
            self.scheduler.finished(self.monotonic(), "unauthorized")
            self._show(status)
            on_done(pending)

        self.runner.submit(task, done, self._failed, what="signing out")

    def refresh_status(self) -> None:
        self.runner.submit(_status, self._show, self._failed, what="reading the sync state")

    # ------------------------------------------------------------------ the status shown
    def _show(self, status: Any, error: str | None = None) -> None:
        firm = bool(status.server)
        if not firm:
            view = SyncView(False, "signed_out", "", "")
        else:
            when = (
                status.last_sync_at.astimezone().strftime("%H:%M")
                if status.last_sync_at
                else "not yet"
            )
            detail = f"{status.server} · {status.person} · last synced {when}"
            if not status.signed_in:
                state, text = "signed_out", "signed out — sign in to sync"
                if error:
                    detail += f"\n{error}"
            elif status.attention:
                state, text = "attention", f"{status.attention} need attention"
            elif error:
                state, text = "error", "sync error"
                detail += f"\n{error}"
            elif status.last_error:
                state = "offline"
                text = f"offline · {status.pending} pending" if status.pending else "offline"
                detail += f"\n{status.last_error}"
            elif status.pending:
                state, text = "pending", f"{status.pending} pending"
            elif status.last_sync_at is None:
                state, text = "pending", "not synced yet"
            else:
                state, text = "synced", "synced"
            if status.skew_seconds is not None and abs(status.skew_seconds) > 300:
                detail += f"\nthis computer's clock is off by {abs(status.skew_seconds) // 60} min"
            view = SyncView(True, state, text, detail, status.attention, status.pending)
        self.view = view
        self.sig_status.emit(view)

    def _show_state(self, state: str, text: str, detail: str | None = None) -> None:
        v = self.view
        self.view = SyncView(v.firm, state, text, detail or v.detail, v.attention, v.pending)
        self.sig_status.emit(self.view)
