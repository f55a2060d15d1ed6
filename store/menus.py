"""What a manager sees of menu versions: which one is on sale, and what an upload would change
next to it (items added and taken off, prices that move), before they activate it."""

from __future__ import annotations

from dataclasses import dataclass

from agent.core.menu import Menu, MenuError, MenuItem
from agent.core.money import format_cents
from agent.store import MenuVersion, MenuVersionStore

MAX_CHANGES_SHOWN = 8


@dataclass(frozen=True)
class VersionView:
    """One stored version as its row on the menu page."""

    version: MenuVersion
    restaurant: str
    items: int
    changes: tuple[str, ...]
    """Against the menu on sale now, in words ("Oat Latte: new", "Mocha: $4.50 → $4.75")."""
    more_changes: int


def _prices(item: MenuItem) -> tuple[int, ...]:
    return tuple(size.price_cents for size in item.sizes) or (item.base_price_cents,)


def _price_words(item: MenuItem, currency: str) -> str:
    return " / ".join(format_cents(cents, currency) for cents in _prices(item))


def menu_changes(on_sale: Menu, upload: Menu) -> list[str]:
    """What selling `upload` instead of `on_sale` changes, item by item, in menu order."""
    currency = upload.restaurant.currency
    changes: list[str] = []
    if upload.restaurant.name != on_sale.restaurant.name:
        changes.append(f"Restaurant name: {upload.restaurant.name}")
    if upload.restaurant.tax_rate != on_sale.restaurant.tax_rate:
        changes.append(f"Tax rate: {on_sale.restaurant.tax_rate} → {upload.restaurant.tax_rate}")
    for item in upload.items():
        before = on_sale.item(item.id)
        if before is None:
            changes.append(f"{item.name}: new, {_price_words(item, currency)}")
        elif _prices(before) != _prices(item):
            was = _price_words(before, on_sale.restaurant.currency)
            changes.append(f"{item.name}: {was} → {_price_words(item, currency)}")
    changes.extend(
        f"{item.name}: taken off" for item in on_sale.items() if upload.item(item.id) is None
    )
    return changes


def version_views(versions: list[MenuVersion], on_sale: Menu) -> list[VersionView]:
    views = []
    for version in versions:
        try:
            menu = version.menu()
        except MenuError:  # stored before a schema change: shown, never offered for sale
            views.append(VersionView(version, "(no longer loads)", 0, (), 0))
            continue
        changes = [] if version.active else menu_changes(on_sale, menu)
        views.append(
            VersionView(
                version,
                menu.restaurant.name,
                sum(1 for _ in menu.items()),
                tuple(changes[:MAX_CHANGES_SHOWN]),
                max(0, len(changes) - MAX_CHANGES_SHOWN),
            )
        )
    return views


async def menu_on_sale(versions: MenuVersionStore, file_menu: Menu) -> Menu:
    """The active version's menu, else the menu file (as the agent workers decide it)."""
    active = await versions.active()
    if active is None:
        return file_menu
    try:
        return active.menu()
    except MenuError:
        return file_menu
