"""Staff's sold-out switches reach a running session: within a poll the desk refuses the item
(whatever asks: voice, touch or the cloud model's tools) and the kiosk is told."""

from __future__ import annotations

import asyncio
from typing import cast

import pytest

from agent.ordering import OrderDesk, OrderError
from agent.store import AvailabilityStore, OrderStore
from agent.voice.room_link import RoomLink
from agent.worker import AVAILABILITY_POLL_SECONDS, _follow_availability
from tests.menus import bundled

MENU = bundled()


class KioskLink:
    def __init__(self) -> None:
        self.told: list[frozenset[str]] = []
        self.changed = asyncio.Event()

    def publish_availability(self, sold_out: frozenset[str]) -> None:
        self.told.append(sold_out)
        self.changed.set()


async def test_a_switch_applies_to_a_running_session(database_url: str) -> None:
    store = await OrderStore.open(database_url)
    availability = AvailabilityStore(store)
    desk = OrderDesk(MENU, session_key="room-a", kiosk_id="k1", store=store)
    kiosk = KioskLink()
    follower = asyncio.create_task(
        _follow_availability(desk, MENU, availability, cast(RoomLink, kiosk))
    )
    try:
        item = next(i for i in MENU.items() if i.available and not i.sizes)
        await desk.add_item_by_id(item.id)
        await availability.set_available(item.id, False, actor="staff:boss")
        await asyncio.wait_for(kiosk.changed.wait(), timeout=AVAILABILITY_POLL_SECONDS * 10)
        assert item.id in kiosk.told[-1]
        with pytest.raises(OrderError, match="sold out"):
            await desk.add_item_by_id(item.id)
        assert [line.item_id for line in desk.cart.lines] == [item.id]  # what was ordered stays
        kiosk.changed.clear()
        await availability.set_available(item.id, True, actor="staff:boss")
        await asyncio.wait_for(kiosk.changed.wait(), timeout=AVAILABILITY_POLL_SECONDS * 10)
        assert item.id not in kiosk.told[-1]
        await desk.add_item_by_id(item.id)
    finally:
        follower.cancel()
        await asyncio.gather(follower, return_exceptions=True)
        await store.close()


def test_switches_apply_over_the_menu_file() -> None:
    sold_out_in_file = next(i for i in MENU.items() if not i.available)
    on_sale = next(i for i in MENU.items() if i.available)
    menu = MENU.with_availability(
        {sold_out_in_file.id: True, on_sale.id: False, "not_on_this_menu": False}
    )
    assert menu.sold_out() == (MENU.sold_out() - {sold_out_in_file.id}) | {on_sale.id}
    assert MENU.with_availability({}) is MENU
