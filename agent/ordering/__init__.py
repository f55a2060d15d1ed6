"""The ordering desk, the only writer of an order, and what speaks the menu and the order."""

from agent.ordering.desk import CartChange, NotConfirmed, OrderDesk, OrderError

__all__ = ["CartChange", "NotConfirmed", "OrderDesk", "OrderError"]
