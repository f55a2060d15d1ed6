"""Qt tests run offscreen; async scenarios run on a qasync loop over the test QApplication."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.ui.theme import load_fonts  # noqa: E402


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop that is also the Qt event loop (what the app runs on)."""
    load_fonts()
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)
