"""The ordering agent: its instructions for the LLM and its greeting; the tools it holds are
given by the floor above (agent.tools), which also reaches the desk."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterable
from typing import Protocol

from livekit import rtc
from livekit.agents import Agent, ModelSettings, llm, stt
from livekit.agents.types import FlushSentinel

from agent.core.menu import Menu
from agent.ordering import OrderDesk
from agent.ordering.menu_speech import price_phrase

RULES = """\
You are the voice of {restaurant}'s self-order kiosk. Customers talk to you at a touchscreen
that shows their order as it changes.

How to talk: short, warm, spoken sentences. No lists, no markdown, no emoji. Say prices as
the tools give them. Never invent items, prices or totals: prices and totals come only from
the tools.

How to take the order:
- Use add_item_to_order for every item the customer orders, once per distinct item (for "two
  burgers, one without onions" call it twice: one plain, one with "no onions"). Pass the size
  and modifiers as the customer said them. If a tool asks a question (a size, which item),
  ask the customer exactly that.
- Use remove_item (or only some of a line), update_quantity, change_item (size or options of
  an item already ordered) and replace_item (one item for another) for changes,
  view_current_order when they ask what they have or what it costs, and the menu tools for
  questions about the menu.
- When the customer is done, call review_order: it reads the order back and asks whether to
  place it. Only when the customer answers that read-back with a clear yes, call place_order,
  and tell them their order number and to pay at the counter. If they say no, hesitate or ask
  for a change, make the change and call review_order again. place_order is checked in code
  and refuses anything else.
- If they give their name, call set_customer_name. If they want to start over, cancel_order.
- The touchscreen may also change the order; such changes appear as notes in the conversation.

The menu (sold-out items are marked):
{menu}
"""


def menu_listing(menu: Menu) -> str:
    lines = []
    for category in menu.categories:
        entries = []
        for item in category.items:
            entry = f"{item.name} ({price_phrase(item, menu.restaurant.currency)})"
            if not item.available:
                entry += " SOLD OUT"
            entries.append(entry)
        lines.append(f"{category.name}: " + "; ".join(entries))
    return "\n".join(lines)


def instructions_for(menu: Menu) -> str:
    return RULES.format(restaurant=menu.restaurant.name, menu=menu_listing(menu))


def greeting_for(menu: Menu) -> str:
    return f"Hi, welcome to {menu.restaurant.name}! What can I get for you today?"


class PipelineObserver(Protocol):
    """Told when the LLM's first output and the TTS's first audio of a reply appear."""

    def llm_first_token(self) -> None: ...

    def tts_first_audio(self) -> None: ...


class OrderingAgent(Agent):
    def __init__(
        self,
        menu: Menu,
        tools: list[llm.Tool | llm.Toolset],
        *,
        greet: bool = True,
        observer: PipelineObserver | None = None,
    ) -> None:
        super().__init__(instructions=instructions_for(menu), tools=tools)
        self._greeting = greeting_for(menu) if greet else None
        self._observer = observer

    async def llm_node(
        self, chat_ctx: llm.ChatContext, tools: list[llm.Tool], model_settings: ModelSettings
    ) -> AsyncGenerator[llm.ChatChunk | str | FlushSentinel, None]:
        self._hear_customer(chat_ctx)
        first = True
        async for chunk in Agent.default.llm_node(self, chat_ctx, tools, model_settings):
            if first and self._observer is not None:
                self._observer.llm_first_token()
            first = False
            yield chunk

    async def stt_node(
        self, audio: AsyncIterable[rtc.AudioFrame], model_settings: ModelSettings
    ) -> AsyncGenerator[stt.SpeechEvent | str, None]:
        """The framework's recognition, with how sure the recogniser was of each final
        transcript told to the desk (the understanding asks "Did you say …?" when unsure)."""
        async for event in Agent.default.stt_node(self, audio, model_settings):
            if (
                isinstance(event, stt.SpeechEvent)
                and event.type is stt.SpeechEventType.FINAL_TRANSCRIPT
                and event.alternatives
            ):
                desk = self.session.userdata
                if isinstance(desk, OrderDesk):
                    heard = event.alternatives[0]
                    desk.note_heard(heard.text, heard.confidence)
            yield event

    async def tts_node(
        self, text: AsyncIterable[str], model_settings: ModelSettings
    ) -> AsyncGenerator[rtc.AudioFrame, None]:
        first = True
        async for frame in Agent.default.tts_node(self, text, model_settings):
            if first and self._observer is not None:
                self._observer.tts_first_audio()
            first = False
            yield frame

    def _hear_customer(self, chat_ctx: llm.ChatContext) -> None:
        """The desk hears each customer utterance before any model acts on it: its answer to a
        read-back opens or closes the confirmation gate, whichever LLM runs."""
        user_messages = [
            item for item in chat_ctx.items if item.type == "message" and item.role == "user"
        ]
        if not user_messages:
            return
        desk = self.session.userdata
        if isinstance(desk, OrderDesk):
            desk.hear_customer(len(user_messages) - 1, user_messages[-1].text_content or "")

    async def on_enter(self) -> None:
        if self._greeting:
            self.session.say(self._greeting, allow_interruptions=True)

    async def note_touch_change(self, note: str) -> None:
        """Tells the LLM what the customer changed on the touchscreen, so the conversation and
        the screen agree ("removed 1 Coke; the order total is now 20.64")."""
        chat_ctx = self.chat_ctx.copy()
        chat_ctx.add_message(role="system", content=f"Touchscreen update: the customer {note}.")
        await self.update_chat_ctx(chat_ctx)
