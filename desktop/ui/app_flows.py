"""The app's small interactions that span windows: the first-run choice, "Find matter…",
quick log, completing held time, discarding a timer, importing a set-up file, settings, and
offering away time. Each opens its window and sends the work to the session."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from desktop.ui import fmt

# The dialogs are imported when first opened: none is needed for the first paint.
if TYPE_CHECKING:
    from desktop.services.dto import HeldDTO
    from desktop.ui.dialogs.away import AwayDialog
    from desktop.ui.dialogs.completion import CompletionDialog
    from desktop.ui.dialogs.first_run import FirstRunDialog
    from desktop.ui.dialogs.quick_log import QuickLogDialog
    from desktop.ui.dialogs.quick_switch import QuickSwitchWindow
    from desktop.ui.idle.detector import Away
    from desktop.ui.tasks import TaskError


class AppFlows:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.session = app.session
        self.window = app.window
        self.quick_switch: QuickSwitchWindow | None = None
        self.quick_log_dialog: QuickLogDialog | None = None
        self.first_run_dialog: FirstRunDialog | None = None
        self.completions: dict[str, CompletionDialog] = {}
        self.away_dialog: AwayDialog | None = None
        self._away_timer: datetime | None = None  # the start of the timer asked about

    def _parent(self) -> Any:
        return self.window if self.window.isVisible() else None

    # ------------------------------------------------------------------ first run
    def first_run(self) -> None:
        from desktop.ui.dialogs.first_run import FirstRunDialog

        self.window.week_title.setText("Welcome to Docket")
        dlg = self.first_run_dialog = FirstRunDialog(self._parent())
        dlg.sig_demo.connect(self._demo)
        dlg.sig_empty.connect(self._empty)
        dlg.sig_sign_in.connect(self.app.sync_flows.sign_in)
        self.session.sig_ready.connect(lambda _s: dlg.accept())
        dlg.rejected.connect(self._first_run_dismissed)
        dlg.show()

    def _demo(self) -> None:
        def task(b: Any) -> Any:
            from desktop.services.demo import load_demo

            return load_demo(b.ws)

        self.session.set_up(task, self._setup_failed)

    def _empty(self, name: str, practice: str, currency: str, rate: str) -> None:
        def task(b: Any) -> Any:
            from desktop.services.setup import one_person_setup

            doc = one_person_setup(name, practice, currency=currency, hourly_rate=rate or None)
            return b.setup.import_setup(doc)

        self.session.set_up(task, self._setup_failed)

    def _setup_failed(self, err: TaskError) -> None:
        if self.first_run_dialog is not None:
            field = err.problems[0][0] if err.problems else ""
            self.first_run_dialog.failed(err.message, field)

    def _first_run_dismissed(self) -> None:
        if self.session.snapshot is None:
            self.window.message_bar.show_message(
                "This workspace is empty: open the demo firm or set up your practice to start.",
                "warning",
                ("Set up…", self.first_run),
            )

    # ------------------------------------------------------------------ matters and timer
    def update_choices(self) -> None:
        if self.quick_switch is not None:
            s = self.session
            self.quick_switch.set_choices(s.snapshot, s.recent, self.app.settings.pinned)

    def find_matter(self) -> None:
        if self.session.snapshot is None:
            return
        if self.quick_switch is None:
            from desktop.ui.dialogs.quick_switch import QuickSwitchWindow

            self.quick_switch = QuickSwitchWindow()
            self.quick_switch.sig_chosen.connect(
                lambda choice: self.session.start(**choice.timer_fields())
            )
        self.update_choices()
        self.quick_switch.open(self.session.running)

    def quick_log(self) -> None:
        if self.session.snapshot is None:
            return
        if self.quick_log_dialog is None:
            from desktop.ui.dialogs.quick_log import QuickLogDialog

            self.quick_log_dialog = QuickLogDialog(self.session, self._parent())
        self.quick_log_dialog.open_for(self.session.snapshot.today)

    def discard(self) -> None:
        timer = self.session.timer
        if timer is None:
            return
        what = timer.matter or "no matter"
        if self.app.confirm(
            "Discard the timer",
            f"Discard the running timer ({fmt.hm(self.session.elapsed())} on {what})? "
            "The time will not be recorded.",
        ):
            self.session.discard(timer.started_at)  # that timer, not one switched to meanwhile

    # ------------------------------------------------------------------ held time
    def complete_held(self, held: HeldDTO) -> None:
        from desktop.ui.dialogs.completion import CompletionDialog

        dlg = self.completions.get(held.id)
        if dlg is None:
            dlg = CompletionDialog(self.session, held, self._parent())
            self.completions[held.id] = dlg
            dlg.finished.connect(lambda _r, hid=held.id: self.completions.pop(hid, None))
            self.session.sig_ready.connect(dlg.set_snapshot)
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()

    def complete_first_held(self) -> None:
        if self.session.held:
            self.complete_held(self.session.held[0])

    # ------------------------------------------------------------------ set-up and settings
    def import_setup(self) -> None:
        import json
        from pathlib import Path

        path, _filter = QFileDialog.getOpenFileName(
            self.window, "Import a firm set-up file", str(Path.home()), "Set-up files (*.json)"
        )
        if not path:
            return

        def task(b: Any) -> str:
            from core.errors import DocketError

            try:
                doc = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as err:
                raise DocketError(f"{path} could not be read as JSON: {err}") from err
            summary: str = b.setup.import_setup(doc).summary()
            return summary

        def done(summary: str) -> None:
            self.window.show_note(f"Imported {Path(path).name}: {summary}.")
            if self.session.snapshot is None:  # an empty workspace until now: open it
                self.session.open()
            else:
                self.session.refresh()

        self.session.runner.submit(task, done, self.app.show_error, what="importing the set-up")

    def open_settings(self) -> None:
        from desktop.ui.dialogs.settings_dialog import SettingsDialog

        self.app.choose_idle_source()  # at once, if the week has not been painted yet
        src = self.app.watcher.source if self.app.watcher else None
        problem = getattr(src, "reason", None) if src is not None else "not checked yet"
        name = getattr(src, "name", "none")
        dlg = SettingsDialog(self.app.settings, name, problem, self.app.data_dir, self.window)
        if dlg.exec() and self.app.watcher is not None:
            self.app.watcher.set_threshold(self.app.settings.idle_minutes)
            self.app.watcher.enabled = self.app.settings.ask_about_away

    # ------------------------------------------------------------------ away time
    def away(self, away: Away) -> None:
        from desktop.ui.dialogs.away import AwayDialog

        if self.away_dialog is not None and self.away_dialog.isVisible():
            return
        timer = self.session.timer
        self._away_timer = timer.started_at if timer is not None else None
        dlg = self.away_dialog = AwayDialog(away, self.app.tz, self._parent())
        dlg.sig_decided.connect(self._away_decided)
        dlg.show()
        dlg.raise_()

    def _away_decided(self, choice: str, away: Away) -> None:
        from desktop.ui.dialogs.away import DISCARD, KEEP, SEPARATE, describe

        comment = describe(away, self.app.tz)
        s = self.session
        started = self._away_timer  # the timer asked about: a switch meanwhile changes nothing
        backwards = away.kind == "gap" and away.backwards
        if choice == KEEP:
            if backwards:
                s.away_shift(away.seconds, "counted: " + comment, started)
            else:
                s.away_keep("kept: " + comment, started)
        elif choice == DISCARD:
            if backwards:
                s.away_keep("not counted: " + comment, started)
            else:
                s.away_shift(away.seconds, "discarded: " + comment, started)
        elif choice == SEPARATE:
            s.away_split(away.start, away.end, comment, started)
