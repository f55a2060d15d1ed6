"""Menu files: the bundled menu is complete, and a broken file names file, item and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from agent.core.menu import MenuError, load_menu, parse_menu
from tests.menus import BUNDLED_MENU, SECOND_MENU, bundled, second


def _raw() -> dict[str, Any]:
    data = yaml.safe_load(BUNDLED_MENU.read_text())
    assert isinstance(data, dict)
    return data


def test_bundled_menu_is_a_realistic_restaurant() -> None:
    menu = bundled()
    items = list(menu.items())
    assert menu.restaurant.name == "Harbor Grill"
    assert len(menu.categories) >= 5
    assert len(items) >= 30
    assert any(item.sizes for item in items)
    assert any(item.modifiers for item in items)
    assert any(item.aliases for item in items)
    assert any(item.dietary for item in items) and any(item.allergens for item in items)
    assert [item.id for item in items if not item.available] == ["lobster_roll"]


def test_prices_are_integer_cents() -> None:
    menu = bundled()
    cheeseburger = menu.item("cheeseburger")
    assert cheeseburger is not None and cheeseburger.price_cents == 949
    coke = menu.item("coke")
    assert coke is not None
    assert [s.price_cents for s in coke.sizes] == [199, 249, 299]
    assert coke.base_price_cents == 199
    assert coke.unit_price_cents("large", ("no_ice",)) == 299


def test_second_menu_loads() -> None:
    menu = second()
    assert menu.restaurant.name == "Sunrise Taqueria"
    assert menu.item("california_burrito") is not None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["categories"][1]["items"][0].update(price="nine"),
            "category 'burgers', item 'cheeseburger', field price: must be an amount",
        ),
        (
            lambda d: d["categories"][0]["items"][1].pop("name"),
            "category 'appetizers', item 'mozzarella_sticks', field name: Field required",
        ),
        (
            lambda d: d["categories"][0]["items"][2].update(colour="red"),
            "item 'chicken_wings', field colour: Extra inputs are not permitted",
        ),
        (
            lambda d: d["categories"][1]["items"][0]["modifiers"][0].update(id="No Onions"),
            "item 'cheeseburger', modifier 'No Onions', field id",
        ),
        (
            lambda d: d["categories"][0]["items"][1].pop("price"),
            "item 'mozzarella_sticks': price: an item needs a price or sizes",
        ),
        (
            lambda d: d["categories"][1]["items"].append(d["categories"][1]["items"][0]),
            "item id 'cheeseburger' is used twice",
        ),
        (lambda d: d["restaurant"].update(tax_rate="2"), "field restaurant.tax_rate"),
        (lambda d: d["categories"][0]["items"][0].update(price="-1"), "non-negative"),
        (lambda d: d["categories"][0]["items"][1].update(price="7.499"), "at most two decimals"),
    ],
)
def test_schema_errors_name_file_item_and_field(change: Any, expected: str) -> None:
    data = _raw()
    change(data)
    with pytest.raises(MenuError) as excinfo:
        parse_menu(data, "menus/broken.yaml")
    message = str(excinfo.value)
    assert message.startswith("menus/broken.yaml: ")
    assert expected in message


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(MenuError, match="cannot read the menu file"):
        load_menu(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("restaurant: [unclosed\n")
    with pytest.raises(MenuError, match="not valid YAML"):
        load_menu(bad)
    bad.write_text("- just\n- a list\n")
    with pytest.raises(MenuError, match="must be a mapping"):
        load_menu(bad)


def test_menu_path_setting_selects_another_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.core.config import load_settings
    from agent.core.settings import AgentSettings

    monkeypatch.setenv("MENU_PATH", str(SECOND_MENU))
    settings = load_settings(AgentSettings)
    assert load_menu(settings.menu_path).restaurant.name == "Sunrise Taqueria"
