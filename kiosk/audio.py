"""Audio the kiosk sends: a microphone track fed by a real device (Qt app) or by WAV files
(`FileMicrophone`, for kiosk-sim, tests and headless runs).

A microphone always streams: silence between utterances, like a real one, so the agent's voice
activity detection sees the end of each utterance.
"""

from __future__ import annotations

import asyncio
import logging
import time
import wave
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np
from livekit import rtc

from kiosk.errors import KioskError

logger = logging.getLogger("kiosk.audio")

SAMPLE_RATE = 48_000
FRAME_MS = 20
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000
TRACK_NAME = "microphone"

Samples = np.ndarray[Any, np.dtype[np.int16]]


class AudioFileError(KioskError):
    """A WAV file that cannot be played as customer speech."""


def read_wav(path: Path) -> Samples:
    """16-bit PCM WAV (any rate, mono or stereo) → mono 48 kHz int16 samples."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2:
                raise AudioFileError(f"{path}: only 16-bit PCM WAV files are supported")
            rate, channels = wav.getframerate(), wav.getnchannels()
            data = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
    except (OSError, wave.Error, EOFError) as exc:
        raise AudioFileError(f"{path}: cannot read the WAV file ({exc})") from exc
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1).astype(np.int16)
    if rate == SAMPLE_RATE or data.size == 0:
        return data
    resampler = rtc.AudioResampler(rate, SAMPLE_RATE, num_channels=1)
    frame = rtc.AudioFrame(data.tobytes(), rate, 1, data.size)
    chunks = [
        np.frombuffer(f.data, dtype=np.int16) for f in (*resampler.push(frame), *resampler.flush())
    ]
    return np.concatenate(chunks) if chunks else data[:0]


class FileMicrophone:
    """A microphone that says WAV files on request and is silent otherwise."""

    def __init__(self) -> None:
        self.source = rtc.AudioSource(SAMPLE_RATE, 1, queue_size_ms=200)
        self.track = rtc.LocalAudioTrack.create_audio_track(TRACK_NAME, self.source)
        self._pending: deque[tuple[Samples, asyncio.Future[float]]] = deque()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._pump(), name="file-microphone"
            )

    async def say(self, samples: Samples) -> float:
        """Plays `samples` in real time; returns the wall-clock time the last sample is heard."""
        done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._pending.append((samples, done))
        return await done

    async def _pump(self) -> None:
        silence = np.zeros(FRAME_SAMPLES, dtype=np.int16)
        next_at = time.monotonic()
        clip: Samples | None = None
        position = 0
        finished: asyncio.Future[float] | None = None
        while True:
            if clip is None and self._pending:
                clip, finished = self._pending.popleft()
                position = 0
            if clip is not None:
                chunk = clip[position : position + FRAME_SAMPLES]
                position += FRAME_SAMPLES
                if chunk.size < FRAME_SAMPLES:
                    chunk = np.concatenate([chunk, silence[: FRAME_SAMPLES - chunk.size]])
            else:
                chunk = silence
            frame = rtc.AudioFrame(chunk.tobytes(), SAMPLE_RATE, 1, FRAME_SAMPLES)
            await self.source.capture_frame(frame)
            if clip is not None and position >= clip.size:
                heard_at = time.time() + self.source.queued_duration
                if finished is not None and not finished.done():
                    finished.set_result(heard_at)
                clip, finished = None, None
            next_at += FRAME_MS / 1000
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            except Exception:
                logger.exception("the file microphone had stopped")
        for _samples, done in self._pending:
            done.cancel()
        await self.source.aclose()
