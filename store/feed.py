"""Order changes, live: one task follows the database and hands every change to each page that
listens (kitchen, board, a kiosk waiting for its order).

On PostgreSQL the workers' and the service's writes send NOTIFY (agent.store), so a change is
seen at once; on SQLite the task looks every `poll_seconds`. Either way it reads the changes
after the last event it saw, so a missed notification only delays, never loses, a change.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.engine import make_url

from agent.store import NOTIFY_CHANNEL, OrderChange, OrderStore

logger = logging.getLogger("kiosk.store.feed")

LISTENER_QUEUE = 64
"""Changes a slow page may fall behind by before it is dropped (its browser reconnects)."""
NOTIFIED_POLL_SECONDS = 2.0
"""With NOTIFY, still look this often (a lost connection must not freeze the pages)."""


STOP_SECONDS = 3.0
"""The longest stopping the feed waits for the database."""


class OrderFeed:
    def __init__(self, store: OrderStore, *, poll_seconds: float) -> None:
        self._store = store
        self._poll = poll_seconds
        self._listeners: set[asyncio.Queue[list[OrderChange] | None]] = set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._pg: Any = None
        self.last_event_id = 0

    @property
    def listener_count(self) -> int:
        return len(self._listeners)

    async def start(self) -> None:
        self.last_event_id = await self._store.latest_event_id()
        if self._store.engine.dialect.name == "postgresql":
            await self._listen()
        self._task = asyncio.create_task(self._follow(), name="order-feed")

    async def stop(self) -> None:
        """Stops following; never waits on the database for more than STOP_SECONDS (a query
        or a LISTEN connection that does not answer must not hang the service's shutdown)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=STOP_SECONDS)
            self._task = None
        if self._pg is not None:
            try:
                await asyncio.wait_for(self._pg.close(), STOP_SECONDS)
            except Exception:  # noqa: BLE001 - an unanswered close: drop the socket instead
                with contextlib.suppress(Exception):
                    self._pg.terminate()
            self._pg = None
        for queue in list(self._listeners):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(None)

    def nudge(self) -> None:
        """Look now (after this process changed an order itself)."""
        self._wake.set()

    async def _listen(self) -> None:
        import asyncpg  # only with PostgreSQL

        url = make_url(self._store.engine.url).set(drivername="postgresql")
        try:
            self._pg = await asyncpg.connect(url.render_as_string(hide_password=False))
            await self._pg.add_listener(NOTIFY_CHANNEL, lambda *_args: self._wake.set())
        except (OSError, asyncpg.PostgresError) as exc:
            logger.warning("cannot LISTEN for order changes; polling", extra={"error": str(exc)})
            self._pg = None

    async def _follow(self) -> None:
        interval = NOTIFIED_POLL_SECONDS if self._pg is not None else self._poll
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=interval)
            self._wake.clear()
            try:
                changes = await self._store.changes_after(self.last_event_id)
            except Exception as exc:  # the database may restart: keep following
                logger.warning("cannot read order changes", extra={"error": type(exc).__name__})
                await asyncio.sleep(min(5.0, interval * 4))
                continue
            if not changes:
                continue
            self.last_event_id = max(change.event_id for change in changes)
            for queue in list(self._listeners):
                try:
                    queue.put_nowait(changes)
                except asyncio.QueueFull:
                    # too far behind: tell it to start over (its page reloads the full state)
                    self._listeners.discard(queue)
                    while not queue.empty():
                        queue.get_nowait()
                    queue.put_nowait(None)
                    logger.info("dropped a listener that fell behind")

    @contextlib.asynccontextmanager
    async def listen(self) -> AsyncIterator[asyncio.Queue[list[OrderChange] | None]]:
        """A queue of change batches for one page; None means the feed stopped."""
        queue: asyncio.Queue[list[OrderChange] | None] = asyncio.Queue(LISTENER_QUEUE)
        self._listeners.add(queue)
        try:
            yield queue
        finally:
            self._listeners.discard(queue)
