"""Nothing is lost when the agent goes away mid-order: the kiosk starts a new room naming its
previous one, and the new agent continues the cart saved under it."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from agent.core.protocol import CartSnapshot
from kiosk.events import AgentLeft, CartUpdated, SessionEvent
from kiosk.localstack import LocalStack
from kiosk.session import OrderSession
from tests.integration.conftest import session_config

pytestmark = pytest.mark.integration


async def cart_where(session: OrderSession, wanted: Callable[[CartSnapshot], bool]) -> CartSnapshot:
    """The session's cart once it satisfies `wanted` (now, or when a snapshot arrives)."""
    if session.cart is not None and wanted(session.cart):
        return session.cart

    def matches(event: SessionEvent) -> bool:
        return isinstance(event, CartUpdated) and wanted(event.snapshot)

    event = await session.next_event(matches)
    assert isinstance(event, CartUpdated)
    return event.snapshot


async def test_a_new_agent_continues_the_order(livekit_server_bin: Path, tmp_path: Path) -> None:
    stack = LocalStack(tmp_path / "logs", agent_env={"DATA_DIR": str(tmp_path / "data")})
    with stack:
        config = session_config(stack, "resume", agent_join_timeout=60)
        first = OrderSession(config)
        await first.start()
        await first.wait_for_agent()
        async with asyncio.timeout(30):
            await cart_where(first, lambda _cart: True)
        await first.add_item("cheeseburger", qty=2, modifiers=("no_onions",))
        reply = await first.add_item("coke", size="large")
        assert reply.snapshot is not None and len(reply.snapshot.lines) == 2
        lost = asyncio.ensure_future(first.next_event(lambda e: isinstance(e, AgentLeft)))
        await asyncio.to_thread(stack.stop_worker)
        async with asyncio.timeout(30):
            await lost
        await first.close()

        await asyncio.to_thread(stack.restart_worker)
        second = OrderSession(dataclasses.replace(config, resume_room=first.room_name))
        await second.start()
        await second.wait_for_agent()
        async with asyncio.timeout(30):
            resumed = await cart_where(second, lambda cart: bool(cart.lines))
        assert second.room_name != first.room_name
        assert [(line.item_id, line.qty, line.size, line.modifiers) for line in resumed.lines] == [
            ("cheeseburger", 2, None, ("no onions",)),
            ("coke", 1, "Large", ()),
        ]
        assert resumed.total_cents == reply.snapshot.total_cents
        await second.close()
