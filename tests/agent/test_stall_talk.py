"""What customers say at a made-up rice-plate stall (no name here is in the code): something
the menu does not sell beside what it does, "make it two" of a line at the read-back, a size
whose words sit around the item's name, an option that names two sides ("plain rice instead of
garlic rice"), an option a house word qualifies ("vegan mayo"), "the X one a Y" and a stray
"0"."""

from __future__ import annotations

from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Rice Stall}
categories:
  - id: plates
    name: Plates
    items:
      - id: pork_plate
        name: Pork Plate
        description: Grilled pork, a fried egg and garlic rice.
        price: "9.00"
        modifiers:
          - {id: egg_scrambled, name: egg scrambled instead of fried}
          - {id: plain_rice, name: plain steamed rice instead of garlic rice}
      - id: fish_plate
        name: Fish Plate
        price: "10.00"
  - id: sides
    name: Sides
    items:
      - id: garlic_rice
        name: Garlic Rice
        price: "2.00"
      - id: steamed_rice
        name: Steamed Rice
        aliases: [plain rice]
        price: "1.50"
      - id: fries
        name: Fries
        sizes:
          - {id: small, name: Small, price: "3.00"}
          - {id: large, name: Large, price: "4.00"}
        modifiers:
          - {id: mayo, name: vegan mayo, price: "0.50"}
          - {id: ketchup, name: ketchup, price: "0.50"}
          - {id: special, name: "special: mayo, ketchup and onion", price: "1.00"}
  - id: bakery
    name: Bakery
    items:
      - id: corn_bread
        name: Corn Bread
        aliases: [corn loaf]
        sizes:
          - {id: half_loaf, name: Half loaf, price: "2.00"}
          - {id: whole_loaf, name: Whole loaf, price: "3.50"}
  - id: drinks
    name: Drinks
    items:
      - id: soda
        name: Soda
        price: "2.00"
        modifiers:
          - {id: cola, name: Cola}
          - {id: lime, name: Lime}
"""

stall = conversation_on(MENU, "stall")


async def test_what_the_menu_does_not_sell_is_said_and_counts_nothing_else(
    stall: Conversation,
) -> None:
    result = await stall.say("a fish plate and two cookies")
    assert sized_lines(stall) == [("fish_plate", None, 1, ())]  # not two fish plates
    assert "we don't have cookies" in reply_text(result)
    result = await stall.say("a soda with cola and a pizza please")
    assert sized_lines(stall) == [("fish_plate", None, 1, ()), ("soda", None, 1, ("cola",))]
    assert "we don't have pizza" in reply_text(result)


async def test_a_count_after_an_item_still_counts_it(stall: Conversation) -> None:
    await stall.say("a fish plate, make that two")
    assert sized_lines(stall) == [("fish_plate", None, 2, ())]


async def test_make_it_two_of_a_line_at_the_read_back_counts_that_line(
    stall: Conversation,
) -> None:
    await stall.say("a pork plate and a soda with cola")
    await stall.say("that's all")
    result = await stall.say("no, make it two colas")
    assert sized_lines(stall) == [("pork_plate", None, 1, ()), ("soda", None, 2, ("cola",))]
    assert "Shall I place the order?" in reply_text(result)


async def test_a_size_said_around_the_items_name(stall: Conversation) -> None:
    await stall.say("a whole corn loaf")
    assert sized_lines(stall) == [("corn_bread", "whole_loaf", 1, ())]


async def test_an_option_that_swaps_one_side_for_another_is_no_side(stall: Conversation) -> None:
    await stall.say(
        "three pork plates, one with the egg scrambled and one with plain rice instead of "
        "garlic rice"
    )
    assert sized_lines(stall) == [
        ("pork_plate", None, 1, ()),
        ("pork_plate", None, 1, ("egg_scrambled",)),
        ("pork_plate", None, 1, ("plain_rice",)),
    ]


async def test_an_option_named_without_its_house_word(stall: Conversation) -> None:
    await stall.say("small fries")
    await stall.say("make the fries a large, with mayo")
    assert sized_lines(stall) == [("fries", "large", 1, ("mayo",))]


async def test_the_x_one_becomes_a_y(stall: Conversation) -> None:
    await stall.say("a pork plate and a fish plate")
    await stall.say("that's it")
    await stall.say("no, make the fish one a pork plate instead")
    lines = stall.desk.cart.lines
    assert {ln.item_id for ln in lines} == {"pork_plate"}
    assert sum(ln.quantity for ln in lines) == 2


async def test_an_option_said_as_an_item_is_that_item_with_it(stall: Conversation) -> None:
    await stall.say("four pork plates and two colas")
    assert sized_lines(stall) == [("pork_plate", None, 4, ()), ("soda", None, 2, ("cola",))]
    await stall.say("could I also get a fish plate and a lime?")
    assert sized_lines(stall) == [
        ("fish_plate", None, 1, ()),
        ("pork_plate", None, 4, ()),
        ("soda", None, 1, ("lime",)),
        ("soda", None, 2, ("cola",)),
    ]


async def test_a_zero_alone_takes_nothing_off(stall: Conversation) -> None:
    """A stray "0" (typed, or heard from a cough) used to take the last line off; which line,
    and whether any, is the customer's to say. "make it zero" and "two" still count it."""
    await stall.say("a pork plate")
    for said in ("0", "zero"):
        result = await stall.say(said)
        assert sized_lines(stall) == [("pork_plate", None, 1, ())]
        assert "zero of which item" in reply_text(result)
    await stall.say("2")
    assert sized_lines(stall) == [("pork_plate", None, 2, ())]
    await stall.say("make it zero")
    assert sized_lines(stall) == []
