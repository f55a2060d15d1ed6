"""The staff panel's order-database line, against a real `kiosk-store serve` on a real
PostgreSQL: reachable, then the database stopped, then the store service stopped."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from kiosk.ui.staff import ORDER_DATABASE, Health, store_health
from tests.browser import running_store
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
