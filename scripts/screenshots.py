"""Screenshots of every kiosk screen, portrait and landscape, from the real app talking to a
real local stack (livekit-server + agent worker): docs/screenshots/*.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from agent.core.config import load_settings  # noqa: E402
from agent.core.menu import load_menu  # noqa: E402
from kiosk.localstack import LocalStack  # noqa: E402
from kiosk.session import SessionConfig  # noqa: E402
from kiosk.settings import KioskSettings  # noqa: E402
from kiosk.ui.app import KioskApp, build_app  # noqa: E402
from kiosk.ui.waiting import wait_signal, wait_until  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def settle(seconds: float = 0.4) -> None:
    try:
        wait_until(lambda: False, seconds)
    except TimeoutError:
        pass


def shoot(kiosk: KioskApp, name: str) -> None:
    for orientation, size in SIZES.items():
        kiosk.window.resize(*size)
        settle()
        path = OUT / f"{name}-{orientation}.png"
        kiosk.window.grab().save(str(path))
        print(path)


def main(stack: LocalStack) -> None:
    assert stack.endpoint is not None
    settings = load_settings(KioskSettings)
    config = stack.endpoint.configure(
        SessionConfig.from_settings(settings), kiosk_id="lobby-1", agent_join_timeout=60
    )
    menu = load_menu(settings.menu_path)
    kiosk = build_app(settings, config, menu, windowed=True, file_microphone=True)
    controller, window = kiosk.controller, kiosk.window
    try:
        shoot(kiosk, "1-attract")

        controller.start_order()
        wait_signal(controller.connectionChanged, lambda state, _m: state == "ready", 90)
        wait_signal(controller.agentStateChanged, lambda state: state == "listening", 60)
        controller.send_text("two cheeseburgers, one without onions, and a large coke")
        wait_until(lambda: controller.cart.item_count() >= 3, 60)
        wait_signal(controller.agentStateChanged, lambda state: state == "listening", 60)
        shoot(kiosk, "2-ordering")

        window.choose_item("caesar_salad")
        shoot(kiosk, "3-item-options")
        window.overlay.close_overlay()

        window.review_order()
        shoot(kiosk, "4-review")
        window.overlay.close_overlay()

        window.confirm_cancel()
        shoot(kiosk, "5-cancel")
        window.overlay.close_overlay()

        window.show_idle_prompt(14)
        shoot(kiosk, "6-still-there")
        window.show_idle_prompt(-1)

        window.review_order()
        window.overlay.buttons["Place order"].click()
        wait_signal(controller.screenChanged, lambda screen: screen == "confirmation", 30)
        shoot(kiosk, "7-confirmation")
        controller.finish()
        wait_until(lambda: not controller.busy, 10)

        stack.stop_worker()
        controller.config = dataclasses.replace(controller.config, agent_join_timeout=5)
        controller.start_order()
        wait_signal(controller.connectionChanged, lambda state, _m: state == "unavailable", 90)
        shoot(kiosk, "8-voice-unavailable")
    finally:
        kiosk.shutdown()


def run() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        stack = LocalStack(Path(tmp) / "logs", agent_env={"DATA_DIR": str(Path(tmp) / "data")})
        with stack:
            main(stack)


if __name__ == "__main__":
    run()
