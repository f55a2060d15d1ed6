"""The LiveKit Agents worker: registers under the agent name and serves one order per room."""

from __future__ import annotations

import logging
from typing import Any

from livekit.agents import (
    Agent,
    AgentServer,
    AgentSession,
    JobContext,
    JobProcess,
    room_io,
)
from livekit.agents.cli import cli as agents_cli
from livekit.agents.cli import proto as agents_proto

from agent.config import load_settings
from agent.errors import WorkerConnectionError
from agent.providers.hibari_tts import HibariEngine, HibariTTS
from agent.settings import AgentSettings

logger = logging.getLogger("kiosk.agent")

GREETING = "Hi, welcome! What can I get for you today?"
INSTRUCTIONS = (
    "You are the friendly voice of a restaurant's ordering kiosk. Keep replies short and "
    "spoken-style: no lists, no markdown, no emoji."
)

REGISTERED_LOG_MESSAGE = "agent worker registered"


class KioskAgent(Agent):
    def __init__(self) -> None:
        super().__init__(instructions=INSTRUCTIONS)

    async def on_enter(self) -> None:
        self.session.say(GREETING, allow_interruptions=True)


class KioskAgentServer(AgentServer):
    """An AgentServer that remembers why it stopped, so the CLI can exit non-zero.

    The framework logs a failed connection and returns normally (exit code 0); a kiosk fleet's
    supervisor must see the failure instead.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.failure: BaseException | None = None

    async def run(self, *, devmode: bool = False, unregistered: bool = False) -> None:
        try:
            await super().run(devmode=devmode, unregistered=unregistered)
        except Exception as exc:
            self.failure = exc
            raise


def prewarm(proc: JobProcess) -> None:
    """Runs once per job process before it takes a job: settings and models are loaded here."""
    settings = load_settings(AgentSettings)
    engine = HibariEngine()
    engine.warm_up()
    proc.userdata["settings"] = settings
    proc.userdata["tts_engine"] = engine


async def entrypoint(ctx: JobContext) -> None:
    ctx.log_context_fields = {"room": ctx.room.name}
    engine: HibariEngine = ctx.proc.userdata["tts_engine"]
    session: AgentSession[None] = AgentSession(tts=HibariTTS(engine))
    await session.start(
        agent=KioskAgent(),
        room=ctx.room,
        room_options=room_io.RoomOptions(audio_input=False, text_input=False),
        session_host=False,
    )
    logger.info("order session started", extra={"room": ctx.room.name})


def build_server(settings: AgentSettings) -> KioskAgentServer:
    server = KioskAgentServer(
        ws_url=settings.livekit_url,
        api_key=settings.livekit_api_key,
        api_secret=settings.livekit_api_secret.get_secret_value(),
        max_retry=settings.agent_connect_retries,
        host=settings.agent_http_host,
        port=settings.agent_http_port,
        setup_fnc=prewarm,
    )
    server.rtc_session(entrypoint, agent_name=settings.agent_name)

    def on_registered(worker_id: str, _server_info: Any) -> None:
        logger.info(
            REGISTERED_LOG_MESSAGE,
            extra={"worker_id": worker_id, "agent_name": settings.agent_name},
        )

    server.on("worker_registered", on_registered)
    return server


def run_worker(settings: AgentSettings, *, dev: bool) -> None:
    """Runs the worker until a signal stops it; WorkerConnectionError if it cannot connect."""
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
