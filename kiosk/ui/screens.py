"""The three screens: attract → ordering → confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from agent.core.menu import Menu
from agent.core.money import format_cents
from agent.core.protocol import OrderPlaced, TurnMode
from kiosk.ui.models import CartModel
from kiosk.ui.widgets import (
    AgentIndicator,
    Banner,
    CaptionView,
    CartPanel,
    LevelMeter,
    MenuPanel,
    TalkButton,
    TypedInput,
    button,
    label,
    price_text,
)

HIGHLIGHTS = 3


class AttractScreen(QWidget):
    """What the kiosk shows between customers: tap anywhere to start."""

    startRequested = Signal()

    def __init__(self, menu: Menu) -> None:
        super().__init__()
        self.setObjectName("Attract")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 60)
        layout.addStretch(2)
        title = label(f"Welcome to {menu.restaurant.name}", "AttractTitle", wrap=True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        if menu.restaurant.tagline:
            tagline = label(menu.restaurant.tagline, "AttractTagline", wrap=True)
            tagline.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(tagline)
        layout.addStretch(1)
        cards = QHBoxLayout()
        cards.setSpacing(24)
        picks = [c.items[0] for c in menu.categories if c.items[0].available][:HIGHLIGHTS]
        for item in picks:
            card = QFrame()
            card.setObjectName("ItemTile")
            box = QVBoxLayout(card)
            box.setContentsMargins(22, 18, 22, 18)
            box.addWidget(label(item.name, "ItemName", wrap=True))
            if item.description:
                box.addWidget(label(item.description, "ItemDescription", wrap=True))
            box.addStretch(1)
            box.addWidget(label(price_text(item), "ItemPrice"))
            cards.addWidget(card, 1)
        layout.addLayout(cards)
        layout.addStretch(1)
        self.start_button = button("Tap to start your order", "StartButton")
        self.start_button.clicked.connect(self.startRequested)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        hint = label("Speak your order or tap the menu — it's your choice.", "AttractTagline")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        layout.addStretch(2)

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
        top = QHBoxLayout()
        top.addWidget(label("Talk to us", "PanelTitle"), 1)
        self.agent_state = AgentIndicator()
        top.addWidget(self.agent_state)
        layout.addLayout(top)
        self.banner = Banner()
        layout.addWidget(self.banner)
        self.captions = CaptionView(hint)
        layout.addWidget(self.captions, 1)
        self.talk = TalkButton(mode)
        layout.addWidget(self.talk)
        self.meter = LevelMeter()
        layout.addWidget(self.meter)
        self.typed = TypedInput()
        layout.addWidget(self.typed)


class OrderingScreen(QWidget):
    """Conversation, touch menu and cart: three columns in landscape; in portrait the
    conversation and the cart share the top half and the menu takes the bottom."""

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
            self._grid.addWidget(self.conversation, 0, 0)
            self._grid.addWidget(self.cart_panel, 0, 1)
            self._grid.addWidget(self.menu_panel, 1, 0, 1, 2)
            self._grid.setColumnStretch(0, 1)
            self._grid.setColumnStretch(1, 1)
            self._grid.setRowStretch(0, 1)
            self._grid.setRowStretch(1, 1)
            self.menu_panel.set_columns(3)
        else:
            self._grid.addWidget(self.conversation, 0, 0)
            self._grid.addWidget(self.menu_panel, 0, 1)
            self._grid.addWidget(self.cart_panel, 0, 2)
            self._grid.setColumnStretch(0, 3)
            self._grid.setColumnStretch(1, 4)
            self._grid.setColumnStretch(2, 3)
            self._grid.setRowStretch(0, 1)
            self.menu_panel.set_columns(2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._arrange(portrait=event.size().height() > event.size().width())
        super().resizeEvent(event)


class ConfirmationScreen(QWidget):
    """The order number, what was ordered and the total, then back to the start."""

    doneRequested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Confirmation")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 40, 60, 40)
        outer.addStretch(1)
        panel = QFrame()
        panel.setObjectName("Panel")
        panel.setMaximumWidth(900)
        panel.setMinimumWidth(720)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(12)
        self.thanks = label("Thank you!", "AttractTitle")
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
        self.lines.setContentsMargins(0, 12, 0, 12)
        self.lines.setColumnStretch(1, 1)
        layout.addWidget(self.lines_host)
        self.pay = label("", "PayAtCounter", wrap=True)
        self.pay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.pay)
        self.done = button("Done", "Primary")
        self.done.clicked.connect(self.doneRequested)
        layout.addWidget(self.done)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)

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
            name_text = f"{line.size} {line.name}" if line.size else line.name
            if line.modifiers:
                name_text += f" ({', '.join(line.modifiers)})"
            self.lines.addWidget(label(f"{line.qty} ×", "LineName"), row, 0)
            self.lines.addWidget(label(name_text, "LineName", wrap=True), row, 1)
            price = label(format_cents(line.line_cents), "LinePrice")
            price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.lines.addWidget(price, row, 2)
        total_row = len(order.lines)
        self.lines.addWidget(label("Total", "GrandTotalLabel"), total_row, 1)
        total = label(format_cents(order.total_cents), "GrandTotalValue")
        total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.lines.addWidget(total, total_row, 2)
        self.pay.setText(f"Please pay {format_cents(order.total_cents)} at the counter.")
