"""Starts the touchscreen app: Qt with a qasync event loop, theme, audio devices, controller."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from dataclasses import dataclass

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from agent.menu import Menu
from kiosk.audio import FileMicrophone
from kiosk.devices import AudioDeviceError, DeviceAudio, LevelMonitor
from kiosk.session import Loudspeaker, Microphone, SessionConfig
from kiosk.settings import AudioChoice, KioskSettings
from kiosk.ui.controller import KioskController
from kiosk.ui.theme import load_fonts
from kiosk.ui.window import KioskWindow

logger = logging.getLogger("kiosk.app")

LANDSCAPE = (1920, 1080)
MIC_UNAVAILABLE = "The microphone is not available. You can order by touch or by typing."


@dataclass
class KioskApp:
    """The running app's parts (tests and tools reach into them)."""

    app: QApplication
    window: KioskWindow
    controller: KioskController
    microphone: Microphone | None
    level_monitor: LevelMonitor | None
    started_at: float


def open_audio(
    settings: KioskSettings, file_microphone: bool
) -> tuple[Microphone | None, Loudspeaker | None, str]:
    """The microphone and speaker to use, and a notice when there are none."""
    if file_microphone:
        return FileMicrophone(), None, ""
    if settings.kiosk_audio is AudioChoice.NONE:
        return None, None, ""
    devices = DeviceAudio(settings.audio_input_device, settings.audio_output_device)
    try:
        devices.open()
    except AudioDeviceError as exc:
        logger.warning("audio devices unavailable", extra={"reason": str(exc)})
        return None, None, MIC_UNAVAILABLE
    return devices, devices, ""


def build_app(
    settings: KioskSettings,
    config: SessionConfig,
    menu: Menu,
    *,
    windowed: bool,
    size: tuple[int, int] = LANDSCAPE,
    file_microphone: bool = False,
) -> KioskApp:
    """Creates the window and controller on the current (qasync) loop; shows the window."""
    started = time.monotonic()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    load_fonts()
    microphone, speaker, audio_notice = open_audio(settings, file_microphone)
    controller = KioskController(config, microphone=microphone, speaker=speaker)
    window = KioskWindow(menu, controller, app)
    monitor = None
    if microphone is not None:
        microphone.start()
        monitor = LevelMonitor(microphone.track, controller.micLevel.emit)
        monitor.start()
    if audio_notice:
        QTimer.singleShot(500, lambda: window.notice.show_notice(audio_notice))
    if windowed:
        window.resize(*size)
        window.show()
    else:
        window.showFullScreen()
    return KioskApp(app, window, controller, microphone, monitor, started)


def run(settings: KioskSettings, config: SessionConfig, menu: Menu, *, windowed: bool) -> int:
    """Runs the app until its window is closed."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed: asyncio.Future[None] = loop.create_future()

    def on_quit() -> None:
        if not closed.done():
            closed.set_result(None)

    app.aboutToQuit.connect(on_quit)

    async def main() -> None:
        kiosk = build_app(settings, config, menu, windowed=windowed)
        logger.info(
            "kiosk ready", extra={"startup_seconds": round(time.monotonic() - kiosk.started_at, 2)}
        )
        await closed
        kiosk.controller.finish()
        if kiosk.level_monitor is not None:
            await kiosk.level_monitor.aclose()
        if kiosk.microphone is not None:
            await kiosk.microphone.aclose()

    with loop:
        loop.run_until_complete(main())
    return 0
