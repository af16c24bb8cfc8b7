"""Running the app under uvicorn, quietly when idle.

uvicorn's main loop wakes ten times a second to refresh the Date header and check for
shutdown — about 0.1 s of CPU a minute on a server nobody is calling. A single-process server
here wakes once a second instead (the Date header keeps its one-second precision; shutdown
takes at most a second longer). Several workers (``--workers``) run uvicorn's own loop.
"""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import uvicorn
from pydantic.warnings import UnsupportedFieldAttributeWarning


def silence_fastapi_schema_warning() -> None:
    """FastAPI builds a route's body schema on its first request and hides pydantic's
    UnsupportedFieldAttributeWarning while it does, with ``warnings.catch_warnings`` — which
    is not thread-safe, so two first requests at once in the thread pool can let the warning
    out (or drop another filter). The warning is about FastAPI's own internal use; ignore it
    process-wide instead of racing on the filter list."""
    warnings.filterwarnings("ignore", category=UnsupportedFieldAttributeWarning)


class QuietServer(uvicorn.Server):
    async def main_loop(self) -> None:
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 10) % 864000  # on_tick's "once a second" is every 10 counts
            await asyncio.sleep(1.0)
            should_exit = await self.on_tick(counter)


def serve(**options: Any) -> None:
    silence_fastapi_schema_warning()
    if options.get("workers", 1) > 1:
        uvicorn.run(**options)
        return
    config = uvicorn.Config(**options)
    QuietServer(config).run()
