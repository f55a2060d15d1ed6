"""Function tools for the LLM, one module per group; each is thin: parse → OrderDesk → speech."""

from livekit.agents.llm import Tool, Toolset

from agent.core.menu import Menu
from agent.tools.menu_bound import tools_for
from agent.tools.menu_tools import MENU_TOOLS
from agent.tools.order_tools import ORDER_TOOLS

ALL_TOOLS: list[Tool] = [*MENU_TOOLS, *ORDER_TOOLS]


def session_tools(menu: Menu) -> list[Tool | Toolset]:
    """Every tool a session's model sees, its ids and sizes bound to `menu`."""
    return tools_for(menu, ALL_TOOLS)


__all__ = ["ALL_TOOLS", "MENU_TOOLS", "ORDER_TOOLS", "session_tools"]
