"""The offline TTS produces real speech through the LiveKit TTS interface."""

from __future__ import annotations

import numpy as np
import pytest

from agent.providers.hibari_tts import SAMPLE_RATE, HibariEngine, HibariTTS
from kiosk.session import frame_level_dbfs


@pytest.fixture(scope="module")
def engine() -> HibariEngine:
    return HibariEngine()


async def test_synthesize_returns_audible_speech(engine: HibariEngine) -> None:
    tts = HibariTTS(engine)
    frame = await tts.synthesize("Hi, welcome! What can I get for you today?").collect()
    assert frame.sample_rate == SAMPLE_RATE
    assert frame.num_channels == 1
    assert 1.0 < frame.duration < 10.0
    assert frame_level_dbfs(frame) > -35.0


async def test_each_sentence_is_synthesized_separately(engine: HibariEngine) -> None:
    assert len(engine.sentences("One burger. Two fries! Anything else?")) == 3


async def test_empty_text_gives_no_audio(engine: HibariEngine) -> None:
    tts = HibariTTS(engine)
    frames = [event.frame async for event in tts.synthesize("")]
    samples = sum(np.frombuffer(f.data, dtype=np.int16).size for f in frames)
    assert samples == 0
