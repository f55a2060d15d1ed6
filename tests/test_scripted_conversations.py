"""Scripted conversations (tests/conversations/*.yaml) through `converse`, on two menus: each
must end with exactly the expected placed order. The count of passing ones is the headline."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from agent.config import load_settings
from agent.converse import converse
from agent.menu import Menu
from agent.settings import AgentSettings
from tests.menus import bundled, second

CONVERSATIONS_DIR = Path(__file__).resolve().parent / "conversations"
LINE = re.compile(
    r"^(?P<item>[a-z0-9_]+) x(?P<qty>\d+)(?: (?P<size>[a-z0-9_]+))?(?P<mods>( \+[a-z0-9_]+)*)$"
)
MENUS = {"bundled": bundled, "second": second}


def load_cases() -> list[Any]:
    cases = []
    for path in sorted(CONVERSATIONS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for conversation in data["conversations"]:
            cases.append(
                pytest.param(data["menu"], conversation, id=f"{path.stem}: {conversation['name']}")
            )
    return cases


CASES = load_cases()


def expected_lines(
    menu: Menu, spec: list[str]
) -> list[tuple[str, int, str | None, tuple[str, ...]]]:
    lines = []
    for entry in spec:
        match = LINE.match(entry)
        assert match, f"bad expectation {entry!r}"
        item = menu.item(match["item"])
        assert item is not None, entry
        modifiers = tuple(sorted(m.strip("+ ") for m in match["mods"].split() if m))
        lines.append((match["item"], int(match["qty"]), match["size"], modifiers))
    return lines


async def _lines(turns: list[str]) -> AsyncIterator[str]:
    for turn in turns:
        yield turn


def test_there_are_at_least_30_conversations_on_two_menus() -> None:
    menus = {case.values[0] for case in CASES}
    assert len(CASES) >= 30 and menus == {"bundled", "second"}


@pytest.mark.parametrize(("menu_name", "conversation"), CASES)
async def test_conversation_places_exactly_the_expected_order(
    menu_name: str, conversation: dict[str, Any], tmp_path: Path
) -> None:
    menu = MENUS[menu_name]()
    settings = load_settings(AgentSettings)
    records: list[dict[str, Any]] = []
    placed = await converse(settings, menu, _lines(conversation["turns"]), records.append)
    transcript = "\n".join(f"> {r['user']}\n< {r['agent']}" for r in records if "user" in r)
    assert placed is not None, f"no order was placed:\n{transcript}"
    actual = [
        (line.item_id, line.quantity, line.size_id, tuple(sorted(line.modifier_ids)))
        for line in placed.lines
    ]
    assert actual == expected_lines(menu, conversation["expect"]), transcript
    assert placed.total_cents == placed.subtotal_cents + placed.tax_cents
    assert placed.customer_name == conversation.get("customer_name")
    final = records[-1]["final"]
    assert final["placed_order"]["order_number"] == placed.order_number
    assert not final["cart"]["lines"]
