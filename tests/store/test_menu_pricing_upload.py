"""A menu upload that would break pricing (a negative price, a currency that is no ISO 4217
code, a tax rate out of range) is not stored, and the page names the field and the value."""

from __future__ import annotations

import html

import pytest
import yaml

from agent.store import MenuVersionStore
from store.staff import Role
from tests.menus import PRICING_BREAKS, MenuChange, bundled_changed
from tests.store.conftest import StoreService


@pytest.mark.parametrize(("change", "expected"), PRICING_BREAKS)
def test_an_upload_that_would_break_pricing_is_refused(
    service: StoreService, change: MenuChange, expected: str
) -> None:
    csrf = service.sign_in("boss", Role.MANAGER)
    menu = bundled_changed(change)
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
