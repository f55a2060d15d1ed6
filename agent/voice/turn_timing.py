"""Per-turn latency: end of the customer's speech (or `turn.end`) → final transcript → LLM first
token → TTS first audio → first frame published. Logged as one structured line per turn and
sent to the kiosk (`TurnMetrics` on topic `kiosk.metrics`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from agent.core.protocol import TurnMetrics, TurnMode

logger = logging.getLogger("kiosk.turns")


@dataclass
class _Turn:
    end_of_speech_t: float | None = None
    transcript: str = ""
    transcript_t: float | None = None
    llm_first_token_t: float | None = None
    tts_first_audio_t: float | None = None


def _ms(start: float | None, end: float | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start) * 1000.0, 1)


class TurnClock:
    """Collects the timestamps of the current customer turn; `agent_speaking` closes it."""

    def __init__(self, mode: TurnMode, publish: Callable[[TurnMetrics], None]) -> None:
        self._mode = mode
        self._publish = publish
        self._turn = _Turn()
        self._count = 0

    def end_of_speech(self, at: float | None = None, *, override: bool = True) -> None:
        """The customer stopped speaking (push-to-talk: `turn.end` arrived)."""
        if override or self._turn.end_of_speech_t is None:
            self._turn.end_of_speech_t = at if at is not None else time.time()

    def user_transcript(self, text: str, at: float | None = None) -> None:
        self._turn.transcript = text
        self._turn.transcript_t = at if at is not None else time.time()

    def llm_first_token(self, at: float | None = None) -> None:
        if self._turn.transcript_t is not None and self._turn.llm_first_token_t is None:
            self._turn.llm_first_token_t = at if at is not None else time.time()

    def tts_first_audio(self, at: float | None = None) -> None:
        if self._turn.transcript_t is not None and self._turn.tts_first_audio_t is None:
            self._turn.tts_first_audio_t = at if at is not None else time.time()

    def agent_speaking(self, at: float | None = None) -> None:
        """The first frame of the reply was published: the turn is complete."""
        turn = self._turn
        if turn.transcript_t is None:
            return  # the agent spoke on its own (greeting), not in answer to a turn
        published = at if at is not None else time.time()
        eos = turn.end_of_speech_t if turn.end_of_speech_t is not None else turn.transcript_t
        self._count += 1
        metrics = TurnMetrics(
            turn=self._count,
            mode=self._mode.value,
            transcript=turn.transcript,
            transcript_ms=_ms(eos, turn.transcript_t),
            llm_first_token_ms=_ms(eos, turn.llm_first_token_t),
            tts_first_audio_ms=_ms(eos, turn.tts_first_audio_t),
            first_frame_published_ms=_ms(eos, published),
            end_of_speech_t=eos,
        )
        self._turn = _Turn()
        logger.info(
            "turn timing",
            extra={
                k: v for k, v in metrics.model_dump().items() if k not in ("type", "transcript")
            },
        )
        self._publish(metrics)
