"""Fixtures for the desktop app's tests: the real app (real widgets offscreen, the real worker
thread, a real SQLite store in a fresh folder), with the wall clock, the monotonic clock and
the OS idle counter under the test's control."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.services.entries import EntryInput, EntryService
from desktop.services.setup import SetupService
from desktop.services.workspace import Workspace
from tests.desktop.conftest import firm_doc


class FakeTime:
    """A wall clock and a monotonic clock that move together — unless the test makes the wall
    clock jump (a sleep, a clock step) without the monotonic one."""

    def __init__(self, start: datetime) -> None:
        self.wall = start
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, **kw: float) -> None:
        delta = timedelta(**kw)
        self.wall += delta
        self.mono += delta.total_seconds()

    def jump(self, **kw: float) -> None:
        self.wall += timedelta(**kw)


class FakeIdleSource:
    """The OS idle counter and lock state, as the test sets them."""

    name = "test idle source"

    def __init__(self) -> None:
        self.idle: float | None = 0.0
        self.is_locked: bool | None = False

    def idle_seconds(self) -> float | None:
        return self.idle

    def locked(self) -> bool | None:
        return self.is_locked


@pytest.fixture
def ttime() -> FakeTime:
    return FakeTime(datetime(2026, 11, 10, 14, 0, tzinfo=UTC))  # a Tuesday


@pytest.fixture
def idle() -> FakeIdleSource:
    return FakeIdleSource()


def load_firm(data_dir: Path, doc: dict[str, Any] | None = None, clock: Any = None) -> None:
    ws = Workspace.open(
        data_dir, clock=clock or (lambda: datetime(2026, 11, 10, tzinfo=UTC)), tz=UTC
    )
    try:
        SetupService(ws).import_setup(doc or firm_doc())
    finally:
        ws.close()


def open_ws(data_dir: Path, ttime: FakeTime) -> Workspace:
    """A second, test-side view of the same store (the app's own is on its worker thread)."""
    return Workspace.open(data_dir, clock=ttime.now, tz=UTC)


def log_entry(ws: Workspace, **kw: Any) -> Any:
    """An entry logged through the real service: an hour of research on BETA-001 on the
    test's Tuesday, unless told otherwise."""
    fields = {
        "raw_seconds": 3600,
        "work_date": date(2026, 11, 10),
        "matter": "BETA-001",
        "service": "RES",
        "narrative": "Research on the lease terms",
    } | kw
    return EntryService(ws).log(EntryInput(**fields))


def sign_in_to_firm(ws: Workspace, person: str = "rarnsley") -> None:
    """Make the store a firm workspace with ``person`` signed in (no server needed to read)."""
    from desktop.models.store import set_meta

    with ws.store.write() as conn:
        set_meta(conn, "kind", "firm")
        set_meta(conn, "signed_in_person", person)


@pytest.fixture
def make_app(
    qtbot: Any, tmp_path: Path, ttime: FakeTime, idle: FakeIdleSource
) -> Iterator[Callable[..., Any]]:
    """Start the real app on a data folder (a firm loaded unless ``firm=False``) and wait until
    its week is on screen."""
    from desktop.app import DocketApp

    apps: list[Any] = []

    def make(
        data_dir: Path | None = None,
        *,
        firm: bool | dict[str, Any] = True,
        wait: bool = True,
        pinned: list[str] | None = None,
        tray: bool = False,
    ) -> Any:
        folder = data_dir or tmp_path / "ws"
        if firm is not False and not (folder / "docket.db").exists():
            load_firm(folder, firm if isinstance(firm, dict) else None)
        if pinned is not None:
            from desktop.ui.settings import AppSettings

            AppSettings(folder).pinned = pinned
        app = DocketApp(
            folder,
            clock=ttime.now,
            monotonic=ttime.monotonic,
            tz=UTC,
            idle_source=idle,
            tray_available=tray,
        )
        app.confirm = lambda _title, _text: True  # type: ignore[method-assign]
        apps.append(app)
        app.start()
        if wait:
            qtbot.waitUntil(lambda: app.window.timesheet.week is not None, timeout=15000)
        return app

    yield make
    for app in apps:
        app.dispose()


def idle_until(qtbot: Any, app: Any) -> None:
    """Wait until the worker has finished everything submitted so far."""
    qtbot.waitUntil(lambda: not app.runner.busy, timeout=15000)
