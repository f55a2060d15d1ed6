"""Fonts and the style sheet: brand colors from the menu, sizes scaled for readability."""

from __future__ import annotations

from pathlib import Path
from string import Template

from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import QApplication

from agent.core.menu import Branding

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
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
    primary = QColor(branding.primary)
    values = {
        **sizes,
        "primary": branding.primary,
        "primary_dark": primary.darker(130).name(),
        "accent": branding.accent,
        "talk": f"{round(TALK_BUTTON_PX * density)}px",
        "talk_radius": f"{round(TALK_BUTTON_PX * density) // 2}px",
    }
    return Template(STYLE_SHEET.read_text(encoding="utf-8")).substitute(values)


def apply_theme(
    app: QApplication, branding: Branding, scale: float = 1.0, density: float = 1.0
) -> None:
    app.setStyleSheet(style_sheet(branding, scale, density))
