"""`POST /connection`: only a kiosk with a live device key gets a token, for one new room."""

from __future__ import annotations

import json

import jwt
import pytest

from tests.store.conftest import LIVEKIT_SECRET, StoreService


def _claims(token: str) -> dict[str, object]:
    decoded: dict[str, object] = jwt.decode(
        token, LIVEKIT_SECRET, algorithms=["HS256"], issuer="store-test"
    )
    return decoded


@pytest.mark.parametrize("path", ["/connection", "/restaurant-booking/connection"])
def test_a_kiosk_key_gets_a_token_for_a_new_room(service: StoreService, path: str) -> None:
    key = service.issue_key("front")
    headers = {"Authorization": f"Bearer {key}"}
    first = service.client.post(path, headers=headers)
    second = service.client.post(path, headers=headers, json={"turn_mode": "hands_free"})
    assert first.status_code == second.status_code == 200, first.text
    a, b = first.json(), second.json()
    assert a["server_url"] == "ws://127.0.0.1:7880"
    assert a["room_name"].startswith("restaurant_front_") and a["room_name"] != b["room_name"]
    claims = _claims(a["participant_token"])
    video = claims["video"]
    assert isinstance(video, dict)
    assert video["room"] == a["room_name"] and video["roomJoin"] is True
    assert not {"roomCreate", "roomList", "roomAdmin", "roomRecord", "agent"} & set(video)
    assert claims["sub"] == a["participant_identity"]
    room_config = claims["roomConfig"]
    assert isinstance(room_config, dict)
    dispatch = room_config["agents"][0]
    assert dispatch["agentName"] == service.settings.agent_name
    metadata = json.loads(dispatch["metadata"])
    assert metadata["kiosk_id"] == "front"
    assert (
        json.loads(_claims(b["participant_token"])["roomConfig"]["agents"][0]["metadata"])[  # type: ignore[index]
            "turn_mode"
        ]
        == "hands_free"
    )


def test_missing_wrong_and_revoked_keys_get_401(service: StoreService) -> None:
    assert service.client.post("/connection").status_code == 401
    wrong = service.client.post("/connection", headers={"Authorization": "Bearer kk_nope"})
    assert wrong.status_code == 401 and "participant_token" not in wrong.text
    key = service.issue_key("front")
    replaced = service.issue_key("front")  # a new key replaces the old one
    old = service.client.post("/connection", headers={"Authorization": f"Bearer {key}"})
    assert old.status_code == 401
    from store.devices import DeviceRegistry

    service.run.run(DeviceRegistry(service.worker).revoke("front"))
    revoked = service.client.post("/connection", headers={"Authorization": f"Bearer {replaced}"})
    assert revoked.status_code == 401


def test_a_kiosk_resumes_only_its_own_room(service: StoreService) -> None:
    headers = {"Authorization": f"Bearer {service.issue_key('front')}"}
    own = service.client.post("/connection", headers=headers).json()["room_name"]
    resumed = service.client.post("/connection", headers=headers, json={"resume_room": own})
    other = service.client.post(
        "/connection", headers=headers, json={"resume_room": "restaurant_back_x_y"}
    )

    def metadata(response: object) -> dict[str, str]:
        token = response.json()["participant_token"]  # type: ignore[attr-defined]
        agents = _claims(token)["roomConfig"]["agents"]  # type: ignore[index]
        loaded: dict[str, str] = json.loads(agents[0]["metadata"])
        return loaded

    assert metadata(resumed)["resume_room"] == own
    assert "resume_room" not in metadata(other)


@pytest.mark.parametrize(
    "body",
    [{"turn_mode": "shouting"}, {"unexpected": 1}, {"resume_room": "x" * 500}, [1, 2], "text"],
)
def test_bad_requests_get_a_clear_4xx(service: StoreService, body: object) -> None:
    headers = {"Authorization": f"Bearer {service.issue_key('front')}"}
    response = service.client.post("/connection", headers=headers, json=body)
    assert response.status_code == 422
    assert "participant_token" not in response.text
