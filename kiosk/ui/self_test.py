"""`kiosk --self-test`: the kiosk proves itself where it is installed (the packaged app on a store
PC, CI's frozen build). Against the configured LiveKit server and agent worker (or `--demo`'s),
it does what a customer does, through the real window and real touch events: the attract screen,
Start (a new room, an agent joins), one item tapped into the cart, Place order on the review,
and the confirmation with its order number. Each step prints one line; the first that does not
happen in time ends the test with its reason and exit code 1."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from agent.core.menu import Menu, MenuItem
from kiosk.session import SessionConfig
from kiosk.settings import KioskSettings
from kiosk.ui.app import KioskApp, build_app, create_qt_app
from kiosk.ui.controller import Connection
from kiosk.ui.waiting import wait_until
from kiosk.ui.widgets import ItemOptions

STEP_TIMEOUT_SECONDS = 30.0
AGENT_TIMEOUT_SECONDS = 120.0  # a worker that has just started warms its first job process


class SelfTestFailed(Exception):
    """A step did not happen; the message says which and what was seen instead."""


def _report(line: str) -> None:
    print(f"self-test: {line}", file=sys.stderr, flush=True)


def tap(widget: QWidget) -> None:
    """A finger on the widget's middle: a real press and release, as a touchscreen sends them."""
    QTest.mouseClick(
        widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, widget.rect().center()
    )


def item_to_tap(menu: Menu) -> tuple[str, MenuItem]:
    """The first available item, one without options if the menu has one (fewer taps)."""
    available = [(c.id, i) for c in menu.categories for i in c.items if i.available]
    if not available:
        raise SelfTestFailed("the menu has no available item to order")
    plain = [(c, i) for c, i in available if not i.sizes and not i.modifiers]
    return (plain or available)[0]


def _step(what: str, check: Callable[[], bool], timeout: float, seen: Callable[[], str]) -> None:
    try:
        wait_until(check, timeout)
    except TimeoutError:
        raise SelfTestFailed(f"{what}: not within {timeout:.0f} s ({seen()})") from None


def walk(kiosk: KioskApp, menu: Menu, started: float) -> int:
    """The customer's path; returns the order number."""
    window, controller = kiosk.window, kiosk.controller

    def elapsed() -> str:
        return f"{time.monotonic() - started:.1f} s"

    def screen() -> str:
        return f"on the {type(window.stack.currentWidget()).__name__} screen"

    _step(
        "the attract screen",
        lambda: window.isVisible() and window.stack.currentWidget() is window.attract,
        STEP_TIMEOUT_SECONDS,
        screen,
    )
    _report("attract screen shown")
    tap(window.attract.start_button)
    _step(
        "an agent joining the order's room",
        lambda: controller.connection is Connection.READY,
        AGENT_TIMEOUT_SECONDS,
        lambda: f"connection {controller.connection.value}",
    )
    _report(f"joined a room; an agent is there ({elapsed()})")
    category_id, item = item_to_tap(menu)
    panel = window.ordering.menu_panel
    panel.show_category(category_id)
    tile = next(t for t in panel.tiles if t.item.id == item.id)
    tap(tile)
    if window.overlay.kind == "item":  # sizes or options: the first size, then Add
        options = window.overlay.findChild(ItemOptions)
        if options is not None and options.size_buttons:
            first = next(iter(options.size_buttons.values()))
            QTest.mouseClick(first, Qt.MouseButton.LeftButton, pos=QPoint(8, first.height() // 2))
        tap(window.overlay.buttons["Add to order"])
    _step(
        f"the {item.name} in the cart",
        lambda: controller.cart.rowCount() == 1,
        STEP_TIMEOUT_SECONDS,
        lambda: f"{controller.cart.rowCount()} cart lines",
    )
    _report(f"added the {item.name} by touch; total {controller.cart.total_text()}")
    tap(window.ordering.cart_panel.place_button)
    if window.overlay.kind != "review":
        raise SelfTestFailed(f"Place order did not open the review ({window.overlay.kind!r})")
    tap(window.overlay.buttons["Place order"])
    _step(
        "the order confirmed",
        lambda: window.stack.currentWidget() is window.confirmation,
        STEP_TIMEOUT_SECONDS,
        screen,
    )
    number = int(window.confirmation.number.text())
    _report(f"order {number} placed and confirmed ({elapsed()})")
    return number


def run_self_test(
    settings: KioskSettings, config: SessionConfig, menu: Menu, *, windowed: bool
) -> int:
    """0 when the whole path worked, 1 with the failing step on stderr."""
    started = time.monotonic()
    create_qt_app()
    kiosk = build_app(settings, config, menu, windowed=windowed)
    try:
        walk(kiosk, menu, started)
    except SelfTestFailed as exc:
        _report(f"FAILED at {exc}")
        return 1
    finally:
        kiosk.shutdown()
    _report("passed")
    return 0
