"""Tables: placed orders with their lines and status history, each session's open cart, and the
store service's staff, sessions, kiosk devices and sold-out items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment, stored and read back in UTC on every database: SQLite keeps no time zone, so
    an aware value is converted on the way in and marked UTC on the way out (a naive value
    going in is taken as this machine's local time)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    pass


class OrderRow(Base):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("business_date", "order_number", name="uq_orders_day_number"),
        UniqueConstraint("session_key", "cart_version", name="uq_orders_session_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    business_date: Mapped[dt.date] = mapped_column(Date, index=True)
    order_number: Mapped[int] = mapped_column(Integer)
    session_key: Mapped[str] = mapped_column(String(128))
    cart_version: Mapped[int] = mapped_column(Integer)
    kiosk_id: Mapped[str] = mapped_column(String(64), index=True)
    customer_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    payment_status: Mapped[str] = mapped_column(String(16), default="unpaid")
    status_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    subtotal_cents: Mapped[int] = mapped_column(Integer)
    tax_cents: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    lines: Mapped[list[OrderLineRow]] = relationship(
        back_populates="order", order_by="OrderLineRow.position", cascade="all, delete-orphan"
    )


class OrderLineRow(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    line_id: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(80))
    size_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    size_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    modifier_ids: Mapped[list[str]] = mapped_column(JSON)
    modifier_names: Mapped[list[str]] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(String(200), default="")
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cents: Mapped[int] = mapped_column(Integer)
    line_cents: Mapped[int] = mapped_column(Integer)
    order: Mapped[OrderRow] = relationship(back_populates="lines")


class OpenCartRow(Base):
    __tablename__ = "open_carts"

    session_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    customer_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class OrderEventRow(Base):
    """One change of an order (placed, bumped, recalled, paid, refunded…); its id only grows,
    so "anything after event N?" is how pages and kiosks follow orders live."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    payment_status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class StaffUserRow(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class StaffSessionRow(Base):
    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class DeviceRow(Base):
    """A kiosk allowed to ask for session tokens: only a hash of its key is kept."""

    __tablename__ = "devices"

    kiosk_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_hint: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_health: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class ItemAvailabilityRow(Base):
    """Today's sold-out switches, over the menu file's `available`."""

    __tablename__ = "item_availability"

    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    available: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[str] = mapped_column(String(64))


class MenuVersionRow(Base):
    """A menu a manager uploaded; the active one is what new sessions sell (none: the file)."""

    __tablename__ = "menu_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_name: Mapped[str] = mapped_column(String(200))
    yaml_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    activated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
