"""How customers talk at a takeout counter, on a made-up menu (no name here is in the code):
counts said after the item ("twice", "x2"), menu numbers, a section asked for by name, "ok,
I'll take two" after a question, "no X then", the other one meant, coffee-shop words for
options, one each for a family, French courtesies, a name said as "Marcus here"."""

from __future__ import annotations

from agent.understanding.text import people_counted, tokens
from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Lunch Counter}
categories:
  - id: noodle_bowls
    name: Noodle Bowls
    items:
      - id: sesame_noodles
        name: Sesame Noodles
        aliases: ["#1", number one]
        sizes: &tubs
          - {id: pint, name: Pint, price: "7.00"}
          - {id: quart, name: Quart, price: "11.00"}
        modifiers: &noodle_options
          - {id: no_msg, name: no MSG}
          - {id: extra_sauce, name: extra sauce, price: "0.50"}
      - id: garlic_noodles
        name: Garlic Noodles
        aliases: ["#2", no. 2]
        sizes: *tubs
        modifiers: *noodle_options
      - id: pork_noodles
        name: Pork Noodles
        sizes: *tubs
        modifiers: *noodle_options
  - id: snacks
    name: Snacks
    items:
      - id: pork_bun
        name: Pork Bun
        price: "3.00"
      - id: veg_bun
        name: Veg Bun
        price: "2.50"
      - id: spicy_pork_bun
        name: Spicy Pork Bun
        price: "3.50"
      - id: crisps
        name: Crisps
        price: "1.20"
      - id: fruit_pot
        name: Fruit Pot
        price: "2.20"
      - id: crab_puffs
        name: Crab Puffs
        aliases: ["#3", puffs]
        price: "6.00"
  - id: plates
    name: Plates
    items:
      - id: grill_plate
        name: Grill Plate
        description: Grilled chicken with slaw and gravy.
        price: "12.00"
        modifiers:
          - {id: swap_slaw_salad, name: swap the slaw for a side salad}
          - {id: gravy_side, name: gravy on the side}
          - {id: extra_gravy, name: extra gravy, price: "1.00"}
          - {id: mushroom_gravy, name: mushroom gravy}
          - {id: pepper_gravy, name: peppercorn gravy, price: "1.00"}
          - {id: hot, name: hot}
      - id: pork_plate
        name: Pork Plate
        price: "13.00"
        modifiers:
          - {id: lean, name: lean}
          - {id: medium, name: medium}
          - {id: fatty, name: fatty}
      - id: rice_box
        name: Rice Box
        price: "9.00"
        modifiers:
          - {id: white_rice, name: white rice}
          - {id: fried_rice, name: fried rice, price: "1.00"}
          - {id: brown_rice, name: brown rice}
  - id: deals
    name: Deals
    items:
      - id: lunch_deal
        name: Lunch Deal
        description: Any bun, a side and a drink.
        price: "8.00"
        modifiers:
          - {id: deal_pork_bun, name: Pork Bun}
          - {id: deal_veg_bun, name: Veg Bun}
          - {id: deal_salad, name: side salad}
          - {id: deal_slaw, name: slaw}
          - {id: deal_cola, name: can of Cola}
          - {id: deal_water, name: bottled water}
          - {id: deal_crisps, name: ready salted crisps, price: "0"}
          - {id: deal_fruit, name: fruit pot, price: "0"}
  - id: soups
    name: Soups
    items:
      - id: egg_drop_soup
        name: Egg Drop Soup
        sizes: *tubs
  - id: sides
    name: Sides
    items:
      - id: side_salad
        name: Side Salad
        price: "3.00"
      - id: slaw
        name: Slaw
        price: "2.00"
      - id: chicken_fried_rice
        name: Chicken Fried Rice
        price: "6.00"
      - id: steamed_rice
        name: Steamed Rice
        aliases: [white rice]
        price: "2.00"
      - id: gravy_cup
        name: Gravy Cup
        aliases: [gravy]
        price: "1.50"
  - id: drinks
    name: Drinks
    items:
      - id: brewed_coffee
        name: Brewed Coffee
        aliases: [long pour]
        sizes:
          - {id: small, name: Small, price: "2.00"}
          - {id: medium, name: Medium, price: "2.50"}
          - {id: large, name: Large, price: "3.00"}
        modifiers:
          - {id: skim, name: skim milk}
          - {id: no_milk, name: no milk (black)}
      - id: cola
        name: Cola
        price: "2.00"
"""


counter = conversation_on(MENU, "counter")


async def test_a_count_said_after_the_item_counts_it(counter: Conversation) -> None:
    await counter.say("a cola x2 and crab puffs twice")
    await counter.say("pork bun times three")
    assert sized_lines(counter) == [
        ("cola", None, 2, ()),
        ("crab_puffs", None, 2, ()),
        ("pork_bun", None, 3, ()),
    ]


async def test_a_menu_number_names_its_item_and_a_bare_count_never_does(
    counter: Conversation,
) -> None:
    await counter.say("two pork buns and three colas")
    assert sized_lines(counter) == [("cola", None, 3, ()), ("pork_bun", None, 2, ())]
    await counter.say("and a #3 and a no. 2, pint")
    assert sized_lines(counter) == [
        ("cola", None, 3, ()),
        ("crab_puffs", None, 1, ()),
        ("garlic_noodles", "pint", 1, ()),
        ("pork_bun", None, 2, ()),
    ]
    assert tokens("the #12 please") == ["the", "number", "12", "please"]


async def test_a_section_asked_for_with_a_count_asks_which_and_keeps_the_count(
    counter: Conversation,
) -> None:
    said = await counter.say("two noodle bowls please")
    assert counter.desk.cart.is_empty and "Garlic Noodles" in reply_text(said)
    await counter.say("the garlic noodles, pint")
    assert sized_lines(counter) == [("garlic_noodles", "pint", 2, ())]


async def test_an_answer_narrows_to_the_choice_offered(counter: Conversation) -> None:
    said = await counter.say("some pork please")
    assert "Pork Bun" in reply_text(said)
    await counter.say("a bun")  # of the buns, only the pork bun was offered
    assert sized_lines(counter) == [("pork_bun", None, 1, ())]


async def test_a_swap_said_with_the_item_is_its_option(counter: Conversation) -> None:
    await counter.say("a grill plate, hot, and can you swap the slaw for a salad on it")
    assert sized_lines(counter) == [("grill_plate", None, 1, ("hot", "swap_slaw_salad"))]


async def test_ill_take_two_after_a_question_orders_the_item_asked_about(
    counter: Conversation,
) -> None:
    said = await counter.say("I'll have two")
    assert counter.desk.cart.is_empty and "two of which" in reply_text(said).lower()
    await counter.say("what is on the grill plate?")
    await counter.say("ok, I'll take two")
    assert sized_lines(counter) == [("grill_plate", None, 2, ())]


async def test_no_item_then_orders_nothing_of_it(counter: Conversation) -> None:
    await counter.say("what is in the crab puffs?")
    await counter.say("ok, no puffs then. A veg bun and a cola")
    assert sized_lines(counter) == [("cola", None, 1, ()), ("veg_bun", None, 1, ())]


async def test_an_everyday_word_of_a_longer_name_in_small_talk_orders_nothing(
    counter: Conversation,
) -> None:
    await counter.say("a small brewed coffee")
    said = await counter.say("actually make that a large, long day")
    assert sized_lines(counter) == [("brewed_coffee", "large", 1, ())]
    assert "what size" not in reply_text(said).lower()


async def test_coffee_shop_words_for_options_split_the_count(counter: Conversation) -> None:
    await counter.say("three medium brewed coffees, one of them skinny")
    assert sized_lines(counter) == [
        ("brewed_coffee", "medium", 1, ("skim",)),
        ("brewed_coffee", "medium", 2, ()),
    ]
    said = await counter.say("and four more coffees, two of them black")
    assert reply_text(said).count("What size") == 1  # asked once for the split's two parts
    await counter.say("smal")  # the size, typed with a slip, for both parts
    assert ("brewed_coffee", "small", 2, ("no_milk",)) in sized_lines(counter)
    assert ("brewed_coffee", "small", 2, ()) in sized_lines(counter)


async def test_some_of_them_said_in_words_not_understood_keeps_the_count(
    counter: Conversation,
) -> None:
    await counter.say("three pork buns, one of them wobbly")
    assert sized_lines(counter) == [("pork_bun", None, 3, ())]


def test_people_in_a_family_each_is_for() -> None:
    assert people_counted(tokens("one each for me and my 2 kids")) == 3
    assert people_counted(tokens("one each for my wife and my 3 kids")) == 4
    assert people_counted(tokens("one each for the 2 of us")) == 2
    assert people_counted(tokens("one each for the kids")) is None


async def test_one_each_for_a_family_and_an_option_on_mine(counter: Conversation) -> None:
    await counter.say(
        "three pints of sesame noodles, one each for me and my two kids. "
        "Can you put extra sauce on mine"
    )
    assert sized_lines(counter) == [
        ("sesame_noodles", "pint", 1, ("extra_sauce",)),
        ("sesame_noodles", "pint", 2, ()),
    ]


async def test_french_courtesies_sizes_and_a_name(counter: Conversation) -> None:
    await counter.say("Bonjour! Un brewed coffee, petit, s'il vous plaît. C'est pour Sophie.")
    assert sized_lines(counter) == [("brewed_coffee", "small", 1, ())]  # no grill "plate"
    await counter.say("Et une cola, merci")
    assert sized_lines(counter) == [("brewed_coffee", "small", 1, ()), ("cola", None, 1, ())]
    await counter.say("c'est tout")
    await counter.say("oui")
    order = counter.desk.last_order
    assert order is not None and order.customer_name == "Sophie"


async def test_the_other_one_meant_swaps_the_line_in_its_size(counter: Conversation) -> None:
    await counter.say("a quart of sesame noodles")
    await counter.say("no wait, the other one. Garlic noodles, not sesame")
    assert sized_lines(counter) == [("garlic_noodles", "quart", 1, ())]
    await counter.say("and a pork bun")
    await counter.say("sorry, the other bun, the veg. Not the pork")
    assert sized_lines(counter) == [("garlic_noodles", "quart", 1, ()), ("veg_bun", None, 1, ())]


async def test_that_after_asking_about_an_ordered_item_is_that_item(
    counter: Conversation,
) -> None:
    await counter.say("a veg bun and a cola")
    await counter.say("the bun has egg in it, doesn't it? Take that off")
    assert sized_lines(counter) == [("cola", None, 1, ())]


async def test_an_option_said_in_full_on_that_is_the_lines_option(counter: Conversation) -> None:
    await counter.say("a grill plate")
    await counter.say("oh and can you do the gravy on the side on that")
    assert sized_lines(counter) == [("grill_plate", None, 1, ("gravy_side",))]


async def test_an_option_for_any_of_that_goes_on_every_line(counter: Conversation) -> None:
    await counter.say("a quart of pork noodles and a pint of garlic noodles")
    await counter.say("oh and no MSG in any of that")
    assert sized_lines(counter) == [
        ("garlic_noodles", "pint", 1, ("no_msg",)),
        ("pork_noodles", "quart", 1, ("no_msg",)),
    ]


async def test_a_name_said_with_here_and_a_size_asked_before_it(counter: Conversation) -> None:
    await counter.say("Hey, Marcus here. A pork bun and a brewed coffee")
    said = await counter.say("medium")
    assert "Added" in reply_text(said)  # the size question was still open after the greeting
    assert sized_lines(counter) == [("brewed_coffee", "medium", 1, ()), ("pork_bun", None, 1, ())]
    await counter.say("that's all")
    await counter.say("yes")
    order = counter.desk.last_order
    assert order is not None and order.customer_name == "Marcus"


async def test_the_other_one_of_two_lines_of_an_item(counter: Conversation) -> None:
    await counter.say("two medium brewed coffees, one with skim milk")
    await counter.say("that's all")
    await counter.say("no sorry, the other one black")
    assert sized_lines(counter) == [
        ("brewed_coffee", "medium", 1, ("no_milk",)),
        ("brewed_coffee", "medium", 1, ("skim",)),
    ]


async def test_one_level_for_another_and_the_rest_stays(counter: Conversation) -> None:
    await counter.say("two pork plates, both medium")
    await counter.say("one of the pork plates lean please. The other one stays medium.")
    assert sized_lines(counter) == [
        ("pork_plate", None, 1, ("lean",)),
        ("pork_plate", None, 1, ("medium",)),
    ]


async def test_an_option_instead_of_another_on_a_line_ordered_before(
    counter: Conversation,
) -> None:
    await counter.say("a rice box with white rice")
    await counter.say("and a cola")
    await counter.say("that's it")
    await counter.say("No, actually, can I get fried rice instead of the white with that")
    assert sized_lines(counter) == [("cola", None, 1, ()), ("rice_box", None, 1, ("fried_rice",))]


async def test_a_cue_word_inside_a_name_is_no_cue(counter: Conversation) -> None:
    await counter.say("a pork bun")
    said = await counter.say("and a pint of egg drop soup")
    assert "egg_drop_soup" not in reply_text(said)
    assert sized_lines(counter) == [("egg_drop_soup", "pint", 1, ()), ("pork_bun", None, 1, ())]


async def test_what_someone_does_not_eat_orders_nothing(counter: Conversation) -> None:
    await counter.say("is the veg bun vegan? my wife doesn't eat pork")
    assert counter.desk.cart.is_empty
    assert tokens("she doesn't") == ["she", "does", "not"]


async def test_the_parts_of_a_deal_said_with_it_or_later(counter: Conversation) -> None:
    await counter.say("lunch deal please. Pork bun, the slaw and a cola")
    assert sized_lines(counter) == [
        ("lunch_deal", None, 1, ("deal_cola", "deal_pork_bun", "deal_slaw"))
    ]
    await counter.say("can I do another lunch deal with the veg bun")
    await counter.say("the side salad for the side, and a water for the drink")
    assert ("lunch_deal", None, 1, ("deal_salad", "deal_veg_bun", "deal_water")) in sized_lines(
        counter
    )
    assert len(counter.desk.cart.lines) == 2
    await counter.say("actually the pork bun for the main")  # one bun a deal: the veg one goes
    assert ("lunch_deal", None, 1, ("deal_pork_bun", "deal_salad", "deal_water")) in sized_lines(
        counter
    )


async def test_one_part_of_a_deal_changed_for_another_keeps_the_rest(
    counter: Conversation,
) -> None:
    await counter.say("lunch deal: veg bun, ready salted crisps and a bottled water")
    await counter.say("that's it")
    await counter.say("no, change the crisps to a fruit pot")
    assert sized_lines(counter) == [
        ("lunch_deal", None, 1, ("deal_fruit", "deal_veg_bun", "deal_water"))
    ]
