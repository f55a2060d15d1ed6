"""`kiosk --check-screens`: opens the kiosk full screen on this display, walks every screen
(kiosk.ui.tour), prints each thing that does not fit (kiosk.ui.audit) and, with
`--screenshots DIR`, saves a grab of the X screen at each stop. Exit code 0 when everything fits.
No LiveKit server is needed: the walk shows what an agent would send."""

from __future__ import annotations

import dataclasses
import secrets
import sys
from pathlib import Path

from pydantic import SecretStr
from PySide6.QtGui import QGuiApplication

from agent.core.menu import Menu
from kiosk.localstack import free_port
from kiosk.session import SessionConfig
from kiosk.settings import AudioChoice, KioskSettings
from kiosk.staff_pin import hash_pin
from kiosk.ui.app import build_app, create_qt_app
from kiosk.ui.audit import Problem, audit
from kiosk.ui.tour import TOUR_TIMINGS, settle, tour

FULL_SCREEN_SETTLE_SECONDS = 0.5
FULL_SCREEN_WAIT_SECONDS = 5.0
"""A window manager maps and resizes a full-screen window asynchronously."""


def check_screens(settings: KioskSettings, menu: Menu, screenshots: Path | None) -> int:
    app = create_qt_app()
    nowhere = dataclasses.replace(
        SessionConfig.from_settings(settings), url=f"ws://127.0.0.1:{free_port()}"
    )
    # locked, so that the staff panel is walked too (with a PIN nobody is told)
    quiet = settings.model_copy(
        update={
            "kiosk_audio": AudioChoice.NONE,
            "kiosk_locked": True,
            "staff_pin_hash": SecretStr(hash_pin(f"{secrets.randbelow(10**8):08d}")),
        }
    )
    kiosk = build_app(quiet, nowhere, menu, windowed=False, timings=TOUR_TIMINGS)
    problems: list[Problem] = []
    stops = 0
    try:
        screen = kiosk.window.screen() or QGuiApplication.primaryScreen()
        size = screen.geometry()
        waited = 0.0
        while kiosk.window.geometry() != size and waited < FULL_SCREEN_WAIT_SECONDS:
            settle(0.1)
            waited += 0.1
        settle(FULL_SCREEN_SETTLE_SECONDS)
        label = f"{size.width()}x{size.height()}"
        if kiosk.window.geometry() != size:
            problems.append(
                Problem(
                    "window",
                    "KioskWindow",
                    "not full screen",
                    f"window {kiosk.window.geometry().getRect()}, screen {size.getRect()}",
                )
            )
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
        for stop in tour(kiosk.window, kiosk.controller, menu, kiosk.lockdown):
            stops += 1
            problems += audit(kiosk.window, stop.name, layer=stop.layer)
            if screenshots is not None:
                path = screenshots / f"{stop.name}-{label}.png"
                screen.grabWindow(0).save(str(path))
                print(f"saved {path}", file=sys.stderr)
    finally:
        kiosk.shutdown()
    for problem in problems:
        print(problem)
    print(f"{stops} screens at {label} on {app.platformName()}: {len(problems)} problems")
    return 1 if problems else 0
