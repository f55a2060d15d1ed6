"""Persistence on a real SQLite file: order numbers, idempotent placing, resumable carts."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from agent.core.cart import Cart
from agent.core.menu import Menu
from agent.store import OrderStore, StoreError, default_database_url
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
def db_url(tmp_path: Path) -> str:
    return default_database_url(tmp_path / "data")


async def test_migrations_create_the_schema(db_url: str, tmp_path: Path) -> None:
    store = await OrderStore.open(db_url)
    await store.close()
    with sqlite3.connect(tmp_path / "data" / "kiosk.db") as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master where type='table'")}
        version = db.execute("select version_num from alembic_version").fetchone()
    assert {"orders", "order_lines", "open_carts", "alembic_version"} <= tables
    assert version == ("0001",)
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
