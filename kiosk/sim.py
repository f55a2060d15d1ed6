"""`kiosk-sim`: a headless kiosk that joins an order room like the app and prints JSON lines.

Each line is one event: joined, agent_joined, agent_state, agent_audio_subscribed, agent_audio,
caption, ... and a last `{"event": "done", ...}` or `{"event": "error", ...}` line. It is the
test and benchmark client.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from agent.core.config import CONFIG_EXIT_CODE, exit_with_config_error, load_settings
from agent.core.errors import ConfigError
from agent.core.protocol import TurnMode
from kiosk.audio import FileMicrophone, read_wav
from kiosk.errors import AgentUnavailableError, KioskError
from kiosk.events import (
    AgentAudio,
    AgentStateChanged,
    Caption,
    OrderConfirmed,
    SessionEvent,
    TurnTimed,
)
from kiosk.session import ASSISTANTS_BUSY, OrderSession, SessionConfig
from kiosk.settings import KioskSettings
from kiosk.shutdown import exit_process

logger = logging.getLogger("kiosk.sim")

FAILED_EXIT_CODE = 1


def print_line(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, separators=(",", ":")) + "\n")
    sys.stdout.flush()


class ReplyWatcher:
    """Tells when the agent has finished a reply: it spoke, is listening again, and the
    caption of what it said is final."""

    def __init__(self, *, already_speaking: bool = False) -> None:
        self.spoke = already_speaking
        self.spoke_at: float | None = None
        """When (monotonic) the agent began to speak its reply, if this watcher saw it."""
        self.listening = False
        self.captions: list[str] = []
        self.done = asyncio.Event()

    def observe(self, event: SessionEvent) -> None:
        """A listener: sets `done` when the reply is complete."""
        if self(event):
            self.done.set()

    def __call__(self, event: SessionEvent) -> bool:
        if isinstance(event, AgentStateChanged):
            if event.state == "speaking":
                self.spoke = True
                self.spoke_at = self.spoke_at or time.monotonic()
            self.listening = event.state == "listening"
        elif isinstance(event, Caption) and event.speaker == "agent" and event.final:
            self.captions.append(event.text)
        return self.spoke and self.listening and bool(self.captions)


PTT_PRESS_LEAD = 0.3
"""A customer starts talking a moment after pressing the talk button."""
PTT_RELEASE_DELAY = 0.15
"""A customer lets go of the talk button a moment after the last word; the audio in flight
reaches the agent before the turn is committed."""


@dataclass
class TurnRecord:
    """What happened in one customer turn, as the kiosk saw it."""

    started_at: float = field(default_factory=time.time)
    customer: dict[str, str] = field(default_factory=dict)  # segment id → final text
    agent_audio_at: list[float] = field(default_factory=list)
    metrics: dict[str, Any] | None = None

    def __call__(self, event: SessionEvent) -> None:
        if isinstance(event, Caption) and event.speaker == "customer" and event.final:
            self.customer[event.segment_id] = event.text
        elif isinstance(event, AgentAudio) and event.t >= self.started_at:
            self.agent_audio_at.append(event.t)
        elif isinstance(event, TurnTimed):
            self.metrics = event.metrics.model_dump(mode="json")

    def latency_ms(self, end_of_speech: float) -> float | None:
        after = [t for t in self.agent_audio_at if t >= end_of_speech]
        return round((after[0] - end_of_speech) * 1000.0, 1) if after else None


async def _spoken_turn(
    session: OrderSession, microphone: FileMicrophone, wav: Path, mode: TurnMode
) -> tuple[TurnRecord, float]:
    """Says one WAV file; returns what happened and when the customer's speech ended."""
    samples = read_wav(wav)
    record = TurnRecord()
    session.add_listener(record)
    if mode is TurnMode.PUSH_TO_TALK:
        reply = await session.turn_start()
        if not reply.ok:
            raise KioskError(f"turn.start refused: {reply.error}")
        await asyncio.sleep(PTT_PRESS_LEAD)
        heard_at = await microphone.say(samples)
        await asyncio.sleep(max(0.0, heard_at + PTT_RELEASE_DELAY - time.time()))
        end_of_speech = time.time()
        reply = await session.turn_end()
        if not reply.ok:
            raise KioskError(f"turn.end refused: {reply.error}")
    else:
        end_of_speech = await microphone.say(samples)
    return record, end_of_speech


Emit = Callable[[dict[str, Any]], None]


async def join_served(
    config: SessionConfig,
    *,
    microphone: FileMicrophone | None,
    emit: Emit,
    wait_for_agent: float,
) -> tuple[OrderSession, ReplyWatcher]:
    """A session an agent serves, and the watcher of its greeting. Like the kiosk, a room no
    agent joined in time (every worker full, or none registered yet) is left and a new one
    asked for, continuing the same order (`config.resume_room`), with a `waiting` line saying
    what the customer is told, until `wait_for_agent` seconds have passed; then
    AgentUnavailableError."""
    give_up_at = time.monotonic() + wait_for_agent
    while True:
        session = OrderSession(config, microphone=microphone)
        session.add_listener(lambda event: emit(event.to_dict()))
        try:
            await session.start()
            await session.wait_for_agent()
        except AgentUnavailableError as exc:
            await session.close()
            if time.monotonic() >= give_up_at:
                raise
            # the next room continues the same order: from the room given (if any), never from
            # this one, which no agent joined and under which nothing is saved
            emit({"event": "waiting", "message": ASSISTANTS_BUSY, "reason": str(exc)})
            continue
        except BaseException:
            await session.close()
            raise
        return session, ReplyWatcher(already_speaking=session.agent_state == "speaking")


async def run_session(
    config: SessionConfig,
    *,
    reply_timeout: float,
    typed: list[str] | None = None,
    spoken: list[Path] | None = None,
    wait_for_agent: float = 0.0,
    emit: Emit = print_line,
) -> int:
    """Runs one session: the greeting, then each typed or spoken turn, each time waiting for the
    agent's whole reply. The last line emitted is `done` or `error`, after the room is left."""
    microphone = FileMicrophone() if spoken else None
    session: OrderSession | None = None
    placed: list[dict[str, Any]] = []

    def on_placed(event: SessionEvent) -> None:
        if isinstance(event, OrderConfirmed):
            placed.append(event.order.model_dump(mode="json"))

    outcome: dict[str, Any]
    try:
        session, greeting = await join_served(
            config, microphone=microphone, emit=emit, wait_for_agent=wait_for_agent
        )
        session.add_listener(on_placed)
        async with asyncio.timeout(reply_timeout):
            await session.next_event(greeting)
        for index, text in enumerate(typed or [], start=1):
            watcher = ReplyWatcher()
            sent_at = time.monotonic()
            await session.send_text(text)
            async with asyncio.timeout(reply_timeout):
                await session.next_event(watcher)
            cart = session.cart.model_dump(mode="json") if session.cart else None
            emit(
                {
                    "event": "turn",
                    "turn": index,
                    "text": text,
                    "agent": watcher.captions,
                    "cart": cart,
                    # typed: until the agent starts to say its answer
                    "reply_ms": round((watcher.spoke_at - sent_at) * 1000.0, 1)
                    if watcher.spoke_at
                    else None,
                }
            )
        for index, wav in enumerate(spoken or [], start=1):
            assert microphone is not None
            watcher = ReplyWatcher()
            stop_watching = session.add_listener(watcher.observe)
            record, end_of_speech = await _spoken_turn(session, microphone, wav, config.turn_mode)
            async with asyncio.timeout(reply_timeout):
                await watcher.done.wait()
            stop_watching()
            cart = session.cart.model_dump(mode="json") if session.cart else None
            emit(
                {
                    "event": "turn",
                    "turn": index,
                    "mode": config.turn_mode.value,
                    "audio": str(wav),
                    "transcript": " ".join(dict.fromkeys(record.customer.values())),
                    "agent": watcher.captions,
                    "cart": cart,
                    "end_of_speech_t": end_of_speech,
                    "latency_ms": record.latency_ms(end_of_speech),
                    "agent_metrics": record.metrics,
                }
            )
        outcome = {
            "event": "done",
            "room": session.room_name,
            "agent_captions": greeting.captions,
            "cart": session.cart.model_dump(mode="json") if session.cart else None,
            "placed": placed,
        }
    except KioskError as exc:
        outcome = {"event": "error", "message": str(exc), "placed": placed}
    except TimeoutError:
        message = f"the agent did not finish a reply within {reply_timeout:.0f} s"
        outcome = {"event": "error", "message": message, "placed": placed}
    finally:
        if session is not None:
            await session.close()
        if microphone is not None:
            await microphone.aclose()
    emit(outcome)
    return 0 if outcome["event"] == "done" else FAILED_EXIT_CODE


async def run_sessions(count: int, config: SessionConfig, **options: Any) -> int:
    """`count` kiosks at once, each its own kiosk id (`<id>-<n>`) and session; every line
    carries its `session` number. Fails if any session failed."""

    def tagged(index: int) -> Emit:
        return lambda payload: print_line({"session": index, **payload})

    codes = await asyncio.gather(
        *(
            run_session(
                dataclasses.replace(config, kiosk_id=f"{config.kiosk_id}-{index}"),
                emit=tagged(index),
                **options,
            )
            for index in range(1, count + 1)
        )
    )
    return max(codes)


def main_command(
    agent_timeout: Annotated[
        float | None, typer.Option(help="Seconds to wait for the agent to join (default: setting).")
    ] = None,
    reply_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for each agent reply.")
    ] = 60.0,
    typed: Annotated[
        list[str] | None,
        typer.Option("--type", help="Type this to the agent after the greeting (repeatable)."),
    ] = None,
    spoken: Annotated[
        list[Path] | None,
        typer.Option("--say", help="Say this WAV file as the customer (repeatable).", exists=True),
    ] = None,
    push_to_talk: Annotated[
        bool,
        typer.Option("--push-to-talk", help="Hold-to-talk turns (default: hands-free)."),
    ] = False,
    sessions: Annotated[
        int, typer.Option(min=1, max=64, help="Kiosks at once, each its own session.")
    ] = 1,
    wait_for_agent: Annotated[
        float,
        typer.Option(
            min=0,
            help="Keep asking for an agent this many seconds, like the kiosk, when none joins "
            "(every worker busy); 0: one attempt.",
        ),
    ] = 0.0,
    log_level: Annotated[str, typer.Option(help="Log level for stderr.")] = "WARNING",
) -> None:
    """Join a new order room, hear the greeting, optionally type turns; print JSON lines."""
    logging.basicConfig(level=log_level.upper(), stream=sys.stderr)
    try:
        settings = load_settings(KioskSettings)
    except ConfigError as exc:
        exit_with_config_error(exc)
    if typed and spoken:
        print("error: use either --type or --say turns in one session, not both", file=sys.stderr)
        raise SystemExit(CONFIG_EXIT_CODE)
    mode = TurnMode.PUSH_TO_TALK if push_to_talk else TurnMode.HANDS_FREE
    config = dataclasses.replace(SessionConfig.from_settings(settings), turn_mode=mode)
    if agent_timeout is not None:
        config = dataclasses.replace(config, agent_join_timeout=agent_timeout)
    options: dict[str, Any] = {
        "reply_timeout": reply_timeout,
        "typed": typed,
        "spoken": spoken,
        "wait_for_agent": wait_for_agent,
    }
    if sessions == 1:
        code = asyncio.run(run_session(config, **options))
    else:
        code = asyncio.run(run_sessions(sessions, config, **options))
    exit_process(code)


def main() -> None:
    typer.run(main_command)


if __name__ == "__main__":
    main()
