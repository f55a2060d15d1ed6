"""A walk through every screen of the kiosk with the longest content this menu can produce: the
attract screen, ordering with a long cart and long captions, an item's options, the review, the
cancel question, "Are you still there?", the staff PIN pad and panel, the confirmation, voice
unavailable, at normal and at
the largest text size. The content is what the agent would send (real carts, real wire
messages), built from the menu alone, so it works for any restaurant's menu.

`kiosk --check-screens` audits each stop (kiosk.ui.audit) and can save a grab of the screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
from PySide6.QtWidgets import QWidget

from agent.core.cart import Cart, CartError
from agent.core.menu import Menu, MenuItem
from agent.core.protocol import OrderPlaced, snapshot_of, wire_lines
from kiosk.events import AgentStateChanged, Caption, CartUpdated, OrderConfirmed
from kiosk.staff_pin import MAX_WRONG
from kiosk.ui.controller import Connection, KioskController, KioskTimings
from kiosk.ui.lockdown import Lockdown
from kiosk.ui.theme import TEXT_SCALES
from kiosk.ui.waiting import wait_signal, wait_until
from kiosk.ui.window import KioskWindow

LONG_CART_LINES = 9
TOUR_TIMINGS = KioskTimings(
    retry_delays=(3600.0,), idle_prompt=3600.0, idle_reset=3600.0, confirmation=3600.0
)
"""Nothing moves on by itself while the tour looks at a screen."""
CUSTOMER_SAYS = (
    "um, hi, could I get {first}, and actually make that two, one of them with {option}, "
    "and then {second} as well, please — oh, and what's in the {third}?"
)
SETTLE_SECONDS = 0.25


@dataclass(frozen=True)
class Stop:
    """One screen as the customer sees it. `layer`: the dialog drawn over the window."""

    name: str
    layer: QWidget | None = None


def settle(seconds: float = SETTLE_SECONDS) -> None:
    """Lets Qt lay out and paint (resize, style and show events are all queued) and deletes
    the widgets a screen replaced (the main loop would; processing events alone does not)."""
    try:
        wait_until(lambda: False, seconds)
    except TimeoutError:
        pass
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def _by_name_length(menu: Menu) -> list[MenuItem]:
    items = [item for category in menu.categories for item in category.items if item.available]
    return sorted(items, key=lambda item: len(item.name), reverse=True)


def long_cart(menu: Menu, lines: int = LONG_CART_LINES) -> Cart:
    """The menu's longest names with their longest size and as many options as they take."""
    cart = Cart(menu.restaurant.tax_rate)
    for index, item in enumerate(_by_name_length(menu)[:lines]):
        size = max(item.sizes, key=lambda s: len(s.name)).id if item.sizes else None
        modifiers = sorted(item.modifiers, key=lambda m: len(m.name), reverse=True)
        for count in range(min(3, len(modifiers)), -1, -1):
            try:
                cart.add(
                    item,
                    quantity=1 + index % 3,
                    size_id=size,
                    modifier_ids=[m.id for m in modifiers[:count]],
                )
                break
            except CartError:
                continue
    return cart


def richest_item(menu: Menu) -> MenuItem:
    """The item whose options dialog is the tallest."""
    return max(_by_name_length(menu), key=lambda item: len(item.sizes) + len(item.modifiers))


def sample_order(menu: Menu, cart: Cart) -> OrderPlaced:
    return OrderPlaced(
        order_number=1047,
        total_cents=cart.total_cents,
        subtotal_cents=cart.subtotal_cents,
        tax_cents=cart.tax_cents,
        lines=wire_lines(cart.lines),
        customer_name="Alexandria",
    )


def customer_words(menu: Menu) -> str:
    names = [item.name.lower() for item in _by_name_length(menu)] or ["the special"]
    options = [m.name.lower() for item in _by_name_length(menu) for m in item.modifiers]
    return CUSTOMER_SAYS.format(
        first=f"a {names[0]}",
        second=f"a {names[min(1, len(names) - 1)]}",
        third=names[min(2, len(names) - 1)],
        option=options[0] if options else "no ice",
    )


def agent_words(cart: Cart) -> str:
    said = ", ".join(f"{line.quantity} {line.name}" for line in cart.lines[:4])
    return f"Added {said}. Your total so far is ${cart.total_cents / 100:.2f}. Anything else?"


def tour(
    window: KioskWindow,
    controller: KioskController,
    menu: Menu,
    staff: Lockdown | None = None,
) -> Iterator[Stop]:
    """Puts the window on each screen in turn and yields it there, laid out and painted.
    `controller` must point at a server that refuses connections (the tour shows the
    voice-unavailable state first, then the ordering screen as if an agent were there).
    With `staff` (a locked window) the PIN pad and the staff panel are stops too."""
    cart = long_cart(menu)
    for scale_index in (0, len(TEXT_SCALES) - 1):
        suffix = "" if scale_index == 0 else "-large-text"
        window.set_text_scale(scale_index)
        settle()
        yield Stop("attract" + suffix)

        controller.start_order()
        if controller.connection is not Connection.UNAVAILABLE:
            wait_signal(controller.connectionChanged, lambda state, _m: state == "unavailable", 60)
        controller.handle_event(CartUpdated(snapshot=snapshot_of(cart, seq=1)))
        settle()
        yield Stop("voice-unavailable" + suffix)

        window.show_connection(Connection.READY.value, "")
        controller.handle_event(AgentStateChanged(state="listening"))
        controller.handle_event(
            Caption(speaker="customer", segment_id="c1", text=customer_words(menu), final=True)
        )
        controller.handle_event(
            Caption(speaker="agent", segment_id="a1", text=agent_words(cart), final=True)
        )
        settle()
        yield Stop("ordering" + suffix)

        window.choose_item(richest_item(menu).id)
        settle()
        yield Stop("item-options" + suffix, window.overlay)
        window.overlay.close_overlay()

        window.review_order()
        settle()
        yield Stop("review" + suffix, window.overlay)
        window.overlay.close_overlay()

        window.confirm_cancel()
        settle()
        yield Stop("cancel" + suffix, window.overlay)
        window.overlay.close_overlay()

        window.show_idle_prompt(20)
        settle()
        yield Stop("still-there" + suffix, window.overlay)
        window.show_idle_prompt(-1)

        if staff is not None:
            staff.ask_pin(f"Wrong PIN: {MAX_WRONG - 1} tries left.")
            settle()
            yield Stop("staff-pin" + suffix, window.overlay)
            staff.open_panel()
            settle()
            yield Stop("staff-panel" + suffix, window.overlay)
            window.overlay.close_overlay()

        controller.handle_event(OrderConfirmed(order=sample_order(menu, cart)))
        settle()
        yield Stop("confirmation" + suffix)
        controller.finish()
        wait_until(lambda: not controller.busy, 30)
    window.set_text_scale(0)
