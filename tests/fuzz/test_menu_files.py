"""Hostile menu files: a valid Menu or a MenuError naming the file and where, nothing else.

Three sources: mutations of the bundled menu (a field dropped, a value of the wrong type, a
huge number, a duplicated id, unicode), YAML documents of any shape, and raw text. Each goes
through `load_menu` from a file, as the worker, the kiosk and the store service load menus.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from agent.core.menu import Menu, MenuError, load_menu, load_menu_text
from tests.fuzz.conftest import FUZZ
from tests.fuzz.strategies import (
    JSON_VALUES,
    JUNK_TEXT,
    NUMBERS,
    UNICODE,
)
from tests.menus import BUNDLED_MENU

VALID = yaml.safe_load(BUNDLED_MENU.read_text())
SOURCE = "fuzz-menu.yaml"
WHERE = re.compile(
    r"^(top level|field |(category|item|size|modifier|entry) ('|\"|#)"
    r"|not valid YAML|the menu must be a mapping|cannot read)"
)
"""How every problem starts: where it is (or that the file is not YAML at all)."""


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document a mutation can aim at."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


PATHS = paths(VALID)[1:]
REPLACEMENTS: st.SearchStrategy[Any] = st.one_of(
    JSON_VALUES,
    NUMBERS,
    st.sampled_from(UNICODE),
    st.sampled_from(["", "-1.50", "8.999", "1e999999", "9" * 400, "NaN", "$4.00", "0x10"]),
    st.sampled_from([[], {}, None, True, "cheeseburger", "A" * 10_000]),
)


def mutate(document: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    mutated = copy.deepcopy(document)
    parent = mutated
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if how == "drop":
        del parent[last]
    elif how == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    else:
        parent[last] = value
    return mutated


MUTATIONS = st.lists(
    st.tuples(st.sampled_from(PATHS), st.sampled_from(["drop", "duplicate", "set"]), REPLACEMENTS),
    min_size=1,
    max_size=3,
)


def check_loads_or_says_where(path: Path, text: str) -> Menu | None:
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        return load_menu(path)
    except MenuError as exc:
        message = str(exc)
        assert message.startswith(f"{path}: "), message[:200]
        assert exc.problems
        for problem in exc.problems:
            assert WHERE.match(problem), problem[:200]
        return None


def test_a_mutated_menu_loads_or_names_the_problem(tmp_path: Path) -> None:
    file = tmp_path / SOURCE

    @FUZZ
    @given(mutations=MUTATIONS)
    def check(mutations: list[tuple[tuple[Any, ...], str, Any]]) -> None:
        document = VALID
        for path, how, value in mutations:
            try:
                document = mutate(document, path, how, value)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier mutation removed or replaced what this one aims at
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        menu = check_loads_or_says_where(file, text)
        if menu is not None:
            ids = [item.id for item in menu.items()]
            assert len(ids) == len(set(ids)), "a menu that loads has unique item ids"
            assert all(item.base_price_cents >= 0 for item in menu.items())

    check()


def test_a_menu_with_a_duplicated_item_names_it(tmp_path: Path) -> None:
    category = VALID["categories"][1]
    document = mutate(VALID, ("categories", 1, "items", 0), "duplicate", None)
    with pytest.raises(MenuError, match=f"item id '{category['items'][0]['id']}' is used twice"):
        load_menu_text(yaml.safe_dump(document), SOURCE)


def test_any_yaml_document_loads_or_names_the_problem(tmp_path: Path) -> None:
    file = tmp_path / SOURCE
    documents = st.one_of(
        JSON_VALUES,
        st.fixed_dictionaries(
            {"restaurant": JSON_VALUES, "categories": st.lists(JSON_VALUES, max_size=3)}
        ),
        st.fixed_dictionaries(
            {
                "restaurant": st.fixed_dictionaries({"name": JUNK_TEXT}, optional={
                    "currency": JUNK_TEXT, "tax_rate": NUMBERS | JUNK_TEXT}),
                "categories": st.lists(st.fixed_dictionaries({
                    "id": JUNK_TEXT, "name": JUNK_TEXT,
                    "items": st.lists(st.fixed_dictionaries(
                        {"id": JUNK_TEXT, "name": JUNK_TEXT},
                        optional={"price": NUMBERS | JUNK_TEXT, "sizes": JSON_VALUES}),
                        max_size=3)}), max_size=3),
            }
        ),
    )  # fmt: skip

    @FUZZ
    @given(document=documents)
    def check(document: Any) -> None:
        check_loads_or_says_where(file, yaml.safe_dump(document, allow_unicode=True))

    check()


def test_any_text_loads_or_names_the_problem(tmp_path: Path) -> None:
    file = tmp_path / SOURCE
    valid = BUNDLED_MENU.read_text()
    texts = st.one_of(
        JUNK_TEXT,
        st.tuples(st.integers(0, len(valid)), JUNK_TEXT).map(
            lambda cut: valid[: cut[0]] + cut[1] + valid[cut[0] :]
        ),
        st.sampled_from(
            ["a: &a [*a, *a]", "!!python/object/apply:os.system ['true']", "%YAML 9.9\n---\n"]
        ),
    )

    @FUZZ
    @given(text=texts)
    def check(text: str) -> None:
        check_loads_or_says_where(file, text)

    check()


@pytest.mark.parametrize(
    "text",
    ["[" * 493, "- " * 500 + "x", "9" * 4301, "2001-13-45", "opened: 2001-02-30"],
    ids=["deep-flow", "deep-block", "long-integer", "bad-month", "bad-day"],
)
def test_text_the_yaml_parser_chokes_on_is_a_menu_error(text: str) -> None:
    with pytest.raises(MenuError):
        load_menu_text(text, SOURCE)


def test_a_price_too_large_for_decimal_is_a_menu_error() -> None:
    """Found here: "1e999999" overflowed Decimal (decimal.Overflow out of the loader), and a
    29-digit price lost digits to Decimal's precision and loaded as another price."""
    for price in ("1e999999", "9" * 29, "1e10"):
        text = yaml.safe_dump(mutate(VALID, ("categories", 0, "items", 1, "price"), "set", price))
        with pytest.raises(MenuError, match="field price"):
            load_menu_text(text, SOURCE)


def test_an_unknown_key_with_a_line_break_keeps_the_error_on_one_line() -> None:
    with pytest.raises(MenuError) as caught:
        load_menu_text(yaml.safe_dump({**VALID, "a\nb": 1}), SOURCE)
    assert "\n" not in str(caught.value)
