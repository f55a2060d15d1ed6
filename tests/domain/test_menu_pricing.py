"""A menu that would break pricing is refused with one line naming the field and the value:
negative prices (item, size, modifier), a currency that is no ISO 4217 code, a tax rate out of
range. Free prices stay allowed. The worker and the store service refuse such a menu at start
with that line and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from agent.core.menu import MenuError, parse_menu
from agent.core.money import CURRENCY_SYMBOLS, ISO_4217_CURRENCIES, check_currency
from tests.menus import PRICING_BREAKS, MenuChange, bundled_changed, item_of


def _refusal(change: MenuChange) -> str:
    with pytest.raises(MenuError) as excinfo:
        parse_menu(bundled_changed(change), "menus/broken.yaml")
    message = str(excinfo.value)
    assert "\n" not in message, "one line"
    assert message.startswith("menus/broken.yaml: ")
    return message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda m: item_of(m, "cheeseburger").update(price="-9.49"),
            "item 'cheeseburger', field price: must be a non-negative amount like 8.99, "
            "not '-9.49'",
        ),
        (
            lambda m: item_of(m, "cheeseburger").update(price=-1),
            "item 'cheeseburger', field price: must be a non-negative amount like 8.99, not -1",
        ),
        (
            lambda m: item_of(m, "coke")["sizes"][1].update(price="-0.01"),
            "item 'coke', size 'medium', field price: must be a non-negative amount like 8.99, "
            "not '-0.01'",
        ),
        (
            lambda m: item_of(m, "cheeseburger")["modifiers"][0].update(price=-0.5),
            "item 'cheeseburger', modifier 'no_onions', field price: must be a non-negative "
            "amount like 8.99, not -0.5",
        ),
    ],
)
def test_a_negative_price_is_refused_naming_field_and_value(
    change: MenuChange, expected: str
) -> None:
    assert expected in _refusal(change)


@pytest.mark.parametrize("code", ["XYZ", "ABC", "usd", "US", "XAU", "XXX", "HRK", ""])
def test_a_currency_that_is_no_iso_4217_code_is_refused(code: str) -> None:
    message = _refusal(lambda m: m["restaurant"].update(currency=code))
    assert message.endswith(
        f"field restaurant.currency: must be an ISO 4217 currency code like USD, EUR or GBP, "
        f"not {code!r}"
    )


@pytest.mark.parametrize("code", ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "MYR", "SGD", "INR"])
def test_currencies_in_circulation_are_accepted(code: str) -> None:
    menu = parse_menu(bundled_changed(lambda m: m["restaurant"].update(currency=code)), "menu.yaml")
    assert menu.restaurant.currency == code


def test_every_currency_the_formatter_knows_is_an_iso_4217_code() -> None:
    assert set(CURRENCY_SYMBOLS) <= ISO_4217_CURRENCIES
    assert all(len(code) == 3 and code.isupper() for code in ISO_4217_CURRENCIES)
    assert check_currency("EUR") == "EUR"
    with pytest.raises(ValueError, match="must be an ISO 4217 currency code"):
        check_currency("XYZ")


@pytest.mark.parametrize(
    ("rate", "shown"),
    [("0.51", "'0.51'"), (-0.01, "-0.01"), (2, "2"), ("nan", "'nan'"), ("abc", "'abc'")],
)
def test_a_tax_rate_out_of_range_is_refused_naming_the_value(rate: object, shown: str) -> None:
    message = _refusal(lambda m: m["restaurant"].update(tax_rate=rate))
    assert message.endswith(
        f"field restaurant.tax_rate: must be a rate from 0 to 0.5 like 0.0875 (for 8.75%), "
        f"not {shown}"
    )


@pytest.mark.parametrize("rate", [0, "0", "0.0875", 0.0875, "0.5"])
def test_tax_rates_in_range_are_accepted_exactly(rate: object) -> None:
    menu = parse_menu(bundled_changed(lambda m: m["restaurant"].update(tax_rate=rate)), "menu.yaml")
    assert str(menu.restaurant.tax_rate) == str(rate)


def test_a_long_refused_value_is_cut_to_keep_the_message_one_short_line() -> None:
    message = _refusal(lambda m: item_of(m, "cheeseburger").update(price="-" + "9" * 400))
    assert message.endswith(
        "field price: must be a non-negative amount like 8.99, not '-" + "9" * 37 + "…"
    )


def test_free_prices_stay_allowed() -> None:
    def free(menu: dict[str, Any]) -> None:
        item_of(menu, "cheeseburger").update(price="0")
        item_of(menu, "cheeseburger")["modifiers"][0].update(price=0)
        item_of(menu, "coke")["sizes"][0].update(price="0.00")

    menu = parse_menu(bundled_changed(free), "menu.yaml")
    cheeseburger, coke = menu.item("cheeseburger"), menu.item("coke")
    assert cheeseburger is not None and coke is not None
    assert cheeseburger.price_cents == 0 and cheeseburger.modifiers[0].price_cents == 0
    assert coke.sizes[0].price_cents == 0
    assert cheeseburger.unit_price_cents(None, (cheeseburger.modifiers[0].id,)) == 0


@pytest.mark.parametrize(
    ("command", "exit_code"),
    [(["-m", "agent", "start"], 2), (["-m", "store", "serve", "--port", "0"], 1)],
    ids=["worker", "store-service"],
)
@pytest.mark.parametrize(("change", "expected"), PRICING_BREAKS)
def test_the_worker_and_store_service_refuse_the_menu_at_start(
    tmp_path: Path,
    command: list[str],
    exit_code: int,
    change: MenuChange,
    expected: str,
) -> None:
    menu_file = tmp_path / "broken.yaml"
    menu_file.write_text(yaml.safe_dump(bundled_changed(change), sort_keys=False))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("LIVEKIT_", "STORE_"))},
        "MENU_PATH": str(menu_file),
        "DATA_DIR": str(tmp_path / "data"),
        "LIVEKIT_URL": "ws://127.0.0.1:9",
        "LIVEKIT_API_KEY": "key",
        "LIVEKIT_API_SECRET": "secret-that-is-only-here-for-the-settings",
    }
    result = subprocess.run(
        [sys.executable, *command],
        env=env,
        cwd=tmp_path,  # no project .env
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == exit_code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    (line,) = result.stderr.splitlines()
    assert line == f"error: {menu_file}: " + line.split(f"{menu_file}: ", 1)[1]
    assert expected in line
