"""`kiosk-agent converse` as users run it: stdin lines in, JSON lines out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.menus import SECOND_MENU

BIN_DIR = Path(sys.executable).parent


def _converse(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN_DIR / "kiosk-agent"), "converse", *args],
        input=stdin,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_converse_prints_one_line_per_turn_and_a_final_line() -> None:
    turns = ["two cheeseburgers, one without onions, and a large coke", "", "that's all", "yes"]
    result = _converse(stdin="\n".join(turns) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["user"] for r in records[:-1]] == [t for t in turns if t]
    first = records[0]
    assert set(first) == {"user", "agent", "tool_calls", "cart"}
    assert [c["name"] for c in first["tool_calls"]] == ["add_item_to_order"] * 3
    assert first["tool_calls"][2]["arguments"] == {
        "item_name": "coke",
        "quantity": 1,
        "size": "large",
    }
    assert first["cart"]["total_cents"] == 2389 and len(first["cart"]["lines"]) == 3
    final = records[-1]["final"]
    assert final["placed_order"]["total_cents"] == 2389
    assert final["placed_order"]["order_number"] >= 1
    assert final["cart"]["lines"] == []


def test_converse_with_another_menu() -> None:
    result = _converse("--menu", str(SECOND_MENU), stdin="a california burrito\ndone\nyes\n")
    assert result.returncode == 0, result.stderr
    final = json.loads(result.stdout.splitlines()[-1])["final"]
    assert [line["item_id"] for line in final["placed_order"]["lines"]] == ["california_burrito"]


def test_converse_without_an_order_reports_none() -> None:
    result = _converse(stdin="what's on the menu\n")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["tool_calls"] == [
        {"name": "get_menu_items", "arguments": {"category": "all"}}
    ]
    assert records[-1] == {"final": {"cart": records[-1]["final"]["cart"], "placed_order": None}}


def test_converse_with_a_broken_menu_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "menu.yaml"
    broken.write_text(
        "restaurant: {name: X}\n"
        "categories:\n  - id: a\n    name: A\n    items:\n      - id: b\n        name: B\n"
    )
    result = _converse("--menu", str(broken), stdin="")
    assert result.returncode == 2
    problem = "category 'a', item 'b': price: an item needs a price or sizes with prices"
    assert result.stderr.strip().splitlines() == [f"error: {broken}: {problem}"]
