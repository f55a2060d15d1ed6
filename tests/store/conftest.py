"""The store service in-process (FastAPI's test client, lifespan run) on SQLite and PostgreSQL,
with a second OrderStore on the same database standing in for an agent worker placing orders."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from agent.core.cart import Cart
from agent.core.menu import Menu
from agent.store import OrderStore, PlacedOrder
from store.app import create_app
from store.devices import DeviceRegistry
from store.settings import StoreSettings
from store.staff import Role, StaffDirectory
from tests.menus import bundled

MENU = bundled()
LIVEKIT_SECRET = "store-test-secret-long-enough-for-hs256-signing"
PASSWORD = "correct horse battery"


@dataclass
class StoreService:
    client: TestClient
    settings: StoreSettings
    worker: OrderStore
    """Writes orders the way an agent worker does (its own connection to the same database)."""
    run: asyncio.Runner

    def place(
        self, *item_ids: str, name: str | None = None, room: str | None = None
    ) -> PlacedOrder:
        cart = Cart(MENU.restaurant.tax_rate)
        for item_id in item_ids:
            item = MENU.item(item_id)
            assert item is not None
            cart.add(item, size_id=item.sizes[0].id if item.sizes else None)
        key = room or f"room-{dt.datetime.now().timestamp()}-{len(item_ids)}-{name}"
        return self.run.run(self.worker.place_order(key, "front", cart, name))

    def settings_menu(self) -> Menu:
        return MENU

    def add_user(self, username: str, role: Role) -> None:
        directory = StaffDirectory(self.worker, session_lifetime=dt.timedelta(hours=1))
        self.run.run(directory.create_user(username, PASSWORD, role))

    def issue_key(self, kiosk_id: str = "front") -> str:
        key, _device = self.run.run(DeviceRegistry(self.worker).issue_key(kiosk_id, "Front"))
        return key

    def sign_in(self, username: str, role: Role = Role.KITCHEN) -> str:
        """Creates the user, signs in through the login form; returns the CSRF token."""
        self.add_user(username, role)
        page = self.client.get("/login")
        csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
        response = self.client.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf": csrf, "next": "/kitchen"},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        kitchen = self.client.get("/kitchen")
        assert kitchen.status_code == 200
        return kitchen.text.split('data-csrf="')[1].split('"')[0]


def store_settings(database_url: str) -> StoreSettings:
    return StoreSettings(
        database_url=database_url,
        livekit_url="ws://127.0.0.1:7880",
        livekit_api_key="store-test",
        livekit_api_secret=SecretStr(LIVEKIT_SECRET),
        store_feed_poll_seconds=0.05,
    )


@pytest.fixture
def service(database_url: str) -> Iterator[StoreService]:
    settings = store_settings(database_url)
    with asyncio.Runner() as run:
        worker = run.run(OrderStore.open(database_url))
        try:
            with TestClient(create_app(settings)) as client:
                yield StoreService(client=client, settings=settings, worker=worker, run=run)
        finally:
            run.run(worker.close())
