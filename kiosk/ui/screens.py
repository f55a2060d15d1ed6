"""The three screens: attract → ordering → confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from agent.menu import Menu
from agent.money import format_cents
from agent.protocol import OrderPlaced, TurnMode
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


class ConversationPanel(QFrame):
    """The agent's state, live captions, connection notices, the talk button and typing."""

    def __init__(self, mode: TurnMode) -> None:
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
        self.captions = CaptionView()
        layout.addWidget(self.captions, 1)
        self.talk = TalkButton(mode)
        layout.addWidget(self.talk)
        self.meter = LevelMeter()
        layout.addWidget(self.meter)
        self.typed = TypedInput()
        layout.addWidget(self.typed)


class OrderingScreen(QWidget):
    """Conversation, touch menu and cart; side by side in landscape, stacked in portrait."""

    def __init__(self, menu: Menu, cart: CartModel, mode: TurnMode) -> None:
        super().__init__()
        self.setObjectName("Ordering")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.conversation = ConversationPanel(mode)
        self.menu_panel = MenuPanel(menu)
        self.cart_panel = CartPanel(cart)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(24, 24, 24, 24)
        self._layout.setSpacing(24)
        self._layout.addWidget(self.conversation, 3)
        self._layout.addWidget(self.menu_panel, 4)
        self._layout.addWidget(self.cart_panel, 3)

    @property
    def portrait(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        portrait = event.size().height() > event.size().width()
        self._layout.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._layout.setStretch(0, 3 if not portrait else 4)
        self._layout.setStretch(1, 4 if not portrait else 5)
        self._layout.setStretch(2, 3 if not portrait else 4)
        self.menu_panel.set_columns(3 if portrait else 2)
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
            self.lines.addWidget(label(f"{line.qty} ×", "LineQty"), row, 0)
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
