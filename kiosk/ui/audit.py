"""Does every screen fit this display? Checks the widgets a customer sees, as Qt laid them out:
each label's and button's text fits its widget (font metrics, word wrap included), nothing
sticks out of the part of the window that shows it, no two texts overlap, and every touch
target is at least `MIN_TOUCH_PX` on its short side.

`kiosk --check-screens` runs these checks on every screen (kiosk.ui.tour) on the display it
is started on, so an installer can try a new touchscreen before the store opens.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QWidget,
)

from kiosk.ui.layouts import ElidedLabel, WrapButton

MIN_TOUCH_PX = 48
"""The smallest tap target a finger hits reliably (Material and Apple guidance: 48 / 44 px)."""

LINE_EDIT_PADDING_PX = 36
"""A line edit's frame and text margins around its placeholder, as the kiosk's style draws it."""


@dataclass(frozen=True)
class Problem:
    screen: str
    widget: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.screen}: {self.widget}: {self.kind} ({self.detail})"


def describe(widget: QWidget) -> str:
    name = widget.objectName() or type(widget).__name__
    text = widget_text(widget)
    return f"{name} {text!r}" if text else name


def widget_text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, QLineEdit):
        return widget.text() or widget.placeholderText()
    return ""


def is_touch_target(widget: QWidget) -> bool:
    if isinstance(widget, QAbstractButton | QLineEdit):
        return True
    return widget.cursor().shape() == Qt.CursorShape.PointingHandCursor and not isinstance(
        widget, QLabel
    )


def _visible_widgets(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisible() and w.isVisibleTo(root)]


def _in_root(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, widget.rect().topLeft()), widget.size())


def _shown_part(widget: QWidget, root: QWidget) -> QRect:
    """The part of the widget inside every ancestor up to `root` (scrolled-away parts cut)."""
    shown = _in_root(widget, root)
    ancestor = widget.parentWidget()
    while ancestor is not None and ancestor is not root:
        shown = shown.intersected(_in_root(ancestor, root))
        ancestor = ancestor.parentWidget()
    return shown.intersected(root.rect())


def _scrolls(widget: QWidget) -> tuple[bool, bool] | None:
    """For a scroll area's viewport, whether it scrolls (sideways, up and down): what it holds
    may be larger than it in those directions (the customer scrolls). None for other widgets."""
    parent = widget.parentWidget()
    if not isinstance(parent, QAbstractScrollArea) or parent.viewport() is not widget:
        return None
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    return (
        parent.horizontalScrollBarPolicy() != off,
        parent.verticalScrollBarPolicy() != off,
    )


def clipped_by(widget: QWidget, root: QWidget) -> QWidget | None:
    """The first ancestor (up to `root`) that cuts part of `widget` off, if any. A scroll
    area's viewport cuts nothing vertically; across is still a clip (no sideways scrolling)."""
    own = _in_root(widget, root)
    ancestor = widget.parentWidget()
    while ancestor is not None:
        area = _in_root(ancestor, root) if ancestor is not root else root.rect()
        scrolls = _scrolls(ancestor)
        if scrolls is not None:
            sideways, vertically = scrolls
            if not sideways and (own.left() < area.left() or own.right() > area.right()):
                return ancestor
            if not vertically and (own.top() < area.top() or own.bottom() > area.bottom()):
                return ancestor
            # what the viewport shows of it is what its ancestors must hold
            own = own.intersected(area)
            if own.isEmpty():
                return None
        elif not area.contains(own):
            return ancestor
        if ancestor is root:
            return None
        ancestor = ancestor.parentWidget()
    return None


def text_overflow(widget: QWidget) -> str:
    """Why the widget's text does not fit it ("" when it does)."""
    if isinstance(widget, ElidedLabel):
        return "" if widget.toolTip() == widget.text() else "elided, and its full text is nowhere"
    if isinstance(widget, QLabel):
        if not widget.text() or widget.pixmap() is not None and not widget.pixmap().isNull():
            return ""
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height():
                return f"needs {needed} px of height, has {widget.height()}"
            longest = max(
                (widget.fontMetrics().horizontalAdvance(word) for word in widget.text().split()),
                default=0,
            )
            room = widget.contentsRect().width() - 2 * widget.margin() - widget.indent()
            if longest > room:
                return f"a word needs {longest} px, has {room}"
            return ""
        hint = widget.sizeHint()
    elif isinstance(widget, WrapButton):
        if widget.fits():
            return ""
        return f"needs {widget.minimumSizeHint().width()}×{widget.heightForWidth(widget.width())}"
    elif isinstance(widget, QAbstractButton):
        if not widget.text():
            return ""
        hint = widget.sizeHint()
    elif isinstance(widget, QLineEdit):
        text = widget.text() or widget.placeholderText()
        needed = widget.fontMetrics().horizontalAdvance(text) + LINE_EDIT_PADDING_PX
        if needed > widget.width():
            return f"needs {needed} px, has {widget.width()}"
        return ""
    else:
        return ""
    if hint.width() > widget.width():
        return f"needs {hint.width()} px, has {widget.width()}"
    if hint.height() > widget.height():
        return f"needs {hint.height()} px of height, has {widget.height()}"
    return ""


def audit(root: QWidget, screen: str, *, layer: QWidget | None = None) -> list[Problem]:
    """Every fit problem of what the customer sees in `root` now. `layer`: a dialog drawn over
    the window; then only it is checked (what lies under it is covered)."""
    scope = layer or root
    problems: list[Problem] = []
    texts: list[tuple[QWidget, QRect]] = []
    for widget in _visible_widgets(scope):
        where = describe(widget)
        if widget.width() <= 0 or widget.height() <= 0:
            continue
        clip = clipped_by(widget, root)
        if clip is not None:
            problems.append(
                Problem(screen, where, "cut off", f"outside {describe(clip)} at {clip.geometry()}")
            )
        overflow = text_overflow(widget)
        if overflow:
            problems.append(Problem(screen, where, "text does not fit", overflow))
        if is_touch_target(widget) and widget.isEnabled():
            short = min(widget.width(), widget.height())
            if short < MIN_TOUCH_PX:
                problems.append(
                    Problem(screen, where, "touch target too small", f"{short} px < {MIN_TOUCH_PX}")
                )
        if widget_text(widget):
            texts.append((widget, _shown_part(widget, root)))
    for index, (first, first_rect) in enumerate(texts):
        for second, second_rect in texts[index + 1 :]:
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            both = first_rect.intersected(second_rect)
            if both.width() > 1 and both.height() > 1:
                problems.append(Problem(screen, describe(first), "overlaps", describe(second)))
    return problems
