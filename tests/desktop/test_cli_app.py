"""`docket` with no subcommand: the app where there is a display; one line and the status
where there is none. The CLI itself never loads Qt, and the app loads SQLAlchemy only after
its first paint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.app_launch import app_request, display_problem


def test_no_display_says_so_in_one_line_and_shows_the_status(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("demo").code == 0
    monkeypatch.setenv("QT_QPA_PLATFORM", "")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if sys.platform in ("win32", "darwin"):
        pytest.skip("these platforms always have a display")
    res = cli()
    assert res.code == 0
    assert res.err.count("\n") == 1 and "cannot open the window: no display" in res.err
    assert "Timer:" in res.out and "This week:" in res.out


def test_display_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_problem() is None  # told to draw offscreen: no display needed
    if sys.platform in ("win32", "darwin"):
        return
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert display_problem() is not None
    monkeypatch.setenv("DISPLAY", ":9999")  # set, but no server answers there
    assert "cannot be reached" in (display_problem() or "")


def test_app_request() -> None:
    assert app_request([]) == (True, None)
    assert app_request(["--data-dir", "/x"]) == (True, Path("/x"))
    assert app_request(["--data-dir=/y"]) == (True, Path("/y"))
    assert app_request(["status"])[0] is False
    assert app_request(["--version"])[0] is False


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_cli_never_imports_qt(tmp_path: Path) -> None:
    mods = _modules_after(
        f"from desktop.cli.main import main\nmain(['--data-dir', {str(tmp_path)!r}, 'entries'])"
    )
    assert not any(m.startswith(("PySide6", "shiboken6")) for m in mods)


def test_app_shell_does_not_import_the_store() -> None:
    mods = _modules_after("import desktop.app")
    assert "PySide6.QtWidgets" in mods
    assert not any(
        m.startswith(("sqlalchemy", "alembic", "desktop.services.entries")) for m in mods
    )
