"""What the pages are sent about an order: a kitchen ticket and a pickup board entry."""

from __future__ import annotations

from typing import Any

from agent.core.order_status import OrderStatus
from agent.store import PlacedOrder

BOARD_PREPARING = (OrderStatus.NEW, OrderStatus.IN_PROGRESS)
BOARD_READY = (OrderStatus.READY,)
KITCHEN_OPEN = (OrderStatus.NEW, OrderStatus.IN_PROGRESS, OrderStatus.READY)


def order_key(order: PlacedOrder) -> str:
    """How pages and URLs name an order: its business day and number (`2026-12-02/17`)."""
    return f"{order.business_date.isoformat()}/{order.order_number}"


def ticket(order: PlacedOrder) -> dict[str, Any]:
    return {
        "key": order_key(order),
        "number": order.order_number,
        "name": order.customer_name,
        "first_name": order.first_name,
        "status": order.status.value,
        "status_label": order.status.label,
        "open": order.status.is_open,
        "payment_status": order.payment_status.value,
        "placed_at": order.placed_at.isoformat(),
        "updated_at": (order.updated_at or order.placed_at).isoformat(),
        "kiosk_id": order.kiosk_id,
        "total_cents": order.total_cents,
        "lines": [
            {
                "quantity": line.quantity,
                "name": line.name,
                "size": line.size_name,
                "modifiers": list(line.modifier_names),
                "notes": line.notes,
            }
            for line in order.lines
        ],
    }


def board_entry(order: PlacedOrder) -> dict[str, Any]:
    """Only what a screen in the dining room may show: the number and a first name."""
    return {
        "key": order_key(order),
        "number": order.order_number,
        "first_name": order.first_name,
        "status": order.status.value,
        "on_board": order.status in BOARD_PREPARING or order.status in BOARD_READY,
        "ready": order.status in BOARD_READY,
    }
