"""The three screens: attract → ordering → confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from agent.core.menu import Menu
from agent.core.money import format_cents
from agent.core.protocol import OrderPlaced, TurnMode
from kiosk.ui.layouts import CentersPanel, Refits, ResponsiveRow
from kiosk.ui.models import CartModel, line_detail, line_name
from kiosk.ui.widgets import (
    AgentIndicator,
    Banner,
    CaptionView,
    CartPanel,
    FittedScroll,
    LevelMeter,
    MenuPanel,
    TalkButton,
    TypedInput,
    button,
    label,
    price_text,
    welcome_layout,
)

HIGHLIGHTS = 3
WIDE_MIN_PX = 1600
"""Below this width the three landscape columns are equal (the menu shows one tile column)."""
CONFIRMATION_WIDTH = 860
"""The order panel's width at normal text size (the screen permitting)."""
CONFIRMATION_MARGIN = 24


class AttractScreen(Refits, QWidget):
    """What the kiosk shows between customers: tap anywhere to start."""

    startRequested = Signal()

    def __init__(self, menu: Menu) -> None:
        super().__init__()
        layout = welcome_layout(self, "Attract", menu.restaurant.name)
        if menu.restaurant.tagline:
            tagline = label(menu.restaurant.tagline, "AttractTagline", wrap=True)
            tagline.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(tagline)
        layout.addStretch(1)
        cards = QHBoxLayout()
        cards.setSpacing(24)
        picks = [c.items[0] for c in menu.categories if c.items[0].available][:HIGHLIGHTS]
        self.cards: list[QFrame] = []
        for item in picks:
            card = QFrame()
            card.setObjectName("ItemTile")
            box = QVBoxLayout(card)
            box.setContentsMargins(22, 18, 22, 18)
            box.addWidget(label(item.name, "ItemName", wrap=True))
            if item.description:
                box.addWidget(label(item.description, "ItemDescription", wrap=True))
            box.addStretch(1)
            box.addWidget(label(price_text(item, menu.restaurant.currency), "ItemPrice"))
            cards.addWidget(card, 1)
            self.cards.append(card)
        layout.addLayout(cards)
        layout.addStretch(1)
        self.start_button = button("Tap to start your order", "StartButton")
        self.start_button.clicked.connect(self.startRequested)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        hint = label(
            "Speak your order or tap the menu — it's your choice.", "AttractTagline", wrap=True
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        layout.addStretch(2)

    CARD_MIN_CHARS = 18
    """A highlight card is at least this many average characters wide (fewer cards if not)."""

    def _fit(self) -> None:
        room = self.contentsRect().width() - 120
        card = self.fontMetrics().averageCharWidth() * self.CARD_MIN_CHARS + 24
        shown = max(1, room // max(1, card))
        for index, each in enumerate(self.cards):
            each.setVisible(index < shown)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.startRequested.emit()
        super().mouseReleaseEvent(event)


def speaking_hint(menu: Menu) -> str:
    """An example of what to say, from this restaurant's own menu."""
    items = [i for c in menu.categories for i in c.items if i.available]
    example = items[min(len(items) - 1, len(menu.categories[0].items))].name if items else ""
    if not example:
        return "Say what you'd like to order."
    return f"Say what you'd like — for example, “I'd like a {example}, please.”"


class ConversationPanel(QFrame):
    """The agent's state, live captions, connection notices, the talk button and typing."""

    def __init__(self, mode: TurnMode, hint: str) -> None:
        super().__init__()
        self.setObjectName("Panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(14)
        self.agent_state = AgentIndicator()
        layout.addWidget(
            ResponsiveRow((label("Talk to us", "PanelTitle"), 1), (self.agent_state, 0))
        )
        self.banner = Banner()
        layout.addWidget(self.banner)
        self.captions = CaptionView(hint)
        layout.addWidget(self.captions, 1)
        self.talk = TalkButton(mode)
        self.meter = LevelMeter()
        self._speaking = speaking = QWidget()
        column = QVBoxLayout(speaking)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.talk)
        column.addWidget(self.meter)
        self.typed = TypedInput()
        # on a wide panel, typing sits beside the talk button instead of under it
        layout.addWidget(ResponsiveRow((speaking, 3), (self.typed, 2), spacing=14))

    def show_talk(self, visible: bool) -> None:
        self._speaking.setVisible(visible)


class OrderingScreen(QWidget):
    """Conversation, touch menu and cart: three columns in landscape; in portrait the
    conversation spans the top and the menu and the cart share the rest."""

    def __init__(self, menu: Menu, cart: CartModel, mode: TurnMode) -> None:
        super().__init__()
        self.setObjectName("Ordering")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.conversation = ConversationPanel(mode, speaking_hint(menu))
        self.menu_panel = MenuPanel(menu)
        self.cart_panel = CartPanel(cart)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(24, 24, 24, 24)
        self._grid.setSpacing(24)
        self._portrait: bool | None = None
        self._arrange(portrait=False)

    @property
    def portrait(self) -> bool:
        return bool(self._portrait)

    def _arrange(self, *, portrait: bool) -> None:
        if portrait == self._portrait:
            return
        self._portrait = portrait
        for panel in (self.conversation, self.menu_panel, self.cart_panel):
            self._grid.removeWidget(panel)
        for index in range(3):
            self._grid.setColumnStretch(index, 0)
            self._grid.setRowStretch(index, 0)
        if portrait:
            self._grid.addWidget(self.conversation, 0, 0, 1, 2)
            self._grid.addWidget(self.menu_panel, 1, 0)
            self._grid.addWidget(self.cart_panel, 1, 1)
            self._grid.setColumnStretch(0, 1)
            self._grid.setColumnStretch(1, 1)
            self._grid.setRowStretch(0, 1)
            self._grid.setRowStretch(1, 2)
        else:
            self._grid.addWidget(self.conversation, 0, 0)
            self._grid.addWidget(self.menu_panel, 0, 1)
            self._grid.addWidget(self.cart_panel, 0, 2)
            self._grid.setRowStretch(0, 1)
        self._stretch_columns()

    def _stretch_columns(self) -> None:
        if self.portrait:
            return
        # with room the menu is the widest column; on a narrow screen all three share alike
        wide = self.width() >= WIDE_MIN_PX
        for column, stretch in enumerate((3, 4, 3) if wide else (1, 1, 1)):
            self._grid.setColumnStretch(column, stretch)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._arrange(portrait=event.size().height() > event.size().width())
        self._stretch_columns()
        super().resizeEvent(event)


ORDER_STATUS_TEXT = {
    "new": "Preparing your order. Watch the pickup board for your number.",
    "in_progress": "Preparing your order. Watch the pickup board for your number.",
    "ready": "Your order is ready! Please collect it at the counter.",
    "completed": "Your order has been collected. Enjoy!",
    "cancelled": "Please see a member of staff about your order.",
}


class ConfirmationScreen(CentersPanel, QWidget):
    """The order number, what was ordered and the total, then back to the start."""

    doneRequested = Signal()

    def __init__(self, currency: str) -> None:
        super().__init__()
        self._currency = currency
        self.setObjectName("Confirmation")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.panel = QFrame()
        self.panel.setObjectName("Panel")
        layout = QVBoxLayout(self.panel)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(12)
        self.thanks = label("Thank you!", "AttractTitle", wrap=True)
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.thanks)
        number_label = label("Your order number", "OrderNumberLabel")
        number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(number_label)
        self.number = label("", "OrderNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.number)
        self.lines_host = QWidget()
        self.lines = QGridLayout(self.lines_host)
        self.lines.setContentsMargins(0, 12, 12, 12)
        self.lines.setColumnStretch(1, 1)
        layout.addWidget(FittedScroll(self.lines_host, min_visible=0), 1)
        total_row = QHBoxLayout()
        total_row.addWidget(label("Total", "GrandTotalLabel"), 1)
        self.total = label("", "GrandTotalValue")
        total_row.addWidget(self.total)
        layout.addLayout(total_row)
        self.status = label("", "OrderStatus", wrap=True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.hide()
        layout.addWidget(self.status)
        self.pay = label("", "PayAtCounter", wrap=True)
        self.pay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.pay)
        self.done = button("Done", "Primary")
        self.done.clicked.connect(self.doneRequested)
        layout.addWidget(self.done)
        self._center(self.panel, CONFIRMATION_WIDTH, CONFIRMATION_MARGIN, grow=100)

    def set_currency(self, currency: str) -> None:
        self._currency = currency

    def show_order(self, order: OrderPlaced) -> None:
        name = f", {order.customer_name}" if order.customer_name else ""
        self.thanks.setText(f"Thank you{name}!")
        self.number.setText(str(order.order_number))
        while self.lines.count():
            item = self.lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for row, line in enumerate(order.lines):
            name_text = line_name(line)
            if line_detail(line):
                name_text += f" ({line_detail(line)})"
            self.lines.addWidget(label(f"{line.qty} ×", "LineName"), row, 0)
            self.lines.addWidget(label(name_text, "LineName", wrap=True), row, 1)
            price = label(format_cents(line.line_cents, self._currency), "LinePrice")
            price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.lines.addWidget(price, row, 2)
        total = format_cents(order.total_cents, self._currency)
        self.total.setText(total)
        self.pay.setText(f"Please pay {total} at the counter.")
        self.status.hide()

    def show_status(self, status: str, _label: str) -> None:
        """How the order is doing, live from the store service (shown only when it is known)."""
        text = ORDER_STATUS_TEXT.get(status)
        if text is None:
            self.status.hide()
            return
        self.status.setText(text)
        self.status.setProperty("ready", status == "ready")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.show()
