"""A real X server (Xvfb) on a free display number for tests that open real windows."""

from __future__ import annotations

import os
import shutil
import subprocess
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
def xvfb(width: int = 1280, height: int = 800) -> Iterator[XServer]:
    """Starts Xvfb (it picks a free display and writes its number to a pipe); stops it after."""
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
        yield XServer(f":{number}", width, height)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
