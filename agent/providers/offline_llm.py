"""The offline LLM: a deterministic `llm.LLM` that turns each customer utterance into the tool
calls a real model would make (through the order understanding's Planner) and, once the tools
have run, speaks their results. It never calls a tool twice for one utterance, so there are no
tool loops. It reads the cart and the confirmation gate's reading of the utterance from the
session's OrderDesk, as a model reads them from its context.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Protocol

from livekit.agents import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions, NotGivenOr, llm
from livekit.agents.llm import ChatContext, FunctionCall, FunctionCallOutput, Tool, ToolChoice
from livekit.agents.types import NOT_GIVEN

from agent.core.menu import Menu
from agent.core.phrasing import join_words
from agent.understanding import (
    Answer,
    CartView,
    Decision,
    MenuLexicon,
    PastCall,
    Planner,
    Turn,
)

CHANGE_VERBS = ("Added ", "Removed ", "Changed to ")
FOLLOW_UP = "Anything else?"


class DeskView(Protocol):
    """What the offline model reads from the session's ordering desk, as a model reads its
    context: the cart, how the last utterance answered a read-back, the recogniser's confidence."""

    def cart_view(self) -> CartView: ...

    @property
    def last_answer(self) -> Answer | None: ...

    def confidence_of(self, text: str) -> float | None: ...


class OfflineOrderLLM(llm.LLM[None]):
    """One per session: the planner remembers the question it asked last."""

    def __init__(self, menu: Menu, desk: DeskView | None = None) -> None:
        super().__init__()
        self._planner = Planner(MenuLexicon.of(menu))
        self._desk = desk
        self._follow_ups: dict[tuple[int, str], str] = {}

    def decide(self, turn: Turn) -> Decision:
        desk = self._desk
        cart = desk.cart_view() if desk is not None else CartView()
        answer = desk.last_answer if desk is not None else None
        confidence = desk.confidence_of(turn.text) if desk is not None else None
        decision = self._planner.decide(turn, cart, answer, confidence)
        if decision.calls and decision.reply:
            self._follow_ups = {(turn.index, turn.text): decision.reply}
        return decision

    def follow_up(self, turn: Turn) -> str | None:
        return self._follow_ups.get((turn.index, turn.text))

    @property
    def model(self) -> str:
        return "offline-order-parser"

    @property
    def provider(self) -> str:
        return "voice-kiosk"

    def chat(
        self,
        *,
        chat_ctx: ChatContext,
        tools: list[Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        parallel_tool_calls: NotGivenOr[bool] = NOT_GIVEN,
        tool_choice: NotGivenOr[ToolChoice] = NOT_GIVEN,
        extra_kwargs: NotGivenOr[dict[str, Any]] = NOT_GIVEN,
    ) -> OfflineLLMStream:
        return OfflineLLMStream(
            self,
            chat_ctx=chat_ctx,
            tools=tools or [],
            conn_options=conn_options,
        )


def _tool_names(tools: list[Tool]) -> set[str]:
    names = set()
    for tool in tools:
        info = getattr(tool, "info", None)
        name = getattr(info, "name", None)
        if isinstance(name, str):
            names.add(name)
    return names


def read_turn(
    chat_ctx: ChatContext,
) -> tuple[Turn | None, list[tuple[FunctionCall, FunctionCallOutput]]]:
    """The customer's latest utterance with its history, and the tool results that already
    answer it (non-empty when this is the second call of a turn)."""
    items = chat_ctx.items
    last_user = max(
        (i for i, item in enumerate(items) if item.type == "message" and item.role == "user"),
        default=None,
    )
    if last_user is None:
        return None, []
    calls: dict[str, FunctionCall] = {}
    past: list[PastCall] = []
    answered: list[tuple[FunctionCall, FunctionCallOutput]] = []
    last_agent_text = ""
    earlier_user_turns = sum(
        1 for item in items[:last_user] if item.type == "message" and item.role == "user"
    )
    said = 0  # customer utterances so far
    for index, item in enumerate(items):
        if item.type == "message" and item.role == "user":
            said += 1
        if item.type == "function_call":
            calls[item.call_id] = item
        elif item.type == "function_call_output":
            call = calls.get(item.call_id)
            if call is None:
                continue
            if index > last_user:
                answered.append((call, item))
            else:
                try:
                    arguments = json.loads(call.arguments or "{}")
                except json.JSONDecodeError:
                    arguments = {}
                past.append(
                    PastCall(call.name, arguments, item.output, item.is_error, turn=said - 1)
                )
        elif item.type == "message" and item.role == "assistant" and index < last_user:
            last_agent_text = item.text_content or ""
    message = items[last_user]
    text = message.text_content if message.type == "message" else ""
    return Turn(text or "", last_agent_text, tuple(past), earlier_user_turns), answered


def speak_results(
    answered: list[tuple[FunctionCall, FunctionCallOutput]], follow_up: str | None = None
) -> str:
    """One short spoken reply from this turn's tool results: changes are merged into one
    sentence ("Added A, B and C"), the latest total is kept (unless the order is read back
    anyway), other results are said as they are, and a question the understanding has comes
    last."""
    changes: list[tuple[str, list[str]]] = []  # (verb, things) in the order they happened
    said: list[str] = []
    total = ""
    for _call, output in answered:
        text = output.output.strip()
        verb = next((v for v in CHANGE_VERBS if text.startswith(v)), None)
        if output.is_error or verb is None:
            said.append(text)
            continue
        first, _, rest = text.partition(". ")
        thing = first[len(verb) :].rstrip(".")
        if changes and changes[-1][0] == verb and verb != "Changed to ":
            changes[-1][1].append(thing)
        else:
            changes.append((verb, [thing]))
        if rest:
            total = rest.strip()
    said = list(dict.fromkeys(said))  # "what size for the tea?" once for a split's two parts
    clauses = [f"{verb}{join_words(things)}" for verb, things in changes]
    clauses = [clauses[0], *(c[0].lower() + c[1:] for c in clauses[1:])] if clauses else []
    if any(text.startswith("You have ") for text in said):
        total = ""
    # what changed and the new total first; a question the tools asked comes last, and an
    # answer the understanding gives ("nothing is added on top") before the read-back
    answer = follow_up if follow_up and not follow_up.rstrip().endswith("?") else ""
    question = "" if answer else follow_up or ""
    parts = [answer, join_words(clauses) + "." if clauses else "", total, *said, question]
    reply = " ".join(p for p in parts if p)
    if changes and "?" not in reply:
        reply += f" {FOLLOW_UP}"
    return reply


class OfflineLLMStream(llm.LLMStream):
    def __init__(
        self,
        offline_llm: OfflineOrderLLM,
        *,
        chat_ctx: ChatContext,
        tools: list[Tool],
        conn_options: APIConnectOptions,
    ) -> None:
        super().__init__(offline_llm, chat_ctx=chat_ctx, tools=tools, conn_options=conn_options)
        self._offline = offline_llm

    async def _run(self) -> None:
        request_id = uuid.uuid4().hex
        turn, answered = read_turn(self._chat_ctx)
        if answered:
            follow_up = self._offline.follow_up(turn) if turn is not None else None
            self._send_text(request_id, speak_results(answered, follow_up))
            return
        if turn is None:
            return
        decision = self._offline.decide(turn)
        available = _tool_names(self._tools)
        calls = [c for c in decision.calls if c.name in available]
        if calls:
            self._event_ch.send_nowait(
                llm.ChatChunk(
                    id=request_id,
                    delta=llm.ChoiceDelta(
                        role="assistant",
                        tool_calls=[
                            llm.FunctionToolCall(
                                name=call.name,
                                arguments=json.dumps(call.arguments),
                                call_id=f"call_{uuid.uuid4().hex[:12]}",
                            )
                            for call in calls
                        ],
                    ),
                )
            )
            return
        self._send_text(request_id, decision.reply or "Sorry, could you say that again?")

    def _send_text(self, request_id: str, text: str) -> None:
        words = text.split(" ")
        for index in range(0, len(words), 4):
            chunk = " ".join(words[index : index + 4])
            if index + 4 < len(words):
                chunk += " "
            self._event_ch.send_nowait(
                llm.ChatChunk(id=request_id, delta=llm.ChoiceDelta(role="assistant", content=chunk))
            )
