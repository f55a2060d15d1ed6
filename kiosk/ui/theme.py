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


def load_fonts() -> list[str]:
    families: list[str] = []
    for path in sorted(FONTS.glob("*.otf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families += QFontDatabase.applicationFontFamilies(font_id)
    return sorted(set(families))


def style_sheet(branding: Branding, scale: float = 1.0) -> str:
    sizes = {name: f"{round(px * scale)}px" for name, px in BASE_SIZES_PX.items()}
    primary = QColor(branding.primary)
    values = {
        **sizes,
        "primary": branding.primary,
        "primary_dark": primary.darker(130).name(),
        "accent": branding.accent,
    }
    return Template(STYLE_SHEET.read_text(encoding="utf-8")).substitute(values)


def apply_theme(app: QApplication, branding: Branding, scale: float = 1.0) -> None:
    app.setStyleSheet(style_sheet(branding, scale))
