"""A manager's menu uploads: checked by the menu loader (problems named by item and field,
nothing stored when wrong), shown with what they would change, put on sale, rolled back, and
the file again; every agent worker reads the same active version from the shared database."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from agent.store import MenuVersionStore
from store.staff import Role
from tests.menus import BUNDLED_MENU
from tests.store.conftest import StoreService

BASE: dict[str, Any] = yaml.safe_load(BUNDLED_MENU.read_text())


@pytest.fixture
def manager(service: StoreService) -> str:
    return service.sign_in("boss", Role.MANAGER)


def _items(menu: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for category in menu["categories"] for item in category["items"]]


def changed_menu() -> tuple[str, dict[str, Any]]:
    """The bundled menu with one plain item's price raised, one item added, one taken off."""
    menu = copy.deepcopy(BASE)
    items = _items(menu)
    raised = next(item for item in items if not item.get("sizes"))
    raised["price"] = "99.50"
    gone = menu["categories"][-1]["items"].pop()
    menu["categories"][0]["items"].append(
        {"id": "test_special", "name": "Harbor Test Special", "price": "12.25"}
    )
    return yaml.safe_dump(menu, sort_keys=False), {"raised": raised, "gone": gone}


def upload(
    service: StoreService, csrf: str, text: str | bytes, *, name: str = "menu.yaml", **form: str
) -> Any:
    body = text.encode() if isinstance(text, str) else text
    return service.client.post(
        "/admin/menu/versions",
        data={"csrf": csrf, **form},
        files={"menu_file": (name, body, "application/yaml")},
    )


def active_id(service: StoreService) -> int | None:
    active = service.run.run(MenuVersionStore(service.worker).active())
    return active.id if active else None


def test_an_upload_is_shown_with_its_changes_then_put_on_sale(
    service: StoreService, manager: str
) -> None:
    text, what = changed_menu()
    stored = upload(service, manager, text, name="autumn.yaml")
    assert stored.status_code == 200, stored.text
    assert "Menu version 1 (autumn.yaml) is stored; it is not on sale yet." in stored.text
    assert active_id(service) is None, "stored is not on sale"
    page = stored.text
    assert f"{what['raised']['name']}: $" in page and "→ $99.50" in page
    assert "Harbor Test Special: new, $12.25" in page
    assert f"{what['gone']['name']}: taken off" in page

    on_sale = service.client.post("/admin/menu/versions/1/activate", data={"csrf": manager})
    assert on_sale.status_code == 200
    assert "Menu version 1 is on sale" in on_sale.text
    assert active_id(service) == 1, "the shared database says what every worker sells"
    # the sold-out switches follow the menu on sale
    assert 'id="item-test_special"' in on_sale.text
    assert f'id="item-{what["gone"]["id"]}"' not in on_sale.text
    switched = service.client.post(
        "/admin/menu/test_special/availability", data={"csrf": manager, "available": "false"}
    )
    assert "Harbor Test Special is sold out" in switched.text


def test_roll_back_to_an_earlier_version_and_to_the_file(
    service: StoreService, manager: str
) -> None:
    first, _ = changed_menu()
    second = yaml.safe_load(first)
    second["restaurant"]["name"] = "Harbor Grill (winter)"
    upload(service, manager, first, activate="true")
    assert active_id(service) == 1
    upload(service, manager, yaml.safe_dump(second), activate="true")
    assert active_id(service) == 2
    assert "Harbor Grill (winter)" in service.client.get("/admin/menu").text

    back = service.client.post("/admin/menu/versions/1/activate", data={"csrf": manager})
    assert "Menu version 1 is on sale" in back.text and active_id(service) == 1
    to_file = service.client.post("/admin/menu/versions/file", data={"csrf": manager})
    assert "The menu file (menu.yaml) is on sale again." in to_file.text
    assert active_id(service) is None
    assert 'id="item-test_special"' not in to_file.text

    download = service.client.get("/admin/menu/versions/2.yaml")
    assert download.status_code == 200 and "Harbor Grill (winter)" in download.text
    assert service.client.get("/admin/menu/versions/9.yaml").status_code == 404
    missing = service.client.post("/admin/menu/versions/9/activate", data={"csrf": manager})
    assert missing.status_code == 404


def test_a_wrong_menu_is_not_stored_and_each_problem_names_item_and_field(
    service: StoreService, manager: str
) -> None:
    menu = copy.deepcopy(BASE)
    plain = [item for item in _items(menu) if not item.get("sizes")]
    del plain[0]["price"]
    plain[1]["price"] = "a lot"
    response = upload(service, manager, yaml.safe_dump(menu), name="broken.yaml", activate="true")
    assert response.status_code == 422
    page = response.text.replace("&#39;", "'")
    assert "broken.yaml</strong> was not stored: fix these 2 problems" in page
    assert f"item {plain[0]['id']!r}: price: an item needs a price or sizes with prices" in page
    assert f"item {plain[1]['id']!r}, field price: must be an amount like 8.99" in page

    twice = copy.deepcopy(BASE)
    items = _items(twice)
    items[2]["id"] = items[3]["id"]
    response = upload(service, manager, yaml.safe_dump(twice), name="twice.yaml")
    assert response.status_code == 422
    assert f"item id {items[3]['id']!r} is used twice" in response.text.replace("&#39;", "'")
    assert service.run.run(MenuVersionStore(service.worker).versions()) == []


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"restaurant: [unclosed", "not valid YAML"),
        (b"\xff\xfe\x00menu", "not UTF-8 text"),
        (b"- just\n- a list\n", "must be a mapping"),
        (b"#" * (512 * 1024 + 1), "larger than 512 KiB"),
    ],
)
def test_a_file_that_is_no_menu_gets_one_clear_line(
    service: StoreService, manager: str, body: bytes, says: str
) -> None:
    response = upload(service, manager, body)
    assert response.status_code == 422 and says in response.text
    assert service.run.run(MenuVersionStore(service.worker).versions()) == []


def test_menu_versions_need_a_manager_and_the_form_token(
    service: StoreService, manager: str
) -> None:
    text, _ = changed_menu()
    assert upload(service, "not-the-token", text).status_code == 403
    upload(service, manager, text)
    assert (
        service.client.post("/admin/menu/versions/1/activate", data={"csrf": "x"}).status_code
        == 403
    )
    assert active_id(service) is None
    service.client.post("/logout", headers={"X-CSRF-Token": manager})
    service.sign_in("cook", Role.KITCHEN)
    assert service.client.get("/admin/menu/versions/1.yaml").status_code == 403
    assert len(service.run.run(MenuVersionStore(service.worker).versions())) == 1
