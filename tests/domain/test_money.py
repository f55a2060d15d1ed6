from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.core.money import format_cents, number_words, parse_cents, spoken_cents, tax_cents


@pytest.mark.parametrize(
    ("value", "cents"),
    [("8.99", 899), (8.99, 899), (9, 900), ("0", 0), ("$4.50", 450), ("12.5", 1250), (0.1, 10)],
)
def test_parse_cents(value: object, cents: int) -> None:
    assert parse_cents(value) == cents


@pytest.mark.parametrize("value", ["abc", "-1", "1.999", None, True, [1], "nan", "inf"])
def test_parse_cents_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_cents(value)


def test_tax_rounds_half_up() -> None:
    assert tax_cents(1000, Decimal("0.0875")) == 88  # 87.5 → 88
    assert tax_cents(949, Decimal("0.0875")) == 83  # 83.0375
    assert tax_cents(0, Decimal("0.0875")) == 0


@given(
    st.integers(min_value=0, max_value=10_000_000),
    st.decimals(min_value=0, max_value=Decimal("0.5"), places=4),
)
def test_tax_is_within_half_a_cent(subtotal: int, rate: Decimal) -> None:
    exact = Decimal(subtotal) * rate
    assert abs(Decimal(tax_cents(subtotal, rate)) - exact) <= Decimal("0.5")


def test_formatting() -> None:
    assert format_cents(2389) == "$23.89"
    assert format_cents(5) == "$0.05"
    assert format_cents(123456) == "$1,234.56"
    assert format_cents(1050, "GBP") == "£10.50"
    assert format_cents(-1050, "EUR") == "-€10.50"
    assert format_cents(1050, "CHF") == "10.50 CHF"
    assert number_words(42) == "forty-two"
    assert number_words(110) == "one hundred ten"
    assert spoken_cents(2389) == "twenty-three dollars and eighty-nine cents"
    assert spoken_cents(100) == "one dollar"
    assert spoken_cents(5) == "five cents"
