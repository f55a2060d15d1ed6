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

from agent.core.cart import Cart, CartError, CartLine, agreeing
from agent.core.errors import KioskAgentError
from agent.core.menu import Menu, MenuItem
from agent.core.phrasing import join_words, spoken_order
from agent.core.protocol import CartSnapshot, OrderPlaced, snapshot_of, wire_lines
from agent.store import OrderStore, PlacedOrder, StoreError, StoreUnavailable
from agent.understanding import Answer, CartView, ChangeDetector, LineView, classify_answer
from agent.understanding.matching import MatchResult, MenuMatcher, normalize, similarity

logger = logging.getLogger("kiosk.ordering")

Origin = Literal["voice", "touch", "system"]


class OrderError(KioskAgentError):
    """A request the desk refuses; the message is short and can be spoken."""


class NotConfirmed(OrderError):
    """Placing by voice before the customer said yes to a read-back of this very order."""


ORDER_SYSTEM_DOWN = (
    "Sorry, our order system didn't answer, so your order isn't placed yet. "
    "Nothing is lost: please try placing it again in a moment."
)
"""Placing found the order database down: the cart stays, placing again stores it once."""

NOT_CONFIRMED = (
    "Not placed yet: the customer has not said yes to a read-back of the order as it is now. "
    "Read the order back with review_order and ask them to confirm."
)


class ConfirmationGate:
    """Read back version v → the customer's next utterance answers it → only a clear yes to
    v, with v still the cart's version, opens the gate for v. Anything else closes it: a no, a
    hedge, a change request, any other utterance, any change to the cart.

    Each customer utterance is heard once: the same turn heard again with the same words (the
    second model call of a turn) changes nothing; with other words (a preemptive reply redone
    on a longer transcript) it replaces the earlier hearing."""

    def __init__(self) -> None:
        self._asked: int | None = None
        self._open: int | None = None
        self.last_answer: Answer | None = None
        self._heard: tuple[int, str] | None = None
        self._before: tuple[int | None, int | None, Answer | None] = (None, None, None)

    def asked(self, version: int) -> None:
        self._asked = version
        self._open = None

    def hear(self, turn: int, text: str, answer: Answer, version: int) -> None:
        if self._heard is not None and self._heard[0] == turn:
            if self._heard[1] == text:
                return
            self._asked, self._open, self.last_answer = self._before
        else:
            self._before = (self._asked, self._open, self.last_answer)
        self._heard = (turn, text)
        if self._asked is None:
            self._open, self.last_answer = None, None
            return
        self.last_answer = answer
        self._open = version if answer is Answer.AFFIRM and self._asked == version else None
        self._asked = None

    def is_open(self, version: int) -> bool:
        return self._open == version

    @property
    def awaiting_answer(self) -> bool:
        return self._asked is not None

    def close(self) -> None:
        self._asked = self._open = None


@dataclass(frozen=True)
class CartChange:
    """What changed, for the publisher and for telling the LLM about touch edits."""

    origin: Origin
    summary: str
    placed: PlacedOrder | None = None


HEARD_KEPT = 16

ChangeListener = Callable[[CartChange], Awaitable[None] | None]


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
        self.gate = ConfirmationGate()
        self._changes = ChangeDetector(menu)
        self.last_line_id: str | None = None
        """The line the customer changed last by voice or touch ("make it a large")."""
        self._heard: dict[str, float] = {}
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
            business_date=placed.business_date.isoformat(),
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
        """The menu item meant by `name` (an item id or what the customer said), or an
        OrderError that asks back or suggests."""
        by_id = self.menu.item(name.strip())
        if by_id is not None:
            return by_id
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

    def find_line(self, description: str, line_id: str | None = None) -> CartLine:
        """The cart line meant by `line_id`, else by `description` ("the coke",
        "cheeseburger no onions")."""
        if self.cart.is_empty:
            raise OrderError("Your order is empty right now.")
        if line_id:
            line = next((line for line in self.cart.lines if line.line_id == line_id), None)
            if line is not None:
                return line
        query = normalize(description)
        scored = sorted(
            ((similarity(query, normalize(line.name)), line) for line in self.cart.lines),
            key=lambda pair: -pair[0],
        )
        best_score = scored[0][0]
        if best_score < 70:
            item = self.menu.item(description.strip())  # an id said as it is ("egg_drop_soup")
            meant = f"a {item.name}" if item is not None else description
            raise OrderError(f"I don't see {meant} in your order.")
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
        size_id = self._size_id(item, size)
        modifier_ids = self._modifier_ids(item, modifiers or [])
        return await self.add_item_by_id(
            item.id,
            quantity=quantity,
            size_id=size_id,
            modifier_ids=modifier_ids,
            notes=notes,
            origin=origin,
        )

    def _size_id(self, item: MenuItem, size: str | None) -> str | None:
        """The size meant (its id or as said); a size said for a one-size item is ignored."""
        size_id = None
        if size and item.size(size.strip()) is not None:
            return size.strip()
        if size:
            matched_size = self.matcher.match_size(item, size)
            if matched_size is None:
                if not item.sizes:
                    size_id = None  # a size said for a one-size item is simply ignored
                else:
                    options = join_words([s.name.lower() for s in item.sizes]).replace(
                        " and ", " or "
                    )
                    comes = agreeing(item.name, "comes", "come")
                    raise OrderError(f"The {item.name} {comes} in {options}.")
            else:
                size_id = matched_size.id
        return size_id

    def _modifier_ids(self, item: MenuItem, modifiers: list[str]) -> list[str]:
        modifier_ids = []
        for phrase in modifiers:
            if item.modifier(phrase.strip()) is not None:
                modifier_ids.append(phrase.strip())
                continue
            modifier = self.matcher.match_modifier(item, phrase)
            if modifier is None:
                options = join_words([m.name for m in item.modifiers]).replace(" and ", " or ")
                hint = f" You can have it {options}." if item.modifiers else ""
                raise OrderError(f"Sorry, the {item.name} can't be made {phrase}.{hint}")
            modifier_ids.append(modifier.id)
        return modifier_ids

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
            self.last_line_id = line.line_id
            await self._changed(CartChange(origin, f"added {added.describe()}"))
        return line

    async def remove(
        self,
        description: str,
        *,
        line_id: str | None = None,
        quantity: int | None = None,
        origin: Origin = "voice",
    ) -> CartLine:
        """Takes a line off, or only `quantity` of it ("take one of the muffins off")."""
        line = self.find_line(description, line_id)
        if quantity is not None and 0 < quantity < line.quantity:
            await self.set_line_quantity(line.line_id, line.quantity - quantity, origin=origin)
            return dataclasses.replace(line, quantity=quantity)
        return await self.remove_line(line.line_id, origin=origin)

    async def change_line(
        self,
        description: str,
        *,
        line_id: str | None = None,
        size: str | None = None,
        add_modifiers: list[str] | None = None,
        remove_modifiers: list[str] | None = None,
        origin: Origin = "voice",
    ) -> CartLine:
        """Another size or other modifiers for a line already in the order."""
        line = self.find_line(description, line_id)
        item = self.find_item(line.item_id)
        size_id = self._size_id(item, size) if size else line.size_id
        added = self._modifier_ids(item, add_modifiers or [])
        removed = set(self._modifier_ids(item, remove_modifiers or []))
        modifier_ids = [m for m in (*line.modifier_ids, *added) if m not in removed]
        return await self._replace_line(line, item, line.quantity, size_id, modifier_ids, origin)

    async def replace_item(
        self,
        description: str,
        new_item: str,
        *,
        line_id: str | None = None,
        quantity: int | None = None,
        size: str | None = None,
        modifiers: list[str] | None = None,
        origin: Origin = "voice",
    ) -> tuple[CartLine, CartLine]:
        """Swaps a line's item for another ("the fries for onion rings"); keeps the count."""
        line = self.find_line(description, line_id)
        item = self.find_item(new_item)
        size_id = self._size_id(item, size)
        modifier_ids = self._modifier_ids(item, modifiers or [])
        changed = await self._replace_line(
            line, item, quantity or line.quantity, size_id, modifier_ids, origin
        )
        return line, changed

    async def _replace_line(
        self,
        line: CartLine,
        item: MenuItem,
        quantity: int,
        size_id: str | None,
        modifier_ids: list[str],
        origin: Origin,
    ) -> CartLine:
        async with self._lock:
            try:
                changed = self.cart.replace_line(
                    line.line_id,
                    item,
                    quantity=quantity,
                    size_id=size_id,
                    modifier_ids=modifier_ids,
                    notes=line.notes,
                )
            except CartError as exc:
                raise OrderError(str(exc)) from exc
            self.last_line_id = changed.line_id
            await self._changed(
                CartChange(origin, f"changed {line.describe()} to {changed.describe()}")
            )
        return changed

    async def remove_line(self, line_id: str, *, origin: Origin = "touch") -> CartLine:
        async with self._lock:
            try:
                line = self.cart.remove(line_id)
            except CartError as exc:
                raise OrderError(str(exc)) from exc
            await self._changed(CartChange(origin, f"removed {line.describe()}"))
        return line

    async def set_quantity(
        self,
        description: str,
        quantity: int,
        *,
        line_id: str | None = None,
        origin: Origin = "voice",
    ) -> CartLine:
        return await self.set_line_quantity(
            self.find_line(description, line_id).line_id, quantity, origin=origin
        )

    async def set_line_quantity(
        self, line_id: str, quantity: int, *, origin: Origin = "touch"
    ) -> CartLine:
        async with self._lock:
            try:
                line = self.cart.set_quantity(line_id, quantity)
            except CartError as exc:
                raise OrderError(str(exc)) from exc
            self.last_line_id = line.line_id
            await self._changed(CartChange(origin, f"changed the quantity to {line.describe()}"))
        return line

    async def cancel(self, *, origin: Origin = "voice") -> bool:
        """Empties the order; False if there was nothing to cancel."""
        async with self._lock:
            if self.cart.is_empty:
                return False
            self.cart.clear()
            self.gate.close()
            await self._changed(CartChange(origin, "cancelled the whole order"))
        return True

    async def discard(self) -> None:
        """The customer left: forgets the open order (placed orders stay stored)."""
        async with self._lock:
            self.cart.clear()
            self.gate.close()
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
        async with self._lock:  # saved in turn with the changes said in the same breath
            self.customer_name = cleaned.title() if cleaned.islower() else cleaned
            await self._changed(CartChange("voice", f"set the name to {self.customer_name}"))
        return self.customer_name

    # -- read-back, confirmation and placing ---------------------------------------------------
    def describe_order(self) -> str:
        """The order in words with the total (no question asked, nothing confirmed)."""
        if self.cart.is_empty:
            return "Your order is currently empty."
        restaurant = self.menu.restaurant
        tax = " including tax" if restaurant.tax_rate else ""
        return (
            f"You have {spoken_order(self.cart.lines)}. "
            f"Your total is {restaurant.price(self.cart.total_cents)}{tax}."
        )

    async def review(self) -> str:
        """Reads the order back and asks to place it: the customer's next answer decides.
        Runs in turn with the changes asked for before it (the desk's lock is first come,
        first served), so it always reads back the cart those changes left."""
        async with self._lock:
            if self.cart.is_empty:
                raise OrderError("Your order is empty, so there's nothing to place yet.")
            self.gate.asked(self.cart.version)
            return f"{self.describe_order()} Shall I place the order?"

    def note_heard(self, text: str, confidence: float) -> None:
        """What speech recognition heard and how sure it was (typed text has no entry)."""
        self._heard[" ".join(text.split()).lower()] = confidence
        while len(self._heard) > HEARD_KEPT:
            self._heard.pop(next(iter(self._heard)))

    def cart_view(self) -> CartView:
        """The cart as the order understanding reads it."""
        return CartView(
            lines=tuple(
                LineView(
                    line.line_id,
                    line.item_id,
                    line.name,
                    line.size_id,
                    line.modifier_ids,
                    line.quantity,
                )
                for line in self.cart.lines
            ),
            last_line_id=self.last_line_id,
        )

    @property
    def last_answer(self) -> Answer | None:
        """How the customer's last utterance answered a read-back (None: it did not)."""
        return self.gate.last_answer

    def confidence_of(self, text: str) -> float | None:
        return self._heard.get(" ".join(text.split()).lower())

    def hear_customer(self, turn: int, text: str) -> Answer | None:
        """Every customer utterance, before the model acts on it: the answer to a pending
        read-back opens or closes the confirmation gate. Returns how it was taken (None when no
        read-back was waiting)."""
        waiting = self.gate.awaiting_answer
        answer = classify_answer(text, mentions_change=self._changes.mentions_change(text))
        self.gate.hear(turn, text, answer, self.cart.version)
        return answer if waiting else self.gate.last_answer

    @property
    def confirmed(self) -> bool:
        """The customer said yes to a read-back of the cart exactly as it is now."""
        return not self.cart.is_empty and self.gate.is_open(self.cart.version)

    async def place(self, *, origin: Origin = "voice") -> PlacedOrder:
        """Stores the order and leaves a fresh cart. By voice only through the confirmation
        gate; the touch "Place order" on the review screen is itself the confirmation (the room
        link checks the customer saw the current snapshot)."""
        async with self._lock:
            if self.cart.is_empty:
                raise OrderError("Your order is empty, so there's nothing to place yet.")
            if origin == "voice" and not self.confirmed:
                raise NotConfirmed(NOT_CONFIRMED)
            if self.store is None:
                raise OrderError("Sorry, I can't take orders right now. Please ask a staff member.")
            try:
                placed = await self.store.place_order(
                    self.session_key, self.kiosk_id, self.cart, self.customer_name
                )
            except StoreUnavailable as exc:
                # nothing was stored and the cart (and its confirmation) stay as they are:
                # placing again once the database is back stores it once
                logger.warning(
                    "the order database did not answer; the order is not placed yet",
                    extra={"key": self.session_key, "reason": type(exc.__cause__).__name__},
                )
                raise OrderError(ORDER_SYSTEM_DOWN) from exc
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
            self.gate.close()
            self.last_line_id = None
            await self._changed(
                CartChange(origin, f"placed order {placed.order_number}", placed=placed)
            )
        return placed
