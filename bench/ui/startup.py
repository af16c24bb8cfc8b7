"""Cold start, measured from outside: the time from spawning a process to a mark it prints on
stderr, for three programs in the same run —

* the bare floor: a QApplication and a QMainWindow shown (first paint);
* the second floor: the same, then ``import sqlalchemy``;
* ``docket --data-dir <100k store>``: its window shell painted (``shell``), then this week's
  entries painted (``week``) — the marks ``desktop.ui.trace`` prints with
  ``DOCKET_TRACE_STARTUP`` set — and the steps between them, with the process's peak resident
  memory at that moment.

The app's modules are byte-compiled first, as an installed app has them (pip and the bundle
compile them; a source checkout writes them on its first run unless PYTHONDONTWRITEBYTECODE is
set, as it is on some CI machines): compiling ~100 modules from source is not start-up.
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


# the steps of the app's start-up, in order (desktop.app, desktop.ui.session)
STEPS = (
    ("main", "Python, Qt and the window's modules imported"),
    ("worker", "worker thread starts its imports"),
    ("shell", "window shell painted"),
    ("body", "timesheet widgets built (GUI thread)"),
    ("imported", "SQLAlchemy and the services imported"),
    ("opened", "store opened"),
    ("week-read", "this week read"),
    ("loaded", "timer, held time, recent matters read"),
    ("delivered", "results on the GUI thread"),
    ("shown", "week filled in"),
    ("week", "week painted"),
)


def _compile_app() -> None:
    import compileall

    root = Path(__file__).resolve().parents[2]
    for package in ("core", "desktop"):
        compileall.compile_dir(root / package, quiet=1)


def _peak_rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return float("nan")
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _marks(cmd: list[str], wanted: tuple[str, ...], env: dict[str, str]) -> dict[str, float]:
    """Spawn ``cmd``; the milliseconds from the spawn to each mark it prints (each mark carries
    the wall-clock time the process printed it at) until the wanted ones are in, and the
    process's peak resident memory then (``peak_rss_mb``, Linux)."""
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
                    found["peak_rss_mb"] = _peak_rss_mb(proc.pid)
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
    """Median milliseconds of each figure (and each step) over ``repeat`` cold starts."""
    _compile_app()
    py = sys.executable
    bare = BARE.replace("WITH_SQLALCHEMY", "pass")
    with_sa = BARE.replace("WITH_SQLALCHEMY", "import sqlalchemy")
    app_env = dict(env, DOCKET_TRACE_STARTUP="1")
    docket = [str(Path(py).with_name("docket")), "--data-dir", str(store)]
    samples: dict[str, list[float]] = {"bare": [], "bare+sqlalchemy": [], "peak_rss_mb": []}
    samples.update({step: [] for step, _what in STEPS})
    for _ in range(repeat):
        samples["bare"].append(_marks([py, "-c", bare], ("shell",), env)["shell"])
        samples["bare+sqlalchemy"].append(_marks([py, "-c", with_sa], ("shell",), env)["shell"])
        marks = _marks(docket, ("shell", "week"), app_env)
        for key, value in marks.items():
            if key in samples:
                samples[key].append(value)
        lock = store / "docket.lock"
        if lock.exists():  # the killed app's lock: stale, but tidy up between runs
            os.unlink(lock)
    return {k: statistics.median(v) for k, v in samples.items() if v}
