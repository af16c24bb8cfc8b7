"""The worker-thread side of the app: the workspace and its services.

Threading rule: a :class:`Backend` is created, used and closed only on the task runner's
worker thread (:mod:`desktop.ui.tasks`). The GUI thread never imports this module's heavy
dependencies itself: the runner builds the backend on the worker, after the first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.entries import EntryService
from desktop.services.queries import QueryService
from desktop.services.timer import TimerService
from desktop.services.timer_away import AwayService
from desktop.services.workspace import Workspace

if TYPE_CHECKING:
    from desktop.services.approvals import ApprovalService
    from desktop.services.burn import BurnService
    from desktop.services.history import HistoryService
    from desktop.services.maintenance import MaintenanceService
    from desktop.services.masterdata import MasterDataService
    from desktop.services.setup import SetupService


@dataclass(frozen=True)
class BackendConfig:
    data_dir: Path
    clock: Callable[[], datetime]
    monotonic: Callable[[], float]
    tz: tzinfo | None = None


class Backend:
    """The services of one data folder (worker thread only)."""

    def __init__(self, cfg: BackendConfig) -> None:
        self.ws = Workspace.open(cfg.data_dir, clock=cfg.clock, tz=cfg.tz, long_lived=True)
        self.entries = EntryService(self.ws)
        self.timer = TimerService(self.ws)
        self.timer.monotonic = cfg.monotonic
        self.away = AwayService(self.timer)
        self.queries = QueryService(self.ws)

    # not needed to open the workspace: imported on first use
    @property
    def approvals(self) -> ApprovalService:
        from desktop.services.approvals import ApprovalService

        return ApprovalService(self.ws)

    @property
    def setup(self) -> SetupService:
        from desktop.services.setup import SetupService

        return SetupService(self.ws)

    @property
    def masterdata(self) -> MasterDataService:
        from desktop.services.masterdata import MasterDataService

        return MasterDataService(self.ws)

    @property
    def maintenance(self) -> MaintenanceService:
        from desktop.services.maintenance import MaintenanceService

        return MaintenanceService(self.ws)

    @property
    def burn(self) -> BurnService:
        from desktop.services.burn import BurnService

        return BurnService(self.ws)

    @property
    def history(self) -> HistoryService:
        from desktop.services.history import HistoryService

        return HistoryService(self.ws)

    def release_memory(self) -> None:
        """A quiet moment (the window hidden): close the idle pooled connections, and with
        them SQLite's page caches; the next query opens one again."""
        self.ws.store.engine.dispose()

    def close(self) -> None:
        self.ws.close()
