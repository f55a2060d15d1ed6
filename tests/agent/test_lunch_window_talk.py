"""How lunch-window and food-truck customers talk, on a made-up menu (no name here is in the
code): a box's filling named like an item, "all fries" for the plate's option, "two of the 3
stick ones" where "sticks" is also the item's other name, "Choose beef, chicken or tofu" as one
of them ("tofu, not beef"), "unsweetened" beside "sweetened", "slaw instead of the fries" of a
plate, "das it" for done, "Sweet, …" glad and no sweet thing, and "make the second one …" with
an option whose whole name holds an item's."""

from __future__ import annotations

from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Lunch Window}
categories:
  - id: boxes
    name: Boxes and Plates
    items:
      - id: snack_box
        name: Office Snack Box
        description: "Small sandwiches, all one filling. Pick one filling: ham egg & cheese, egg
          salad or tuna melt."
        aliases: [snack box, box]
        sizes:
          - {id: half_dozen, name: Half dozen (6), price: "20.00"}
          - {id: dozen, name: Dozen (12), price: "36.00"}
        modifiers:
          - {id: ham_cheese, name: ham egg & cheese}
          - {id: egg_salad, name: egg salad}
          - {id: tuna_melt, name: tuna melt}
      - id: fish_plate
        name: Fish Plate
        description: Fried fish with slaw and fries.
        price: "13.00"
        modifiers:
          - {id: all_fries, name: "all fries (fries instead of slaw)"}
          - {id: brown_rice, name: brown rice instead of fries}
          - {id: slaw_instead, name: slaw instead of fries}
      - id: rice_bowl
        name: Rice Bowl
        description: Rice, pickles and greens. Choose beef, chicken or tofu.
        price: "11.00"
        modifiers:
          - {id: beef, name: beef}
          - {id: chicken, name: chicken}
          - {id: tofu, name: tofu}
      - id: satay
        name: Satay Skewers
        aliases: [sticks]
        sizes:
          - {id: two, name: 2 sticks, price: "6.00"}
          - {id: four, name: 4 sticks, price: "11.00"}
        modifiers:
          - {id: beef, name: beef}
          - {id: chicken, name: chicken}
  - id: sweets
    name: Sweets
    items:
      - id: butter_mochi
        name: Butter Mochi
        price: "3.00"
      - id: shortbread
        name: Shortbread
        price: "2.00"
  - id: sides
    name: Sides and Sandwiches
    items:
      - id: ham_cheese_sandwich
        name: Ham, Egg and Cheese Sandwich
        aliases: [ham egg and cheese, ham egg cheese]
        price: "7.00"
      - id: egg_salad_sandwich
        name: Egg Salad Sandwich
        price: "6.50"
      - id: fries
        name: Side of Fries
        aliases: [fries, chips]
        price: "3.00"
      - id: rice
        name: Side of Rice
        aliases: [rice]
        price: "2.50"
        modifiers:
          - {id: brown, name: brown rice instead of white}
      - id: slaw
        name: Side of Slaw
        aliases: [slaw, coleslaw]
        price: "2.50"
      - id: iced_tea
        name: Iced Tea
        price: "2.50"
        modifiers:
          - {id: sweetened, name: sweetened}
          - {id: unsweetened, name: unsweetened}
"""


window = conversation_on(MENU, "window")


async def test_a_boxs_filling_named_like_an_item_is_its_filling(window: Conversation) -> None:
    await window.say("lemme get the dozen box, ham egg and cheese, it's for the office")
    assert sized_lines(window) == [("snack_box", "dozen", 1, ("ham_cheese",))]


async def test_all_fries_is_the_plates_option(window: Conversation) -> None:
    await window.say("fish plate, all fries")
    assert sized_lines(window) == [("fish_plate", None, 1, ("all_fries",))]


async def test_a_size_said_with_the_items_other_name(window: Conversation) -> None:
    await window.say("two of the 2 stick chicken skewers")
    assert sized_lines(window) == [("satay", "two", 2, ("chicken",))]


async def test_one_of_a_choice_said_not_the_other(window: Conversation) -> None:
    await window.say("rice bowl with beef and an iced tea, unsweetened")
    await window.say("that's all")
    said = await window.say("no sorry, tofu on the bowl, not beef")
    assert sized_lines(window) == [
        ("iced_tea", None, 1, ("unsweetened",)),
        ("rice_bowl", None, 1, ("tofu",)),
    ]
    assert "Shall I place the order?" in reply_text(said)


async def test_what_an_option_replaces_said_after_instead_of(window: Conversation) -> None:
    await window.say("fish plate with slaw instead of the fries")
    assert sized_lines(window) == [("fish_plate", None, 1, ("slaw_instead",))]


async def test_das_it_is_done(window: Conversation) -> None:
    await window.say("a side of slaw")
    said = await window.say("das it")
    assert "Shall I place the order?" in reply_text(said)


async def test_a_glad_word_first_orders_nothing(window: Conversation) -> None:
    said = await window.say("Sweet, the fish plate then")
    assert sized_lines(window) == [("fish_plate", None, 1, ())]
    assert "Which" not in reply_text(said)


async def test_the_second_one_with_an_option_that_names_an_item(window: Conversation) -> None:
    await window.say("two fish plates")
    await window.say("make the second one brown rice")
    assert sized_lines(window) == [
        ("fish_plate", None, 1, ()),
        ("fish_plate", None, 1, ("brown_rice",)),
    ]
