"""What customers say at a made-up matinee snack counter (no name here is in the code): a drink
named by its flavour while something else is in the cart ("and three small colas"), "only two
of the colas", "X and Y twice" with "on both", two sizes asked together answered item by item
("regular pie and large mash"), a count of what is sold by the piece or the dozen, a size word
no item has ("the small one" of regular and large), "and the regular?" after a price question,
"hot dogs and …" that is no part of a combo called "hot dog and a drink", "a cola zero" (no
count of zero), and "two colas" of a soda and a deal that both come in cola."""

from __future__ import annotations

from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Matinee Counter, currency: USD}
categories:
  - id: snacks
    name: Snacks
    items:
      - id: kernels
        name: Kernels Tub
        sizes:
          - {id: small, name: Small, price: "5.00"}
          - {id: large, name: Large, price: "7.00"}
        modifiers:
          - {id: butter, name: butter topping}
      - id: frank
        name: Frank
        aliases: [hot dog]
        price: "4.00"
      - id: frank_deal
        name: Frank Deal
        aliases: [hot dog and a drink]
        price: "6.50"
        modifiers:
          - {id: cola, name: Cola}
          - {id: cola_zero, name: Cola Zero}
          - {id: fizz, name: Lemon Fizz}
      - id: biscuit
        name: Shortbread Biscuit
        sizes:
          - {id: piece, name: Piece, price: "1.00"}
          - {id: dozen, name: Dozen, price: "10.00"}
  - id: hot
    name: Hot food
    items:
      - id: pie
        name: Pie
        sizes:
          - {id: regular, name: Regular, price: "4.00"}
          - {id: large, name: Large, price: "5.50"}
        modifiers:
          - {id: gravy, name: gravy}
      - id: mash
        name: Mash
        sizes:
          - {id: regular, name: Regular, price: "2.00"}
          - {id: large, name: Large, price: "3.00"}
        modifiers:
          - {id: gravy, name: gravy}
  - id: drinks
    name: Drinks
    items:
      - id: soda
        name: Soda Cup
        sizes:
          - {id: small, name: Small, price: "3.00"}
          - {id: large, name: Large, price: "4.00"}
        modifiers:
          - {id: cola, name: Cola}
          - {id: cola_zero, name: Cola Zero}
          - {id: fizz, name: Lemon Fizz}
      - id: slush
        name: Slush
        sizes:
          - {id: small, name: Small, price: "3.50"}
        modifiers:
          - {id: cola, name: Cola-Cola flavour}
"""

counter = conversation_on(MENU, "counter")
PIE_MENU = MENU.split("  - id: drinks")[0].replace(
    """      - id: kernels
        name: Kernels Tub
        sizes:
          - {id: small, name: Small, price: "5.00"}
          - {id: large, name: Large, price: "7.00"}
""",
    """      - id: kernels
        name: Kernels Tub
        price: "5.00"
""",
)
"""No size on this menu is called small."""
pie_counter = conversation_on(PIE_MENU, "pie_counter")


async def test_a_drink_named_by_its_flavour_is_added_beside_the_cart(counter: Conversation) -> None:
    await counter.say("three small kernels tubs with butter")
    await counter.say("and three small colas")
    assert sorted(sized_lines(counter)) == [
        ("kernels", "small", 3, ("butter",)),
        ("soda", "small", 3, ("cola",)),
    ]
    await counter.say("actually only two of the colas")
    assert sorted(sized_lines(counter)) == [
        ("kernels", "small", 3, ("butter",)),
        ("soda", "small", 2, ("cola",)),
    ]


async def test_a_count_after_two_items_counts_both(counter: Conversation) -> None:
    await counter.say("pie and mash twice please, gravy on both")
    await counter.say("regular pie and large mash")
    assert sorted(sized_lines(counter)) == [
        ("mash", "large", 2, ("gravy",)),
        ("pie", "regular", 2, ("gravy",)),
    ]


async def test_a_size_word_no_item_has_is_the_items_nearest(pie_counter: Conversation) -> None:
    assert "small" not in PIE_MENU.lower()
    await pie_counter.say("a pie, the small one, and a mash")
    await pie_counter.say("large")
    assert sized_lines(pie_counter) == [("mash", "large", 1, ()), ("pie", "regular", 1, ())]


async def test_and_the_regular_after_a_price_question_asks_its_price(
    counter: Conversation,
) -> None:
    await counter.say("how much is a large pie?")
    result = await counter.say("and the regular?")
    assert "$4.00" in reply_text(result)
    assert sized_lines(counter) == []


async def test_hot_dogs_and_drinks_are_no_combo(counter: Conversation) -> None:
    await counter.say("two hot dogs and two large colas")
    assert sorted(sized_lines(counter)) == [
        ("frank", None, 2, ()),
        ("soda", "large", 2, ("cola",)),
    ]


async def test_a_count_of_what_is_sold_by_the_piece_is_pieces(counter: Conversation) -> None:
    await counter.say("three shortbread biscuits")
    assert sized_lines(counter) == [("biscuit", "piece", 3, ())]
    await counter.say("and a dozen shortbread biscuits")
    assert sized_lines(counter) == [("biscuit", "dozen", 1, ()), ("biscuit", "piece", 3, ())]


async def test_zero_at_the_end_of_an_options_name_is_no_count(counter: Conversation) -> None:
    await counter.say("a frank and a large cola zero")
    assert sized_lines(counter) == [("frank", None, 1, ()), ("soda", "large", 1, ("cola_zero",))]


async def test_a_flavour_alone_is_the_drink_not_the_deal(counter: Conversation) -> None:
    await counter.say("two colas")
    await counter.say("large")
    assert sized_lines(counter) == [("soda", "large", 2, ("cola",))]
