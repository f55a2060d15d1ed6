"""Orders by their day and number: the kitchen's moves (bump, recall, cancel), and a kiosk
asking how its customer's order is doing."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, status
from pydantic import BaseModel, ConfigDict, Field

from agent.core.order_status import OrderStatus, next_status, previous_status
from agent.store import PlacedOrder
from store.devices import Device
from store.staff import Role, StaffSession
from store.tickets import ticket
from store.web import ServiceDep, ServiceState, kiosk_device, staff_api

router = APIRouter(tags=["orders"])

Day = Annotated[dt.date, Path(description="The order's business day, YYYY-MM-DD")]
Number = Annotated[int, Path(ge=1, le=1_000_000)]


class Move(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["bump", "recall", "cancel"]
    reason: str = Field(default="", max_length=200)


def _chooser(move: Move) -> Any:
    if move.action == "bump":
        return next_status
    if move.action == "recall":
        return previous_status
    if not move.reason.strip():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "say why the order is cancelled")
    return lambda _current: OrderStatus.CANCELLED


@router.post("/api/orders/{day}/{number}/move")
async def move_order(
    day: Day,
    number: Number,
    move: Move,
    service: Annotated[ServiceState, ServiceDep],
    session: Annotated[StaffSession, Depends(staff_api(Role.KITCHEN))],
) -> dict[str, Any]:
    change = await service.store.change_status(
        day,
        number,
        _chooser(move),
        actor=f"staff:{session.user.username}",
        reason=move.reason.strip() or None,
    )
    service.feed.nudge()
    return {"event_id": change.event_id, "ticket": ticket(change.order)}


class KioskOrderStatus(BaseModel):
    number: int
    status: OrderStatus
    status_label: str


async def _order(service: ServiceState, day: dt.date, number: int) -> PlacedOrder:
    order = await service.store.order(day, number)
    if order is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"there is no order {number} on {day}")
    return order


@router.get("/api/kiosk/orders/{day}/{number}", response_model=KioskOrderStatus)
async def kiosk_order_status(
    day: Day,
    number: Number,
    service: Annotated[ServiceState, ServiceDep],
    _device: Annotated[Device, Depends(kiosk_device)],
) -> KioskOrderStatus:
    order = await _order(service, day, number)
    return KioskOrderStatus(number=number, status=order.status, status_label=order.status.label)
