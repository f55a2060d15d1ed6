"""How late-night grill and curry-house customers talk, on a made-up menu (no name here is in
the code): salad said bare or "no onion", "all the sauces", "half and half", a dish's rice said
with it, "red not green", "make it a wrap", "no add cheese" to the read-back, a why that orders
nothing, a longer option said with a word an item has too, "one more" of what was ordered."""

from __future__ import annotations

from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Night Grill}
categories:
  - id: wraps
    name: Wraps and Pittas
    items:
      - id: lamb_pitta
        name: Lamb Pitta
        sizes: &two
          - {id: small, name: Small, price: "6.00"}
          - {id: large, name: Large, price: "8.00"}
        modifiers: &fillings
          - {id: garlic_sauce, name: garlic sauce}
          - {id: hot_sauce, name: hot sauce}
          - {id: yoghurt_sauce, name: yoghurt sauce}
          - {id: salad, name: "salad, everything on (lettuce, tomato, onion)"}
          - {id: salad_no_onion, name: "salad, no onion"}
          - {id: cheese, name: cheese, price: "0.80"}
      - id: chicken_pitta
        name: Chicken Pitta
        sizes: *two
        modifiers: *fillings
      - id: lamb_wrap
        name: Lamb Wrap
        sizes: *two
        modifiers: *fillings
      - id: chicken_wrap
        name: Chicken Wrap
        sizes: *two
        modifiers: *fillings
  - id: plates
    name: Plates
    items:
      - id: grill_plate
        name: Grill Plate
        description: Comes with fries, or rice if you ask.
        price: "11.00"
        modifiers:
          - {id: rice_instead, name: rice instead of fries}
          - {id: half_half, name: "half rice, half fries"}
      - id: fries
        name: Fries
        price: "3.00"
  - id: curries
    name: Curries
    items:
      - id: green_curry
        name: Green Curry
        description: Comes with a rice of your choice.
        price: "14.00"
        modifiers: &curry
          - {id: mild, name: mild}
          - {id: hot, name: hot}
          - {id: volcano_hot, name: volcano hot (very hot)}
          - {id: white_rice_opt, name: with white rice}
          - {id: brown_rice_opt, name: with brown rice, price: "1.00"}
      - id: red_curry
        name: Red Curry
        description: Comes with a rice of your choice.
        price: "14.00"
        modifiers: *curry
      - id: white_rice
        name: White Rice
        price: "3.00"
      - id: brown_rice
        name: Brown Rice
        price: "3.50"
      - id: volcano_fries
        name: Volcano Fries
        price: "4.00"
  - id: buns
    name: Buns
    items:
      - id: steamed_bun
        name: Steamed Bun
        price: "3.00"
      - id: baked_bun
        name: Baked Bun
        price: "3.00"
      - id: egg_noodles
        name: Egg Noodles
        price: "9.00"
        modifiers: &noodles
          - {id: extra_egg, name: extra egg, price: "1.00"}
      - id: plain_noodles
        name: Plain Noodles
        price: "8.00"
        modifiers: *noodles
  - id: drinks
    name: Drinks
    items:
      - id: red_lemonade
        name: Red Lemonade
        price: "2.50"
      - id: green_salad
        name: Green Salad
        price: "4.00"
"""


grill = conversation_on(MENU, "grill")


async def test_salad_said_bare_is_the_one_that_holds_nothing_back(grill: Conversation) -> None:
    await grill.say("large lamb pitta, salad, no onion")
    await grill.say("a small chicken wrap with hot sauce and salad")
    await grill.say("and a small lamb wrap with salad, hold the onions")
    assert sized_lines(grill) == [
        ("chicken_wrap", "small", 1, ("hot_sauce", "salad")),
        ("lamb_pitta", "large", 1, ("salad_no_onion",)),
        ("lamb_wrap", "small", 1, ("salad_no_onion",)),
    ]


async def test_every_sauce_and_everything_on(grill: Conversation) -> None:
    await grill.say("large chicken pitta, everything on it, all the sauces")
    assert sized_lines(grill) == [
        ("chicken_pitta", "large", 1, ("garlic_sauce", "hot_sauce", "salad", "yoghurt_sauce"))
    ]


async def test_half_and_half_is_the_option_that_halves(grill: Conversation) -> None:
    await grill.say("grill plate, half and half, and fries")
    assert sized_lines(grill) == [("fries", None, 1, ()), ("grill_plate", None, 1, ("half_half",))]


async def test_a_reason_why_orders_nothing(grill: Conversation) -> None:
    await grill.say("grill plate and fries")
    await grill.say("that's it")
    await grill.say("no, take the fries off, the plate comes with fries anyway")
    assert sized_lines(grill) == [("grill_plate", None, 1, ())]


async def test_no_then_a_request_to_the_read_back_changes_the_order(grill: Conversation) -> None:
    await grill.say("large chicken wrap with garlic sauce")
    await grill.say("done")
    said = await grill.say("no add cheese pls")
    assert sized_lines(grill) == [("chicken_wrap", "large", 1, ("cheese", "garlic_sauce"))]
    assert "Shall I place the order?" in reply_text(said)


async def test_make_it_a_wrap_is_the_wrap_of_the_same_meat(grill: Conversation) -> None:
    await grill.say("large chicken pitta, garlic sauce")
    await grill.say("make it a wrap instead")
    assert sized_lines(grill) == [("chicken_wrap", "large", 1, ("garlic_sauce",))]


async def test_a_rice_said_with_a_curry_is_its_rice(grill: Conversation) -> None:
    await grill.say("green curry, hot, white rice")
    await grill.say("red curry mild brown rice")
    await grill.say("and a white rice")
    assert sized_lines(grill) == [
        ("green_curry", None, 1, ("hot", "white_rice_opt")),
        ("red_curry", None, 1, ("brown_rice_opt", "mild")),
        ("white_rice", None, 1, ()),
    ]


async def test_a_rice_with_it_later_is_its_rice(grill: Conversation) -> None:
    await grill.say("red curry thanks")
    await grill.say("and brown rice with it")
    assert sized_lines(grill) == [("red_curry", None, 1, ("brown_rice_opt",))]


async def test_one_not_the_other_swaps_and_same_keeps(grill: Conversation) -> None:
    await grill.say("green curry with white rice")
    said = await grill.say("nah hang on, red not green. same rice")
    assert sized_lines(grill) == [("red_curry", None, 1, ("white_rice_opt",))]
    assert "Shall I place" not in reply_text(said)


async def test_an_option_said_with_a_word_an_item_has_too(grill: Conversation) -> None:
    await grill.say("green curry, mild")
    await grill.say("make it volcano hot")
    assert sized_lines(grill) == [("green_curry", None, 1, ("volcano_hot",))]


async def test_one_more_of_a_kind_is_more_of_the_one_ordered(grill: Conversation) -> None:
    await grill.say("two baked buns")
    await grill.say("one more bun")
    assert sized_lines(grill) == [("baked_bun", None, 3, ())]


async def test_the_words_that_picked_an_item_are_not_its_options(grill: Conversation) -> None:
    said = await grill.say("noodles please")
    assert "Egg Noodles" in reply_text(said)
    await grill.say("the one with egg")
    assert sized_lines(grill) == [("egg_noodles", None, 1, ())]


async def test_nowt_else_is_done(grill: Conversation) -> None:
    await grill.say("small lamb wrap")
    said = await grill.say("nowt else mate")
    assert "Shall I place the order?" in reply_text(said)
