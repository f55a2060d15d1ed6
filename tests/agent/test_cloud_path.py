"""The cloud model's side, without a network: the tools it is offered carry the menu's ids as
enums, and recorded tool-call sequences of the kind a model produces run through the real tools
and the real desk, which hold it to the same rules (caps, availability, the confirmation gate)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from livekit.agents import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions, NotGivenOr, llm
from livekit.agents.llm import ChatContext, FunctionTool, RawFunctionTool, Tool, ToolChoice
from livekit.agents.types import NOT_GIVEN

from agent.core.menu import load_menu
from agent.ordering.assistant import OrderingAgent
from agent.store import OrderStore
from agent.tools import ALL_TOOLS, session_tools
from agent.tools.menu_bound import menu_schema
from tests.agent.conftest import open_conversation, reply_text
from tests.menus import ROOT, bundled

Script = list[list[tuple[str, dict[str, Any]]]]


class RecordedModel(llm.LLM[None]):
    """Replays, for the n-th customer utterance, the n-th recorded list of tool calls, then
    says the tool results back (as a model would after calling them)."""

    def __init__(self, script: Script) -> None:
        super().__init__()
        self.script = script

    def chat(
        self,
        *,
        chat_ctx: ChatContext,
        tools: list[Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        parallel_tool_calls: NotGivenOr[bool] = NOT_GIVEN,
        tool_choice: NotGivenOr[ToolChoice] = NOT_GIVEN,
        extra_kwargs: NotGivenOr[dict[str, Any]] = NOT_GIVEN,
    ) -> llm.LLMStream:
        return _Replay(self, chat_ctx=chat_ctx, tools=tools or [], conn_options=conn_options)


class _Replay(llm.LLMStream):
    async def _run(self) -> None:
        model = self._llm
        assert isinstance(model, RecordedModel)
        items = self._chat_ctx.items
        users = [
            i for i, item in enumerate(items) if item.type == "message" and item.role == "user"
        ]
        outputs = [item for item in items[users[-1] :] if item.type == "function_call_output"]
        request = uuid.uuid4().hex
        if outputs:
            text = " ".join(o.output for o in outputs)
            self._event_ch.send_nowait(
                llm.ChatChunk(id=request, delta=llm.ChoiceDelta(role="assistant", content=text))
            )
            return
        calls = model.script[len(users) - 1]
        self._event_ch.send_nowait(
            llm.ChatChunk(
                id=request,
                delta=llm.ChoiceDelta(
                    role="assistant",
                    tool_calls=[
                        llm.FunctionToolCall(
                            name=name, arguments=json.dumps(args), call_id=uuid.uuid4().hex[:12]
                        )
                        for name, args in calls
                    ],
                ),
            )
        )


def test_the_model_is_offered_the_menus_ids_as_enums() -> None:
    coffee = load_menu(ROOT / "tests" / "conversations" / "menus" / "coffee_bar.yaml")
    schemas: dict[str, dict[str, Any]] = {}
    for menu in (bundled(), coffee):
        schemas = {
            tool.info.name: menu_schema(tool, menu)
            for tool in ALL_TOOLS
            if isinstance(tool, FunctionTool)
        }
        add = schemas["add_item_to_order"]["parameters"]["properties"]
        item_enum = next(b for b in [add["item_name"]] if "enum" in b)["enum"]
        assert item_enum == sorted(item.id for item in menu.items())
        size_enum = next(b["enum"] for b in add["size"]["anyOf"] if "enum" in b)
        assert set(size_enum) == {s.id for item in menu.items() for s in item.sizes}
        modifiers = next(b for b in add["modifiers"]["anyOf"] if b.get("type") == "array")
        assert set(modifiers["items"]["enum"]) == {
            m.id for item in menu.items() for m in item.modifiers
        }
        assert add["quantity"]["maximum"] == 20 and add["quantity"]["minimum"] == 1
        replace = schemas["replace_item"]["parameters"]["properties"]
        assert "enum" in replace["new_item_name"]
        category = schemas["get_menu_items"]["parameters"]["properties"]["category"]
        assert category["enum"] == ["all", *(c.id for c in menu.categories)]
    offered = {
        tool.info.name
        for tool in OrderingAgent(bundled(), session_tools(bundled()), greet=False).tools
        if isinstance(tool, RawFunctionTool)
    }
    assert offered == set(schemas)


async def test_a_model_that_places_after_a_no_is_refused_until_a_yes(store: OrderStore) -> None:
    script: Script = [
        [("add_item_to_order", {"item_name": "cheeseburger", "quantity": 2})],
        [("review_order", {})],
        [("place_order", {})],  # the customer said no: the model places anyway
        [("update_quantity", {"item_name": "cheeseburger", "quantity": 1}), ("review_order", {})],
        [("place_order", {})],
    ]
    async with open_conversation(bundled(), store, RecordedModel(script)) as convo:
        await convo.say("two cheeseburgers")
        await convo.say("that's all")
        refused = await convo.say("no, just one")
        nothing = convo.desk.last_order
        assert nothing is None
        assert "Not placed" in reply_text(refused)
        await convo.say("make it one cheeseburger")
        placed = await convo.say("yes please")
        order = convo.desk.last_order
        assert order is not None, reply_text(placed)
        assert [(line.item_id, line.quantity) for line in order.lines] == [("cheeseburger", 1)]


async def test_a_model_that_skips_the_read_back_or_breaks_the_menu_changes_nothing(
    store: OrderStore,
) -> None:
    script: Script = [
        [("add_item_to_order", {"item_name": "coke", "size": "large", "quantity": 1})],
        [("place_order", {})],  # no read-back
        [("add_item_to_order", {"item_name": "pizza", "quantity": 1})],  # not on the menu
        [("add_item_to_order", {"item_name": "coke", "size": "large", "quantity": 50})],
        [("add_item_to_order", {"item_name": "lobster_roll", "quantity": 1})],  # sold out
        [("add_item_to_order", {"item_name": "coke", "size": "venti", "quantity": 1})],
    ]
    async with open_conversation(bundled(), store, RecordedModel(script)) as convo:
        await convo.say("a large coke")
        before = (convo.desk.cart.lines, convo.desk.cart.version)
        for utterance, expected in (
            ("place it", "Not placed"),
            ("and a pizza", "don't have"),
            ("fifty more cokes", "from 1 to 20"),
            ("a lobster roll", "sold out"),
            ("a venti coke", "comes in"),
        ):
            result = await convo.say(utterance)
            assert expected in reply_text(result), reply_text(result)
            assert (convo.desk.cart.lines, convo.desk.cart.version) == before
        assert convo.desk.last_order is None
