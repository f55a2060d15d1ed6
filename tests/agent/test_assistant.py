"""The agent's instructions and how touch edits reach the LLM's context."""

from __future__ import annotations

from agent.ordering.assistant import OrderingAgent, greeting_for, instructions_for
from agent.store import OrderStore
from tests.agent.conftest import open_conversation
from tests.menus import bundled, second


def test_instructions_carry_the_rules_and_the_menu() -> None:
    for menu in (bundled(), second()):
        text = instructions_for(menu)
        assert menu.restaurant.name in text
        assert "review_order" in text and "place_order" in text and "clear yes" in text
        for item in menu.items():
            assert item.name in text
        sold_out = [i.name for i in menu.items() if not i.available]
        for name in sold_out:
            assert f"{name} (" in text and "SOLD OUT" in text
    assert greeting_for(bundled()) == "Hi, welcome to Harbor Grill! What can I get for you today?"


async def test_touch_changes_are_told_to_the_llm(store: OrderStore) -> None:
    async with open_conversation(bundled(), store) as convo:
        agent = convo.session.current_agent
        assert isinstance(agent, OrderingAgent)
        await agent.note_touch_change("added 1 Coffee; the order total is now 2.49")
        notes = [
            item.text_content
            for item in agent.chat_ctx.items
            if item.type == "message" and item.role == "system"
        ]
        assert (
            "Touchscreen update: the customer added 1 Coffee; the order total is now 2.49." in notes
        )
