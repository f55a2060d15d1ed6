"""Items built option by option, on a made-up menu (no name here is in the code): a hero
sandwich sized 6-inch or footlong and topped one by one, "everything but olives", "can you
toast it?", a bowl whose options share words with items, the whole egg beside a half one,
"make the dumplings a ten", a tea called "Thé"."""

from __future__ import annotations

from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Hero Counter}
categories:
  - id: heroes
    name: Heroes
    items:
      - id: turkey_hero
        name: Turkey Hero
        aliases: [turkey, turkey sub]
        sizes: &hero_sizes
          - {id: six_inch, name: 6-inch, price: "7.00"}
          - {id: footlong, name: Footlong, price: "11.00"}
        modifiers: &hero_options
          - {id: toasted, name: toasted}
          - {id: swiss, name: Swiss cheese}
          - {id: lettuce, name: lettuce}
          - {id: tomato, name: tomatoes}
          - {id: onions, name: red onions}
          - {id: olives, name: black olives}
          - {id: the_works, name: the works (all the veggies)}
          - {id: no_onions, name: no onions}
          - {id: no_olives, name: no olives}
          - {id: salt_pepper, name: salt and pepper}
          - {id: make_meal, name: make it a meal, price: "3.00"}
      - id: veggie_hero
        name: Veggie Hero
        sizes: *hero_sizes
        modifiers: *hero_options
      - id: kids_meal
        name: Kids Hero Meal
        price: "6.00"
        modifiers:
          - {id: kids_turkey, name: turkey}
          - {id: kids_veggie, name: veggie}
          - {id: kids_swiss, name: Swiss cheese}
  - id: bowls
    name: Bowls
    items:
      - id: build_bowl
        name: Build A Bowl
        aliases: [build your own]
        price: "12.00"
        modifiers:
          - {id: bowl_chicken, name: grilled chicken}
          - {id: bowl_prawns, name: garlic prawns}
          - {id: brown_rice, name: brown rice}
          - {id: chili_mayo, name: chili mayo}
          - {id: scallions, name: scallions}
          - {id: yuzu, name: yuzu dressing}
      - id: prawn_bowl
        name: Garlic Prawn Bowl
        price: "13.00"
      - id: yuzu_salmon
        name: Yuzu Salmon Bowl
        price: "14.00"
      - id: shoyu
        name: Tokyo Shoyu
        aliases: [shoyu ramen]
        price: "15.00"
        modifiers:
          - {id: shoyu_soft, name: soft noodles}
      - id: sapporo_miso
        name: Sapporo Miso
        aliases: [miso ramen]
        price: "15.00"
        modifiers: &ramen_options
          - {id: extra_chashu, name: extra chashu}
          - {id: level_1, name: spice level 1}
          - {id: level_4, name: spice level 4}
      - id: spicy_miso
        name: Spicy Miso
        price: "16.00"
        modifiers: *ramen_options
      - id: rice
        name: Steamed Rice
        aliases: [rice]
        price: "3.00"
      - id: noodle_soup
        name: Pork Noodle Soup
        price: "13.00"
        modifiers:
          - {id: egg, name: "soy egg, whole"}
          - {id: half_egg, name: half soy egg}
          - {id: soft, name: soft noodles}
  - id: sides
    name: Sides
    items:
      - id: dumplings
        name: Dumplings
        sizes:
          - {id: five, name: 5 pieces, price: "6.00"}
          - {id: ten, name: 10 pieces, price: "11.00"}
      - id: crisps
        name: Kettle Crisps
        aliases: [crisps, bag of crisps]
        price: "1.50"
        modifiers:
          - {id: salt_vinegar, name: salt & vinegar}
          - {id: bbq, name: BBQ}
      - id: water
        name: Bottled Water
        aliases: [water]
        price: "2.00"
      - id: soda
        name: Fountain Soda
        aliases: [soda]
        price: "2.50"
  - id: drinks
    name: Drinks
    items:
      - id: tea
        name: Thé
        aliases: [tea, pot of tea]
        price: "3.50"
        modifiers:
          - {id: mint, name: mint}
      - id: cafe_au_lait
        name: Café au Lait
        sizes:
          - {id: small, name: small (petit), price: "3.00"}
          - {id: large, name: large (grand bol), price: "4.50"}
"""


counter = conversation_on(MENU, "counter")


async def test_a_size_said_with_another_item_is_no_answer_to_the_open_size_question(
    counter: Conversation,
) -> None:
    said = await counter.say("a turkey hero")
    assert "What size" in reply_text(said)
    await counter.say("and a six inch veggie hero with lettuce")
    assert sized_lines(counter) == [("veggie_hero", "six_inch", 1, ("lettuce",))]


async def test_sizes_said_by_length_or_as_the_big_one(counter: Conversation) -> None:
    await counter.say("two twelve-inch turkey heroes")
    await counter.say("and the veggie hero, the big one")
    assert sized_lines(counter) == [
        ("turkey_hero", "footlong", 2, ()),
        ("veggie_hero", "footlong", 1, ()),
    ]
    await counter.say("with a little salt and pepper on that")  # "a little" is no size
    await counter.say("and a ftlong veggie hero")  # typed short
    assert ("veggie_hero", "footlong", 1, ("salt_pepper",)) in sized_lines(counter)
    assert ("veggie_hero", "footlong", 1, ()) in sized_lines(counter)


async def test_can_you_toast_it_is_the_option(counter: Conversation) -> None:
    await counter.say("a footlong turkey hero")
    await counter.say("can you toast it?")
    assert sized_lines(counter) == [("turkey_hero", "footlong", 1, ("toasted",))]


async def test_no_x_on_one_of_two_takes_the_x_off_that_one(counter: Conversation) -> None:
    await counter.say("two footlong turkey heroes, both with lettuce and onions")
    await counter.say("actually no onions on the second one")
    assert sized_lines(counter) == [
        ("turkey_hero", "footlong", 1, ("lettuce",)),
        ("turkey_hero", "footlong", 1, ("lettuce", "onions")),
    ]


async def test_everything_but_one_topping_is_the_works_without_it(counter: Conversation) -> None:
    await counter.say("a footlong turkey hero, everything on it except onions")
    await counter.say("and a 6 inch veggie hero, evrything but olives")
    assert sized_lines(counter) == [
        ("turkey_hero", "footlong", 1, ("no_onions", "the_works")),
        ("veggie_hero", "six_inch", 1, ("no_olives", "the_works")),
    ]


async def test_making_it_a_meal_keeps_what_it_was_built_with(counter: Conversation) -> None:
    await counter.say("a footlong turkey hero with swiss, lettuce and tomatoes")
    await counter.say("that's it")
    await counter.say("oh hang on, can you make it a meal?")
    assert sized_lines(counter) == [
        ("turkey_hero", "footlong", 1, ("lettuce", "make_meal", "swiss", "tomato"))
    ]


async def test_a_bowl_built_from_options_that_share_words_with_items(
    counter: Conversation,
) -> None:
    await counter.say(
        "build your own, chicken and prawns on brown rice with chili mayo and scallions"
    )
    assert sized_lines(counter) == [
        (
            "build_bowl",
            None,
            1,
            ("bowl_chicken", "bowl_prawns", "brown_rice", "chili_mayo", "scallions"),
        )
    ]
    await counter.say("and yuzu on that")
    assert sized_lines(counter)[0][3] == (
        "bowl_chicken",
        "bowl_prawns",
        "brown_rice",
        "chili_mayo",
        "scallions",
        "yuzu",
    )


async def test_an_egg_beside_a_half_egg_is_the_whole_one(counter: Conversation) -> None:
    await counter.say("pork noodle soup, soft noodles, add egg")
    assert sized_lines(counter) == [("noodle_soup", None, 1, ("egg", "soft"))]


async def test_a_and_a_number_that_is_a_size_is_that_size(counter: Conversation) -> None:
    await counter.say("a 5 piece dumplings")
    await counter.say("actually make the dumplings a ten")
    assert sized_lines(counter) == [("dumplings", "ten", 1, ())]


async def test_a_name_of_function_words_is_never_matched_by_them(counter: Conversation) -> None:
    said = await counter.say("how much is the build your own?")
    assert "Thé" not in reply_text(said)
    await counter.say("a pot of mint tea")
    assert sized_lines(counter) == [("tea", None, 1, ("mint",))]


async def test_who_the_customer_is_and_what_a_friend_brought_order_nothing(
    counter: Conversation,
) -> None:
    await counter.say("is the veggie hero vegan? I'm vegan")
    assert counter.desk.cart.is_empty
    await counter.say("three sodas")
    await counter.say("take one of the sodas off, my coworker brought his own water")
    assert sized_lines(counter) == [("soda", None, 2, ())]


async def test_the_kind_of_item_said_after_its_name_is_the_same_item(
    counter: Conversation,
) -> None:
    await counter.say("3 tokyo shoyu ramen, one w soft noodles")  # "ramen" names the miso too
    assert sized_lines(counter) == [("shoyu", None, 1, ("shoyu_soft",)), ("shoyu", None, 2, ())]


async def test_a_grand_in_french_is_large_and_grand_in_english_is_fine(
    counter: Conversation,
) -> None:
    await counter.say("un grand café au lait")
    assert sized_lines(counter) == [("cafe_au_lait", "large", 1, ())]
    said = await counter.say("that's grand")
    assert "What size" not in reply_text(said)
    assert sized_lines(counter) == [("cafe_au_lait", "large", 1, ())]


async def test_the_other_one_of_two_sister_items_keeps_what_was_asked(
    counter: Conversation,
) -> None:
    await counter.say("sapporo miso with extra chashu")
    await counter.say("no wait, the other miso, the spicy one. Keep the extra chashu")
    assert sized_lines(counter) == [("spicy_miso", None, 1, ("extra_chashu",))]


async def test_typed_shorthands_and_a_day_that_is_no_name(counter: Conversation) -> None:
    await counter.say("spicy miso lvl 4")
    await counter.say("+ rice. why not, it's Saturday")
    assert sized_lines(counter) == [("rice", None, 1, ()), ("spicy_miso", None, 1, ("level_4",))]
    await counter.say("that's all")
    await counter.say("yes")
    order = counter.desk.last_order
    assert order is not None and order.customer_name is None


async def test_an_option_said_inside_the_items_name_goes_with_it(counter: Conversation) -> None:
    await counter.say(
        "a 6 inch turkey hero with salt and pepper, and 2 bags of salt and vinegar crisps"
    )
    await counter.say("that's it")
    await counter.say("no sorry, just one bag of crisps")
    assert sized_lines(counter) == [
        ("crisps", None, 1, ("salt_vinegar",)),
        ("turkey_hero", "six_inch", 1, ("salt_pepper",)),
    ]


async def test_some_of_the_items_said_by_options_named_like_items(
    counter: Conversation,
) -> None:
    await counter.say(
        "I need two kids hero meals. One turkey with Swiss cheese, "
        "and one veggie with no cheese, he is picky"
    )
    assert sized_lines(counter) == [
        ("kids_meal", None, 1, ("kids_swiss", "kids_turkey")),
        ("kids_meal", None, 1, ("kids_veggie",)),
    ]
