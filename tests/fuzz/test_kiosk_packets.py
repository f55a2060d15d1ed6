"""Hostile data the kiosk receives: dropped (and logged), never raised, never a changed cart.

Drives OrderSession's receive path (`_on_data_received`, the menu stream reader) the way the
rtc SDK calls it, with the agent known to the session and a cart already showing. The oracle
is the protocol itself: only a well-formed snapshot from the agent with a higher seq may
change the cart; anything malformed is dropped with a warning.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from livekit import rtc

from agent.core.protocol import (
    ALIVE_TOPIC,
    CART_TOPIC,
    METRICS_TOPIC,
    CartSnapshot,
    ProtocolError,
    RpcReply,
    WireLine,
    decode_message,
    encode,
)
from kiosk.errors import KioskError
from kiosk.events import CartUpdated, MenuReceived, SessionEvent
from kiosk.session import OrderSession, SessionConfig
from tests.fuzz.conftest import FUZZ
from tests.fuzz.strategies import (
    BROKEN_JSON,
    JSON_VALUES,
    JUNK_TEXT,
    NUMBERS,
    json_text,
)
from tests.menus import BUNDLED_MENU

AGENT = "agent-AJ_1"
SHOWN = CartSnapshot(
    seq=5,
    lines=(
        WireLine(
            line_id="L1",
            item_id="cheeseburger",
            name="Cheeseburger",
            qty=2,
            unit_cents=949,
            line_cents=1898,
        ),
    ),
    subtotal_cents=1898,
    tax_cents=166,
    total_cents=2064,
)


@dataclass
class FakeParticipant:
    identity: str
    kind: int = rtc.ParticipantKind.PARTICIPANT_KIND_AGENT
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class FakePacket:
    data: bytes
    topic: str | None
    participant: FakeParticipant | None
    kind: int = 0


class FakeLocalParticipant:
    def __init__(self) -> None:
        self.reply = RpcReply(ok=True).model_dump_json()

    async def perform_rpc(self, **call: Any) -> str:
        return self.reply


class FakeRoom:
    def __init__(self) -> None:
        self.local_participant = FakeLocalParticipant()
        self.remote_participants = {AGENT: FakeParticipant(AGENT)}

    async def disconnect(self) -> None:
        pass


@dataclass
class FakeStreamInfo:
    stream_id: str
    attributes: dict[str, str]


class FakeTextReader:
    def __init__(self, text: str) -> None:
        self._text = text
        self.info = FakeStreamInfo("stream-1", {"menu_version": "7"})

    async def read_all(self) -> str:
        return self._text


class Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass
class Kiosk:
    runner: asyncio.Runner
    session: OrderSession
    events: list[SessionEvent]
    warnings: Warnings


@contextmanager
def kiosk() -> Iterator[Kiosk]:
    config = SessionConfig(
        url="ws://127.0.0.1:9",
        api_key="devkey",
        api_secret="secret",
        agent_name="kiosk-agent",
        kiosk_id="front",
        token_ttl=dt.timedelta(minutes=15),
    )
    session = OrderSession(config)
    events: list[SessionEvent] = []
    session.add_listener(events.append)
    warnings = Warnings()
    logger = logging.getLogger("kiosk.session")
    logger.addHandler(warnings)
    with asyncio.Runner() as runner:
        session._room = cast(rtc.Room, FakeRoom())  # what `start` would have joined

        async def agent_joins() -> None:
            session._on_participant_connected(cast(rtc.RemoteParticipant, FakeParticipant(AGENT)))
            session._on_data_received(cast(rtc.DataPacket, packet(encode(SHOWN))))
            await asyncio.sleep(0)

        runner.run(agent_joins())
        assert session.cart == SHOWN and session.agent_identity == AGENT
        try:
            yield Kiosk(runner, session, events, warnings)
        finally:
            runner.run(session.close())
            logger.removeHandler(warnings)


def packet(data: bytes, topic: str | None = CART_TOPIC, sender: str | None = AGENT) -> FakePacket:
    return FakePacket(data, topic, FakeParticipant(sender) if sender is not None else None)


def _snapshot_dict() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(encode(SHOWN)))


def _mutated(changes: tuple[dict[str, Any], list[str]]) -> bytes:
    data = _snapshot_dict()
    data.update(changes[0])
    for key in changes[1]:
        data.pop(key, None)
    return json_text(data).encode()


SNAPSHOT_KEYS = sorted(_snapshot_dict())
MUTATED_SNAPSHOTS = st.tuples(
    st.dictionaries(
        st.sampled_from(SNAPSHOT_KEYS),
        st.one_of(JSON_VALUES, NUMBERS, st.integers(min_value=-2, max_value=8)),
        max_size=3,
    ),
    st.lists(st.sampled_from(SNAPSHOT_KEYS), max_size=2),
).map(_mutated)
DATA = st.one_of(
    st.binary(max_size=500),
    JUNK_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")),
    BROKEN_JSON.map(str.encode),
    JSON_VALUES.map(lambda value: json_text(value).encode()),
    MUTATED_SNAPSHOTS,
    st.sampled_from([b"", b"\x00" * 64, b"\xff\xfe{}", b"1", "🍔".encode()]),
)
TOPICS = st.sampled_from([CART_TOPIC, CART_TOPIC, METRICS_TOPIC, ALIVE_TOPIC, None, "other"])
SENDERS = st.sampled_from([AGENT, AGENT, AGENT, "kiosk-front", "someone", None])


def test_any_packet_is_dropped_or_applied_by_the_protocol_never_raised() -> None:
    with kiosk() as rig:

        @FUZZ
        @given(data=DATA, topic=TOPICS, sender=SENDERS)
        def check(data: bytes, topic: str | None, sender: str | None) -> None:
            session = rig.session
            before, events, warnings = session.cart, len(rig.events), len(rig.warnings.messages)
            assert before is not None
            try:
                expected: Any = decode_message(data)
                malformed = False
            except ProtocolError:
                expected, malformed = None, True
            session._on_data_received(cast(rtc.DataPacket, packet(data, topic, sender)))
            from_agent = sender == AGENT and topic in (CART_TOPIC, METRICS_TOPIC)
            newer = isinstance(expected, CartSnapshot) and expected.seq > before.seq
            if from_agent and newer:
                assert session.cart == expected
                assert isinstance(rig.events[-1], CartUpdated)
            else:
                assert session.cart is before
                assert not any(isinstance(e, CartUpdated) for e in rig.events[events:])
            if from_agent and malformed:
                assert rig.warnings.messages[warnings:] == ["dropped a malformed cart message"]
            assert session.agent_identity == AGENT

        check()


def test_a_menu_stream_that_does_not_load_is_dropped() -> None:
    valid = BUNDLED_MENU.read_text()
    texts = st.one_of(
        JUNK_TEXT,
        JSON_VALUES.map(json_text),
        st.integers(min_value=0, max_value=len(valid)).map(lambda cut: valid[:cut]),
    )
    with kiosk() as rig:

        @FUZZ
        @given(text=texts)
        def check(text: str) -> None:
            events, warnings = len(rig.events), len(rig.warnings.messages)
            reader = cast(rtc.TextStreamReader, FakeTextReader(text))
            rig.runner.run(rig.session._read_menu(reader, AGENT))
            received = [e for e in rig.events[events:] if isinstance(e, MenuReceived)]
            dropped = rig.warnings.messages[warnings:]
            assert len(received) + len(dropped) == 1
            assert dropped in ([], ["the agent's menu does not load"])
            assert rig.session.cart == SHOWN

        check()


def test_any_rpc_reply_is_understood_or_a_kiosk_error() -> None:
    """What the agent answers a touch with: junk is a KioskError (the screen says it could
    not do that), a reply's snapshot is applied only when it is newer."""
    replies = st.one_of(
        JUNK_TEXT,
        BROKEN_JSON,
        JSON_VALUES.map(json_text),
        MUTATED_SNAPSHOTS.map(lambda raw: '{"ok": false, "snapshot": ' + raw.decode() + "}"),
    )
    with kiosk() as rig:
        room = cast(FakeRoom, rig.session._room)

        @FUZZ
        @given(raw=replies)
        def check(raw: str) -> None:
            before = rig.session.cart
            room.local_participant.reply = raw
            try:
                reply = rig.runner.run(rig.session.add_item("cheeseburger"))
            except KioskError as exc:
                assert str(exc).startswith("cart.add_item")
                assert rig.session.cart is before
                return
            expected = before
            if reply.snapshot is not None and (before is None or reply.snapshot.seq > before.seq):
                expected = reply.snapshot
            assert rig.session.cart == expected

        check()


@pytest.mark.parametrize(
    "text", ["[" * 600, "9" * 4301, "2001-13-45"], ids=["deep-nesting", "long-integer", "bad-date"]
)
def test_a_menu_stream_the_yaml_parser_chokes_on_is_dropped(text: str) -> None:
    with kiosk() as rig:
        reader = cast(rtc.TextStreamReader, FakeTextReader(text))
        rig.runner.run(rig.session._read_menu(reader, AGENT))
        assert rig.warnings.messages == ["the agent's menu does not load"]
