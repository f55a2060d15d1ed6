"""Layout pieces that adapt to the room a screen gives them, so one window fits every kiosk
screen from 768 px tablets to 1080 p portrait totems: a row that stacks when it is too narrow,
buttons that flow onto more lines, a one-line label that elides and shows its full text on a
tap."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QToolTip,
    QVBoxLayout,
    QWidget,
)


class Refits:
    """A widget that re-lays itself out (`_fit`) when resized and when the style or the font
    changes (the customer's text size). Mixed in before the Qt class."""

    def _fit(self) -> None:
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)  # type: ignore[misc]
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)  # type: ignore[misc]
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            # not while Qt restyles every widget; never after the widget is gone
            QTimer.singleShot(0, self, self._fit)  # type: ignore[call-overload]


class CentersPanel(Refits):
    """Shows one panel centred in itself: as wide as `width` at normal text times the customer's
    text size, never wider (nor taller) than the room less `margin` on each side."""

    _centered: tuple[QWidget, int, int]
    _scale: float

    def _center(self, panel: QWidget, width: int, margin: int, *, grow: int = 0) -> None:
        outer = QVBoxLayout(self)  # type: ignore[call-overload]
        outer.setContentsMargins(margin, margin, margin, margin)
        outer.addStretch(1)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(panel)
        middle.addStretch(1)
        outer.addLayout(middle, grow)
        outer.addStretch(1)
        self._centered = (panel, width, margin)
        self._scale = 1.0

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self._fit()

    def _fit(self) -> None:
        panel, width, margin = self._centered
        size = self.size()  # type: ignore[attr-defined]
        panel.setFixedWidth(max(0, min(round(width * self._scale), size.width() - 2 * margin)))
        panel.setMaximumHeight(max(0, size.height() - 2 * margin))


def _height_for(widget: QWidget, width: int) -> int:
    if widget.hasHeightForWidth():
        return max(widget.heightForWidth(width), widget.minimumSizeHint().height())
    return widget.sizeHint().height()


class ResponsiveRow(QWidget):
    """Its widgets side by side when all fit, else one under another (each then as wide as the
    row). "Fit" means at their preferred widths, or with `shrink` at their minimum widths (a
    wrapping name beside a price). It places them itself: a layout would not report the
    stacked height to its parent."""

    def __init__(self, *widgets: tuple[QWidget, int], spacing: int = 10, shrink: bool = False):
        super().__init__()
        self._items = [(widget, stretch) for widget, stretch in widgets]
        self._spacing = spacing
        self._shrink = shrink
        for widget, _ in self._items:
            widget.setParent(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _shown(self) -> list[tuple[QWidget, int]]:
        return [(w, stretch) for w, stretch in self._items if w.isVisibleTo(self)]

    def _base(self, widget: QWidget) -> int:
        return (widget.minimumSizeHint() if self._shrink else widget.sizeHint()).width()

    def _widths(self, width: int) -> list[int] | None:
        """Each widget's width side by side in `width`, or None when they do not fit."""
        shown = self._shown()
        base = [self._base(w) for w, _ in shown]
        extra = width - sum(base) - self._spacing * (len(shown) - 1)
        if extra < 0:
            return None
        stretches = sum(stretch for _, stretch in shown)
        if not stretches:
            return base
        return [
            b + extra * stretch // stretches for b, (_, stretch) in zip(base, shown, strict=True)
        ]

    def fits_side_by_side(self, width: int) -> bool:
        return self._widths(width) is not None

    def sizeHint(self) -> QSize:  # noqa: N802
        shown = self._shown()
        width = sum(w.sizeHint().width() for w, _ in shown) + self._spacing * (len(shown) - 1)
        height = max((w.sizeHint().height() for w, _ in shown), default=0)
        return QSize(max(width, 0), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        width = max((w.minimumSizeHint().width() for w, _ in self._shown()), default=0)
        return QSize(width, self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        shown = self._shown()
        if not shown:
            return 0
        widths = self._widths(width)
        if widths is not None:
            return max(_height_for(w, each) for (w, _), each in zip(shown, widths, strict=True))
        spacing = self._spacing * (len(shown) - 1)
        return sum(_height_for(w, width) for w, _ in shown) + spacing

    def _place(self) -> None:
        shown = self._shown()
        width = self.width()
        widths = self._widths(width)
        if widths is not None:
            used = sum(widths) + self._spacing * (len(shown) - 1)
            x = width - used  # what does not stretch keeps to the right
            for (widget, _), each in zip(shown, widths, strict=True):
                height = min(self.height(), _height_for(widget, each))
                widget.setGeometry(x, (self.height() - height) // 2, each, height)
                x += each + self._spacing
        else:
            y = 0
            for widget, _ in shown:
                height = _height_for(widget, width)
                widget.setGeometry(0, y, width, height)
                y += height + self._spacing

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self.updateGeometry()
            self._place()
        return super().event(event)


class FlowLayout(QLayout):
    """Items left to right at their preferred width, wrapping onto new lines (category chips).
    An item wider than the whole line gets the line's width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 10) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.wrap = True
        """False: every item on one line (the caller puts the host in a sideways scroller)."""
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def spacing(self) -> int:
        return self._gap

    def one_line_width(self) -> int:
        shown = [item for item in self._items if not item.isEmpty()]
        return sum(item.sizeHint().width() for item in shown) + self._gap * max(0, len(shown) - 1)

    def line_height(self) -> int:
        return max((item.sizeHint().height() for item in self._items), default=0)

    def minimumSize(self) -> QSize:  # noqa: N802
        margins = self.contentsMargins()
        extra = QSize(margins.left() + margins.right(), margins.top() + margins.bottom())
        if not self.wrap:
            return QSize(self.one_line_width(), self.line_height()) + extra
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size + extra

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            width = min(hint.width(), area.width()) if self.wrap else hint.width()
            height = hint.height()
            if width < hint.width() and item.hasHeightForWidth():
                height = item.heightForWidth(width)
            if self.wrap and x > area.x() and x + width > area.right() + 1:
                x, y, line_height = area.x(), y + line_height + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + self._gap
            line_height = max(line_height, height)
        return y + line_height - rect.y() + margins.bottom()


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when it does not fit; a tap shows the whole of it."""

    def __init__(self, text: str = "", name: str = "") -> None:
        super().__init__()
        self.setText(text)
        if name:
            self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.setToolTip(text)
        self.setAccessibleName(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), shown)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.is_elided():
            QToolTip.showText(event.globalPosition().toPoint(), self.text(), self)
        super().mouseReleaseEvent(event)


class WrapButton(QPushButton):
    """A push button whose text goes onto a second line rather than being cut when the button
    is narrower than its text (a long category name, a long action on a small screen)."""

    def __init__(self, text: str = "", name: str = "") -> None:
        super().__init__(text)
        if name:
            self.setObjectName(name)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _one_line(self, width: int) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) + self._padding().width() <= width

    def _padding(self) -> QSize:
        """What the style adds around the text (border, padding, minimum height)."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        return QSize(
            hint.width() - metrics.horizontalAdvance(self.text()), hint.height() - metrics.height()
        )

    def _text_rect(self, width: int) -> QRect:
        room = max(1, width - self._padding().width())
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        return self.fontMetrics().boundingRect(QRect(0, 0, room, 10_000), flags, self.text())

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        one_line = super().sizeHint().height()
        if self._one_line(width):
            return one_line
        return max(one_line, self._text_rect(width).height() + self._padding().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        longest = max(
            (self.fontMetrics().horizontalAdvance(word) for word in self.text().split()), default=0
        )
        # the height stays that of one line: layouts ask heightForWidth for the real one (a
        # tall minimum would make every item as tall as its narrowest form)
        return QSize(longest + self._padding().width(), super().sizeHint().height())

    def fits(self) -> bool:
        """Its text fits at its current size (wrapped where needed)."""
        return (
            self.minimumSizeHint().width() <= self.width()
            and self.heightForWidth(self.width()) <= self.height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if self._one_line(self.width()):
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        text, option.text = option.text, ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        inner = self.rect().adjusted(
            self._padding().width() // 2, 0, -(self._padding().width() // 2), 0
        )
        painter.setPen(self.palette().color(self.foregroundRole()))
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        painter.drawText(inner, flags, text)
