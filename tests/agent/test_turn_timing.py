"""Per-turn latency breakdown from the agent's own timestamps."""

from __future__ import annotations

from agent.core.protocol import TurnMetrics, TurnMode
from agent.voice.turn_timing import TurnClock


def test_a_turn_is_measured_from_the_end_of_speech() -> None:
    published: list[TurnMetrics] = []
    clock = TurnClock(TurnMode.PUSH_TO_TALK, published.append)
    clock.agent_speaking(at=5.0)  # the greeting: no customer turn yet, nothing to report
    clock.end_of_speech(100.0)
    clock.user_transcript("two cheeseburgers", at=100.35)
    clock.llm_first_token(at=100.36)
    clock.tts_first_audio(at=100.41)
    clock.agent_speaking(at=100.42)
    (metrics,) = published
    assert metrics.turn == 1 and metrics.mode == "push_to_talk"
    assert metrics.transcript == "two cheeseburgers"
    assert (metrics.transcript_ms, metrics.llm_first_token_ms, metrics.tts_first_audio_ms) == (
        350.0,
        360.0,
        410.0,
    )
    assert metrics.first_frame_published_ms == 420.0
    clock.agent_speaking(at=101.0)  # more speech in the same reply is not a new turn
    assert len(published) == 1


def test_hands_free_keeps_the_measured_end_of_speech() -> None:
    published: list[TurnMetrics] = []
    clock = TurnClock(TurnMode.HANDS_FREE, published.append)
    clock.end_of_speech(10.0, override=False)
    clock.end_of_speech(10.5, override=False)
    clock.user_transcript("a coffee", at=10.8)
    clock.llm_first_token()
    clock.tts_first_audio()
    clock.agent_speaking(at=11.0)
    assert published[0].first_frame_published_ms == 1000.0
    assert published[0].llm_first_token_ms is not None
