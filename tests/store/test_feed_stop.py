"""Stopping the order feed (the store service's shutdown) never hangs on the database: a LISTEN
connection whose close is not answered is dropped, a read that does not return is left."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from agent.store import OrderStore, default_database_url
from store import feed as feed_module
from store.feed import OrderFeed


class _Unanswered:
    """A LISTEN connection whose graceful close never completes."""

    def __init__(self) -> None:
        self.terminated = False

    async def close(self) -> None:
        await asyncio.Event().wait()

    def terminate(self) -> None:
        self.terminated = True


async def test_stopping_the_feed_does_not_wait_for_an_unanswered_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_module, "STOP_SECONDS", 0.2)
    store = await OrderStore.open(default_database_url(tmp_path / "data"))
    released = asyncio.Event()
    try:
        feed = OrderFeed(store, poll_seconds=0.05)
        await feed.start()
        stuck = asyncio.Event()

        async def never_returns(_after: int) -> list[object]:
            stuck.set()
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                await released.wait()  # a driver that does not honour the cancel
            return []

        monkeypatch.setattr(store, "changes_after", never_returns)
        await asyncio.wait_for(stuck.wait(), 5)
        connection = _Unanswered()
        feed._pg = connection
        started = time.monotonic()
        await asyncio.wait_for(feed.stop(), 10)
        assert time.monotonic() - started < 2.0
        assert connection.terminated
    finally:
        released.set()
        await store.close()
