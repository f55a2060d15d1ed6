"""Where the product's own files are: the checkout's root (assets/: menu, theme, fonts, sounds)
when run from source, and the bundle's directory, `sys._MEIPASS`, in the packaged kiosk
(PyInstaller one-folder build, kiosk.spec)."""

from __future__ import annotations

import sys
from pathlib import Path


def is_frozen() -> bool:
    """True inside the packaged kiosk."""
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


ASSETS_DIR = bundle_root() / "assets"
