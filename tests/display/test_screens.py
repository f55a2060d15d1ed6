"""Every screen fits every common kiosk screen: `kiosk --check-screens` opens the real app full
screen on Xvfb (with and without a window manager), walks attract, ordering with a long cart,
an item's options, review, cancel, "still there?", confirmation and voice unavailable, at normal
and at the largest text size, and checks that each visible text fits its widget, nothing is cut
off or overlaps, and every touch target is at least 48 px. The checks themselves are tested
below on widgets built to fail them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.audit import MIN_TOUCH_PX, audit
from kiosk.ui.layouts import ElidedLabel
from tests.xserver import xvfb

KIOSK = Path(sys.executable).parent / "kiosk"
SCREENS = [(1920, 1080), (1366, 768), (1280, 1024), (1024, 768), (1080, 1920), (768, 1024)]
STOPS = 20  # 10 screens (the staff PIN pad and panel among them) × 2 text sizes


@pytest.mark.parametrize("window_manager", [False, True], ids=["bare-x", "openbox"])
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_every_screen_fits(width: int, height: int, window_manager: bool, tmp_path: Path) -> None:
    with xvfb(width, height, window_manager=window_manager) as server:
        env = server.env() | {"KIOSK_AUDIO": "none", "DATA_DIR": str(tmp_path)}
        result = subprocess.run(
            [str(KIOSK), "--check-screens"],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    report = result.stdout.strip().splitlines()
    assert report, result.stderr
    assert report[-1] == f"{STOPS} screens at {width}x{height} on xcb: 0 problems", "\n".join(
        report
    )
    assert result.returncode == 0


def test_the_checks_find_what_does_not_fit(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(400, 300)
    layout = QVBoxLayout(window)
    cramped = QLabel("a label whose text is far too long for the width it was given")
    cramped.setFixedWidth(80)
    tiny = QPushButton("ok")
    tiny.setFixedSize(40, 30)
    layout.addWidget(cramped)
    layout.addWidget(tiny)
    elided = ElidedLabel("a long restaurant tagline that gets shortened")
    elided.setFixedWidth(60)
    layout.addWidget(elided)
    outside = QLabel("beyond the edge", window)
    outside.move(380, 10)
    window.show()
    qtbot.waitExposed(window)
    problems = {(p.widget.split(" ")[0], p.kind) for p in audit(window, "test")}
    assert ("QLabel", "text does not fit") in problems
    assert ("QPushButton", "touch target too small") in problems
    assert ("QLabel", "cut off") in problems
    assert not any(kind != "cut off" and name == "ElidedLabel" for name, kind in problems)
    assert MIN_TOUCH_PX == 48
