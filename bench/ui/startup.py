"""Cold start, measured from outside: the time from spawning a process to a mark it prints on
stderr, for three programs in the same run —

* the bare floor: a QApplication and a QMainWindow shown (first paint);
* the second floor: the same, then ``import sqlalchemy``;
* ``docket --data-dir <100k store>``: its window shell painted (``shell``), then this week's
  entries painted (``week``) — the marks ``desktop.app.trace`` prints with
  ``DOCKET_TRACE_STARTUP`` set.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

BARE = textwrap.dedent(
    """
    import sys
    import time
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    win.resize(1280, 780)

    class Paint(QObject):
        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Type.Paint:
                win.removeEventFilter(self)
                QTimer.singleShot(0, done)
            return False

    def done():
        WITH_SQLALCHEMY
        sys.stderr.write(f"docket-trace shell {time.time():.6f}\\n")
        sys.stderr.flush()
        app.quit()

    probe = Paint()
    win.installEventFilter(probe)
    win.show()
    app.exec()
    """
)


def _marks(cmd: list[str], wanted: tuple[str, ...], env: dict[str, str]) -> dict[str, float]:
    """Spawn ``cmd``; the milliseconds from the spawn to each wanted mark (each mark carries
    the wall-clock time the process printed it at)."""
    t0 = time.time()
    proc = subprocess.Popen(
        cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True
    )
    found: dict[str, float] = {}
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("docket-trace "):
                _tag, mark, at = line.split()
                found.setdefault(mark, (float(at) - t0) * 1000)
                if all(w in found for w in wanted):
                    break
    finally:
        proc.kill()
        proc.wait(10)
        if proc.stderr is not None:
            proc.stderr.close()
    missing = [w for w in wanted if w not in found]
    if missing:
        raise RuntimeError(f"{cmd[:3]} never printed {missing}")
    return found


def run(store: Path, env: dict[str, str], repeat: int = 5) -> dict[str, float]:
    """Median milliseconds of each figure over ``repeat`` cold starts."""
    py = sys.executable
    bare = BARE.replace("WITH_SQLALCHEMY", "pass")
    with_sa = BARE.replace("WITH_SQLALCHEMY", "import sqlalchemy")
    app_env = dict(env, DOCKET_TRACE_STARTUP="1")
    docket = [str(Path(py).with_name("docket")), "--data-dir", str(store)]
    samples: dict[str, list[float]] = {"bare": [], "bare+sqlalchemy": [], "shell": [], "week": []}
    for _ in range(repeat):
        samples["bare"].append(_marks([py, "-c", bare], ("shell",), env)["shell"])
        samples["bare+sqlalchemy"].append(_marks([py, "-c", with_sa], ("shell",), env)["shell"])
        marks = _marks(docket, ("shell", "week"), app_env)
        samples["shell"].append(marks["shell"])
        samples["week"].append(marks["week"])
        lock = store / "docket.lock"
        if lock.exists():  # the killed app's lock: stale, but tidy up between runs
            os.unlink(lock)
    return {k: statistics.median(v) for k, v in samples.items()}
