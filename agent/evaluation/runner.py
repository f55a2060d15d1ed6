"""Runs conversation files through the real agent (`run_conversation`: same tools, same LLM
choice, a real store) and judges each by the order placed at its end."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from agent.converse import run_conversation
from agent.core.settings import AgentSettings
from agent.evaluation.corpus import (
    REPO_ROOT,
    Conversation,
    ConversationFile,
    ExpectedLine,
    order_counts,
)
from agent.store import OrderStore, PlacedOrder, default_database_url

Verdict = Literal["exact", "no_order", "wrong_order", "wrong_name"]
"""exact: the expected order (or, for `expect: []`, none); no_order: an order was expected and
none was placed (safe); wrong_order: an order was placed that the customer did not ask for;
wrong_name: the right lines under the wrong name."""


@dataclass(frozen=True)
class Outcome:
    file: str
    conversation: Conversation
    verdict: Verdict
    actual: tuple[ExpectedLine, ...]
    actual_name: str | None
    transcript: tuple[dict[str, Any], ...]

    @property
    def passed(self) -> bool:
        return self.verdict == "exact"

    def line(self) -> str:
        head = f"{'PASS' if self.passed else 'FAIL'} {self.file}: {self.conversation.name}"
        if self.passed:
            return head
        expected = ", ".join(e.text() for e in self.conversation.expect) or "no order"
        actual = ", ".join(a.text() for a in self.actual) or "no order"
        detail = f" [{self.verdict}] expected: {expected} | placed: {actual}"
        if self.verdict == "wrong_name":
            detail += f" | name {self.actual_name!r}, expected {self.conversation.customer_name!r}"
        return head + detail


def file_label(path: Path) -> str:
    """ "dev/coffee_bar" for tests/conversations/dev/coffee_bar.yaml, else the file's stem."""
    corpus = REPO_ROOT / "tests" / "conversations"
    try:
        return str(path.resolve().relative_to(corpus).with_suffix(""))
    except ValueError:
        return path.stem


def placed_lines(placed: PlacedOrder | None) -> tuple[ExpectedLine, ...]:
    if placed is None:
        return ()
    return tuple(
        ExpectedLine(line.item_id, line.quantity, line.size_id, tuple(line.modifier_ids))
        for line in placed.lines
    )


def judge(conversation: Conversation, placed: PlacedOrder | None) -> Verdict:
    actual = placed_lines(placed)
    if placed is None:
        return "no_order" if conversation.expects_order else "exact"
    if order_counts(list(actual)) != order_counts(list(conversation.expect)):
        return "wrong_order"
    expected_name = conversation.customer_name
    if expected_name is not None and (placed.customer_name or "").lower() != expected_name.lower():
        return "wrong_name"
    return "exact"


async def _turns(turns: tuple[str, ...]) -> AsyncIterator[str]:
    for turn in turns:
        yield turn


async def run_file(
    settings: AgentSettings,
    loaded: ConversationFile,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Every conversation of one file, each in a fresh session, against a throwaway store."""
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="kiosk-eval-") as data_dir:
        store = await OrderStore.open(default_database_url(Path(data_dir)))
        try:
            for conversation in loaded.conversations:
                records: list[dict[str, Any]] = []
                placed = await run_conversation(
                    settings,
                    loaded.menu,
                    store,
                    _turns(conversation.turns),
                    records.append,
                    end_when_placed=True,
                )
                outcome = Outcome(
                    file=file_label(loaded.path),
                    conversation=conversation,
                    verdict=judge(conversation, placed),
                    actual=placed_lines(placed),
                    actual_name=placed.customer_name if placed else None,
                    transcript=tuple(records),
                )
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
        finally:
            await store.close()
    return outcomes


@dataclass
class Summary:
    label: str
    total: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    declined_total: int = 0
    declined_wrongly_placed: int = 0
    failed_tags: Counter[str] = field(default_factory=Counter)
    tags: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, label: str, outcomes: list[Outcome]) -> Summary:
        summary = cls(label)
        for outcome in outcomes:
            summary.total += 1
            summary.verdicts[outcome.verdict] += 1
            summary.tags.update(outcome.conversation.tags)
            if not outcome.passed:
                summary.failed_tags.update(outcome.conversation.tags)
            if "declined_readback" in outcome.conversation.tags:
                summary.declined_total += 1
                summary.declined_wrongly_placed += outcome.verdict == "wrong_order"
        return summary

    def rate(self, verdict: str) -> float:
        return 100.0 * self.verdicts[verdict] / self.total if self.total else 0.0

    def line(self) -> str:
        return (
            f"{self.label}: {self.total} conversations, "
            f"{self.verdicts['exact']} exact ({self.rate('exact'):.1f}%), "
            f"{self.verdicts['wrong_order']} wrong order placed ({self.rate('wrong_order'):.1f}%), "
            f"{self.verdicts['no_order']} no order, {self.verdicts['wrong_name']} wrong name; "
            f"declined read-backs placed wrongly: "
            f"{self.declined_wrongly_placed} of {self.declined_total}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "conversations": self.total,
            "exact": self.verdicts["exact"],
            "exact_rate": round(self.rate("exact"), 1),
            "wrong_order_placed": self.verdicts["wrong_order"],
            "wrong_order_rate": round(self.rate("wrong_order"), 1),
            "no_order": self.verdicts["no_order"],
            "wrong_name": self.verdicts["wrong_name"],
            "declined_readbacks": self.declined_total,
            "declined_readbacks_placed_wrongly": self.declined_wrongly_placed,
            "pass_rate_by_tag": {
                tag: round(100.0 * (count - self.failed_tags[tag]) / count, 1)
                for tag, count in sorted(self.tags.items())
            },
        }
