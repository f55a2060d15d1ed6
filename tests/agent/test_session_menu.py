"""Which menu an order session sells: the file until a manager puts a version on sale, then
that version for every session that starts after; a session keeps the menu it started with
(its cart's prices do not move under the customer), and a version that no longer loads is
never sold."""

from __future__ import annotations

from typing import Any

import yaml

from agent.core.menu import load_menu
from agent.store import MenuVersionStore, OrderStore
from agent.understanding.matching import MenuMatcher
from agent.worker import SessionMenu, _session_menu
from tests.menus import BUNDLED_MENU


def _file_menu() -> dict[str, Any]:
    menu = load_menu(BUNDLED_MENU)
    text = BUNDLED_MENU.read_text()
    return {"menu": SessionMenu(menu, MenuMatcher(menu), text, "file")}


async def test_new_sessions_sell_the_version_on_sale_and_a_started_one_keeps_its_own(
    database_url: str,
) -> None:
    store = await OrderStore.open(database_url)
    try:
        versions = MenuVersionStore(store)
        userdata = _file_menu()
        first = await _session_menu(userdata, versions)
        assert first.version == "file"

        data = yaml.safe_load(BUNDLED_MENU.read_text())
        data["categories"][0]["items"][0]["price"] = "99.00"
        data["categories"][0]["items"][0].pop("sizes", None)
        stored = await versions.add(yaml.safe_dump(data), "dearer.yaml", actor="test")
        assert (await _session_menu(userdata, versions)).version == "file", "stored, not on sale"
        await versions.activate(stored.id)
        later = await _session_menu(userdata, versions)
        item_id = data["categories"][0]["items"][0]["id"]
        assert later.version == str(stored.id)
        dearer = later.menu.item(item_id)
        assert dearer is not None and dearer.base_price_cents == 9900
        kept = first.menu.item(item_id)  # the session that started before still sells this
        assert kept is not None and kept.base_price_cents != 9900
        assert (await _session_menu(userdata, versions)) is later, "parsed once per process"

        await versions.deactivate()
        assert (await _session_menu(userdata, versions)).version == "file"
    finally:
        await store.close()
