"""A day's figures for the manager: orders, revenue, average ticket, top items, orders per hour.

Revenue counts what the restaurant keeps: cancelled, voided and refunded orders are left out
(and counted apart)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from agent.core.order_status import OrderStatus, PaymentStatus
from agent.store import PlacedOrder

TOP_ITEMS = 8
MIN_HOURS_SHOWN = 8
"""The hourly chart shows at least this many hours up to the last order (a quiet morning too)."""


@dataclass(frozen=True)
class DayFigures:
    day: dt.date
    orders: int
    """Orders that count (not cancelled, voided or refunded)."""
    revenue_cents: int
    average_cents: int
    unpaid: int
    dropped: int
    """Cancelled, voided or refunded."""
    top_items: tuple[tuple[str, int], ...]
    """(name, quantity sold), most first."""
    per_hour: tuple[tuple[int, int], ...]
    """(hour of day, orders) for every hour up to the last order's (MIN_HOURS_SHOWN at least)."""


def counts(order: PlacedOrder) -> bool:
    return order.status is not OrderStatus.CANCELLED and order.payment_status not in (
        PaymentStatus.VOID,
        PaymentStatus.REFUNDED,
    )


def day_figures(day: dt.date, orders: list[PlacedOrder], tz: dt.tzinfo | None = None) -> DayFigures:
    kept = [order for order in orders if counts(order)]
    revenue = sum(order.total_cents for order in kept)
    sold: Counter[str] = Counter()
    for order in kept:
        for line in order.lines:
            sold[line.name] += line.quantity
    hours = Counter(order.placed_at.astimezone(tz).hour for order in kept)
    per_hour: tuple[tuple[int, int], ...] = ()
    if hours:
        last = max(hours)
        first = max(0, min(min(hours), last - MIN_HOURS_SHOWN + 1))
        per_hour = tuple((hour, hours[hour]) for hour in range(first, last + 1))
    return DayFigures(
        day=day,
        orders=len(kept),
        revenue_cents=revenue,
        average_cents=round(revenue / len(kept)) if kept else 0,
        unpaid=sum(1 for o in kept if o.payment_status is PaymentStatus.UNPAID),
        dropped=len(orders) - len(kept),
        top_items=tuple(sold.most_common(TOP_ITEMS)),
        per_hour=per_hour,
    )
