"""OrderStore: placed orders (per-day order numbers, idempotent placing) and open carts.

SQLite under the data directory by default; any SQLAlchemy async URL (e.g. PostgreSQL with
asyncpg) through DATABASE_URL. The schema is migrated with Alembic when the store opens.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, func, select, text
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
from agent.core.order_status import (
    OrderStatus,
    PaymentStatus,
    check_payment_change,
    check_status_change,
)
from agent.store.models import OpenCartRow, OrderEventRow, OrderLineRow, OrderRow

logger = logging.getLogger("kiosk.store")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DATABASE_FILE = "kiosk.db"
PLACE_ATTEMPTS = 5
NOTIFY_CHANNEL = "kiosk_orders"
"""PostgreSQL: every order change also sends NOTIFY on this channel (its event id as payload)."""


class StoreError(KioskAgentError):
    """The database could not be reached or refused a write."""


class StoreUnavailable(StoreError):
    """The database did not answer (down, restarting, unreachable): nothing was written, and
    the same call can be made again once it is back."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _reaching_database(
    method: Callable[_P, Coroutine[Any, Any, _R]],
) -> Callable[_P, Coroutine[Any, Any, _R]]:
    """A store call whose database errors arrive as StoreError (StoreUnavailable when the
    database did not answer), never as a driver's own exception."""

    @functools.wraps(method)
    async def call(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return await method(*args, **kwargs)
        except StoreError:
            raise
        except IntegrityError as exc:
            raise StoreError(f"the order database refused the write: {exc}") from exc
        except (SQLAlchemyError, OSError) as exc:
            raise StoreUnavailable(f"the order database did not answer: {exc}") from exc

    return call


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
    status: OrderStatus = OrderStatus.NEW
    payment_status: PaymentStatus = PaymentStatus.UNPAID
    status_reason: str | None = None
    updated_at: dt.datetime | None = None

    @property
    def first_name(self) -> str | None:
        """What the pickup board calls the customer: the first word of the name they gave."""
        if not self.customer_name or not self.customer_name.strip():
            return None
        return self.customer_name.split()[0][:20]


@dataclass(frozen=True)
class OrderChange:
    """An order as it stands after the change numbered `event_id`."""

    event_id: int
    order: PlacedOrder


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
        status=OrderStatus(row.status),
        payment_status=PaymentStatus(row.payment_status),
        status_reason=row.status_reason,
        updated_at=row.updated_at,
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
        self._notifies = engine.dialect.name == "postgresql"
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
            # no customer data in error messages or logs; a pooled connection that a database
            # restart cut is noticed before use, not as the customer's failed order
            engine = create_async_engine(url, hide_parameters=True, pool_pre_ping=not is_sqlite)
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

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    @property
    def sessions(self) -> async_sessionmaker[Any]:
        """Sessions on this store's database (the store service keeps its own tables here)."""
        return self._sessions

    def now(self) -> dt.datetime:
        return self._clock()

    # -- open carts ------------------------------------------------------------------------------
    @_reaching_database
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

    @_reaching_database
    async def load_open_cart(
        self, session_key: str
    ) -> tuple[list[CartLine], int, str | None] | None:
        async with self._sessions() as session:
            row = await session.get(OpenCartRow, session_key)
            if row is None:
                return None
            return [line_from_json(d) for d in row.lines], row.version, row.customer_name

    @_reaching_database
    async def delete_open_cart(self, session_key: str) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(OpenCartRow, session_key)
            if row is not None:
                await session.delete(row)

    # -- orders ----------------------------------------------------------------------------------
    @_reaching_database
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
                status=OrderStatus.NEW.value,
                payment_status=PaymentStatus.UNPAID.value,
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
            await session.flush()
            await self._record_event(session, row, actor=f"kiosk:{kiosk_id}")
            open_cart = await session.get(OpenCartRow, session_key)
            if open_cart is not None:
                await session.delete(open_cart)
        return _order_from_row(row)

    async def _record_event(
        self, session: Any, row: OrderRow, *, actor: str, reason: str | None = None
    ) -> int:
        change = OrderEventRow(
            order_id=row.id,
            status=row.status,
            payment_status=row.payment_status,
            actor=actor[:64],
            reason=reason,
            created_at=row.updated_at,
        )
        session.add(change)
        await session.flush()
        if self._notifies:
            await session.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": NOTIFY_CHANNEL, "payload": str(change.id)},
            )
        return change.id

    # -- the kitchen and the counter -------------------------------------------------------------
    async def change_status(
        self,
        business_date: dt.date,
        order_number: int,
        choose: Callable[[OrderStatus], OrderStatus],
        *,
        actor: str,
        reason: str | None = None,
    ) -> OrderChange:
        """Moves an order to `choose(its current status)`, checked against the allowed moves
        (StatusChangeError) in one transaction, so two staff bumping at once move it twice,
        never to a state neither chose. LookupError when there is no such order."""

        def apply(row: OrderRow) -> None:
            current = OrderStatus(row.status)
            new = choose(current)
            check_status_change(current, new)
            row.status = new.value
            row.status_reason = reason if new is OrderStatus.CANCELLED else row.status_reason

        return await self._change(business_date, order_number, apply, actor=actor, reason=reason)

    async def change_payment(
        self,
        business_date: dt.date,
        order_number: int,
        new: PaymentStatus,
        *,
        actor: str,
        reason: str = "",
    ) -> OrderChange:
        def apply(row: OrderRow) -> None:
            check_payment_change(PaymentStatus(row.payment_status), new, reason)
            row.payment_status = new.value
            if reason.strip():
                row.status_reason = reason.strip()[:200]

        return await self._change(
            business_date, order_number, apply, actor=actor, reason=reason.strip()[:200] or None
        )

    async def _change(
        self,
        business_date: dt.date,
        order_number: int,
        apply: Callable[[OrderRow], None],
        *,
        actor: str,
        reason: str | None,
    ) -> OrderChange:
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(OrderRow)
                .options(selectinload(OrderRow.lines))
                .where(
                    OrderRow.business_date == business_date,
                    OrderRow.order_number == order_number,
                )
                .with_for_update()
            )
            if row is None:
                raise LookupError(f"there is no order {order_number} on {business_date}")
            before = (row.status, row.payment_status)
            apply(row)
            if (row.status, row.payment_status) == before:
                latest = await session.scalar(
                    select(func.max(OrderEventRow.id)).where(OrderEventRow.order_id == row.id)
                )
                return OrderChange(event_id=latest or 0, order=_order_from_row(row))
            row.updated_at = self._clock()
            event_id = await self._record_event(session, row, actor=actor, reason=reason)
            return OrderChange(event_id=event_id, order=_order_from_row(row))

    async def latest_event_id(self) -> int:
        async with self._sessions() as session:
            return int(await session.scalar(select(func.max(OrderEventRow.id))) or 0)

    async def changes_after(self, event_id: int, *, limit: int = 500) -> list[OrderChange]:
        """Orders changed after event `event_id`, each once with its latest event, oldest first."""
        async with self._sessions() as session:
            latest = (
                select(OrderEventRow.order_id, func.max(OrderEventRow.id).label("event_id"))
                .where(OrderEventRow.id > event_id)
                .group_by(OrderEventRow.order_id)
                .subquery()
            )
            rows = await session.execute(
                select(OrderRow, latest.c.event_id)
                .join(latest, latest.c.order_id == OrderRow.id)
                .options(selectinload(OrderRow.lines))
                .order_by(latest.c.event_id)
                .limit(limit)
            )
            return [
                OrderChange(event_id=int(change_id), order=_order_from_row(row))
                for row, change_id in rows.all()
            ]

    async def orders_in(
        self,
        statuses: tuple[OrderStatus, ...],
        *,
        since: dt.datetime | None = None,
        limit: int = 200,
    ) -> list[PlacedOrder]:
        """Orders in any of `statuses` (placed after `since`), oldest first."""
        query = (
            select(OrderRow)
            .options(selectinload(OrderRow.lines))
            .where(OrderRow.status.in_([status.value for status in statuses]))
            .order_by(OrderRow.created_at, OrderRow.id)
            .limit(limit)
        )
        if since is not None:
            query = query.where(OrderRow.created_at >= since)
        async with self._sessions() as session:
            return [_order_from_row(row) for row in await session.scalars(query)]

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
