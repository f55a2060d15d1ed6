"""How customers say things, on a made-up menu (no name here is in the code): shorthands a
menu's descriptions define, "one each for me and my sister", a story about what someone else
had, the next question after a question, "ja" and "is all", a name the tokens make singular."""

from __future__ import annotations

from agent.understanding.text import people_counted, tokens
from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Tea Cart}
categories:
  - id: hot
    name: Hot Drinks
    items:
      - id: house_chai
        name: House Chai
        description: Our spiced black tea. Take it "dirty" (extra shot) or "the usual" (oat milk,
          2 honey), or "regular" (1 honey).
        sizes:
          - {id: small, name: Small, price: "3.00"}
          - {id: large, name: Large, price: "4.00"}
        modifiers: &tea_options
          - {id: extra_shot, name: extra shot, price: "1.00"}
          - {id: oat_milk, name: oat milk, price: "0.50"}
          - {id: one_honey, name: 1 honey}
          - {id: two_honey, name: 2 honey}
      - id: mint_tea
        name: Mint Tea
        description: Fresh mint leaves.
        sizes:
          - {id: small, name: Small, price: "2.50"}
          - {id: large, name: Large, price: "3.50"}
        modifiers: *tea_options  # the same options as the chai
      - id: vanilla_chai
        name: Vanilla Chai
        sizes:
          - {id: small, name: Small, price: "3.50"}
          - {id: large, name: Large, price: "4.50"}
  - id: food
    name: Food
    items:
      - id: masala_toast
        name: Masala Toast
        description: Spiced potato on toast; loaded means cheese and chutney.
        price: "5.00"
        modifiers:
          - {id: cheese, name: cheese, price: "1.00"}
          - {id: chutney, name: chutney, price: "0.50"}
          - {id: brown_bread, name: brown bread instead of white}
      - id: samosa
        name: Samosa
        description: Potato and pea, our "famous" (since 1990) recipe.
        price: "2.00"
        modifiers:
          - {id: samosa_chutney, name: chutney, price: "0.50"}
      - id: vegan_samosa
        name: Vegan Samosa
        price: "2.50"
        dietary: [vegan]
      - id: bread_roll
        name: Bread Roll
        aliases: [bread]
        price: "1.00"
  - id: wraps
    name: Wraps
    items:
      - id: kathi_roll
        name: Kathi Roll
        price: "6.00"
        modifiers:
          - {id: roll_chutney, name: chutney, price: "0.50"}
          - {id: spicy, name: spicy}
      - id: buddy_bar
        name: Buddy Bar
        aliases: [buddy]
        price: "1.50"
"""


cart = conversation_on(MENU, "cart")


async def test_a_described_shorthand_alone_is_its_item_with_its_options(
    cart: Conversation,
) -> None:
    await cart.say("a large usual and two small dirties")
    assert sized_lines(cart) == [
        ("house_chai", "large", 1, ("oat_milk", "two_honey")),
        ("house_chai", "small", 2, ("extra_shot",)),
    ]


async def test_a_shorthand_after_another_item_that_takes_its_options_is_those_options(
    cart: Conversation,
) -> None:
    await cart.say("a small mint tea, the usual")
    await cart.say("and a large mint tea dirty")
    assert sized_lines(cart) == [
        ("mint_tea", "large", 1, ("extra_shot",)),
        ("mint_tea", "small", 1, ("oat_milk", "two_honey")),
    ]


async def test_a_shorthand_that_is_a_size_word_needs_a_size_before_it(cart: Conversation) -> None:
    await cart.say("a small regular")
    assert sized_lines(cart) == [("house_chai", "small", 1, ("one_honey",))]


async def test_a_shorthand_said_with_means_and_brackets_that_are_no_options(
    cart: Conversation,
) -> None:
    await cart.say("a loaded masala toast and a famous samosa")
    assert sized_lines(cart) == [
        ("masala_toast", None, 1, ("cheese", "chutney")),
        ("samosa", None, 1, ()),
    ]


def test_people_each_is_for() -> None:
    said = {
        "a mint tea each for me and my sister": 2,
        "a samosa each for the three of us": 3,
        "one for each of us 4": 4,
        "a samosa each for both kids": 2,
        "a chai each for me and my mum and a masala toast": 2,
        "one each for the kids": None,
        "two samosas, each with chutney": None,
        "one each": None,
    }
    assert {text: people_counted(tokens(text)) for text in said} == said


async def test_one_each_for_several_people_is_one_for_every_one_of_them(
    cart: Conversation,
) -> None:
    await cart.say("a small mint tea each for me and my sister, and a samosa")
    await cart.say("masala toast, one each for the three of us")
    assert sized_lines(cart) == [
        ("masala_toast", None, 3, ()),
        ("mint_tea", "small", 2, ()),
        ("samosa", None, 1, ()),
    ]


async def test_what_someone_else_had_is_a_story_not_an_order(cart: Conversation) -> None:
    await cart.say("my brother always had a masala toast with cheese here, so I will have a samosa")
    assert sized_lines(cart) == [("samosa", None, 1, ())]
    await cart.say("my sister would have the masala toast")
    assert ("masala_toast", None, 1, ()) in sized_lines(cart)


async def test_what_about_the_next_item_after_a_question_asks_about_it(
    cart: Conversation,
) -> None:
    await cart.say("what is in the masala toast?")
    said = await cart.say("ok, what about the samosa?")
    assert cart.desk.cart.is_empty and "Potato and pea" in reply_text(said)
    await cart.say("a samosa please")
    await cart.say("what about a masala toast too")
    assert sized_lines(cart) == [("masala_toast", None, 1, ()), ("samosa", None, 1, ())]


async def test_yes_and_done_said_short_or_in_german(cart: Conversation) -> None:
    await cart.say("Hi, it's Jonas. A samosa please.")
    read_back = await cart.say("Is all, thank you")
    assert "place the order" in reply_text(read_back)
    await cart.say("ja, passt")
    order = cart.desk.last_order
    assert order is not None and [ln.item_id for ln in order.lines] == ["samosa"]
    assert order.customer_name == "Jonas"


def test_letters_no_accent_folding_takes_apart() -> None:
    assert tokens("Pommes groß, rot-weiß") == ["pomme", "gross", ",", "rot", "weiss"]


async def test_a_size_said_with_a_name_of_several_items_waits_for_the_answer(
    cart: Conversation,
) -> None:
    said = await cart.say("could I get a chai please, large size")
    assert cart.desk.cart.is_empty and "Vanilla Chai" in reply_text(said)
    await cart.say("the house one")
    assert sized_lines(cart) == [("house_chai", "large", 1, ())]


async def test_an_item_named_as_part_of_the_line_is_its_option(cart: Conversation) -> None:
    await cart.say("a masala toast")
    await cart.say("can I swap the bread on that to brown")
    assert sized_lines(cart) == [("masala_toast", None, 1, ("brown_bread",))]


async def test_another_one_of_those_with_other_options_is_a_new_line(cart: Conversation) -> None:
    await cart.say("a masala toast with cheese")
    await cart.say("and another one of those but with chutney instead of the cheese")
    assert sized_lines(cart) == [
        ("masala_toast", None, 1, ("cheese",)),
        ("masala_toast", None, 1, ("chutney",)),
    ]


async def test_just_holds_for_every_count_said_with_it(cart: Conversation) -> None:
    await cart.say("three samosas and three masala toasts")
    await cart.say("one of my buddies just left. so just two samosas and two masala toasts")
    assert sized_lines(cart) == [("masala_toast", None, 2, ()), ("samosa", None, 2, ())]


async def test_the_word_one_of_an_ordered_item_should_be_names_its_sister(
    cart: Conversation,
) -> None:
    await cart.say("two samosas")
    await cart.say("one of the samosas should be the vegan one")
    assert sized_lines(cart) == [("samosa", None, 1, ()), ("vegan_samosa", None, 1, ())]


async def test_the_section_named_in_a_change_says_which_item_of_the_utterance(
    cart: Conversation,
) -> None:
    await cart.say("kathi roll, samosa. the wrap with chutney, spicy")
    assert sized_lines(cart) == [
        ("kathi_roll", None, 1, ("roll_chutney", "spicy")),
        ("samosa", None, 1, ()),
    ]


async def test_an_item_named_again_with_its_options_is_the_same_one(cart: Conversation) -> None:
    await cart.say("masala toast, samosa. masala toast with cheese")
    assert sized_lines(cart) == [("masala_toast", None, 1, ("cheese",)), ("samosa", None, 1, ())]
    await cart.say("a samosa and a samosa with chutney")
    assert ("samosa", None, 2, ()) in sized_lines(cart)
