"""The offline TTS produces real speech through the LiveKit TTS interface."""

from __future__ import annotations

import numpy as np
import pytest
from livekit import rtc

from agent.providers.hibari_tts import SAMPLE_RATE, HibariEngine, HibariTTS
from kiosk.session import frame_level_dbfs


@pytest.fixture(scope="module")
def engine() -> HibariEngine:
    return HibariEngine()


def first_audible_ms(frame: rtc.AudioFrame, window_ms: int = 50) -> int:
    """Where the first 50 ms window louder than -40 dBFS starts."""
    samples = np.frombuffer(frame.data, dtype=np.int16)
    step = frame.sample_rate * window_ms // 1000
    for start in range(0, samples.size - step, step):
        window = rtc.AudioFrame(samples[start : start + step].tobytes(), frame.sample_rate, 1, step)
        if frame_level_dbfs(window) > -40.0:
            return start * 1000 // frame.sample_rate
    raise AssertionError("no audible window")


async def test_synthesize_returns_audible_speech(engine: HibariEngine) -> None:
    tts = HibariTTS(engine)
    short = await tts.synthesize("Hi.").collect()
    frame = await tts.synthesize("Hi, welcome! What can I get for you today?").collect()
    assert frame.sample_rate == SAMPLE_RATE
    assert frame.num_channels == 1
    # speech, not a fixed clip: nine words take several times as long as one
    assert frame.duration > 3 * short.duration
    assert frame_level_dbfs(frame) > -35.0
    # the model's ~300 ms lead-in silence is trimmed: the customer hears speech at once
    assert first_audible_ms(frame) <= 100
    untrimmed = await HibariTTS(engine, trim=False).synthesize("Hi, welcome!").collect()
    assert first_audible_ms(untrimmed) > first_audible_ms(frame)


async def test_each_sentence_is_synthesized_separately(engine: HibariEngine) -> None:
    assert len(engine.sentences("One burger. Two fries! Anything else?")) == 3


async def test_empty_text_gives_no_audio(engine: HibariEngine) -> None:
    tts = HibariTTS(engine)
    frames = [event.frame async for event in tts.synthesize("")]
    samples = sum(np.frombuffer(f.data, dtype=np.int16).size for f in frames)
    assert samples == 0
