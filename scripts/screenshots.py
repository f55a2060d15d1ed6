"""Screenshots of every kiosk screen, portrait and landscape, from the real app talking to a
real local stack (livekit-server + agent worker): docs/screenshots/*.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from agent.config import load_settings  # noqa: E402
from agent.menu import load_menu  # noqa: E402
from kiosk.localstack import LocalStack  # noqa: E402
from kiosk.session import SessionConfig  # noqa: E402
from kiosk.settings import KioskSettings  # noqa: E402
from kiosk.ui.app import KioskApp, build_app  # noqa: E402
from kiosk.ui.waiting import next_signal  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


async def settle(seconds: float = 0.4) -> None:
    await asyncio.sleep(seconds)


async def shoot(kiosk: KioskApp, name: str) -> None:
    for orientation, size in SIZES.items():
        kiosk.window.resize(*size)
        await settle()
        path = OUT / f"{name}-{orientation}.png"
        kiosk.window.grab().save(str(path))
        print(path)


async def main(stack: LocalStack) -> None:
    assert stack.endpoint is not None
    settings = load_settings(KioskSettings)
    config = dataclasses.replace(
        SessionConfig.from_settings(settings),
        url=stack.endpoint.url,
        api_key=stack.endpoint.api_key,
        api_secret=stack.endpoint.api_secret,
        kiosk_id="lobby-1",
        agent_join_timeout=60,
    )
    kiosk = build_app(
        settings, config, load_menu(settings.menu_path), windowed=True, file_microphone=True
    )
    controller, window = kiosk.controller, kiosk.window
    await shoot(kiosk, "1-attract")

    controller.start_order()
    await asyncio.wait_for(
        next_signal(controller.connectionChanged, lambda state, _m: state == "ready"), 90
    )
    await asyncio.wait_for(
        next_signal(controller.agentStateChanged, lambda state: state == "listening"), 30
    )
    controller.send_text("two cheeseburgers, one without onions, and a large coke")
    await asyncio.wait_for(
        next_signal(controller.cart.totalsChanged, lambda: controller.cart.item_count() >= 3), 60
    )
    await asyncio.wait_for(
        next_signal(controller.agentStateChanged, lambda state: state == "listening"), 60
    )
    await shoot(kiosk, "2-ordering")

    window.choose_item("caesar_salad")
    await shoot(kiosk, "3-item-options")
    window.overlay.close_overlay()

    window.review_order()
    await shoot(kiosk, "4-review")
    window.overlay.close_overlay()

    window.confirm_cancel()
    await shoot(kiosk, "5-cancel")
    window.overlay.close_overlay()

    window.show_idle_prompt(14)
    await shoot(kiosk, "6-still-there")
    window.show_idle_prompt(-1)

    window.review_order()
    window.overlay.buttons["Place order"].click()
    await asyncio.wait_for(
        next_signal(controller.screenChanged, lambda screen: screen == "confirmation"), 30
    )
    await shoot(kiosk, "7-confirmation")
    controller.finish()

    stack.stop_worker()
    controller.start_order()
    await asyncio.wait_for(
        next_signal(controller.connectionChanged, lambda state, _m: state == "unavailable"), 90
    )
    await shoot(kiosk, "8-voice-unavailable")
    controller.finish()
    if kiosk.microphone is not None:
        await kiosk.microphone.aclose()


def run() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as tmp:
        stack = LocalStack(Path(tmp) / "logs", agent_env={"DATA_DIR": str(Path(tmp) / "data")})
        os.environ["AGENT_JOIN_TIMEOUT_SECONDS"] = "8"
        with stack, loop:
            loop.run_until_complete(main(stack))


if __name__ == "__main__":
    run()
