"""Which of an item's options exclude each other, and the clipped words the understanding
writes out, inferred from option names alone (a made-up menu: no name here is in the code)."""

from __future__ import annotations

import pytest

from agent.understanding.lexicon import ItemEntry, MenuLexicon
from agent.understanding.text import singular, tokens
from tests.menus import menu_from_text

MENU = """
restaurant: {name: Test Kitchen}
categories:
  - id: mains
    name: Mains
    items:
      - id: curry_bowl
        name: Curry Bowl
        price: "12.00"
        modifiers:
          - {id: no_spice, name: no spice}
          - {id: mild, name: mild}
          - {id: medium_spicy, name: medium spicy}
          - {id: thai_hot, name: Thai hot}
          - {id: tofu, name: tofu}
          - {id: shrimp, name: shrimp, price: "3.00"}
          - {id: extra_cilantro, name: extra cilantro}
          - {id: no_cilantro, name: no cilantro}
          - {id: add_guacamole, name: add guacamole, price: "2.00"}
      - id: breakfast_sandwich
        name: Breakfast Sandwich
        price: "6.00"
        modifiers:
          - {id: on_croissant, name: on a croissant}
          - {id: on_bagel, name: on a bagel}
          - {id: bbq_sauce, name: barbecue sauce instead of hot sauce}
  - id: drinks
    name: Drinks
    items:
      - id: iced_tea
        name: Iced Tea
        price: "3.00"
        modifiers:
          - {id: no_ice, name: no ice}
          - {id: light_ice, name: light ice}
          - {id: sugar_25, name: "25% sugar"}
          - {id: sugar_50, name: "50% sugar, half sweet"}
          - {id: oat_milk, name: oat milk}
          - {id: almond_milk, name: almond milk}
          - {id: caramel_syrup, name: caramel syrup}
          - {id: vanilla_syrup, name: vanilla syrup}
"""


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory: pytest.TempPathFactory) -> MenuLexicon:
    return MenuLexicon(menu_from_text(MENU, tmp_path_factory.mktemp("menu")))


def excludes(entry: ItemEntry, a: str, b: str, *, loosely: bool = False) -> bool:
    first, second = entry.option(a), entry.option(b)
    assert first is not None and second is not None
    return first.excludes(second, loosely=loosely)


def test_points_on_one_scale_exclude_each_other(lexicon: MenuLexicon) -> None:
    curry = lexicon.entry("curry_bowl")
    for a, b in [("mild", "medium_spicy"), ("no_spice", "thai_hot"), ("mild", "thai_hot")]:
        assert excludes(curry, a, b), (a, b)
    tea = lexicon.entry("iced_tea")
    assert excludes(tea, "no_ice", "light_ice")
    assert excludes(tea, "sugar_25", "sugar_50")


def test_more_and_none_of_one_thing_exclude_each_other(lexicon: MenuLexicon) -> None:
    assert excludes(lexicon.entry("curry_bowl"), "extra_cilantro", "no_cilantro")


def test_where_it_goes_is_one_choice(lexicon: MenuLexicon) -> None:
    assert excludes(lexicon.entry("breakfast_sandwich"), "on_croissant", "on_bagel")


def test_options_of_one_kind_exclude_only_when_said_instead(lexicon: MenuLexicon) -> None:
    tea = lexicon.entry("iced_tea")
    assert not excludes(tea, "oat_milk", "almond_milk")
    assert excludes(tea, "oat_milk", "almond_milk", loosely=True)
    assert not excludes(tea, "caramel_syrup", "vanilla_syrup")


def test_unrelated_options_go_together(lexicon: MenuLexicon) -> None:
    curry = lexicon.entry("curry_bowl")
    for a, b in [("mild", "tofu"), ("tofu", "extra_cilantro"), ("shrimp", "add_guacamole")]:
        assert not excludes(curry, a, b, loosely=True), (a, b)
    assert not excludes(lexicon.entry("iced_tea"), "light_ice", "oat_milk", loosely=True)


def test_a_new_choice_pushes_out_the_old_one(lexicon: MenuLexicon) -> None:
    curry = lexicon.entry("curry_bowl")
    assert curry.pushed_out(["mild"], ("medium_spicy", "tofu")) == ["medium_spicy"]
    assert curry.pushed_out(["shrimp"], ("medium_spicy", "tofu")) == []


def test_an_instead_of_option_knows_what_it_replaces(lexicon: MenuLexicon) -> None:
    option = lexicon.entry("breakfast_sandwich").option("bbq_sauce")
    assert option is not None and option.replaces == ("hot", "sauce")


def test_clipped_menu_words_are_written_out(lexicon: MenuLexicon) -> None:
    assert lexicon.words_of("add guac") == ["add", "guacamole"]
    assert lexicon.words_of("a croiss") == ["a", "croissant"]
    # a common English word is never taken for a menu word it starts
    assert lexicon.words_of("add some") == ["add", "some"]


def test_words_that_only_look_plural_stay() -> None:
    assert singular("ramen") == "ramen"
    assert singular("women") == "woman"
    assert tokens("thats it") == ["that", "is", "it"]


def test_typing_slips_are_corrected_toward_menu_and_conversation_words(
    lexicon: MenuLexicon,
) -> None:
    assert lexicon.words_of("a curry bowl with extra cilanrto") == lexicon.words_of(
        "a curry bowl with extra cilantro"
    )  # a swapped pair of letters
    assert "everything" in lexicon.words_of("that's everythign")
    assert "caramel" in lexicon.words_of("iced tea with caramle syrup")
    # English words are meant as typed; so are slips a letter from two menu words
    assert lexicon.words_of("a late start") == ["a", "late", "start"]


def test_text_speak_is_read_as_words() -> None:
    assert tokens("cn i get 1/2 lb of tofu n a lrg tea w no ice") == [
        "can", "i", "get", "half", "pound", "of", "tofu", "and", "a", "large", "tea", "with",
        "no", "ice",
    ]  # fmt: skip
    assert tokens("an a tea") == ["and", "a", "tea"]
    assert tokens("a 6pc and two 10 pcs") == ["a", "6", "piece", "and", "2", "10", "piece"]
    assert tokens("yesss pleeease") == ["yes", "please"]
    assert tokens("yessir") == ["yes", "sir"]
    assert tokens("half a pound, half an order") == ["half", "pound", ",", "half", "order"]
    assert tokens("an apple") == ["an", "apple"]
    assert tokens("a jalapeño crème brûlée") == ["a", "jalapeno", "creme", "brulee"]


def test_choices_of_their_own_kind_replace_each_other_only_when_asked_instead(
    lexicon: MenuLexicon,
) -> None:
    curry = lexicon.entry("curry_bowl")
    tofu, shrimp = curry.option("tofu"), curry.option("shrimp")
    assert tofu is not None and shrimp is not None and tofu.choice and shrimp.choice
    assert not tofu.excludes(shrimp, loosely=True)
    assert tofu.excludes(shrimp, swapping=True)
    assert curry.pushed_out(["tofu"], ("shrimp", "extra_cilantro"), swapping=True) == ["shrimp"]
    # more or none of something, a place, or one of several of a kind is no such choice
    for entry, option_id in [
        (curry, "extra_cilantro"),
        (lexicon.entry("breakfast_sandwich"), "on_bagel"),
        (lexicon.entry("iced_tea"), "vanilla_syrup"),
    ]:
        option = entry.option(option_id)
        assert option is not None and not option.choice, option_id


def test_a_slip_as_near_two_menu_words_is_read_by_its_neighbour(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    menu = menu_from_text(
        """
restaurant: {name: Test Bar}
categories:
  - id: all
    name: All
    items:
      - {id: cherry_soda, name: Cherry Soda, price: "3.00"}
      - {id: sherry_trifle, name: Sherry Trifle, price: "5.00"}
""",
        tmp_path_factory.mktemp("menu"),
    )
    lexicon = MenuLexicon(menu)
    assert lexicon.words_of("a xherry trifle") == ["a", "sherry", "trifle"]
    assert lexicon.words_of("a xherry soda") == ["a", "cherry", "soda"]
    assert lexicon.words_of("a xherry") == ["a", "xherry"]  # no neighbour to say which


def test_a_count_typed_with_a_slip_is_that_count(lexicon: MenuLexicon) -> None:
    assert lexicon.words_of("eigth iced teas") == ["8", "iced", "tea"]
    assert lexicon.words_of("twelv curry bowls") == ["12", "curry", "bowl"]
