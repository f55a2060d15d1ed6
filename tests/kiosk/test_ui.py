"""The Qt shell offscreen: the cart model, widgets' intents, screens and navigation, idle reset
and error states. Snapshots come from the real order desk (what the agent would send)."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from agent.core.cart import Cart
from agent.core.protocol import CartSnapshot, OrderPlaced, TurnMode, snapshot_of, wire_lines
from kiosk.events import Caption, CartUpdated, MenuReceived, OrderConfirmed, SoldOutChanged
from kiosk.localstack import free_port
from kiosk.session import ASSISTANTS_BUSY, SessionConfig
from kiosk.ui.bridge import SessionThread, dispose
from kiosk.ui.controller import Connection, KioskController, KioskTimings, Screen
from kiosk.ui.models import CartModel
from kiosk.ui.theme import load_fonts
from kiosk.ui.widgets import CartPanel, ItemOptions, MenuPanel, TalkButton
from kiosk.ui.window import KioskWindow
from tests.menus import bundled, second

MENU = bundled()


def snapshot(seq: int, *items: tuple[str, int, str | None]) -> CartSnapshot:
    cart = Cart(MENU.restaurant.tax_rate)
    for item_id, qty, size in items:
        item = MENU.item(item_id)
        assert item is not None
        cart.add(item, quantity=qty, size_id=size)
    return snapshot_of(cart, seq=seq)


def config(port: int | None = None, mode: TurnMode = TurnMode.PUSH_TO_TALK) -> SessionConfig:
    return SessionConfig(
        url=f"ws://127.0.0.1:{port or free_port()}",
        api_key="key",
        api_secret="secret-secret-secret-secret-secret",
        agent_name="kiosk-agent",
        kiosk_id="ui-test",
        token_ttl=dt.timedelta(minutes=5),
        turn_mode=mode,
        agent_join_timeout=2,
    )


def click(widget: QWidget, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    QTest.mouseClick(widget, button)


def screen_of(controller: KioskController) -> Screen:
    return controller.screen


def is_portrait(window: KioskWindow) -> bool:
    return window.ordering.portrait


FAST = KioskTimings(
    retry_delays=(0.2,), idle_prompt=0.3, idle_reset=0.4, confirmation=0.3, check_interval_ms=50
)


@pytest.fixture
def window(
    qtbot: QtBot, qapp: QApplication, session_thread: SessionThread
) -> Iterator[KioskWindow]:
    load_fonts()
    controller = KioskController(config(), session_thread=session_thread, timings=FAST)
    kiosk_window = KioskWindow(MENU, controller, qapp)  # owns the controller: disposed below
    kiosk_window.resize(1920, 1080)
    kiosk_window.show()
    yield kiosk_window
    controller.finish()
    qtbot.waitUntil(lambda: not controller.busy, timeout=10_000)
    dispose(kiosk_window)


def test_prices_show_in_the_menus_currency(qtbot: QtBot) -> None:
    model = CartModel()
    model.currency = "GBP"
    model.apply(snapshot(1, ("cheeseburger", 2, None)))
    assert model.data(model.index(0, 0), CartModel.PriceRole) == "£18.98"
    assert model.total_text() == "£20.64"
    coke = MENU.item("coke")
    assert coke is not None
    options = ItemOptions(coke, "EUR")
    qtbot.addWidget(options)
    prices = [w.text() for w in options.findChildren(QLabel) if "€" in w.text()]
    assert len(prices) == len(coke.sizes)


def test_cart_model_ignores_stale_snapshots(qtbot: QtBot) -> None:
    model = CartModel()
    assert model.apply(snapshot(2, ("cheeseburger", 2, None)))
    assert not model.apply(snapshot(1, ("coffee", 1, None)))
    assert not model.apply(snapshot(2, ("coffee", 1, None)))
    assert model.rowCount() == 1
    index = model.index(0, 0)
    assert model.data(index, CartModel.NameRole) == "Cheeseburger"
    assert model.data(index, CartModel.QuantityRole) == 2
    assert model.data(index, CartModel.PriceRole) == "$18.98"
    assert model.total_text() == "$20.64"  # from the snapshot, never recomputed
    assert model.apply(snapshot(5, ("coke", 1, "large")))
    assert model.data(model.index(0, 0), CartModel.NameRole) == "Large Coke"
    model.new_source()  # a new agent (the order resumed in a new room) counts from 1 again
    assert model.data(model.index(0, 0), CartModel.NameRole) == "Large Coke"
    assert model.apply(snapshot(1, ("coke", 2, "large")))
    assert model.data(model.index(0, 0), CartModel.QuantityRole) == 2
    assert not model.apply(snapshot(1, ("coffee", 1, None)))


def test_cart_panel_buttons_emit_edits(qtbot: QtBot) -> None:
    model = CartModel()
    panel = CartPanel(model)
    qtbot.addWidget(panel)
    assert not panel.place_button.isEnabled()
    model.apply(snapshot(1, ("cheeseburger", 2, None), ("fries", 1, "small")))
    assert len(panel.rows) == 2
    assert panel.total.text() == model.total_text()
    with qtbot.waitSignal(panel.quantityChanged) as plus:
        click(panel.rows[0].plus_button, Qt.MouseButton.LeftButton)
    assert plus.args == ["L1", 3]
    with qtbot.waitSignal(panel.quantityChanged) as minus:
        click(panel.rows[1].minus_button, Qt.MouseButton.LeftButton)
    assert minus.args == ["L2", 0]
    with qtbot.waitSignal(panel.removeRequested) as removed:
        click(panel.rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert removed.args == ["L2"]
    with qtbot.waitSignal(panel.placeRequested):
        click(panel.place_button, Qt.MouseButton.LeftButton)


def test_menu_panel_shows_categories_and_sold_out(qtbot: QtBot) -> None:
    panel = MenuPanel(MENU)
    qtbot.addWidget(panel)
    panel.resize(800, 900)
    panel.show()
    assert [t.item.id for t in panel.tiles] == [i.id for i in MENU.categories[0].items]
    panel.show_category("burgers")
    lobster = next(t for t in panel.tiles if t.item.id == "lobster_roll")
    assert not lobster.isEnabled()
    burger = next(t for t in panel.tiles if t.item.id == "cheeseburger")
    with qtbot.waitSignal(panel.itemChosen) as chosen:
        click(burger, Qt.MouseButton.LeftButton)
    assert chosen.args == ["cheeseburger"]
    with qtbot.assertNotEmitted(panel.itemChosen):
        click(lobster, Qt.MouseButton.LeftButton)


def test_item_options_require_a_size(qtbot: QtBot) -> None:
    coke = MENU.item("coke")
    assert coke is not None
    options = ItemOptions(coke, "USD")
    qtbot.addWidget(options)
    assert not options.complete()
    options.size_buttons["large"].setChecked(True)
    options.modifier_boxes["no_ice"].setChecked(True)
    for _ in range(25):
        options._step(1)
    assert (
        options.complete(),
        options.chosen_size(),
        options.chosen_modifiers(),
        options.quantity,
    ) == (
        True,
        "large",
        ["no_ice"],
        20,
    )


def test_talk_button_per_mode(qtbot: QtBot) -> None:
    hold = TalkButton(TurnMode.PUSH_TO_TALK)
    tap = TalkButton(TurnMode.HANDS_FREE)
    for widget in (hold, tap):
        qtbot.addWidget(widget)
    assert hold.text() == "Hold to talk" and tap.text() == "Tap to talk"
    with qtbot.waitSignals([hold.pressedToTalk, hold.releasedToTalk], order="strict"):
        click(hold, Qt.MouseButton.LeftButton)
    hold.set_talking(True)
    assert hold.property("talking") == "true" and "release" in hold.text()


def test_navigation_follows_the_controller(window: KioskWindow, qtbot: QtBot) -> None:
    controller = window._controller
    assert window.stack.currentWidget() is window.attract
    assert not window.header.cancel_button.isVisible()
    controller.start_order()
    assert window.stack.currentWidget() is window.ordering
    assert window.header.cancel_button.isVisible()
    controller.handle_event(CartUpdated(snapshot=snapshot(3, ("coffee", 2, None))))
    controller.handle_event(CartUpdated(snapshot=snapshot(2, ("lemonade", 1, None))))
    assert [row.line_id for row in window.ordering.cart_panel.rows] == ["L1"]
    controller.handle_event(Caption(speaker="customer", segment_id="s1", text="two", final=False))
    controller.handle_event(
        Caption(speaker="customer", segment_id="s1", text="two coffees", final=True)
    )
    controller.handle_event(
        Caption(speaker="agent", segment_id="a1", text="Added 2 Coffees.", final=True)
    )
    assert window.ordering.conversation.captions.texts() == ["two coffees", "Added 2 Coffees."]
    order = OrderPlaced(
        order_number=17,
        total_cents=498,
        subtotal_cents=458,
        tax_cents=40,
        lines=wire_lines(Cart(MENU.restaurant.tax_rate).lines),
        customer_name="Ana",
    )
    with qtbot.waitSignal(
        controller.screenChanged, check_params_cb=lambda s: s == "attract", timeout=5000
    ):
        controller.handle_event(OrderConfirmed(order=order))
        assert window.stack.currentWidget() is window.confirmation
        assert window.confirmation.number.text() == "17"
        assert window.confirmation.thanks.text() == "Thank you, Ana!"
    assert window.stack.currentWidget() is window.attract


def test_unreachable_server_shows_voice_unavailable_and_retries(
    window: KioskWindow, qtbot: QtBot
) -> None:
    controller = window._controller
    states: list[str] = []
    controller.connectionChanged.connect(lambda state, _message: states.append(state))
    with qtbot.waitSignal(
        controller.connectionChanged,
        check_params_cb=lambda s, _m: s == "unavailable",
        timeout=45_000,
    ):
        controller.start_order()
    banner = window.ordering.conversation.banner
    assert banner.isVisible() and "ask a staff member" in banner.text.text()
    assert not window.ordering.conversation.talk.isEnabled()
    with qtbot.waitSignal(
        controller.connectionChanged,
        check_params_cb=lambda s, _m: s == "unavailable",
        timeout=45_000,
    ):
        pass  # the retry (after the backoff) fails the same way
    assert states[:4] == ["connecting", "unavailable", "connecting", "unavailable"]
    controller.handle_event(CartUpdated(snapshot=snapshot(1, ("coffee", 1, None))))
    with qtbot.waitSignal(controller.notice, timeout=5000) as notice:
        window.ordering.cart_panel.rows[0].plus_button.click()
    assert "still connecting" in notice.args[0]


def test_the_state_pill_agrees_with_the_banner(window: KioskWindow) -> None:
    """No "Connecting…" under "All our assistants are busy": the pill says what the banner
    does, and is drawn grey while there is no assistant to talk to."""
    conversation = window.ordering.conversation
    for state, message, pill in [
        (Connection.CONNECTING, "", "Connecting…"),
        (Connection.WAITING, ASSISTANTS_BUSY, "One moment…"),
        (Connection.RECONNECTING, "Reconnecting…", "Reconnecting…"),
        (Connection.UNAVAILABLE, "Voice ordering is unavailable", "Not available"),
    ]:
        window.show_connection(state.value, message)
        assert conversation.agent_state.text() == pill
        assert conversation.agent_state.property("state") == "offline"
        assert conversation.banner.text.text() == message


def test_idle_customer_is_asked_then_the_order_is_cleared(
    window: KioskWindow, qtbot: QtBot
) -> None:
    controller = window._controller
    with qtbot.waitSignal(
        controller.idlePrompt, check_params_cb=lambda left: left >= 0, timeout=5000
    ):
        controller.start_order()
        controller.handle_event(CartUpdated(snapshot=snapshot(1, ("coffee", 1, None))))
    assert window.overlay.isVisible() and window.overlay.kind == "idle"
    window.overlay.buttons["I'm still here"].click()
    assert not window.overlay.isVisible()
    assert screen_of(controller) is Screen.ORDERING
    with qtbot.waitSignal(
        controller.screenChanged, check_params_cb=lambda s: s == "attract", timeout=5000
    ):
        pass
    assert controller.cart.rowCount() == 0
    assert not window.overlay.isVisible()


def test_cancel_needs_a_confirmation(window: KioskWindow) -> None:
    controller = window._controller
    controller.start_order()
    window.header.cancel_button.click()
    assert window.overlay.kind == "cancel"
    window.overlay.buttons["Keep my order"].click()
    assert screen_of(controller) is Screen.ORDERING
    window.header.cancel_button.click()
    window.overlay.buttons["Cancel order"].click()
    assert screen_of(controller) is Screen.ATTRACT


def test_text_size_and_portrait_layout(window: KioskWindow, qtbot: QtBot) -> None:
    window._controller.start_order()
    window.resize(1080, 1920)
    qtbot.waitUntil(lambda: is_portrait(window), timeout=2000)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: not is_portrait(window), timeout=2000)
    window.set_text_scale(5)
    assert window.text_scale == 1.45
    window.set_text_scale(-3)
    assert window.text_scale == 1.0


def test_an_order_with_the_keyboard_alone(window: KioskWindow, qtbot: QtBot) -> None:
    """Enter on the start button, type and Enter, Tab to the review button, Enter, Esc backs
    out, Enter on the dialog's choice; the customer's large text lasts the order."""
    controller = window._controller
    window.activateWindow()
    window.set_text_scale(2)  # on the attract screen
    window.attract.start_button.setFocus()
    QTest.keyClick(window.attract.start_button, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.ordering
    edit = window.ordering.conversation.typed.edit
    assert edit.hasFocus() or QApplication.focusWidget() is edit
    typed: list[str] = []
    window.ordering.conversation.typed.submitted.connect(typed.append)
    QTest.keyClicks(edit, "two coffees")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert typed == ["two coffees"]
    controller.handle_event(CartUpdated(snapshot=snapshot(1, ("coffee", 2, None))))
    place = window.ordering.cart_panel.place_button
    assert place.isEnabled() and place.focusPolicy() & Qt.FocusPolicy.TabFocus
    for _ in range(40):  # Tab through the controls until the review button has the focus
        if place.hasFocus():
            break
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    assert place.hasFocus()
    QTest.keyClick(place, Qt.Key.Key_Return)
    assert window.overlay.isVisible() and window.overlay.kind == "review"
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)
    assert not window.overlay.isVisible()
    assert window.text_scale == 1.45  # still the customer's size
    QTest.keyClick(place, Qt.Key.Key_Return)
    focused = QApplication.focusWidget()
    assert focused in window.overlay.buttons.values()
    order = OrderPlaced(order_number=5, total_cents=498, subtotal_cents=458, tax_cents=40,
                        lines=wire_lines(Cart(MENU.restaurant.tax_rate).lines))  # fmt: skip
    controller.handle_event(OrderConfirmed(order=order))
    assert window.stack.currentWidget() is window.confirmation
    assert window.text_scale == 1.45
    assert window.confirmation.done.hasFocus()
    QTest.keyClick(window.confirmation.done, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.attract, timeout=5000)
    assert window.text_scale == 1.0  # the next customer starts at the usual size


def test_sold_out_switches_grey_tiles_out_and_back(window: KioskWindow, qtbot: QtBot) -> None:
    """What the agent reports as sold out (staff's switches over the menu file)."""
    controller = window._controller
    panel = window.ordering.menu_panel
    panel.show_category("burgers")
    controller.handle_event(SoldOutChanged(sold_out=("cheeseburger", "lobster_roll")))
    burger = next(t for t in panel.tiles if t.item.id == "cheeseburger")
    assert not burger.isEnabled()
    controller.handle_event(SoldOutChanged(sold_out=()))  # staff put both back on
    tiles = {t.item.id: t for t in panel.tiles}
    assert tiles["cheeseburger"].isEnabled() and tiles["lobster_roll"].isEnabled()


def test_the_session_menu_from_the_agent_replaces_the_kiosks_own(
    window: KioskWindow, qtbot: QtBot
) -> None:
    """A version a manager put on sale: other categories, items and prices, and a sold-out
    switch still in force."""
    controller = window._controller
    panel = window.ordering.menu_panel
    controller.handle_event(SoldOutChanged(sold_out=("cheeseburger",)))
    other = second()
    sold_out_there = next(iter(other.items())).id
    controller.handle_event(MenuReceived(menu=other, version="7"))
    chips = [b.text() for b in panel._category_buttons.values()]
    assert chips == [c.name for c in other.categories]
    assert [t.item.id for t in panel.tiles] == [i.id for i in other.categories[0].items]
    assert window.windowTitle().startswith(other.restaurant.name)
    controller.handle_event(SoldOutChanged(sold_out=(sold_out_there,)))
    tiles = {t.item.id: t for t in panel.tiles}
    assert not tiles[sold_out_there].isEnabled()
    # a tap opens the new menu's item; the kiosk's own file's items are gone
    with_options = next(i for i in other.items() if i.sizes or i.modifiers)
    window.choose_item(with_options.id)
    assert window.overlay.kind == "item" and window.overlay.title.text() == with_options.name
    window.overlay.close_overlay()
    window.choose_item("cheeseburger")
    assert window.overlay.kind == ""
    controller.handle_event(MenuReceived(menu=MENU, version="file"))  # rolled back
    assert [b.text() for b in panel._category_buttons.values()] == [c.name for c in MENU.categories]


def test_the_confirmation_follows_the_order_to_ready(window: KioskWindow) -> None:
    screen = window.confirmation
    screen.show_order(
        OrderPlaced(
            order_number=9,
            total_cents=498,
            subtotal_cents=458,
            tax_cents=40,
            lines=wire_lines(Cart(MENU.restaurant.tax_rate).lines),
        )  # fmt: skip
    )
    assert screen.status.isHidden()  # no store service: nothing is claimed
    window._controller.orderStatus.emit("in_progress", "In progress")
    assert not screen.status.isHidden() and "pickup board" in screen.status.text()
    window._controller.orderStatus.emit("ready", "Ready")
    assert "ready" in screen.status.text() and screen.status.property("ready") is True


def test_a_day_of_orders_keeps_builtins_alive_and_leaves_no_widgets(
    window: KioskWindow, qtbot: QtBot
) -> None:
    """A kiosk runs all day in one process. PySide6 6.12.0 returned True from every Python
    signal emit without taking a reference, so each emit took one reference from True and the
    interpreter aborted ("Fatal Python error: bool_dealloc") after a few hundred orders. Here
    every signal, slot and model update of an order runs many times: the builtins' reference
    counts must never fall, and no cart row or other Python object may pile up."""
    controller = window._controller
    controller._connect = lambda: None  # type: ignore[method-assign]  # no server: UI only
    lines = wire_lines(Cart(MENU.restaurant.tax_rate).lines)

    def one_order(n: int) -> None:
        controller.start_order()
        for seq in range(1, 6):
            controller.handle_event(CartUpdated(snapshot=snapshot(seq, ("coffee", seq, None))))
            controller.handle_event(
                Caption(speaker="agent", segment_id=f"a{seq}", text="Added.", final=True)
            )
        order = OrderPlaced(
            order_number=n, total_cents=1, subtotal_cents=1, tax_cents=0, lines=lines
        )
        controller.handle_event(OrderConfirmed(order=order))
        controller.orderStatus.emit("ready", "Ready")
        controller.finish()
        qtbot.wait(1)  # an event loop turn: deleteLater runs as in the app

    def objects() -> Counter[str]:
        gc.collect()
        return Counter(type(o).__name__ for o in gc.get_objects())

    for n in range(10):  # warm caches, fonts, lazily built widgets
        one_order(n)
    counts_before, objects_before = [sys.getrefcount(o) for o in (True, False, None)], objects()
    orders = 60
    for n in range(orders):
        one_order(n)
    counts_after, objects_after = [sys.getrefcount(o) for o in (True, False, None)], objects()
    # The bug lost one reference per emit, dozens per order. Allow less than one per order:
    # objects made in the warm-up and freed since (by pytest, by Qt) give some back.
    fallen = [b - a for a, b in zip(counts_after, counts_before, strict=True) if b - a >= orders]
    assert not fallen, f"True/False/None lost references: {counts_before} -> {counts_after}"
    grown = {name: n for name, n in (objects_after - objects_before).items() if n >= orders}
    assert not grown, f"objects that pile up with every order: {grown}"
