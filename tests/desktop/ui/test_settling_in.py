"""Settling in: the tray (or its absence) said once, closing the window, shortcuts shown in
menus and tooltips, and settings that say when no idle source works."""

from __future__ import annotations

from typing import Any

from desktop.ui.dialogs.settings_dialog import SettingsDialog
from desktop.ui.idle.source import NoIdleSource


def test_closing_the_window_keeps_the_app_in_the_tray_said_once(make_app: Any) -> None:
    app = make_app(tray=True)
    said: list[str] = []
    app.tray.notify = lambda title, text: said.append(text)
    quits: list[int] = []
    app.quit = lambda: quits.append(1)
    app.window.close()
    assert not app.window.isVisible() and not quits
    assert len(said) == 1 and "tray" in said[0]
    app.show_window()
    app.window.close()
    assert len(said) == 1  # said once, remembered in the data folder's settings
    assert app.settings.said("tray")


def test_without_a_tray_it_says_so_once_and_closing_quits(make_app: Any, tmp_path: Any) -> None:
    app = make_app(tray=False)
    bar = app.window.message_bar
    assert bar.isVisibleTo(app.window) and "no system tray" in bar.label.text()
    quits: list[int] = []
    app.quit = lambda: quits.append(1)
    app.window.close()
    assert quits == [1]
    app.dispose()
    again = make_app(tmp_path / "ws", tray=False)  # the same data folder: not said again
    assert "no system tray" not in again.window.message_bar.label.text()


def test_shortcuts_are_in_menus_and_tooltips(make_app: Any) -> None:
    w = make_app().window
    for action, keys in ((w.new_action, "Ctrl+N"), (w.save_action, "Ctrl+S"),
                         (w.timer_action, "Ctrl+T"), (w.find_action, "Ctrl+K")):  # fmt: skip
        assert action.shortcut().toString() == keys
        assert f"({keys})" in action.toolTip()
    assert "Alt+Right" in w.next_action.toolTip() or "Forward" in w.next_action.toolTip()


def test_settings_say_when_no_idle_source_works(qtbot: Any, tmp_path: Any) -> None:
    from desktop.ui.settings import AppSettings

    src = NoIdleSource("no X11 display; no D-Bus session bus")
    dlg = SettingsDialog(AppSettings(tmp_path), src.name, src.reason, tmp_path)
    qtbot.addWidget(dlg)
    assert "No idle source works here" in dlg.source.text()
    assert "no X11 display" in dlg.source.text()
    dlg.minutes.setValue(25)
    dlg.accept()
    assert AppSettings(tmp_path).idle_minutes == 25


def test_the_idle_source_is_chosen_after_the_week_is_painted(
    qtbot: Any, tmp_path: Any, ttime: Any
) -> None:
    """Not on the way to the first screen: until then the watcher has a placeholder; once the
    week is painted the platform's own choice (here, offscreen: none, with its reasons)."""
    from datetime import UTC

    from desktop.app import DocketApp
    from tests.desktop.ui.conftest import load_firm

    load_firm(tmp_path / "ws", None)
    app = DocketApp(tmp_path / "ws", clock=ttime.now, monotonic=ttime.monotonic, tz=UTC)
    try:
        app.start()
        qtbot.waitUntil(lambda: app.watcher is not None, timeout=15000)
        qtbot.waitUntil(
            lambda: getattr(app.watcher.source, "reason", "") != "not chosen yet", timeout=15000
        )
        assert app.watcher.source is app._idle_source
        assert getattr(app.watcher.source, "reason", "x")  # a real source, or why none works
    finally:
        app.dispose()


def test_the_idle_source_is_chosen_even_when_no_week_is_painted(
    qtbot: Any, tmp_path: Any, ttime: Any, monkeypatch: Any
) -> None:
    """The first-run choice up (or the window sent to the tray before the week painted): the
    idle source is still chosen, shortly after the first paint."""
    from datetime import UTC

    import desktop.app
    from desktop.app import DocketApp

    monkeypatch.setattr(desktop.app, "IDLE_SOURCE_LATEST_MS", 50)
    app = DocketApp(tmp_path / "empty", clock=ttime.now, monotonic=ttime.monotonic, tz=UTC)
    try:
        app.start()
        qtbot.waitUntil(lambda: app._idle_source is not None, timeout=15000)
        assert not app._first_week_shown  # the first-run choice, no week
    finally:
        app.dispose()
