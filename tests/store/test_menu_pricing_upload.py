"""A menu upload that would break pricing (a negative price, a currency that is no ISO 4217
code, a tax rate out of range) is not stored, and the page names the field and the value."""

from __future__ import annotations

import copy
import html
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from agent.store import MenuVersionStore
from store.staff import Role
from tests.menus import BUNDLED_MENU
from tests.store.conftest import StoreService

BASE: dict[str, Any] = yaml.safe_load(BUNDLED_MENU.read_text())


def _item(menu: dict[str, Any], item_id: str) -> dict[str, Any]:
    item: dict[str, Any] = next(
        i for c in menu["categories"] for i in c["items"] if i["id"] == item_id
    )
    return item


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda m: _item(m, "cheeseburger").update(price="-9.49"),
            "item 'cheeseburger', field price: must be a non-negative amount like 8.99, "
            "not '-9.49'",
        ),
        (
            lambda m: _item(m, "coke")["sizes"][2].update(price="-2.99"),
            "item 'coke', size 'large', field price: must be a non-negative amount like 8.99, "
            "not '-2.99'",
        ),
        (
            lambda m: _item(m, "cheeseburger")["modifiers"][0].update(price="-0.50"),
            "item 'cheeseburger', modifier 'no_onions', field price: must be a non-negative "
            "amount like 8.99, not '-0.50'",
        ),
        (
            lambda m: m["restaurant"].update(currency="XYZ"),
            "field restaurant.currency: must be an ISO 4217 currency code like USD, EUR or GBP, "
            "not 'XYZ'",
        ),
        (
            lambda m: m["restaurant"].update(tax_rate="8.75"),
            "field restaurant.tax_rate: must be a rate from 0 to 0.5 like 0.0875 (for 8.75%), "
            "not '8.75'",
        ),
    ],
    ids=["item-price", "size-price", "modifier-price", "currency", "tax-rate"],
)
def test_an_upload_that_would_break_pricing_is_refused(
    service: StoreService, change: Callable[[dict[str, Any]], object], expected: str
) -> None:
    csrf = service.sign_in("boss", Role.MANAGER)
    menu = copy.deepcopy(BASE)
    change(menu)
    response = service.client.post(
        "/admin/menu/versions",
        data={"csrf": csrf, "activate": "true"},
        files={"menu_file": ("autumn.yaml", yaml.safe_dump(menu).encode(), "application/yaml")},
    )
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert "autumn.yaml</strong> was not stored" in page
    assert expected in page
    assert service.run.run(MenuVersionStore(service.worker).versions()) == []
    assert service.run.run(MenuVersionStore(service.worker).active()) is None
