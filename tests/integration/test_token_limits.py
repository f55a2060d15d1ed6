"""A kiosk's session token against a real livekit-server: it joins its own room and no other,
cannot be bent to another room, cannot call the server API (rooms, participants, dispatch,
ingress, egress) and cannot publish anything but microphone audio."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from livekit import api, rtc
from livekit.rtc.participant import PublishTrackError

from agent.core.tokens import SessionToken, mint_session_token
from kiosk.localstack import LocalStack, StackEndpoint

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(
    livekit_server_bin: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StackEndpoint]:
    """livekit-server alone: these checks need no agent."""
    with LocalStack(tmp_path_factory.mktemp("token-logs"), start_worker=False) as stack:
        assert stack.endpoint is not None
        yield stack.endpoint


def _mint(endpoint: StackEndpoint, kiosk_id: str, ttl: dt.timedelta | None = None) -> SessionToken:
    return mint_session_token(
        api_key=endpoint.api_key,
        api_secret=endpoint.api_secret,
        kiosk_id=kiosk_id,
        agent_name="kiosk-agent",
        ttl=ttl or dt.timedelta(minutes=10),
    )


def _http(endpoint: StackEndpoint) -> str:
    return endpoint.url.replace("ws://", "http://", 1)


@pytest.fixture
async def kiosk(server: StackEndpoint) -> AsyncIterator[tuple[SessionToken, rtc.Room]]:
    token = _mint(server, "front")
    room = rtc.Room()
    await room.connect(server.url, token.jwt)
    yield token, room
    await room.disconnect()


@pytest.fixture
async def admin(server: StackEndpoint) -> AsyncIterator[api.LiveKitAPI]:
    """The server API with the real key and secret, to see what the kiosk's calls did."""
    client = api.LiveKitAPI(_http(server), server.api_key, server.api_secret)
    yield client
    await client.aclose()


async def _identities(admin: api.LiveKitAPI, room: str) -> set[str]:
    listed = await admin.room.list_participants(api.ListParticipantsRequest(room=room))
    return {p.identity for p in listed.participants}


async def test_a_kiosk_token_joins_its_own_room_and_no_other(
    server: StackEndpoint, kiosk: tuple[SessionToken, rtc.Room], admin: api.LiveKitAPI
) -> None:
    token, room = kiosk
    other = _mint(server, "side")
    other_room = rtc.Room()
    await other_room.connect(server.url, other.jwt)
    try:
        assert room.name == token.room and other_room.name == other.room != token.room
        assert token.identity in await _identities(admin, token.room)
        assert await _identities(admin, other.room) == {other.identity}

        # the room is the signed claim: the same token with another room in it is refused
        header, payload, signature = token.jwt.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["video"]["room"] = other.room
        bent_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
        bent = rtc.Room()
        with pytest.raises(rtc.ConnectError, match="401"):
            await bent.connect(server.url, f"{header}.{bent_payload.decode()}.{signature}")
        assert await _identities(admin, other.room) == {other.identity}
    finally:
        await other_room.disconnect()


async def test_an_expired_kiosk_token_is_refused(server: StackEndpoint) -> None:
    expired = _mint(server, "front", ttl=dt.timedelta(minutes=-5))
    with pytest.raises(rtc.ConnectError, match="401"):
        await rtc.Room().connect(server.url, expired.jwt)


async def test_a_kiosk_token_cannot_use_the_server_api(
    kiosk: tuple[SessionToken, rtc.Room], server: StackEndpoint, admin: api.LiveKitAPI
) -> None:
    token, _room = kiosk
    with_token = api.LiveKitAPI(_http(server), token=token.jwt)
    calls: dict[str, Callable[[], Awaitable[object]]] = {
        "list_rooms": lambda: with_token.room.list_rooms(api.ListRoomsRequest()),
        "create_room": lambda: with_token.room.create_room(api.CreateRoomRequest(name="other")),
        "delete_room": lambda: with_token.room.delete_room(api.DeleteRoomRequest(room=token.room)),
        "list_participants": lambda: with_token.room.list_participants(
            api.ListParticipantsRequest(room=token.room)
        ),
        "remove_participant": lambda: with_token.room.remove_participant(
            api.RoomParticipantIdentity(room=token.room, identity=token.identity)
        ),
        "update_participant": lambda: with_token.room.update_participant(
            api.UpdateParticipantRequest(
                room=token.room,
                identity=token.identity,
                permission=api.ParticipantPermission(
                    can_publish=True, can_subscribe=True, can_publish_data=True, hidden=True
                ),
            )
        ),
        "send_data": lambda: with_token.room.send_data(
            api.SendDataRequest(room=token.room, data=b"x", kind=api.DataPacket.RELIABLE)
        ),
        "create_dispatch": lambda: with_token.agent_dispatch.create_dispatch(
            api.CreateAgentDispatchRequest(room=token.room, agent_name="kiosk-agent")
        ),
        "list_ingress": lambda: with_token.ingress.list_ingress(api.ListIngressRequest()),
        "start_egress": lambda: with_token.egress.start_room_composite_egress(
            api.RoomCompositeEgressRequest(room_name=token.room)
        ),
    }
    refused: dict[str, tuple[int, str]] = {}
    try:
        for name, call in calls.items():
            with pytest.raises(api.TwirpError) as excinfo:
                await call()
            refused[name] = (excinfo.value.status, excinfo.value.message)
    finally:
        await with_token.aclose()
    assert refused == dict.fromkeys(calls, (401, "permissions denied"))
    # and nothing happened: the room, the kiosk in it and its permissions are as they were
    rooms = await admin.room.list_rooms(api.ListRoomsRequest())
    assert token.room in {r.name for r in rooms.rooms} and "other" not in {
        r.name for r in rooms.rooms
    }
    me = await admin.room.get_participant(
        api.RoomParticipantIdentity(room=token.room, identity=token.identity)
    )
    assert not me.permission.hidden
    dispatches = await admin.agent_dispatch.list_dispatch(token.room)
    assert [d.agent_name for d in dispatches] == ["kiosk-agent"]  # the token's own, no other


@pytest.mark.parametrize(
    "source",
    [rtc.TrackSource.SOURCE_CAMERA, rtc.TrackSource.SOURCE_SCREENSHARE_AUDIO],
    ids=["camera", "screen-share-audio"],
)
async def test_a_kiosk_token_publishes_only_microphone_audio(
    kiosk: tuple[SessionToken, rtc.Room], admin: api.LiveKitAPI, source: rtc.TrackSource.ValueType
) -> None:
    token, room = kiosk
    microphone = rtc.LocalAudioTrack.create_audio_track("mic", rtc.AudioSource(48_000, 1))
    options = rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_MICROPHONE)
    await room.local_participant.publish_track(microphone, options)
    if source == rtc.TrackSource.SOURCE_CAMERA:
        other: rtc.LocalTrack = rtc.LocalVideoTrack.create_video_track(
            "camera", rtc.VideoSource(64, 64)
        )
    else:
        other = rtc.LocalAudioTrack.create_audio_track("screen", rtc.AudioSource(48_000, 1))
    with pytest.raises(PublishTrackError):
        await room.local_participant.publish_track(other, rtc.TrackPublishOptions(source=source))
    me = await admin.room.get_participant(
        api.RoomParticipantIdentity(room=token.room, identity=token.identity)
    )
    assert [t.source for t in me.tracks] == [api.TrackSource.MICROPHONE]
