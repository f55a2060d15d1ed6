"""`POST /connection`: a kiosk (by its device key) gets a new order room and a token for it;
`POST /api/kiosk/health`: a kiosk says how it is (shown on the admin pages' kiosk list).

The token may join that one room only, publish the microphone and data, and dispatches the
agent; it lives `TOKEN_TTL_SECONDS`. The LiveKit secret never leaves this service.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Response, status
from pydantic import BaseModel, ConfigDict, Field

from agent.core.kiosk_health import HEALTH_PATH, KioskHealth
from agent.core.protocol import TurnMode
from agent.core.tokens import mint_session_token, room_belongs_to
from store.devices import Device
from store.web import ServiceDep, ServiceState, kiosk_device

router = APIRouter(tags=["kiosks"])


class ConnectionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    turn_mode: TurnMode = TurnMode.PUSH_TO_TALK
    resume_room: str | None = Field(default=None, max_length=128)
    """Continue this kiosk's earlier order (after a failure); ignored for another kiosk's room."""


class ConnectionDetails(BaseModel):
    server_url: str
    room_name: str
    participant_token: str
    participant_identity: str
    expires_at: dt.datetime


@router.post("/connection", response_model=ConnectionDetails)
@router.post("/restaurant-booking/connection", response_model=ConnectionDetails)
async def connection(
    service: Annotated[ServiceState, ServiceDep],
    device: Annotated[Device, Depends(kiosk_device)],
    request: Annotated[ConnectionRequest | None, Body()] = None,
) -> ConnectionDetails:
    asked = request or ConnectionRequest()
    metadata = {"turn_mode": asked.turn_mode.value}
    if asked.resume_room and room_belongs_to(asked.resume_room, device.kiosk_id):
        metadata["resume_room"] = asked.resume_room
    settings = service.settings
    token = mint_session_token(
        api_key=settings.livekit_api_key,
        api_secret=settings.livekit_api_secret.get_secret_value(),
        kiosk_id=device.kiosk_id,
        agent_name=settings.agent_name,
        ttl=dt.timedelta(seconds=settings.token_ttl_seconds),
        dispatch_metadata=metadata,
    )
    return ConnectionDetails(
        server_url=settings.kiosk_livekit_url,
        room_name=token.room,
        participant_token=token.jwt,
        participant_identity=token.identity,
        expires_at=token.expires_at,
    )


@router.post(HEALTH_PATH, status_code=status.HTTP_204_NO_CONTENT)
async def kiosk_health(
    health: KioskHealth,
    service: Annotated[ServiceState, ServiceDep],
    device: Annotated[Device, Depends(kiosk_device)],
) -> Response:
    await service.devices.report_health(device.kiosk_id, health.model_dump(mode="json"))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
