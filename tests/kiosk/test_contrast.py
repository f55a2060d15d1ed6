"""Text contrast from the theme itself: every text color of the style sheet on every surface
it is drawn on reaches 4.5:1 (WCAG 2 AA), for each menu in the repository and for any brand
colors a restaurant may pick (the text on and in the brand's colors adapts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.core.menu import Branding, load_menu
from kiosk.ui.theme import MIN_CONTRAST, STYLE_SHEET, TEXT_ON, colors, contrast
from tests.menus import ROOT

MENUS = sorted(
    [ROOT / "assets" / "menu.yaml", *(ROOT / "assets" / "examples").glob("*.yaml")]
    + list((ROOT / "tests" / "conversations").glob("**/menus/*.yaml"))
)
HEX = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")


def weakest(branding: Branding) -> tuple[float, str, str]:
    named = colors(branding)
    return min((contrast(named[f], named[b]), f, b) for f, b in TEXT_ON)


@pytest.mark.parametrize("path", MENUS, ids=lambda p: Path(p).stem)
def test_every_text_reads_on_its_surface_with_each_menus_brand(path: Path) -> None:
    ratio, text, surface = weakest(load_menu(path).restaurant.branding)
    assert ratio >= MIN_CONTRAST, (text, surface, ratio)


@given(primary=HEX, accent=HEX)
def test_any_brand_colors_keep_text_readable(primary: str, accent: str) -> None:
    ratio, text, surface = weakest(Branding(primary=primary, accent=accent))
    assert ratio >= MIN_CONTRAST, (primary, accent, text, surface, ratio)


def test_every_text_color_of_the_style_sheet_is_a_checked_one() -> None:
    sheet = STYLE_SHEET.read_text()
    checked = {f for f, _ in TEXT_ON}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        if ":disabled" in selectors:
            continue  # inactive controls carry no contrast requirement (WCAG 1.4.3)
        for value in re.findall(r"(?<![-\w])color:\s*([^;]+);", body):
            assert value.strip().startswith("$"), (selectors.strip(), value)
            assert value.strip()[1:] in checked, (selectors.strip(), value)
