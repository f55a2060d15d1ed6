"""A real X server (Xvfb) on a free display number for tests that open real windows."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

START_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class XServer:
    display: str
    width: int
    height: int

    def env(self) -> dict[str, str]:
        """The environment of a process that should open its windows on this server."""
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)
        env["DISPLAY"] = self.display
        return env


@contextmanager
def xvfb(
    width: int = 1280, height: int = 800, *, window_manager: bool = False
) -> Iterator[XServer]:
    """Starts Xvfb (it picks a free display and writes its number to a pipe) and, if asked, a
    window manager on it (openbox, as a desktop kiosk image would run); stops both after."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.fail("Xvfb is not installed (scripts/system-deps.sh installs it)")
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24", "-nolisten",
         "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            pytest.fail(f"Xvfb did not start (exit code {process.poll()})")
        server = XServer(f":{number}", width, height)
        if window_manager:
            with _openbox(server):
                yield server
        else:
            yield server
    finally:
        stop_process(process)


@contextmanager
def _openbox(server: XServer) -> Iterator[None]:
    binary = shutil.which("openbox")
    if binary is None:
        pytest.fail("openbox is not installed (scripts/system-deps.sh installs it)")
    process = subprocess.Popen(
        [binary, "--sm-disable"],
        env=server.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_window_manager(server, process)
        yield
    finally:
        stop_process(process)


def _wait_for_window_manager(server: XServer, process: subprocess.Popen[bytes]) -> None:
    """Until the manager owns the screen (_NET_SUPPORTING_WM_CHECK is set on the root)."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"openbox exited with {process.returncode}")
        probe = subprocess.run(
            ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
            env=server.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if "window id" in probe.stdout:
            return
        time.sleep(0.1)
    pytest.fail("openbox did not take the screen")


def stop_process(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """SIGTERM, then SIGKILL after 10 s; waits for it either way."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
