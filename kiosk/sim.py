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
from typing import Annotated, Any

import typer

from agent.config import exit_with_config_error, load_settings
from agent.errors import ConfigError
from kiosk.errors import KioskError
from kiosk.events import AgentStateChanged, Caption, SessionEvent
from kiosk.session import OrderSession, SessionConfig
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
        self.listening = False
        self.captions: list[str] = []

    def __call__(self, event: SessionEvent) -> bool:
        if isinstance(event, AgentStateChanged):
            if event.state == "speaking":
                self.spoke = True
            self.listening = event.state == "listening"
        elif isinstance(event, Caption) and event.speaker == "agent" and event.final:
            self.captions.append(event.text)
        return self.spoke and self.listening and bool(self.captions)


async def run_session(
    config: SessionConfig, *, reply_timeout: float, typed: list[str] | None = None
) -> int:
    """Runs one session: the greeting, then each typed turn. The last line printed is `done`
    or `error`, after the room is left."""
    session = OrderSession(config)
    session.add_listener(lambda event: print_line(event.to_dict()))
    outcome: dict[str, Any]
    greeting = ReplyWatcher()
    try:
        await session.start()
        await session.wait_for_agent()
        greeting.spoke = session.agent_state == "speaking"
        async with asyncio.timeout(reply_timeout):
            await session.next_event(greeting)
        for index, text in enumerate(typed or [], start=1):
            watcher = ReplyWatcher()
            await session.send_text(text)
            async with asyncio.timeout(reply_timeout):
                await session.next_event(watcher)
            cart = session.cart.model_dump(mode="json") if session.cart else None
            print_line(
                {
                    "event": "turn",
                    "turn": index,
                    "text": text,
                    "agent": watcher.captions,
                    "cart": cart,
                }
            )
        outcome = {
            "event": "done",
            "room": session.room_name,
            "agent_captions": greeting.captions,
            "cart": session.cart.model_dump(mode="json") if session.cart else None,
        }
    except KioskError as exc:
        outcome = {"event": "error", "message": str(exc)}
    except TimeoutError:
        message = f"the agent did not finish a reply within {reply_timeout:.0f} s"
        outcome = {"event": "error", "message": message}
    finally:
        await session.close()
    print_line(outcome)
    return 0 if outcome["event"] == "done" else FAILED_EXIT_CODE


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
    log_level: Annotated[str, typer.Option(help="Log level for stderr.")] = "WARNING",
) -> None:
    """Join a new order room, hear the greeting, optionally type turns; print JSON lines."""
    logging.basicConfig(level=log_level.upper(), stream=sys.stderr)
    try:
        settings = load_settings(KioskSettings)
    except ConfigError as exc:
        exit_with_config_error(exc)
    config = SessionConfig.from_settings(settings)
    if agent_timeout is not None:
        config = dataclasses.replace(config, agent_join_timeout=agent_timeout)
    code = asyncio.run(run_session(config, reply_timeout=reply_timeout, typed=typed))
    exit_process(code)


def main() -> None:
    typer.run(main_command)


if __name__ == "__main__":
    main()
