"""Lockdown offscreen: a locked window refuses to close, the hidden corner press opens the PIN
pad, the PIN (checked against its argon2 hash, with a limit on wrong tries) opens the staff
panel, and only the panel's Exit lets the window go."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.settings import KioskSettings
from kiosk.staff_pin import LOCKOUT_SECONDS, MAX_WRONG, PinCheck, PinError, hash_pin
from kiosk.ui.app import lock
from kiosk.ui.bridge import SessionThread, dispose
from kiosk.ui.controller import KioskController
from kiosk.ui.lockdown import HOLD_MS, Lockdown
from kiosk.ui.staff import PinPad
from kiosk.ui.theme import load_fonts
from kiosk.ui.window import KioskWindow
from tests.kiosk.test_ui import FAST, MENU, config

EXITS: dict[int, list[str]] = {}
"""What each fixture's lockdown did on Exit (the real app's event loop is not running here)."""
PIN = "4821"
PIN_HASH = hash_pin(PIN)


def test_the_pin_is_stored_only_as_an_argon2_hash() -> None:
    assert PIN_HASH.startswith("$argon2id$") and PIN not in PIN_HASH
    assert hash_pin(PIN) != PIN_HASH  # salted
    for bad in ("123", "1234567890123", "12a4", "", "１２３４"):
        with pytest.raises(PinError):
            hash_pin(bad)


def test_wrong_pins_lock_the_pad_for_a_while() -> None:
    now = [1000.0]
    check = PinCheck(PIN_HASH, clock=lambda: now[0])
    assert check.check(PIN).ok
    results = [check.check("0000") for _ in range(MAX_WRONG)]
    assert [r.tries_left for r in results[:-1]] == list(range(MAX_WRONG - 1, 0, -1))
    assert results[-1].locked_for == LOCKOUT_SECONDS
    assert not check.check(PIN).ok, "even the right PIN waits out the lockout"
    now[0] += LOCKOUT_SECONDS + 1
    assert check.check(PIN).ok


def test_the_settings_refuse_a_lock_without_a_pin_and_a_pin_that_is_no_hash() -> None:
    with pytest.raises(ValueError, match="KIOSK_LOCKED needs STAFF_PIN_HASH"):
        KioskSettings(kiosk_locked=True)
    with pytest.raises(ValueError, match="argon2 hash"):
        KioskSettings(kiosk_locked=True, staff_pin_hash=SecretStr(PIN))


@pytest.fixture
def locked(
    qtbot: QtBot, qapp: QApplication, session_thread: SessionThread
) -> Iterator[tuple[KioskWindow, Lockdown]]:
    load_fonts()
    controller = KioskController(config(), session_thread=session_thread, timings=FAST)
    window = KioskWindow(MENU, controller, qapp)
    settings = KioskSettings(kiosk_locked=True, staff_pin_hash=SecretStr(PIN_HASH))
    exits: list[str] = []
    lockdown = lock(qapp, window, controller, settings, None, on_exit=lambda: exits.append("exit"))
    EXITS[id(lockdown)] = exits
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window, lockdown
    lockdown.exiting = True
    lockdown.release()
    controller.finish()
    qtbot.waitUntil(lambda: not controller.busy, timeout=10_000)
    dispose(window)


def _hold_corner(qtbot: QtBot, window: KioskWindow, where: QPoint, ms: int) -> None:
    target = window.childAt(where) or window
    local = target.mapFrom(window, where)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, local)
    qtbot.wait(ms)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, local)


def _enter(window: KioskWindow, lockdown: Lockdown, pin: str) -> None:
    pad = lockdown.pad
    assert isinstance(pad, PinPad)
    for digit in pin:
        pad.keys[digit].click()
    window.overlay.buttons["Open"].click()


def test_a_locked_window_is_frameless_on_top_and_refuses_to_close(
    locked: tuple[KioskWindow, Lockdown],
) -> None:
    window, _ = locked
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.close() is False
    assert window.isVisible()
    for key, modifier in (
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    ):
        QTest.keyClick(window, key, modifier)
        assert window.isVisible()


def test_a_short_press_or_one_elsewhere_opens_nothing(
    qtbot: QtBot, locked: tuple[KioskWindow, Lockdown]
) -> None:
    window, _ = locked
    _hold_corner(qtbot, window, QPoint(20, 20), HOLD_MS - 1500)
    _hold_corner(qtbot, window, QPoint(600, 20), HOLD_MS + 500)
    assert not window.overlay.isVisible()


def test_the_corner_press_and_the_pin_open_the_staff_panel_whose_exit_lets_go(
    qtbot: QtBot, locked: tuple[KioskWindow, Lockdown]
) -> None:
    window, lockdown = locked
    began = time.monotonic()
    _hold_corner(qtbot, window, QPoint(20, 20), HOLD_MS + 300)
    assert window.overlay.kind == "pin", f"after {time.monotonic() - began:.1f} s"
    _enter(window, lockdown, "9999")
    assert window.overlay.kind == "pin"
    assert lockdown.pad is not None
    assert lockdown.pad.message.text() == f"Wrong PIN: {MAX_WRONG - 1} tries left."
    _enter(window, lockdown, PIN)
    assert window.overlay.kind == "staff"
    assert lockdown.panel is not None
    rows = [row.text() for row in lockdown.panel.rows]
    assert rows[0].startswith("✗  LiveKit server: not reachable"), rows  # nothing listens there
    assert rows[1].startswith("✓  Order assistant: no order in progress"), rows
    assert rows[2] == "✓  Order database: kept by the agent worker (no store service: TOKEN_URL)"
    lockdown.panel.speaker_test.click()
    assert "No speaker is open" in lockdown.panel.speaker_result.text()
    window.overlay.buttons["Exit kiosk"].click()
    assert lockdown.exiting and EXITS[id(lockdown)] == ["exit"]
    assert window.close() is True
