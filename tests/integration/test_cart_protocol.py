"""The cart protocol over a real livekit-server and worker: typed turns produce snapshots at
the kiosk, and touch RPCs are validated (caller, types, ranges, lines) and idempotent."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from livekit import api, rtc

from kiosk.events import CartUpdated, OrderConfirmed, SessionEvent
from kiosk.localstack import LocalStack
from kiosk.session import OrderSession
from tests.integration.conftest import run_sim, session_config

pytestmark = pytest.mark.integration


def test_typed_order_reaches_the_kiosk_as_snapshots(local_stack: LocalStack) -> None:
    run = run_sim(
        local_stack,
        "--type",
        "two cheeseburgers, one without onions, and a large coke",
        "--type",
        "that's all",
        "--type",
        "yes",
    )
    assert run.returncode == 0, run.stderr
    (menu,) = run.of("menu")  # what this session sells, sent once before the first snapshot
    assert menu["version"] == "file" and menu["items"]["cheeseburger"] > 0
    carts = run.of("cart")
    seqs = [c["seq"] for c in carts]
    assert seqs == sorted(set(seqs)), "snapshots must arrive in order, each once"
    open_carts = [c for c in carts if c["status"] == "open"]
    last_open = open_carts[-1]
    assert [
        (line["name"], line["qty"], line["size"], line["modifiers"]) for line in last_open["lines"]
    ] == [
        ("Cheeseburger", 1, None, []),
        ("Cheeseburger", 1, None, ["no onions"]),
        ("Coke", 1, "Large", []),
    ]
    assert last_open["total_cents"] == 2389
    (placed,) = run.of("order_placed")
    assert placed["total_cents"] == 2389 and placed["order_number"] >= 1
    assert carts[-1]["status"] == "placed" and carts[-1]["order_number"] == placed["order_number"]
    turns = run.of("turn")
    assert "Shall I place the order?" in turns[1]["agent"][-1]
    assert f"order number is {placed['order_number']}" in turns[2]["agent"][-1]


@pytest.fixture
async def session(local_stack: LocalStack) -> AsyncIterator[OrderSession]:
    order_session = OrderSession(session_config(local_stack, "rpc-test", agent_join_timeout=30))
    await order_session.start()
    await order_session.wait_for_agent()  # and its first cart snapshot: it serves RPCs
    assert order_session.cart is not None
    yield order_session
    await order_session.close()


async def test_touch_edits_are_validated_and_applied(session: OrderSession) -> None:
    events: list[SessionEvent] = []
    session.add_listener(events.append)
    reply = await session.add_item("cheeseburger", qty=2, modifiers=("no_onions",))
    assert reply.ok and reply.snapshot is not None
    (line,) = reply.snapshot.lines
    assert (line.item_id, line.qty, line.modifiers) == ("cheeseburger", 2, ("no onions",))

    refusals = [
        await session.set_quantity(line.line_id, 21),
        await session.set_quantity("L99", 2),
        await session.remove_line("L99"),
        await session.add_item("coke"),
        await session.add_item("lobster_roll"),
        await session.add_item("no_such_item"),
    ]
    assert [r.ok for r in refusals] == [False] * 6
    assert "qty" in (refusals[0].error or "")
    assert "not in the order" in (refusals[1].error or "")
    assert "What size" in (refusals[3].error or "")
    assert "sold out" in (refusals[4].error or "")
    raw = json.loads(await session.call_raw("cart.add_item", '{"item_id": 5, "qty": "2"}'))
    assert raw["ok"] is False and "item_id" in raw["error"]
    assert session.cart is not None and session.cart.seq == reply.snapshot.seq  # unchanged

    changed = await session.set_quantity(line.line_id, 3)
    assert changed.ok and changed.snapshot and changed.snapshot.lines[0].qty == 3
    removed = await session.remove_line(line.line_id)
    assert removed.ok and removed.snapshot and removed.snapshot.lines == ()
    async with asyncio.timeout(10):
        while not any(
            isinstance(e, CartUpdated) and e.snapshot.seq == removed.snapshot.seq for e in events
        ):
            await session.next_event(lambda e: isinstance(e, CartUpdated))


async def test_only_the_sessions_kiosk_may_change_the_order(
    session: OrderSession, local_stack: LocalStack
) -> None:
    assert local_stack.endpoint is not None and session.room_name and session.agent_identity
    token = (
        api.AccessToken(local_stack.endpoint.api_key, local_stack.endpoint.api_secret)
        .with_identity("intruder")
        .with_grants(api.VideoGrants(room_join=True, room=session.room_name))
        .to_jwt()
    )
    intruder = rtc.Room()
    await intruder.connect(local_stack.endpoint.url, token)
    try:
        raw = await intruder.local_participant.perform_rpc(
            destination_identity=session.agent_identity,
            method="cart.add_item",
            payload='{"item_id": "coffee"}',
        )
    finally:
        await intruder.disconnect()
    assert json.loads(raw) == {
        "ok": False,
        "snapshot": None,
        "error": "only this session's kiosk may change the order",
        "order_number": None,
    }
    assert session.cart is not None and session.cart.lines == ()


async def test_placing_by_touch_is_idempotent(session: OrderSession) -> None:
    confirmations: list[OrderConfirmed] = []
    session.add_listener(
        lambda e: confirmations.append(e) if isinstance(e, OrderConfirmed) else None
    )
    empty = await session.place_order()
    assert not empty.ok and "empty" in (empty.error or "")
    await session.add_item("coffee", modifiers=("oat_milk",))
    assert session.cart is not None
    seen_seq = session.cart.seq
    await session.add_item("brownie_sundae")
    stale = await session.call_raw("order.place", json.dumps({"seq": seen_seq}))
    assert "changed" in json.loads(stale)["error"]
    placed = await session.place_order()
    assert placed.ok and placed.order_number is not None
    assert placed.snapshot is not None and placed.snapshot.status == "placed"
    again = await session.call_raw("order.place", json.dumps({"seq": session.cart.seq - 1}))
    assert json.loads(again)["order_number"] == placed.order_number
    async with asyncio.timeout(10):
        while not confirmations:
            await session.next_event(lambda e: isinstance(e, OrderConfirmed))
    assert [c.order.order_number for c in confirmations] == [placed.order_number]
    assert confirmations[0].order.total_cents == placed.snapshot.total_cents
