"""Function tools for the LLM, one module per group; each is thin: parse → OrderDesk → speech."""

from livekit.agents.llm import Tool

from agent.tools.menu_tools import MENU_TOOLS
from agent.tools.order_tools import ORDER_TOOLS

ALL_TOOLS: list[Tool] = [*MENU_TOOLS, *ORDER_TOOLS]

__all__ = ["ALL_TOOLS", "MENU_TOOLS", "ORDER_TOOLS"]
