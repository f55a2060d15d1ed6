"""The real microphone and speaker path (sounddevice/PortAudio through ALSA's PulseAudio
plugin) with virtual devices: a PulseAudio server started by the test with two null sinks,
one whose monitor is the kiosk's microphone and one that is its speaker. A recorded customer
utterance played into the microphone reaches the agent as speech, and the agent's spoken
reply is recorded from the speaker and transcribed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from kiosk.ui.app import READY_LINE
from tests.audio_files import utterance
from tests.xserver import stop_process, xvfb

BIN_DIR = Path(sys.executable).parent
RATE = 16_000
FRAME = RATE // 10  # 100 ms
SPEECH_RMS = 300.0

pytestmark = pytest.mark.integration


@contextmanager
def pulse_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private PulseAudio server: sinks `speaker` and `micfeed`, source `mic` (what is
    played into `micfeed`); the variables that reach it (to add to a process's environment)."""
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        pytest.fail("PulseAudio is not installed (scripts/system-deps.sh installs it)")
    runtime = tmp_path / "pulse"
    runtime.mkdir(mode=0o700)
    reach = {"XDG_RUNTIME_DIR": str(runtime)}
    env = dict(os.environ) | reach | {"HOME": str(tmp_path)}  # the server's own files
    process = subprocess.Popen(
        ["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--disable-shm=yes",
         "--load=module-native-protocol-unix auth-anonymous=1",
         "--load=module-null-sink sink_name=speaker",
         "--load=module-null-sink sink_name=micfeed",
         "--load=module-remap-source master=micfeed.monitor source_name=mic"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"PulseAudio did not start (exit code {process.poll()})")
            time.sleep(0.2)
        for command in (["set-default-source", "mic"], ["set-default-sink", "speaker"]):
            subprocess.run(["pactl", *command], env=env, check=True, capture_output=True)
        yield reach
    finally:
        stop_process(process)


def _rms(frame: np.ndarray) -> float:
    return float(np.sqrt(np.mean(frame.astype(np.float64) ** 2)))


class SpeakerRecording:
    """Everything played on the `speaker` sink, as 16 kHz mono samples, while it runs."""

    def __init__(self, reach: dict[str, str]) -> None:
        env = dict(os.environ) | reach
        self._process = subprocess.Popen(
            ["parec", "--device=speaker.monitor", "--raw", "--format=s16le",
             f"--rate={RATE}", "--channels=1", "--latency-msec=50"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self._process.stdout is not None
        while chunk := self._process.stdout.read(FRAME * 2):
            with self._lock:
                self._chunks.append(chunk)

    def samples(self) -> np.ndarray:
        with self._lock:
            data = b"".join(self._chunks)
        return np.frombuffer(data[: len(data) // 2 * 2], dtype=np.int16)

    def wait_for_speech_then_quiet(self, since: int, timeout: float) -> tuple[int, int]:
        """Waits until something is said after sample `since` and then 1.5 s of quiet; the
        span said."""
        deadline = time.monotonic() + timeout
        start = end = None
        while time.monotonic() < deadline:
            audio = self.samples()[since:]
            frames = [audio[i : i + FRAME] for i in range(0, len(audio) - FRAME + 1, FRAME)]
            loud = [
                i
                for i, f in enumerate(frames)
                if np.sqrt(np.mean(f.astype(np.float64) ** 2)) > SPEECH_RMS
            ]
            if loud:
                start, end = since + loud[0] * FRAME, since + (loud[-1] + 1) * FRAME
                if len(frames) - (loud[-1] + 1) >= 15:
                    return start, end
            time.sleep(0.2)
        pytest.fail(f"nothing said on the speaker within {timeout} s (heard {start}–{end})")

    def heard_anything(self, within: float) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            audio = self.samples().astype(np.float64)
            frames = audio[: len(audio) // FRAME * FRAME].reshape(-1, FRAME)
            if len(frames) and np.sqrt((frames**2).mean(axis=1)).max() > SPEECH_RMS:
                return True
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)


def test_list_devices_names_the_sound_servers_devices(tmp_path: Path) -> None:
    with pulse_server(tmp_path) as reach:
        result = subprocess.run(
            [str(BIN_DIR / "kiosk"), "--list-devices"], env=dict(os.environ) | reach,
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
    assert "default microphone" in result.stdout and "default speaker" in result.stdout
    assert "AUDIO_INPUT_DEVICE" in result.stdout


def test_without_devices_list_devices_says_so_and_points_to_typing(tmp_path: Path) -> None:
    env = dict(os.environ) | {"XDG_RUNTIME_DIR": str(tmp_path), "PULSE_SERVER": "unix:/none"}
    result = subprocess.run(
        [str(BIN_DIR / "kiosk"), "--list-devices"], env=env, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    assert "touch and typing" in result.stdout


def test_a_spoken_order_through_real_audio_devices(
    tmp_path: Path, livekit_server_bin: Path
) -> None:
    from agent.providers.whisper_stt import WhisperEngine

    said = utterance("small_sprite")
    with pulse_server(tmp_path) as reach, xvfb() as screen:
        speaker = SpeakerRecording(reach)
        kiosk_env = screen.env() | reach | {
            "KIOSK_AUDIO": "device", "TURN_MODE": "hands_free", "DATA_DIR": str(tmp_path / "d"),
            "AGENT_JOIN_TIMEOUT_SECONDS": "60",
        }  # fmt: skip
        process = subprocess.Popen(
            [str(BIN_DIR / "kiosk"), "--demo"], env=kiosk_env, cwd=tmp_path,
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        try:
            assert process.stderr is not None
            for line in process.stderr:
                if READY_LINE in line:
                    break
            else:
                pytest.fail(f"the kiosk exited with code {process.wait()}")
            threading.Thread(target=process.stderr.read, daemon=True).start()
            # the keyboard starts the order (the start button has the focus) once the window is
            # mapped; pressed again while no greeting is heard
            _wait_until_mapped(screen.env(), "order here")
            for _attempt in range(6):
                subprocess.run(["xdotool", "key", "Return"], env=screen.env(), check=True)
                if speaker.heard_anything(within=20.0):
                    break
            speaker.wait_for_speech_then_quiet(0, timeout=60)  # the greeting, to its end
            before_reply = len(speaker.samples())
            subprocess.run(
                ["paplay", "--device=micfeed", str(said)], env=dict(os.environ) | reach, check=True
            )
            start, end = speaker.wait_for_speech_then_quiet(before_reply, timeout=90)
            reply = speaker.samples()[start:end]
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            speaker.stop()
    heard = WhisperEngine().transcribe(reply, prompt=None).lower()
    assert "sprite" in heard, heard


def _wait_until_mapped(env: dict[str, str], title: str, timeout: float = 60.0) -> None:
    """Until a visible window with `title` exists. Asked again on a failure: a window that
    goes away during the search (the starting screen closing) makes xdotool fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", title],
            env=env, capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
        if found.returncode == 0 and found.stdout.strip():
            return
        time.sleep(0.2)
    pytest.fail(f"no visible window titled {title!r} within {timeout:.0f} s")
