"""An AgentSession in text mode with the real agent, tools, offline LLM and a SQLite store."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from livekit.agents import AgentSession, llm
from livekit.agents.voice.run_result import ChatMessageEvent, FunctionCallEvent, RunResult

from agent.core.menu import Menu
from agent.ordering import OrderDesk
from agent.ordering.assistant import OrderingAgent
from agent.providers.offline_llm import OfflineOrderLLM
from agent.store import OrderStore, default_database_url
from agent.tools import session_tools
from tests.menus import bundled


@dataclass
class Conversation:
    session: AgentSession[OrderDesk]
    desk: OrderDesk

    async def say(self, text: str) -> RunResult[Any]:
        result: RunResult[Any] = await self.session.run(user_input=text)
        return result


def reply_text(result: RunResult[Any]) -> str:
    return " ".join(
        e.item.text_content or ""
        for e in result.events
        if isinstance(e, ChatMessageEvent) and e.item.role == "assistant"
    )


def calls_of(result: RunResult[Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (e.item.name, json.loads(e.item.arguments or "{}"))
        for e in result.events
        if isinstance(e, FunctionCallEvent)
    ]


ConversationFactory = Callable[..., Any]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[OrderStore]:
    store = await OrderStore.open(default_database_url(tmp_path / "data"))
    yield store
    await store.close()


@pytest.fixture
async def conversation(store: OrderStore) -> AsyncIterator[Conversation]:
    async with open_conversation(bundled(), store) as convo:
        yield convo


class open_conversation:  # noqa: N801 - used as `async with open_conversation(...)`
    def __init__(
        self, menu: Menu, store: OrderStore | None, model: llm.LLM[Any] | None = None
    ) -> None:
        self._desk = OrderDesk(menu, session_key="test-room", kiosk_id="test", store=store)
        self._session: AgentSession[OrderDesk] = AgentSession(
            llm=model or OfflineOrderLLM(menu, self._desk), userdata=self._desk
        )
        self._menu = menu

    async def __aenter__(self) -> Conversation:
        await self._session.__aenter__()
        await self._session.start(OrderingAgent(self._menu, session_tools(self._menu), greet=False))
        return Conversation(self._session, self._desk)

    async def __aexit__(self, *exc: object) -> None:
        await self._session.__aexit__(None, None, None)
