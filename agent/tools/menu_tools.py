"""Menu questions: what's on the menu, what an item is, what suits a dietary need."""

from __future__ import annotations

from typing import Annotated

from livekit.agents import RunContext, ToolError, function_tool
from livekit.agents.llm import Tool
from pydantic import Field

from agent.ordering import OrderDesk, OrderError
from agent.ordering.menu_speech import (
    category_text,
    find_category,
    item_details,
    menu_overview,
    need_text,
)


@function_tool
async def get_menu_items(
    context: RunContext[OrderDesk],
    category: Annotated[
        str, Field(description='A menu section such as "drinks", or "all" for an overview.')
    ] = "all",
) -> str:
    """Call this when the customer asks what's on the menu or what a section offers
    ("what drinks do you have?"). Returns spoken sentences to read out as they are."""
    menu = context.userdata.menu
    found = find_category(menu, category)
    return category_text(found, menu.restaurant.currency) if found else menu_overview(menu)


@function_tool
async def get_item_details(
    context: RunContext[OrderDesk],
    item_name: Annotated[str, Field(description="The item as the customer said it.")],
) -> str:
    """Call this when the customer asks about one item: what's in it, its price or sizes,
    options, dietary tags or allergens, or whether it's available."""
    try:
        item = context.userdata.find_item(item_name)
    except OrderError as exc:
        raise ToolError(str(exc)) from exc
    return item_details(item, context.userdata.menu.restaurant.currency)


@function_tool
async def find_items(
    context: RunContext[OrderDesk],
    need: Annotated[
        str,
        Field(description='A dietary need or allergy, e.g. "vegan", "gluten free", "no nuts".'),
    ],
) -> str:
    """Call this when the customer asks for items that fit a diet or avoid an allergen
    ("anything vegetarian?", "I'm allergic to shellfish")."""
    return need_text(context.userdata.menu, need)


MENU_TOOLS: list[Tool] = [get_menu_items, get_item_details, find_items]
