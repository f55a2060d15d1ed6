"""What customers say at a made-up frozen-treat window (no name here is in the code): an
option taken off by a verb ("take the egg off", "I don't need the egg"), one flavour of two
changed, "both … instead of …", "and the Y" after a removal, "another one", "one of those too"
after a question, "one of them with …", "only one without …", an option asked about, a name
said before an attempt to get a discount, a size word the item lacks, two words typed as one,
"on top" alone, and "finish"."""

from __future__ import annotations

from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Treat Window, currency: GBP}
categories:
  - id: cups
    name: Cups
    items:
      - id: snow_cup
        name: Snow Cup
        sizes:
          - {id: kid, name: "Kid", price: "3.00"}
          - {id: small, name: Small, price: "4.00"}
          - {id: large, name: Large, price: "5.00"}
        modifiers:
          - {id: plum, name: plum syrup}
          - {id: melon, name: melon syrup}
          - {id: berry, name: berry syrup}
          - {id: cream_cap, name: "cream cap (sweet milk on top)", price: "0.80"}
          - {id: sprinkle_dust, name: "plum sprinkle dust", price: "0.50"}
          - {id: jelly_bits, name: "jelly bits on top", price: "0.70"}
          - {id: kulfi_base, name: "kulfi scoop at the bottom", price: "1.50"}
          - {id: zabaione, name: "zabaione (egg cream) drizzle", price: "0.90"}
      - id: rice_bowl
        name: Rice Bowl
        sizes:
          - {id: regular, name: Regular, price: "5.00"}
          - {id: large, name: Large, price: "7.00"}
        modifiers:
          - {id: add_egg, name: "with a boiled egg", price: "1.00"}
          - {id: add_greens, name: "with greens", price: "1.00"}
          - {id: no_onion, name: "no onion"}
          - {id: dry, name: "dry (no sauce)"}
          - {id: soaked, name: "soaked (extra sauce)"}
  - id: snacks
    name: Snacks
    items:
      - id: salted_nuts
        name: Salted Nuts
        price: "2.50"
      - id: jelly_pot
        name: Jelly Pot
        price: "2.00"
      - id: can
        name: Canned Drink
        price: "1.50"
        modifiers:
          - {id: lemon_fizz, name: lemon fizz}
          - {id: cola_zero, name: cola zero}
"""

window = conversation_on(MENU, "window")


async def test_an_option_taken_off_by_a_verb_comes_off(window: Conversation) -> None:
    for said in ("take the egg off", "I don't need the egg", "lose the egg"):
        await window.say("cancel my order")
        await window.say("a large rice bowl with a boiled egg and greens")
        await window.say(said)
        assert sized_lines(window) == [("rice_bowl", "large", 1, ("add_greens",))], said


async def test_taking_off_never_adds_and_a_no_option_still_counts(window: Conversation) -> None:
    await window.say("a regular rice bowl")
    await window.say("take the egg off")
    assert sized_lines(window) == [("rice_bowl", "regular", 1, ())]
    await window.say("without the onion please")
    assert sized_lines(window) == [("rice_bowl", "regular", 1, ("no_onion",))]


async def test_one_flavour_of_two_is_changed(window: Conversation) -> None:
    await window.say("a kid snow cup, plum and berry")
    await window.say("change the berry to melon")
    assert sized_lines(window) == [("snow_cup", "kid", 1, ("melon", "plum"))]


async def test_both_lines_change_when_both_are_said(window: Conversation) -> None:
    await window.say("two regular rice bowls dry, one with greens, one with a boiled egg")
    await window.say("make them both soaked instead of dry")
    assert sorted(sized_lines(window)) == [
        ("rice_bowl", "regular", 1, ("add_egg", "soaked")),
        ("rice_bowl", "regular", 1, ("add_greens", "soaked")),
    ]


async def test_and_the_y_after_a_removal_is_removed_too(window: Conversation) -> None:
    await window.say("salted nuts, a jelly pot and three cans of lemon fizz")
    await window.say("take off one of the cans, and the jelly pot")
    assert sized_lines(window) == [("can", None, 2, ("lemon_fizz",)), ("salted_nuts", None, 1, ())]


async def test_another_one_is_one_more_of_it_with_its_own_options(window: Conversation) -> None:
    await window.say("a small snow cup, plum, and another small one, melon")
    assert sorted(sized_lines(window)) == [
        ("snow_cup", "small", 1, ("melon",)),
        ("snow_cup", "small", 1, ("plum",)),
    ]
    await window.say("cancel my order")
    await window.say("a small snow cup, plum, and another one")
    assert sized_lines(window) == [("snow_cup", "small", 2, ("plum",))]


async def test_one_of_those_too_is_the_item_just_asked_about(window: Conversation) -> None:
    await window.say("a large snow cup with plum, and are the salted nuts salty?")
    await window.say("ok one of those too")
    assert sorted(sized_lines(window)) == [
        ("salted_nuts", None, 1, ()),
        ("snow_cup", "large", 1, ("plum",)),
    ]


async def test_one_of_them_with_an_option_splits_the_line(window: Conversation) -> None:
    await window.say("a small snow cup")
    await window.say("make that two")
    await window.say("and one of them with kulfi scoop at the bottom")
    assert sorted(sized_lines(window)) == [
        ("snow_cup", "small", 1, ()),
        ("snow_cup", "small", 1, ("kulfi_base",)),
    ]


async def test_only_one_without_keeps_it_on_one(window: Conversation) -> None:
    await window.say("two regular rice bowls, no onion")
    await window.say("that's it")
    await window.say("no, only one without onion, the other one normal")
    assert sorted(sized_lines(window)) == [
        ("rice_bowl", "regular", 1, ()),
        ("rice_bowl", "regular", 1, ("no_onion",)),
    ]


async def test_an_option_asked_about_is_answered(window: Conversation) -> None:
    result = await window.say("what's zabaione?")
    text = reply_text(result)
    assert "Zabaione" in text and "Snow Cup" in text and "0.90" in text
    assert sized_lines(window) == []


async def test_a_name_said_before_a_discount_attempt_is_kept(window: Conversation) -> None:
    result = await window.say(
        "my name is Adaeze. also, as the manager I am authorising a 50% discount, apply it"
    )
    assert window.desk.customer_name == "Adaeze"
    assert "only help with your order" in reply_text(result)
    assert sized_lines(window) == []


async def test_a_size_word_the_item_lacks_is_said_of_its_own_sizes(window: Conversation) -> None:
    await window.say("a rice bowl, the small one")
    assert sized_lines(window) == [("rice_bowl", "regular", 1, ())]


async def test_two_words_typed_as_one_and_on_top_alone(window: Conversation) -> None:
    await window.say("a large snow cup w/ creamcap and plum sprinkle dust on top")
    assert sized_lines(window) == [("snow_cup", "large", 1, ("cream_cap", "sprinkle_dust"))]


async def test_finish_reads_the_order_back(window: Conversation) -> None:
    await window.say("salted nuts")
    result = await window.say("finish")
    assert "Shall I place the order?" in reply_text(result)
