"""What customers say at a made-up food hall counter (no name here is in the code): "I wanted
the paneer butter curry not the tomato curry" (an item set against another by "not"), "swap the
lamb for chicken" on a box that comes with lamb (its option "chicken curry instead of lamb
curry"), and an item whose size was asked that the customer talked past ("and a lemon soda too",
"pearls in it", one size said for two asked): it is asked about again, never dropped."""

from __future__ import annotations

from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Food Hall, currency: USD}
categories:
  - id: mains
    name: Mains
    items:
      - id: butter_curry
        name: Butter Curry
        description: Mild and creamy. Choose chicken or paneer.
        price: "9.00"
        modifiers: &proteins
          - {id: chicken, name: chicken}
          - {id: paneer, name: paneer, price: "0.50"}
      - id: tomato_curry
        name: Tomato Curry
        description: Tangy. Choose chicken or paneer.
        price: "8.50"
        modifiers: *proteins
      - id: feast_box
        name: Feast Box
        description: A lamb curry, white rice and a flatbread.
        price: "15.00"
        modifiers:
          - {id: chicken_not_lamb, name: chicken curry instead of lamb curry}
          - {id: tomato_not_lamb, name: tomato curry instead of lamb curry}
          - {id: brown_rice, name: brown rice instead of white rice, price: "0.50"}
      - id: egg_waffle
        name: Egg Waffle
        price: "6.00"
  - id: drinks
    name: Drinks
    items:
      - id: jasmine_tea
        name: Jasmine Milk Tea
        sizes:
          - {id: medium, name: Medium, price: "5.00"}
          - {id: large, name: Large, price: "6.00"}
        modifiers:
          - {id: pearls, name: tapioca pearls, price: "0.80"}
          - {id: no_ice, name: no ice}
      - id: lemon_soda
        name: Lemon Soda
        sizes:
          - {id: small, name: Small, price: "3.00"}
          - {id: large, name: Large, price: "4.00"}
"""

hall = conversation_on(MENU, "hall")


async def test_an_item_set_against_another_by_not_replaces_it(hall: Conversation) -> None:
    await hall.say("a chicken tomato curry please")
    await hall.say("sorry, I wanted the paneer butter curry not the tomato curry")
    assert sized_lines(hall) == [("butter_curry", None, 1, ("paneer",))]


async def test_what_a_box_comes_with_is_swapped_by_its_option(hall: Conversation) -> None:
    await hall.say("the feast box please")
    await hall.say("can you swap the lamb for chicken")
    await hall.say("and swap the white rice for brown")
    assert sized_lines(hall) == [("feast_box", None, 1, ("brown_rice", "chicken_not_lamb"))]


async def test_an_item_whose_size_was_talked_past_is_asked_about_again(
    hall: Conversation,
) -> None:
    await hall.say("a jasmine milk tea and an egg waffle")
    reply = reply_text(await hall.say("oh and a lemon soda too"))
    assert "Jasmine Milk Tea" in reply and "Lemon Soda" in reply
    await hall.say("large and small")
    assert sized_lines(hall) == [
        ("egg_waffle", None, 1, ()),
        ("jasmine_tea", "large", 1, ()),
        ("lemon_soda", "small", 1, ()),
    ]


async def test_options_said_before_the_size_go_with_the_item(hall: Conversation) -> None:
    await hall.say("a jasmine milk tea and an egg waffle")
    reply = reply_text(await hall.say("with pearls in it"))
    assert "What size" in reply and "Jasmine Milk Tea" in reply
    await hall.say("medium")
    assert sized_lines(hall) == [
        ("egg_waffle", None, 1, ()),
        ("jasmine_tea", "medium", 1, ("pearls",)),
    ]


async def test_one_size_for_two_asked_leaves_the_other_asked(hall: Conversation) -> None:
    await hall.say("a jasmine milk tea and a lemon soda")
    reply = reply_text(await hall.say("large"))
    assert "What size" in reply
    await hall.say("medium")
    assert sorted((ln[0], ln[1]) for ln in sized_lines(hall)) == [
        ("jasmine_tea", "medium"),
        ("lemon_soda", "large"),
    ]


async def test_an_item_talked_past_and_let_go_is_not_asked_again(hall: Conversation) -> None:
    await hall.say("a jasmine milk tea")
    reply = reply_text(await hall.say("no forget the tea, just an egg waffle"))
    assert "What size" not in reply
    assert sized_lines(hall) == [("egg_waffle", None, 1, ())]
