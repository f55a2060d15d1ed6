"""WAV files as the customer's microphone."""

from __future__ import annotations

import asyncio
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from kiosk.audio import SAMPLE_RATE, AudioFileError, FileMicrophone, read_wav


def _write(path: Path, samples: np.ndarray, rate: int, channels: int = 1, width: int = 2) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())
    return path


def test_read_wav_resamples_to_48k_mono(tmp_path: Path) -> None:
    tone = (8000 * np.sin(np.arange(16_000) * 2 * np.pi * 440 / 16_000)).astype(np.int16)
    mono = read_wav(_write(tmp_path / "a.wav", tone, 16_000))
    assert abs(mono.size - SAMPLE_RATE) < 100
    stereo = np.repeat(tone, 2)
    assert (
        abs(read_wav(_write(tmp_path / "b.wav", stereo, 16_000, channels=2)).size - SAMPLE_RATE)
        < 100
    )
    same = read_wav(_write(tmp_path / "c.wav", tone, SAMPLE_RATE))
    assert np.array_equal(same, tone)


def test_unusable_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AudioFileError, match="cannot read"):
        read_wav(tmp_path / "missing.wav")
    (tmp_path / "text.wav").write_text("not audio")
    with pytest.raises(AudioFileError, match="cannot read"):
        read_wav(tmp_path / "text.wav")
    eight_bit = _write(tmp_path / "8bit.wav", np.zeros(100, dtype=np.uint8), 8000, width=1)
    with pytest.raises(AudioFileError, match="16-bit"):
        read_wav(eight_bit)


async def test_file_microphone_says_clips_in_real_time() -> None:
    microphone = FileMicrophone()
    microphone.start()
    clip = np.zeros(SAMPLE_RATE // 2, dtype=np.int16)  # half a second
    try:
        started = time.time()
        heard_at = await asyncio.wait_for(microphone.say(clip), timeout=5)
        assert heard_at - started >= 0.45
    finally:
        await microphone.aclose()
