"""The kiosk on a real X server (Xvfb), not Qt's offscreen platform: the xcb plugin loads (its
system libraries are installed), the window fills the screen without a window manager, and
`kiosk --demo` stops itself and everything it started on Ctrl-C and on SIGTERM."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import psutil
import pytest

from kiosk.ui.app import READY_LINE
from tests.xserver import xvfb

BIN_DIR = Path(sys.executable).parent
PROBE = """
import json
from PySide6.QtWidgets import QWidget
from kiosk.ui.app import create_qt_app, show_full_screen
app = create_qt_app()
window = QWidget()
show_full_screen(window)
for _ in range(50):
    app.processEvents()
screen = app.primaryScreen().geometry()
print(json.dumps({"platform": app.platformName(), "window": window.geometry().getRect(),
                  "screen": screen.getRect()}))
"""


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1080, 1920)])
def test_a_real_window_opens_full_screen_without_a_window_manager(width: int, height: int) -> None:
    with xvfb(width, height) as server:
        result = subprocess.run(
            [sys.executable, "-c", PROBE],
            env=server.env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["platform"] == "xcb"
    assert seen["screen"] == [0, 0, width, height]
    assert seen["window"] == seen["screen"]


def _stderr_lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line.rstrip())
        lines.put("<eof>")

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], text: str, seen: list[str]) -> None:
    while True:
        line = lines.get(timeout=120)
        seen.append(line)
        if text in line:
            return
        assert line != "<eof>", "\n".join(seen)


@pytest.mark.integration
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_demo_on_a_display_stops_everything_it_started(
    signum: signal.Signals, tmp_path: Path, livekit_server_bin: Path
) -> None:
    with xvfb() as server:
        env = server.env() | {"DATA_DIR": str(tmp_path / "data"), "KIOSK_AUDIO": "none"}
        process = subprocess.Popen(
            [str(BIN_DIR / "kiosk"), "--demo"],
            env=env,
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        try:
            lines = _stderr_lines(process)
            seen: list[str] = []
            _wait_for(lines, READY_LINE, seen)
            children = psutil.Process(process.pid).children(recursive=True)
            names = " ".join(" ".join(c.cmdline()) for c in children)
            assert "livekit-server" in names and "agent" in names
            process.send_signal(signum)
            code = process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        gone, alive = psutil.wait_procs(children, timeout=15)
        assert not alive, [c.cmdline() for c in alive]
        assert code in (0, 130), "\n".join(seen)
