"""Offline text-to-speech: hibari-tts's bundled default voice as a LiveKit `tts.TTS`.

Only the default voice ships inside the package; any other voice downloads at run time, so this
module never passes one. Synthesis runs sentence by sentence in a worker thread so the event loop
(and the audio it carries) never stalls.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from typing import Any

import numpy as np
from livekit.agents import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions, tts
from numpy.typing import NDArray

SAMPLE_RATE = 24_000
NUM_CHANNELS = 1
# the model pads each sentence with ~300 ms of silence in front: keep a short lead-in only,
# so the reply is heard sooner, and a natural pause after each sentence
SILENCE_LEVEL = 10 ** (-50 / 20)
KEEP_LEAD_SECONDS = 0.03
KEEP_TAIL_SECONDS = 0.15
WINDOW = SAMPLE_RATE // 100


def trim_silence(audio: NDArray[np.float32]) -> NDArray[np.float32]:
    """Cuts leading silence to KEEP_LEAD_SECONDS and trailing silence to KEEP_TAIL_SECONDS."""
    windows = len(audio) // WINDOW
    if windows == 0:
        return audio
    frames = audio[: windows * WINDOW].reshape(windows, WINDOW)
    loud = np.flatnonzero(np.sqrt(np.mean(frames * frames, axis=1)) > SILENCE_LEVEL)
    if loud.size == 0:
        return audio[:0]
    start = max(0, loud[0] * WINDOW - int(KEEP_LEAD_SECONDS * SAMPLE_RATE))
    end = min(len(audio), (loud[-1] + 1) * WINDOW + int(KEEP_TAIL_SECONDS * SAMPLE_RATE))
    return audio[start:end]


class HibariEngine:
    """Loads the model and the grapheme-to-phoneme tables once; thread-safe synthesis."""

    def __init__(self) -> None:
        from hibari import SAMPLE_RATE as HIBARI_RATE
        from hibari import Hibari

        if HIBARI_RATE != SAMPLE_RATE:
            raise RuntimeError(
                f"hibari-tts produces {HIBARI_RATE} Hz audio, expected {SAMPLE_RATE}"
            )
        self._model: Any = Hibari()
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Loads the phonemizer and runs the model once so the first reply is fast."""
        self.synthesize_sentence(self.sentences("Warm up.")[0])

    def sentences(self, text: str) -> list[str]:
        with self._lock:
            return list(self._model.phonemize(text))

    def synthesize_sentence(self, phonemes: str, *, trim: bool = True) -> bytes:
        with self._lock:
            audio: NDArray[np.float32] = self._model.from_phonemes(phonemes)
        if trim:
            audio = trim_silence(audio)
        pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2")
        return pcm.tobytes()


class HibariTTS(tts.TTS[None]):
    """`trim=False` keeps the model's own silences (the untuned baseline in benchmarks)."""

    def __init__(self, engine: HibariEngine | None = None, *, trim: bool = True) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False),
            sample_rate=SAMPLE_RATE,
            num_channels=NUM_CHANNELS,
        )
        self._engine = engine or HibariEngine()
        self.trim = trim

    @property
    def model(self) -> str:
        return "hibari-heart"

    @property
    def provider(self) -> str:
        return "hibari-tts"

    @property
    def engine(self) -> HibariEngine:
        return self._engine

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> HibariChunkedStream:
        return HibariChunkedStream(tts=self, input_text=text, conn_options=conn_options)


class HibariChunkedStream(tts.ChunkedStream):
    def __init__(self, *, tts: HibariTTS, input_text: str, conn_options: APIConnectOptions) -> None:
        super().__init__(tts=tts, input_text=input_text, conn_options=conn_options)
        self._engine = tts.engine
        self._trim = tts.trim

    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        output_emitter.initialize(
            request_id=uuid.uuid4().hex,
            sample_rate=SAMPLE_RATE,
            num_channels=NUM_CHANNELS,
            mime_type="audio/pcm",
        )
        for phonemes in await asyncio.to_thread(self._engine.sentences, self.input_text):
            pcm = await asyncio.to_thread(
                self._engine.synthesize_sentence, phonemes, trim=self._trim
            )
            output_emitter.push(pcm)
        output_emitter.flush()
