"""The kitchen display and the pickup board in a real browser (Debian's headless Chromium)
against a real `kiosk-store serve`: sign in, a ticket appears live when a worker places an
order, bump-bar keys move it on, the board follows, Backspace recalls."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from agent.core.cart import Cart
from agent.store import (
    AvailabilityStore,
    MenuVersionStore,
    OrderStore,
    PlacedOrder,
    default_database_url,
)
from tests.browser import (
    WAIT_SECONDS,
    RunningStore,
    board_column,
    chromium,
    is_selected,
    running_store,
    sign_in,
    ticket_state,
)
from tests.menus import BUNDLED_MENU, bundled

MENU = bundled()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RunningStore]:
    with running_store(tmp_path / "data") as running:
        yield running


def place(data_dir: Path, *item_ids: str, name: str | None = None) -> PlacedOrder:
    """Places an order the way an agent worker does (its own connection to the database)."""

    async def run() -> PlacedOrder:
        worker = await OrderStore.open(default_database_url(data_dir), migrate=False)
        try:
            cart = Cart(MENU.restaurant.tax_rate)
            for item_id in item_ids:
                item = MENU.item(item_id)
                assert item is not None
                cart.add(item, size_id=item.sizes[0].id if item.sizes else None)
            key = f"room-{dt.datetime.now().timestamp()}"
            return await worker.place_order(key, "front", cart, name)
        finally:
            await worker.close()

    return asyncio.run(run())


def test_a_ticket_goes_from_new_to_ready_by_keyboard_and_the_board_follows(
    store: RunningStore, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    first = place(data_dir, "cheeseburger", "fries", name="Ana")
    with chromium(1600, 1000) as kitchen, chromium(1280, 720) as board:
        sign_in(kitchen, store.url, "/kitchen")
        wait = WebDriverWait(kitchen, WAIT_SECONDS)
        wait.until(lambda d: ticket_state(d, first.order_number) == "new")
        board.get(f"{store.url}/board")
        board_wait = WebDriverWait(board, WAIT_SECONDS)
        board_wait.until(lambda d: board_column(d, first.order_number) == "preparing")

        second = place(data_dir, "coffee", name="Ben")  # arrives live, no reload
        wait.until(lambda d: ticket_state(d, second.order_number) == "new")
        board_wait.until(lambda d: board_column(d, second.order_number) == "preparing")

        body = kitchen.find_element(By.TAG_NAME, "body")
        body.send_keys("2")  # the second ticket on screen
        wait.until(lambda d: is_selected(d, second.order_number))
        body.send_keys(Keys.ENTER)
        wait.until(lambda d: ticket_state(d, second.order_number) == "in progress")
        body.send_keys(Keys.SPACE)
        wait.until(lambda d: ticket_state(d, second.order_number) == "ready")
        board_wait.until(lambda d: board_column(d, second.order_number) == "ready")
        assert ticket_state(kitchen, first.order_number) == "new"

        body.send_keys(Keys.BACKSPACE)  # recall the last bump
        wait.until(lambda d: ticket_state(d, second.order_number) == "in progress")
        board_wait.until(lambda d: board_column(d, second.order_number) == "preparing")

        kitchen.execute_script(  # a tap bumps too
            "[...document.querySelectorAll('article.ticket')]"
            ".find(t => t.querySelector('.number').textContent === arguments[0]).click();",
            f"#{first.order_number}",
        )
        wait.until(lambda d: ticket_state(d, first.order_number) == "in progress")
        logs = kitchen.get_log("browser")  # type: ignore[no-untyped-call]
        severe = [e for e in logs if e["level"] == "SEVERE"]
        assert severe == []


def test_a_manager_uploads_a_menu_puts_it_on_sale_and_marks_an_item_sold_out(
    store: RunningStore, tmp_path: Path
) -> None:
    """The admin menu page in the browser: a wrong file is refused with its problems listed,
    a right one is stored with what it changes, put on sale, and an item of it switched off;
    the shared database then says so to every agent worker."""
    menu = yaml.safe_load(BUNDLED_MENU.read_text())
    menu["categories"][0]["items"].append(
        {"id": "test_special", "name": "Harbor Test Special", "price": "12.25"}
    )
    good = tmp_path / "spring.yaml"
    good.write_text(yaml.safe_dump(menu, sort_keys=False))
    del menu["categories"][0]["items"][-1]["price"]
    bad = tmp_path / "broken.yaml"
    bad.write_text(yaml.safe_dump(menu, sort_keys=False))

    with chromium(1400, 1000) as driver:
        sign_in(driver, store.url, "/admin/menu")
        wait = WebDriverWait(driver, WAIT_SECONDS)

        def upload(path: Path, on_sale: bool) -> None:
            driver.find_element(By.NAME, "menu_file").send_keys(str(path))
            if on_sale:
                driver.find_element(By.NAME, "activate").click()
            driver.find_element(By.CSS_SELECTOR, "form.upload button").click()

        upload(bad, on_sale=True)
        wait.until(lambda d: "was not stored" in d.page_source)
        problems = driver.find_element(By.ID, "upload-problems").text
        assert "item 'test_special': price: an item needs a price or sizes" in problems

        upload(good, on_sale=False)
        wait.until(lambda d: "is stored; it is not on sale yet" in d.page_source)
        row = driver.find_element(By.ID, "version-1").text
        assert "Harbor Test Special: new, $12.25" in row and "Stored" in row
        driver.find_element(By.CSS_SELECTOR, "#version-1 button").click()
        wait.until(lambda d: "Menu version 1 is on sale" in d.page_source)
        assert "On sale" in driver.find_element(By.ID, "version-1").text

        driver.find_element(By.CSS_SELECTOR, "#item-test_special button").click()
        wait.until(lambda d: "Harbor Test Special is sold out" in d.page_source)
        logs = driver.get_log("browser")  # type: ignore[no-untyped-call]
        severe = [e["message"] for e in logs if e["level"] == "SEVERE"]
        # the one error is the refused upload's status (422), which the page explained
        assert [m for m in severe if "versions - " not in m or "422" not in m] == []

    async def shared() -> tuple[int | None, frozenset[str]]:
        worker = await OrderStore.open(default_database_url(tmp_path / "data"), migrate=False)
        try:
            active = await MenuVersionStore(worker).active()
            return (active.id if active else None), await AvailabilityStore(worker).sold_out()
        finally:
            await worker.close()

    assert asyncio.run(shared()) == (1, frozenset({"test_special"}))
