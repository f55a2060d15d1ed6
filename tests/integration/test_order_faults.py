"""Placing survives the database going down and the customer's own hurry, on a real
livekit-server, worker and PostgreSQL: the customer is told plainly, nothing is lost, and each
order is stored exactly once with the lines the customer saw."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from agent.ordering.desk import ORDER_SYSTEM_DOWN
from agent.store import OrderStore, PlacedOrder
from kiosk.localstack import LocalStack
from kiosk.session import OrderSession
from tests.integration.conftest import session_config
from tests.postgres import PostgresServer, running_postgres

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def database(postgres: PostgresServer) -> str:
    return postgres.create_database()


@pytest.fixture(scope="module")
def stack(
    livekit_server_bin: Path, tmp_path_factory: pytest.TempPathFactory, database: str
) -> Iterator[LocalStack]:
    with LocalStack(
        tmp_path_factory.mktemp("stack-logs"), agent_env={"DATABASE_URL": database}
    ) as running:
        yield running


@pytest.fixture
async def session(stack: LocalStack) -> AsyncIterator[OrderSession]:
    order_session = OrderSession(session_config(stack, "faults-kiosk", agent_join_timeout=60))
    await order_session.start()
    await order_session.wait_for_agent()
    yield order_session
    await order_session.close()


async def orders_today(database: str) -> list[PlacedOrder]:
    store = await OrderStore.open(database, migrate=False)
    try:
        return await store.orders_on(dt.date.today())
    finally:
        await store.close()


def lines_of(order: PlacedOrder) -> list[tuple[str, int]]:
    return sorted((line.item_id, line.quantity) for line in order.lines)


async def test_the_database_down_at_placing_loses_nothing_and_stores_the_order_once(
    session: OrderSession, postgres: PostgresServer, database: str
) -> None:
    before = len(await orders_today(database))
    assert (await session.add_item("coffee", modifiers=("oat_milk",))).ok
    assert (await session.add_item("brownie_sundae", qty=2)).ok
    assert session.cart is not None
    seen = session.cart
    postgres.pause()
    try:
        refused = await session.place_order()
        assert not refused.ok and refused.error == ORDER_SYSTEM_DOWN
        # the customer's cart is untouched, on the kiosk and at the agent
        again = await session.refresh_cart()
        assert again.ok and again.snapshot is not None
        assert again.snapshot.lines == seen.lines and again.snapshot.status == "open"
    finally:
        postgres.resume()
    placed = await session.place_order()
    assert placed.ok and placed.order_number is not None
    # the kiosk asking again for the cart it showed (a retry after a lost reply) is that order
    again = json.loads(await session.call_raw("order.place", json.dumps({"seq": seen.seq})))
    assert again["order_number"] == placed.order_number
    stored = await orders_today(database)
    assert len(stored) == before + 1
    (order,) = [o for o in stored if o.order_number == placed.order_number]
    assert lines_of(order) == [("brownie_sundae", 2), ("coffee", 1)]


async def test_a_double_tap_and_a_replayed_place_make_one_order(
    session: OrderSession, database: str
) -> None:
    before = len(await orders_today(database))
    assert (await session.add_item("coffee")).ok
    assert session.cart is not None
    seq = session.cart.seq
    taps = await asyncio.gather(*(session.place_order() for _ in range(3)))
    numbers = {tap.order_number for tap in taps if tap.ok}
    assert len(numbers) == 1 and None not in numbers
    replayed = json.loads(await session.call_raw("order.place", json.dumps({"seq": seq})))
    assert replayed["order_number"] in numbers
    assert len(await orders_today(database)) == before + 1


async def test_a_place_racing_a_touch_edit_stores_exactly_what_the_customer_saw(
    session: OrderSession, database: str
) -> None:
    """The place carries the cart the customer saw (its seq): if the edit reached the agent
    first, the place is refused as changed and nothing is stored; if the place came first, the
    order holds the lines seen and the edit starts the next order. Never a mix."""
    for _round in range(3):
        before = {o.order_number for o in await orders_today(database)}
        assert (await session.add_item("coffee")).ok
        assert session.cart is not None
        seen = sorted((line.item_id, line.qty) for line in session.cart.lines)
        placed, added = await asyncio.gather(
            session.place_order(), session.add_item("brownie_sundae")
        )
        assert added.ok
        new = [o for o in await orders_today(database) if o.order_number not in before]
        if placed.ok:
            assert [o.order_number for o in new] == [placed.order_number]
            assert lines_of(new[0]) == seen
            assert added.snapshot is not None and added.snapshot.status == "open"
        else:
            assert "changed" in (placed.error or "") and new == []
            assert session.cart is not None
            assert ("brownie_sundae", 1) in [(x.item_id, x.qty) for x in session.cart.lines]
        # whatever is open now is placed, so the next round starts from an empty cart
        if session.cart is not None and session.cart.lines and session.cart.status == "open":
            assert (await session.place_order()).ok
