"""The menus the tests use: the bundled one and a second, different one."""

from __future__ import annotations

from pathlib import Path

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
