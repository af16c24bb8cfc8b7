"""Running the app under uvicorn, quietly when idle.

uvicorn's main loop wakes ten times a second to refresh the Date header and check for
shutdown — about 0.1 s of CPU a minute on a server nobody is calling. A single-process server
here wakes once a second instead (the Date header keeps its one-second precision; shutdown
takes at most a second longer). Several workers (``--workers``) run uvicorn's own loop.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn


class QuietServer(uvicorn.Server):
    async def main_loop(self) -> None:
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 10) % 864000  # on_tick's "once a second" is every 10 counts
            await asyncio.sleep(1.0)
            should_exit = await self.on_tick(counter)


def serve(**options: Any) -> None:
    if options.get("workers", 1) > 1:
        uvicorn.run(**options)
        return
    config = uvicorn.Config(**options)
    QuietServer(config).run()
