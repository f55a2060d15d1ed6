"""One customer's order: the cart, the confirmation rule, placing and persistence.

`OrderDesk` is the single place where an order changes; function tools (voice) and validated
RPCs (touch) both call it. It is per session (RunContext userdata), never a module global.
Errors are `OrderError`s whose message can be said to the customer as is.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from agent.cart import Cart, CartError, CartLine
from agent.errors import KioskAgentError
from agent.matching import MatchResult, MenuMatcher, normalize, similarity
from agent.menu import Menu, MenuItem
from agent.money import format_cents
from agent.protocol import CartSnapshot, OrderPlaced, snapshot_of, wire_lines
from agent.store import OrderStore, PlacedOrder, StoreError

logger = logging.getLogger("kiosk.ordering")

Origin = Literal["voice", "touch", "system"]


class OrderError(KioskAgentError):
    """A request the desk refuses; the message is short and can be spoken."""


@dataclass(frozen=True)
class CartChange:
    """What changed, for the publisher and for telling the LLM about touch edits."""

    origin: Origin
    summary: str
    placed: PlacedOrder | None = None


ChangeListener = Callable[[CartChange], Awaitable[None] | None]


def join_words(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def describe_lines(lines: tuple[CartLine, ...] | list[CartLine]) -> str:
    return join_words([line.describe() for line in lines])


class OrderDesk:
    def __init__(
        self,
        menu: Menu,
        *,
        session_key: str,
        kiosk_id: str,
        store: OrderStore | None = None,
        matcher: MenuMatcher | None = None,
    ) -> None:
        self.menu = menu
        self.matcher = matcher or MenuMatcher(menu)
        self.session_key = session_key
        self.kiosk_id = kiosk_id
        self.store = store
        self.cart = Cart(menu.restaurant.tax_rate)
        self.customer_name: str | None = None
        self.last_order: PlacedOrder | None = None
        self._read_back_version: int | None = None
        self._listeners: list[ChangeListener] = []
        self._lock = asyncio.Lock()
        self._seq = 0
        self._showing_placed: PlacedOrder | None = None

    # -- wiring ----------------------------------------------------------------------------------
    def add_listener(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    async def _changed(self, change: CartChange) -> None:
        self._seq += 1
        self._showing_placed = change.placed
        if self.store is not None and change.placed is None:
            try:
                await self.store.save_open_cart(
                    self.session_key, self.kiosk_id, self.cart, self.customer_name
                )
            except StoreError:
                logger.exception("could not save the open cart", extra={"key": self.session_key})
        for listener in list(self._listeners):
            result = listener(change)
            if result is not None:
                await result

    @property
    def seq(self) -> int:
        """Grows with every change: the sequence number of the current snapshot."""
        return self._seq

    def cart_snapshot(self) -> CartSnapshot:
        """The open cart as it is now (empty right after an order was placed)."""
        return snapshot_of(self.cart, seq=self._seq)

    def snapshot(self) -> CartSnapshot:
        """What the kiosk should show now: the open cart, or the order just placed."""
        placed = self._showing_placed
        if placed is None:
            return self.cart_snapshot()
        return CartSnapshot(
            seq=self._seq,
            lines=wire_lines(placed.lines),
            subtotal_cents=placed.subtotal_cents,
            tax_cents=placed.tax_cents,
            total_cents=placed.total_cents,
            status="placed",
            order_number=placed.order_number,
        )

    @staticmethod
    def placed_message(placed: PlacedOrder) -> OrderPlaced:
        return OrderPlaced(
            order_number=placed.order_number,
            total_cents=placed.total_cents,
            subtotal_cents=placed.subtotal_cents,
            tax_cents=placed.tax_cents,
            lines=wire_lines(placed.lines),
            customer_name=placed.customer_name,
        )

    async def resume(self) -> bool:
        """Loads this session's saved open cart (after an agent restart); True if there was one."""
        if self.store is None:
            return False
        saved = await self.store.load_open_cart(self.session_key)
        if saved is None:
            return False
        lines, version, name = saved
        self.cart.restore(lines, version)
        self.customer_name = name
        await self._changed(CartChange("system", "resumed the saved order"))
        return True

    # -- finding things --------------------------------------------------------------------------
    def find_item(self, name: str) -> MenuItem:
        """The menu item meant by `name`, or an OrderError that asks back or suggests."""
        result = self.matcher.match(name)
        if result.item is not None:
            return result.item
        raise OrderError(self._no_match_message(name, result))

    @staticmethod
    def _no_match_message(name: str, result: MatchResult) -> str:
        names = [c.item.name for c in result.candidates]
        if result.ambiguous:
            return f"Did you mean the {join_words(names).replace(' and ', ' or ')}?"
        if names:
            return f"Sorry, we don't have {name}. Did you mean the {names[0]}?"
        return f"Sorry, we don't have {name} on our menu."

    def find_line(self, description: str) -> CartLine:
        """The cart line meant by `description` ("the coke", "cheeseburger no onions")."""
        if self.cart.is_empty:
            raise OrderError("Your order is empty right now.")
        query = normalize(description)
        scored = sorted(
            ((similarity(query, normalize(line.name)), line) for line in self.cart.lines),
            key=lambda pair: -pair[0],
        )
        best_score = scored[0][0]
        if best_score < 70:
            raise OrderError(f"I don't see {description} in your order.")
        candidates = [line for score, line in scored if best_score - score < 3]
        if len(candidates) == 1:
            return candidates[0]
        # several lines of one item: the one whose size and modifiers were all mentioned
        said = set(query.split())

        def details(line: CartLine) -> set[str]:
            return set(normalize(" ".join([line.size_name or "", *line.modifier_names])).split())

        specific = [line for line in candidates if details(line) and details(line) <= said]
        if len(specific) == 1:
            return specific[0]
        spoken = join_words([line.describe() for line in candidates]).replace(" and ", " or ")
        raise OrderError(f"Which one do you mean: {spoken}?")

    # -- changing the order ----------------------------------------------------------------------
    async def add_item(
        self,
        item_name: str,
        *,
        quantity: int = 1,
        size: str | None = None,
        modifiers: list[str] | None = None,
        notes: str = "",
        origin: Origin = "voice",
    ) -> CartLine:
        item = self.find_item(item_name)
        size_id = None
        if size:
            matched_size = self.matcher.match_size(item, size)
            if matched_size is None:
                if not item.sizes:
                    size_id = None  # a size said for a one-size item is simply ignored
                else:
                    options = join_words([s.name.lower() for s in item.sizes]).replace(
                        " and ", " or "
                    )
                    raise OrderError(f"The {item.name} comes in {options}.")
            else:
                size_id = matched_size.id
        modifier_ids = []
        for phrase in modifiers or []:
            modifier = self.matcher.match_modifier(item, phrase)
            if modifier is None:
                options = join_words([m.name for m in item.modifiers]).replace(" and ", " or ")
                hint = f" You can have it {options}." if item.modifiers else ""
                raise OrderError(f"Sorry, the {item.name} can't be made {phrase}.{hint}")
            modifier_ids.append(modifier.id)
        return await self.add_item_by_id(
            item.id,
            quantity=quantity,
            size_id=size_id,
            modifier_ids=modifier_ids,
            notes=notes,
            origin=origin,
        )

    async def add_item_by_id(
        self,
        item_id: str,
        *,
        quantity: int = 1,
        size_id: str | None = None,
        modifier_ids: list[str] | tuple[str, ...] = (),
        notes: str = "",
        origin: Origin = "touch",
    ) -> CartLine:
        item = self.menu.item(item_id)
        if item is None:
            raise OrderError("That item is not on our menu.")
        async with self._lock:
            try:
                line = self.cart.add(
                    item,
                    quantity=quantity,
                    size_id=size_id,
                    modifier_ids=tuple(modifier_ids),
                    notes=notes,
                )
            except CartError as exc:
                raise OrderError(str(exc)) from exc
            added = dataclasses.replace(line, quantity=quantity)
            await self._changed(CartChange(origin, f"added {added.describe()}"))
        return line

    async def remove(self, description: str, *, origin: Origin = "voice") -> CartLine:
        return await self.remove_line(self.find_line(description).line_id, origin=origin)

    async def remove_line(self, line_id: str, *, origin: Origin = "touch") -> CartLine:
        async with self._lock:
            try:
                line = self.cart.remove(line_id)
            except CartError as exc:
                raise OrderError(str(exc)) from exc
            await self._changed(CartChange(origin, f"removed {line.describe()}"))
        return line

    async def set_quantity(
        self, description: str, quantity: int, *, origin: Origin = "voice"
    ) -> CartLine:
        return await self.set_line_quantity(
            self.find_line(description).line_id, quantity, origin=origin
        )

    async def set_line_quantity(
        self, line_id: str, quantity: int, *, origin: Origin = "touch"
    ) -> CartLine:
        async with self._lock:
            try:
                line = self.cart.set_quantity(line_id, quantity)
            except CartError as exc:
                raise OrderError(str(exc)) from exc
            await self._changed(CartChange(origin, f"changed the quantity to {line.describe()}"))
        return line

    async def cancel(self, *, origin: Origin = "voice") -> bool:
        """Empties the order; False if there was nothing to cancel."""
        async with self._lock:
            if self.cart.is_empty:
                return False
            self.cart.clear()
            self._read_back_version = None
            await self._changed(CartChange(origin, "cancelled the whole order"))
        return True

    async def discard(self) -> None:
        """The customer left: forgets the open order (placed orders stay stored)."""
        async with self._lock:
            self.cart.clear()
            self._read_back_version = None
            if self.store is not None:
                try:
                    await self.store.delete_open_cart(self.session_key)
                except StoreError:
                    logger.exception(
                        "could not discard the open cart", extra={"key": self.session_key}
                    )

    async def set_customer_name(self, name: str) -> str:
        cleaned = " ".join(name.strip().split())[:40]
        if not cleaned or not any(c.isalpha() for c in cleaned):
            raise OrderError("Sorry, I didn't catch your name.")
        self.customer_name = cleaned.title() if cleaned.islower() else cleaned
        await self._changed(CartChange("voice", f"set the name to {self.customer_name}"))
        return self.customer_name

    # -- read-back and placing -------------------------------------------------------------------
    def read_back(self) -> str:
        """The order in words with the total; marks this version as read back to the customer."""
        if self.cart.is_empty:
            return "Your order is currently empty."
        self._read_back_version = self.cart.version
        return (
            f"You have {describe_lines(self.cart.lines)}. "
            f"Your total is {format_cents(self.cart.total_cents)} including tax."
        )

    @property
    def confirmed_by_read_back(self) -> bool:
        return self._read_back_version == self.cart.version and not self.cart.is_empty

    async def place(self, *, origin: Origin = "voice") -> PlacedOrder:
        """Stores the order and leaves a fresh cart; the caller checked the customer confirmed."""
        async with self._lock:
            if self.cart.is_empty:
                raise OrderError("Your order is empty, so there's nothing to place yet.")
            if self.store is None:
                raise OrderError("Sorry, I can't take orders right now. Please ask a staff member.")
            try:
                placed = await self.store.place_order(
                    self.session_key, self.kiosk_id, self.cart, self.customer_name
                )
            except StoreError as exc:
                logger.exception("placing the order failed", extra={"key": self.session_key})
                raise OrderError(
                    "Sorry, something went wrong placing your order. Please ask a staff member."
                ) from exc
            self.last_order = placed
            placed_version = self.cart.version
            self.cart = Cart(self.menu.restaurant.tax_rate)
            # versions keep growing within a session: a later order never reuses a placed one's
            self.cart.version = placed_version + 1
            self._read_back_version = None
            await self._changed(
                CartChange(origin, f"placed order {placed.order_number}", placed=placed)
            )
        return placed
