"""Persistence of placed orders and open carts (SQLAlchemy 2 async, Alembic migrations)."""

from agent.store.availability import AvailabilityStore
from agent.store.menus import MenuVersion, MenuVersionStore
from agent.store.store import (
    NOTIFY_CHANNEL,
    OrderChange,
    OrderStore,
    PlacedOrder,
    StoreError,
    StoreUnavailable,
    default_database_url,
)

__all__ = [
    "AvailabilityStore",
    "MenuVersion",
    "MenuVersionStore",
    "NOTIFY_CHANNEL",
    "OrderChange",
    "OrderStore",
    "PlacedOrder",
    "StoreError",
    "StoreUnavailable",
    "default_database_url",
]
