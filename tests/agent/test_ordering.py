"""OrderDesk: the one place orders change (voice tools and touch RPCs both call it)."""

from __future__ import annotations

import asyncio

import pytest

from agent.ordering import CartChange, OrderDesk, OrderError
from agent.store import OrderStore
from tests.menus import bundled


def _desk(store: OrderStore | None, key: str = "room-1") -> OrderDesk:
    return OrderDesk(bundled(), session_key=key, kiosk_id="lobby-1", store=store)


async def test_every_change_is_saved_so_a_restarted_agent_resumes(store: OrderStore) -> None:
    desk = _desk(store)
    await desk.add_item("cheeseburger", quantity=2, modifiers=["no onions"])
    await desk.add_item("coke", size="large")
    await desk.set_customer_name("sam")
    restarted = _desk(store)
    assert await restarted.resume()
    assert restarted.cart.lines == desk.cart.lines
    assert restarted.cart.version == desk.cart.version
    assert restarted.customer_name == "Sam"
    assert not await _desk(store, key="another-room").resume()


async def test_listeners_hear_each_change_with_its_origin(store: OrderStore) -> None:
    desk = _desk(store)
    heard: list[CartChange] = []
    desk.add_listener(heard.append)
    line = await desk.add_item_by_id("fries", size_id="small", origin="touch")
    await desk.set_line_quantity(line.line_id, 3, origin="touch")
    await desk.remove("fries")
    assert [(c.origin, c.summary) for c in heard] == [
        ("touch", "added 1 small French Fries"),
        ("touch", "changed the quantity to 3 small French Fries"),
        ("voice", "removed 3 small French Fries"),
    ]
    assert desk.seq == 3


async def test_refused_changes_leave_the_order_unchanged(store: OrderStore) -> None:
    desk = _desk(store)
    await desk.add_item("coffee")
    before = (desk.cart.lines, desk.cart.version, desk.seq)
    for attempt in (
        desk.add_item_by_id("no_such_item"),
        desk.add_item_by_id("coke"),
        desk.add_item_by_id("lobster_roll"),
        desk.set_line_quantity("L1", 21),
        desk.set_line_quantity("L9", 2),
        desk.remove_line("L9"),
        desk.add_item("pizza"),
    ):
        with pytest.raises(OrderError):
            await attempt
    assert (desk.cart.lines, desk.cart.version, desk.seq) == before


async def test_which_line_when_an_item_is_there_twice(store: OrderStore) -> None:
    desk = _desk(store)
    await desk.add_item("cheeseburger")
    await desk.add_item("cheeseburger", modifiers=["no onions"])
    with pytest.raises(OrderError, match="Which one do you mean"):
        desk.find_line("cheeseburger")
    assert desk.find_line("cheeseburger no onions").modifier_ids == ("no_onions",)


async def test_placing_needs_a_store_and_items(store: OrderStore) -> None:
    with pytest.raises(OrderError, match="empty"):
        await _desk(store).place()
    offline = _desk(None)
    await offline.add_item("coffee")
    with pytest.raises(OrderError, match="staff member"):
        await offline.place(origin="touch")


async def test_snapshot_after_placing_shows_the_order_then_a_fresh_cart(store: OrderStore) -> None:
    desk = _desk(store)
    await desk.add_item("coffee")
    placed = await desk.place(origin="touch")
    snapshot = desk.snapshot()
    assert snapshot.status == "placed" and snapshot.order_number == placed.order_number
    assert [line.item_id for line in snapshot.lines] == ["coffee"]
    assert desk.cart.is_empty and not desk.cart_snapshot().lines
    await desk.add_item("lemonade")
    assert desk.snapshot().status == "open" and desk.snapshot().seq > snapshot.seq
    await desk.review()
    desk.hear_customer(0, "yes please")
    second = await desk.place()
    assert second.order_number == placed.order_number + 1 and not second.repeated


async def test_a_name_and_an_item_said_together_are_both_saved(store: OrderStore) -> None:
    """Tools of one turn run as concurrent tasks: the first save of a session must not race."""
    desk = _desk(store, key="together")
    await asyncio.gather(desk.add_item("coffee"), desk.set_customer_name("lucia"))
    restarted = _desk(store, key="together")
    assert await restarted.resume()
    assert [line.item_id for line in restarted.cart.lines] == ["coffee"]
    assert restarted.customer_name == "Lucia"
