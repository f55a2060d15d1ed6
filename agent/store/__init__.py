"""Persistence of placed orders and open carts (SQLAlchemy 2 async, Alembic migrations)."""

from agent.store.store import OrderStore, PlacedOrder, StoreError, default_database_url

__all__ = ["OrderStore", "PlacedOrder", "StoreError", "default_database_url"]
