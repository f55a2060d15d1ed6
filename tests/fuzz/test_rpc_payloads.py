"""Hostile RPC payloads to the agent: a clear refusal, never a crash, never a changed order.

The room link's handlers are driven as LiveKit calls them (an `RpcInvocationData` in, the
reply text out) over a real OrderDesk on the bundled menu and a SQLite store; only the room
is a stand-in that records what the link registers and publishes. Every reply must be an
`RpcReply` within LiveKit's response limit; a refused one has a short one-line error and
leaves the snapshot, its seq and the push-to-talk turn exactly as they were.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st
from livekit import rtc

from agent.core.protocol import (
    RPC_ADD_ITEM,
    RPC_END_SESSION,
    RPC_GET_CART,
    RPC_PLACE_ORDER,
    RPC_REMOVE_LINE,
    RPC_SET_QUANTITY,
    RPC_TURN_CANCEL,
    RPC_TURN_END,
    RPC_TURN_START,
    RpcReply,
    TurnMode,
)
from agent.ordering import OrderDesk
from agent.store import OrderStore, default_database_url
from agent.voice.room_link import RoomLink
from agent.voice.turn_timing import TurnClock
from agent.voice.turns import PushToTalk
from tests.fuzz.conftest import FUZZ
from tests.fuzz.strategies import JSON_VALUES, JUNK_TEXT, NUMBERS, junk_payloads, objects_with
from tests.menus import bundled

MENU = bundled()
KIOSK = "kiosk-front"
MAX_RPC_PAYLOAD = 15 * 1024
"""LiveKit refuses a larger RPC response (RESPONSE_PAYLOAD_TOO_LARGE): the kiosk would get
no reason at all."""
MAX_ERROR = 200

RpcHandler = Callable[[rtc.RpcInvocationData], Awaitable[str]]


class FakeLocalParticipant:
    """What RoomLink uses of `room.local_participant`: its RPC table and data sends."""

    def __init__(self) -> None:
        self.handlers: dict[str, RpcHandler] = {}
        self.published: list[tuple[str | None, bytes]] = []

    def register_rpc_method(self, method: str, handler: RpcHandler) -> None:
        self.handlers[method] = handler

    async def publish_data(self, payload: bytes, **options: Any) -> None:
        self.published.append((options.get("topic"), payload))

    async def send_text(self, text: str, **options: Any) -> None:
        pass


class FakeRoom:
    def __init__(self) -> None:
        self.local_participant = FakeLocalParticipant()


class FakeAgentInput:
    def __init__(self, calls: list[str]) -> None:
        self._calls = calls

    def set_audio_enabled(self, enabled: bool) -> None:
        self._calls.append(f"audio={enabled}")


class FakeAgentSession:
    """Records what push-to-talk asks of the AgentSession (a refused turn asks nothing)."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.input = FakeAgentInput(self.calls)

    def interrupt(self) -> None:
        self.calls.append("interrupt")

    def clear_user_turn(self) -> None:
        self.calls.append("clear")

    def commit_user_turn(self, **options: Any) -> None:
        self.calls.append("commit")


class Harness:
    def __init__(self, runner: asyncio.Runner, desk: OrderDesk, room: FakeRoom) -> None:
        self.runner = runner
        self.desk = desk
        self.handlers = room.local_participant.handlers
        self.agent_session = FakeAgentSession()
        self.ended = 0

    def end_session(self) -> None:
        self.ended += 1

    def state(self) -> tuple[Any, ...]:
        desk = self.desk
        return (
            desk.snapshot(),
            desk.seq,
            tuple(desk.cart.lines),
            desk.cart.version,
            desk.last_order,
            desk.customer_name,
            tuple(self.agent_session.calls),
            self.ended,
        )

    def seed(self) -> None:
        """A cart with a few lines to aim at, whatever the previous example left."""
        desk = self.desk
        if 2 <= len(desk.cart.lines) <= 10 and desk.snapshot().status == "open":
            return

        async def refill() -> None:
            await desk.cancel(origin="system")
            await desk.add_item_by_id("cheeseburger", quantity=2, modifier_ids=("no_onions",))
            await desk.add_item_by_id("fries", size_id="large")
            await desk.add_item_by_id("coke", size_id="medium", modifier_ids=("no_ice",))

        self.runner.run(refill())

    def call(self, method: str, payload: str, caller: str = KIOSK) -> RpcReply | None:
        """The reply to one call, checked; None when LiveKit's own RpcError was raised."""
        before = self.state()
        handler = self.handlers[method]
        data = rtc.RpcInvocationData("req-1", caller, payload, 10.0, method=method)

        async def invoke() -> str:
            return await handler(data)

        try:
            raw = self.runner.run(invoke())
        except rtc.RpcError:
            assert self.state() == before
            return None
        assert isinstance(raw, str)
        assert len(raw.encode()) <= MAX_RPC_PAYLOAD, f"reply of {len(raw.encode())} bytes"
        reply = RpcReply.model_validate_json(raw)
        if not reply.ok:
            assert reply.error, "a refusal says why"
            assert "\n" not in reply.error and len(reply.error) <= MAX_ERROR, reply.error
            assert self.state() == before, f"{method} {payload[:80]!r} was refused: {reply.error}"
        if reply.snapshot is not None:
            assert reply.snapshot == self.desk.snapshot()
        if reply.ok and method == RPC_PLACE_ORDER:
            assert reply.order_number is not None
        return reply


@contextmanager
def harness(tmp_path: Path) -> Iterator[Harness]:
    with asyncio.Runner() as runner:
        store = runner.run(OrderStore.open(default_database_url(tmp_path / "data")))
        desk = OrderDesk(MENU, session_key="fuzz-room", kiosk_id="fuzz", store=store)

        room = FakeRoom()
        rig = Harness(runner, desk, room)

        async def connect() -> RoomLink:
            return RoomLink(
                cast(rtc.Room, room), desk, kiosk_identity=KIOSK, on_session_end=rig.end_session
            )

        link = runner.run(connect())
        turns = PushToTalk(
            cast(Any, rig.agent_session),
            TurnClock(TurnMode.PUSH_TO_TALK, publish=lambda metrics: None),
            TurnMode.PUSH_TO_TALK,
        )
        link.register_rpcs(
            extra={
                RPC_TURN_START: turns.start,
                RPC_TURN_END: turns.end,
                RPC_TURN_CANCEL: turns.cancel,
            }
        )
        try:
            yield rig
        finally:
            runner.run(link.aclose())
            runner.run(store.close())


ITEM_IDS = st.sampled_from([item.id for item in MENU.items()] + ["lobster_roll", "nope"])
LINE_IDS = st.sampled_from(["L1", "L2", "L3", "L0", "L999", "l1", " L1", "L1\x00"])
ID_VALUES = st.one_of(ITEM_IDS, LINE_IDS, JUNK_TEXT, NUMBERS, JSON_VALUES)
QTY_VALUES = st.one_of(st.integers(min_value=-3, max_value=25), NUMBERS, JSON_VALUES)
SIZE_VALUES = st.one_of(st.sampled_from(["small", "medium", "large", "cup"]), ID_VALUES)
MODIFIER_VALUES = st.one_of(
    st.lists(st.sampled_from(["no_onions", "no_ice", "add_bacon", "spicy", "x"]), max_size=20),
    JSON_VALUES,
)
FIELDS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    RPC_GET_CART: {},
    RPC_ADD_ITEM: {
        "item_id": ID_VALUES,
        "qty": QTY_VALUES,
        "size": SIZE_VALUES,
        "modifiers": MODIFIER_VALUES,
    },
    RPC_SET_QUANTITY: {"line_id": ID_VALUES, "qty": QTY_VALUES},
    RPC_REMOVE_LINE: {"line_id": ID_VALUES},
    RPC_PLACE_ORDER: {"seq": st.one_of(st.integers(min_value=-3, max_value=40), NUMBERS)},
    RPC_END_SESSION: {},
    RPC_TURN_START: {},
    RPC_TURN_END: {},
    RPC_TURN_CANCEL: {},
}
CALLS = st.sampled_from(sorted(FIELDS)).flatmap(
    lambda method: st.tuples(
        st.just(method), st.one_of(junk_payloads(), objects_with(FIELDS[method]))
    )
)


def test_any_payload_to_any_method_is_answered_and_a_refusal_changes_nothing(
    tmp_path: Path,
) -> None:
    with harness(tmp_path) as rig:
        assert set(rig.handlers) == set(FIELDS)

        @FUZZ
        @given(call=CALLS)
        def check(call: tuple[str, str]) -> None:
            rig.seed()
            method, payload = call
            rig.call(method, payload)

        check()


def test_only_the_sessions_kiosk_may_call(tmp_path: Path) -> None:
    callers = st.one_of(JUNK_TEXT, st.sampled_from(["", "kiosk-front ", "KIOSK-FRONT", "agent"]))
    with harness(tmp_path) as rig:

        @FUZZ
        @given(call=CALLS, caller=callers.filter(lambda c: c != KIOSK))
        def check(call: tuple[str, str], caller: str) -> None:
            rig.seed()
            method, payload = call
            before = rig.state()
            reply = rig.call(method, payload, caller=caller)
            assert reply is not None and not reply.ok
            assert rig.state() == before

        check()


def test_a_stale_or_foreign_seq_never_places(tmp_path: Path) -> None:
    """`order.place` places only the snapshot the kiosk shows now: any other seq is refused."""
    with harness(tmp_path) as rig:

        @FUZZ
        @given(seq=st.one_of(st.integers(min_value=-(2**64), max_value=2**64), NUMBERS))
        def check(seq: Any) -> None:
            rig.seed()
            if seq == rig.desk.seq:
                return
            reply = rig.call(RPC_PLACE_ORDER, json.dumps({"seq": seq}, allow_nan=True))
            assert reply is not None and not reply.ok
            assert rig.desk.last_order is None

        check()


def test_the_breaking_inputs_found_by_fuzzing_are_refused_clearly(tmp_path: Path) -> None:
    """Found here: deep nesting and 5000-digit numbers raised out of the handler (LiveKit's
    bare "Application error"), and an unknown field's name was echoed whole (a 20 kB field
    name made a reply LiveKit cannot send)."""
    with harness(tmp_path) as rig:
        rig.seed()
        for method, payload, reason in [
            (RPC_ADD_ITEM, "[" * 5000, "not JSON"),
            (RPC_SET_QUANTITY, '{"line_id": "L1", "qty": ' + "9" * 5000 + "}", "not JSON"),
            (RPC_REMOVE_LINE, json.dumps({"line_id": "L1", "k" * 20_000: 1}), "Extra inputs"),
            (RPC_ADD_ITEM, json.dumps({"item_id": "coke", "a\nb": 1}), "Extra inputs"),
            (RPC_ADD_ITEM, json.dumps({"item_id": "cheeseburger", "qty": -1}), "qty"),
            (RPC_SET_QUANTITY, json.dumps({"line_id": "L1", "qty": "2"}), "qty"),
        ]:
            reply = rig.call(method, payload)
            assert reply is not None and not reply.ok and reason in (reply.error or "")
