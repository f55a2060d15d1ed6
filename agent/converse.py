"""`kiosk-agent converse`: a text conversation with the real agent (same tools, LLM choice and
store) without audio or a LiveKit server. One utterance per input line, one JSON line per turn:
`{"user", "agent", "tool_calls": [{"name", "arguments"}], "cart"}`; then
`{"final": {"cart", "placed_order"}}`.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import AsyncIterator, Callable
from typing import Any

from livekit.agents import AgentSession
from livekit.agents.voice.run_result import ChatMessageEvent, FunctionCallEvent, RunResult

from agent.core.menu import Menu
from agent.core.settings import AgentSettings
from agent.ordering import OrderDesk
from agent.ordering.assistant import OrderingAgent
from agent.providers.llm_choice import build_llm
from agent.store import OrderStore, PlacedOrder, default_database_url
from agent.tools import session_tools

CONVERSE_KIOSK_ID = "converse"


def turn_record(user: str, result: RunResult[Any], desk: OrderDesk) -> dict[str, Any]:
    agent_text: list[str] = []
    tool_calls: list[dict[str, Any]] = []
    for event in result.events:
        if isinstance(event, ChatMessageEvent) and event.item.role == "assistant":
            agent_text.append(event.item.text_content or "")
        elif isinstance(event, FunctionCallEvent):
            try:
                arguments = json.loads(event.item.arguments or "{}")
            except json.JSONDecodeError:
                arguments = event.item.arguments
            tool_calls.append({"name": event.item.name, "arguments": arguments})
    return {
        "user": user,
        "agent": " ".join(t for t in agent_text if t),
        "tool_calls": tool_calls,
        "cart": desk.cart_snapshot().model_dump(),
    }


def placed_record(placed: PlacedOrder | None, desk: OrderDesk) -> dict[str, Any] | None:
    if placed is None:
        return None
    return {
        **desk.placed_message(placed).model_dump(),
        "business_date": placed.business_date.isoformat(),
        "kiosk_id": placed.kiosk_id,
    }


async def converse(
    settings: AgentSettings,
    menu: Menu,
    lines: AsyncIterator[str],
    emit: Callable[[dict[str, Any]], None],
) -> PlacedOrder | None:
    """Runs the conversation; returns the last order placed in it (if any)."""
    url = settings.database_url or default_database_url(settings.data_dir)
    store = await OrderStore.open(url)
    try:
        return await run_conversation(settings, menu, store, lines, emit)
    finally:
        await store.close()


async def run_conversation(
    settings: AgentSettings,
    menu: Menu,
    store: OrderStore,
    lines: AsyncIterator[str],
    emit: Callable[[dict[str, Any]], None],
    *,
    end_when_placed: bool = False,
) -> PlacedOrder | None:
    """One conversation on an open store. With `end_when_placed` it stops at the first order
    placed, as the kiosk does (its confirmation screen ends the session)."""
    desk = OrderDesk(
        menu,
        session_key=f"converse-{secrets.token_hex(8)}",
        kiosk_id=CONVERSE_KIOSK_ID,
        store=store,
    )
    async with AgentSession[OrderDesk](
        llm=build_llm(settings, menu, desk), userdata=desk
    ) as session:
        await session.start(OrderingAgent(menu, session_tools(menu), greet=False))
        async for raw in lines:
            text = raw.strip()
            if not text:
                continue
            result: RunResult[Any] = await session.run(user_input=text)
            emit(turn_record(text, result, desk))
            if end_when_placed and desk.last_order is not None:
                break
    emit(
        {
            "final": {
                "cart": desk.cart_snapshot().model_dump(),
                "placed_order": placed_record(desk.last_order, desk),
            }
        }
    )
    return desk.last_order


async def stdin_lines() -> AsyncIterator[str]:
    for line in sys.stdin:
        yield line


def print_json(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, separators=(",", ":")) + "\n")
    sys.stdout.flush()
