"""The manager's pages: the day's figures, orders with payments, CSV, sold-out switches and kiosk
keys; only for managers, every change with the session's CSRF token."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest

from agent.store import AvailabilityStore
from store.devices import Device
from store.staff import Role
from tests.store.conftest import StoreService


@pytest.fixture
def manager(service: StoreService) -> str:
    return service.sign_in("boss", Role.MANAGER)


def test_admin_pages_are_for_managers_only(service: StoreService) -> None:
    for page in ("/admin", "/admin/orders", "/admin/menu", "/admin/devices", "/admin/orders.csv"):
        response = service.client.get(page, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    service.sign_in("cook", Role.KITCHEN)
    assert service.client.get("/admin").status_code == 403
    assert service.client.get("/kitchen").status_code == 200


def test_the_dashboard_counts_what_the_restaurant_keeps(
    service: StoreService, manager: str
) -> None:
    kept = [service.place("cheeseburger", "fries"), service.place("coffee")]
    cancelled = service.place("clam_chowder")
    service.client.post(
        f"/api/orders/{cancelled.business_date.isoformat()}/{cancelled.order_number}/move",
        json={"action": "cancel", "reason": "walked out"},
        headers={"X-CSRF-Token": manager},
    )
    page = service.client.get("/admin").text
    revenue = sum(order.total_cents for order in kept)
    assert f"${revenue / 100:.2f}" in page
    assert f"${round(revenue / 2) / 100:.2f}" in page  # the average ticket
    assert "Orders per hour" in page and "Top items" in page
    assert "Clam Chowder" not in page  # a cancelled order sells nothing


def test_orders_are_marked_paid_then_refunded_with_a_reason(
    service: StoreService, manager: str
) -> None:
    order = service.place("coffee", name="Kim")
    base = f"/admin/orders/{order.business_date.isoformat()}/{order.order_number}/payment"
    forged = service.client.post(base, data={"csrf": "guess", "payment": "paid"})
    assert forged.status_code == 403
    paid = service.client.post(base, data={"csrf": manager, "payment": "paid"})
    assert paid.status_code == 200 and "is now paid" in paid.text
    no_reason = service.client.post(base, data={"csrf": manager, "payment": "refunded"})
    assert "not changed" in no_reason.text
    refunded = service.client.post(
        base, data={"csrf": manager, "payment": "refunded", "reason": "cold fries"}
    )
    assert "is now refunded" in refunded.text
    stored = service.run.run(service.worker.order(order.business_date, order.order_number))
    assert stored is not None and stored.payment_status.value == "refunded"
    listed = service.client.get("/admin/orders", params={"payment": "refunded"}).text
    assert "cold fries" in listed and "Kim" in listed
    assert "Kim" not in service.client.get("/admin/orders", params={"payment": "paid"}).text
    bad = service.client.post(base, data={"csrf": manager, "payment": "free"})
    assert bad.status_code == 422


def test_the_csv_lists_every_order_and_never_a_formula(service: StoreService, manager: str) -> None:
    service.place("coffee", name="=HYPERLINK(evil)")
    service.place("cheeseburger", "fries", name="Ana")
    response = service.client.get("/admin/orders.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:3] == ["date", "number", "placed_at"]
    assert [row[4] for row in rows[1:]] == ["'=HYPERLINK(evil)", "Ana"]


def test_a_sold_out_switch_is_stored_for_every_agent(service: StoreService, manager: str) -> None:
    item = next(i for i in service.settings_menu().items() if i.available)
    response = service.client.post(
        f"/admin/menu/{item.id}/availability", data={"csrf": manager, "available": "false"}
    )
    assert response.status_code == 200 and f"{item.name} is sold out" in response.text
    switches = service.run.run(AvailabilityStore(service.worker).overrides())
    assert switches == {item.id: False}
    service.client.post(
        f"/admin/menu/{item.id}/availability", data={"csrf": manager, "available": "true"}
    )
    assert service.run.run(AvailabilityStore(service.worker).sold_out()) == frozenset()
    missing = service.client.post(
        "/admin/menu/no_such_item/availability", data={"csrf": manager, "available": "false"}
    )
    assert missing.status_code == 404


def test_a_kiosk_key_is_issued_once_and_revoked(service: StoreService, manager: str) -> None:
    page = service.client.post(
        "/admin/devices", data={"csrf": manager, "kiosk_id": "lobby-2", "name": "Lobby"}
    )
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    key = page.text.split('<code class="key">')[1].split("</code>")[0]
    headers = {"Authorization": f"Bearer {key}"}
    assert service.client.post("/connection", headers=headers).status_code == 200
    listing = service.client.get("/admin/devices").text
    assert "lobby-2" in listing and key not in listing  # only its first characters, once issued
    service.client.post("/admin/devices/lobby-2/revoke", data={"csrf": manager})
    assert service.client.post("/connection", headers=headers).status_code == 401
    bad = service.client.post("/admin/devices", data={"csrf": manager, "kiosk_id": "Bad Id!"})
    assert bad.status_code == 422 and "kiosk id" in bad.text


def test_each_kiosk_reports_its_health_and_the_list_shows_it(
    service: StoreService, manager: str
) -> None:
    key = service.issue_key("front")
    headers = {"Authorization": f"Bearer {key}"}
    assert "never connected" in service.client.get("/admin/devices").text
    report = {"screen": "ordering", "voice": "ready", "microphone": False, "menu_version": "3"}
    sent = service.client.post("/api/kiosk/health", json=report, headers=headers)
    assert sent.status_code == 204
    listing = service.client.get("/admin/devices").text
    assert (
        '<td class="health health-warn">voice ordering in progress; a customer is ordering; '
        "no microphone: typing and touch only; menu version 3</td>"
    ) in listing
    down = {"screen": "attract", "voice": "unavailable", "microphone": True}
    service.client.post("/api/kiosk/health", json=down, headers=headers)
    assert "health-bad" in service.client.get("/admin/devices").text

    assert service.client.post("/api/kiosk/health", json=report).status_code == 401
    for wrong in ({**report, "screen": "desktop"}, {**report, "extra": 1}, {"screen": "ordering"}):
        assert (
            service.client.post("/api/kiosk/health", json=wrong, headers=headers).status_code == 422
        )


def test_a_kiosk_silent_for_three_reports_is_flagged() -> None:
    seen = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
    device = Device(
        kiosk_id="front",
        name="Front",
        key_hint="kk_abc",
        created_at=seen,
        revoked_at=None,
        last_seen_at=seen,
        last_health={"screen": "attract", "voice": "idle", "microphone": True},
    )
    fresh = device.health_words(seen + dt.timedelta(seconds=20))
    assert fresh == ("ready for the next customer; on the welcome screen", "ok")
    late = device.health_words(seen + dt.timedelta(minutes=7))
    assert late == ("not heard from for 7 min", "bad")
    revoked = dataclasses.replace(device, revoked_at=seen)
    assert revoked.health_words(seen) == ("key revoked", "none")
