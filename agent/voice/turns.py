"""Push-to-talk turns driven by the kiosk's RPCs.

`turn.start` interrupts the agent and opens a turn (the customer's audio is listened to),
`turn.end` closes and commits it (transcribed at once, then answered), `turn.cancel` discards
it. In a hands-free session these calls are refused: voice activity decides turns there.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from livekit.agents import AgentSession

from agent.core.protocol import EmptyRequest, RpcReply, TurnMode, parse_request
from agent.ordering import OrderError
from agent.voice.turn_timing import TurnClock

logger = logging.getLogger("kiosk.turns")

TRANSCRIPT_TIMEOUT_SECONDS = 30.0
"""How long a committed turn waits for its transcript. The framework answers an empty turn
when this runs out and the late words are lost, so it is generous: on a loaded 2-core box
(three sessions talking while the worker warms a new job process) the offline recogniser took
13.6 s for 2 s of audio; a slow answer beats "Sorry, I didn't catch that"."""


class PushToTalk:
    def __init__(self, session: AgentSession[Any], clock: TurnClock, mode: TurnMode) -> None:
        self._session = session
        self._clock = clock
        self._mode = mode
        self._open = False

    def prepare(self) -> None:
        """Before the first turn the customer's audio is not listened to."""
        if self._mode is TurnMode.PUSH_TO_TALK:
            self._session.input.set_audio_enabled(False)

    def _check(self, payload: str) -> None:
        parse_request(EmptyRequest, payload)
        if self._mode is not TurnMode.PUSH_TO_TALK:
            raise OrderError("This session is hands-free; just speak.")

    async def start(self, payload: str) -> RpcReply:
        self._check(payload)
        self._session.interrupt()
        self._session.clear_user_turn()
        self._session.input.set_audio_enabled(True)
        self._open = True
        return RpcReply(ok=True)

    async def end(self, payload: str) -> RpcReply:
        self._check(payload)
        if not self._open:
            raise OrderError("No turn is open; press the talk button first.")
        self._clock.end_of_speech(time.time())
        self._session.input.set_audio_enabled(False)
        self._session.commit_user_turn(transcript_timeout=TRANSCRIPT_TIMEOUT_SECONDS)
        self._open = False
        return RpcReply(ok=True)

    async def cancel(self, payload: str) -> RpcReply:
        self._check(payload)
        self._session.input.set_audio_enabled(False)
        self._session.clear_user_turn()
        self._open = False
        return RpcReply(ok=True)
