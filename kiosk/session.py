"""OrderSession: one customer's order as a LiveKit room session, without any Qt.

It mints the token (a new room per order), joins, follows the agent (joined/left, state, voice,
captions) and reports everything as `SessionEvent`s to its listeners. The Qt controller and
kiosk-sim are both thin shells over it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import json
import logging
import math
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from livekit import rtc

from agent.core.menu import MenuError, load_menu_text
from agent.core.protocol import (
    AGENT_SILENT_SECONDS,
    ALIVE_TOPIC,
    CART_TOPIC,
    MENU_TOPIC,
    MENU_VERSION_ATTRIBUTE,
    METRICS_TOPIC,
    RPC_ADD_ITEM,
    RPC_END_SESSION,
    RPC_GET_CART,
    RPC_PLACE_ORDER,
    RPC_REMOVE_LINE,
    RPC_SET_QUANTITY,
    RPC_TURN_CANCEL,
    RPC_TURN_END,
    RPC_TURN_START,
    CartSnapshot,
    MenuAvailability,
    OrderPlaced,
    ProtocolError,
    RpcReply,
    TurnMetrics,
    TurnMode,
    decode_message,
)
from agent.core.tokens import SessionToken, mint_session_token
from kiosk.errors import AgentUnavailableError, ConnectError, KioskError
from kiosk.events import (
    AgentAudio,
    AgentAudioSubscribed,
    AgentJoined,
    AgentLeft,
    AgentStateChanged,
    Caption,
    CartUpdated,
    Disconnected,
    Joined,
    MenuReceived,
    OrderConfirmed,
    SessionEvent,
    SoldOutChanged,
    Speaker,
    TurnTimed,
)
from kiosk.settings import KioskSettings
from kiosk.store_link import request_session

logger = logging.getLogger("kiosk.session")

SENDER_JOIN_POLLS = 50
SENDER_JOIN_POLL_SECONDS = 0.1

AGENT_STATE_ATTRIBUTE = "lk.agent.state"
TRANSCRIPTION_TOPIC = "lk.transcription"
CHAT_TOPIC = "lk.chat"
RPC_TIMEOUT_SECONDS = 10.0
CART_SYNC_RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 4.0)
SEGMENT_ID_ATTRIBUTE = "lk.segment_id"

AUDIO_SAMPLE_RATE = 48_000
SILENCE_DBFS = -50.0
UTTERANCE_GAP_SECONDS = 0.4

Listener = Callable[[SessionEvent], None]
AudioSink = Callable[[rtc.AudioFrame], None]


class Loudspeaker(Protocol):
    """Where the agent's voice is played (the kiosk speaker)."""

    async def add_track(self, track: rtc.Track) -> None: ...


class Microphone(Protocol):
    """What the session publishes as the customer's voice (a device, or WAV files)."""

    @property
    def track(self) -> rtc.LocalAudioTrack: ...

    def start(self) -> None: ...

    async def aclose(self) -> None: ...


AGENT_WATCH_INTERVAL = 0.25
"""How often the kiosk checks that its agent's heartbeat is still coming (see ALIVE_TOPIC)."""
AGENT_SILENT_MESSAGE = "the agent went silent"
"""Logged when the agent's heartbeat stops (its process died)."""
ASSISTANTS_BUSY = "All our assistants are busy, one moment."
"""What a kiosk says while no agent has joined its order: every worker is serving its full
count of customers, or none has registered yet. It keeps asking."""


@dataclass(frozen=True)
class SessionConfig:
    url: str
    api_key: str
    api_secret: str = field(repr=False)
    agent_name: str
    kiosk_id: str
    token_ttl: dt.timedelta
    turn_mode: TurnMode = TurnMode.PUSH_TO_TALK
    agent_join_timeout: float = 10.0
    resume_room: str | None = None
    """Continue the order saved under this earlier room of this kiosk (after a failure)."""
    token_url: str | None = None
    """The store service's /connection: when set, tokens come from there (with `kiosk_key`)
    and this kiosk needs no LiveKit secret; otherwise it mints its own (local development)."""
    kiosk_key: str | None = field(default=None, repr=False)
    fallback_urls: tuple[str, ...] = ()
    """Other nodes of the LiveKit cluster, tried in order when `url` does not answer."""

    def preferring(self, url: str) -> SessionConfig:
        """This configuration with `url` (a node that answered) tried first from now on."""
        if url == self.url:
            return self
        others = tuple(u for u in (self.url, *self.fallback_urls) if u != url)
        return dataclasses.replace(self, url=url, fallback_urls=others)

    @property
    def uses_store(self) -> bool:
        return self.token_url is not None and self.kiosk_key is not None

    @classmethod
    def from_settings(cls, settings: KioskSettings) -> SessionConfig:
        return cls(
            url=settings.livekit_url,
            api_key=settings.livekit_api_key,
            api_secret=settings.livekit_api_secret.get_secret_value(),
            agent_name=settings.agent_name,
            kiosk_id=settings.kiosk_id,
            token_ttl=dt.timedelta(seconds=settings.token_ttl_seconds),
            turn_mode=settings.turn_mode,
            agent_join_timeout=settings.agent_join_timeout_seconds,
            token_url=settings.token_url,
            kiosk_key=settings.kiosk_key.get_secret_value() if settings.kiosk_key else None,
            fallback_urls=settings.livekit_fallback_urls,
        )


def frame_level_dbfs(frame: rtc.AudioFrame) -> float:
    """RMS level of a 16-bit frame in dB relative to full scale (-inf for digital silence)."""
    samples = np.frombuffer(frame.data, dtype=np.int16).astype(np.float32)
    if samples.size == 0:
        return -math.inf
    rms = float(np.sqrt(np.mean(samples * samples)))
    return 20.0 * math.log10(rms / 32768.0) if rms > 0 else -math.inf


class OrderSession:
    def __init__(
        self,
        config: SessionConfig,
        *,
        audio_sink: AudioSink | None = None,
        microphone: Microphone | None = None,
        speaker: Loudspeaker | None = None,
    ) -> None:
        self._config = config
        self._audio_sink = audio_sink
        self._microphone = microphone
        self._speaker = speaker
        self._listeners: list[Listener] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._room: rtc.Room | None = None
        self.server_url: str | None = None
        """The LiveKit node this session joined (its config's url or a fallback)."""
        self._token: SessionToken | None = None
        self._agent_identity: str | None = None
        self._agent_state: str | None = None
        self._agent_heard_at: float | None = None
        """When (monotonic) the agent joined or its heartbeat last arrived; None without one."""
        self._last_audible_at = -math.inf
        self._closing = False
        self._cart: CartSnapshot | None = None

    # -- observers -----------------------------------------------------------------------------
    def add_listener(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, event: SessionEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                logger.exception("session listener failed", extra={"event": event.name})

    async def next_event(self, predicate: Callable[[SessionEvent], bool]) -> SessionEvent:
        """The next event that satisfies `predicate` (bound it with `asyncio.timeout`)."""
        future: asyncio.Future[SessionEvent] = asyncio.get_running_loop().create_future()

        def check(event: SessionEvent) -> None:
            if not future.done() and predicate(event):
                future.set_result(event)

        remove = self.add_listener(check)
        try:
            return await future
        finally:
            remove()

    @property
    def room_name(self) -> str | None:
        return self._token.room if self._token else None

    @property
    def identity(self) -> str | None:
        return self._token.identity if self._token else None

    @property
    def agent_identity(self) -> str | None:
        return self._agent_identity

    @property
    def agent_state(self) -> str | None:
        return self._agent_state

    @property
    def cart(self) -> CartSnapshot | None:
        """The newest cart snapshot seen (from data packets or RPC replies)."""
        return self._cart

    # -- talking to the agent ------------------------------------------------------------------
    async def send_text(self, text: str) -> None:
        """Types a message to the agent (the framework's chat input) instead of speaking."""
        await self._require_room().local_participant.send_text(text, topic=CHAT_TOPIC)

    async def refresh_cart(self) -> RpcReply:
        """Asks the agent for the current snapshot (after joining or reconnecting)."""
        return await self._call(RPC_GET_CART, {})

    async def add_item(
        self,
        item_id: str,
        *,
        qty: int = 1,
        size: str | None = None,
        modifiers: tuple[str, ...] = (),
    ) -> RpcReply:
        payload: dict[str, Any] = {"item_id": item_id, "qty": qty, "modifiers": list(modifiers)}
        if size is not None:
            payload["size"] = size
        return await self._call(RPC_ADD_ITEM, payload)

    async def set_quantity(self, line_id: str, qty: int) -> RpcReply:
        return await self._call(RPC_SET_QUANTITY, {"line_id": line_id, "qty": qty})

    async def remove_line(self, line_id: str) -> RpcReply:
        return await self._call(RPC_REMOVE_LINE, {"line_id": line_id})

    async def place_order(self) -> RpcReply:
        """Places the order the customer sees (the newest snapshot); safe to repeat."""
        seq = self._cart.seq if self._cart is not None else 0
        return await self._call(RPC_PLACE_ORDER, {"seq": seq})

    async def turn_start(self) -> RpcReply:
        """Push-to-talk pressed: the agent stops talking and listens."""
        return await self._call(RPC_TURN_START, {})

    async def turn_end(self) -> RpcReply:
        """Push-to-talk released: the agent answers what it heard."""
        return await self._call(RPC_TURN_END, {})

    async def turn_cancel(self) -> RpcReply:
        return await self._call(RPC_TURN_CANCEL, {})

    async def end_session(self) -> RpcReply:
        return await self._call(RPC_END_SESSION, {})

    async def call_raw(self, method: str, payload: str) -> str:
        """Sends an RPC with an arbitrary payload (tools and tests that probe validation)."""
        if self._agent_identity is None:
            raise AgentUnavailableError("the agent is not in the room")
        try:
            return await self._require_room().local_participant.perform_rpc(
                destination_identity=self._agent_identity,
                method=method,
                payload=payload,
                response_timeout=RPC_TIMEOUT_SECONDS,
            )
        except rtc.RpcError as exc:
            raise KioskError(f"{method} failed: {exc.message}") from exc

    async def _call(self, method: str, payload: dict[str, Any]) -> RpcReply:
        raw = await self.call_raw(method, json.dumps(payload))
        try:
            reply = RpcReply.model_validate_json(raw)
        except ValueError as exc:
            raise KioskError(f"{method}: the agent's reply is not understood") from exc
        if reply.snapshot is not None:
            self._apply_snapshot(reply.snapshot)
        return reply

    async def _sync_cart(self) -> None:
        """Fetches the snapshot once the agent serves RPCs (registered just after it joins)."""
        for delay in CART_SYNC_RETRY_DELAYS:
            try:
                await self.refresh_cart()
                return
            except KioskError as exc:
                logger.debug("cart not available yet", extra={"reason": str(exc)})
            await asyncio.sleep(delay)
        logger.warning("could not fetch the cart from the agent")

    def _require_room(self) -> rtc.Room:
        if self._room is None:
            raise RuntimeError("the session is not started")
        return self._room

    def _apply_snapshot(self, snapshot: CartSnapshot) -> None:
        if self._cart is not None and snapshot.seq <= self._cart.seq:
            return  # stale or repeated
        self._cart = snapshot
        self._emit(CartUpdated(snapshot=snapshot))

    # -- lifecycle -----------------------------------------------------------------------------
    async def start(self) -> None:
        """Gets a token for a new room (from the store service, or minted here in local
        development) and joins it; raises ConnectError if that fails."""
        if self._room is not None:
            raise RuntimeError("an OrderSession is started once; make a new one per order")
        server_url = self._config.url
        if self._config.token_url is not None and self._config.kiosk_key is not None:
            granted = await request_session(
                self._config.token_url,
                self._config.kiosk_key,
                turn_mode=self._config.turn_mode,
                resume_room=self._config.resume_room,
            )
            self._token, server_url = granted.token, granted.server_url
        else:
            self._token = mint_session_token(
                api_key=self._config.api_key,
                api_secret=self._config.api_secret,
                kiosk_id=self._config.kiosk_id,
                agent_name=self._config.agent_name,
                ttl=self._config.token_ttl,
                dispatch_metadata={
                    "turn_mode": self._config.turn_mode.value,
                    **(
                        {"resume_room": self._config.resume_room}
                        if self._config.resume_room
                        else {}
                    ),
                },
            )
        candidates = list(dict.fromkeys((server_url, *self._config.fallback_urls)))
        failures: list[str] = []
        for candidate in candidates:
            room = rtc.Room()
            self._room = room
            self._register_room_handlers(room)
            try:
                await room.connect(candidate, self._token.jwt, rtc.RoomOptions(auto_subscribe=True))
            except rtc.ConnectError as exc:
                failures.append(f"{candidate}: {exc}")
                if candidate != candidates[-1]:
                    logger.warning(
                        "LiveKit node did not answer; trying the next", extra={"url": candidate}
                    )
                continue
            self.server_url = candidate
            break
        else:
            raise ConnectError(f"could not join LiveKit at {'; '.join(failures)}")
        logger.info("joined order room", extra={"room": self._token.room})
        self._emit(Joined(room=self._token.room, identity=self._token.identity))
        if self._microphone is not None:
            options = rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_MICROPHONE)
            await room.local_participant.publish_track(self._microphone.track, options)
            self._microphone.start()
        for participant in room.remote_participants.values():
            self._on_participant_connected(participant)
        self._spawn(self._watch_agent(), name="agent-watch")

    async def wait_for_agent(self) -> str:
        """The agent's identity once it is in the room and serving: its first cart snapshot
        has arrived, which it sends once its RPCs are registered (a touch before that would
        fail). AgentUnavailableError if that takes longer than the agent join timeout."""
        timeout = self._config.agent_join_timeout
        try:
            async with asyncio.timeout(timeout):
                if self._agent_identity is None:
                    await self.next_event(lambda e: isinstance(e, AgentJoined))
                if self._cart is None:
                    await self.next_event(lambda e: isinstance(e, CartUpdated))
        except TimeoutError as exc:
            if self._agent_identity is None:
                raise AgentUnavailableError(f"no agent joined within {timeout:.0f} s") from exc
            raise AgentUnavailableError(
                f"the agent joined but did not serve the order within {timeout:.0f} s"
            ) from exc
        assert self._agent_identity is not None
        return self._agent_identity

    async def close(self) -> None:
        """Leaves the room. The microphone and speaker belong to the caller (they outlive
        the session); only the rtc resources of this session are released here."""
        self._closing = True
        if self._room is not None:
            await self._room.disconnect()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    # -- LiveKit callbacks: each one only schedules or records ---------------------------------
    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _register_room_handlers(self, room: rtc.Room) -> None:
        room.on("participant_connected", self._on_participant_connected)
        room.on("participant_disconnected", self._on_participant_disconnected)
        room.on("participant_attributes_changed", self._on_attributes_changed)
        room.on("track_subscribed", self._on_track_subscribed)
        room.on("disconnected", self._on_disconnected)
        room.on("data_received", self._on_data_received)
        room.register_text_stream_handler(TRANSCRIPTION_TOPIC, self._on_transcription_stream)
        room.register_text_stream_handler(MENU_TOPIC, self._on_menu_stream)

    @staticmethod
    def _is_agent(participant: rtc.RemoteParticipant) -> bool:
        return bool(participant.kind == rtc.ParticipantKind.PARTICIPANT_KIND_AGENT)

    def _on_participant_connected(self, participant: rtc.RemoteParticipant) -> None:
        if not self._is_agent(participant) or self._agent_identity == participant.identity:
            return
        self._agent_identity = participant.identity
        self._agent_heard_at = time.monotonic()  # its heartbeat is due from now on
        self._emit(AgentJoined(identity=participant.identity))
        self._spawn(self._sync_cart(), name="sync-cart")
        state = participant.attributes.get(AGENT_STATE_ATTRIBUTE)
        if state:
            self._set_agent_state(state)

    def _on_participant_disconnected(self, participant: rtc.RemoteParticipant) -> None:
        if participant.identity != self._agent_identity:
            return
        self._agent_identity = None
        self._agent_state = self._agent_heard_at = None
        self._emit(AgentLeft(identity=participant.identity))

    def _on_attributes_changed(self, changed: dict[str, str], participant: rtc.Participant) -> None:
        if participant.identity != self._agent_identity or AGENT_STATE_ATTRIBUTE not in changed:
            return
        self._set_agent_state(changed[AGENT_STATE_ATTRIBUTE])

    def _set_agent_state(self, state: str) -> None:
        if state != self._agent_state:
            self._agent_state = state
            self._emit(AgentStateChanged(state=state))

    def _on_track_subscribed(
        self,
        track: rtc.Track,
        _publication: rtc.RemoteTrackPublication,
        participant: rtc.RemoteParticipant,
    ) -> None:
        if track.kind != rtc.TrackKind.KIND_AUDIO or not self._is_agent(participant):
            return
        self._spawn(self._read_agent_audio(track), name=f"agent-audio-{track.sid}")
        if self._speaker is not None:
            self._spawn(self._speaker.add_track(track), name=f"speaker-{track.sid}")

    def _on_disconnected(self, reason: rtc.DisconnectReason.ValueType) -> None:
        try:
            reason_name = rtc.DisconnectReason.Name(reason)
        except ValueError:
            reason_name = str(reason)
        if not self._closing:
            logger.warning("left the order room unexpectedly", extra={"reason": reason_name})
        self._emit(Disconnected(reason=reason_name))

    async def _watch_agent(self) -> None:
        """An agent whose heartbeat stops (its process died) is gone: AgentLeft at once, not
        when LiveKit drops it from the room about 20 s later (see ALIVE_TOPIC)."""
        while True:
            await asyncio.sleep(AGENT_WATCH_INTERVAL)
            heard = self._agent_heard_at
            if self._agent_identity is None or heard is None:
                continue
            if time.monotonic() - heard > AGENT_SILENT_SECONDS:
                identity, self._agent_identity = self._agent_identity, None
                self._agent_state = self._agent_heard_at = None
                logger.warning(AGENT_SILENT_MESSAGE, extra={"agent": identity})
                self._emit(AgentLeft(identity=identity))

    def _on_data_received(self, packet: rtc.DataPacket) -> None:
        if packet.topic == ALIVE_TOPIC:
            if packet.participant is not None and (
                packet.participant.identity == self._agent_identity
            ):
                self._agent_heard_at = time.monotonic()
            return
        if packet.topic not in (CART_TOPIC, METRICS_TOPIC):
            return
        sender = packet.participant
        if sender is not None and self._agent_identity is None and self._is_agent(sender):
            self._on_participant_connected(sender)
        if sender is None or self._agent_identity is None:
            # data that overtook its sender's join cannot be attributed yet; the cart.get
            # sync that follows the agent's join covers it
            logger.debug("dropped cart data that arrived before the agent was known")
            return
        if sender.identity != self._agent_identity:
            logger.warning(
                "cart data from someone other than the agent", extra={"sender": sender.identity}
            )
            return
        try:
            message = decode_message(packet.data)
        except ProtocolError as exc:
            logger.warning("dropped a malformed cart message", extra={"reason": str(exc)})
            return
        if isinstance(message, CartSnapshot):
            self._apply_snapshot(message)
        elif isinstance(message, OrderPlaced):
            self._emit(OrderConfirmed(order=message))
        elif isinstance(message, TurnMetrics):
            self._emit(TurnTimed(metrics=message))
        elif isinstance(message, MenuAvailability):
            self._emit(SoldOutChanged(sold_out=message.sold_out))

    def _on_menu_stream(self, reader: rtc.TextStreamReader, sender: str) -> None:
        self._spawn(self._read_menu(reader, sender), name=f"menu-{reader.info.stream_id}")

    def _on_transcription_stream(self, reader: rtc.TextStreamReader, sender: str) -> None:
        self._spawn(self._read_caption(reader, sender), name=f"caption-{reader.info.stream_id}")

    # -- stream readers --------------------------------------------------------------------------
    async def _read_agent_audio(self, track: rtc.Track) -> None:
        stream = rtc.AudioStream.from_track(track=track, sample_rate=AUDIO_SAMPLE_RATE)
        first = True
        try:
            async for event in stream:
                now = time.time()
                if first:
                    first = False
                    self._emit(AgentAudioSubscribed(first_frame_t=now))
                if self._audio_sink is not None:
                    self._audio_sink(event.frame)
                level = frame_level_dbfs(event.frame)
                if level <= SILENCE_DBFS:
                    continue
                if now - self._last_audible_at > UTTERANCE_GAP_SECONDS:
                    self._emit(AgentAudio(t=now, level_dbfs=round(level, 1)))
                self._last_audible_at = now
        finally:
            with contextlib.suppress(Exception):
                await stream.aclose()

    async def _read_menu(self, reader: rtc.TextStreamReader, sender: str) -> None:
        """The session's menu from the agent; anything else (another sender, a menu that does
        not load) is logged and the kiosk keeps the menu it shows."""
        version = (reader.info.attributes or {}).get(MENU_VERSION_ATTRIBUTE, "?")
        try:
            text = await reader.read_all()
        except rtc.StreamError:
            if not self._closing:
                logger.warning("the menu stream ended abnormally")
            return
        if not await self._sent_by_agent(sender):
            logger.warning("a menu from someone other than the agent", extra={"sender": sender})
            return
        try:
            menu = load_menu_text(text, f"the session's menu (version {version})")
        except MenuError as exc:
            logger.warning("the agent's menu does not load", extra={"reason": str(exc)})
            return
        self._emit(MenuReceived(menu=menu, version=version))

    async def _sent_by_agent(self, identity: str) -> bool:
        """Whether `identity` is an agent in the room (a stream may overtake its sender's join
        by a moment, so an unknown sender is given that moment)."""
        for _ in range(SENDER_JOIN_POLLS):
            participant = self._room.remote_participants.get(identity) if self._room else None
            if participant is not None:
                return self._is_agent(participant)
            await asyncio.sleep(SENDER_JOIN_POLL_SECONDS)
        return False

    async def _read_caption(self, reader: rtc.TextStreamReader, sender: str) -> None:
        """A caption of the customer (the agent transcribes them under this kiosk's identity)
        or of the agent; anyone else in the room is not shown as either."""
        speaker: Speaker
        if sender == self.identity:
            speaker = "customer"
        elif await self._sent_by_agent(sender):
            speaker = "agent"
        else:
            logger.warning("a caption from someone other than the agent", extra={"sender": sender})
            return
        attributes = reader.info.attributes or {}
        segment_id = attributes.get(SEGMENT_ID_ATTRIBUTE, reader.info.stream_id)
        text = ""
        try:
            async for chunk in reader:
                text += chunk
                self._emit(Caption(speaker=speaker, segment_id=segment_id, text=text, final=False))
        except rtc.StreamError:
            if not self._closing:
                logger.warning("caption stream ended abnormally", extra={"segment_id": segment_id})
            return
        self._emit(Caption(speaker=speaker, segment_id=segment_id, text=text, final=True))
