"""Access tokens for one order session: a fresh room, a unique identity, the agent dispatched.

Every order gets its own room so nothing (audio, cart, chat context) leaks between customers.
Minted by the store service (which alone holds the LiveKit secret in a store) and by a kiosk in
local development; the worker checks room ownership with `room_belongs_to`. Signing a JWT is
pure computation: this talks to no server.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

from livekit import api

ROOM_PREFIX = "restaurant"
KIOSK_IDENTITY_PREFIX = "kiosk"


@dataclass(frozen=True)
class SessionToken:
    room: str
    identity: str
    jwt: str
    expires_at: dt.datetime


def new_room_name(kiosk_id: str) -> str:
    """A room name no earlier session used: kiosk id, UTC time and 48 random bits."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return f"{ROOM_PREFIX}_{kiosk_id}_{stamp}_{secrets.token_hex(6)}"


def room_belongs_to(room: str, kiosk_id: str) -> bool:
    """Whether `room` is one that `new_room_name(kiosk_id)` made (a kiosk resumes only its own)."""
    return room.startswith(f"{ROOM_PREFIX}_{kiosk_id}_")


def mint_session_token(
    *,
    api_key: str,
    api_secret: str,
    kiosk_id: str,
    agent_name: str,
    ttl: dt.timedelta,
    dispatch_metadata: dict[str, str] | None = None,
) -> SessionToken:
    """Mints a token that may join only its own new room and dispatches `agent_name` into it."""
    room = new_room_name(kiosk_id)
    identity = f"{KIOSK_IDENTITY_PREFIX}-{kiosk_id}-{secrets.token_hex(4)}"
    metadata = {"kiosk_id": kiosk_id, **(dispatch_metadata or {})}
    grants = api.VideoGrants(
        room_join=True,
        room=room,
        can_publish=True,
        can_subscribe=True,
        can_publish_data=True,
        can_publish_sources=["microphone"],
    )
    room_config = api.RoomConfiguration(
        agents=[api.RoomAgentDispatch(agent_name=agent_name, metadata=json.dumps(metadata))],
    )
    issued = dt.datetime.now(dt.UTC)
    jwt = (
        api.AccessToken(api_key, api_secret)
        .with_identity(identity)
        .with_name(f"Kiosk {kiosk_id}")
        .with_kind("standard")
        .with_ttl(ttl)
        .with_grants(grants)
        .with_room_config(room_config)
        .to_jwt()
    )
    return SessionToken(room=room, identity=identity, jwt=jwt, expires_at=issued + ttl)
