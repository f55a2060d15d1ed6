"""Hostile typed text to the agent: a reply every time, never an order placed, and junk
leaves the cart as it was.

The real OrderingAgent with its tools and the offline LLM, in text mode over a SQLite store
(tests/agent/conftest.py), with a cart already holding an order the text could try to place.
Few examples: every one is a full agent turn.
"""

from __future__ import annotations

import asyncio
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from agent.store import OrderStore, default_database_url
from tests.agent.conftest import open_conversation, reply_text
from tests.fuzz.conftest import FUZZ_SLOW
from tests.fuzz.strategies import CONTROL, INJECTIONS, UNICODE
from tests.menus import bundled

MENU = bundled()
MEANINGFUL = frozenset(("ｃｈｅｅｓｅｂｕｒｇｅｒ", "cheese\u200bburger", "\ufeffcoke", UNICODE[1]))
"""Unicode that says an item (fullwidth, zero-width space, BOM, Arabic): it may be ordered,
never placed."""
JUNK_UNICODE = tuple(text for text in UNICODE if text not in MEANINGFUL)
JUNK = st.one_of(
    st.sampled_from(("", " ", "\t\n  ", "A" * 100_000, *INJECTIONS, *JUNK_UNICODE, *CONTROL)),
    st.binary(min_size=1, max_size=200).map(lambda raw: raw.decode("latin-1")),
    st.text(alphabet=st.characters(categories=("So", "Cc", "Cf", "Zs")), max_size=40),
)


async def one_turn(tmp_path: Path, text: str, *, junk: bool = True) -> None:
    store = await OrderStore.open(default_database_url(tmp_path / "data"))
    try:
        async with open_conversation(MENU, store) as convo:
            await convo.desk.add_item_by_id("cheeseburger", quantity=2)
            await convo.desk.add_item_by_id("fries", size_id="large")
            before = convo.desk.cart_snapshot()
            result = await convo.say(text)
            assert reply_text(result).strip(), f"no reply to {text[:60]!r}"
            assert convo.desk.last_order is None, f"{text[:60]!r} placed the order"
            after = convo.desk.cart_snapshot()
            if junk:
                assert (after.lines, after.total_cents) == (before.lines, before.total_cents)
    finally:
        await store.close()


def test_junk_and_injections_get_a_reply_and_change_nothing(tmp_path: Path) -> None:
    @FUZZ_SLOW
    @given(text=JUNK)
    def check(text: str) -> None:
        # a number alone is a quantity for the last line ("3" → three of them; "0" alone
        # takes nothing off), even amid junk bytes or as "㍘" (NFKC "0点"): it may change the
        # cart, never place the order
        numeric = any(c.isnumeric() for c in unicodedata.normalize("NFKC", text))
        asyncio.run(one_turn(tmp_path, text, junk=not numeric))

    check()


def test_every_injection_and_edge_case_gets_a_reply_and_changes_nothing(tmp_path: Path) -> None:
    async def all_of_them() -> None:
        for text in ("", "   ", "A" * 100_000, "\x00" * 50, *INJECTIONS, *JUNK_UNICODE):
            await one_turn(tmp_path, text)
        for text in sorted(MEANINGFUL):
            await one_turn(tmp_path, text, junk=False)

    asyncio.run(all_of_them())
