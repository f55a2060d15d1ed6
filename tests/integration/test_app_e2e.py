"""The touchscreen app end to end: offscreen Qt, the file microphone, a real livekit-server and
agent worker. One order by touch, one by voice (push-to-talk), each ending on its order number."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from agent.config import load_settings
from agent.protocol import TurnMode
from agent.store import OrderStore, default_database_url
from kiosk.audio import FileMicrophone, read_wav
from kiosk.localstack import LocalStack
from kiosk.session import SessionConfig
from kiosk.settings import KioskSettings
from kiosk.ui.app import KioskApp, build_app
from kiosk.ui.controller import KioskController
from kiosk.ui.waiting import next_signal
from tests.audio_files import utterance
from tests.menus import bundled

pytestmark = pytest.mark.integration

RELEASE_AFTER_SPEECH = 0.3


@pytest.fixture
def kiosk(
    local_stack: LocalStack, qapp: QApplication, qloop: asyncio.AbstractEventLoop
) -> Iterator[KioskApp]:
    assert local_stack.endpoint is not None
    settings = load_settings(KioskSettings)
    config = dataclasses.replace(
        SessionConfig.from_settings(settings),
        url=local_stack.endpoint.url,
        api_key=local_stack.endpoint.api_key,
        api_secret=local_stack.endpoint.api_secret,
        kiosk_id="e2e",
        turn_mode=TurnMode.PUSH_TO_TALK,
        agent_join_timeout=90,
    )
    app = build_app(settings, config, bundled(), windowed=True, file_microphone=True)
    yield app
    app.controller.finish()
    qloop.run_until_complete(app.controller.drain())
    if app.microphone is not None:
        qloop.run_until_complete(app.microphone.aclose())
    if app.level_monitor is not None:
        qloop.run_until_complete(app.level_monitor.aclose())
    app.window.close()


async def _ready(controller: KioskController) -> None:
    waiting = asyncio.ensure_future(
        next_signal(controller.agentStateChanged, lambda state: state == "listening")
    )
    controller.start_order()
    await asyncio.wait_for(
        next_signal(controller.connectionChanged, lambda s, _m: s == "ready"), 120
    )
    await asyncio.wait_for(waiting, 60)


async def _stored(local_stack: LocalStack, number: int) -> list[str]:
    store = await OrderStore.open(default_database_url(Path(local_stack.agent_env["DATA_DIR"])))
    try:
        order = await store.order(dt.date.today(), number)
        return [line.item_id for line in order.lines] if order else []
    finally:
        await store.close()


def test_order_by_touch(
    kiosk: KioskApp, local_stack: LocalStack, qloop: asyncio.AbstractEventLoop
) -> None:
    controller, window = kiosk.controller, kiosk.window

    async def scenario() -> int:
        await _ready(controller)
        window.ordering.menu_panel.show_category("seafood")
        tile = next(t for t in window.ordering.menu_panel.tiles if t.item.id == "fish_and_chips")
        QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
        await asyncio.wait_for(
            next_signal(controller.cart.totalsChanged, lambda: controller.cart.rowCount() == 1), 30
        )
        assert window.ordering.cart_panel.total.text() == controller.cart.total_text()
        QTest.mouseClick(window.ordering.cart_panel.rows[0].plus_button, Qt.MouseButton.LeftButton)
        await asyncio.wait_for(
            next_signal(controller.cart.totalsChanged, lambda: controller.cart.item_count() == 2),
            30,
        )
        QTest.mouseClick(window.ordering.cart_panel.place_button, Qt.MouseButton.LeftButton)
        assert window.overlay.kind == "review"
        confirmed = asyncio.ensure_future(
            next_signal(controller.screenChanged, lambda s: s == "confirmation")
        )
        QTest.mouseClick(window.overlay.buttons["Place order"], Qt.MouseButton.LeftButton)
        await asyncio.wait_for(confirmed, 30)
        assert window.stack.currentWidget() is window.confirmation
        return int(window.confirmation.number.text())

    number = qloop.run_until_complete(scenario())
    assert qloop.run_until_complete(_stored(local_stack, number)) == ["fish_and_chips"]


def test_order_by_voice(
    kiosk: KioskApp, local_stack: LocalStack, qloop: asyncio.AbstractEventLoop
) -> None:
    controller, window = kiosk.controller, kiosk.window
    microphone = kiosk.microphone
    assert isinstance(microphone, FileMicrophone)

    async def say(key: str) -> None:
        replied = asyncio.ensure_future(
            next_signal(controller.agentStateChanged, lambda state: state == "speaking")
        )
        QTest.mousePress(window.ordering.conversation.talk, Qt.MouseButton.LeftButton)
        await microphone.say(read_wav(utterance(key, "flite-rms")))
        await asyncio.sleep(RELEASE_AFTER_SPEECH)
        QTest.mouseRelease(window.ordering.conversation.talk, Qt.MouseButton.LeftButton)
        await asyncio.wait_for(replied, 60)
        await asyncio.wait_for(
            next_signal(controller.agentStateChanged, lambda state: state == "listening"), 60
        )

    async def scenario() -> int:
        await _ready(controller)
        await say("headline")
        assert [row.line_id for row in window.ordering.cart_panel.rows] == ["L1", "L2", "L3"]
        await say("thats_all")
        confirmed = asyncio.ensure_future(
            next_signal(controller.screenChanged, lambda s: s == "confirmation")
        )
        await say("confirm")
        await asyncio.wait_for(confirmed, 30)
        captions = window.ordering.conversation.captions.texts()
        assert any("order number" in text for text in captions)
        return int(window.confirmation.number.text())

    number = qloop.run_until_complete(scenario())
    assert qloop.run_until_complete(_stored(local_stack, number)) == [
        "cheeseburger",
        "cheeseburger",
        "coke",
    ]
