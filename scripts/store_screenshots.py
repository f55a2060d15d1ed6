"""Screenshots of the store's pages in headless Chromium against a real `kiosk-store serve` with a
lunch rush of orders (some waiting long enough for the amber and red timers):

    docs/screenshots/store/kitchen-<W>x<H>.png, board-<W>x<H>.png, login.png, admin-<page>.png

    make store-screenshots
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from agent.core.cart import Cart  # noqa: E402
from agent.core.menu import Menu, load_menu  # noqa: E402
from agent.core.order_status import PaymentStatus, next_status  # noqa: E402
from agent.core.settings import DEFAULT_MENU_PATH  # noqa: E402
from agent.store import (  # noqa: E402
    AvailabilityStore,
    MenuVersionStore,
    OrderStore,
    default_database_url,
)
from store.devices import DeviceRegistry  # noqa: E402
from tests.browser import DEMO_PASSWORD, chromium, running_store, set_viewport  # noqa: E402

OUT = ROOT / "docs" / "screenshots" / "store"
NAMES = ["Ana", "Ben", None, "Chloé", "Dev", "Eli", None, "Fatima", "Gus", "Hana", "Ivo", "June"]
NOTES = {2: "allergy: sesame", 5: "cut in half", 9: "extra napkins"}
KITCHEN_SIZES = ((1920, 1080), (1366, 768), (1280, 1024))
BOARD_SIZES = ((1920, 1080), (1280, 720))
ADMIN_SIZE = (1440, 900)
ADMIN_PAGES = (
    ("/admin", "dashboard"),
    ("/admin/orders", "orders"),
    ("/admin/menu", "menu"),
    ("/admin/devices", "kiosks"),
)


def _cart(menu: Menu, index: int) -> Cart:
    """A plausible order from whatever menu is loaded: 1–4 lines, some sized, some modified."""
    items = [item for item in menu.items() if item.available]
    cart = Cart(menu.restaurant.tax_rate)
    for offset in range(1 + index % 4):
        item = items[(index * 5 + offset * 7) % len(items)]
        size = item.sizes[(index + offset) % len(item.sizes)].id if item.sizes else None
        modifiers = [m.id for m in item.modifiers[: (index + offset) % 3]]
        cart.add(
            item,
            quantity=1 + (index + offset) % 3 // 2,
            size_id=size,
            modifier_ids=modifiers,
            notes=NOTES.get(index, "") if offset == 0 else "",
        )
    return cart


def _fixed(moment: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: moment


async def _rush(data_dir: Path, menu: Menu) -> None:
    now = dt.datetime.now().astimezone()
    for index, name in enumerate(NAMES):
        placed_at = now - dt.timedelta(minutes=max(0.5, 14 - index * 1.3))
        store = await OrderStore.open(
            default_database_url(data_dir), migrate=False, clock=_fixed(placed_at)
        )
        try:
            placed = await store.place_order(f"rush-{index}", "front", _cart(menu, index), name)
            # the first two were picked up (they leave the screens), then ready, cooking, new
            bumps = 3 if index < 2 else 2 if index < 4 else 1 if index < 7 else 0
            for _ in range(bumps):
                await store.change_status(
                    placed.business_date, placed.order_number, next_status, actor="staff:demo"
                )
            if index % 3 == 0:
                await store.change_payment(
                    placed.business_date, placed.order_number, PaymentStatus.PAID, actor="demo"
                )
        finally:
            await store.close()
    store = await OrderStore.open(default_database_url(data_dir), migrate=False)
    try:
        sold_out = [item for item in menu.items() if item.available][3]
        await AvailabilityStore(store).set_available(sold_out.id, False, actor="staff:demo")
        await _menu_versions(store)
    finally:
        await store.close()
    await _kiosks(data_dir)


async def _kiosks(data_dir: Path) -> None:
    """Kiosks as a manager finds them at lunch: the demo kiosk reporting, one serving a
    customer, one without a microphone, one silent since the morning."""
    url = default_database_url(data_dir)
    now = dt.datetime.now().astimezone()
    reports = [
        ("front", {"screen": "attract", "voice": "idle", "microphone": True}, now),
        ("lobby", {"screen": "ordering", "voice": "ready", "microphone": True}, now),
        ("window", {"screen": "attract", "voice": "idle", "microphone": False}, now),
        ("patio", {"screen": "attract", "voice": "idle", "microphone": True},
         now - dt.timedelta(hours=3)),
    ]  # fmt: skip
    for kiosk_id, health, seen in reports:
        store = await OrderStore.open(url, migrate=False, clock=_fixed(seen))
        try:
            devices = DeviceRegistry(store)
            if kiosk_id != "front":
                await devices.issue_key(kiosk_id, kiosk_id.title())
            await devices.report_health(kiosk_id, health | {"locked": True, "menu_version": "1"})
        finally:
            await store.close()


async def _menu_versions(store: OrderStore) -> None:
    """One version on sale (the file with a price raised) and a newer one stored beside it with
    what it would change: a new item, two prices, one item taken off."""
    versions = MenuVersionStore(store)
    menu = yaml.safe_load(DEFAULT_MENU_PATH.read_text())
    plain = [item for c in menu["categories"] for item in c["items"] if not item.get("sizes")]
    plain[0]["price"] = f"{float(plain[0]['price']) + 0.50:.2f}"
    first = await versions.add(yaml.safe_dump(menu, sort_keys=False), "menu.yaml", actor="demo")
    await versions.activate(first.id)
    plain[1]["price"] = f"{float(plain[1]['price']) + 1.00:.2f}"
    plain[2]["price"] = f"{float(plain[2]['price']) - 0.25:.2f}"
    menu["categories"][0]["items"].append(
        {"id": "crab_cakes", "name": "Crab Cakes", "price": "13.50", "description": "Two cakes"}
    )
    menu["categories"][-1]["items"].pop()
    await versions.add(yaml.safe_dump(menu, sort_keys=False), "summer-menu.yaml", actor="demo")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    menu = load_menu(DEFAULT_MENU_PATH)
    with tempfile.TemporaryDirectory() as tmp, running_store(Path(tmp) / "data") as store:
        asyncio.run(_rush(Path(tmp) / "data", menu))
        with chromium(*KITCHEN_SIZES[0]) as driver:
            driver.get(f"{store.url}/login?next=/kitchen")
            driver.save_screenshot(str(OUT / "login.png"))
            driver.find_element(By.NAME, "username").send_keys("demo")
            driver.find_element(By.NAME, "password").send_keys(DEMO_PASSWORD + Keys.ENTER)
            for width, height in KITCHEN_SIZES:
                set_viewport(driver, width, height)
                driver.get(f"{store.url}/kitchen")
                WebDriverWait(driver, 15).until(
                    lambda d: len(d.find_elements(By.CSS_SELECTOR, "article.ticket")) >= 8
                )
                driver.find_element(By.TAG_NAME, "body").send_keys("3")
                WebDriverWait(driver, 5).until(
                    lambda d: d.find_elements(By.CSS_SELECTOR, "article.ticket.selected")
                )
                driver.save_screenshot(str(OUT / f"kitchen-{width}x{height}.png"))
            set_viewport(driver, *ADMIN_SIZE)
            for page, name in ADMIN_PAGES:
                driver.get(f"{store.url}{page}")
                WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.TAG_NAME, "h1"))
                height = driver.execute_script("return document.documentElement.scrollHeight")
                set_viewport(driver, ADMIN_SIZE[0], max(ADMIN_SIZE[1], min(int(height), 2400)))
                driver.save_screenshot(str(OUT / f"admin-{name}.png"))
                set_viewport(driver, *ADMIN_SIZE)
        for width, height in BOARD_SIZES:
            with chromium(width, height) as driver:
                driver.get(f"{store.url}/board")
                WebDriverWait(driver, 15).until(
                    lambda d: len(d.find_elements(By.CSS_SELECTOR, ".numbers .order")) >= 8
                )
                driver.save_screenshot(str(OUT / f"board-{width}x{height}.png"))
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
