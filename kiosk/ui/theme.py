"""Fonts and the style sheet: brand colors from the menu, sizes scaled for readability."""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import QApplication

from agent.core.menu import Branding
from agent.core.resources import ASSETS_DIR

ASSETS = ASSETS_DIR
STYLE_SHEET = ASSETS / "theme" / "kiosk.qss"
FONTS = ASSETS / "fonts"
TEXT_SCALES = (1.0, 1.2, 1.45)
BASE_SIZES_PX = {"small": 18, "body": 22, "large": 28, "title": 32, "huge": 48, "giant": 120}
HEADLINE_SIZES = ("huge", "giant")
"""Already large: the customer's text size leaves them as they are (they would not fit)."""
COMPACT_SCREEN_PX = 900
"""A screen whose short side is below this (1366×768, 1024×768, 768×1024 tablets) is usually
a smaller panel seen from closer: everything is drawn at `COMPACT_DENSITY`."""
COMPACT_DENSITY = 0.85
TALK_BUTTON_PX = 120


PALETTE = {
    "ink": "#141414", "ink_soft": "#333333", "muted": "#4A4A4A", "paper": "#F6F4EF",
    "white": "#FFFFFF", "pressed": "#E3ECF1", "rule": "#D8D3C8", "field_rule": "#8A8F94",
    "danger": "#A3001A", "sold_out_bg": "#F0EFEB", "error_bg": "#FDE2E4",
    "warning_rule": "#C99400", "listening": "#0E5A27", "listening_bg": "#DDF0E2",
    "thinking": "#6B4A00", "thinking_bg": "#FFF1CC", "speaking": "#0B3D66",
    "speaking_bg": "#DCE9F5", "offline_bg": "#EEEEEE",
}  # fmt: skip
"""The theme's fixed colors; the brand's come from the menu."""
MIN_CONTRAST = 4.5
"""WCAG 2 AA for text: every text color on what it sits on (disabled controls are exempt)."""
TEXT_ON = (
    ("ink", "paper"), ("ink", "white"), ("ink", "sold_out_bg"), ("ink", "thinking_bg"),
    ("ink", "error_bg"), ("ink_soft", "paper"), ("ink_soft", "white"), ("muted", "white"),
    ("muted", "paper"), ("muted", "sold_out_bg"), ("muted", "offline_bg"),
    ("danger", "white"), ("danger", "sold_out_bg"), ("white", "danger"), ("white", "ink"),
    ("listening", "listening_bg"), ("thinking", "thinking_bg"), ("speaking", "speaking_bg"),
    ("on_primary", "primary"), ("on_accent", "accent"), ("primary_text", "white"),
    ("primary_text", "paper"), ("primary_text", "pressed"),
)  # fmt: skip
"""Each text color of the style sheet with each surface it is drawn on."""


def luminance(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(color)
    return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two colors (1 to 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def readable_on(background: str) -> str:
    """The theme's ink or white on a brand color, whichever reads better; black where neither
    reaches 4.5:1 (mid-tone colors: black always does)."""
    best = max((PALETTE["ink"], PALETTE["white"]), key=lambda text: contrast(text, background))
    return best if contrast(best, background) >= MIN_CONTRAST else "#000000"


def text_shade(color: str, *surfaces: str) -> str:
    """The brand color itself as text if it reads on every surface, else it darkened until
    it does (a light brand color would vanish on white)."""
    shade = QColor(color)
    for _ in range(40):
        if all(contrast(shade.name(), s) >= MIN_CONTRAST for s in surfaces):
            break
        shade = shade.darker(110)
    return shade.name()


def colors(branding: Branding) -> dict[str, str]:
    """Every color the style sheet uses, by name: the palette and the brand's, with the text
    colors that go on the brand's chosen to stay readable whatever the restaurant picked."""
    primary = QColor(branding.primary)
    named = dict(PALETTE)
    named |= {
        "primary": branding.primary,
        "primary_dark": primary.darker(130).name(),
        "accent": branding.accent,
        "on_primary": readable_on(branding.primary),
        "on_accent": readable_on(branding.accent),
        "primary_text": text_shade(
            branding.primary, PALETTE["white"], PALETTE["paper"], PALETTE["pressed"]
        ),
    }
    return named


def density_for(width: int, height: int) -> float:
    return COMPACT_DENSITY if min(width, height) < COMPACT_SCREEN_PX else 1.0


def load_fonts() -> list[str]:
    families: list[str] = []
    for path in sorted(FONTS.glob("*.otf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families += QFontDatabase.applicationFontFamilies(font_id)
    return sorted(set(families))


def style_sheet(branding: Branding, scale: float = 1.0, density: float = 1.0) -> str:
    sizes = {
        name: f"{round(px * density * (1.0 if name in HEADLINE_SIZES else scale))}px"
        for name, px in BASE_SIZES_PX.items()
    }
    values = {
        **sizes,
        **colors(branding),
        "talk": f"{round(TALK_BUTTON_PX * density)}px",
        "talk_radius": f"{round(TALK_BUTTON_PX * density) // 2}px",
    }
    return Template(STYLE_SHEET.read_text(encoding="utf-8")).substitute(values)


def apply_theme(
    app: QApplication, branding: Branding, scale: float = 1.0, density: float = 1.0
) -> None:
    app.setStyleSheet(style_sheet(branding, scale, density))
