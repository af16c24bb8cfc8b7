"""A timer running when the app's process is killed is still running, with the same start,
after a restart — and the lock the killed process left does not block the new one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.desktop.ui.conftest import load_firm

CHILD = textwrap.dedent(
    """
    import sys
    from datetime import UTC
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from desktop.app import DocketApp
    from desktop.ui.single_instance import SingleInstance

    app = QApplication([])
    folder = Path(sys.argv[1])
    single = SingleInstance(folder)
    assert single.acquire()
    docket = DocketApp(folder, tz=UTC, tray_available=False)
    docket.start()

    def started(timer):
        if timer is not None:
            print("STARTED", timer.started_at.isoformat(), flush=True)

    docket.session.sig_timer_changed.connect(started)
    docket.session.sig_ready.connect(lambda _s: docket.session.start(matter="BETA-001"))
    app.exec()
    """
)


def test_timer_survives_a_killed_process(make_app: Any, qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    load_firm(folder)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        line = ""
        for line in child.stdout:
            if line.startswith("STARTED"):
                break
        assert line.startswith("STARTED"), "the child app never started its timer"
        started = datetime.fromisoformat(line.split()[1])
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    assert (folder / "docket.lock").exists()  # left behind by the killed process

    from desktop.ui.single_instance import SingleInstance

    single = SingleInstance(folder)
    assert single.acquire()  # the stale lock does not block the restart
    app = make_app(folder)
    qtbot.waitUntil(lambda: app.session.timer is not None)
    assert app.session.timer.started_at == started
    assert app.session.timer.matter == "BETA-001"
    assert "BETA-001" in app.tray.timer_line.text()
    assert app.window.timer_widget.what.text().startswith("BETA-001")
    single.release()


def test_second_launch_raises_the_first(qtbot: Any, tmp_path: Path) -> None:
    from desktop.ui.single_instance import SingleInstance

    first = SingleInstance(tmp_path / "ws")
    assert first.acquire()
    second = SingleInstance(tmp_path / "ws")
    with qtbot.waitSignal(first.sig_raise_requested, timeout=5000):
        assert not second.acquire()
    other = SingleInstance(tmp_path / "elsewhere")
    assert other.acquire()  # another data folder is another app
    for s in (first, second, other):
        s.release()


def test_a_lock_nobody_answers_for_is_said_not_passed_off_as_raised(
    qtbot: Any, tmp_path: Path
) -> None:
    """A lock held by a Docket that does not answer (on another computer sharing the folder,
    say): the launch gives up saying who holds it and what to do, not "raised its window"."""
    from desktop.ui.single_instance import SingleInstance

    holder = SingleInstance(tmp_path / "ws")
    assert holder.acquire(listen=False)  # holds the lock, answers nobody
    second = SingleInstance(tmp_path / "ws")
    assert not second.acquire()
    assert "does not answer" in second.problem and "docket.lock" in second.problem
    assert f"process {os.getpid()}" in second.problem
    holder.release()
