"""What customers say at a made-up night-market stall (no name here is in the code): an option
taken off whose name is also a word of an item nobody ordered ("take the sausage off"), "make
one of them half sweet" and "one of them should be chip coating instead of crumb" of two, "that's
all" said as "all good" or "we're set", "a cocoa for dipping" (one item named twice), "no mayo on
the ham" of a ham roll just counted, a size typed with a slip beside its item ("a coffee smal"),
"buns for both of us", "there's already plenty on it" (no order), "just one six piece, not two",
"a juice for my daughter, apple, and one for my son, orange", and "Soy Dana" (a name) then
"listo" (that's all); "one with tofu instead of chicken" (not also "beef instead of chicken"),
"… and a large dark roast black" (the drink whose option that is, after another drink),
"white sauce on the side" (not also "white sauce"), "white sauce and hot sauce on both of them",
"no sugar" and "zero sugar" of a "0% sugar" level, "one of them without the pudding", and "with
tapioca, no wait, grass jelly instead of the tapioca"."""

from __future__ import annotations

from tests.agent.conftest import Conversation, reply_text
from tests.agent.test_menu_shapes import conversation_on, sized_lines

MENU = """
restaurant: {name: Made-Up Night Market, currency: USD}
categories:
  - id: hot
    name: Hot
    items:
      - id: rice_bowl
        name: Rice Cake Bowl
        price: "9.00"
        modifiers:
          - {id: extra_hot, name: extra hot}
          - {id: add_sausage, name: sausage, price: "2.00"}
          - {id: add_egg, name: boiled egg, price: "1.50"}
      - id: pork_roll
        name: Pork Roll
        aliases: [pork]
        price: "7.00"
        modifiers:
          - {id: no_mayo, name: no mayo}
      - id: ham_roll
        name: Ham Roll
        aliases: [ham]
        price: "6.00"
        modifiers:
          - {id: no_mayo, name: no mayo}
      - id: pan_dumplings
        name: Pan Dumplings
        sizes:
          - {id: six_piece, name: 6 piece, price: "6.00"}
          - {id: ten_piece, name: 10 piece, price: "9.00"}
      - id: fried_chicken
        name: Fried Chicken
        price: "6.00"
      - id: wok_noodles
        name: Wok Noodles
        price: "8.00"
        modifiers:
          - {id: beef_swap, name: beef instead of chicken, price: "1.00"}
          - {id: tofu_swap, name: tofu instead of chicken (vegetarian)}
          - {id: mild, name: mild}
  - id: stick_dogs
    name: Stick Dogs
    items:
      - id: stick_dog
        name: Beef Stick Dog
        aliases: [sausage stick dog]
        price: "4.00"
        modifiers: &coatings
          - {id: crumb, name: crumb coating}
          - {id: chip_crumb, name: chip coating, price: "1.00"}
      - id: cheese_stick_dog
        name: Cheese Stick Dog
        price: "4.50"
        modifiers: *coatings
  - id: sweet
    name: Sweet
    items:
      - id: cocoa_dip
        name: Cocoa Pot (Dipping Cocoa)
        aliases: [dipping cocoa, cocoa dip]
        price: "2.00"
      - id: sugar_bun
        name: Sugar Bun
        aliases: [sugar roll]
        price: "3.00"
      - id: samla
        name: Samla
        price: "5.00"
  - id: drinks
    name: Drinks
    items:
      - id: milk_tea
        name: Night Milk Tea
        sizes:
          - {id: medium, name: Medium, price: "5.00"}
          - {id: large, name: Large, price: "6.00"}
        modifiers:
          - {id: sugar_0, name: "0% sugar"}
          - {id: sugar_50, name: "50% sugar"}
          - {id: sugar_100, name: "100% sugar"}
          - {id: no_ice, name: no ice}
          - {id: pearls, name: tapioca pearls (boba), price: "0.80"}
          - {id: jelly, name: grass jelly, price: "0.80"}
          - {id: pudding, name: egg pudding, price: "0.90"}
      - id: skewer_platter
        name: Skewer Platter
        sizes:
          - {id: small, name: Small, price: "8.00"}
          - {id: large, name: Large, price: "10.00"}
        modifiers:
          - {id: white_sauce, name: white sauce}
          - {id: hot_sauce, name: hot sauce}
          - {id: white_sauce_side, name: white sauce on the side}
          - {id: hot_sauce_side, name: hot sauce on the side}
      - id: citron_ade
        name: Citron Ade
        sizes:
          - {id: regular, name: Regular, price: "4.00"}
          - {id: large, name: Large, price: "5.00"}
        modifiers:
          - {id: less_ice, name: less ice}
          - {id: no_ice, name: no ice}
          - {id: half_sweet, name: half sweet}
      - id: filter_coffee
        name: Filter Coffee
        sizes:
          - {id: small, name: Small, price: "2.50"}
          - {id: large, name: Large, price: "3.50"}
      - id: house_coffee
        name: House Brew
        sizes:
          - {id: small, name: Small, price: "2.00"}
          - {id: large, name: Large, price: "2.50"}
        modifiers:
          - {id: dark_roast, name: dark roast}
          - {id: decaf, name: decaf}
      - id: barley_tea
        name: Barley Tea
        sizes:
          - {id: small, name: Small, price: "2.00"}
          - {id: large, name: Large, price: "2.50"}
        modifiers:
          - {id: honey, name: honey}
      - id: juice_pouch
        name: Juice Pouch
        price: "2.00"
        modifiers:
          - {id: apple, name: apple}
          - {id: orange, name: orange}
"""

stall = conversation_on(MENU, "stall")


async def test_an_option_comes_off_though_an_unordered_item_shares_its_word(
    stall: Conversation,
) -> None:
    await stall.say("a rice cake bowl with a boiled egg and sausage")
    await stall.say("make it extra hot and take the sausage off")
    assert sized_lines(stall) == [("rice_bowl", None, 1, ("add_egg", "extra_hot"))]


async def test_one_of_two_gets_an_option_of_two_words(stall: Conversation) -> None:
    await stall.say("two citron ades")
    await stall.say("large for both")
    await stall.say("and make one of them half sweet")
    assert sized_lines(stall) == [
        ("citron_ade", "large", 1, ()),
        ("citron_ade", "large", 1, ("half_sweet",)),
    ]


async def test_one_of_two_should_have_one_option_instead_of_another(stall: Conversation) -> None:
    await stall.say("two cheese stick dogs with the crumb coating")
    await stall.say("one of the stick dogs should be chip coating instead of crumb")
    assert sized_lines(stall) == [
        ("cheese_stick_dog", None, 1, ("chip_crumb",)),
        ("cheese_stick_dog", None, 1, ("crumb",)),
    ]


async def test_all_good_and_were_set_are_that_is_all(stall: Conversation) -> None:
    await stall.say("a sugar bun")
    assert "Shall I place the order?" in reply_text(await stall.say("all good"))
    await stall.say("no, add a samla")
    assert "Shall I place the order?" in reply_text(await stall.say("we're set"))
    assert "order number" in reply_text(await stall.say("correcto"))


async def test_an_item_named_twice_in_one_phrase_is_one_item(stall: Conversation) -> None:
    await stall.say("six sugar buns and a cocoa for dipping")
    assert sized_lines(stall) == [("cocoa_dip", None, 1, ()), ("sugar_bun", None, 6, ())]


async def test_an_option_on_the_item_just_counted_is_its_option(stall: Conversation) -> None:
    await stall.say("two pork and one ham, no mayo on the ham")
    assert sized_lines(stall) == [("ham_roll", None, 1, ("no_mayo",)), ("pork_roll", None, 2, ())]


async def test_a_size_typed_with_a_slip_beside_its_item_is_that_size(
    stall: Conversation,
) -> None:
    await stall.say("cn i get a filter coffee smal and 2 sugar buns")
    assert sized_lines(stall) == [("filter_coffee", "small", 1, ()), ("sugar_bun", None, 2, ())]


async def test_for_both_of_us_is_two(stall: Conversation) -> None:
    await stall.say("a large filter coffee")
    await stall.say("and sugar buns for both of us")
    assert sized_lines(stall) == [("filter_coffee", "large", 1, ()), ("sugar_bun", None, 2, ())]


async def test_theres_already_plenty_on_it_orders_nothing(stall: Conversation) -> None:
    await stall.say("a rice cake bowl with sausage and a boiled egg")
    await stall.say("take the egg off, there's already plenty on the rice cake bowl")
    assert sized_lines(stall) == [("rice_bowl", None, 1, ("add_sausage",))]


async def test_just_one_not_two_sets_the_count(stall: Conversation) -> None:
    await stall.say("the ten piece dumplings and two of the six piece")
    await stall.say("that's it")
    await stall.say("no, just one six piece, not two")
    assert sized_lines(stall) == [
        ("pan_dumplings", "six_piece", 1, ()),
        ("pan_dumplings", "ten_piece", 1, ()),
    ]


async def test_and_one_for_my_son_is_one_more_with_its_own_option(stall: Conversation) -> None:
    await stall.say("a juice pouch for my daughter, apple, and one for my son, orange")
    assert sized_lines(stall) == [
        ("juice_pouch", None, 1, ("apple",)),
        ("juice_pouch", None, 1, ("orange",)),
    ]


async def test_soy_and_a_capitalized_name_is_the_name(stall: Conversation) -> None:
    await stall.say("Soy Dana. two sugar buns")
    await stall.say("listo")
    await stall.say("sí")
    order = stall.desk.last_order
    assert order is not None and order.customer_name == "Dana"
    assert [(line.item_id, line.quantity) for line in order.lines] == [("sugar_bun", 2)]


async def test_an_option_said_in_full_is_not_also_another_that_ends_the_same(
    stall: Conversation,
) -> None:
    await stall.say("three wok noodles, one with tofu instead of chicken")
    assert sized_lines(stall) == [
        ("wok_noodles", None, 1, ("tofu_swap",)),
        ("wok_noodles", None, 2, ()),
    ]


async def test_an_option_only_one_item_has_names_it_after_another_item(
    stall: Conversation,
) -> None:
    await stall.say("a small barley tea with honey and a large dark roast black please")
    assert sized_lines(stall) == [
        ("barley_tea", "small", 1, ("honey",)),
        ("house_coffee", "large", 1, ("dark_roast",)),
    ]


async def test_a_named_one_for_me_is_that_one_not_one_more(stall: Conversation) -> None:
    await stall.say("a rice cake bowl for her but without the sausage, and a ham one for me")
    assert [(item, n) for item, _size, n, _options in sized_lines(stall)] == [
        ("ham_roll", 1),
        ("rice_bowl", 1),
    ]


async def test_without_and_a_word_of_an_items_name_adds_no_item(stall: Conversation) -> None:
    await stall.say("a sugar bun for her but without sugar")
    assert sized_lines(stall) == [("sugar_bun", None, 1, ())]


async def test_another_of_those_but_with_an_option_named_like_an_item(
    stall: Conversation,
) -> None:
    await stall.say("a rice cake bowl with a boiled egg")
    await stall.say("and another one of those but with sausage instead of the boiled egg")
    assert sized_lines(stall) == [
        ("rice_bowl", None, 1, ("add_egg",)),
        ("rice_bowl", None, 1, ("add_sausage",)),
    ]


async def test_one_of_those_with_an_option_instead_of_a_side_sold_alone(
    stall: Conversation,
) -> None:
    await stall.say("three wok noodles, one of those with beef instead of chicken. a samla")
    assert sized_lines(stall) == [
        ("samla", None, 1, ()),
        ("wok_noodles", None, 1, ("beef_swap",)),
        ("wok_noodles", None, 2, ()),
    ]


async def test_an_option_on_the_side_is_not_also_the_option_on_it(stall: Conversation) -> None:
    await stall.say("one small skewer platter, white sauce on the side and hot sauce on the side")
    assert sized_lines(stall) == [
        ("skewer_platter", "small", 1, ("hot_sauce_side", "white_sauce_side"))
    ]


async def test_two_options_on_both_of_them(stall: Conversation) -> None:
    await stall.say("two large skewer platters")
    await stall.say("white sauce and hot sauce on both of them")
    assert sized_lines(stall) == [("skewer_platter", "large", 2, ("hot_sauce", "white_sauce"))]


async def test_no_sugar_and_zero_sugar_are_the_zero_level(stall: Conversation) -> None:
    await stall.say("a medium night milk tea, no sugar, no ice")
    assert sized_lines(stall) == [("milk_tea", "medium", 1, ("no_ice", "sugar_0"))]
    await stall.say("a large night milk tea with grass jelly")
    await stall.say("and zero sugar")
    assert sized_lines(stall)[0] == ("milk_tea", "large", 1, ("jelly", "sugar_0"))


async def test_one_of_them_without_an_option_they_have(stall: Conversation) -> None:
    await stall.say("two large night milk teas with pearls and pudding")
    await stall.say("one of them without the pudding")
    assert sized_lines(stall) == [
        ("milk_tea", "large", 1, ("pearls",)),
        ("milk_tea", "large", 1, ("pearls", "pudding")),
    ]


async def test_an_option_corrected_in_the_same_breath(stall: Conversation) -> None:
    await stall.say(
        "a medium night milk tea with tapioca, no wait, grass jelly instead of the tapioca"
    )
    assert sized_lines(stall) == [("milk_tea", "medium", 1, ("jelly",))]
