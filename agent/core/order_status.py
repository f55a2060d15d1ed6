"""Where a placed order is on its way to the customer, and how it may move.

The kitchen moves a ticket New → In progress → Ready → Completed (a bump each), recalls the
last bump, or cancels it; the counter marks a pay-at-counter order Paid, refunds or voids it.
Every change goes through `next_status` / `check_*` here, so the store service, the worker and
the tests agree on what is allowed.
"""

from __future__ import annotations

from enum import StrEnum

from agent.core.errors import KioskAgentError


class OrderStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    READY = "ready"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_open(self) -> bool:
        """Still the kitchen's business (shown on the kitchen display)."""
        return self in (OrderStatus.NEW, OrderStatus.IN_PROGRESS, OrderStatus.READY)


class PaymentStatus(StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    REFUNDED = "refunded"
    VOID = "void"

    @property
    def label(self) -> str:
        return self.value.capitalize()


_LABELS = {
    OrderStatus.NEW: "New",
    OrderStatus.IN_PROGRESS: "In progress",
    OrderStatus.READY: "Ready",
    OrderStatus.COMPLETED: "Completed",
    OrderStatus.CANCELLED: "Cancelled",
}

BUMP_ORDER = (
    OrderStatus.NEW,
    OrderStatus.IN_PROGRESS,
    OrderStatus.READY,
    OrderStatus.COMPLETED,
)

_ALLOWED: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.NEW: frozenset({OrderStatus.IN_PROGRESS, OrderStatus.READY, OrderStatus.CANCELLED}),
    OrderStatus.IN_PROGRESS: frozenset({OrderStatus.NEW, OrderStatus.READY, OrderStatus.CANCELLED}),
    OrderStatus.READY: frozenset(
        {OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED, OrderStatus.CANCELLED}
    ),
    OrderStatus.COMPLETED: frozenset({OrderStatus.READY}),
    OrderStatus.CANCELLED: frozenset(),
}

_PAYMENT_ALLOWED: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.UNPAID: frozenset({PaymentStatus.PAID, PaymentStatus.VOID}),
    PaymentStatus.PAID: frozenset({PaymentStatus.REFUNDED}),
    PaymentStatus.REFUNDED: frozenset(),
    PaymentStatus.VOID: frozenset(),
}

NEEDS_REASON = frozenset({PaymentStatus.REFUNDED, PaymentStatus.VOID})


class StatusChangeError(KioskAgentError):
    """A change the order's current state does not allow (said so to staff, nothing changed)."""


def next_status(current: OrderStatus) -> OrderStatus:
    """Where a bump takes a ticket: one step along New → In progress → Ready → Completed."""
    if current not in BUMP_ORDER or current is OrderStatus.COMPLETED:
        raise StatusChangeError(f"a {current.label.lower()} order cannot be bumped")
    return BUMP_ORDER[BUMP_ORDER.index(current) + 1]


def previous_status(current: OrderStatus) -> OrderStatus:
    """Where a recall takes a bumped ticket: one step back."""
    if current not in BUMP_ORDER or current is OrderStatus.NEW:
        raise StatusChangeError(f"a {current.label.lower()} order cannot be recalled")
    return BUMP_ORDER[BUMP_ORDER.index(current) - 1]


def check_status_change(current: OrderStatus, new: OrderStatus) -> None:
    if new is current:
        return
    if new not in _ALLOWED[current]:
        raise StatusChangeError(
            f"an order that is {current.label.lower()} cannot become {new.label.lower()}"
        )


def check_payment_change(current: PaymentStatus, new: PaymentStatus, reason: str) -> None:
    if new is current:
        return
    if new not in _PAYMENT_ALLOWED[current]:
        raise StatusChangeError(
            f"a {current.label.lower()} order cannot be marked {new.label.lower()}"
        )
    if new in NEEDS_REASON and not reason.strip():
        raise StatusChangeError("a refund or a void needs a reason")
