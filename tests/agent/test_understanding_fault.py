"""A fault of the understanding's own (an utterance nobody foresaw that trips a bug) never
leaves the customer at a dead kiosk: they are asked to say it another way, the cart is as it
was, the question asked before still stands, and the worker logs it without their words."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from agent.core.config import load_settings
from agent.core.settings import AgentSettings
from agent.evaluation.report import run_and_report
from agent.understanding.planner import NOT_UNDERSTOOD, Planner
from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Tea Counter, currency: USD}
categories:
  - id: all
    name: All
    items:
      - id: egg_waffle
        name: Egg Waffle
        price: "6.00"
      - id: jasmine_tea
        name: Jasmine Milk Tea
        sizes:
          - {id: medium, name: Medium, price: "5.00"}
          - {id: large, name: Large, price: "6.00"}
      - id: lemon_soda
        name: Lemon Soda
        price: "3.00"
"""

hall = conversation_on(MENU, "hall")


@pytest.mark.understanding_fails
async def test_a_fault_asks_again_and_changes_nothing(
    hall: Conversation, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await hall.say("an egg waffle and a jasmine milk tea")
    before = sized_lines(hall)

    def fault(*_args: Any, **_kwargs: Any) -> Any:
        raise IndexError("list index out of range")

    with monkeypatch.context() as patched:
        patched.setattr(Planner, "_plan", fault)
        with caplog.at_level(logging.ERROR, logger="agent.understanding"):
            reply = reply_text(await hall.say("and two secret lemon sodas"))
    assert reply == NOT_UNDERSTOOD
    assert sized_lines(hall) == before
    failed = [r for r in caplog.records if r.name.startswith("agent.understanding")]
    assert failed and all("secret" not in r.getMessage() for r in failed)
    # the size asked before the fault is still the question the next answer answers
    await hall.say("large")
    assert sized_lines(hall) == [("egg_waffle", None, 1, ()), ("jasmine_tea", "large", 1, ())]


@pytest.mark.understanding_fails
async def test_eval_counts_the_understandings_faults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "menu.yaml").write_text(MENU)
    (tmp_path / "talk.yaml").write_text(
        "menu: menu.yaml\nconversations:\n"
        "  - name: waffle\n    turns: [an egg waffle, that's all, 'yes']\n"
        "    expect: [egg_waffle x1]\n"
    )

    def fault(*_args: Any, **_kwargs: Any) -> Any:
        raise IndexError("list index out of range")

    monkeypatch.setattr(Planner, "_plan", fault)
    results = tmp_path / "results.json"
    code = await run_and_report(
        load_settings(AgentSettings), [tmp_path / "talk.yaml"], None, "fault", results, False
    )
    assert code == 0
    assert json.loads(results.read_text())["understanding_faults"] >= 1
    assert "understanding faults:" in capsys.readouterr().out
