"""The touchscreen app end to end: offscreen Qt, the file microphone, a real livekit-server and
agent worker. One order by touch, one by voice (push-to-talk), each ending on its order number,
and one that survives losing its agent midway."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from agent.core.config import load_settings
from agent.core.protocol import TurnMode
from kiosk.audio import FileMicrophone, read_wav
from kiosk.localstack import LocalStack
from kiosk.session import SessionConfig
from kiosk.settings import KioskSettings
from kiosk.ui.app import KioskApp, build_app
from kiosk.ui.controller import RECONNECTING, Connection
from tests.audio_files import utterance
from tests.menus import bundled
from tests.stored_orders import stored_item_ids

pytestmark = pytest.mark.integration

RELEASE_AFTER_SPEECH_MS = 300
SECONDS = 1000


@pytest.fixture
def kiosk(local_stack: LocalStack, qtbot: QtBot) -> Iterator[KioskApp]:
    assert local_stack.endpoint is not None
    settings = load_settings(KioskSettings)
    config = local_stack.endpoint.configure(
        SessionConfig.from_settings(settings),
        kiosk_id="e2e",
        turn_mode=TurnMode.PUSH_TO_TALK,
        agent_join_timeout=90,
    )
    app = build_app(settings, config, bundled(), windowed=True, file_microphone=True)
    yield app
    app.shutdown()  # deletes the window on this thread


def _start_and_wait_for_greeting(kiosk: KioskApp, qtbot: QtBot) -> None:
    controller = kiosk.controller
    with qtbot.waitSignals(
        [controller.connectionChanged, controller.agentStateChanged],
        check_params_cbs=[lambda s, _m: s == "ready", lambda s: s == "speaking"],
        timeout=120 * SECONDS,
    ):
        controller.start_order()
    with qtbot.waitSignal(
        controller.agentStateChanged,
        check_params_cb=lambda s: s == "listening",
        timeout=60 * SECONDS,
    ):
        pass


def _stored(local_stack: LocalStack, number: int) -> list[str]:
    return stored_item_ids(Path(local_stack.agent_env["DATA_DIR"]), number)


def test_order_by_touch(kiosk: KioskApp, local_stack: LocalStack, qtbot: QtBot) -> None:
    controller, window = kiosk.controller, kiosk.window
    _start_and_wait_for_greeting(kiosk, qtbot)
    window.ordering.menu_panel.show_category("seafood")
    tile = next(t for t in window.ordering.menu_panel.tiles if t.item.id == "fish_and_chips")
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.cart.rowCount() == 1, timeout=30 * SECONDS)
    assert window.ordering.cart_panel.total.text() == controller.cart.total_text()
    QTest.mouseClick(window.ordering.cart_panel.rows[0].plus_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.cart.item_count() == 2, timeout=30 * SECONDS)
    QTest.mouseClick(window.ordering.cart_panel.place_button, Qt.MouseButton.LeftButton)
    assert window.overlay.kind == "review"
    with qtbot.waitSignal(
        controller.screenChanged,
        check_params_cb=lambda s: s == "confirmation",
        timeout=30 * SECONDS,
    ):
        QTest.mouseClick(window.overlay.buttons["Place order"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.confirmation
    number = int(window.confirmation.number.text())
    assert _stored(local_stack, number) == ["fish_and_chips"]


def test_order_by_voice(kiosk: KioskApp, local_stack: LocalStack, qtbot: QtBot) -> None:
    controller, window = kiosk.controller, kiosk.window
    microphone = kiosk.microphone
    assert isinstance(microphone, FileMicrophone)
    talk = window.ordering.conversation.talk

    def say(key: str) -> None:
        QTest.mousePress(talk, Qt.MouseButton.LeftButton)
        spoken = kiosk.session_thread.submit(microphone.say(read_wav(utterance(key, "flite-rms"))))
        qtbot.waitUntil(spoken.done, timeout=30 * SECONDS)
        qtbot.wait(RELEASE_AFTER_SPEECH_MS)
        with qtbot.waitSignal(
            controller.agentStateChanged,
            check_params_cb=lambda s: s == "speaking",
            timeout=60 * SECONDS,
        ):
            QTest.mouseRelease(talk, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(
            controller.agentStateChanged,
            check_params_cb=lambda s: s == "listening",
            timeout=60 * SECONDS,
        ):
            pass

    said: list[str] = []
    controller.captionChanged.connect(
        lambda who, _seg, text, final: said.append(text) if who == "agent" and final else None
    )
    _start_and_wait_for_greeting(kiosk, qtbot)
    say("headline")
    assert [row.line_id for row in window.ordering.cart_panel.rows] == ["L1", "L2", "L3"]
    say("thats_all")
    with qtbot.waitSignals(
        [controller.screenChanged, controller.captionChanged],
        check_params_cbs=[
            lambda s: s == "confirmation",
            lambda _who, _seg, text, final: final and "order number" in text,
        ],
        timeout=60 * SECONDS,
    ):
        QTest.mousePress(talk, Qt.MouseButton.LeftButton)
        spoken = kiosk.session_thread.submit(
            microphone.say(read_wav(utterance("confirm", "flite-rms")))
        )
        qtbot.waitUntil(spoken.done, timeout=30 * SECONDS)
        qtbot.wait(RELEASE_AFTER_SPEECH_MS)
        QTest.mouseRelease(talk, Qt.MouseButton.LeftButton)
    number = int(window.confirmation.number.text())
    assert any(f"order number is {number}" in text for text in said)
    assert _stored(local_stack, number) == ["cheeseburger", "cheeseburger", "coke"]


def test_agent_lost_mid_order_continues_in_a_new_room(
    kiosk: KioskApp, local_stack: LocalStack, qtbot: QtBot
) -> None:
    """The agent's host goes away mid-order: the screen says so and keeps the order, the kiosk
    retries, and a new agent in a new room continues the same cart, which can still be edited
    and placed."""
    controller, window = kiosk.controller, kiosk.window
    controller.config = dataclasses.replace(controller.config, agent_join_timeout=20)
    _start_and_wait_for_greeting(kiosk, qtbot)
    assert controller.session is not None
    first_room = controller.session.room_name
    window.ordering.menu_panel.show_category("seafood")
    tile = next(t for t in window.ordering.menu_panel.tiles if t.item.id == "fish_and_chips")
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.cart.item_count() == 1, timeout=30 * SECONDS)
    QTest.mouseClick(window.ordering.cart_panel.rows[0].plus_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.cart.item_count() == 2, timeout=30 * SECONDS)
    seq_before = controller.cart.seq
    try:
        with qtbot.waitSignal(
            controller.connectionChanged,
            check_params_cb=lambda state, _m: state == "reconnecting",
            timeout=60 * SECONDS,
        ):
            local_stack.stop_worker()
        banner = window.ordering.conversation.banner
        assert banner.isVisible() and banner.text.text() == RECONNECTING
        assert controller.cart.item_count() == 2  # the order stays on screen meanwhile
    finally:
        local_stack.restart_worker()
    qtbot.waitUntil(lambda: controller.connection is Connection.READY, timeout=180 * SECONDS)
    assert controller.session is not None and controller.session.room_name != first_room
    # the new agent numbers its snapshots anew; the screen takes them all the same
    qtbot.waitUntil(lambda: 0 <= controller.cart.seq, timeout=30 * SECONDS)
    assert controller.cart.seq <= seq_before
    assert [row.line_id for row in window.ordering.cart_panel.rows] == ["L1"]
    assert controller.cart.item_count() == 2
    QTest.mouseClick(window.ordering.cart_panel.rows[0].plus_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.cart.item_count() == 3, timeout=30 * SECONDS)
    QTest.mouseClick(window.ordering.cart_panel.place_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(
        controller.screenChanged,
        check_params_cb=lambda s: s == "confirmation",
        timeout=30 * SECONDS,
    ):
        QTest.mouseClick(window.overlay.buttons["Place order"], Qt.MouseButton.LeftButton)
    number = int(window.confirmation.number.text())
    assert _stored(local_stack, number) == ["fish_and_chips"]
