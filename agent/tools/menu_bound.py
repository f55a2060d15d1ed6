"""The tools as a model sees them for one menu: each tool's JSON schema with the menu's item
ids, size ids and modifier ids as enums (as LiveKit's drive-thru example does), so a cloud
model cannot name what the menu lacks. The call itself goes through the same typed tool, its
validation (quantity caps) and the same desk rules (availability, the confirmation gate)."""

from __future__ import annotations

import copy
from typing import Any

from livekit.agents import RunContext, ToolError, function_tool
from livekit.agents.llm import FunctionTool, RawFunctionTool, Tool, Toolset
from livekit.agents.llm.utils import build_legacy_openai_schema, validated_arguments
from pydantic import ValidationError

from agent.core.cart import MAX_QUANTITY
from agent.core.menu import Menu
from agent.ordering import OrderDesk

ITEM_FIELDS = frozenset({"item_name", "new_item_name"})
SIZE_FIELDS = frozenset({"size"})
MODIFIER_FIELDS = frozenset({"modifiers", "add_modifiers", "remove_modifiers"})
CATEGORY_FIELDS = frozenset({"category"})


def _string_branch(prop: dict[str, Any]) -> dict[str, Any] | None:
    if prop.get("type") == "string":
        return prop
    for branch in prop.get("anyOf", []):
        if branch.get("type") == "string":
            return branch  # type: ignore[no-any-return]
    return None


def _array_items(prop: dict[str, Any]) -> dict[str, Any] | None:
    for branch in [prop, *prop.get("anyOf", [])]:
        if branch.get("type") == "array" and isinstance(branch.get("items"), dict):
            return branch["items"]  # type: ignore[no-any-return]
    return None


_BASE_SCHEMAS: dict[int, tuple[FunctionTool[..., Any], dict[str, Any]]] = {}
"""Each tool's own schema, built once (building it takes pydantic a few ms per tool, and every
session binds every tool)."""


def _base_schema(tool: FunctionTool[..., Any]) -> dict[str, Any]:
    cached = _BASE_SCHEMAS.get(id(tool))
    if cached is None or cached[0] is not tool:
        cached = (tool, build_legacy_openai_schema(tool, internally_tagged=True))
        _BASE_SCHEMAS[id(tool)] = cached
    return cached[1]


def menu_schema(tool: FunctionTool[..., Any], menu: Menu) -> dict[str, Any]:
    """{name, description, parameters} of `tool` with the menu's ids as enums."""
    base = _base_schema(tool)
    parameters = copy.deepcopy(base["parameters"])
    items = sorted(item.id for item in menu.items())
    sizes = sorted({size.id for item in menu.items() for size in item.sizes})
    modifiers = sorted({m.id for item in menu.items() for m in item.modifiers})
    for name, prop in parameters.get("properties", {}).items():
        if name in ITEM_FIELDS and (target := _string_branch(prop)) is not None:
            target["enum"] = items
            prop["description"] = prop.get("description", "") + " Use the menu item id."
        elif name in SIZE_FIELDS and (target := _string_branch(prop)) is not None:
            if sizes:
                target["enum"] = sizes
            prop["description"] = prop.get("description", "") + " Use the size id."
        elif name in CATEGORY_FIELDS and (target := _string_branch(prop)) is not None:
            target["enum"] = ["all", *(c.id for c in menu.categories)]
        elif name in MODIFIER_FIELDS and (target := _array_items(prop)) is not None:
            if modifiers:
                target["enum"] = modifiers
            prop["description"] = prop.get("description", "") + " Use modifier ids."
    return {"name": base["name"], "description": base["description"], "parameters": parameters}


def bind_to_menu(tool: FunctionTool[..., Any], menu: Menu) -> RawFunctionTool[..., Any]:
    schema = menu_schema(tool, menu)

    async def call(raw_arguments: dict[str, object], context: RunContext[OrderDesk]) -> Any:
        try:
            arguments = validated_arguments(tool, dict(raw_arguments))
        except ValidationError as exc:
            if any(e["loc"][:1] == ("quantity",) for e in exc.errors()):
                # said to the customer as it is: no schema words
                raise ToolError(
                    f"I can put from 1 to {MAX_QUANTITY} of an item on one line."
                ) from exc
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise ToolError(f"Those arguments don't fit this tool ({problems}).") from exc
        return await tool(context, **arguments)

    bound: RawFunctionTool[..., Any] = function_tool(call, raw_schema=schema)
    return bound


def tools_for(menu: Menu, tools: list[Tool]) -> list[Tool | Toolset]:
    """Every typed tool bound to `menu`'s ids (other tools as they are)."""
    return [bind_to_menu(t, menu) if isinstance(t, FunctionTool) else t for t in tools]
