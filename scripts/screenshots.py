"""Screenshots of the real kiosk window, grabbed from the X screen (Xvfb) it runs full screen on:

- the starting screen while the servers start, then every screen of a real order (the app
  talking to a real local livekit-server and agent worker) at 1920×1080 and 1080×1920:
  docs/screenshots/<n>-<screen>-<W>x<H>.png;
- the ordering screen with a long cart, and the review at the largest text size, at every
  common kiosk screen size (`kiosk --check-screens`, which also fails on anything that does not
  fit): docs/screenshots/sizes/<screen>-<W>x<H>.png.

    make screenshots
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"
LIVE_SIZES = [(1920, 1080), (1080, 1920)]
ALL_SIZES = [(1920, 1080), (1366, 768), (1280, 1024), (1024, 768), (1080, 1920), (768, 1024)]
TOUR_SHOTS = ("ordering", "review-large-text", "staff-panel")


def live(width: int, height: int) -> None:
    """Inside the X server: one real order, a grab of the screen at each step."""
    from PySide6.QtWidgets import QApplication

    from agent.core.config import load_settings
    from agent.core.menu import load_menu
    from kiosk.localstack import STEP_WORKER, LocalStack
    from kiosk.session import SessionConfig
    from kiosk.settings import KioskSettings
    from kiosk.ui.app import build_app
    from kiosk.ui.starting import StartingScreen, start_with_screen
    from kiosk.ui.tour import settle
    from kiosk.ui.waiting import wait_signal, wait_until

    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        stack = LocalStack(Path(tmp) / "logs", agent_env={"DATA_DIR": str(Path(tmp) / "data")})
        screen = app.primaryScreen()

        def shoot(name: str, wait: float = 0.6) -> None:
            settle(wait)
            path = OUT / f"{name}-{width}x{height}.png"
            screen.grabWindow(0).save(str(path))
            print(path)

        def on_step(_starting: StartingScreen, step: str) -> None:
            if step == STEP_WORKER:
                shoot("0-starting", wait=1.2)

        settings = load_settings(KioskSettings)
        menu = load_menu(settings.menu_path)
        try:
            endpoint, starting = start_with_screen(
                app, stack, menu, windowed=False, size=(width, height), on_step=on_step
            )
            config = endpoint.configure(
                SessionConfig.from_settings(settings), kiosk_id="lobby-1", agent_join_timeout=60
            )
            kiosk = build_app(settings, config, menu, windowed=False, file_microphone=True)
            starting.close()
            controller, window = kiosk.controller, kiosk.window

            try:
                settle(1.0)
                shoot("1-attract")
                controller.start_order()
                wait_signal(controller.connectionChanged, lambda s, _m: s == "ready", 90)
                wait_signal(controller.agentStateChanged, lambda s: s == "listening", 60)
                controller.send_text("two cheeseburgers, one without onions, and a large coke")
                wait_until(lambda: controller.cart.item_count() >= 3, 60)
                wait_signal(controller.agentStateChanged, lambda s: s == "listening", 60)
                shoot("2-ordering")
                window.choose_item("caesar_salad")
                shoot("3-item-options")
                window.overlay.close_overlay()
                window.review_order()
                shoot("4-review")
                window.overlay.close_overlay()
                window.confirm_cancel()
                shoot("5-cancel")
                window.overlay.close_overlay()
                window.show_idle_prompt(14)
                shoot("6-still-there")
                window.show_idle_prompt(-1)
                window.review_order()
                window.overlay.buttons["Place order"].click()
                wait_signal(controller.screenChanged, lambda s: s == "confirmation", 30)
                shoot("7-confirmation")
                controller.finish()
                wait_until(lambda: not controller.busy, 10)
                stack.stop_worker()
                # no assistant joins: "busy, one moment" while the kiosk keeps asking, then
                # (after busy_patience, shortened here) voice unavailable
                controller.config = dataclasses.replace(controller.config, agent_join_timeout=5)
                controller.timings = dataclasses.replace(controller.timings, busy_patience=12)
                controller.start_order()
                wait_signal(controller.connectionChanged, lambda s, _m: s == "waiting", 90)
                shoot("8-assistants-busy")
                wait_signal(controller.connectionChanged, lambda s, _m: s == "unavailable", 90)
                shoot("9-voice-unavailable")
            finally:
                kiosk.shutdown()
        finally:
            stack.stop()


def run() -> None:
    from tests.xserver import xvfb

    OUT.mkdir(parents=True, exist_ok=True)
    sizes = OUT / "sizes"
    sizes.mkdir(exist_ok=True)
    for old in [*OUT.glob("*.png"), *sizes.glob("*.png")]:
        old.unlink()
    for width, height in LIVE_SIZES:
        with xvfb(width, height) as server:
            subprocess.run(
                [sys.executable, __file__, "--live", str(width), str(height)],
                env=server.env(),
                check=True,
            )
    for width, height in ALL_SIZES:
        with tempfile.TemporaryDirectory() as tmp, xvfb(width, height) as server:
            env = server.env() | {"KIOSK_AUDIO": "none"}
            kiosk = Path(sys.executable).parent / "kiosk"
            subprocess.run(
                [str(kiosk), "--check-screens", "--screenshots", tmp], env=env, check=True
            )
            for name in TOUR_SHOTS:
                shot = Path(tmp) / f"{name}-{width}x{height}.png"
                shutil.copy(shot, sizes / shot.name)
                print(sizes / shot.name)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--live"]:
        os.environ.pop("QT_QPA_PLATFORM", None)
        live(int(sys.argv[2]), int(sys.argv[3]))
    else:
        run()
