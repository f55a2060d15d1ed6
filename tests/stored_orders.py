"""What an agent stored: the item ids of today's order `number` in a data directory's database."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from agent.store import OrderStore, default_database_url


def stored_item_ids(data_dir: Path, number: int) -> list[str]:
    async def read() -> list[str]:
        store = await OrderStore.open(default_database_url(data_dir))
        try:
            order = await store.order(dt.date.today(), number)
            return [line.item_id for line in order.lines] if order else []
        finally:
            await store.close()

    return asyncio.run(read())
