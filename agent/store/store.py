"""OrderStore: placed orders (per-day order numbers, idempotent placing) and open carts.

SQLite under the data directory by default; any SQLAlchemy async URL (e.g. PostgreSQL with
asyncpg) through DATABASE_URL. The schema is migrated with Alembic when the store opens.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import selectinload

from agent.core.cart import Cart, CartLine
from agent.core.errors import KioskAgentError
from agent.store.models import OpenCartRow, OrderLineRow, OrderRow

logger = logging.getLogger("kiosk.store")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DATABASE_FILE = "kiosk.db"
PLACE_ATTEMPTS = 5


class StoreError(KioskAgentError):
    """The database could not be reached or refused a write."""


def default_database_url(data_dir: Path) -> str:
    return f"sqlite+aiosqlite:///{data_dir / DATABASE_FILE}"


@dataclass(frozen=True)
class PlacedOrder:
    order_number: int
    business_date: dt.date
    kiosk_id: str
    customer_name: str | None
    lines: tuple[CartLine, ...]
    subtotal_cents: int
    tax_cents: int
    total_cents: int
    placed_at: dt.datetime
    repeated: bool = False
    """True when this cart version had been placed before and the earlier order came back."""


def line_to_json(line: CartLine) -> dict[str, Any]:
    return dataclasses.asdict(line)


def line_from_json(data: dict[str, Any]) -> CartLine:
    return CartLine(
        line_id=str(data["line_id"]),
        item_id=str(data["item_id"]),
        name=str(data["name"]),
        size_id=data.get("size_id"),
        size_name=data.get("size_name"),
        modifier_ids=tuple(data.get("modifier_ids", ())),
        modifier_names=tuple(data.get("modifier_names", ())),
        notes=str(data.get("notes", "")),
        quantity=int(data["quantity"]),
        unit_cents=int(data["unit_cents"]),
    )


def _order_from_row(row: OrderRow, *, repeated: bool = False) -> PlacedOrder:
    return PlacedOrder(
        order_number=row.order_number,
        business_date=row.business_date,
        kiosk_id=row.kiosk_id,
        customer_name=row.customer_name,
        lines=tuple(
            CartLine(
                line_id=line.line_id,
                item_id=line.item_id,
                name=line.name,
                size_id=line.size_id,
                size_name=line.size_name,
                modifier_ids=tuple(line.modifier_ids),
                modifier_names=tuple(line.modifier_names),
                notes=line.notes,
                quantity=line.quantity,
                unit_cents=line.unit_cents,
            )
            for line in row.lines
        ),
        subtotal_cents=row.subtotal_cents,
        tax_cents=row.tax_cents,
        total_cents=row.total_cents,
        placed_at=row.created_at,
        repeated=repeated,
    )


def _run_migrations(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


class OrderStore:
    def __init__(self, engine: AsyncEngine, *, clock: Callable[[], dt.datetime] | None = None):
        self._engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._clock = clock or (lambda: dt.datetime.now().astimezone())

    @classmethod
    async def open(
        cls, url: str, *, clock: Callable[[], dt.datetime] | None = None, migrate: bool = True
    ) -> OrderStore:
        """Connects, creating the SQLite file's directory if needed, and migrates the schema
        (`migrate=False` where one process already did: job processes of a worker)."""
        parsed = make_url(url)
        is_sqlite = parsed.get_backend_name() == "sqlite"
        if is_sqlite and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = create_async_engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(
                f"cannot use DATABASE_URL ({parsed.get_backend_name()}): {exc}"
            ) from exc
        if is_sqlite:
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        store = cls(engine, clock=clock)
        if migrate:
            try:
                async with engine.begin() as connection:
                    await connection.run_sync(_run_migrations)
            except (SQLAlchemyError, OSError) as exc:
                await engine.dispose()
                raise StoreError(f"cannot open the order database: {exc}") from exc
        return store

    async def close(self) -> None:
        await self._engine.dispose()

    # -- open carts ------------------------------------------------------------------------------
    async def save_open_cart(
        self, session_key: str, kiosk_id: str, cart: Cart, customer_name: str | None
    ) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(OpenCartRow, session_key)
            lines = [line_to_json(line) for line in cart.lines]
            if row is None:
                session.add(
                    OpenCartRow(
                        session_key=session_key,
                        kiosk_id=kiosk_id,
                        version=cart.version,
                        lines=lines,
                        customer_name=customer_name,
                        updated_at=self._clock(),
                    )
                )
            elif cart.version >= row.version:
                row.version, row.lines, row.customer_name = cart.version, lines, customer_name
                row.updated_at = self._clock()

    async def load_open_cart(
        self, session_key: str
    ) -> tuple[list[CartLine], int, str | None] | None:
        async with self._sessions() as session:
            row = await session.get(OpenCartRow, session_key)
            if row is None:
                return None
            return [line_from_json(d) for d in row.lines], row.version, row.customer_name

    async def delete_open_cart(self, session_key: str) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(OpenCartRow, session_key)
            if row is not None:
                await session.delete(row)

    # -- orders ----------------------------------------------------------------------------------
    async def place_order(
        self, session_key: str, kiosk_id: str, cart: Cart, customer_name: str | None
    ) -> PlacedOrder:
        """Stores the cart as an order with the day's next number; placing the same cart
        version again returns the first order (with `repeated=True`)."""
        if cart.is_empty:
            raise StoreError("an empty cart cannot be placed")
        for attempt in range(PLACE_ATTEMPTS):
            existing = await self._order_for_version(session_key, cart.version)
            if existing is not None:
                return existing
            try:
                return await self._insert_order(session_key, kiosk_id, cart, customer_name)
            except IntegrityError:
                # another writer took this number (or placed this version) first; look again
                logger.info("order number taken, retrying", extra={"attempt": attempt + 1})
                await asyncio.sleep(0.01 * (attempt + 1))
        raise StoreError("could not allocate an order number")

    async def _order_for_version(self, session_key: str, version: int) -> PlacedOrder | None:
        async with self._sessions() as session:
            row = await session.scalar(
                select(OrderRow)
                .options(selectinload(OrderRow.lines))
                .where(OrderRow.session_key == session_key, OrderRow.cart_version == version)
            )
            return _order_from_row(row, repeated=True) if row else None

    async def _insert_order(
        self, session_key: str, kiosk_id: str, cart: Cart, customer_name: str | None
    ) -> PlacedOrder:
        now = self._clock()
        today = now.date()
        async with self._sessions.begin() as session:
            last = await session.scalar(
                select(func.max(OrderRow.order_number)).where(OrderRow.business_date == today)
            )
            row = OrderRow(
                business_date=today,
                order_number=(last or 0) + 1,
                session_key=session_key,
                cart_version=cart.version,
                kiosk_id=kiosk_id,
                customer_name=customer_name,
                status="placed",
                subtotal_cents=cart.subtotal_cents,
                tax_cents=cart.tax_cents,
                total_cents=cart.total_cents,
                created_at=now,
                updated_at=now,
                lines=[
                    OrderLineRow(
                        position=position,
                        line_id=line.line_id,
                        item_id=line.item_id,
                        name=line.name,
                        size_id=line.size_id,
                        size_name=line.size_name,
                        modifier_ids=list(line.modifier_ids),
                        modifier_names=list(line.modifier_names),
                        notes=line.notes,
                        quantity=line.quantity,
                        unit_cents=line.unit_cents,
                        line_cents=line.line_cents,
                    )
                    for position, line in enumerate(cart.lines)
                ],
            )
            session.add(row)
            open_cart = await session.get(OpenCartRow, session_key)
            if open_cart is not None:
                await session.delete(open_cart)
        return _order_from_row(row)

    async def order(self, business_date: dt.date, order_number: int) -> PlacedOrder | None:
        async with self._sessions() as session:
            row = await session.scalar(
                select(OrderRow)
                .options(selectinload(OrderRow.lines))
                .where(
                    OrderRow.business_date == business_date,
                    OrderRow.order_number == order_number,
                )
            )
            return _order_from_row(row) if row else None

    async def orders_on(self, business_date: dt.date) -> list[PlacedOrder]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(OrderRow)
                .options(selectinload(OrderRow.lines))
                .where(OrderRow.business_date == business_date)
                .order_by(OrderRow.order_number)
            )
            return [_order_from_row(row) for row in rows]
