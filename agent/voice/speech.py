"""Speech providers and turn-taking for a session: offline models by default, the seed's
Deepgram stack when keys are set, push-to-talk or hands-free per session.

Models are loaded once per job process (`SpeechModels.load`, from the worker's prewarm);
`build_session_speech` assembles what one AgentSession needs.

Echo: the agent assumes the customer's audio is clean. The kiosk runs the rtc SDK's echo
cancellation and noise suppression on its microphone, so the agent's own voice coming out of the
kiosk speaker does not come back as customer speech (which would interrupt it in hands-free mode).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from livekit.agents import inference, stt, tts
from livekit.agents.vad import VAD
from livekit.agents.voice.turn import TurnHandlingOptions

from agent.core.errors import ConfigError
from agent.core.menu import Menu
from agent.core.protocol import TurnMode
from agent.core.settings import AgentSettings, ProviderChoice
from agent.providers.hibari_tts import HibariEngine, HibariTTS
from agent.providers.whisper_stt import WhisperEngine, WhisperSTT, menu_prompt

logger = logging.getLogger("kiosk.speech")

DEEPGRAM_STT_MODEL = "flux-general-en"
DEEPGRAM_EAGER_EOT_THRESHOLD = 0.3
DEEPGRAM_TTS_MODEL = "aura-asteria-en"


class SpeechTuning(StrEnum):
    """`tuned`: this product's latency settings; `defaults`: the framework's, for comparison."""

    TUNED = "tuned"
    DEFAULTS = "defaults"


# tuned hands-free: shorter silence before the VAD ends an utterance, shorter endpointing wait
TUNED_VAD_MIN_SILENCE = 0.3
TUNED_ENDPOINTING_MIN_DELAY = 0.2
TUNED_FALSE_INTERRUPTION_TIMEOUT = 1.0


def choose(
    choice: ProviderChoice, key_set: bool, variable: str, key: str
) -> Literal["cloud", "local"]:
    if choice is ProviderChoice.LOCAL:
        return "local"
    if choice is ProviderChoice.CLOUD:
        if not key_set:
            raise ConfigError(f"invalid configuration: {variable} is cloud but {key} is not set")
        return "cloud"
    return "cloud" if key_set else "local"


def stt_choice(settings: AgentSettings) -> Literal["cloud", "local"]:
    return choose(
        settings.stt_provider,
        settings.deepgram_api_key is not None,
        "STT_PROVIDER",
        "DEEPGRAM_API_KEY",
    )


def tts_choice(settings: AgentSettings) -> Literal["cloud", "local"]:
    return choose(
        settings.tts_provider,
        settings.deepgram_api_key is not None,
        "TTS_PROVIDER",
        "DEEPGRAM_API_KEY",
    )


@dataclass
class SpeechModels:
    """Offline models a job process keeps loaded (only those its settings need)."""

    whisper: WhisperEngine | None
    hibari: HibariEngine | None
    vad: VAD
    vad_defaults: VAD

    @classmethod
    def load(cls, settings: AgentSettings) -> SpeechModels:
        from livekit.plugins import silero

        whisper = WhisperEngine(settings.stt_model_dir) if stt_choice(settings) == "local" else None
        if whisper is not None:
            whisper.warm_up()
        hibari = HibariEngine() if tts_choice(settings) == "local" else None
        if hibari is not None:
            hibari.warm_up()
        inference.TurnDetector(version="v1-mini")  # loads the bundled end-of-turn model
        return cls(
            whisper=whisper,
            hibari=hibari,
            vad=silero.VAD.load(min_silence_duration=TUNED_VAD_MIN_SILENCE),
            vad_defaults=silero.VAD.load(),
        )


@dataclass
class SessionSpeech:
    """The AgentSession arguments for one session's speech and turn-taking."""

    stt: stt.STT[Any]
    tts: tts.TTS[Any]
    vad: VAD | None
    turn_handling: TurnHandlingOptions

    def session_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "stt": self.stt,
            "tts": self.tts,
            "turn_handling": self.turn_handling,
        }
        if self.vad is not None:
            kwargs["vad"] = self.vad
        return kwargs


def build_stt(settings: AgentSettings, models: SpeechModels, menu: Menu) -> stt.STT[Any]:
    if stt_choice(settings) == "cloud":
        from livekit.plugins import deepgram

        assert settings.deepgram_api_key is not None
        return deepgram.STTv2(
            model=DEEPGRAM_STT_MODEL,
            eager_eot_threshold=DEEPGRAM_EAGER_EOT_THRESHOLD,
            api_key=settings.deepgram_api_key.get_secret_value(),
        )
    if models.whisper is None:
        raise ConfigError("invalid configuration: the offline speech model was not loaded")
    return WhisperSTT(models.whisper, prompt=menu_prompt(menu))


def build_tts(settings: AgentSettings, models: SpeechModels, *, tuned: bool = True) -> tts.TTS[Any]:
    if tts_choice(settings) == "cloud":
        from livekit.plugins import deepgram

        assert settings.deepgram_api_key is not None
        return deepgram.TTS(
            model=DEEPGRAM_TTS_MODEL, api_key=settings.deepgram_api_key.get_secret_value()
        )
    if models.hibari is None:
        raise ConfigError("invalid configuration: the offline voice was not loaded")
    return HibariTTS(models.hibari, trim=tuned)


def build_session_speech(
    settings: AgentSettings,
    models: SpeechModels,
    menu: Menu,
    mode: TurnMode,
    tuning: SpeechTuning = SpeechTuning.TUNED,
) -> SessionSpeech:
    tuned = tuning is SpeechTuning.TUNED
    speech_to_text = build_stt(settings, models, menu)
    text_to_speech = build_tts(settings, models, tuned=tuned)
    if mode is TurnMode.PUSH_TO_TALK:
        # turns are opened and committed by the kiosk's turn.* RPCs; tuned, the STT transcribes
        # the buffered turn at once on commit (manual flush). The framework's default for a
        # batch STT is a VAD stream adapter, which commits only after trailing silence.
        manual: TurnHandlingOptions = {
            "turn_detection": "manual",
            "interruption": {"enabled": False},
        }
        if tuned or not isinstance(speech_to_text, WhisperSTT):
            return SessionSpeech(
                stt=speech_to_text, tts=text_to_speech, vad=None, turn_handling=manual
            )
        adapted = stt.StreamAdapter(stt=speech_to_text, vad=models.vad_defaults)
        return SessionSpeech(
            stt=adapted, tts=text_to_speech, vad=models.vad_defaults, turn_handling=manual
        )
    voice_activity = models.vad if tuned else models.vad_defaults
    if isinstance(speech_to_text, WhisperSTT):
        speech_to_text = stt.StreamAdapter(stt=speech_to_text, vad=voice_activity)
    turn_handling: TurnHandlingOptions = {
        "turn_detection": inference.TurnDetector(version="v1-mini"),
        "interruption": {"enabled": True, "resume_false_interruption": True},
    }
    if tuned:
        turn_handling["endpointing"] = {"min_delay": TUNED_ENDPOINTING_MIN_DELAY}
        turn_handling["interruption"]["false_interruption_timeout"] = (
            TUNED_FALSE_INTERRUPTION_TIMEOUT
        )
        turn_handling["preemptive_generation"] = {"enabled": True, "preemptive_tts": True}
    return SessionSpeech(
        stt=speech_to_text, tts=text_to_speech, vad=voice_activity, turn_handling=turn_handling
    )
