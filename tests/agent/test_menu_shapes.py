"""Rules the understanding applies to any menu's shape, on a made-up menu (no name here is in
the code): a section named for one of its items, an item's option that names another item
when said with its cue, a long name said in two pieces, "no <item already ordered>", an
ambiguous name narrowed by an option said with it, and an everyday word for a menu's formal
one."""

from __future__ import annotations

from collections.abc import AsyncIterator

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
      - id: garden_veggie_roll
        name: Garden Veggie Roll
        price: "5.00"
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
        price: "9.00"
        modifiers:
          - {id: on_rye, name: on a rye loaf}
          - {id: on_roll, name: on a soft roll}
          - {id: add_pickles, name: add pickles, price: "0.50"}
          - {id: no_pickle_relish, name: no pickle relish}
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
  - id: drinks
    name: Drinks
    items:
      - id: cocoa_shake
        name: Cocoa Shake
        sizes:
          - {id: small, name: Small, price: "5.00"}
          - {id: large, name: Large, price: "6.00"}
        modifiers:
          - {id: add_malt, name: make it malted, price: "0.50"}
          - {id: whipped_cream, name: whipped cream on top, price: "0.50"}
      - id: cocoa_cookie
        name: Cocoa Cookie
        price: "2.00"
      - id: drip_coffee
        name: Drip Coffee
        price: "2.50"
      - id: soda_float
        name: Soda Float
        price: "4.00"
        modifiers:
          - {id: cherry, name: cherry}
          - {id: lime, name: lime}
          - {id: whipped_cream, name: whipped cream on top, price: "0.50"}
          - {id: no_whipped_cream, name: no whipped cream}
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


@pytest.fixture
async def deli(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Conversation]:
    menu = menu_from_text(MENU, tmp_path_factory.mktemp("deli"))
    store = await OrderStore.open("sqlite+aiosqlite://")
    try:
        async with open_conversation(menu, store) as convo:
            yield convo
    finally:
        await store.close()


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
