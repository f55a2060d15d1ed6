"""Which cart line a customer means by its place in the order ("the first one", "the second
sandwich"), on a made-up menu."""

from __future__ import annotations

import pytest

from agent.understanding.lexicon import MenuLexicon
from agent.understanding.references import CartView, LineView, resolve
from tests.menus import menu_from_text

MENU = """
restaurant: {name: Wrap Stand, currency: EUR}
categories:
  - id: wraps_and_soup
    name: Wraps and Soup
    items:
      - {id: fish_wrap, name: Fish Wrap, price: "9.00"}
      - {id: veg_wrap, name: Garden Wrap, price: "8.00"}
      - {id: soup, name: Lentil Soup, price: "5.00"}
"""


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory: pytest.TempPathFactory) -> MenuLexicon:
    return MenuLexicon(menu_from_text(MENU, tmp_path_factory.mktemp("menu")))


def _line(n: int, item_id: str) -> LineView:
    return LineView(f"L{n}", item_id, item_id, None, (), 1)


CART = CartView(
    lines=(_line(1, "fish_wrap"), _line(2, "soup"), _line(3, "veg_wrap")), last_line_id="L3"
)


@pytest.mark.parametrize(
    ("said", "line_id"),
    [
        ("add lemon to the first one", "L1"),
        ("make the second one large", "L2"),
        ("no onions on the second wrap", "L3"),
        ("the 1st wrap without sauce", "L1"),
    ],
)
def test_a_line_by_its_place_in_the_order(lexicon: MenuLexicon, said: str, line_id: str) -> None:
    words = lexicon.words_of(said)
    assert [line.line_id for line in resolve(CART, lexicon, [], words, reference=True)] == [line_id]


def test_a_place_with_nothing_after_it_is_no_line(lexicon: MenuLexicon) -> None:
    words = lexicon.words_of("it is my first time here")
    assert resolve(CART, lexicon, [], words, reference=True) == [CART.lines[-1]]
