"""The kitchen's moves and the pickup board, over the API the pages use, live."""

from __future__ import annotations

import json
from typing import Any

import pytest

from store.staff import Role
from tests.store.conftest import StoreService


def _move(service: StoreService, csrf: str, key: str, action: str, **extra: str) -> Any:
    return service.client.post(
        f"/api/orders/{key}/move",
        json={"action": action, **extra},
        headers={"X-CSRF-Token": csrf},
    )


def test_an_order_moves_from_new_to_completed(service: StoreService) -> None:
    csrf = service.sign_in("cook")
    placed = service.place("cheeseburger", "fries", name="Ana Lima")
    key = f"{placed.business_date.isoformat()}/{placed.order_number}"
    tickets = service.client.get("/api/kitchen/tickets").json()["tickets"]
    assert [(t["number"], t["status"], t["name"]) for t in tickets] == [
        (placed.order_number, "new", "Ana Lima")
    ]
    assert [line["name"] for line in tickets[0]["lines"]] == [line.name for line in placed.lines]
    board = service.client.get("/api/board").json()["orders"]
    assert board == [
        {
            "key": key,
            "number": placed.order_number,
            "first_name": "Ana",
            "status": "new",
            "on_board": True,
            "ready": False,
        }
    ]
    statuses = [_move(service, csrf, key, "bump").json()["ticket"]["status"] for _ in range(2)]
    assert statuses == ["in_progress", "ready"]
    assert service.client.get("/api/board").json()["orders"][0]["ready"] is True
    kiosk = {"Authorization": f"Bearer {service.issue_key()}"}
    status = service.client.get(f"/api/kiosk/orders/{key}", headers=kiosk).json()
    assert status == {"number": placed.order_number, "status": "ready", "status_label": "Ready"}
    done = _move(service, csrf, key, "bump").json()["ticket"]
    assert done["status"] == "completed" and done["open"] is False
    assert service.client.get("/api/kitchen/tickets").json()["tickets"] == []
    assert service.client.get("/api/board").json()["orders"] == []
    recalled = _move(service, csrf, key, "recall").json()["ticket"]
    assert recalled["status"] == "ready"  # Backspace on the kitchen display brings it back


def test_moves_the_order_does_not_allow_are_409_and_change_nothing(
    service: StoreService,
) -> None:
    csrf = service.sign_in("cook")
    placed = service.place("coffee")
    key = f"{placed.business_date.isoformat()}/{placed.order_number}"
    assert _move(service, csrf, key, "recall").status_code == 409  # a new order has no past
    assert _move(service, csrf, key, "cancel").status_code == 422  # a cancel needs a reason
    cancelled = _move(service, csrf, key, "cancel", reason="customer left")
    assert cancelled.json()["ticket"]["status"] == "cancelled"
    again = _move(service, csrf, key, "bump")
    assert again.status_code == 409 and "cancelled" in again.json()["detail"]
    missing = _move(service, csrf, f"{placed.business_date.isoformat()}/999", "bump")
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/orders/yesterday/1/move",
        "/api/orders/2026-12-01/0/move",
        "/api/orders/2026-13-01/1/move",
    ],
)
def test_bad_order_addresses_are_422(service: StoreService, path: str) -> None:
    csrf = service.sign_in("cook")
    response = service.client.post(path, json={"action": "bump"}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 422


def test_moves_need_a_signed_in_cook_and_the_csrf_token(service: StoreService) -> None:
    placed = service.place("coffee")
    key = f"{placed.business_date.isoformat()}/{placed.order_number}"
    anonymous = service.client.post(f"/api/orders/{key}/move", json={"action": "bump"})
    assert anonymous.status_code == 401
    assert service.client.get("/api/kitchen/tickets").status_code == 401
    page = service.client.get("/kitchen", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/kitchen"
    service.sign_in("cook", Role.KITCHEN)
    forged = service.client.post(
        f"/api/orders/{key}/move", json={"action": "bump"}, headers={"X-CSRF-Token": "guess"}
    )
    assert forged.status_code == 403
    order = service.run.run(service.worker.order(placed.business_date, placed.order_number))
    assert order is not None and order.status.value == "new"


def test_the_kitchen_stream_shows_a_new_order_and_each_move(service: StoreService) -> None:
    """The page's event stream: a snapshot, then the order a worker places, then a bump."""
    csrf = service.sign_in("cook")
    with service.client.stream("GET", "/api/kitchen/stream") as stream:
        events = _events(stream.iter_lines())
        kind, snapshot = next(events)
        assert kind == "snapshot" and snapshot["tickets"] == []
        placed = service.place("coffee", name="Kim")
        kind, change = next(events)
        assert kind == "changes"
        assert [(t["number"], t["status"]) for t in change["tickets"]] == [
            (placed.order_number, "new")
        ]
        key = change["tickets"][0]["key"]
        assert _move(service, csrf, key, "bump").status_code == 200
        kind, change = next(events)
        assert [(t["number"], t["status"]) for t in change["tickets"]] == [
            (placed.order_number, "in_progress")
        ]


def test_the_board_stream_shows_first_names_only(service: StoreService) -> None:
    with service.client.stream("GET", "/api/board/stream") as stream:
        events = _events(stream.iter_lines())
        assert next(events)[0] == "snapshot"
        placed = service.place("coffee", name="Maria José Santos")
        kind, change = next(events)
        assert kind == "changes"
        assert change["orders"][0]["first_name"] == "Maria"
        assert "Santos" not in json.dumps(change) and "lines" not in change["orders"][0]
        assert change["orders"][0]["number"] == placed.order_number


def _events(lines: Any) -> Any:
    kind = None
    for line in lines:
        if line.startswith("event: "):
            kind = line.removeprefix("event: ")
        elif line.startswith("data: ") and kind is not None:
            yield kind, json.loads(line.removeprefix("data: "))
            kind = None
