"""KioskController: the one QObject that owns async work for the touchscreen.

Widgets emit intents (start, talk, add, place, cancel …) into its slots, on the Qt thread. It
drives an `OrderSession` (a new room per order) on the session thread's asyncio loop (see
kiosk.ui.bridge) and gets results and `SessionEvent`s back through its inbox, so its state is
only ever touched on the Qt thread. Every piece of work it starts is kept until done. It also
owns the timers: agent-join retry with backoff, the idle prompt, and the return to the attract
screen after a confirmation.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import logging
import time
from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from agent.core.kiosk_health import HEALTH_INTERVAL_SECONDS, KioskHealth
from agent.core.protocol import CartSnapshot, OrderPlaced, RpcReply, TurnMode
from kiosk.errors import AgentUnavailableError, ConnectError, KioskError
from kiosk.events import (
    AgentLeft,
    AgentStateChanged,
    Caption,
    CartUpdated,
    Disconnected,
    MenuReceived,
    OrderConfirmed,
    SessionEvent,
    SoldOutChanged,
)
from kiosk.session import (
    ASSISTANTS_BUSY,
    Loudspeaker,
    Microphone,
    OrderSession,
    SessionConfig,
)
from kiosk.store_link import order_status, report_health
from kiosk.ui.bridge import QtInbox, SessionThread
from kiosk.ui.models import CartModel

logger = logging.getLogger("kiosk.ui")


@dataclasses.dataclass(frozen=True)
class KioskTimings:
    retry_delays: tuple[float, ...] = (1.0, 2.0, 3.0, 5.0)
    """Backoff between attempts to reach LiveKit when it cannot be reached (the last repeats).
    Short, because a customer stands at the kiosk meanwhile: after a 30 s network cut, a 30 s
    step kept them waiting up to 20 s after the network was back (`make faults`, net-cut). A
    store's handful of kiosks asking every 5 s is no load on a server coming back."""
    busy_retry_delay: float = 1.0
    """Pause before asking again for an agent when none joined (every one busy)."""
    resume_join_wait: float = 5.0
    """After the agent was lost, how long the first new room waits for one before the kiosk
    opens another (at most the configured agent join timeout; later rooms wait that timeout).
    LiveKit settles a room's dispatch when the room is made: the first room after a server
    restart is made before the worker has registered again and never gets an agent, so waiting
    long in it only keeps the customer waiting. Later rooms wait longer: a worker that just
    registered may take several seconds to start a job process."""
    busy_patience: float = 180.0
    """Asking this long with no agent, the kiosk stops calling it busy and says voice is
    unavailable (no worker at all, most likely); it still keeps asking."""
    idle_prompt: float = 60.0
    """No touch and no speech for this long: "Are you still there?"."""
    idle_reset: float = 20.0
    """No answer to that for this long: the order is cleared."""
    confirmation: float = 25.0
    """The order number stays on screen this long."""
    order_status_interval_ms: int = 2000
    """How often the confirmation screen asks the store how the order is doing."""
    health_interval_ms: int = int(HEALTH_INTERVAL_SECONDS * 1000)
    """How often the kiosk tells the store service how it is (with a store service only)."""
    check_interval_ms: int = 1000


VOICE_UNAVAILABLE = "Voice ordering is unavailable right now. Please ask a staff member."
RECONNECTING = "Reconnecting…"
RECONNECT_TRIES_SHOWN = 3
"""An order whose agent was lost shows "Reconnecting…" while this many tries to reach LiveKit
fail (a restarting server is back within seconds); after that, voice is unavailable."""


class Screen(StrEnum):
    ATTRACT = "attract"
    ORDERING = "ordering"
    CONFIRMATION = "confirmation"


class Connection(StrEnum):
    IDLE = "idle"
    CONNECTING = "connecting"
    READY = "ready"
    RECONNECTING = "reconnecting"
    WAITING = "waiting"
    """No agent joined yet: every one is busy (or none registered yet); still asking."""
    UNAVAILABLE = "unavailable"


@dataclasses.dataclass(frozen=True)
class _Work:
    name: str
    on_result: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None


class KioskController(QObject):
    screenChanged = Signal(str)
    connectionChanged = Signal(str, str)  # state, message for the customer ("" when fine)
    agentStateChanged = Signal(str)
    captionChanged = Signal(str, str, str, bool)  # speaker, segment id, text, final
    orderPlaced = Signal(object)  # OrderPlaced
    orderStatus = Signal(str, str)  # status ("new", "ready", …), its label
    soldOut = Signal(object)  # frozenset of item ids sold out now
    menuChanged = Signal(object)  # the Menu this session sells
    notice = Signal(str)  # a short message for the customer (refused edit, …)
    idlePrompt = Signal(int)  # seconds left before the order is cleared
    micLevel = Signal(float)  # dBFS
    talkingChanged = Signal(bool)

    def __init__(
        self,
        config: SessionConfig,
        *,
        session_thread: SessionThread,
        microphone: Microphone | None = None,
        speaker: Loudspeaker | None = None,
        timings: KioskTimings = KioskTimings(),  # noqa: B008 - frozen
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.timings = timings
        self.cart = CartModel(self)
        self.inbox = QtInbox(self)
        self._thread = session_thread
        self._microphone = microphone
        self._speaker = speaker
        self._clock = clock
        self._session: OrderSession | None = None
        self._ready = False
        self._typed = 0
        self._pending: dict[concurrent.futures.Future[Any], _Work] = {}
        self._post_finished = self.inbox.poster(self._finished)
        self._post_event = self.inbox.poster(self._on_session_event)
        self._screen = Screen.ATTRACT
        self._connection = Connection.IDLE
        self._attempt = 0
        self._waiting_since: float | None = None
        """When the kiosk began asking for an agent none of which joined (busy), else None."""
        self._previous_room: str | None = None
        self._resume_tries = 0
        """Rooms opened for this order since its agent was last lost."""
        self._talking = False
        self._last_activity = clock()
        self._order: OrderPlaced | None = None

        self._retry_timer = QTimer(self, singleShot=True)
        self._retry_timer.timeout.connect(self._retry)
        self._idle_timer = QTimer(self, interval=timings.check_interval_ms)
        self._idle_timer.timeout.connect(self._check_idle)
        self._confirmation_timer = QTimer(self, singleShot=True)
        self._confirmation_timer.timeout.connect(self.finish)
        self._status_timer = QTimer(self, interval=timings.order_status_interval_ms)
        self._status_timer.timeout.connect(self._ask_order_status)
        self._status_asking = False
        self.locked = False
        """Set by the lockdown: reported to the store with the kiosk's health."""
        self._menu_version: str | None = None
        self._health_timer = QTimer(self, interval=timings.health_interval_ms)
        self._health_timer.timeout.connect(self.report_health)
        if config.uses_store:
            self._health_timer.start()
            QTimer.singleShot(0, self.report_health)

    # -- state -------------------------------------------------------------------------------
    @property
    def screen(self) -> Screen:
        return self._screen

    @property
    def connection(self) -> Connection:
        return self._connection

    @property
    def turn_mode(self) -> TurnMode:
        return self.config.turn_mode

    @property
    def session(self) -> OrderSession | None:
        return self._session

    @property
    def placed_order(self) -> OrderPlaced | None:
        return self._order

    def _set_screen(self, screen: Screen) -> None:
        if screen != self._screen:
            self._screen = screen
            self.screenChanged.emit(screen.value)

    def _set_connection(self, state: Connection, message: str = "") -> None:
        self._connection = state
        self.connectionChanged.emit(state.value, message)

    def _submit(
        self,
        coro: Coroutine[Any, Any, Any],
        name: str,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Runs `coro` on the session thread; the callbacks run later on the Qt thread.

        The callbacks stay here: the session thread only gets a weak poster (see bridge)."""
        future = self._thread.submit(coro)
        self._pending[future] = _Work(name, on_result, on_error)
        future.add_done_callback(self._post_finished)

    def _finished(self, future: concurrent.futures.Future[Any]) -> None:
        work = self._pending.pop(future, None)
        if work is None or future.cancelled():
            return
        error = future.exception()
        if error is not None:
            if work.on_error is not None:
                work.on_error(error)
            else:
                logger.error("kiosk work failed", exc_info=error, extra={"work": work.name})
        elif work.on_result is not None:
            work.on_result(future.result())

    def _ask_order_status(self) -> None:
        """The confirmation screen's live status (preparing → ready) from the store service."""
        order, url, key = self._order, self.config.token_url, self.config.kiosk_key
        if order is None or not order.business_date or url is None or key is None:
            self._status_timer.stop()
            return
        if self._status_asking:
            return
        self._status_asking = True
        number = order.order_number

        def shown(result: tuple[str, str]) -> None:
            self._status_asking = False
            if self._order is not None and self._order.order_number == number:
                self.orderStatus.emit(*result)
                if result[0] in ("ready", "completed", "cancelled"):
                    self._status_timer.stop()

        def failed(error: BaseException) -> None:
            self._status_asking = False
            logger.info("order status unavailable", extra={"error": type(error).__name__})

        self._submit(
            order_status(url, key, order.business_date, number), "order-status", shown, failed
        )

    def health(self) -> KioskHealth:
        return KioskHealth(
            screen=self._screen.value,
            voice=self._connection.value,
            microphone=self._microphone is not None,
            locked=self.locked,
            menu_version=self._menu_version,
        )

    def report_health(self) -> None:
        """Tells the store service how this kiosk is (its managers' kiosk list shows it)."""
        url, key = self.config.token_url, self.config.kiosk_key
        if url is None or key is None:
            return

        def failed(error: BaseException) -> None:
            logger.info("health report not delivered", extra={"error": type(error).__name__})

        self._submit(report_health(url, key, self.health()), "health", None, failed)

    def _show_mic_level(self, level: float) -> None:
        self.micLevel.emit(level)

    def level_poster(self) -> Callable[[float], None]:
        """Thread-safe: the microphone level (dBFS) from the audio thread to `micLevel`."""
        return self.inbox.poster(self._show_mic_level)

    @property
    def busy(self) -> bool:
        """True while work started by the controller is still running."""
        return bool(self._pending)

    # -- customer intents ----------------------------------------------------------------------
    @Slot()
    def start_order(self) -> None:
        """Tap on the attract screen: a new order in a new room."""
        if self._screen is not Screen.ATTRACT:
            return
        self._order = None
        self._previous_room = None
        self._attempt = 0
        self._waiting_since = None
        self.cart.clear()
        self._set_screen(Screen.ORDERING)
        self.touch()
        self._idle_timer.start()
        self._connect()

    @Slot()
    def touch(self) -> None:
        """Any touch or speech: the customer is still there."""
        self._last_activity = self._clock()

    @Slot()
    def talk_pressed(self) -> None:
        self.touch()
        if self.turn_mode is TurnMode.PUSH_TO_TALK:
            self._set_talking(True)
            self._set_muted(False)
            self._rpc("turn.start", lambda s: s.turn_start())
        else:
            self._set_talking(not self._talking)
            self._set_muted(not self._talking)

    @Slot()
    def talk_released(self) -> None:
        if self.turn_mode is TurnMode.PUSH_TO_TALK and self._talking:
            self._set_talking(False)
            # the microphone goes off between turns, once the audio in flight reached the agent
            self._rpc("turn.end", lambda s: s.turn_end(), then=self._mute_between_turns)

    def _mute_between_turns(self) -> None:
        if not self._talking:
            self._set_muted(True)

    @Slot(str, int, str, list)
    def add_item(self, item_id: str, qty: int, size: str, modifiers: list[str]) -> None:
        self.touch()
        self._rpc(
            "cart.add_item",
            lambda s: s.add_item(item_id, qty=qty, size=size or None, modifiers=tuple(modifiers)),
        )

    @Slot(str, int)
    def set_quantity(self, line_id: str, qty: int) -> None:
        self.touch()
        if qty <= 0:
            self._rpc("cart.remove_line", lambda s: s.remove_line(line_id))
        else:
            self._rpc("cart.set_quantity", lambda s: s.set_quantity(line_id, qty))

    @Slot(str)
    def remove_line(self, line_id: str) -> None:
        self.touch()
        self._rpc("cart.remove_line", lambda s: s.remove_line(line_id))

    @Slot()
    def place_order(self) -> None:
        self.touch()
        self._rpc("order.place", lambda s: s.place_order())

    @Slot(str)
    def send_text(self, text: str) -> None:
        self.touch()
        text = text.strip()
        session = self._ready_session() if text else None
        if session is not None:
            self._typed += 1
            self.captionChanged.emit("customer", f"typed-{self._typed}", text, True)
            self._submit(session.send_text(text), "send-text", on_error=self._request_failed)

    @Slot()
    def cancel_order(self) -> None:
        """Confirmed cancel: the order is discarded and the kiosk waits for the next customer."""
        self.finish()

    @Slot()
    def finish(self) -> None:
        """Back to the attract screen, leaving the room (after a confirmation, cancel or idle)."""
        self._idle_timer.stop()
        self._retry_timer.stop()
        self._confirmation_timer.stop()
        self._status_timer.stop()
        self._set_talking(False)
        session, self._session = self._session, None
        self._ready = False
        self.cart.clear()
        self._set_screen(Screen.ATTRACT)
        self._set_connection(Connection.IDLE)
        if session is not None:
            self._submit(self._leave(session), "leave")

    # -- session work -------------------------------------------------------------------------
    def _connect(self) -> None:
        """Opens an order session (a new room); the customer's previous room when retrying."""
        config = dataclasses.replace(self.config, resume_room=self._previous_room)
        if self._previous_room is None:
            self._set_connection(Connection.CONNECTING, "")
        else:  # the order continues after its agent was lost; the customer still sees so
            self._set_connection(Connection.RECONNECTING, RECONNECTING)
            if self._resume_tries == 0:
                wait = min(config.agent_join_timeout, self.timings.resume_join_wait)
                config = dataclasses.replace(config, agent_join_timeout=wait)
            self._resume_tries += 1
        session = OrderSession(config, microphone=self._microphone, speaker=self._speaker)
        # events come from the session thread; the inbox brings them to the Qt thread in order
        post_event = self._post_event  # the listener must not hold `self` (see bridge)
        session.add_listener(lambda event: post_event(session, event))
        self._session = session
        self._ready = False
        self.cart.new_source()  # its agent numbers snapshots anew (after a resume, from 1)
        self._submit(
            self._open(session),
            "connect",
            on_result=lambda _none: self._connected(session),
            on_error=lambda error: self._connect_failed(session, error),
        )

    @staticmethod
    async def _open(session: OrderSession) -> None:
        try:
            await session.start()
            await session.wait_for_agent()
        except KioskError:
            await session.close()
            raise

    def _connected(self, session: OrderSession) -> None:
        if session is not self._session:  # the customer left meanwhile
            self._submit(session.close(), "close-stale")
            return
        if session.server_url is not None:
            # a node that answered is asked first next time (a lost node costs one try)
            self.config = self.config.preferring(session.server_url)
        self._attempt = 0
        self._waiting_since = None
        self._ready = True
        self._set_connection(Connection.READY, "")
        self._set_muted(self.turn_mode is TurnMode.PUSH_TO_TALK)

    def _connect_failed(self, session: OrderSession, error: BaseException) -> None:
        if not isinstance(error, ConnectError | AgentUnavailableError | KioskError):
            logger.error("order session failed", exc_info=error)
        logger.warning("order session unavailable: %s", error, extra={"reason": str(error)})
        if session is not self._session:
            return
        # the order continues from the last room an agent served, never from a room none joined
        # (nothing is saved under it): `_previous_room` stays as it was
        self._session = None
        if isinstance(error, AgentUnavailableError):
            self._wait_for_agent()
        else:
            self._schedule_retry()

    def _wait_for_agent(self) -> None:
        """No agent joined: LiveKit found every worker full (or none registered yet). The
        customer is told so and the kiosk asks again at once, continuing the same order; after
        `busy_patience` it says voice is unavailable, and still asks."""
        now = self._clock()
        if self._waiting_since is None:
            self._waiting_since = now
        if now - self._waiting_since >= self.timings.busy_patience:
            self._set_connection(Connection.UNAVAILABLE, VOICE_UNAVAILABLE)
        elif self._previous_room is not None:
            self._set_connection(Connection.RECONNECTING, RECONNECTING)  # no flicker meanwhile
        else:
            self._set_connection(Connection.WAITING, ASSISTANTS_BUSY)
        self._retry_timer.start(int(self.timings.busy_retry_delay * 1000))

    def _schedule_retry(self) -> None:
        delays = self.timings.retry_delays
        delay = delays[min(self._attempt, len(delays) - 1)]
        self._attempt += 1
        if self._previous_room is not None and self._attempt <= RECONNECT_TRIES_SHOWN:
            self._set_connection(Connection.RECONNECTING, RECONNECTING)
        else:
            self._set_connection(Connection.UNAVAILABLE, VOICE_UNAVAILABLE)
        self._retry_timer.start(int(delay * 1000))

    @Slot()
    def _retry(self) -> None:
        if self._screen is Screen.ORDERING and self._session is None:
            self._connect()

    @staticmethod
    async def _leave(session: OrderSession) -> None:
        try:
            await session.end_session()
        except KioskError:
            pass  # the agent is gone already; leaving the room is enough
        finally:
            await session.close()

    def _ready_session(self) -> OrderSession | None:
        if self._session is None or not self._ready:
            self.notice.emit("One moment, the kiosk is still connecting.")
            return None
        return self._session

    def _request_failed(self, error: BaseException) -> None:
        logger.warning("kiosk request failed", extra={"reason": str(error)})
        self.notice.emit("Sorry, that didn't work. Please try again.")

    def _rpc(
        self,
        name: str,
        call: Callable[[OrderSession], Coroutine[Any, Any, RpcReply]],
        then: Callable[[], None] | None = None,
    ) -> None:
        session = self._ready_session()
        if session is None:
            return

        def replied(reply: RpcReply) -> None:
            if not reply.ok and reply.error:
                self.notice.emit(reply.error)
            if then is not None:
                then()

        self._submit(call(session), name, on_result=replied, on_error=self._request_failed)

    def _set_talking(self, talking: bool) -> None:
        if talking != self._talking:
            self._talking = talking
            self.talkingChanged.emit(talking)

    def _set_muted(self, muted: bool) -> None:
        if self._microphone is None:
            return
        track = self._microphone.track
        self._thread.loop.call_soon_threadsafe(track.mute if muted else track.unmute)

    # -- session events (on the Qt thread, in order) -------------------------------------------
    def _on_session_event(self, session: OrderSession, event: SessionEvent) -> None:
        if session is self._session:
            self.handle_event(event)

    def handle_event(self, event: SessionEvent) -> None:
        if isinstance(event, CartUpdated):
            self.cart.apply(event.snapshot)
        elif isinstance(event, AgentStateChanged):
            self.agentStateChanged.emit(event.state)
            if event.state == "speaking":
                self.touch()
        elif isinstance(event, Caption):
            self.captionChanged.emit(event.speaker, event.segment_id, event.text, event.final)
            self.touch()
        elif isinstance(event, OrderConfirmed):
            self._order = event.order
            self._idle_timer.stop()
            self._set_screen(Screen.CONFIRMATION)
            self.orderPlaced.emit(event.order)
            self._confirmation_timer.start(int(self.timings.confirmation * 1000))
            if self.config.uses_store and event.order.business_date:
                self._ask_order_status()
                self._status_timer.start()
        elif isinstance(event, SoldOutChanged):
            self.soldOut.emit(frozenset(event.sold_out))
        elif isinstance(event, MenuReceived):
            self._menu_version = event.version
            self.menuChanged.emit(event.menu)
        elif isinstance(event, AgentLeft):
            self._agent_lost()
        elif isinstance(event, Disconnected):
            self._agent_lost()

    def _agent_lost(self) -> None:
        if self._screen is not Screen.ORDERING or self._session is None or not self._ready:
            return
        session, self._session = self._session, None
        self._ready = False
        self._previous_room = session.room_name
        self._resume_tries = 0
        self._set_connection(Connection.RECONNECTING, RECONNECTING)
        self._submit(session.close(), "close-lost-session")
        self._retry_timer.start(100)  # a new room at once; the order continues there

    def apply_snapshot(self, snapshot: CartSnapshot) -> bool:
        return self.cart.apply(snapshot)

    # -- idle ---------------------------------------------------------------------------------
    @Slot()
    def _check_idle(self) -> None:
        if self._screen is not Screen.ORDERING:
            return
        idle = self._clock() - self._last_activity
        limit = self.timings.idle_prompt + self.timings.idle_reset
        if idle >= limit:
            logger.info("customer left; clearing the order")
            self.finish()
        elif idle >= self.timings.idle_prompt:
            self.idlePrompt.emit(max(0, round(limit - idle)))

    @Slot()
    def still_here(self) -> None:
        self.touch()
        self.idlePrompt.emit(-1)
