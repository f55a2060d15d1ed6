"""Matching spoken names to menu items: names, aliases, plurals, typos and sound-alike slips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.core.cart import pluralize
from agent.core.menu import Menu
from agent.understanding.matching import MenuMatcher, phonetic_key
from tests.menus import bundled, second

MATCHER = MenuMatcher(bundled())
SECOND = MenuMatcher(second())


@pytest.mark.parametrize(
    ("said", "item_id"),
    [
        ("cheeseburger", "cheeseburger"),
        ("cheese burger", "cheeseburger"),
        ("Cheeseburgers", "cheeseburger"),
        ("cheesburger", "cheeseburger"),
        ("keychup", "ketchup"),
        ("catsup", "ketchup"),
        ("cease her salad", "caesar_salad"),
        ("caeser salad", "caesar_salad"),
        ("cope", "coke"),
        ("coca cola", "coke"),
        ("diet cope", "diet_coke"),
        ("large coke", "coke"),
        ("mozarella sticks", "mozzarella_sticks"),
        ("fish and chip", "fish_and_chips"),
        ("hamburger", "classic_burger"),
        ("ice tea", "iced_tea"),
        ("onion ring", "onion_rings"),
        ("wings", "chicken_wings"),
        ("brownies", "brownie_sundae"),
        ("a water", "bottled_water"),
    ],
)
def test_spoken_names_find_the_item(said: str, item_id: str) -> None:
    result = MATCHER.match(said)
    assert result.item is not None, result
    assert result.item.id == item_id


@pytest.mark.parametrize(
    ("said", "candidates"),
    [
        ("burger", {"cheeseburger", "classic_burger", "double_cheeseburger", "veggie_burger"}),
        ("salad", {"caesar_salad", "garden_salad"}),
        ("shake", {"chocolate_shake", "vanilla_shake"}),
        ("chicken", {"chicken_wings", "chicken_sandwich"}),
    ],
)
def test_ambiguous_requests_return_candidates(said: str, candidates: set[str]) -> None:
    result = MATCHER.match(said)
    assert result.item is None and result.ambiguous
    assert candidates <= {c.item.id for c in result.candidates} | candidates
    assert {c.item.id for c in result.candidates} & candidates


@pytest.mark.parametrize("said", ["pizza", "root beer", "steak", "nachos", "wine", "sushi"])
def test_unknown_items_are_not_guessed(said: str) -> None:
    result = MATCHER.match(said)
    assert result.item is None and not result.ambiguous


def test_sizes_and_modifiers_from_words() -> None:
    menu = MATCHER.menu
    coke, burger, salad = menu.item("coke"), menu.item("cheeseburger"), menu.item("caesar_salad")
    assert coke is not None and burger is not None and salad is not None
    sizes = {
        text: MATCHER.match_size(coke, text) for text in ("large", "a big one", "regular", "kids")
    }
    assert {k: v.id if v else None for k, v in sizes.items()} == {
        "large": "large",
        "a big one": "large",
        "regular": "medium",
        "kids": "small",
    }
    assert MATCHER.match_size(coke, "grande") is None
    said = {
        "without onions": "no_onions",
        "hold the pickles": "no_pickles",
        "extra cheese": "extra_cheese",
        "with bacon": "add_bacon",
        "no tomatoes": "no_tomato",
    }
    for text, modifier_id in said.items():
        found = MATCHER.match_modifier(burger, text)
        assert found is not None and found.id == modifier_id, text
    assert MATCHER.match_modifier(burger, "no cheese") is None  # not "extra cheese"
    found = MATCHER.match_modifier(salad, "with chicken")
    assert found is not None and found.id == "add_chicken"


def test_second_menu_matching() -> None:
    assert (result := SECOND.match("cali burrito")).item and result.item.id == "california_burrito"
    assert (result := SECOND.match("orchata")).item and result.item.id == "horchata"
    assert (result := SECOND.match("coke")).item and result.item.id == "mexican_coke"
    assert SECOND.match("taco").ambiguous
    assert SECOND.match("cheeseburger").item is None


def test_phonetic_key_collapses_sound_alikes() -> None:
    assert phonetic_key("keychup") == phonetic_key("ketchup")
    assert phonetic_key("cease her salad") == phonetic_key("caesar salad")


def _every_item_by_name(menu: Menu, matcher: MenuMatcher) -> None:
    for item in menu.items():
        for said in (item.name, item.name.lower(), pluralize(item.name), *item.aliases):
            result = matcher.match(said)
            assert result.item is not None and result.item.id == item.id, (said, result)


def test_every_name_and_alias_finds_its_item_on_both_menus() -> None:
    _every_item_by_name(MATCHER.menu, MATCHER)
    _every_item_by_name(SECOND.menu, SECOND)


names = [item.name.lower() for item in MATCHER.menu.items() if len(item.name) >= 8]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(names), st.data())
def test_one_typo_in_a_long_name_still_matches(name: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=1, max_value=len(name) - 2))
    if not name[position].isalpha():
        return
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    typo = name[:position] + letter + name[position + 1 :]
    result = MATCHER.match(typo)
    expected = [i.id for i in MATCHER.menu.items() if i.name.lower() == name][0]
    assert result.item is not None and result.item.id == expected or result.ambiguous, (
        typo,
        result,
    )
