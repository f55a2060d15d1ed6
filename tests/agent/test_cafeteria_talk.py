"""How customers at a cafeteria counter and a café talk, on a made-up menu (no name here is in
the code): a number inside the restaurant's name ("a supper and two"), a plate's side swapped
for one sold alone under the same name, one word that ends one option's name ("cheese" for
"add melted cheese"), the second of a "with" list, "one less root beer", "no pickles for her",
"to take away", a size said in centilitres, "it's for a party", an item named twice in
apposition, Portuguese courtesies and "that'd be all". Three are guards that the code before
them already passed on this menu (one word ending one option's name, "no cheese", the "with"
list); on the development menu they were written for, the first and last failed."""

from __future__ import annotations

from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: "Made-Up Supper & Two"}
categories:
  - id: suppers
    name: "Supper & Two Plates"
    items:
      - id: roast_chicken
        name: Roast Chicken
        description: "Served as a supper & two: pick two sides."
        price: "14.00"
        modifiers:
          - {id: mac, name: mac and cheese}
          - {id: mash, name: mashed potatoes and gravy}
          - {id: collards, name: collard greens}
          - {id: green_beans, name: green beans}
      - id: combo
        name: Smokehouse Combo
        aliases: [combo, combo plate]
        price: "18.00"
        modifiers:
          - {id: brisket, name: brisket}
          - {id: pulled_pork, name: pulled pork}
          - {id: hot_links, name: hot links}
      - id: fried_rice
        name: Fried Rice
        price: "11.00"
        modifiers:
          - {id: egg, name: add fried egg, price: "1.50"}
          - {id: cheese, name: add melted cheese, price: "1.50"}
          - {id: ham, name: add ham, price: "2.00"}
      - id: kid_sandwich
        name: Kid Sandwich
        price: "6.00"
        modifiers:
          - {id: kid_ham, name: ham}
          - {id: kid_turkey, name: turkey}
          - {id: american, name: American cheese}
  - id: sides
    name: Sides
    items:
      - id: mac_side
        name: Mac and Cheese
        aliases: [mac]
        price: "4.00"
      - id: collard_side
        name: Collard Greens
        aliases: [greens, collards]
        price: "4.00"
      - id: pulled_pork_bowl
        name: Pulled Pork Bowl
        aliases: [pulled pork]
        price: "12.00"
      - id: pickles
        name: House Pickles
        aliases: [pickles]
        sizes:
          - {id: cup, name: Cup, price: "2.00"}
          - {id: jar, name: Jar, price: "7.00"}
      - id: sweet_roll
        name: Sweet Roll
        aliases: [coconut bun]
        price: "1.80"
      - id: mini_pies
        name: Mini Pies
        aliases: [mini pies, party pies]
        sizes:
          - {id: six, name: 6 pieces, price: "5.00"}
          - {id: twelve, name: 12 pieces, price: "9.00"}
      - id: pie_box
        name: Box of Six Pies
        aliases: [box of six, pie box]
        price: "8.00"
  - id: drinks
    name: Drinks
    items:
      - id: soda
        name: Fountain Soda
        aliases: [soda]
        sizes:
          - {id: regular, name: Regular, price: "2.50"}
          - {id: large, name: Large, price: "3.25"}
        modifiers:
          - {id: cola, name: Cola}
          - {id: root_beer, name: Root Beer}
      - id: juice
        name: Sumo de Laranja e Cenoura
        aliases: [orange carrot juice]
        sizes:
          - {id: small, name: "Small (pequeno, 25 cl)", price: "2.50"}
          - {id: large, name: "Large (grande, 40 cl)", price: "3.50"}
      - id: coffee
        name: Bica
        aliases: [espresso]
        price: "0.90"
"""


cafeteria = conversation_on(MENU, "cafeteria")


async def test_a_number_inside_the_restaurants_name_is_no_count(cafeteria: Conversation) -> None:
    await cafeteria.say("Supper and two: roast chicken with mac and cheese and green beans")
    assert sized_lines(cafeteria) == [("roast_chicken", None, 1, ("green_beans", "mac"))]


async def test_a_side_sold_alone_said_instead_of_the_plates_other_side(
    cafeteria: Conversation,
) -> None:
    await cafeteria.say("roast chicken with mac and cheese, mashed potatoes and gravy")
    await cafeteria.say("actually can I do greens instead of the mac and cheese")
    assert sized_lines(cafeteria) == [("roast_chicken", None, 1, ("collards", "mash"))]


async def test_one_word_that_ends_one_options_name_later(cafeteria: Conversation) -> None:
    await cafeteria.say("fried rice")
    await cafeteria.say("and cheese too actually")
    assert sized_lines(cafeteria) == [("fried_rice", None, 1, ("cheese",))]


async def test_no_cheese_is_not_the_cheese_option(cafeteria: Conversation) -> None:
    await cafeteria.say("a kid sandwich, ham, with no cheese, he's picky")
    assert sized_lines(cafeteria) == [("kid_sandwich", None, 1, ("kid_ham",))]


async def test_the_second_of_a_with_list_is_an_option_too(cafeteria: Conversation) -> None:
    said = await cafeteria.say("a combo plate with brisket and pulled pork")
    assert sized_lines(cafeteria) == [("combo", None, 1, ("brisket", "pulled_pork"))]
    assert "?" not in reply_text(said).replace("Anything else?", "")


async def test_one_less_of_the_drinks_with_that_option(cafeteria: Conversation) -> None:
    await cafeteria.say("four regular sodas, two cola two root beer")
    await cafeteria.say("oh wait, one less root beer")
    assert sized_lines(cafeteria) == [
        ("soda", "regular", 1, ("root_beer",)),
        ("soda", "regular", 2, ("cola",)),
    ]


async def test_no_item_for_someone_orders_none(cafeteria: Conversation) -> None:
    await cafeteria.say("are the pickles spicy?")
    said = await cafeteria.say("ok then no pickles for her. just the sweet roll")
    assert sized_lines(cafeteria) == [("sweet_roll", None, 1, ())]
    assert "What size" not in reply_text(said)


async def test_to_take_away_takes_nothing_off(cafeteria: Conversation) -> None:
    await cafeteria.say("can I get a box of six to take away")
    assert sized_lines(cafeteria) == [("pie_box", None, 1, ())]


async def test_a_size_said_in_centilitres(cafeteria: Conversation) -> None:
    said = await cafeteria.say("a 40 centilitre orange carrot juice")
    assert sized_lines(cafeteria) == [("juice", "large", 1, ())]
    assert "1 to 20" not in reply_text(said)


async def test_what_the_order_is_for_orders_nothing(cafeteria: Conversation) -> None:
    said = await cafeteria.say("a dozen of the mini pies, it's for a party")
    assert sized_lines(cafeteria) == [("mini_pies", "twelve", 1, ())]
    assert "What size" not in reply_text(said)


async def test_an_item_named_again_in_apposition_is_one(cafeteria: Conversation) -> None:
    await cafeteria.say("and one of those coconut buns, the sweet roll")
    assert sized_lines(cafeteria) == [("sweet_roll", None, 1, ())]


async def test_portuguese_and_is_no_item_and_done_and_yes_are_understood(
    cafeteria: Conversation,
) -> None:
    await cafeteria.say("Bom dia! Uma bica e um sweet roll, por favor")
    assert sized_lines(cafeteria) == [("coffee", None, 1, ()), ("sweet_roll", None, 1, ())]
    said = await cafeteria.say("É tudo, obrigado")
    assert "Shall I place the order?" in reply_text(said)
    said = await cafeteria.say("Sim")
    assert "order number" in reply_text(said)


async def test_thatd_be_all_is_done(cafeteria: Conversation) -> None:
    await cafeteria.say("an espresso")
    said = await cafeteria.say("that'd be all, thank you")
    assert "Shall I place the order?" in reply_text(said)


async def test_counts_said_in_spanish_and_malay(cafeteria: Conversation) -> None:
    await cafeteria.say("dos sweet rolls y una bica, please")
    await cafeteria.say("and dua regular sodas, cola")
    assert sized_lines(cafeteria) == [
        ("coffee", None, 1, ()),
        ("soda", "regular", 2, ("cola",)),
        ("sweet_roll", None, 2, ()),
    ]


async def test_media_docena_and_an_alias_said_after_the_item(cafeteria: Conversation) -> None:
    said = await cafeteria.say("the media docena of mini pies, party pies")
    assert sized_lines(cafeteria) == [("mini_pies", "six", 1, ())]
    assert "What size" not in reply_text(said)
    said = await cafeteria.say("eso es todo")
    assert "Shall I place the order?" in reply_text(said)
