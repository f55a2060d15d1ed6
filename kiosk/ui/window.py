"""The kiosk window: header, the three screens, dialogs as in-window overlays.

It only connects widgets' intents to the controller's slots and the controller's signals to
what widgets show.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from agent.core.menu import Menu
from agent.core.money import format_cents
from agent.core.protocol import OrderPlaced
from kiosk.ui.controller import Connection, KioskController, Screen
from kiosk.ui.layouts import CentersPanel, ResponsiveRow, WrapButton
from kiosk.ui.models import line_detail, line_name
from kiosk.ui.screens import AttractScreen, ConfirmationScreen, OrderingScreen
from kiosk.ui.theme import TEXT_SCALES, apply_theme, density_for
from kiosk.ui.widgets import FittedScroll, Header, ItemOptions, Notice, label

DIALOG_WIDTH = 760
"""A dialog's width at normal text size (wider with larger text, narrower on a small screen)."""
DIALOG_MARGIN = 24


class Overlay(CentersPanel, QFrame):
    """A modal dialog drawn over the window: title, body, buttons."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = parent
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.dialog = QFrame()
        self.dialog.setObjectName("Dialog")
        self._layout = QVBoxLayout(self.dialog)
        self._layout.setContentsMargins(40, 32, 40, 32)
        self._layout.setSpacing(18)
        self._center(self.dialog, DIALOG_WIDTH, DIALOG_MARGIN)
        self.kind = ""
        self.buttons: dict[str, QPushButton] = {}
        self.hide()

    def open(
        self,
        kind: str,
        title: str,
        body: QWidget | None,
        actions: list[tuple[str, str, Callable[[], None]]],
    ) -> None:
        """`actions`: (text, style name, callback); every action also closes the dialog."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.kind = kind
        self.title = label(title, "DialogTitle", wrap=True)
        self._layout.addWidget(self.title)
        if body is not None:
            self._layout.addWidget(FittedScroll(body), 1)
        self.buttons = {text: WrapButton(text, style) for text, style, _ in actions}
        for (_, _, callback), choice in zip(actions, self.buttons.values(), strict=True):
            choice.clicked.connect(lambda _=False, cb=callback: self._choose(cb))
        self.setGeometry(self._host.rect())
        self._fit()
        self._layout.addWidget(ResponsiveRow(*((choice, 1) for choice in self.buttons.values())))
        self.show()
        self.raise_()
        # keyboard: the first (safe) choice has the focus; Esc chooses it too
        next(iter(self.buttons.values())).setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        """Esc: the first choice ("Back", "Keep my order")."""
        if self.isVisible() and self.buttons:
            next(iter(self.buttons.values())).click()

    def _choose(self, callback: Callable[[], None]) -> None:
        self.close_overlay()
        callback()

    def close_overlay(self) -> None:
        if self.isVisible():
            self.hide()
            self.kind = ""
            self.closed.emit()


class KioskWindow(QWidget):
    def __init__(self, menu: Menu, controller: KioskController, app: QApplication) -> None:
        super().__init__()
        self.setObjectName("Window")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(f"{menu.restaurant.name} — order here")
        self._menu = menu
        self._file_menu = menu
        controller.cart.currency = menu.restaurant.currency
        self._app = app
        self._controller = controller
        controller.setParent(self)  # one tree, destroyed together on the Qt thread
        self._scale_index = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # the screens rearrange for portrait or landscape on resize: the window must be free
        # to take any size first (a landscape layout's minimum width would block portrait)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.header = Header(menu)
        layout.addWidget(self.header)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.attract = AttractScreen(menu)
        self.ordering = OrderingScreen(menu, controller.cart, controller.turn_mode)
        self.confirmation = ConfirmationScreen(menu.restaurant.currency)
        for screen in (self.attract, self.ordering, self.confirmation):
            self.stack.addWidget(screen)
        self.overlay = Overlay(self)
        self._idle_countdown = label("", "EmptyCart", wrap=True)
        self.notice = Notice()
        self.notice.setParent(self)

        self._connect_intents()
        self._connect_controller()
        self.show_screen(controller.screen.value)
        self._density = 1.0
        self._restyle()

    # -- wiring --------------------------------------------------------------------------------
    def _connect_intents(self) -> None:
        c = self._controller
        conversation = self.ordering.conversation
        self.attract.startRequested.connect(c.start_order)
        conversation.talk.pressedToTalk.connect(c.talk_pressed)
        conversation.talk.releasedToTalk.connect(c.talk_released)
        conversation.typed.submitted.connect(c.send_text)
        self.ordering.menu_panel.itemChosen.connect(self.choose_item)
        self.ordering.cart_panel.quantityChanged.connect(c.set_quantity)
        self.ordering.cart_panel.removeRequested.connect(c.remove_line)
        self.ordering.cart_panel.placeRequested.connect(self.review_order)
        self.confirmation.doneRequested.connect(c.finish)
        self.header.cancelRequested.connect(self.confirm_cancel)
        self.header.smallerText.connect(lambda: self.set_text_scale(self._scale_index - 1))
        self.header.largerText.connect(lambda: self.set_text_scale(self._scale_index + 1))

    def _connect_controller(self) -> None:
        c = self._controller
        conversation = self.ordering.conversation
        c.screenChanged.connect(self.show_screen)
        c.connectionChanged.connect(self.show_connection)
        c.agentStateChanged.connect(conversation.agent_state.set_state)
        c.captionChanged.connect(
            lambda who, seg, text, _final: conversation.captions.set_caption(who, seg, text)
        )
        c.orderPlaced.connect(self.show_order)
        c.orderStatus.connect(self.confirmation.show_status)
        c.soldOut.connect(self.show_sold_out)
        c.menuChanged.connect(self.show_session_menu)
        c.notice.connect(self.notice.show_notice)
        c.idlePrompt.connect(self.show_idle_prompt)
        c.micLevel.connect(conversation.meter.set_level)
        c.talkingChanged.connect(conversation.talk.set_talking)

    # -- screens -------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Ordering with a keyboard alone: Tab moves between controls, Enter or Space presses
        the one in focus, Esc backs out of a dialog."""
        focused = QApplication.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
            focused, QAbstractButton
        ):
            if focused.isEnabled():
                focused.click()
            return
        if event.key() == Qt.Key.Key_Escape and self.overlay.isVisible():
            self.overlay.dismiss()
            return
        super().keyPressEvent(event)

    def show_screen(self, name: str) -> None:
        screen = Screen(name)
        leaving = self.stack.currentWidget()
        target = {
            Screen.ATTRACT: self.attract,
            Screen.ORDERING: self.ordering,
            Screen.CONFIRMATION: self.confirmation,
        }[screen]
        self.stack.setCurrentWidget(target)
        self.header.show_cancel(screen is Screen.ORDERING)
        if screen is not Screen.ORDERING:
            self.overlay.close_overlay()
        if screen is Screen.ATTRACT:
            self.ordering.conversation.captions.clear()
            self.ordering.conversation.agent_state.set_state("offline")
            self.ordering.conversation.banner.show_message("")
            if leaving is not self.attract:
                self.set_text_scale(0)  # the customer's text size lasts their whole order
        # a keyboard user lands where the screen is used from
        focus = {
            Screen.ATTRACT: self.attract.start_button,
            Screen.ORDERING: self.ordering.conversation.typed.edit,
            Screen.CONFIRMATION: self.confirmation.done,
        }[screen]
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_connection(self, state: str, message: str) -> None:
        banner = self.ordering.conversation.banner
        connection = Connection(state)
        banner.show_message(message, error=connection is Connection.UNAVAILABLE)
        ready = connection is Connection.READY
        self.ordering.conversation.talk.setEnabled(ready)
        # no dead button while voice is out: the room goes to the message and the typing
        self.ordering.conversation.show_talk(connection is not Connection.UNAVAILABLE)
        # the pill agrees with the banner: "One moment…" under "All our assistants are busy"
        pill = {
            Connection.CONNECTING: "connecting",
            Connection.RECONNECTING: "reconnecting",
            Connection.WAITING: "waiting",
            Connection.UNAVAILABLE: "offline",
        }.get(connection)
        if pill is not None:
            self.ordering.conversation.agent_state.set_state(pill)

    def show_order(self, order: OrderPlaced) -> None:
        self.confirmation.show_order(order)

    def show_session_menu(self, menu: Menu) -> None:
        """The menu this session sells, from the agent (a version a manager put on sale): the
        tiles, prices and categories follow; what is sold out stays greyed out."""
        if menu == self._file_menu:
            return
        sold_out = self._menu.sold_out()
        self._file_menu = menu
        self._menu = menu.with_availability(dict.fromkeys(sold_out, False))
        self.setWindowTitle(f"{menu.restaurant.name} — order here")
        self._controller.cart.currency = menu.restaurant.currency
        self.confirmation.set_currency(menu.restaurant.currency)
        self.ordering.menu_panel.set_menu(self._menu)

    def show_sold_out(self, sold_out: frozenset[str]) -> None:
        """Staff's sold-out switches, as the agent reports them: those tiles grey out."""
        switches = {item.id: item.id not in sold_out for item in self._file_menu.items()}
        menu = self._file_menu.with_availability(switches)
        if menu.sold_out() != self._menu.sold_out():
            self._menu = menu
            self.ordering.menu_panel.set_menu(menu)

    # -- dialogs -------------------------------------------------------------------------------
    def choose_item(self, item_id: str) -> None:
        item = self._menu.item(item_id)
        if item is None:
            return
        self._controller.touch()
        if not item.sizes and not item.modifiers:
            self._controller.add_item(item.id, 1, "", [])
            return
        options = ItemOptions(item, self._menu.restaurant.currency)

        def add() -> None:
            if options.complete():
                self._controller.add_item(
                    item.id, options.quantity, options.chosen_size(), options.chosen_modifiers()
                )
            else:
                self.notice.show_notice(f"Please choose a size for the {item.name}.")

        self.overlay.open(
            "item",
            item.name,
            options,
            [("Back", "", lambda: None), ("Add to order", "Primary", add)],
        )

    def review_order(self) -> None:
        cart = self._controller.cart
        body = QWidget()
        lines = QVBoxLayout(body)
        lines.setContentsMargins(0, 0, 0, 0)
        for line in cart.lines():
            row = QHBoxLayout()
            what = QVBoxLayout()
            what.addWidget(label(f"{line.qty} × {line_name(line)}", "LineName", wrap=True))
            if line_detail(line):
                what.addWidget(label(line_detail(line), "LineDetail", wrap=True))
            row.addLayout(what, 1)
            price = label(format_cents(line.line_cents, cart.currency), "LinePrice")
            price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            row.addWidget(price)
            lines.addLayout(row)
        total = QHBoxLayout()
        total.addWidget(label("Total", "GrandTotalLabel"), 1)
        total.addWidget(label(cart.total_text(), "GrandTotalValue"))
        lines.addLayout(total)
        self.overlay.open(
            "review",
            "Is everything right?",
            body,
            [
                ("Keep ordering", "", lambda: None),
                ("Place order", "Accent", self._controller.place_order),
            ],
        )

    def confirm_cancel(self) -> None:
        self._controller.touch()
        self.overlay.open(
            "cancel",
            "Cancel this order and start over?",
            label("Everything you added will be removed.", "EmptyCart", wrap=True),
            [
                ("Keep my order", "Primary", self._controller.touch),
                ("Cancel order", "Danger", self._controller.cancel_order),
            ],
        )

    def show_idle_prompt(self, seconds_left: int) -> None:
        if seconds_left < 0:
            if self.overlay.kind == "idle":
                self.overlay.close_overlay()
            return
        message = f"We'll clear this order in {seconds_left} seconds."
        if self.overlay.kind == "idle":
            self._idle_countdown.setText(message)
            return
        countdown = label(message, "EmptyCart", wrap=True)
        self._idle_countdown = countdown
        self.overlay.open(
            "idle",
            "Are you still there?",
            countdown,
            [("I'm still here", "Primary", self._controller.still_here)],
        )

    # -- accessibility ---------------------------------------------------------------------------
    def set_text_scale(self, index: int) -> None:
        self._scale_index = max(0, min(len(TEXT_SCALES) - 1, index))
        self._restyle()
        self._controller.touch()

    def _restyle(self) -> None:
        apply_theme(self._app, self._menu.restaurant.branding, self.text_scale, self._density)
        self.overlay.set_scale(self.text_scale)
        self.confirmation.set_scale(self.text_scale)

    @property
    def text_scale(self) -> float:
        return TEXT_SCALES[self._scale_index]

    # -- layout --------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        density = density_for(self.width(), self.height())
        if density != self._density:
            self._density = density
            self._restyle()
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())
        width = min(900, self.width() - 80)
        self.notice.setFixedWidth(width)
        self.notice.adjustSize()
        self.notice.move((self.width() - width) // 2, self.height() - self.notice.height() - 40)
