"""Rules the understanding applies to any menu's shape, on a made-up menu (no name here is in
the code): a section named for one of its items, an item's option that names another item
when said with its cue, a long name said in two pieces, "no <item already ordered>", an
ambiguous name narrowed by an option said with it, and an everyday word for a menu's formal
one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from agent.store import OrderStore
from tests.agent.conftest import Conversation, open_conversation, reply_text
from tests.menus import menu_from_text

MENU = """
restaurant: {name: Made-Up Deli}
categories:
  - id: loaves
    name: Loaves
    items:
      - id: rye_loaf
        name: Rye Loaf
        price: "4.00"
        modifiers:
          - {id: sliced, name: sliced}
          - {id: plain_cheese_spread, name: plain cheese spread, price: "1.00"}
          - {id: vegetable_cheese_spread, name: vegetable cheese spread, price: "1.00"}
      - id: egg_cress_roll
        name: Egg and Cress Roll
        price: "4.50"
      - id: garden_veggie_roll
        name: Garden Veggie Roll
        price: "5.00"
      - id: everything_roll
        name: Everything Roll
        price: "2.00"
        modifiers:
          - {id: roll_butter, name: butter}
      - id: loaf_box
        name: Box of Loaves
        sizes:
          - {id: half_dozen, name: Half Dozen, price: "20.00"}
          - {id: dozen, name: Dozen, price: "36.00"}
        modifiers:
          - {id: all_rye, name: all rye}
          - {id: mixed, name: mixed}
          - {id: box_sliced, name: sliced}
  - id: sandwiches
    name: Sandwiches
    items:
      - id: ham_melt
        name: Ham Melt
        aliases: [the melt]
        price: "9.00"
        modifiers:
          - {id: on_rye, name: on a rye loaf}
          - {id: on_roll, name: on a soft roll}
          - {id: on_everything_roll, name: on an everything roll}
          - {id: add_pickles, name: add pickles, price: "0.50"}
          - {id: no_pickle_relish, name: no pickle relish}
          - {id: add_swiss, name: add melted swiss, price: "1.00"}
      - id: egg_stack
        name: Egg Stack
        price: "6.00"
        modifiers:
          - {id: on_plain_bun, name: on a plain bun}
          - {id: on_everything_bun, name: on an everything bun}
          - {id: on_seeded_bun, name: on a seeded bun}
          - {id: hot_sauce, name: hot sauce}
          - {id: plain_toast, name: plain toast instead of the bun}
          - {id: stack_cheddar, name: add cheddar, price: "1.00"}
          - {id: stack_swiss, name: add swiss, price: "1.00"}
      - id: melt_plate
        name: Melt Plate
        sizes:
          - {id: ham, name: Ham Melt, price: "12.00"}
          - {id: egg, name: Egg Stack, price: "11.00"}
        modifiers:
          - {id: side_rice, name: steamed rice side}
          - {id: side_cookie, name: cocoa cookie side}
  - id: tubs
    name: Tubs
    items:
      - id: garlic_butter_tub
        name: Garlic Butter Tub
        sizes:
          - {id: half_pound, name: Half Pound, price: "5.00"}
          - {id: pound, name: Pound, price: "9.00"}
      - id: herb_butter_tub
        name: Herb Butter Tub
        sizes:
          - {id: half_pound, name: Half Pound, price: "5.00"}
          - {id: pound, name: Pound, price: "9.00"}
  - id: design_your_own
    name: Design Your Own
    items:
      - id: dyo_platter
        name: Design Your Own Platter
        price: "12.00"
        modifiers:
          - {id: turkey, name: turkey}
          - {id: pickles, name: pickles}
          - {id: trout, name: trout}
      - id: snack_box
        name: Snack Box
        price: "7.00"
  - id: sides
    name: Sides
    items:
      - id: steamed_rice
        name: Steamed Rice
        aliases: [rice]
        price: "2.00"
      - id: pork_rice_paper_rolls
        name: Pork Rice Paper Rolls
        price: "6.00"
      - id: tofu_rice_paper_rolls
        name: Tofu Rice Paper Rolls
        price: "6.00"
      - id: pickle_side
        name: Side of Pickles
        price: "1.50"
  - id: drinks
    name: Drinks
    items:
      - id: cocoa_shake
        name: Cocoa Shake
        aliases: [frozen drink]
        sizes:
          - {id: small, name: Small, price: "5.00"}
          - {id: large, name: Large, price: "6.00"}
          - {id: party_jug, name: Party Jug, price: "15.00"}
        modifiers:
          - {id: sugar_free, name: "0% sugar (no sugar)"}
          - {id: add_malt, name: make it malted, price: "0.50"}
          - {id: whipped_cream, name: whipped cream on top, price: "0.50"}
      - id: cocoa_cookie
        name: Cocoa Cookie
        price: "2.00"
      - id: drip_coffee
        name: Drip Coffee
        price: "2.50"
      - id: orange_juice
        name: Orange Juice
        aliases: [oj]
        price: "3.00"
      - id: lemon_fizz
        name: Lemon Fizz
        sizes:
          - {id: small, name: Small, price: "3.00"}
          - {id: party_jug, name: Party Jug, price: "10.00"}
        modifiers:
          - {id: cocoa_swirl, name: cocoa swirl, price: "0.50"}
      - id: soda_float
        name: Soda Float
        price: "4.00"
        modifiers:
          - {id: cherry, name: cherry}
          - {id: lime, name: lime}
          - {id: tapioca, name: tapioca pearls (boba), price: "0.75"}
          - {id: crystal_boba, name: crystal boba, price: "0.85"}
          - {id: whipped_cream, name: whipped cream on top, price: "0.50"}
          - {id: no_whipped_cream, name: no whipped cream}
      - id: fruit_cup
        name: Fruit Cup
        price: "3.00"
        modifiers:
          - {id: top_granola, name: topped with crunchy granola, price: "0.50"}
          - {id: top_honey, name: topped with honey, price: "0.50"}
      - id: cherry_pie
        name: Cherry Pie
        price: "3.50"
      - id: black_forest_slice
        name: Black Forest Slice
        price: "4.00"
      - id: smoked_trout_bowl
        name: Smoked Trout Rice Bowl
        aliases: [trout bowl]
        price: "11.00"
      - id: tuna_bowl
        name: Tuna Rice Bowl
        price: "10.00"
"""


async def _conversation_on(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Conversation]:
    menu = menu_from_text(text, tmp_path_factory.mktemp("menu"))
    store = await OrderStore.open("sqlite+aiosqlite://")
    try:
        async with open_conversation(menu, store) as convo:
            yield convo
    finally:
        await store.close()


def conversation_on(text: str, name: str) -> Any:
    """A fixture called `name`: a conversation on the menu `text`, with an empty store."""

    async def conversation(
        tmp_path_factory: pytest.TempPathFactory,
    ) -> AsyncIterator[Conversation]:
        async for convo in _conversation_on(text, tmp_path_factory):
            yield convo

    return pytest.fixture(name=name)(conversation)


deli = conversation_on(MENU, "deli")


def sized_lines(convo: Conversation) -> list[tuple[str, str | None, int, tuple[str, ...]]]:
    """The cart as sorted (item, size, quantity, options) rows."""
    return sorted(
        (ln.item_id, ln.size_id, ln.quantity, tuple(sorted(ln.modifier_ids)))
        for ln in convo.desk.cart.lines
    )


def _cart(convo: Conversation) -> list[tuple[str, int, tuple[str, ...]]]:
    return [
        (line.item_id, line.quantity, tuple(sorted(line.modifier_ids)))
        for line in convo.desk.cart.lines
    ]


async def test_an_option_said_with_its_cue_is_not_a_second_item(deli: Conversation) -> None:
    await deli.say("a ham melt on a rye loaf")
    assert _cart(deli) == [("ham_melt", 1, ("on_rye",))]


async def test_a_section_named_for_one_of_its_items_is_that_item(deli: Conversation) -> None:
    await deli.say("design your own with turkey and pickles")
    assert _cart(deli) == [("dyo_platter", 1, ("pickles", "turkey"))]


async def test_a_long_name_said_in_two_pieces_is_one_item(deli: Conversation) -> None:
    await deli.say("one smoked trout bowl")
    assert _cart(deli) == [("smoked_trout_bowl", 1, ())]


async def test_no_before_an_ordered_item_takes_it_off_and_never_adds(deli: Conversation) -> None:
    await deli.say("a snack box and a cocoa cookie")
    await deli.say("no snack box")
    assert _cart(deli) == [("cocoa_cookie", 1, ())]


async def test_an_option_said_with_an_ambiguous_name_picks_the_item(deli: Conversation) -> None:
    await deli.say("a small cocoa, malted")
    assert _cart(deli) == [("cocoa_shake", 1, ("add_malt",))]
    assert deli.desk.cart.lines[0].size_id == "small"


async def test_an_everyday_word_before_a_menu_word_is_the_formal_one(deli: Conversation) -> None:
    await deli.say("a rye loaf with veggie cheese spread")
    assert _cart(deli) == [("rye_loaf", 1, ("vegetable_cheese_spread",))]
    await deli.say("and a garden veggie roll")
    assert deli.desk.cart.lines[-1].item_id == "garden_veggie_roll"


async def test_a_size_cut_off_by_a_hesitation_is_still_the_items(deli: Conversation) -> None:
    await deli.say("um, yeah, a large, uh, cocoa shake")
    [line] = deli.desk.cart.lines
    assert (line.item_id, line.size_id) == ("cocoa_shake", "large")


async def test_an_everyday_word_after_an_item_describes_it(deli: Conversation) -> None:
    await deli.say("a drip coffee, black")
    assert _cart(deli) == [("drip_coffee", 1, ())]
    await deli.say("and a black forest slice")
    assert deli.desk.cart.lines[-1].item_id == "black_forest_slice"


async def test_the_line_named_by_its_option_gets_the_change(deli: Conversation) -> None:
    await deli.say("two soda floats, one cherry and one lime")
    await deli.say("and whipped cream on the cherry one")
    assert sorted(_cart(deli)) == [
        ("soda_float", 1, ("cherry", "whipped_cream")),
        ("soda_float", 1, ("lime",)),
    ]


async def test_one_with_an_option_and_one_without(deli: Conversation) -> None:
    await deli.say("two soda floats, one with whipped cream and one without")
    assert sorted(_cart(deli)) == [
        ("soda_float", 1, ("no_whipped_cream",)),
        ("soda_float", 1, ("whipped_cream",)),
    ]


async def test_both_after_two_of_an_item_is_those_two(deli: Conversation) -> None:
    await deli.say("a small cocoa shake, a drip coffee and two soda floats, both cherry")
    assert sorted(_cart(deli)) == [
        ("cocoa_shake", 1, ()),
        ("drip_coffee", 1, ()),
        ("soda_float", 2, ("cherry",)),
    ]


async def test_all_the_lines_of_a_section_get_the_change(deli: Conversation) -> None:
    await deli.say("a soda float and a cocoa shake, small")
    await deli.say("and a drip coffee")
    await deli.say("whipped cream on all the drinks please")
    assert sorted(_cart(deli)) == [
        ("cocoa_shake", 1, ("whipped_cream",)),
        ("drip_coffee", 1, ()),
        ("soda_float", 1, ("whipped_cream",)),
    ]


async def test_an_option_said_with_its_cue_takes_its_words(deli: Conversation) -> None:
    await deli.say("a ham melt")
    await deli.say("and hold the pickle relish on it")
    assert _cart(deli) == [("ham_melt", 1, ("no_pickle_relish",))]


async def test_a_long_run_of_name_words_outweighs_one_word_of_another(deli: Conversation) -> None:
    asked = await deli.say("could I get the rice paper rolls")
    assert deli.desk.cart.is_empty
    assert "Tofu Rice Paper Rolls" in reply_text(asked)
    await deli.say("the tofu ones")
    assert _cart(deli) == [("tofu_rice_paper_rolls", 1, ())]


async def test_make_one_of_those_another_item(deli: Conversation) -> None:
    await deli.say("three drip coffees")
    await deli.say("actually make one of those coffees a small cocoa shake")
    assert sorted(_cart(deli)) == [("cocoa_shake", 1, ()), ("drip_coffee", 2, ())]


async def test_make_one_of_them_with_an_option_in_the_same_breath(deli: Conversation) -> None:
    await deli.say("two soda floats, and make one of them cherry")
    assert sorted(_cart(deli)) == [("soda_float", 1, ()), ("soda_float", 1, ("cherry",))]


async def test_a_count_another_item_comes_in_is_that_item(deli: Conversation) -> None:
    await deli.say("a dozen rye loaves, sliced please")
    [line] = deli.desk.cart.lines
    assert (line.item_id, line.size_id, sorted(line.modifier_ids)) == (
        "loaf_box",
        "dozen",
        ["all_rye", "box_sliced"],
    )


async def test_a_change_while_which_one_waits_before_the_read_back(deli: Conversation) -> None:
    """The read-back never leaves out what still waits for "which one?": a change said
    instead of the choice is made and the question asked again, then the read-back."""
    await deli.say("the rice paper rolls and a small cocoa shake")
    before = await deli.say("that's it")
    assert "which one" in reply_text(before).lower()
    changed = await deli.say("nah, make the shake a large")
    assert "which one" in reply_text(changed).lower()
    assert "shall i place" not in reply_text(changed).lower()
    read_back = await deli.say("the tofu ones")
    assert "shall i place" in reply_text(read_back).lower()
    assert sorted(_cart(deli)) == [("cocoa_shake", 1, ()), ("tofu_rice_paper_rolls", 1, ())]


async def test_an_option_said_by_its_one_own_word(deli: Conversation) -> None:
    """ "on everything" is the "on an everything bun" option: the one word it says beyond the
    word all its kind share ("bun"), even a word as common as "everything"."""
    await deli.say("an egg stack on everything please")
    assert _cart(deli) == [("egg_stack", 1, ("on_everything_bun",))]


async def test_two_of_the_item_asked_about_one_of_them_different(deli: Conversation) -> None:
    await deli.say("how much is the egg stack?")
    await deli.say("ok two of those on everything, one with hot sauce")
    assert sorted(_cart(deli)) == [
        ("egg_stack", 1, ("hot_sauce", "on_everything_bun")),
        ("egg_stack", 1, ("on_everything_bun",)),
    ]


async def test_a_sections_name_is_not_a_word_of_an_items_other_name(deli: Conversation) -> None:
    """ "I forgot drinks" names the Drinks section, not the shake whose other name is "frozen
    drink"."""
    await deli.say("a ham melt")
    await deli.say("that's it")
    said = await deli.say("oh wait, I forgot drinks. a drip coffee")
    assert "Cocoa Shake" not in reply_text(said)
    assert sorted(_cart(deli)) == [("drip_coffee", 1, ()), ("ham_melt", 1, ())]


async def test_the_word_several_items_share_points_back_at_the_one_just_asked_for(
    deli: Conversation,
) -> None:
    """ "two tuna rice bowls, can you pack the bowl to go": "the bowl" is the tuna bowls just
    asked for, not a new bowl to ask "which one?" about."""
    said = await deli.say("two tuna rice bowls, can you pack the bowl to go")
    assert "which" not in reply_text(said).lower()
    assert _cart(deli) == [("tuna_bowl", 2, ())]


async def test_on_the_side_is_how_it_comes_not_an_item_named_side(deli: Conversation) -> None:
    await deli.say("a ham melt with a drip coffee on the side")
    assert sorted(_cart(deli)) == [("drip_coffee", 1, ()), ("ham_melt", 1, ())]


async def test_a_size_said_after_asking_about_one_of_the_items_it_fits(deli: Conversation) -> None:
    """ "how much is a party jug of cocoa shake?" … "ok, I'll get the party jug": that shake,
    though another drink comes in a party jug too."""
    await deli.say("how much is a party jug of cocoa shake?")
    await deli.say("ok I'll get the party jug")
    [line] = deli.desk.cart.lines
    assert (line.item_id, line.size_id) == ("cocoa_shake", "party_jug")


async def test_an_item_whose_name_says_everything_is_that_item(deli: Conversation) -> None:
    """ "an everything roll with butter" after a ham melt that could come on one: the roll,
    not "everything" meaning every line."""
    await deli.say("a ham melt on a soft roll")
    await deli.say("and an everything roll with butter")
    assert sorted(_cart(deli)) == [
        ("everything_roll", 1, ("roll_butter",)),
        ("ham_melt", 1, ("on_roll",)),
    ]


async def test_a_counted_item_named_with_an_option_of_the_last_line(deli: Conversation) -> None:
    """ "and one garden veggie with vegetable cheese spread" after two rye loaves: a veggie
    roll counted and named, not the spread put on the loaves."""
    await deli.say("two rye loaves")
    await deli.say("and one garden veggie with vegetable cheese spread")
    assert sorted(_cart(deli)) == [("garden_veggie_roll", 1, ()), ("rye_loaf", 2, ())]


async def test_an_options_verb_said_for_the_last_line(deli: Conversation) -> None:
    await deli.say("a rye loaf")
    await deli.say("slice it please")
    assert _cart(deli) == [("rye_loaf", 1, ("sliced",))]


async def test_an_item_named_before_the_item_it_is_a_choice_of(deli: Conversation) -> None:
    """ "two egg stack plates": the plate whose size is the Egg Stack, not an Egg Stack and a
    plate to ask about."""
    await deli.say("two egg stack plates please")
    [line] = deli.desk.cart.lines
    assert (line.item_id, line.size_id, line.quantity) == ("melt_plate", "egg", 2)


async def test_options_listed_in_a_correction_are_all_wanted(deli: Conversation) -> None:
    await deli.say("a ham melt")
    await deli.say("actually scratch that, make it a ham melt plate with rice and cookie instead")
    [line] = deli.desk.cart.lines
    assert (line.item_id, line.size_id, sorted(line.modifier_ids)) == (
        "melt_plate",
        "ham",
        ["side_cookie", "side_rice"],
    )


async def test_the_everyday_kind_for_the_one_an_option_names(deli: Conversation) -> None:
    """ "with cheese" where the melt's option is "add melted swiss" and none says cheese."""
    await deli.say("a ham melt with cheese please")
    assert _cart(deli) == [("ham_melt", 1, ("add_swiss",))]


async def test_a_word_of_the_items_own_name_before_of_is_its_holder(deli: Conversation) -> None:
    """ "a tub of garlic butter": the tub is the Garlic Butter Tub's own word, not the section
    of tubs to ask about, and "half a pound" its half pound."""
    said = await deli.say("a tub of garlic butter please")
    assert "which" not in reply_text(said).lower()
    await deli.say("half a pound")
    [line] = deli.desk.cart.lines
    assert (line.item_id, line.size_id) == ("garlic_butter_tub", "half_pound")


async def test_one_of_several_asked_for_without_an_option_of_the_rest(deli: Conversation) -> None:
    await deli.say("three rye loaves, sliced, but leave one of them unsliced")
    assert sorted(_cart(deli)) == [("rye_loaf", 1, ()), ("rye_loaf", 2, ("sliced",))]


async def test_a_size_in_one_unit_is_no_size_in_another(deli: Conversation) -> None:
    """ "half a pound of the garlic butter" after a dozen loaves: the tub's half pound, never
    the box changed to a half dozen."""
    await deli.say("a dozen rye loaves")
    await deli.say("oh and half a pound of the garlic butter")
    assert sorted((line.item_id, line.size_id) for line in deli.desk.cart.lines) == [
        ("garlic_butter_tub", "half_pound"),
        ("loaf_box", "dozen"),
    ]


async def test_the_lead_several_options_share_names_none_of_them(deli: Conversation) -> None:
    """ "topped with crunchy granola", "topped with honey": "topped" says how, not which."""
    await deli.say("two fruit cups, one topped with honey and one plain")
    assert sorted(_cart(deli)) == [("fruit_cup", 1, ()), ("fruit_cup", 1, ("top_honey",))]


async def test_take_an_option_off_a_line_keeps_the_line(deli: Conversation) -> None:
    await deli.say("a ham melt with pickles and a drip coffee")
    await deli.say("that's it")
    await deli.say("no, take the pickles off the ham melt")
    assert sorted(_cart(deli)) == [("drip_coffee", 1, ()), ("ham_melt", 1, ())]


async def test_the_line_said_with_its_option_comes_off_whole(deli: Conversation) -> None:
    await deli.say("two ham melts, one with pickles")
    await deli.say("take off the ham melt with pickles")
    assert _cart(deli) == [("ham_melt", 1, ())]


async def test_an_options_other_name_in_brackets(deli: Conversation) -> None:
    """ "boba" is the "tapioca pearls (boba)" option, not the "crystal boba" that says it."""
    await deli.say("a soda float with boba")
    assert _cart(deli) == [("soda_float", 1, ("tapioca",))]


async def test_knock_some_off(deli: Conversation) -> None:
    await deli.say("five drip coffees")
    await deli.say("hmm, that's a lot, knock two off")
    assert _cart(deli) == [("drip_coffee", 3, ())]


async def test_the_line_named_then_what_is_wanted_instead(deli: Conversation) -> None:
    await deli.say("a ham melt and a drip coffee")
    await deli.say("that's it")
    await deli.say("no")
    await deli.say("the drip coffee, I want a cherry pie instead")
    assert sorted(_cart(deli)) == [("cherry_pie", 1, ()), ("ham_melt", 1, ())]


async def test_a_swap_then_how_many_of_the_new_item(deli: Conversation) -> None:
    await deli.say("a ham melt and a drip coffee")
    await deli.say("swap the coffee for cherry pie. two cherry pie")
    assert sorted(_cart(deli)) == [("cherry_pie", 2, ()), ("ham_melt", 1, ())]


async def test_a_side_of_something_is_that_thing(deli: Conversation) -> None:
    """ "a side of steamed rice" where the Sides section also has a Side of Pickles."""
    said = await deli.say("a ham melt and a side of steamed rice")
    assert "which" not in reply_text(said).lower()
    assert sorted(_cart(deli)) == [("ham_melt", 1, ()), ("steamed_rice", 1, ())]


async def test_no_read_back_while_a_size_question_waits(deli: Conversation) -> None:
    await deli.say("a ham melt")
    await deli.say("that's it")
    said = reply_text(await deli.say("no, add a cocoa shake")).lower()
    assert "what size" in said and "shall i place" not in said


async def test_no_read_back_while_which_one_waits(deli: Conversation) -> None:
    await deli.say("a ham melt")
    await deli.say("that's it")
    said = reply_text(await deli.say("oh wait, add the rice paper rolls")).lower()
    assert "which one" in said and "shall i place" not in said


async def test_the_name_one_points_at_that_line(deli: Conversation) -> None:
    await deli.say("a ham melt and an egg stack")
    await deli.say("that's it")
    await deli.say("no")
    await deli.say("the egg stack one should be on a seeded bun")
    assert sorted(_cart(deli)) == [("egg_stack", 1, ("on_seeded_bun",)), ("ham_melt", 1, ())]


async def test_swap_one_option_of_a_line_for_another(deli: Conversation) -> None:
    await deli.say("a ham melt on a rye loaf")
    await deli.say("actually swap the rye for the soft one")
    assert _cart(deli) == [("ham_melt", 1, ("on_roll",))]


async def test_the_name_one_is_the_item_so_named_before_a_line_with_such_an_option(
    deli: Conversation,
) -> None:
    await deli.say("a small lemon fizz with cocoa swirl and a small cocoa shake")
    await deli.say("that's it")
    await deli.say("wait no, make the cocoa one large")
    assert sorted((line.item_id, line.size_id) for line in deli.desk.cart.lines) == [
        ("cocoa_shake", "large"),
        ("lemon_fizz", "small"),
    ]


async def test_what_an_addition_is_for_is_no_new_item(deli: Conversation) -> None:
    await deli.say("a ham melt and a small cocoa shake")
    await deli.say("that's it")
    await deli.say("no wait, add two cocoa cookies for the shake")
    assert sorted(_cart(deli)) == [
        ("cocoa_cookie", 2, ()),
        ("cocoa_shake", 1, ()),
        ("ham_melt", 1, ()),
    ]


async def test_a_short_name_said_plural(deli: Conversation) -> None:
    await deli.say("two OJs please")
    assert _cart(deli) == [("orange_juice", 2, ())]


async def test_no_something_is_the_option_whose_other_name_says_so(deli: Conversation) -> None:
    await deli.say("a small cocoa shake, no sugar")
    assert _cart(deli) == [("cocoa_shake", 1, ("sugar_free",))]


async def test_an_option_said_without_what_it_replaces(deli: Conversation) -> None:
    """ "one with plain toast": the "plain toast instead of the bun" option, said as people say
    it; "plain" here names the toast, it does not mean one with nothing changed."""
    await deli.say("two egg stacks, one with plain toast")
    assert sorted(_cart(deli)) == [("egg_stack", 1, ()), ("egg_stack", 1, ("plain_toast",))]


async def test_cheese_says_no_one_of_two_cheeses(deli: Conversation) -> None:
    await deli.say("an egg stack with swiss cheese")
    assert _cart(deli) == [("egg_stack", 1, ("stack_swiss",))]
    await deli.say("and another egg stack with cheese")
    assert ("egg_stack", 1, ("stack_cheddar",)) not in _cart(deli)


async def test_a_name_said_in_full_before_an_alias_with_the(deli: Conversation) -> None:
    said = await deli.say("can I get the melt plate")
    assert "Melt Plate" in reply_text(said)
    assert not any(line.item_id == "ham_melt" for line in deli.desk.cart.lines)


async def test_what_a_child_cannot_have_takes_nothing_off(deli: Conversation) -> None:
    await deli.say("is the cherry pie dairy free? my son can't have cocoa cookies")
    said = await deli.say("what about the black forest slice?")
    assert "Added" not in reply_text(said)
    assert deli.desk.cart.is_empty


async def test_a_size_only_another_item_comes_in(deli: Conversation) -> None:
    await deli.say("a drip coffee and a half dozen")
    assert sorted((line.item_id, line.size_id) for line in deli.desk.cart.lines) == [
        ("drip_coffee", None),
        ("loaf_box", "half_dozen"),
    ]


async def test_a_word_and_the_and_after_it_is_no_part_of_a_name_with_and(
    deli: Conversation,
) -> None:
    """ "an egg and a drip coffee": "egg and" is no part of the Egg and Cress Roll."""
    await deli.say("an egg and a drip coffee")
    assert not any(line.item_id == "egg_cress_roll" for line in deli.desk.cart.lines)


async def test_a_count_of_a_size_only_one_item_comes_in(deli: Conversation) -> None:
    await deli.say("three half dozens please")
    [line] = deli.desk.cart.lines
    assert (line.item_id, line.size_id, line.quantity) == ("loaf_box", "half_dozen", 3)


async def test_a_bare_count_re_counts_what_was_ordered_last(deli: Conversation) -> None:
    await deli.say("five soda floats")
    await deli.say("one of us bailed")  # no count of anything
    assert _cart(deli) == [("soda_float", 5, ())]
    await deli.say("sorry, four")
    assert _cart(deli) == [("soda_float", 4, ())]
    await deli.say("my friend doesn't want one so three")
    assert _cart(deli) == [("soda_float", 3, ())]


async def test_a_count_said_with_an_option_later_splits_that_many_off(deli: Conversation) -> None:
    await deli.say("two small cocoa shakes")
    await deli.say("1 malted")
    assert sorted(_cart(deli)) == [("cocoa_shake", 1, ()), ("cocoa_shake", 1, ("add_malt",))]


async def test_an_option_said_after_a_count_belongs_to_the_item_after_it(
    deli: Conversation,
) -> None:
    """ "a small cocoa shake, a whipped cream soda float": the float's whipped cream."""
    await deli.say("a small cocoa shake, a whipped cream soda float")
    assert sorted(_cart(deli)) == [("cocoa_shake", 1, ()), ("soda_float", 1, ("whipped_cream",))]


SCOOPS = """
restaurant: {name: Scoop Test}
categories:
  - id: scoops
    name: Scoops
    items:
      - id: scoop_cup
        name: Cup
        price: "3.00"
        sizes: &scoop_sizes
          - {id: single, name: Single Scoop, price: "3.00"}
          - {id: double, name: Double Scoop, price: "4.50"}
        modifiers: &flavours
          - {id: mocha, name: mocha}
          - {id: lemon, name: lemon}
      - id: scoop_cone
        name: Cone
        price: "3.00"
        sizes: *scoop_sizes
        modifiers: *flavours
      - id: sundae
        name: Sundae
        price: "5.00"
        available: false
  - id: shakes
    name: Shakes
    items:
      - id: shake
        name: Shake
        price: "4.00"
        modifiers:
          - {id: oat, name: oat milk}
          - {id: soy, name: soy milk}
          - {id: rice, name: rice milk}
          - {id: thick, name: extra thick}
  - id: bites
    name: Bites
    items:
      - id: chilli_bites
        name: Chilli Bites
        price: "5.00"
        sizes: &bite_sizes
          - {id: six, name: 6 Bites, price: "5.00"}
          - {id: ten, name: 10 Bites, price: "8.00"}
        modifiers:
          - {id: mild_sauce, name: mild chilli sauce}
          - {id: medium_sauce, name: medium chilli sauce}
          - {id: hot_sauce, name: hot chilli sauce}
          - {id: crispy, name: extra crispy}
          - {id: dip, name: ranch dip}
          - {id: more_dip, name: extra ranch dip, price: "0.50"}
      - id: cheese_bites
        name: Cheese Bites
        price: "5.00"
        sizes: *bite_sizes
      - id: spice_wrap
        name: Spice Wrap
        price: "7.00"
        modifiers:
          - {id: mild, name: mild}
          - {id: medium, name: medium}
          - {id: hot, name: hot}
      - id: veg_platter
        name: Veg Platter
        price: "12.00"
        modifiers: &platter_mods
          - {id: lemon_herb, name: lemon and herb}
          - {id: smoky, name: smoky}
          - {id: add_soda, name: add a lemon soda, price: "1.50"}
      - id: meat_platter
        name: Meat Platter
        price: "15.00"
        modifiers: *platter_mods
      - id: lemon_soda
        name: Lemon Soda
        price: "2.00"
  - id: smoothies
    name: Smoothies
    items:
      - id: mango_smoothie
        name: Mango Smoothie
        price: "5.00"
      - id: berry_smoothie
        name: Berry Smoothie
        price: "5.00"
"""


scoops = conversation_on(SCOOPS, "scoops")


async def test_a_size_said_like_extra_before_the_next_item_is_its_size(
    scoops: Conversation,
) -> None:
    """ "a single lemon cup, a double mocha cone": the cone's double scoop of mocha, not
    double mocha on the cup (and not the cone lost)."""
    await scoops.say("a single lemon cup, a double mocha cone")
    assert sorted(
        (line.item_id, line.size_id, tuple(line.modifier_ids)) for line in scoops.desk.cart.lines
    ) == [("scoop_cone", "double", ("mocha",)), ("scoop_cup", "single", ("lemon",))]


async def test_an_option_said_without_the_word_its_sisters_share(scoops: Conversation) -> None:
    """ "make the soy one rice" of a shake whose options are oat, soy and rice milk; "the oat one
    was meant to be soy": the soy milk replaces the oat milk on that line."""
    await scoops.say("two shakes, one oat one soy")
    await scoops.say("make the soy one rice")
    assert sorted(_cart(scoops)) == [("shake", 1, ("oat",)), ("shake", 1, ("rice",))]
    await scoops.say("the oat one was meant to be soy")
    assert sorted(_cart(scoops)) == [("shake", 1, ("rice",)), ("shake", 1, ("soy",))]


async def test_the_one_with_an_option_said_in_the_same_breath(scoops: Conversation) -> None:
    await scoops.say("three shakes, two on oat and one on soy, and can the soy one be extra thick")
    assert sorted(_cart(scoops)) == [("shake", 1, ("soy", "thick")), ("shake", 2, ("oat",))]


async def test_something_instead_of_what_is_sold_out_is_added(scoops: Conversation) -> None:
    said = await scoops.say("a single lemon cup and a sundae")
    assert "sold out" in reply_text(said)
    await scoops.say("oh. a double mocha cone instead then")  # not instead of the cup
    assert sorted(_cart(scoops)) == [("scoop_cone", 1, ("mocha",)), ("scoop_cup", 1, ("lemon",))]


async def test_someone_not_having_one_takes_one_off(deli: Conversation) -> None:
    await deli.say("four soda floats")
    await deli.say("my friend is not having a soda float")
    assert _cart(deli) == [("soda_float", 3, ())]


async def test_a_size_word_after_an_item_without_that_size_is_its_option(
    scoops: Conversation,
) -> None:
    """ "ten chilli bites medium": the medium chilli sauce (the bites have no medium size);
    "…mild, extra crispy, ranch dip": the ranch dip, not the extra one."""
    await scoops.say("ten chilli bites medium")
    assert _cart(scoops) == [("chilli_bites", 1, ("medium_sauce",))]
    await scoops.say("and six chilli bites mild, extra crispy, ranch dip")
    assert _cart(scoops)[-1] == ("chilli_bites", 1, ("crispy", "dip", "mild_sauce"))


async def test_a_count_size_that_says_what_the_items_are_called(scoops: Conversation) -> None:
    said = await scoops.say("six bites please")
    assert "Chilli Bites" in reply_text(said) and "Cheese Bites" in reply_text(said)
    await scoops.say("the cheese ones")
    assert [(ln.item_id, ln.size_id) for ln in scoops.desk.cart.lines] == [("cheese_bites", "six")]


async def test_medium_is_the_middle_of_the_scale_its_sisters_are_on(scoops: Conversation) -> None:
    await scoops.say("a spice wrap, medium")
    await scoops.say("actually make it hot")
    assert _cart(scoops) == [("spice_wrap", 1, ("hot",))]


async def test_an_option_with_and_after_an_item_asked_back(scoops: Conversation) -> None:
    """ "a platter, lemon and herb": the platters' lemon and herb, kept for the answer; not
    a Lemon Soda."""
    said = await scoops.say("can we get a platter, lemon and herb")
    assert "Veg Platter" in reply_text(said) and scoops.desk.cart.is_empty
    await scoops.say("the meat one")
    assert _cart(scoops) == [("meat_platter", 1, ("lemon_herb",))]


async def test_items_called_ie_said_plural(scoops: Conversation) -> None:
    said = await scoops.say("two smoothies please")
    assert "Mango Smoothie" in reply_text(said) and "Berry Smoothie" in reply_text(said)


async def test_the_one_named_swapped_for_another_item(deli: Conversation) -> None:
    await deli.say("one egg and cress roll, one garden veggie roll")
    await deli.say("actually swap the garden veggie one for an everything roll")
    assert sorted(_cart(deli)) == [("egg_cress_roll", 1, ()), ("everything_roll", 1, ())]


async def test_an_item_said_in_full_is_no_option_of_another(scoops: Conversation) -> None:
    """ "…, a lemon soda": the Lemon Soda, though a platter can "add a lemon soda"."""
    await scoops.say("a meat platter smoky, a lemon soda and a mango smoothie")
    assert sorted(_cart(scoops)) == [
        ("lemon_soda", 1, ()),
        ("mango_smoothie", 1, ()),
        ("meat_platter", 1, ("smoky",)),
    ]


async def test_the_big_one_is_the_line_in_that_size(deli: Conversation) -> None:
    """ "whipped cream on the large one" of a large and a small shake: that shake gets it,
    and no shake changes size."""
    await deli.say("a large cocoa shake and a small cocoa shake")
    await deli.say("can I get whipped cream on the large one")
    lines = [(ln.size_id, ln.modifier_ids) for ln in deli.desk.cart.lines]
    assert sorted(lines) == [("large", ("whipped_cream",)), ("small", ())]
    await deli.say("and make the small shake a party jug")
    assert sorted(ln.size_id or "" for ln in deli.desk.cart.lines) == ["large", "party_jug"]


async def test_a_change_after_a_question_at_the_read_back_is_read_back(
    deli: Conversation,
) -> None:
    """The read-back answered by a question we must ask back ("which one?"), then an order:
    it is read back, so that the yes which follows places the order with it."""
    await deli.say("a soda float")
    await deli.say("that's all")
    said = await deli.say("are the rice paper rolls vegan?")
    assert "Which one" in reply_text(said)
    said = await deli.say("ok then add the tofu ones")
    assert "place the order" in reply_text(said)
    await deli.say("yes")
    assert deli.desk.last_order is not None
    assert sorted(ln.item_id for ln in deli.desk.last_order.lines) == [
        "soda_float",
        "tofu_rice_paper_rolls",
    ]


SLICES = """
restaurant: {name: Slice Test, currency: EUR}
categories:
  - id: pizzas
    name: Pizzas
    items:
      - id: margherita_pizza
        name: Margherita Pizza
        price: "10.00"
        sizes:
          - {id: ten_inch, name: 10 inch, price: "10.00"}
          - {id: sixteen_inch, name: 16 inch, price: "16.00"}
        modifiers:
          - {id: gluten_free_base, name: gluten-free base (10 inch only), price: "2.50"}
          - {id: extra_cheese, name: extra cheese, price: "1.50"}
          - {id: no_red_onion, name: no red onion}
          - {id: deep_pan, name: deep pan, price: "2.00"}
      - id: margherita_slice
        name: Margherita Slice
        aliases: [cheese slice]
        price: "3.50"
        modifiers:
          - {id: extra_cheese, name: extra cheese, price: "0.80"}
          - {id: add_pepperoni, name: add pepperoni, price: "0.80"}
      - id: pepperoni_slice
        name: Pepperoni Slice
        price: "4.00"
        modifiers:
          - {id: extra_cheese, name: extra cheese, price: "0.80"}
          - {id: add_pepperoni, name: add pepperoni, price: "0.80"}
      - id: garlic_bread
        name: Garlic Bread
        aliases: [cheesy garlic bread, garlic bread with cheese]
        price: "4.00"
        modifiers:
          - {id: with_cheese, name: with cheese, price: "1.20"}
  - id: sides
    name: Sides
    items:
      - id: chips
        name: Chips
        sizes:
          - {id: regular, name: Regular, price: "3.00"}
          - {id: large, name: Large, price: "4.00"}
      - id: wedges
        name: Potato Wedges
        aliases: [wedges]
        price: "4.00"
      - id: side_salad
        name: Side Salad
        aliases: [salad, small salad]
        price: "3.50"
      - id: house_salad
        name: House Salad
        price: "8.00"
        modifiers:
          - {id: caesar_dressing, name: caesar dressing}
          - {id: ranch_dressing, name: ranch dressing}
          - {id: balsamic, name: balsamic dressing}
          - {id: dressing_on_side, name: dressing on the side}
          - {id: light_dressing, name: light dressing}
          - {id: no_hummus, name: no hummus}
      - id: hummus_pita
        name: Hummus and Pita
        aliases: [hummus]
        price: "5.00"
      - id: chocolate_chip_cookie
        name: Chocolate Chip Cookie
        price: "2.00"
      - id: oat_cookie
        name: Oat Cookie
        price: "2.00"
  - id: juices
    name: Juices
    items:
      - id: orange_juice
        name: Orange Juice
        sizes:
          - {id: regular, name: Regular (12 oz), price: "5.00"}
          - {id: large, name: Large (16 oz), price: "7.00"}
      - id: apple_juice
        name: Apple Juice
        sizes:
          - {id: regular, name: Regular (12 oz), price: "5.00"}
          - {id: large, name: Large (16 oz), price: "7.00"}
"""


slices = conversation_on(SLICES, "slices")


async def test_a_note_in_brackets_is_no_name_of_the_option(slices: Conversation) -> None:
    """ "16 inch" is a size, not the "gluten-free base (10 inch only)" option."""
    await slices.say("a 16 inch margherita pizza with extra cheese")
    assert _cart(slices) == [("margherita_pizza", 1, ("extra_cheese",))]


async def test_an_items_other_name_can_say_its_option(slices: Conversation) -> None:
    await slices.say("a cheesy garlic bread and a garlic bread with cheese")
    assert _cart(slices) == [("garlic_bread", 2, ("with_cheese",))]


async def test_without_an_option_said_never_adds_it(slices: Conversation) -> None:
    await slices.say("a margherita pizza 10 inch and a garlic bread without cheese please")
    assert sorted(_cart(slices)) == [("garlic_bread", 1, ()), ("margherita_pizza", 1, ())]
    await slices.say("make the garlic bread without cheese")
    assert sorted(_cart(slices)) == [("garlic_bread", 1, ()), ("margherita_pizza", 1, ())]


async def test_a_measure_in_a_sizes_brackets_names_it(slices: Conversation) -> None:
    await slices.say("a 12 ounce orange juice")
    assert [(ln.item_id, ln.size_id) for ln in slices.desk.cart.lines] == [
        ("orange_juice", "regular")
    ]


async def test_one_answer_sizes_every_item_asked_about(slices: Conversation) -> None:
    said = await slices.say("an orange juice and an apple juice")
    assert slices.desk.cart.is_empty and "Apple Juice" in reply_text(said)
    await slices.say("both the 16 ounce")
    assert sorted((ln.item_id, ln.size_id) for ln in slices.desk.cart.lines) == [
        ("apple_juice", "large"),
        ("orange_juice", "large"),
    ]
    await slices.say("and an orange juice and an apple juice")
    await slices.say("large and regular")
    assert sorted((ln.item_id, ln.size_id, ln.quantity) for ln in slices.desk.cart.lines) == [
        ("apple_juice", "large", 1),
        ("apple_juice", "regular", 1),
        ("orange_juice", "large", 2),
    ]


async def test_the_size_asked_for_a_swap_completes_it(slices: Conversation) -> None:
    await slices.say("a portion of wedges")
    said = await slices.say("actually swap the wedges for chips")
    assert "What size" in reply_text(said)
    await slices.say("regular is grand")
    assert [(ln.item_id, ln.size_id) for ln in slices.desk.cart.lines] == [("chips", "regular")]
    said = await slices.say("this is everything")
    assert "place the order" in reply_text(said)


async def test_the_ones_said_of_cookies_is_no_count(slices: Conversation) -> None:
    """ "take one of the chocolate chip ones off": one fewer, never one more."""
    await slices.say("three chocolate chip cookies and an oat cookie")
    await slices.say("actually take one of the chocolate chip ones off")
    assert sorted(_cart(slices)) == [("chocolate_chip_cookie", 2, ()), ("oat_cookie", 1, ())]


async def test_another_one_of_those_is_one_more(slices: Conversation) -> None:
    await slices.say("a garlic bread with cheese")
    await slices.say("actually another one of those for my friend")
    assert _cart(slices) == [("garlic_bread", 2, ("with_cheese",))]


async def test_a_size_word_alone_is_no_name_that_has_it(slices: Conversation) -> None:
    """ "for the two small lads": no "small salad", on a menu where nothing is small."""
    await slices.say("a 10 inch margherita pizza for the two small lads")
    assert _cart(slices) == [("margherita_pizza", 1, ())]


async def test_an_ingredient_taken_off_is_the_items_no_option(slices: Conversation) -> None:
    """ "take the onion off the pizza": its "no red onion"; the pizza stays."""
    await slices.say("a 16 inch margherita pizza and a garlic bread")
    await slices.say("take the onion off the pizza")
    assert sorted(_cart(slices)) == [
        ("garlic_bread", 1, ()),
        ("margherita_pizza", 1, ("no_red_onion",)),
    ]


async def test_the_kind_word_of_several_options_names_none(slices: Conversation) -> None:
    """ "the dressing" of caesar, ranch and balsamic dressing is none of them: "put the
    dressing on the side", "light on the dressing"."""
    await slices.say("a house salad with ranch dressing")
    await slices.say("put the dressing on the side")
    assert _cart(slices) == [("house_salad", 1, ("dressing_on_side", "ranch_dressing"))]
    await slices.say("and a house salad, balsamic, light on the dressing")
    assert sorted(_cart(slices)) == [
        ("house_salad", 1, ("balsamic", "light_dressing")),
        ("house_salad", 1, ("dressing_on_side", "ranch_dressing")),
    ]


async def test_two_of_an_item_one_with_this_and_one_with_that(slices: Conversation) -> None:
    """Each "one with" is one of the two, whichever way round the customer says them."""
    await slices.say(
        "two house salads, one with ranch dressing and one with the dressing on the side"
    )
    assert sorted(_cart(slices)) == [
        ("house_salad", 1, ("dressing_on_side",)),
        ("house_salad", 1, ("ranch_dressing",)),
    ]
    await slices.say(
        "and two house salads, one with the dressing on the side and one light dressing"
    )
    assert sorted(_cart(slices)) == [
        ("house_salad", 1, ("light_dressing",)),
        ("house_salad", 1, ("ranch_dressing",)),
        ("house_salad", 2, ("dressing_on_side",)),
    ]


async def test_an_item_said_after_without_is_the_options_no(slices: Conversation) -> None:
    """ "the house salad, without the hummus": its "no hummus", not the Hummus and Pita."""
    await slices.say("I'll take the house salad, without the hummus please")
    assert _cart(slices) == [("house_salad", 1, ("no_hummus",))]


async def test_a_second_one_in_another_size_is_another_one(slices: Conversation) -> None:
    """ "a large juice for her, and a regular one for me": two juices; the large one is not
    made regular. "A large, no wait, a regular" still corrects."""
    await slices.say("a large orange juice for her, and a regular one for me")
    assert sorted((ln.size_id, ln.quantity) for ln in slices.desk.cart.lines) == [
        ("large", 1),
        ("regular", 1),
    ]
    await slices.say("and a large apple juice, no wait, a regular one")
    assert [
        (ln.size_id, ln.quantity) for ln in slices.desk.cart.lines if ln.item_id == "apple_juice"
    ] == [("regular", 1)]


async def test_just_the_other_one_after_a_removal_keeps_it(slices: Conversation) -> None:
    await slices.say("a house salad and a garlic bread")
    await slices.say("actually scrap the salad, just the garlic bread's fine")
    assert _cart(slices) == [("garlic_bread", 1, ())]


async def test_counts_of_each_kind_of_an_item_said_first(slices: Conversation) -> None:
    """ "three slices, two pepperoni and one cheese": that many of each slice, though
    "pepperoni" and "cheese" are options of slices too."""
    await slices.say("three slices, two pepperoni and one cheese")
    assert sorted(_cart(slices)) == [("margherita_slice", 1, ()), ("pepperoni_slice", 2, ())]


async def test_more_in_another_size_said_with_a_count(slices: Conversation) -> None:
    await slices.say("2 large orange juice 1 regular")
    assert sorted((ln.size_id, ln.quantity) for ln in slices.desk.cart.lines) == [
        ("large", 2),
        ("regular", 1),
    ]


async def test_an_option_only_one_item_has_orders_that_item(slices: Conversation) -> None:
    """ "and a 16 inch deep pan": the pizza that comes deep pan, in that size."""
    await slices.say("a garlic bread and a 16 inch deep pan")
    assert sorted((ln.item_id, ln.size_id, ln.modifier_ids) for ln in slices.desk.cart.lines) == [
        ("garlic_bread", None, ()),
        ("margherita_pizza", "sixteen_inch", ("deep_pan",)),
    ]
