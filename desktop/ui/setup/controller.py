"""The set-up views' link to the worker: loading master data (and why it may be read-only),
saving one record through the master-data service, rate histories, re-rating.

Threading rule: every method runs on the GUI thread and only submits work to the task runner;
the functions it submits run on the worker thread and touch nothing here. After a save the
session re-reads the snapshot, so the editor and the pickers see the change at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from desktop.models.master import Master
    from desktop.services.masterdata import RuleUse
    from desktop.ui.backend import Backend
    from desktop.ui.session import SessionController
    from desktop.ui.tasks import TaskError

OnError = Callable[["TaskError"], None]


@dataclass(frozen=True)
class SetupData:
    """Master data as the set-up views show it, and why it cannot change here (or None)."""

    master: Master
    read_only_reason: str | None
    today: date

    @property
    def currency(self) -> str:
        return self.master.settings.currency


def _load(b: Backend) -> SetupData:
    snap = b.queries.snapshot()
    return SetupData(snap.master, b.masterdata.read_only_reason(), snap.today)


class SetupController(QObject):
    sig_loaded = Signal(object)  # SetupData
    sig_error = Signal(object)  # TaskError of a load, for the window's message strip

    def __init__(self, session: SessionController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = session.runner
        self.data: SetupData | None = None

    def load(self) -> None:
        self.runner.submit(_load, self._loaded, self.sig_error.emit, what="loading the set-up")

    def _loaded(self, data: SetupData) -> None:
        self.data = data
        self.sig_loaded.emit(data)

    def save(
        self,
        method: str,
        args: tuple[Any, ...],
        on_done: Callable[[Any], None],
        on_error: OnError,
    ) -> None:
        """``MasterDataService.<method>(*args)`` on the worker; then everything re-reads."""

        def done(report: Any) -> None:
            on_done(report)
            self.load()
            self.session.refresh()

        self.runner.submit(
            lambda b: getattr(b.masterdata, method)(*args), done, on_error, what="saving the set-up"
        )

    def rule_uses(
        self,
        deliver: Callable[[list[RuleUse]], None],
        *,
        person: str | None = None,
        matter: str | None = None,
    ) -> None:
        self.runner.submit(
            lambda b: b.masterdata.rule_uses(person=person, matter=matter),
            deliver,
            self.sig_error.emit,
            what="loading the rate history",
        )

    def rerate(
        self,
        filters: dict[str, Any],
        expect: list[Any] | None,
        on_done: Callable[[list[Any]], None],
        on_error: OnError,
    ) -> None:
        """The re-rate preview (``expect`` None), or re-rating exactly the preview ``expect``
        (refused, with nothing written, when it would now change anything else)."""

        def done(changes: list[Any]) -> None:
            on_done(changes)
            if expect is not None:
                self.load()
                self.session.sig_entries_changed.emit()

        self.runner.submit(
            lambda b: b.maintenance.rerate(dry_run=expect is None, expect=expect, **filters),
            done,
            on_error,
            what="re-rating" if expect is not None else "previewing the re-rate",
        )
