"""`/kitchen`: the cooks' live ticket screen (tap or bump-bar keys to move a ticket on)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from agent.core.order_status import OrderStatus
from agent.store import OrderChange
from store.staff import Role, StaffSession
from store.tickets import KITCHEN_OPEN, ticket
from store.web import TEMPLATES, ServiceDep, ServiceState, event_stream, staff_api, staff_page

router = APIRouter(tags=["kitchen"])

RECENTLY_DONE = 20
"""Completed tickets kept on hand for a recall."""


async def kitchen_state(service: ServiceState) -> dict[str, Any]:
    open_orders = await service.store.orders_in(KITCHEN_OPEN, limit=300)
    done = await service.store.orders_in((OrderStatus.COMPLETED,), limit=1000)
    return {
        "event_id": service.feed.last_event_id,
        "tickets": [ticket(order) for order in open_orders],
        "recent_done": [ticket(order) for order in done[-RECENTLY_DONE:]],
    }


@router.get("/kitchen", response_class=HTMLResponse)
async def kitchen_page(
    request: Request,
    service: Annotated[ServiceState, ServiceDep],
    session: Annotated[StaffSession, Depends(staff_page(Role.KITCHEN))],
) -> HTMLResponse:
    settings = service.settings
    return TEMPLATES.TemplateResponse(
        request,
        "kitchen.html",
        {
            "session": session,
            "restaurant": service.menu.restaurant.name,
            "warn_seconds": int(settings.kitchen_warn_minutes * 60),
            "late_seconds": int(settings.kitchen_late_minutes * 60),
        },
    )


@router.get("/api/kitchen/tickets")
async def kitchen_tickets(
    service: Annotated[ServiceState, ServiceDep],
    _session: Annotated[StaffSession, Depends(staff_api(Role.KITCHEN))],
) -> dict[str, Any]:
    return await kitchen_state(service)


@router.get("/api/kitchen/stream")
async def kitchen_stream(
    request: Request,
    service: Annotated[ServiceState, ServiceDep],
    _session: Annotated[StaffSession, Depends(staff_api(Role.KITCHEN))],
) -> StreamingResponse:
    def render(batch: list[OrderChange]) -> dict[str, Any]:
        return {
            "event_id": max(change.event_id for change in batch),
            "tickets": [ticket(change.order) for change in batch],
        }

    return event_stream(request, lambda: kitchen_state(service), render)
