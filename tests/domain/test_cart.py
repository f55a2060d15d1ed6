"""Cart rules and arithmetic (with property tests)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.core.cart import MAX_LINES, MAX_QUANTITY, Cart, CartError, agreeing
from agent.core.menu import Menu, MenuItem
from agent.core.money import tax_cents
from tests.menus import bundled

MENU: Menu = bundled()


def item(item_id: str) -> MenuItem:
    found = MENU.item(item_id)
    assert found is not None
    return found


def new_cart() -> Cart:
    return Cart(MENU.restaurant.tax_rate)


def test_add_merges_identical_lines() -> None:
    cart = new_cart()
    cart.add(item("cheeseburger"), quantity=2)
    cart.add(item("cheeseburger"), quantity=1)
    assert [line.quantity for line in cart.lines] == [3]
    cart.add(item("cheeseburger"), modifier_ids=["no_onions"])
    assert [line.quantity for line in cart.lines] == [3, 1]
    cart.add(item("cheeseburger"), modifier_ids=["no_onions"])
    assert [line.quantity for line in cart.lines] == [3, 2]


def test_modifier_order_does_not_matter_for_merging() -> None:
    cart = new_cart()
    cart.add(item("cheeseburger"), modifier_ids=["add_bacon", "no_onions"])
    cart.add(item("cheeseburger"), modifier_ids=["no_onions", "add_bacon"])
    assert len(cart.lines) == 1 and cart.lines[0].quantity == 2


def test_prices_include_size_and_modifiers() -> None:
    cart = new_cart()
    line = cart.add(item("caesar_salad"), size_id="large", modifier_ids=["add_chicken"], quantity=2)
    assert line.unit_cents == 1099 + 400
    assert line.line_cents == 2 * 1499
    assert cart.subtotal_cents == 2998
    assert cart.tax_cents == tax_cents(2998, Decimal("0.0875")) == 262
    assert cart.total_cents == 3260


def test_size_rules() -> None:
    cart = new_cart()
    with pytest.raises(CartError, match="What size would you like for the Coke"):
        cart.add(item("coke"))
    with pytest.raises(CartError, match="comes in small, medium, large"):
        cart.add(item("coke"), size_id="huge")
    with pytest.raises(CartError, match="one size only"):
        cart.add(item("cheeseburger"), size_id="large")
    assert cart.is_empty and cart.version == 0


def test_the_verb_agrees_with_a_plural_name() -> None:
    assert agreeing("Wings", "comes", "come") == "come"
    assert agreeing("Tofu Rice Paper Rolls (Goi Cuon Chay)", "is", "are") == "are"
    assert agreeing("Coke", "comes", "come") == "comes"
    assert agreeing("Hummus", "is", "are") == "is"


def test_sold_out_and_unknown_modifier_are_refused() -> None:
    cart = new_cart()
    with pytest.raises(CartError, match="sold out"):
        cart.add(item("lobster_roll"))
    with pytest.raises(CartError, match="can't be made"):
        cart.add(item("cheeseburger"), modifier_ids=["no_ice"])
    assert cart.is_empty


def test_quantity_limits() -> None:
    cart = new_cart()
    for bad in (0, -1, MAX_QUANTITY + 1):
        with pytest.raises(CartError, match="between 1 and 20"):
            cart.add(item("fries"), size_id="small", quantity=bad)
    cart.add(item("fries"), size_id="small", quantity=MAX_QUANTITY)
    with pytest.raises(CartError, match="most per line is 20"):
        cart.add(item("fries"), size_id="small")
    line_id = cart.lines[0].line_id
    with pytest.raises(CartError):
        cart.set_quantity(line_id, 21)
    assert cart.lines[0].quantity == MAX_QUANTITY


def test_line_limit() -> None:
    cart = new_cart()
    menu_items = [i for i in MENU.items() if i.available and not i.sizes]
    options = [(i, m.id) for i in menu_items for m in i.modifiers] + [(i, None) for i in menu_items]
    for menu_item, modifier in options[:MAX_LINES]:
        cart.add(menu_item, modifier_ids=[modifier] if modifier else [])
    assert len(cart.lines) == MAX_LINES
    menu_item, modifier = options[MAX_LINES]
    with pytest.raises(CartError, match="at most 30"):
        cart.add(menu_item, modifier_ids=[modifier] if modifier else [])


def test_remove_set_quantity_clear_and_versions() -> None:
    cart = new_cart()
    first = cart.add(item("cheeseburger"))
    second = cart.add(item("fries"), size_id="large")
    assert cart.version == 2
    cart.set_quantity(first.line_id, 4)
    assert cart.lines[0].quantity == 4 and cart.version == 3
    cart.remove(second.line_id)
    assert [line.item_id for line in cart.lines] == ["cheeseburger"] and cart.version == 4
    with pytest.raises(CartError, match="not in the order"):
        cart.remove("L99")
    cart.clear()
    assert cart.is_empty and cart.version == 5
    assert cart.add(item("coffee")).line_id == "L3"  # line ids are never reused


def test_describe_reads_naturally() -> None:
    cart = new_cart()
    line = cart.add(item("coke"), size_id="large", quantity=2, modifier_ids=["no_ice"])
    assert line.describe() == "2 large Cokes (no ice)"
    assert cart.add(item("fish_and_chips")).describe() == "1 Fish and Chips"
    assert cart.add(item("brownie_sundae"), quantity=2).describe() == "2 Brownie Sundaes"


orderable = [i for i in MENU.items() if i.available]


@st.composite
def cart_actions(draw: st.DrawFn) -> list[tuple[MenuItem, int, str | None, list[str]]]:
    actions = []
    for _ in range(draw(st.integers(min_value=0, max_value=25))):
        menu_item = draw(st.sampled_from(orderable))
        size = draw(st.sampled_from([s.id for s in menu_item.sizes])) if menu_item.sizes else None
        modifiers = (
            draw(st.lists(st.sampled_from([m.id for m in menu_item.modifiers]), max_size=3))
            if menu_item.modifiers
            else []
        )
        actions.append((menu_item, draw(st.integers(min_value=1, max_value=5)), size, modifiers))
    return actions


@settings(max_examples=200, deadline=None)
@given(cart_actions())
def test_totals_always_add_up(actions: list[tuple[MenuItem, int, str | None, list[str]]]) -> None:
    cart = new_cart()
    expected_count = 0
    for menu_item, quantity, size, modifiers in actions:
        try:
            cart.add(menu_item, quantity=quantity, size_id=size, modifier_ids=modifiers)
            expected_count += quantity
        except CartError:
            pass
    assert cart.subtotal_cents == sum(line.unit_cents * line.quantity for line in cart.lines)
    assert cart.total_cents == cart.subtotal_cents + cart.tax_cents
    assert cart.tax_cents == tax_cents(cart.subtotal_cents, cart.tax_rate)
    assert cart.item_count == expected_count
    assert len(cart.lines) <= MAX_LINES
    assert all(1 <= line.quantity <= MAX_QUANTITY for line in cart.lines)
    choices = [(line.item_id, line.size_id, line.modifier_ids, line.notes) for line in cart.lines]
    assert len(choices) == len(set(choices)), "identical lines were not merged"


@settings(max_examples=100, deadline=None)
@given(cart_actions(), st.data())
def test_removing_every_line_empties_the_cart(
    actions: list[tuple[MenuItem, int, str | None, list[str]]], data: st.DataObject
) -> None:
    cart = new_cart()
    for menu_item, quantity, size, modifiers in actions:
        try:
            cart.add(menu_item, quantity=quantity, size_id=size, modifier_ids=modifiers)
        except CartError:
            pass
    line_ids = data.draw(st.permutations([line.line_id for line in cart.lines]))
    for line_id in line_ids:
        cart.remove(line_id)
    assert cart.is_empty
    assert cart.subtotal_cents == cart.tax_cents == cart.total_cents == 0
