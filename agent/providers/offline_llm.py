"""The offline LLM: a deterministic `llm.LLM` that turns each customer utterance into the tool
calls a real model would make (through OrderParser) and, once the tools have run, speaks their
results. It never calls a tool twice for one utterance, so there are no tool loops.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from livekit.agents import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions, NotGivenOr, llm
from livekit.agents.llm import ChatContext, FunctionCall, FunctionCallOutput, Tool, ToolChoice
from livekit.agents.types import NOT_GIVEN

from agent.menu import Menu
from agent.order_parser import OrderParser, PastCall, Turn
from agent.ordering import join_words

CHANGE_VERBS = ("Added ", "Removed ", "Changed to ")
FOLLOW_UP = "Anything else?"


class OfflineOrderLLM(llm.LLM[None]):
    def __init__(self, menu: Menu) -> None:
        super().__init__()
        self._parser = OrderParser(menu)

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
            parser=self._parser,
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
    for index, item in enumerate(items):
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
                past.append(PastCall(call.name, arguments, item.output, item.is_error))
        elif item.type == "message" and item.role == "assistant" and index < last_user:
            last_agent_text = item.text_content or ""
    message = items[last_user]
    text = message.text_content if message.type == "message" else ""
    return Turn(text or "", last_agent_text, tuple(past)), answered


def speak_results(answered: list[tuple[FunctionCall, FunctionCallOutput]]) -> str:
    """One short spoken reply from this turn's tool results: changes are merged into one
    sentence ("Added A, B and C"), the latest total is kept, other results are said as they are."""
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
    clauses = [f"{verb}{join_words(things)}" for verb, things in changes]
    clauses = [clauses[0], *(c[0].lower() + c[1:] for c in clauses[1:])] if clauses else []
    # what changed and the new total first; a question the tools asked comes last
    parts = [join_words(clauses) + "." if clauses else "", total, *said]
    reply = " ".join(p for p in parts if p)
    if changes and "?" not in reply:
        reply += f" {FOLLOW_UP}"
    return reply


class OfflineLLMStream(llm.LLMStream):
    def __init__(
        self,
        offline_llm: OfflineOrderLLM,
        *,
        parser: OrderParser,
        chat_ctx: ChatContext,
        tools: list[Tool],
        conn_options: APIConnectOptions,
    ) -> None:
        super().__init__(offline_llm, chat_ctx=chat_ctx, tools=tools, conn_options=conn_options)
        self._parser = parser

    async def _run(self) -> None:
        request_id = uuid.uuid4().hex
        turn, answered = read_turn(self._chat_ctx)
        if answered:
            self._send_text(request_id, speak_results(answered))
            return
        if turn is None:
            return
        decision = self._parser.decide(turn)
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
