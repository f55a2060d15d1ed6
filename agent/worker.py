"""The LiveKit Agents worker: registers under the agent name and serves one order per room."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from livekit.agents import (
    AgentServer,
    AgentSession,
    AgentStateChangedEvent,
    ChatMessage,
    ConversationItemAddedEvent,
    JobContext,
    JobProcess,
    UserInputTranscribedEvent,
    room_io,
)
from livekit.agents.cli import cli as agents_cli
from livekit.agents.cli import proto as agents_proto

from agent.core.config import load_settings
from agent.core.errors import WorkerConnectionError
from agent.core.menu import Menu, MenuError, load_menu
from agent.core.protocol import RPC_TURN_CANCEL, RPC_TURN_END, RPC_TURN_START, TurnMode
from agent.core.settings import AgentSettings
from agent.core.tokens import room_belongs_to
from agent.ordering import OrderDesk
from agent.ordering.assistant import OrderingAgent
from agent.providers.llm_choice import build_llm
from agent.store import AvailabilityStore, MenuVersionStore, OrderStore, default_database_url
from agent.tools import session_tools
from agent.understanding.matching import MenuMatcher
from agent.voice.room_link import RoomLink
from agent.voice.speech import SpeechModels, SpeechTuning, build_session_speech
from agent.voice.turn_timing import TurnClock
from agent.voice.turns import PushToTalk

logger = logging.getLogger("kiosk.agent")

REGISTERED_LOG_MESSAGE = "agent worker registered"
PRELOADED_MODULES = ("agent.worker", "agent.voice.speech")
KIOSK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


@dataclass(frozen=True)
class DispatchInfo:
    """What the kiosk put in the dispatch metadata (validated; defaults when absent)."""

    kiosk_id: str = "unknown"
    turn_mode: str = "push_to_talk"
    resume_room: str | None = None
    """The kiosk's previous room when it had to start over (agent lost, network): the order
    saved under that room continues here."""

    @classmethod
    def parse(cls, metadata: str) -> DispatchInfo:
        try:
            data = json.loads(metadata) if metadata else {}
        except json.JSONDecodeError:
            logger.warning("dispatch metadata is not JSON; using defaults")
            return cls()
        if not isinstance(data, dict):
            return cls()
        kiosk_id = str(data.get("kiosk_id", cls.kiosk_id))
        if not KIOSK_ID_PATTERN.match(kiosk_id):
            kiosk_id = cls.kiosk_id
        turn_mode = str(data.get("turn_mode", cls.turn_mode))
        resume = data.get("resume_room")
        # a kiosk may only continue its own earlier order
        own_room = isinstance(resume, str) and room_belongs_to(resume, kiosk_id)
        return cls(
            kiosk_id=kiosk_id,
            turn_mode=turn_mode if turn_mode in ("push_to_talk", "hands_free") else cls.turn_mode,
            resume_room=resume if own_room and kiosk_id != cls.kiosk_id else None,
        )


KIOSK_GONE_SECONDS = 5.0
"""A job whose kiosk is not in its room within this long serves no one and ends."""
FULL_LOAD = 1.0
"""The load at which the worker is full: every one of its AGENT_MAX_SESSIONS sessions in use.
The framework's threshold (0.7 by default in production, none at all in development) would mark
a worker of 4 sessions full at 3, or never; a worker here takes jobs exactly while it has a
session free, started with `dev` or `start` alike."""


def sessions_load(max_sessions: int) -> Callable[[AgentServer], float]:
    """The worker's load as the share of its session capacity in use.

    The framework's default load is CPU use, which whisper's bursts push past any threshold on
    a small machine even when it has room for more customers; session count is what capacity
    planning means here (AGENT_MAX_SESSIONS). At FULL_LOAD the worker tells LiveKit it is full
    (its log says "worker is at full capacity", its /worker endpoint `worker_load` 1.0)."""

    def load(server: AgentServer) -> float:
        return min(1.0, len(server.active_jobs) / max_sessions)

    return load


class KioskAgentServer(AgentServer):
    """An AgentServer that serves AGENT_MAX_SESSIONS customers at once, no more and no fewer,
    and remembers why it stopped, so the CLI can exit non-zero (the framework logs a failed
    connection and returns normally; a kiosk fleet's supervisor must see the failure)."""

    def __init__(self, *, max_sessions: int, **kwargs: Any) -> None:
        super().__init__(load_fnc=sessions_load(max_sessions), load_threshold=FULL_LOAD, **kwargs)
        self.max_sessions = max_sessions
        self.failure: BaseException | None = None

    def _get_effective_load(self) -> float:
        """The load a job request is judged by: sessions running plus those accepted and still
        starting, over AGENT_MAX_SESSIONS. The framework guesses a starting job's share from
        the running ones, or with none running as the threshold over the idle processes,
        which with one idle process turned away a second customer arriving with the first."""
        return (len(self.active_jobs) + self._reserved_slots) / self.max_sessions

    async def run(self, *, devmode: bool = False, unregistered: bool = False) -> None:
        try:
            await super().run(devmode=devmode, unregistered=unregistered)
        except Exception as exc:
            self.failure = exc
            raise


def prewarm(proc: JobProcess) -> None:
    """Runs once per job process before it takes a job: settings, menu and speech models."""
    settings = load_settings(AgentSettings)
    menu = load_menu(settings.menu_path)
    proc.userdata["settings"] = settings
    proc.userdata["menu"] = SessionMenu(
        menu, MenuMatcher(menu), settings.menu_path.read_text(encoding="utf-8"), "file"
    )
    proc.userdata["speech_models"] = SpeechModels.load(settings)


def _watch_turns(session: AgentSession[OrderDesk], clock: TurnClock) -> None:
    """Feeds the session's events into the turn clock."""

    def on_transcribed(event: UserInputTranscribedEvent) -> None:
        if event.is_final and event.transcript.strip():
            clock.user_transcript(event.transcript, event.created_at)

    def on_item(event: ConversationItemAddedEvent) -> None:
        item = event.item
        if not isinstance(item, ChatMessage) or item.role != "user":
            return
        stopped = item.metrics.get("stopped_speaking_at")
        if stopped:
            clock.end_of_speech(stopped, override=False)
        else:  # typed input: the message itself is the turn
            clock.user_transcript(item.text_content or "", event.created_at)

    def on_state(event: AgentStateChangedEvent) -> None:
        if event.new_state == "speaking":
            clock.agent_speaking(event.created_at)

    session.on("user_input_transcribed", on_transcribed)
    session.on("conversation_item_added", on_item)
    session.on("agent_state_changed", on_state)


async def entrypoint(ctx: JobContext) -> None:
    settings: AgentSettings = ctx.proc.userdata["settings"]
    models: SpeechModels = ctx.proc.userdata["speech_models"]
    dispatch = DispatchInfo.parse(ctx.job.metadata)
    mode = TurnMode(dispatch.turn_mode)
    ctx.log_context_fields = {"room": ctx.room.name, "kiosk_id": dispatch.kiosk_id}

    database_url = settings.database_url or default_database_url(settings.data_dir)
    store = await OrderStore.open(database_url, migrate=False)  # the worker migrated at start
    ctx.add_shutdown_callback(store.close)
    availability = AvailabilityStore(store)
    sells = await _session_menu(ctx.proc.userdata, MenuVersionStore(store))
    file_menu, matcher = sells.menu, sells.matcher
    menu = file_menu.with_availability(await _switches(availability) or {})
    desk = OrderDesk(
        menu,
        session_key=dispatch.resume_room or ctx.room.name,
        kiosk_id=dispatch.kiosk_id,
        store=store,
        matcher=matcher,
    )
    resumed = await desk.resume()

    await ctx.connect()
    _leave_the_room_when_orphaned(ctx)
    try:
        kiosk = await asyncio.wait_for(ctx.wait_for_participant(), KIOSK_GONE_SECONDS)
    except TimeoutError:
        # the kiosk made this room and waited in it: it left before this job started (it gave
        # up waiting and asked again elsewhere), so the slot goes to the next customer now
        logger.info("the kiosk left before its agent arrived", extra={"room": ctx.room.name})
        ctx.shutdown("the kiosk left before its agent arrived")
        return
    speech = build_session_speech(
        settings, models, menu, mode, SpeechTuning(settings.speech_tuning)
    )
    link: RoomLink | None = None
    clock = TurnClock(mode, publish=lambda metrics: link.publish_metrics(metrics) if link else None)
    agent = OrderingAgent(menu, session_tools(menu), greet=not resumed, observer=clock)
    session: AgentSession[OrderDesk] = AgentSession(
        llm=build_llm(settings, menu, desk), userdata=desk, **speech.session_kwargs()
    )
    _watch_turns(session, clock)
    turns = PushToTalk(session, clock, mode)
    link = RoomLink(
        ctx.room,
        desk,
        kiosk_identity=kiosk.identity,
        on_touch_change=agent.note_touch_change,
        on_session_end=lambda: ctx.shutdown("the kiosk ended the session"),
    )
    link.register_rpcs(
        extra={RPC_TURN_START: turns.start, RPC_TURN_END: turns.end, RPC_TURN_CANCEL: turns.cancel}
    )
    await link.send_menu(sells.yaml_text, sells.version)
    link.publish_current()
    link.publish_availability(menu.sold_out())
    ctx.add_shutdown_callback(link.aclose)
    follower = asyncio.create_task(
        _follow_availability(desk, file_menu, availability, link), name="availability"
    )

    async def stop_following() -> None:
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower

    ctx.add_shutdown_callback(stop_following)
    _end_when_the_kiosk_does_not_come_back(ctx, kiosk.identity)
    # the session closes when the kiosk leaves (or its link is lost for good): the job ends
    # then, not when LiveKit closes the empty room 20 s later, so its slot is free at once
    session.on(
        "close", lambda event: ctx.shutdown(f"the order session closed ({event.reason.value})")
    )

    await session.start(
        agent=agent,
        room=ctx.room,
        room_options=room_io.RoomOptions(
            audio_input=True,
            text_input=True,
            participant_identity=kiosk.identity,
        ),
        session_host=False,
    )
    turns.prepare()
    if resumed:
        session.say("Welcome back! Your order is still here. What else can I get you?")
    logger.info(
        "order session started",
        extra={"room": ctx.room.name, "resumed": resumed, "turn_mode": mode.value},
    )


_GUARDS: set[asyncio.Task[None]] = set()
LEAVE_TIMEOUT_SECONDS = 2.0


def _leave_the_room_when_orphaned(ctx: JobContext) -> None:
    """When the worker's main process dies, its job process tears itself down without leaving
    the room (the framework cancels the job; it does not disconnect), and LiveKit keeps the
    silent agent in the room for about 20 s while the kiosk waits for its heartbeat to stop.
    This task is cancelled last, as the job process's loop shuts down: if the room is still
    connected then, it leaves it, so the kiosk sees its agent go at once and asks for a new one
    (a standby worker serves it in seconds; bench/faults_bench.py, kill-worker-standby)."""

    async def guard() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            if ctx.room.isconnected():
                logger.warning("the job is ending without a shutdown: leaving the room")
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(ctx.room.disconnect(), LEAVE_TIMEOUT_SECONDS)
            raise

    task = asyncio.get_running_loop().create_task(guard(), name="leave-when-orphaned")
    _GUARDS.add(task)
    task.add_done_callback(_GUARDS.discard)


def _end_when_the_kiosk_does_not_come_back(ctx: JobContext, kiosk_identity: str) -> None:
    """After LiveKit reconnects this job's room (a server restart makes the room anew, under
    the same name), the kiosk is expected back within KIOSK_GONE_SECONDS; a kiosk that went on
    in a new room never comes back, and without this the job would hold its session slot and
    its process (and speech models) until the worker stops."""
    checks: set[asyncio.Task[None]] = set()

    async def check() -> None:
        await asyncio.sleep(KIOSK_GONE_SECONDS)
        if kiosk_identity not in ctx.room.remote_participants:
            logger.info("the kiosk did not come back after the room reconnected")
            ctx.shutdown("the kiosk did not come back after the room reconnected")

    def on_reconnected() -> None:
        task = asyncio.get_running_loop().create_task(check(), name="kiosk-back")
        checks.add(task)
        task.add_done_callback(checks.discard)

    ctx.room.on("reconnected", on_reconnected)

    async def stop_checking() -> None:
        for task in list(checks):
            task.cancel()

    ctx.add_shutdown_callback(stop_checking)


@dataclass(frozen=True)
class SessionMenu:
    """What one order session sells, and the text the kiosk is sent to show the same."""

    menu: Menu
    matcher: MenuMatcher
    yaml_text: str
    version: str
    """"file", or the stored version's number."""


async def _session_menu(userdata: dict[str, Any], versions: MenuVersionStore) -> SessionMenu:
    """What this session sells: the menu version a manager activated, else the menu file. A
    session keeps it to the end (its cart's prices do not change under the customer); the next
    session sees a newer one. Parsed menus and their matchers are kept per job process."""
    file_menu: SessionMenu = userdata["menu"]
    try:
        active = await versions.active()
    except Exception:
        logger.warning("cannot read the active menu version; using the menu file")
        active = None
    if active is None:
        return file_menu
    cache: dict[int, SessionMenu] = userdata.setdefault("menu_versions", {})
    if active.id not in cache:
        try:
            menu = active.menu()
        except MenuError:
            logger.error("the active menu version does not load; using the menu file")
            return file_menu
        cache[active.id] = SessionMenu(menu, MenuMatcher(menu), active.yaml_text, str(active.id))
    return cache[active.id]


AVAILABILITY_POLL_SECONDS = 1.0
"""How often a session looks at staff's sold-out switches (a change applies within ~1 s)."""


async def _switches(availability: AvailabilityStore) -> dict[str, bool] | None:
    """Staff's sold-out switches, or None when the database cannot say (an order carries on
    with what it knew)."""
    try:
        return await availability.overrides()
    except Exception:
        logger.warning("cannot read the sold-out switches")
        return None


async def _follow_availability(
    desk: OrderDesk, file_menu: Menu, availability: AvailabilityStore, link: RoomLink
) -> None:
    """Applies staff's sold-out switches to a running session: the desk (and so every tool)
    refuses what ran out, and the kiosk greys it out."""
    shown = desk.menu.sold_out()
    while True:
        await asyncio.sleep(AVAILABILITY_POLL_SECONDS)
        switches = await _switches(availability)
        if switches is None:
            continue
        menu = file_menu.with_availability(switches)
        if menu.sold_out() != shown:
            desk.menu = menu
            shown = menu.sold_out()
            link.publish_availability(shown)
            logger.info("sold-out items changed", extra={"sold_out": sorted(shown)})


def build_server(settings: AgentSettings) -> KioskAgentServer:
    server = KioskAgentServer(
        ws_url=settings.livekit_url,
        api_key=settings.livekit_api_key,
        api_secret=settings.livekit_api_secret.get_secret_value(),
        max_retry=settings.agent_connect_retries,
        host=settings.agent_http_host,
        port=settings.agent_http_port,
        setup_fnc=prewarm,
        max_sessions=settings.agent_max_sessions,
        num_idle_processes=min(settings.agent_idle_processes, settings.agent_max_sessions),
        initialize_process_timeout=settings.agent_process_start_timeout,
        # imported once in the forkserver, shared by every job process (copy-on-write): a job
        # process then only loads its models instead of importing the project for seconds
        preload_modules=list(PRELOADED_MODULES),
    )
    server.rtc_session(entrypoint, agent_name=settings.agent_name)

    def on_registered(worker_id: str, _server_info: Any) -> None:
        logger.info(
            REGISTERED_LOG_MESSAGE,
            extra={"worker_id": worker_id, "agent_name": settings.agent_name},
        )

    server.on("worker_registered", on_registered)
    return server


async def prepare_database(settings: AgentSettings) -> None:
    """Migrates the order database once, before any job process opens it."""
    store = await OrderStore.open(settings.database_url or default_database_url(settings.data_dir))
    await store.close()


def run_worker(settings: AgentSettings, *, dev: bool) -> None:
    """Runs the worker until a signal stops it; WorkerConnectionError if it cannot connect."""
    asyncio.run(prepare_database(settings))
    server = build_server(settings)
    agents_cli._run_worker(
        server,
        agents_proto.CliArgs(
            log_level=settings.log_level.upper(),
            log_format="colored" if dev else "json",
            dev=dev,
        ),
    )
    if server.failure is not None:
        raise WorkerConnectionError(
            f"could not connect to the LiveKit server at {settings.livekit_url} "
            f"after {settings.agent_connect_retries} retries"
        ) from server.failure
