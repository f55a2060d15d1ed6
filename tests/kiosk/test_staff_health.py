"""A kiosk and the store service's view of each other, against a real `kiosk-store serve`: the
staff panel's order-database line (on a real PostgreSQL: reachable, then the database stopped,
then the store service stopped), and the kiosk's health reports on the managers' kiosk list."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

from pytestqt.qtbot import QtBot

from agent.store import OrderStore, default_database_url
from kiosk.ui.bridge import SessionThread
from kiosk.ui.controller import KioskController, KioskTimings
from kiosk.ui.staff import ORDER_DATABASE, Health, store_health
from store.devices import DeviceRegistry
from tests.browser import running_store
from tests.kiosk.test_ui import config as ui_config
from tests.postgres import running_postgres


def test_the_staff_panel_says_whether_placed_orders_can_be_stored(tmp_path: Path) -> None:
    with running_postgres() as postgres:
        database_url = postgres.create_database()
        with running_store(tmp_path / "data", database_url=database_url) as store:
            token_url = f"{store.url}/connection"
            where = urlsplit(store.url).netloc
            assert store_health(token_url) == Health(
                ORDER_DATABASE, f"reachable (postgresql, store service at {where})", True
            )
            postgres.stop()
            down = store_health(token_url)
            assert down == Health(
                ORDER_DATABASE,
                f"not reachable: the store service at {where} cannot reach it",
                False,
            )
        gone = store_health(token_url)
        assert not gone.ok
        assert gone.state.startswith(f"unknown: the store service at {where} is not reachable")


def test_a_kiosk_with_a_store_service_reports_how_it_is(
    tmp_path: Path, qtbot: QtBot, session_thread: SessionThread
) -> None:
    """The controller's half-minute report (here every 0.2 s) reaches a real store service,
    whose kiosk list then shows it."""
    data_dir = tmp_path / "data"
    with running_store(data_dir) as store:
        config = dataclasses.replace(
            ui_config(),
            kiosk_id="front",
            token_url=f"{store.url}/connection",
            kiosk_key=store.kiosk_key,
        )
        timings = KioskTimings(health_interval_ms=200)
        controller = KioskController(config, session_thread=session_thread, timings=timings)
        controller.locked = True

        def reported() -> dict[str, object] | None:
            async def read() -> dict[str, object] | None:
                kept = await OrderStore.open(default_database_url(data_dir), migrate=False)
                try:
                    devices = await DeviceRegistry(kept).devices()
                    return next(d.last_health for d in devices if d.kiosk_id == "front")
                finally:
                    await kept.close()

            return asyncio.run(read())

        qtbot.waitUntil(lambda: reported() is not None, timeout=10_000)
        assert reported() == {
            "screen": "attract",
            "voice": "idle",
            "microphone": False,
            "locked": True,
            "menu_version": None,
        }
        controller.deleteLater()
