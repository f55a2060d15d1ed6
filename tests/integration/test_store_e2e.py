"""The restaurant's side end to end: a kiosk that holds only its device key gets its session
token from the store service, a spoken order goes through the real worker into the shared
database, the kitchen sees it, bumps it to Ready, and the board and the kiosk see that."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from kiosk.localstack import LocalStack
from tests.audio_files import utterance
from tests.integration.conftest import run_sim
from tests.menus import BUNDLED_MENU

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def store_stack(
    livekit_server_bin: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalStack]:
    stack = LocalStack(
        tmp_path_factory.mktemp("store-stack-logs"),
        agent_env={"DATA_DIR": str(tmp_path_factory.mktemp("store-data"))},
        start_store=True,
        kiosk_id="test-kiosk",
    )
    with stack:
        yield stack


def _staff(stack: LocalStack) -> httpx.Client:
    """A browser-like client signed in as the demo manager."""
    assert stack.endpoint is not None and stack.endpoint.store_url is not None
    client = httpx.Client(base_url=stack.endpoint.store_url, timeout=10, follow_redirects=True)
    form = client.get("/login").text
    csrf = form.split('name="csrf" value="')[1].split('"')[0]
    signed_in = client.post(
        "/login",
        data={
            "username": "demo",
            "password": stack.endpoint.demo_password or "",
            "csrf": csrf,
            "next": "/kitchen",
        },
    )
    assert signed_in.status_code == 200 and "tickets" in signed_in.text
    client.headers["X-CSRF-Token"] = signed_in.text.split('data-csrf="')[1].split('"')[0]
    return client


def test_a_spoken_order_reaches_the_kitchen_and_shows_ready(store_stack: LocalStack) -> None:
    endpoint = store_stack.endpoint
    assert endpoint is not None and endpoint.store_url and endpoint.kiosk_key
    sim = run_sim(
        store_stack,
        "--push-to-talk",
        *[
            arg
            for key in ("headline", "thats_all", "confirm")
            for arg in ("--say", str(utterance(key, "flite-rms")))
        ],
        # the kiosk gets its token from the store: it is given no LiveKit secret at all
        env={
            "TOKEN_URL": f"{endpoint.store_url}/connection",
            "KIOSK_KEY": endpoint.kiosk_key,
            "LIVEKIT_API_SECRET": "not-the-servers-secret",
            "AGENT_JOIN_TIMEOUT_SECONDS": "90",
        },
        timeout=600,
    )
    assert sim.returncode == 0, sim.events[-3:]
    assert sim.of("joined")[0]["room"].startswith("restaurant_test-kiosk_")
    placed = sim.of("order_placed")
    assert len(placed) == 1, [t.get("transcript") for t in sim.of("turn")]
    number = placed[0]["order_number"]
    day = placed[0]["business_date"]
    assert day == dt.date.today().isoformat()

    staff = _staff(store_stack)
    tickets = staff.get("/api/kitchen/tickets").json()["tickets"]
    ticket = next(t for t in tickets if t["number"] == number)
    assert ticket["status"] == "new"
    assert [(line["quantity"], line["name"]) for line in ticket["lines"]] == [
        (line["qty"], line["name"]) for line in placed[0]["lines"]
    ]
    for expected in ("in_progress", "ready"):
        moved = staff.post(f"/api/orders/{day}/{number}/move", json={"action": "bump"})
        assert moved.json()["ticket"]["status"] == expected
    board = httpx.get(f"{endpoint.store_url}/api/board", timeout=10).json()["orders"]
    assert [o["ready"] for o in board if o["number"] == number] == [True]
    kiosk = httpx.get(
        f"{endpoint.store_url}/api/kiosk/orders/{day}/{number}",
        headers={"Authorization": f"Bearer {endpoint.kiosk_key}"},
        timeout=10,
    ).json()
    assert kiosk["status"] == "ready"


def test_a_kiosk_without_a_valid_key_cannot_start_a_session(store_stack: LocalStack) -> None:
    endpoint = store_stack.endpoint
    assert endpoint is not None and endpoint.store_url
    sim = run_sim(
        store_stack,
        env={"TOKEN_URL": f"{endpoint.store_url}/connection", "KIOSK_KEY": "kk_" + "x" * 40},
        timeout=120,
    )
    assert sim.returncode != 0
    assert "refused this kiosk's key" in (sim.stderr + str(sim.events))


def _upload(staff: httpx.Client, text: str, **form: str) -> httpx.Response:
    csrf = staff.headers["X-CSRF-Token"]
    files = {"menu_file": ("spring.yaml", text.encode(), "application/yaml")}
    return staff.post("/admin/menu/versions", data={"csrf": csrf, **form}, files=files)


def test_a_menu_put_on_sale_is_what_the_next_session_sells_and_shows(
    store_stack: LocalStack,
) -> None:
    """A manager uploads a menu with a new item and a new price and puts it on sale: the next
    session's kiosk is sent that menu and an order of the new item is placed at its price;
    back to the file, the session after that sells the file again."""
    endpoint = store_stack.endpoint
    assert endpoint is not None and endpoint.store_url and endpoint.kiosk_key
    menu = yaml.safe_load(BUNDLED_MENU.read_text())
    menu["categories"][0]["items"].append(
        {"id": "test_special", "name": "Harbor Test Special", "price": "12.25"}
    )
    staff = _staff(store_stack)
    stored = _upload(staff, yaml.safe_dump(menu, sort_keys=False), activate="true")
    assert stored.status_code == 200 and "is on sale" in stored.text, stored.text[-500:]
    via_store = {"TOKEN_URL": f"{endpoint.store_url}/connection", "KIOSK_KEY": endpoint.kiosk_key}

    sim = run_sim(
        store_stack,
        *("--type", "one harbor test special please", "--type", "that's all", "--type", "yes"),
        env=via_store,
    )
    assert sim.returncode == 0, sim.events[-3:]
    (sent,) = sim.of("menu")
    assert sent["version"] != "file" and sent["items"]["test_special"] == 1225
    (placed,) = sim.of("order_placed")
    assert [(line["name"], line["qty"], line["unit_cents"]) for line in placed["lines"]] == [
        ("Harbor Test Special", 1, 1225)
    ]

    csrf = staff.headers["X-CSRF-Token"]
    back = staff.post("/admin/menu/versions/file", data={"csrf": csrf})
    assert "is on sale again" in back.text
    sim = run_sim(store_stack, env=via_store)
    assert sim.returncode == 0, sim.events[-3:]
    (sent,) = sim.of("menu")
    assert sent["version"] == "file" and "test_special" not in sent["items"]


def test_no_secret_key_or_transcript_in_any_log(store_stack: LocalStack) -> None:
    """After the orders above: the logs of the server, the worker and the store service."""
    endpoint = store_stack.endpoint
    assert endpoint is not None and endpoint.kiosk_key and endpoint.demo_password
    logs = {
        path.name: path.read_text(errors="replace")
        for path in (store_stack.server_log, store_stack.worker_log, store_stack.store_log)
    }
    assert all(logs.values()), "every process wrote a log"
    secrets = {
        "LiveKit API secret": endpoint.api_secret,
        "kiosk key": endpoint.kiosk_key,
        "staff password": endpoint.demo_password,
    }
    for name, text in logs.items():
        for what, secret in secrets.items():
            assert secret not in text, f"the {what} is in {name}"
        # what the customer said ("two cheeseburgers, one without onions, and a large coke")
        assert "without onions" not in text.lower(), f"a transcript is in {name}"
