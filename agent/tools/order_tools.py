"""Changing and placing the order. Prices and totals always come from the cart, never the LLM."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable
from typing import Annotated, TypeVar

from livekit.agents import RunContext, ToolError, function_tool
from livekit.agents.llm import Tool
from pydantic import Field

from agent.core.cart import MAX_QUANTITY
from agent.core.phrasing import spoken_line
from agent.ordering import OrderDesk, OrderError

T = TypeVar("T")


async def spoken(change: Awaitable[T]) -> T:
    """Runs a desk call; a refusal becomes a ToolError the agent can say as it is."""
    try:
        return await change
    except OrderError as exc:
        raise ToolError(str(exc)) from exc


def _total(desk: OrderDesk) -> str:
    return f"The order total is now {desk.menu.restaurant.price(desk.cart.total_cents)}."


@function_tool
async def add_item_to_order(
    context: RunContext[OrderDesk],
    item_name: Annotated[str, Field(description="The menu item as the customer said it.")],
    quantity: Annotated[int, Field(ge=1, le=MAX_QUANTITY, description="How many.")] = 1,
    size: Annotated[
        str | None, Field(description='The size if the customer said one, e.g. "large".')
    ] = None,
    modifiers: Annotated[
        list[str] | None,
        Field(description='Changes as said, e.g. ["no onions", "extra cheese"].'),
    ] = None,
    notes: Annotated[str | None, Field(description="Any other request for the kitchen.")] = None,
) -> str:
    """Call this when the customer orders an item ("I'd like…", "can I get…", "add…").
    Call it once per distinct item; for "two burgers, one without onions" call it twice.
    If the item needs a size the customer didn't say, this asks for it: relay the question."""
    desk = context.userdata
    line = await spoken(
        desk.add_item(
            item_name,
            quantity=quantity,
            size=size,
            modifiers=modifiers or [],
            notes=notes or "",
        )
    )
    added = dataclasses.replace(line, quantity=quantity)
    return f"Added {spoken_line(added)}. {_total(desk)}"


LineId = Annotated[
    str | None,
    Field(description="The cart line id (e.g. L2) when known; otherwise item_name picks the line."),
]


@function_tool
async def remove_item(
    context: RunContext[OrderDesk],
    item_name: Annotated[
        str, Field(description='The item to remove as said, e.g. "the coke" or "burger no onions".')
    ],
    line_id: LineId = None,
    quantity: Annotated[
        int | None,
        Field(ge=1, le=MAX_QUANTITY, description="How many to take off; omit to remove the line."),
    ] = None,
) -> str:
    """Call this when the customer wants an item taken off the order, or only some of it
    ("take one of the muffins off": quantity 1)."""
    desk = context.userdata
    line = await spoken(desk.remove(item_name, line_id=line_id, quantity=quantity))
    if desk.cart.is_empty:
        return f"Removed {spoken_line(line)}. Your order is now empty."
    return f"Removed {spoken_line(line)}. {_total(desk)}"


@function_tool
async def update_quantity(
    context: RunContext[OrderDesk],
    item_name: Annotated[str, Field(description="The item already in the order.")],
    quantity: Annotated[int, Field(ge=0, le=MAX_QUANTITY, description="The new total count.")],
    line_id: LineId = None,
) -> str:
    """Call this when the customer changes how many of an item they want
    ("make that three", "only one coke"). A quantity of 0 removes the item."""
    desk = context.userdata
    if quantity == 0:
        line = await spoken(desk.remove(item_name, line_id=line_id))
        return f"Removed {spoken_line(line)}. {_total(desk)}"
    line = await spoken(desk.set_quantity(item_name, quantity, line_id=line_id))
    return f"Changed to {spoken_line(line)}. {_total(desk)}"


@function_tool
async def change_item(
    context: RunContext[OrderDesk],
    item_name: Annotated[str, Field(description="The item already in the order.")],
    line_id: LineId = None,
    size: Annotated[str | None, Field(description='The new size, e.g. "large".')] = None,
    add_modifiers: Annotated[
        list[str] | None, Field(description='Modifiers to add, e.g. ["no ice", "oat milk"].')
    ] = None,
    remove_modifiers: Annotated[
        list[str] | None, Field(description="Modifiers to take back off the line.")
    ] = None,
) -> str:
    """Call this when the customer changes the size or options of an item already in the
    order ("make the drink a large", "extra cheese on that", "actually no ice")."""
    desk = context.userdata
    line = await spoken(
        desk.change_line(
            item_name,
            line_id=line_id,
            size=size,
            add_modifiers=add_modifiers,
            remove_modifiers=remove_modifiers,
        )
    )
    return f"Changed to {spoken_line(line)}. {_total(desk)}"


@function_tool
async def replace_item(
    context: RunContext[OrderDesk],
    item_name: Annotated[str, Field(description="The item in the order to replace.")],
    new_item_name: Annotated[str, Field(description="The menu item the customer wants instead.")],
    line_id: LineId = None,
    quantity: Annotated[
        int | None, Field(ge=1, le=MAX_QUANTITY, description="How many, if they said.")
    ] = None,
    size: Annotated[str | None, Field(description="The size of the new item, if any.")] = None,
    modifiers: Annotated[
        list[str] | None, Field(description="Modifiers for the new item, as said.")
    ] = None,
) -> str:
    """Call this when the customer swaps one item for another ("swap the fries for onion
    rings", "a chicken sandwich instead", "change the coke to a sprite")."""
    desk = context.userdata
    old, new = await spoken(
        desk.replace_item(
            item_name,
            new_item_name,
            line_id=line_id,
            quantity=quantity,
            size=size,
            modifiers=modifiers,
        )
    )
    return f"Changed to {spoken_line(new)} instead of {spoken_line(old)}. {_total(desk)}"


@function_tool
async def view_current_order(context: RunContext[OrderDesk]) -> str:
    """Call this when the customer asks what's in their order or what the total is."""
    return context.userdata.describe_order()


@function_tool
async def review_order(context: RunContext[OrderDesk]) -> str:
    """Call this when the customer is done ordering, and after any change once they were:
    it reads the whole order back with the total and asks whether to place it. Their answer
    to this read-back decides; only a clear yes lets place_order place it."""
    try:
        return await context.userdata.review()
    except OrderError as exc:
        raise ToolError(f"{exc} What can I get you?") from exc


@function_tool
async def place_order(context: RunContext[OrderDesk]) -> str:
    """Call this only when the customer has just said yes to review_order's read-back.
    Placing is checked in code: it refuses if the order changed since the read-back or the
    customer's answer was not a clear yes; then read the order back again with review_order."""
    desk = context.userdata
    if desk.cart.is_empty:
        raise ToolError("Your order is empty, so there's nothing to place yet. What can I get you?")
    placed = await spoken(desk.place())
    name = f", {placed.customer_name}" if placed.customer_name else ""
    call_out = (
        f" We'll call {placed.customer_name} when it's ready." if placed.customer_name else ""
    )
    return (
        f"Thank you{name}! Your order number is {placed.order_number}. "
        f"Please pay {desk.menu.restaurant.price(placed.total_cents)} at the counter.{call_out}"
    )


@function_tool
async def cancel_order(context: RunContext[OrderDesk]) -> str:
    """Call this when the customer wants to cancel the whole order or start over."""
    if await context.userdata.cancel():
        return "Okay, I've cancelled your order. Would you like to start a new one?"
    return "There's nothing in your order to cancel. What can I get you?"


@function_tool
async def set_customer_name(
    context: RunContext[OrderDesk],
    name: Annotated[str, Field(description="The customer's first name.")],
) -> str:
    """Call this when the customer tells you their name, for the pickup call-out."""
    saved = await spoken(context.userdata.set_customer_name(name))
    return f"Nice to meet you, {saved}! I'll put the order under {saved}."


ORDER_TOOLS: list[Tool] = [
    add_item_to_order,
    remove_item,
    update_quantity,
    change_item,
    replace_item,
    view_current_order,
    review_order,
    place_order,
    cancel_order,
    set_customer_name,
]
