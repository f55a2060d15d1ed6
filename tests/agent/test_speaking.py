"""What the agent says reads as natural English on every menu we have: read-backs group lines
("two Cheeseburgers, one without onions, and a large Coke"), modifiers follow their item with
"with" / "without", lists never say "at from", and no markup reaches the voice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agent.core.cart import Cart
from agent.core.menu import Menu, load_menu
from agent.core.money import CURRENCY_SYMBOLS
from agent.core.phrasing import modifier_phrase, size_before, speakable, spoken_order
from agent.ordering import OrderDesk
from agent.ordering.menu_speech import category_text, item_details
from tests.menus import ROOT, bundled

MENU_FILES = sorted(
    [ROOT / "assets" / "menu.yaml", *(ROOT / "assets" / "examples").glob("*.yaml")]
    + list((ROOT / "tests" / "conversations" / "menus").glob("*.yaml"))
    + list((ROOT / "tests" / "conversations").glob("*/menus/*.yaml"))
)
SLIPS = re.compile(
    r"\bat from\b|\bwith (add|no|without|with|extra extra)\b|\bwithout (no|without)\b|"
    r"[()\[\]{}*_#]|  |\s[,.;]|\b1 [A-Z]|,,|\ba 8|\ba 1[18]\b|\b\d+ pieces [A-Z]"
)


@pytest.mark.parametrize("path", MENU_FILES, ids=lambda p: Path(p).stem)
def test_prices_are_said_in_the_menus_currency(path: Path) -> None:
    menu: Menu = load_menu(path)
    symbol = CURRENCY_SYMBOLS.get(menu.restaurant.currency, menu.restaurant.currency)
    others = {s for s in CURRENCY_SYMBOLS.values() if s != symbol}
    for item in menu.items():
        details = item_details(item, menu.restaurant.currency)
        assert symbol in details and not any(s in details for s in others), details


def test_a_read_back_in_pounds_with_prices_including_tax() -> None:
    menu = Menu.model_validate(
        {
            "restaurant": {"name": "Chippy", "currency": "GBP", "tax_rate": 0},
            "categories": [
                {"id": "fish", "name": "Fish", "items": [
                    {"id": "cod", "name": "Cod", "price": "10.50"}]}
            ],
        }
    )  # fmt: skip
    desk = OrderDesk(menu, session_key="gbp", kiosk_id="test")
    cod = menu.item("cod")
    assert cod is not None
    desk.cart.add(cod, quantity=2)
    assert desk.describe_order() == "You have two Cods. Your total is £21.00."


def _burger_cart(*burger_options: tuple[str, ...]) -> Cart:
    """A cart of the bundled menu: a cheeseburger per options given, then a large coke."""
    menu = bundled()
    cart = Cart(menu.restaurant.tax_rate)
    cheeseburger, coke = menu.item("cheeseburger"), menu.item("coke")
    assert cheeseburger is not None and coke is not None
    for options in burger_options:
        cart.add(cheeseburger, modifier_ids=options)
    cart.add(coke, size_id="large")
    return cart


def test_the_headline_read_back() -> None:
    cart = _burger_cart((), ("no_onions",))
    assert spoken_order(cart.lines) == "two Cheeseburgers, one without onions, and a large Coke"


@pytest.mark.parametrize("path", MENU_FILES, ids=lambda p: Path(p).stem)
def test_every_item_and_list_is_said_without_slips(path: Path) -> None:
    menu: Menu = load_menu(path)
    for category in menu.categories:
        text = category_text(category, menu.restaurant.currency)
        assert not SLIPS.search(text), text
    cart = Cart(menu.restaurant.tax_rate)
    for item in menu.items():
        details = item_details(item, menu.restaurant.currency)
        # the restaurant's own description is read as written: only our words are checked
        description = speakable(item.description).rstrip(".")
        ours = details.replace(description, "About it") if description else details
        assert not SLIPS.search(ours), details
        if not item.available:
            continue
        size_id = item.sizes[-1].id if item.sizes else None
        modifiers = tuple(m.id for m in item.modifiers[:2])
        single = Cart(menu.restaurant.tax_rate)
        single.add(item, quantity=2, size_id=size_id, modifier_ids=modifiers)
        single.add(item, size_id=size_id)
        said = spoken_order(single.lines)
        assert not SLIPS.search(said), said
        assert said.startswith("three "), said
        if len(cart.lines) < 6:
            cart.add(item, size_id=size_id)
    said = spoken_order(cart.lines)
    assert not SLIPS.search(said) and ", and " in said, said
    for item in menu.items():
        for modifier in item.modifiers:
            assert not SLIPS.search(modifier_phrase(modifier.name)), modifier.name


@pytest.mark.parametrize(
    ("size", "item", "said"),
    [
        ("Regular (12 oz)", "Latte", "regular "),
        ("8 pieces", "Drumsticks", "8 piece "),
        ("Half Chicken (8 pieces)", "Bone-In Chicken", "half "),
        ("Large", "Coke", "large "),
        (None, "Coke", ""),
    ],
)
def test_a_size_said_before_its_item(size: str | None, item: str, said: str) -> None:
    assert size_before(size, item) == said


def test_a_size_that_is_a_count_of_the_items_own_pieces() -> None:
    """ "2 Rolls" of Fresh Rolls is said as the count, never "a 2 Fresh Rolls"."""
    menu = Menu.model_validate(
        {
            "restaurant": {"name": "Test", "currency": "USD", "tax_rate": "0"},
            "categories": [
                {
                    "id": "small_plates",
                    "name": "Small plates",
                    "items": [
                        {
                            "id": "fresh_rolls",
                            "name": "Fresh Rolls",
                            "price": "6.00",
                            "sizes": [
                                {"id": "two", "name": "2 Rolls", "price": "6.00"},
                                {"id": "four", "name": "4 Rolls", "price": "11.00"},
                            ],
                        }
                    ],
                }
            ],
        }
    )
    rolls = menu.item("fresh_rolls")
    assert rolls is not None
    one = Cart(menu.restaurant.tax_rate)
    one.add(rolls, size_id="two")
    assert spoken_order(one.lines) == "2 Fresh Rolls"
    two = Cart(menu.restaurant.tax_rate)
    two.add(rolls, quantity=2, size_id="four")
    assert spoken_order(two.lines) == "two orders of 4 Fresh Rolls"


def test_alike_lines_kept_apart_are_said_once() -> None:
    cart = _burger_cart(())
    lines = [*cart.lines, cart.lines[0]]  # the same burger on a second line
    assert spoken_order(lines) == "two Cheeseburgers and a large Coke"
