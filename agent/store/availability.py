"""Today's sold-out switches: staff flip them in the admin pages; every running agent reads them
(`sold_out()`) and stops offering what ran out, without a restart."""

from __future__ import annotations

from sqlalchemy import select

from agent.store.models import ItemAvailabilityRow
from agent.store.store import OrderStore


class AvailabilityStore:
    def __init__(self, store: OrderStore) -> None:
        self._store = store

    async def set_available(self, item_id: str, available: bool, *, actor: str) -> None:
        async with self._store.sessions.begin() as session:
            row = await session.get(ItemAvailabilityRow, item_id)
            if row is None:
                row = ItemAvailabilityRow(item_id=item_id)
                session.add(row)
            row.available = available
            row.updated_at = self._store.now()
            row.updated_by = actor[:64]

    async def overrides(self) -> dict[str, bool]:
        """Item id → available, for every item staff switched (the menu file says the rest)."""
        async with self._store.sessions() as session:
            rows = await session.scalars(select(ItemAvailabilityRow))
            return {row.item_id: row.available for row in rows}

    async def sold_out(self) -> frozenset[str]:
        return frozenset(
            item for item, available in (await self.overrides()).items() if not available
        )
