"""Reusable kiosk widgets. They render what they are given and emit intents; no async work."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from agent.core.menu import Category, Menu, MenuItem
from agent.core.money import format_cents
from agent.core.protocol import TurnMode
from kiosk.ui.layouts import ElidedLabel, FlowLayout, Refits, ResponsiveRow, WrapButton
from kiosk.ui.models import CartModel

AGENT_STATE_TEXT = {
    "initializing": "Getting ready…",
    "listening": "Listening",
    "thinking": "Thinking…",
    "speaking": "Speaking",
    "connecting": "Connecting…",
    "reconnecting": "Reconnecting…",
    "waiting": "One moment…",
    "offline": "Not available",
}
NOT_SERVING = ("connecting", "reconnecting", "waiting", "offline")
"""Pill states with no assistant to talk to (drawn grey)."""
CAPTION_HINT = "Say what you'd like — for example, “two of the first item and a drink.”"
MAX_CAPTIONS = 12
CHIPS_SHARE = 4
"""The category chips wrap onto more lines while they take at most 1/CHIPS_SHARE of the menu."""


def label(text: str, name: str = "", *, wrap: bool = False) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    return widget


def welcome_layout(screen: QWidget, name: str, restaurant: str) -> QVBoxLayout:
    """A full-screen page that opens with "Welcome to <restaurant>" (the attract and the
    starting screens); the caller adds what follows the title."""
    screen.setObjectName(name)
    screen.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout = QVBoxLayout(screen)
    layout.setContentsMargins(60, 40, 60, 60)
    layout.addStretch(2)
    title = label(f"Welcome to {restaurant}", "AttractTitle", wrap=True)
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(title)
    return layout


def button(text: str, name: str = "") -> QPushButton:
    widget = QPushButton(text)
    if name:
        widget.setObjectName(name)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


class FittedScroll(QScrollArea):
    """Holds content that may be taller than the screen: as tall as the content at its width
    when there is room, scrolling when there is not (a long order, many options)."""

    MIN_VISIBLE_PX = 120

    def __init__(self, content: QWidget, min_visible: int = MIN_VISIBLE_PX) -> None:
        super().__init__()
        self._min_visible = min_visible
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)

    def sizeHint(self) -> QSize:  # noqa: N802
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint()
        width = self.viewport().width() if self.viewport().width() > 1 else hint.width()
        height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        return QSize(hint.width(), (height if height >= 0 else hint.height()) + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, min(self.sizeHint().height(), self._min_visible))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


def restyle(widget: QWidget) -> None:
    """Re-applies the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def price_text(item: MenuItem, currency: str) -> str:
    if item.sizes:
        return f"from {format_cents(item.base_price_cents, currency)}"
    return format_cents(item.base_price_cents, currency)


class Header(QFrame):
    """Brand bar: restaurant name and tagline, text-size buttons, an optional cancel button."""

    smallerText = Signal()
    largerText = Signal()
    cancelRequested = Signal()

    def __init__(self, menu: Menu) -> None:
        super().__init__()
        self.setObjectName("Header")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(28, 14, 28, 14)
        names = QVBoxLayout()
        names.addWidget(ElidedLabel(menu.restaurant.name, "BrandName"))
        if menu.restaurant.tagline:
            names.addWidget(ElidedLabel(menu.restaurant.tagline, "BrandTagline"))
        layout.addLayout(names, 1)
        self.cancel_button = button("Cancel order", "HeaderButton")
        self.cancel_button.clicked.connect(self.cancelRequested)
        layout.addWidget(self.cancel_button)
        smaller, larger = button("A−", "HeaderButton"), button("A+", "HeaderButton")
        smaller.setAccessibleName("Smaller text")
        larger.setAccessibleName("Larger text")
        smaller.clicked.connect(self.smallerText)
        larger.clicked.connect(self.largerText)
        layout.addWidget(smaller)
        layout.addWidget(larger)

    def show_cancel(self, visible: bool) -> None:
        self.cancel_button.setVisible(visible)


class AgentIndicator(QLabel):
    """The agent's state as a colored pill: listening, thinking, speaking."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("AgentState")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_state("offline")

    def set_state(self, state: str) -> None:
        known = state if state in AGENT_STATE_TEXT else "connecting"
        self.setText(AGENT_STATE_TEXT[known])
        self.setProperty("state", "offline" if known in NOT_SERVING else known)
        restyle(self)


class CaptionView(QScrollArea):
    """Live captions of both sides, newest at the bottom; partial captions update in place."""

    def __init__(self, hint: str = CAPTION_HINT) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        host = QWidget()
        self._layout = QVBoxLayout(host)
        self._layout.setContentsMargins(0, 0, 8, 0)
        self._layout.setSpacing(12)
        self._layout.addStretch(1)
        self._hint = label(hint, "EmptyCart", wrap=True)
        self._layout.addWidget(self._hint)
        self.setWidget(host)
        self._rows: dict[str, tuple[QWidget, QLabel]] = {}
        self._order: list[str] = []
        self.verticalScrollBar().rangeChanged.connect(
            lambda _low, high: self.verticalScrollBar().setValue(high)
        )

    def set_caption(self, speaker: str, segment_id: str, text: str) -> None:
        key = f"{speaker}:{segment_id}"
        if key not in self._rows:
            self._hint.hide()
            row = QWidget()
            box = QVBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(label("You" if speaker == "customer" else "Kiosk", "CaptionWho"))
            name = "CaptionCustomer" if speaker == "customer" else "CaptionAgent"
            body = label("", name, wrap=True)
            box.addWidget(body)
            self._layout.addWidget(row)
            self._rows[key] = (row, body)
            self._order.append(key)
            while len(self._order) > MAX_CAPTIONS:
                old_row, _ = self._rows.pop(self._order.pop(0))
                old_row.deleteLater()
        self._rows[key][1].setText(text)

    def clear(self) -> None:
        for row, _ in self._rows.values():
            row.deleteLater()
        self._rows.clear()
        self._order.clear()
        self._hint.show()

    def texts(self) -> list[str]:
        return [self._rows[key][1].text() for key in self._order]


class TalkButton(QPushButton):
    """Hold to talk (push-to-talk) or tap to turn the microphone on and off (hands-free)."""

    pressedToTalk = Signal()
    releasedToTalk = Signal()

    def __init__(self, mode: TurnMode) -> None:
        super().__init__()
        self.setObjectName("TalkButton")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._mode = mode
        self.set_talking(False)
        self.pressed.connect(self.pressedToTalk)
        self.released.connect(self.releasedToTalk)

    def set_talking(self, talking: bool) -> None:
        if self._mode is TurnMode.PUSH_TO_TALK:
            self.setText("Listening… release when done" if talking else "Hold to talk")
        else:
            self.setText("Microphone on — tap to pause" if talking else "Tap to talk")
        self.setProperty("talking", "true" if talking else "false")
        restyle(self)


class LevelMeter(QProgressBar):
    """Microphone level, so customers see they are heard."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Meter")
        self.setRange(0, 100)
        self.setTextVisible(False)
        self.setFixedHeight(12)
        self.setAccessibleName("Microphone level")

    def set_level(self, dbfs: float) -> None:
        self.setValue(int(max(0.0, min(100.0, (dbfs + 60.0) * 100.0 / 60.0))))


class TypedInput(QWidget):
    """Typing instead of speaking."""

    submitted = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Or type here")
        self.edit.setAccessibleName("Type your order")
        send = button("Send", "Primary")
        layout.addWidget(ResponsiveRow((self.edit, 1), (send, 0)))
        send.clicked.connect(self._submit)
        self.edit.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        text = self.edit.text().strip()
        if text:
            self.submitted.emit(text)
            self.edit.clear()


class ItemTile(QFrame):
    """One menu item to tap: name, price, a short description, sold-out badge."""

    chosen = Signal(str)

    def __init__(self, item: MenuItem, currency: str) -> None:
        super().__init__()
        self.setObjectName("ItemTile")
        self.item = item
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(6)
        layout.addWidget(label(item.name, "ItemName", wrap=True))
        if item.description:
            layout.addWidget(label(item.description, "ItemDescription", wrap=True))
        layout.addStretch(1)
        bottom = QHBoxLayout()
        if not item.available:
            bottom.addWidget(label("Sold out today", "SoldOut"))
            self.setEnabled(False)
        bottom.addStretch(1)
        price = label(price_text(item, currency), "ItemPrice")
        price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bottom.addWidget(price)
        layout.addLayout(bottom)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(f"{item.name}, {price_text(item, currency)}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.isEnabled() and self.rect().contains(event.position().toPoint()):
            self.chosen.emit(self.item.id)
        super().mouseReleaseEvent(event)


class MenuPanel(Refits, QFrame):
    """The touch menu: category buttons and the items of the chosen category."""

    itemChosen = Signal(str)

    TILE_MIN_CHARS = 15
    """A tile is at least this many average characters wide; the columns follow."""

    def __init__(self, menu: Menu, columns: int = 2) -> None:
        super().__init__()
        self.setObjectName("Panel")
        self._menu = menu
        self._columns = columns
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.addWidget(label("Menu", "PanelTitle"))
        self._strip_host = strip = QWidget()
        self._strip = FlowLayout(strip, spacing=10)
        self._chips = QScrollArea()
        self._chips.setWidgetResizable(True)
        self._chips.setFrameShape(QFrame.Shape.NoFrame)
        self._chips.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._chips.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        QScroller.grabGesture(
            self._chips.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self._group = QButtonGroup(self)
        self._category_buttons: dict[str, QPushButton] = {}
        self._add_category_buttons(menu)
        self._chips.setWidget(strip)
        layout.addWidget(self._chips)
        self._items = QScrollArea()
        self._items.setWidgetResizable(True)
        self._items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self._items, 1)
        self.tiles: list[ItemTile] = []
        self.show_category(menu.categories[0].id)

    def _fit(self) -> None:
        """Tile columns for this width; the category chips keep the lines they need."""
        room = self.contentsRect().width() - 40
        tile = self.fontMetrics().averageCharWidth() * self.TILE_MIN_CHARS
        self.set_columns(max(1, min(3, room // max(1, tile))))
        # the chips wrap while they take at most a quarter of the panel (two lines at least);
        # beyond that they scroll sideways on one line and leave the room to the items
        self._strip.wrap = True
        wrapped = self._strip.heightForWidth(room)
        two_lines = 2 * self._strip.line_height() + self._strip.spacing()
        self._strip.wrap = wrapped <= max(two_lines, self.height() // CHIPS_SHARE)
        if self._strip.wrap:
            self._chips.setFixedHeight(wrapped)
        else:
            bar = self._chips.horizontalScrollBar().sizeHint().height()
            self._chips.setFixedHeight(self._strip.line_height() + bar + 4)
        self._strip.invalidate()

    def _add_category_buttons(self, menu: Menu) -> None:
        for category in menu.categories:
            choice = WrapButton(category.name, "Category")
            choice.setCheckable(True)
            self._group.addButton(choice)
            choice.clicked.connect(lambda _=False, c=category: self.show_category(c.id))
            self._category_buttons[category.id] = choice
            self._strip.addWidget(choice)

    def set_menu(self, menu: Menu) -> None:
        """Other items sold out (staff's switches), or another menu (the version this session
        sells): the category chips and the tiles follow."""
        categories = [(c.id, c.name) for c in menu.categories]
        if categories != [(c.id, c.name) for c in self._menu.categories]:
            for choice in self._category_buttons.values():
                self._group.removeButton(choice)
                self._strip.removeWidget(choice)
                choice.deleteLater()
            self._category_buttons.clear()
            self._add_category_buttons(menu)
            self._fit()
        self._menu = menu
        current = next((cid for cid, b in self._category_buttons.items() if b.isChecked()), None)
        keep = current is not None and menu.category(current) is not None
        self.show_category(current if current is not None and keep else menu.categories[0].id)

    def set_columns(self, columns: int) -> None:
        if columns != self._columns:
            self._columns = columns
            current = next(
                (cid for cid, b in self._category_buttons.items() if b.isChecked()), None
            )
            self.show_category(current or self._menu.categories[0].id)

    def show_category(self, category_id: str) -> None:
        category: Category | None = self._menu.category(category_id)
        if category is None:
            return
        self._category_buttons[category_id].setChecked(True)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 8, 8, 8)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        self.tiles = []
        for index, item in enumerate(category.items):
            tile = ItemTile(item, self._menu.restaurant.currency)
            tile.chosen.connect(self.itemChosen)
            grid.addWidget(tile, index // self._columns, index % self._columns)
            self.tiles.append(tile)
        grid.setRowStretch(len(category.items) // self._columns + 1, 1)
        self._items.setWidget(grid_host)


class CartLineRow(QFrame):
    """One line of the order: name and price, then details and − / + / remove buttons."""

    quantityChanged = Signal(str, int)
    removeRequested = Signal(str)

    def __init__(self, line_id: str, name: str, detail: str, qty: int, price: str) -> None:
        super().__init__()
        self.line_id = line_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 10)
        layout.setSpacing(6)
        amount = label(price, "LinePrice")
        amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(
            ResponsiveRow((label(name, "LineName", wrap=True), 1), (amount, 0), shrink=True)
        )
        controls = QWidget()
        steps = QHBoxLayout(controls)
        steps.setContentsMargins(0, 0, 0, 0)
        minus, plus = button("−", "Step"), button("+", "Step")
        minus.setAccessibleName(f"One less {name}")
        plus.setAccessibleName(f"One more {name}")
        quantity = label(str(qty), "LineQty")
        quantity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        remove = button("✕", "Remove")
        remove.setAccessibleName(f"Remove {name}")
        steps.setSpacing(4)
        steps.addStretch(1)
        for widget in (minus, quantity, plus):
            steps.addWidget(widget)
        steps.addSpacing(8)
        steps.addWidget(remove)
        details = label(detail, "LineDetail", wrap=True)
        details.setVisible(bool(detail))
        layout.addWidget(ResponsiveRow((details, 1), (controls, 0)))
        minus.clicked.connect(lambda: self.quantityChanged.emit(line_id, qty - 1))
        plus.clicked.connect(lambda: self.quantityChanged.emit(line_id, qty + 1))
        remove.clicked.connect(lambda: self.removeRequested.emit(line_id))
        self.minus_button, self.plus_button, self.remove_button = minus, plus, remove


class CartPanel(QFrame):
    """The order as the agent last sent it; totals only from the snapshot."""

    quantityChanged = Signal(str, int)
    removeRequested = Signal(str)
    placeRequested = Signal()

    def __init__(self, model: CartModel) -> None:
        super().__init__()
        self.setObjectName("Panel")
        self._model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.addWidget(label("Your order", "PanelTitle"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._lines_host = QWidget()
        self._lines = QVBoxLayout(self._lines_host)
        self._lines.setContentsMargins(0, 0, 8, 0)
        scroll.setWidget(self._lines_host)
        layout.addWidget(scroll, 1)
        totals = QGridLayout()
        self.subtotal = self._total_row(totals, 0, "Subtotal", "TotalLabel", "TotalValue")
        self.tax = self._total_row(totals, 1, "Tax", "TotalLabel", "TotalValue")
        self.total = self._total_row(totals, 2, "Total", "GrandTotalLabel", "GrandTotalValue")
        layout.addLayout(totals)
        self.place_button = WrapButton("Review and place order", "Accent")
        self.place_button.clicked.connect(self.placeRequested)
        layout.addWidget(self.place_button)
        self.rows: list[CartLineRow] = []
        model.modelReset.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _total_row(grid: QGridLayout, row: int, text: str, left: str, right: str) -> QLabel:
        grid.addWidget(label(text, left), row, 0)
        value = label("", right)
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(value, row, 1)
        return value

    def refresh(self) -> None:
        while self._lines.count():
            item = self._lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = []
        model = self._model
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            line = CartLineRow(
                str(model.data(index, CartModel.LineIdRole)),
                str(model.data(index, CartModel.NameRole)),
                str(model.data(index, CartModel.DetailRole)),
                int(model.data(index, CartModel.QuantityRole)),
                str(model.data(index, CartModel.PriceRole)),
            )
            line.quantityChanged.connect(self.quantityChanged)
            line.removeRequested.connect(self.removeRequested)
            self._lines.addWidget(line)
            self.rows.append(line)
        if not self.rows:
            empty = label(
                "Your order is empty. Say what you'd like, or tap the menu.", "EmptyCart", wrap=True
            )
            self._lines.addWidget(empty)
        self._lines.addStretch(1)
        self.subtotal.setText(model.subtotal_text())
        self.tax.setText(model.tax_text())
        self.total.setText(model.total_text())
        self.place_button.setEnabled(bool(self.rows))


class Banner(QFrame):
    """A state the customer should know about: reconnecting, voice unavailable."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        self.text = label("", wrap=True)
        layout.addWidget(self.text, 1)
        self.hide()

    def show_message(self, message: str, *, error: bool = False) -> None:
        self.text.setText(message)
        self.setProperty("kind", "error" if error else "info")
        restyle(self)
        self.setVisible(bool(message))


class Notice(QLabel):
    """A short message that disappears by itself (a refused edit, …)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Notice")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._timer = QTimer(self, singleShot=True, interval=5000)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_notice(self, text: str) -> None:
        self.setText(text)
        self.show()
        self.raise_()
        self._timer.start()


class ItemOptions(QWidget):
    """Size (required when the item has sizes), modifiers and quantity for one menu item."""

    def __init__(self, item: MenuItem, currency: str) -> None:
        super().__init__()
        self.item = item
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.size_buttons: dict[str, QRadioButton] = {}
        if item.sizes:
            layout.addWidget(label("Size", "PanelTitle"))
            group = QButtonGroup(self)
            for size in item.sizes:
                choice = QRadioButton(size.name)
                group.addButton(choice)
                layout.addLayout(self._priced(choice, format_cents(size.price_cents, currency)))
                self.size_buttons[size.id] = choice
        self.modifier_boxes: dict[str, QCheckBox] = {}
        if item.modifiers:
            layout.addWidget(label("Options", "PanelTitle"))
            for modifier in item.modifiers:
                box = QCheckBox(modifier.name.capitalize())
                extra = (
                    f"+{format_cents(modifier.price_cents, currency)}"
                    if modifier.price_cents
                    else ""
                )
                layout.addLayout(self._priced(box, extra))
                self.modifier_boxes[modifier.id] = box
        stepper = QHBoxLayout()
        stepper.addWidget(label("Quantity", "PanelTitle"), 1)
        self.quantity = 1
        minus, plus = button("−", "Step"), button("+", "Step")
        self._quantity_label = label("1", "LineQty")
        self._quantity_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        minus.clicked.connect(lambda: self._step(-1))
        plus.clicked.connect(lambda: self._step(1))
        for widget in (minus, self._quantity_label, plus):
            stepper.addWidget(widget)
        layout.addLayout(stepper)

    @staticmethod
    def _priced(choice: QWidget, price: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(choice, 1)
        amount = label(price, "ItemPrice")
        amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(amount)
        return row

    def _step(self, delta: int) -> None:
        self.quantity = max(1, min(20, self.quantity + delta))
        self._quantity_label.setText(str(self.quantity))

    def chosen_size(self) -> str:
        return next((sid for sid, b in self.size_buttons.items() if b.isChecked()), "")

    def chosen_modifiers(self) -> list[str]:
        return [mid for mid, box in self.modifier_boxes.items() if box.isChecked()]

    def complete(self) -> bool:
        return not self.item.sizes or bool(self.chosen_size())
