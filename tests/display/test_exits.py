"""Every way `kiosk --demo` ends on a real display stops everything it started within 5 s: a
closed window, and each start that cannot work (a bad menu, a port in use, a missing speech
model), which also says why on one line, and a closed window or SIGTERM while the starting
screen is still up. Ctrl-C and SIGTERM once running: test_real_display.py. No
microphone is not a failed start: the kiosk says so and runs for touch and typing."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from kiosk.ui.app import READY_LINE
from tests.xserver import XServer, xvfb

BIN_DIR = Path(sys.executable).parent
STOP_SECONDS = 5.0

pytestmark = pytest.mark.integration


@dataclass
class Run:
    """A `kiosk --demo` process and every descendant it was seen to have."""

    process: subprocess.Popen[str]
    descendants: dict[int, psutil.Process] = field(default_factory=dict)
    stderr: list[str] = field(default_factory=list)
    pump: threading.Thread | None = None

    def start_pump(self) -> None:
        def pump() -> None:
            assert self.process.stderr is not None
            for line in self.process.stderr:
                self.stderr.append(line.rstrip())

        self.pump = threading.Thread(target=pump, daemon=True)
        self.pump.start()

    def watch(self) -> None:
        try:
            for child in psutil.Process(self.process.pid).children(recursive=True):
                self.descendants.setdefault(child.pid, child)
        except psutil.NoSuchProcess:
            pass

    def wait(self, timeout: float, until: str | None = None) -> int | None:
        """Watches the process tree until it exits (its code) or `until` is printed (None)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.watch()
            if until is not None and any(until in line for line in self.stderr):
                return None
            if self.process.poll() is not None:
                if self.pump is not None:
                    self.pump.join(timeout=5)
                return self.process.returncode
            time.sleep(0.1)
        pytest.fail(f"kiosk still running after {timeout} s:\n" + "\n".join(self.stderr))

    def survivors(self) -> list[str]:
        _gone, alive = psutil.wait_procs(list(self.descendants.values()), timeout=STOP_SECONDS)
        return [" ".join(p.cmdline()) for p in alive if p.is_running()]


@contextmanager
def kiosk_demo(server: XServer, tmp_path: Path, *args: str, **env: str) -> Iterator[Run]:
    process = subprocess.Popen(
        [str(BIN_DIR / "kiosk"), "--demo", *args],
        env=server.env() | {"DATA_DIR": str(tmp_path / "data"), "KIOSK_AUDIO": "none"} | env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    run = Run(process)
    run.start_pump()
    try:
        yield run
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for child in run.descendants.values():
            if child.is_running():
                child.kill()


def error_lines(run: Run) -> list[str]:
    return [line for line in run.stderr if line.startswith("error")]


def test_a_bad_menu_says_why_on_one_line_and_starts_nothing(tmp_path: Path) -> None:
    menu = tmp_path / "menu.yaml"
    menu.write_text("restaurant: {name: Broken}\nitems: [\n")
    with xvfb() as server, kiosk_demo(server, tmp_path, "--menu", str(menu)) as run:
        code = run.wait(60)
    assert code == 2
    assert len(error_lines(run)) == 1, run.stderr
    assert str(menu) in error_lines(run)[0] and "not valid YAML" in error_lines(run)[0]
    assert not run.descendants, "nothing may start on a menu that does not load"


def test_a_port_in_use_says_which_and_leaves_nothing_running(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with xvfb() as server, kiosk_demo(server, tmp_path, LOCAL_LIVEKIT_PORT=str(port)) as run:
            code = run.wait(60)
    assert code == 2
    [line] = error_lines(run)
    assert f"port {port}" in line and "LOCAL_LIVEKIT_PORT" in line
    assert run.survivors() == []


def test_a_missing_speech_model_stops_the_server_it_started(
    tmp_path: Path, livekit_server_bin: Path
) -> None:
    empty = tmp_path / "model"
    empty.mkdir()
    with xvfb() as server, kiosk_demo(server, tmp_path, STT_MODEL_DIR=str(empty)) as run:
        code = run.wait(120)
    assert code == 1
    [line] = error_lines(run)
    assert "agent worker could not start" in line and "model.bin is missing" in line
    names = " ".join(" ".join(p.cmdline()) for p in run.descendants.values() if _alive(p))
    assert run.survivors() == [], names


@pytest.mark.skipif(shutil.which("wmctrl") is None, reason="scripts/system-deps.sh installs it")
def test_closing_the_window_stops_everything(tmp_path: Path, livekit_server_bin: Path) -> None:
    # with a standby worker (DEMO_WORKERS=2): both worker processes stop with the window too
    with xvfb(window_manager=True) as server, kiosk_demo(server, tmp_path, DEMO_WORKERS="2") as run:
        assert run.wait(120, until=READY_LINE) is None, run.stderr
        lines = [" ".join(p.cmdline()) for p in run.descendants.values() if _alive(p)]
        assert any("livekit-server" in line for line in lines)
        workers = [line for line in lines if line.endswith("-m agent dev")]
        assert len(workers) == 2, lines
        subprocess.run(["wmctrl", "-c", "order here"], env=server.env(), check=True, timeout=10)
        code = run.wait(30)
    assert code == 0, run.stderr
    assert run.survivors() == []


def _wait_for_window(server: XServer, title: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = subprocess.run(
            ["wmctrl", "-l"], env=server.env(), capture_output=True, text=True, timeout=10
        )
        if title in listed.stdout:
            return
        time.sleep(0.1)
    pytest.fail(f"no window titled {title!r} within {timeout} s")


@pytest.mark.skipif(shutil.which("wmctrl") is None, reason="scripts/system-deps.sh installs it")
@pytest.mark.parametrize(("how", "expected_code"), [("close", 0), ("sigterm", 130)])
def test_stopping_on_the_starting_screen_stops_what_was_starting(
    how: str, expected_code: int, tmp_path: Path, livekit_server_bin: Path
) -> None:
    with xvfb(window_manager=True) as server, kiosk_demo(server, tmp_path) as run:
        _wait_for_window(server, "— starting")
        run.watch()
        if how == "close":
            subprocess.run(["wmctrl", "-c", "— starting"], env=server.env(), check=True, timeout=10)
        else:
            run.process.terminate()
        code = run.wait(30)
    assert READY_LINE not in run.stderr, "the kiosk was already up when it was told to stop"
    assert code == expected_code, run.stderr
    assert error_lines(run) == []
    assert run.survivors() == []


def test_no_microphone_is_said_and_the_kiosk_runs_for_touch(
    tmp_path: Path, livekit_server_bin: Path
) -> None:
    with (
        xvfb() as server,
        kiosk_demo(server, tmp_path, KIOSK_AUDIO="device", PULSE_SERVER="unix:/nonexistent") as run,
    ):
        assert run.wait(120, until=READY_LINE) is None, run.stderr
        run.process.terminate()
        code = run.wait(30)
    assert code in (0, 130), run.stderr
    assert any("no microphone or speaker" in line for line in run.stderr), run.stderr
    assert error_lines(run) == []
    assert run.survivors() == []


def _alive(process: psutil.Process) -> bool:
    try:
        return bool(process.is_running() and process.status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


@pytest.mark.skipif(shutil.which("xdotool") is None, reason="scripts/system-deps.sh installs it")
def test_a_locked_kiosk_cannot_be_left_keeps_the_screen_on_and_stops_on_sigterm(
    tmp_path: Path, livekit_server_bin: Path
) -> None:
    from kiosk.staff_pin import hash_pin

    with (
        xvfb(1366, 768, window_manager=True) as server,
        kiosk_demo(server, tmp_path, "--locked", STAFF_PIN_HASH=hash_pin("4821")) as run,
    ):
        saver_before = _screensaver_timeout(server)
        assert run.wait(120, until=READY_LINE) is None, run.stderr
        _wait_for_window(server, "order here")
        env = server.env()
        subprocess.run(["wmctrl", "-c", "order here"], env=env, check=True, timeout=10)
        for keys in ("alt+F4", "ctrl+q", "Escape"):
            subprocess.run(["xdotool", "key", keys], env=env, check=True, timeout=10)
        # an exit would come within a second of those: waited for as the process's own event
        with pytest.raises(subprocess.TimeoutExpired):
            run.process.wait(timeout=1.0)
        geometry = subprocess.run(
            ["wmctrl", "-lG"], env=env, capture_output=True, text=True, check=True, timeout=10
        ).stdout
        [line] = [g for g in geometry.splitlines() if "order here" in g]
        assert line.split()[2:6] == ["0", "0", "1366", "768"], line  # the whole screen, no frame
        assert _screensaver_timeout(server) == 0
        run.process.terminate()
        code = run.wait(30)
        assert _screensaver_timeout(server) == saver_before, "the screen settings are put back"
    assert code == 0, run.stderr
    assert run.survivors() == []


def _screensaver_timeout(server: XServer) -> int:
    state = subprocess.run(
        ["xset", "q"], env=server.env(), capture_output=True, text=True, check=True, timeout=10
    ).stdout
    return int(state.split("timeout:")[1].split()[0])
