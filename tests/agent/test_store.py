"""Persistence on a real SQLite file and a real PostgreSQL server (each test runs on both):
order numbers, idempotent placing, resumable carts, kitchen status changes and their feed."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from agent.core.cart import Cart
from agent.core.menu import Menu
from agent.core.order_status import (
    OrderStatus,
    PaymentStatus,
    StatusChangeError,
    next_status,
    previous_status,
)
from agent.store import OrderStore, StoreError, StoreUnavailable, default_database_url
from tests.menus import bundled

MENU: Menu = bundled()


def _cart(*item_ids: str) -> Cart:
    cart = Cart(MENU.restaurant.tax_rate)
    for item_id in item_ids:
        item = MENU.item(item_id)
        assert item is not None
        cart.add(item, size_id=item.sizes[0].id if item.sizes else None)
    return cart


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def db_url(database_url: str) -> str:
    return database_url


async def test_migrations_create_the_schema(db_url: str) -> None:
    store = await OrderStore.open(db_url)
    try:
        async with store.engine.connect() as connection:
            tables = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
            version = (
                await connection.execute(text("select version_num from alembic_version"))
            ).one()
    finally:
        await store.close()
    assert {
        "orders",
        "order_lines",
        "open_carts",
        "order_events",
        "staff_users",
        "staff_sessions",
        "devices",
        "item_availability",
        "menu_versions",
        "alembic_version",
    } <= tables
    assert tuple(version) == ("0003",)
    reopened = await OrderStore.open(db_url)  # upgrading an up-to-date database is a no-op
    await reopened.close()


async def test_order_numbers_count_per_day(db_url: str) -> None:
    clock = Clock(dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.UTC))
    store = await OrderStore.open(db_url, clock=clock)
    try:
        first = await store.place_order("room-a", "k1", _cart("cheeseburger"), "Sam")
        second = await store.place_order("room-b", "k2", _cart("coffee", "fries"), None)
        clock.now += dt.timedelta(days=1)
        next_day = await store.place_order("room-c", "k1", _cart("coke"), None)
    finally:
        await store.close()
    assert (first.order_number, second.order_number, next_day.order_number) == (1, 2, 1)
    assert first.customer_name == "Sam" and first.kiosk_id == "k1"
    assert second.total_cents == _cart("coffee", "fries").total_cents
    assert [line.item_id for line in second.lines] == ["coffee", "fries"]


async def test_placing_the_same_cart_version_twice_returns_the_first_order(db_url: str) -> None:
    store = await OrderStore.open(db_url)
    try:
        cart = _cart("cheeseburger", "coke")
        first = await store.place_order("room-a", "k1", cart, None)
        again = await store.place_order("room-a", "k1", cart, None)
        orders = await store.orders_on(first.business_date)
    finally:
        await store.close()
    assert not first.repeated and again.repeated
    assert again.order_number == first.order_number
    assert len(orders) == 1


async def test_concurrent_writers_get_distinct_numbers(db_url: str) -> None:
    stores = [await OrderStore.open(db_url) for _ in range(3)]
    try:
        placed = await asyncio.gather(
            *(s.place_order(f"room-{i}", "k1", _cart("coffee"), None) for i, s in enumerate(stores))
        )
    finally:
        for s in stores:
            await s.close()
    assert sorted(p.order_number for p in placed) == [1, 2, 3]


async def test_open_cart_is_saved_and_resumed(db_url: str) -> None:
    store = await OrderStore.open(db_url)
    try:
        cart = _cart("cheeseburger", "fries")
        await store.save_open_cart("room-a", "k1", cart, "Ana")
        saved = await store.load_open_cart("room-a")
        assert saved is not None
        lines, version, name = saved
        restored = Cart(MENU.restaurant.tax_rate)
        restored.restore(lines, version)
        assert restored.lines == cart.lines and restored.version == cart.version and name == "Ana"
        item = MENU.item("coffee")
        assert item is not None
        assert restored.add(item).line_id == "L3"
        await store.place_order("room-a", "k1", cart, "Ana")
        assert await store.load_open_cart("room-a") is None  # placing clears the open cart
        assert await store.load_open_cart("room-unknown") is None
    finally:
        await store.close()


async def test_empty_cart_cannot_be_placed(db_url: str) -> None:
    store = await OrderStore.open(db_url)
    try:
        with pytest.raises(StoreError, match="empty"):
            await store.place_order("room-a", "k1", Cart(MENU.restaurant.tax_rate), None)
    finally:
        await store.close()


async def test_bad_database_url_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        await OrderStore.open("nosuchdb+driver://x/y")


async def test_kitchen_moves_an_order_and_every_move_is_an_event(db_url: str) -> None:
    store = await OrderStore.open(db_url)
    try:
        placed = await store.place_order("room-a", "k1", _cart("cheeseburger"), "Ana Lima")
        day, number = placed.business_date, placed.order_number
        assert placed.status is OrderStatus.NEW and placed.first_name == "Ana"
        start = await store.latest_event_id()
        assert start > 0  # placing is the first event
        cooking = await store.change_status(day, number, next_status, actor="staff:cook")
        ready = await store.change_status(day, number, next_status, actor="staff:cook")
        assert (cooking.order.status, ready.order.status) == (
            OrderStatus.IN_PROGRESS,
            OrderStatus.READY,
        )
        assert ready.event_id > cooking.event_id > start
        changes = await store.changes_after(start)
        assert [(c.order.order_number, c.order.status) for c in changes] == [
            (number, OrderStatus.READY)
        ]  # an order changed twice is reported once, as it stands now
        assert await store.changes_after(ready.event_id) == []
        recalled = await store.change_status(day, number, previous_status, actor="staff:cook")
        assert recalled.order.status is OrderStatus.IN_PROGRESS
        open_orders = await store.orders_in((OrderStatus.NEW, OrderStatus.IN_PROGRESS))
        assert [o.order_number for o in open_orders] == [number]
    finally:
        await store.close()


async def test_forbidden_moves_change_nothing(db_url: str) -> None:
    store = await OrderStore.open(db_url)
    try:
        placed = await store.place_order("room-a", "k1", _cart("coffee"), None)
        day, number = placed.business_date, placed.order_number
        await store.change_status(
            day, number, lambda _: OrderStatus.CANCELLED, actor="staff:m", reason="left"
        )
        before = await store.latest_event_id()
        with pytest.raises(StatusChangeError):
            await store.change_status(day, number, next_status, actor="staff:m")
        with pytest.raises(StatusChangeError, match="reason"):
            await store.change_payment(day, number, PaymentStatus.VOID, actor="staff:m")
        with pytest.raises(LookupError):
            await store.change_status(day, number + 1, next_status, actor="staff:m")
        assert await store.latest_event_id() == before
        order = await store.order(day, number)
        assert order is not None and order.status is OrderStatus.CANCELLED
        assert order.status_reason == "left"
    finally:
        await store.close()


async def test_payment_moves_from_unpaid_to_paid_to_refunded(db_url: str) -> None:
    store = await OrderStore.open(db_url)
    try:
        placed = await store.place_order("room-a", "k1", _cart("coffee"), None)
        day, number = placed.business_date, placed.order_number
        paid = await store.change_payment(day, number, PaymentStatus.PAID, actor="staff:m")
        assert paid.order.payment_status is PaymentStatus.PAID
        with pytest.raises(StatusChangeError):
            await store.change_payment(day, number, PaymentStatus.VOID, actor="staff:m", reason="x")
        refunded = await store.change_payment(
            day, number, PaymentStatus.REFUNDED, actor="staff:m", reason="cold food"
        )
        assert refunded.order.payment_status is PaymentStatus.REFUNDED
        assert refunded.order.status_reason == "cold food"
    finally:
        await store.close()


async def test_a_database_from_before_the_kitchen_is_upgraded(tmp_path: Path) -> None:
    """An order stored by the first schema ('placed') is a New ticket after the upgrade."""
    url = default_database_url(tmp_path / "old")
    store = await OrderStore.open(url)
    await store.place_order("room-a", "k1", _cart("coffee"), None)
    async with store.engine.begin() as connection:
        await connection.run_sync(lambda c: _downgrade_to(c, "0001"))
    await store.close()
    upgraded = await OrderStore.open(url)
    try:
        orders = await upgraded.orders_in((OrderStatus.NEW,))
        assert [o.order_number for o in orders] == [1]
        assert orders[0].payment_status is PaymentStatus.UNPAID
    finally:
        await upgraded.close()


def _downgrade_to(connection: Any, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from agent.store.store import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_a_database_that_does_not_answer_is_store_unavailable(unused_tcp_port: int) -> None:
    """Nothing listens on the port: every call the agent makes says so as StoreUnavailable (a
    StoreError), never as the driver's own exception, and names no customer data."""
    url = f"postgresql+asyncpg://kiosk@127.0.0.1:{unused_tcp_port}/orders"
    store = await OrderStore.open(url, migrate=False)
    cart = _cart("cheeseburger")
    try:
        calls = (
            store.place_order("room-a", "k1", cart, "Ada Lovelace"),
            store.save_open_cart("room-a", "k1", cart, "Ada Lovelace"),
            store.load_open_cart("room-a"),
            store.delete_open_cart("room-a"),
        )
        for call in calls:
            with pytest.raises(StoreUnavailable) as excinfo:
                await call
            assert "did not answer" in str(excinfo.value)
            assert "Ada" not in str(excinfo.value)
    finally:
        await store.close()
