"""Order-session tokens: a new room each time, one identity, a short TTL, this room only."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jwt
import pytest
from livekit import api

from agent.core.tokens import SessionToken, mint_session_token

API_KEY = "test-key"
API_SECRET = "test-secret-that-is-long-enough-for-hs256"


def _mint(ttl_seconds: int = 600, **extra: str) -> tuple[SessionToken, dict[str, Any]]:
    token = mint_session_token(
        api_key=API_KEY,
        api_secret=API_SECRET,
        kiosk_id="lobby-1",
        agent_name="kiosk-agent",
        ttl=dt.timedelta(seconds=ttl_seconds),
        dispatch_metadata=extra or None,
    )
    claims = jwt.decode(token.jwt, API_SECRET, algorithms=["HS256"], issuer=API_KEY)
    return token, claims


def test_token_grants_join_of_its_own_room_only() -> None:
    token, claims = _mint()
    video = claims["video"]
    assert video["roomJoin"] is True
    assert video["room"] == token.room
    assert video["canPublishSources"] == ["microphone"]
    for admin_grant in ("roomCreate", "roomList", "roomAdmin", "roomRecord", "agent", "hidden"):
        assert admin_grant not in video
    assert claims["sub"] == token.identity
    assert claims["iss"] == API_KEY


def test_token_ttl_is_short_and_matches_expiry() -> None:
    token, claims = _mint(ttl_seconds=600)
    assert claims["exp"] - claims["nbf"] == 600
    assert abs(token.expires_at.timestamp() - claims["exp"]) <= 1


def test_token_dispatches_the_named_agent_with_metadata() -> None:
    _, claims = _mint(turn_mode="hands_free")
    (dispatch,) = claims["roomConfig"]["agents"]
    assert dispatch["agentName"] == "kiosk-agent"
    assert json.loads(dispatch["metadata"]) == {"kiosk_id": "lobby-1", "turn_mode": "hands_free"}


def test_every_session_gets_a_new_room_and_identity() -> None:
    tokens = [_mint()[0] for _ in range(50)]
    rooms = {t.room for t in tokens}
    identities = {t.identity for t in tokens}
    assert len(rooms) == 50
    assert len(identities) == 50
    assert all(r.startswith("restaurant_lobby-1_") for r in rooms)


def test_livekit_verifier_accepts_the_token() -> None:
    token, _ = _mint()
    claims = api.TokenVerifier(API_KEY, API_SECRET).verify(token.jwt)
    assert claims.video is not None and claims.video.room == token.room
    assert claims.room_config is not None
    assert claims.room_config.agents[0].agent_name == "kiosk-agent"


def test_wrong_secret_is_rejected() -> None:
    token, _ = _mint()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token.jwt, "another-secret-of-sufficient-length!!", algorithms=["HS256"])


def test_token_carries_exactly_the_grants_a_kiosk_uses() -> None:
    """One named room, join, microphone audio and data out, subscribe; nothing else (no
    room_admin / room_create / room_list / room_record / ingress_admin / hidden / agent,
    no camera or screen share, no changing its own metadata)."""
    token, claims = _mint()
    assert claims["video"] == {
        "roomJoin": True,
        "room": token.room,
        "canPublish": True,
        "canPublishSources": ["microphone"],
        "canPublishData": True,
        "canSubscribe": True,
    }
    assert claims["kind"] == "standard"
    assert set(claims) == {"name", "kind", "video", "roomConfig", "sub", "iss", "nbf", "exp"}
    assert "sip" not in claims and "metadata" not in claims and "attributes" not in claims
    verified = api.TokenVerifier(API_KEY, API_SECRET).verify(token.jwt).video
    assert verified is not None
    assert not (
        verified.room_admin
        or verified.room_create
        or verified.room_list
        or verified.room_record
        or verified.ingress_admin
        or verified.hidden
        or verified.agent
        or verified.can_update_own_metadata
        or verified.recorder
        or verified.destination_room
    )


def test_kiosk_and_store_mint_tokens_that_expire_within_a_quarter_hour_by_default() -> None:
    from kiosk.settings import KioskSettings
    from store.settings import StoreSettings

    assert KioskSettings.model_fields["token_ttl_seconds"].default == 900
    assert StoreSettings.model_fields["token_ttl_seconds"].default == 900
