"""The kiosk's microphone and speaker.

- `DeviceAudio`: the real devices through the rtc SDK's media-devices helper (sounddevice),
  with the SDK's echo cancellation and noise suppression on the microphone; the speaker feeds
  the echo canceller's reverse stream, so the agent's voice never comes back as speech.
- `FileMicrophone` (kiosk.audio) plays WAV files instead, for tests and headless runs.
- `LevelMonitor` measures the published microphone for the on-screen meter, whatever the source.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from livekit import rtc

from kiosk.audio import TRACK_NAME
from kiosk.errors import KioskError
from kiosk.session import frame_level_dbfs

logger = logging.getLogger("kiosk.devices")

LEVEL_INTERVAL_SECONDS = 0.1


class AudioDeviceError(KioskError):
    """No usable microphone or speaker."""


class DeviceAudio:
    """Microphone and speaker of the kiosk (`input_device`/`output_device`: sounddevice
    indexes, or None for the system defaults)."""

    def __init__(self, input_device: int | None = None, output_device: int | None = None) -> None:
        self._input_device = input_device
        self._output_device = output_device
        self._devices: Any = None
        self._capture: Any = None
        self._player: Any = None
        self._track: rtc.LocalAudioTrack | None = None

    def open(self) -> None:
        """Opens both devices; AudioDeviceError with the reason if either is missing."""
        try:
            self._devices = rtc.MediaDevices()
            self._capture = self._devices.open_input(
                enable_aec=True,
                noise_suppression=True,
                high_pass_filter=True,
                auto_gain_control=True,
                input_device=self._input_device,
            )
            self._player = self._devices.open_output(output_device=self._output_device)
        except Exception as exc:  # PortAudio raises plain Exceptions for missing devices
            raise AudioDeviceError(f"audio devices are not available ({exc})") from exc
        self._track = rtc.LocalAudioTrack.create_audio_track(TRACK_NAME, self._capture.source)

    @property
    def track(self) -> rtc.LocalAudioTrack:
        if self._track is None:
            raise AudioDeviceError("the microphone is not open")
        return self._track

    def start(self) -> None:
        """Capture starts when the devices open; playback starts with the first track."""

    async def add_track(self, track: rtc.Track) -> None:
        if self._player is None:
            return
        await self._player.add_track(track)
        await self._player.start()

    def play_test_tone(self) -> str:
        """Plays a short two-note chime on the speaker (the staff panel's test); what happened,
        in words for the panel."""
        try:
            import numpy as np
            import sounddevice

            rate = 24_000
            t = np.arange(int(rate * 0.35)) / rate
            fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.02)
            notes = [0.3 * np.sin(2 * np.pi * f * t) * fade for f in (660.0, 880.0)]
            sounddevice.play(np.concatenate(notes).astype(np.float32), rate,
                             device=self._output_device)  # fmt: skip
        except Exception as exc:  # PortAudio raises plain Exceptions
            return f"The speaker could not play the test chime ({exc})."
        return "Playing a test chime: you should hear two notes."

    async def aclose(self) -> None:
        if self._player is not None:
            with contextlib.suppress(Exception):
                await self._player.aclose()
        if self._capture is not None:
            with contextlib.suppress(Exception):
                await self._capture.aclose()
        self._player = self._capture = None


class LevelMonitor:
    """Reports the microphone's level (dBFS, about ten times a second) to `on_level`."""

    def __init__(self, track: rtc.LocalAudioTrack, on_level: Callable[[float], None]) -> None:
        self._track = track
        self._on_level = on_level
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="mic-level")

    async def _run(self) -> None:
        stream = rtc.AudioStream.from_track(track=self._track, sample_rate=16_000)
        loudest, elapsed = -120.0, 0.0
        try:
            async for event in stream:
                loudest = max(loudest, frame_level_dbfs(event.frame))
                elapsed += event.frame.duration
                if elapsed >= LEVEL_INTERVAL_SECONDS:
                    self._on_level(loudest)
                    loudest, elapsed = -120.0, 0.0
        finally:
            with contextlib.suppress(Exception):
                await stream.aclose()

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def describe_devices() -> str:
    """What `kiosk --list-devices` prints: each microphone and speaker PortAudio sees, with
    the index to put in AUDIO_INPUT_DEVICE / AUDIO_OUTPUT_DEVICE and the defaults marked."""
    try:
        import sounddevice
    except OSError as exc:  # no PortAudio library on this machine
        return f"PortAudio is not available ({exc}): the kiosk takes orders by touch and typing."
    devices = list(sounddevice.query_devices())
    if not devices:
        return (
            "No microphone or speaker found (PortAudio sees no devices): the kiosk takes orders "
            "by touch and typing. Check that the sound server runs and the devices are connected."
        )
    default_in, default_out = sounddevice.default.device
    lines = ["index  in  out  device"]
    for index, device in enumerate(devices):
        marks = [
            *(["default microphone"] if index == default_in else []),
            *(["default speaker"] if index == default_out else []),
        ]
        note = f"  ({', '.join(marks)})" if marks else ""
        lines.append(
            f"{index:>5}  {device['max_input_channels']:>2}  {device['max_output_channels']:>3}  "
            f"{device['name']}{note}"
        )
    lines.append("Set AUDIO_INPUT_DEVICE / AUDIO_OUTPUT_DEVICE to an index to choose one.")
    return "\n".join(lines)
