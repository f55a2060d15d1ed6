"""`/board`: the pickup board in the dining room — "Preparing" and "Ready", numbers and first
names only, live. Public: it shows nothing a customer at the counter could not see."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from agent.store import OrderChange
from store.tickets import BOARD_PREPARING, BOARD_READY, board_entry
from store.web import TEMPLATES, ServiceDep, ServiceState, event_stream

router = APIRouter(tags=["board"])


async def board_state(service: ServiceState) -> dict[str, Any]:
    orders = await service.store.orders_in(BOARD_PREPARING + BOARD_READY, limit=300)
    return {"event_id": service.feed.last_event_id, "orders": [board_entry(o) for o in orders]}


@router.get("/board", response_class=HTMLResponse)
async def board_page(
    request: Request, service: Annotated[ServiceState, ServiceDep]
) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(
        request, "board.html", {"restaurant": service.menu.restaurant.name}
    )


@router.get("/api/board")
async def board(service: Annotated[ServiceState, ServiceDep]) -> dict[str, Any]:
    return await board_state(service)


@router.get("/api/board/stream")
async def board_stream(
    request: Request, service: Annotated[ServiceState, ServiceDep]
) -> StreamingResponse:
    def render(batch: list[OrderChange]) -> dict[str, Any]:
        return {
            "event_id": max(change.event_id for change in batch),
            "orders": [board_entry(change.order) for change in batch],
        }

    return event_stream(request, lambda: board_state(service), render)
