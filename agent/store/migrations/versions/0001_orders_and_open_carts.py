"""orders, order lines and open carts

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("order_number", sa.Integer(), nullable=False),
        sa.Column("session_key", sa.String(128), nullable=False),
        sa.Column("cart_version", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("customer_name", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("subtotal_cents", sa.Integer(), nullable=False),
        sa.Column("tax_cents", sa.Integer(), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("business_date", "order_number", name="uq_orders_day_number"),
        sa.UniqueConstraint("session_key", "cart_version", name="uq_orders_session_version"),
    )
    op.create_index("ix_orders_business_date", "orders", ["business_date"])
    op.create_index("ix_orders_kiosk_id", "orders", ["kiosk_id"])
    op.create_table(
        "order_lines",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "order_id",
            sa.Integer(),
            sa.ForeignKey("orders.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("size_id", sa.String(64), nullable=True),
        sa.Column("size_name", sa.String(80), nullable=True),
        sa.Column("modifier_ids", sa.JSON(), nullable=False),
        sa.Column("modifier_names", sa.JSON(), nullable=False),
        sa.Column("notes", sa.String(200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cents", sa.Integer(), nullable=False),
        sa.Column("line_cents", sa.Integer(), nullable=False),
    )
    op.create_index("ix_order_lines_order_id", "order_lines", ["order_id"])
    op.create_table(
        "open_carts",
        sa.Column("session_key", sa.String(128), primary_key=True),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("customer_name", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("open_carts")
    op.drop_index("ix_order_lines_order_id", "order_lines")
    op.drop_table("order_lines")
    op.drop_index("ix_orders_kiosk_id", "orders")
    op.drop_index("ix_orders_business_date", "orders")
    op.drop_table("orders")
