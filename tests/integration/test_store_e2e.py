"""The restaurant's side end to end: a kiosk that holds only its device key gets its session
token from the store service, a spoken order goes through the real worker into the shared
database, the kitchen sees it in a browser and bumps it to Ready with the keyboard, and the
board and the kiosk see that; a menu version and a sold-out switch made in the admin pages reach
the next session and a session in progress."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from kiosk.events import SoldOutChanged
from kiosk.localstack import LocalStack
from kiosk.session import OrderSession
from tests.audio_files import utterance
from tests.browser import (
    WAIT_SECONDS,
    board_column,
    chromium,
    is_selected,
    sign_in,
    ticket_state,
)
from tests.integration.conftest import run_sim, session_config
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
    assert [(line["quantity"], line["name"]) for line in ticket["lines"]] == [
        (line["qty"], line["name"]) for line in placed[0]["lines"]
    ]
    # the cook's screen and the dining room's board, in a real browser: bumped by the keyboard
    with chromium(1600, 1000) as kitchen, chromium(1280, 720) as board:
        sign_in(kitchen, endpoint.store_url, "/kitchen", endpoint.demo_password or "")
        wait = WebDriverWait(kitchen, WAIT_SECONDS)
        wait.until(lambda d: ticket_state(d, number) == "new")
        board.get(f"{endpoint.store_url}/board")
        board_wait = WebDriverWait(board, WAIT_SECONDS)
        board_wait.until(lambda d: board_column(d, number) == "preparing")
        body = kitchen.find_element(By.TAG_NAME, "body")
        position = kitchen.execute_script(
            "return [...document.querySelectorAll('article.ticket .number')]"
            ".map(n => n.textContent).indexOf(arguments[0]) + 1;",
            f"#{number}",
        )
        body.send_keys(str(position))
        wait.until(lambda d: is_selected(d, number))
        body.send_keys(Keys.ENTER)
        wait.until(lambda d: ticket_state(d, number) == "in progress")
        body.send_keys(Keys.ENTER)
        wait.until(lambda d: ticket_state(d, number) == "ready")
        board_wait.until(lambda d: board_column(d, number) == "ready")
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


async def test_a_sold_out_switch_reaches_a_kiosk_mid_order(store_stack: LocalStack) -> None:
    """A customer is ordering when a manager marks an item sold out in the admin pages: the
    running agent refuses it and the kiosk greys it out, without a restart; back on, both
    follow again. How long it took is printed (the bench's business, not a threshold)."""
    endpoint = store_stack.endpoint
    assert endpoint is not None and endpoint.store_url and endpoint.kiosk_key
    config = dataclasses.replace(
        session_config(store_stack, "test-kiosk", agent_join_timeout=90),
        token_url=f"{endpoint.store_url}/connection",
        kiosk_key=endpoint.kiosk_key,
    )
    staff = _staff(store_stack)
    csrf = staff.headers["X-CSRF-Token"]
    session = OrderSession(config)
    await session.start()
    try:
        await session.wait_for_agent()
        assert (await session.add_item("fries", size="medium")).ok

        async def switch(available: bool) -> float:
            began = time.monotonic()
            waiting = asyncio.ensure_future(
                session.next_event(
                    lambda e: isinstance(e, SoldOutChanged) and ("fries" in e.sold_out) != available
                )
            )
            response = await asyncio.to_thread(
                staff.post,
                "/admin/menu/fries/availability",
                data={"csrf": csrf, "available": "true" if available else "false"},
            )
            assert response.status_code == 200
            async with asyncio.timeout(15):
                await waiting
            return time.monotonic() - began

        took = await switch(available=False)
        refused = await session.add_item("fries", size="medium")
        assert not refused.ok and "sold out" in (refused.error or "")
        back = await switch(available=True)
        assert (await session.add_item("fries", size="medium")).ok
        print(f"sold out reached the kiosk in {took:.2f} s, back on in {back:.2f} s")
    finally:
        await session.close()


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
