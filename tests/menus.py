"""The menus the tests use: the bundled one and a second, different one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from agent.core.menu import Menu, load_menu

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_MENU = ROOT / "assets" / "menu.yaml"
SECOND_MENU = ROOT / "assets" / "examples" / "sunrise_taqueria.yaml"


def bundled() -> Menu:
    return load_menu(BUNDLED_MENU)


def second() -> Menu:
    return load_menu(SECOND_MENU)


def menu_from_text(text: str, directory: Path) -> Menu:
    """A made-up menu written out as YAML and loaded by the real loader."""
    path = directory / "menu.yaml"
    path.write_text(text)
    return load_menu(path)


def item_of(menu: dict[str, Any], item_id: str) -> dict[str, Any]:
    """The item `item_id` of a menu read as plain YAML data."""
    item: dict[str, Any] = next(
        i for c in menu["categories"] for i in c["items"] if i["id"] == item_id
    )
    return item


MenuChange = Callable[[dict[str, Any]], object]


def bundled_changed(change: MenuChange) -> dict[str, Any]:
    """The bundled menu as YAML data, with `change` made to it."""
    menu: dict[str, Any] = yaml.safe_load(BUNDLED_MENU.read_text())
    change(menu)
    return menu


PRICING_BREAKS = [
    pytest.param(
        lambda m: item_of(m, "cheeseburger").update(price="-9.49"),
        "item 'cheeseburger', field price: must be a non-negative amount like 8.99, not '-9.49'",
        id="item-price",
    ),
    pytest.param(
        lambda m: item_of(m, "coke")["sizes"][2].update(price="-2.99"),
        "item 'coke', size 'large', field price: must be a non-negative amount like 8.99, "
        "not '-2.99'",
        id="size-price",
    ),
    pytest.param(
        lambda m: item_of(m, "cheeseburger")["modifiers"][0].update(price="-0.50"),
        "item 'cheeseburger', modifier 'no_onions', field price: must be a non-negative "
        "amount like 8.99, not '-0.50'",
        id="modifier-price",
    ),
    pytest.param(
        lambda m: m["restaurant"].update(currency="XYZ"),
        "field restaurant.currency: must be an ISO 4217 currency code like USD, EUR or GBP, "
        "not 'XYZ'",
        id="currency",
    ),
    pytest.param(
        lambda m: m["restaurant"].update(tax_rate="8.75"),
        "field restaurant.tax_rate: must be a rate from 0 to 0.5 like 0.0875 (for 8.75%), "
        "not '8.75'",
        id="tax-rate",
    ),
]
"""Menus that would break pricing, each with the line that refuses it: the menu loader, the
worker and store service at start, and the admin upload all say the same."""
