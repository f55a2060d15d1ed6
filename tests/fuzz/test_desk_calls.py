"""The desk methods the tools call with a model's arguments: any words, any numbers → done, or
an OrderError that can be said as it is, and a refusal leaves the order as it was.

The RPC layer checks types before the desk sees a touch; the voice tools pass on whatever
the model chose (a 100 kB "item name", a quantity of -3 or 10**30, an unknown line id), so the
desk itself must hold.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from agent.ordering import OrderDesk, OrderError
from tests.fuzz.conftest import FUZZ
from tests.fuzz.strategies import JUNK_TEXT, SPECIAL_TEXT
from tests.menus import bundled

MENU = bundled()
WORDS = st.one_of(
    JUNK_TEXT,
    SPECIAL_TEXT,
    st.sampled_from(["cheeseburger", "the coke", "large", "no onions", "fries", "L1", "L9"]),
)
QUANTITIES = st.one_of(
    st.integers(min_value=-3, max_value=25),
    st.sampled_from([0, 2**31, 2**63, -(2**63), 10**30]),
)
OPTIONAL_QUANTITY = st.none() | QUANTITIES
PHRASES = st.lists(WORDS, max_size=3)

Call = Callable[[OrderDesk], Awaitable[Any]]
CALLS: st.SearchStrategy[tuple[str, Call]] = st.one_of(
    st.builds(
        lambda name, quantity, size, modifiers: (
            "add_item",
            lambda d: d.add_item(name, quantity=quantity, size=size, modifiers=modifiers),
        ),
        WORDS, QUANTITIES, st.none() | WORDS, PHRASES,
    ),
    st.builds(
        lambda item, quantity, size, modifiers: (
            "add_item_by_id",
            lambda d: d.add_item_by_id(
                item, quantity=quantity, size_id=size, modifier_ids=modifiers
            ),
        ),
        WORDS, QUANTITIES, st.none() | WORDS, PHRASES,
    ),
    st.builds(
        lambda what, quantity, line: (
            "set_quantity", lambda d: d.set_quantity(what, quantity, line_id=line)
        ),
        WORDS, QUANTITIES, st.none() | WORDS,
    ),
    st.builds(
        lambda what, quantity, line: (
            "remove", lambda d: d.remove(what, line_id=line, quantity=quantity)
        ),
        WORDS, OPTIONAL_QUANTITY, st.none() | WORDS,
    ),
    st.builds(
        lambda what, size, add, drop: (
            "change_line",
            lambda d: d.change_line(what, size=size, add_modifiers=add, remove_modifiers=drop),
        ),
        WORDS, st.none() | WORDS, PHRASES, PHRASES,
    ),
    st.builds(
        lambda what, new, quantity: (
            "replace_item", lambda d: d.replace_item(what, new, quantity=quantity)
        ),
        WORDS, WORDS, OPTIONAL_QUANTITY,
    ),
    st.builds(lambda line: ("remove_line", lambda d: d.remove_line(line)), WORDS),
    st.builds(
        lambda line, quantity: (
            "set_line_quantity", lambda d: d.set_line_quantity(line, quantity)
        ),
        WORDS, QUANTITIES,
    ),
    st.builds(lambda name: ("set_customer_name", lambda d: d.set_customer_name(name)), WORDS),
    st.just(("place", lambda d: d.place(origin="voice"))),
)  # fmt: skip


def state(desk: OrderDesk) -> tuple[Any, ...]:
    return (
        desk.snapshot(),
        desk.seq,
        tuple(desk.cart.lines),
        desk.cart.version,
        desk.customer_name,
        desk.last_order,
    )


async def seeded() -> OrderDesk:
    desk = OrderDesk(MENU, session_key="fuzz-desk", kiosk_id="fuzz")
    await desk.add_item_by_id("cheeseburger", quantity=2, modifier_ids=("no_onions",))
    await desk.add_item_by_id("fries", size_id="large")
    await desk.add_item_by_id("coke", size_id="medium")
    return desk


def test_any_tool_arguments_are_done_or_refused_in_words_with_nothing_changed() -> None:
    @FUZZ
    @given(calls=st.lists(CALLS, min_size=1, max_size=4))
    def check(calls: list[tuple[str, Call]]) -> None:
        async def run() -> None:
            desk = await seeded()
            for name, call in calls:
                before = state(desk)
                try:
                    await call(desk)
                except OrderError as exc:
                    message = str(exc)
                    assert message and "Traceback" not in message, name
                    assert state(desk) == before, f"{name} was refused ({message}) but changed"
                assert desk.last_order is None, "placed by voice without a confirmed read-back"
                assert all(1 <= line.quantity <= 20 for line in desk.cart.lines)
                assert desk.cart.total_cents >= 0

        asyncio.run(run())

    check()
