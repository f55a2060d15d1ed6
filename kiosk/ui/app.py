"""Starts the touchscreen app: Qt on the main thread, the LiveKit session on its own thread
(kiosk.ui.bridge), theme, audio devices, controller."""

from __future__ import annotations

import logging
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from agent.core.menu import Menu
from kiosk.audio import FileMicrophone
from kiosk.devices import AudioDeviceError, DeviceAudio, LevelMonitor
from kiosk.session import Loudspeaker, Microphone, SessionConfig
from kiosk.settings import AudioChoice, KioskSettings
from kiosk.staff_pin import PinCheck
from kiosk.ui.bridge import SessionThread, dispose
from kiosk.ui.controller import Connection, KioskController, KioskTimings
from kiosk.ui.lockdown import LOCKED_FLAGS, Lockdown
from kiosk.ui.staff import Health
from kiosk.ui.theme import load_fonts
from kiosk.ui.window import KioskWindow

logger = logging.getLogger("kiosk.app")

LANDSCAPE = (1920, 1080)
READY_LINE = "kiosk window open"
MIC_UNAVAILABLE = "The microphone is not available. You can order by touch or by typing."


@dataclass
class KioskApp:
    """The running app's parts (tests and tools reach into them)."""

    app: QApplication
    window: KioskWindow
    controller: KioskController
    session_thread: SessionThread
    microphone: Microphone | None
    level_monitor: LevelMonitor | None
    started_at: float
    lockdown: Lockdown | None = None

    def shutdown(self) -> None:
        """Leaves any order room, releases the audio devices, stops the session thread and
        deletes the window (with its controller)."""
        self.controller.finish()
        deadline = time.monotonic() + 10
        while self.controller.busy and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)

        async def release() -> None:
            if self.level_monitor is not None:
                await self.level_monitor.aclose()
            if self.microphone is not None:
                await self.microphone.aclose()

        self.session_thread.run(release(), timeout=10)
        self.session_thread.stop()
        if self.lockdown is not None:
            self.lockdown.exiting = True
            self.lockdown.release()
        self.window.close()
        dispose(self.window)


async def open_audio(
    settings: KioskSettings, file_microphone: bool
) -> tuple[Microphone | None, Loudspeaker | None, str]:
    """The microphone and speaker to use, and a notice when there are none (session thread)."""
    if file_microphone:
        microphone = FileMicrophone()
        microphone.start()
        return microphone, None, ""
    if settings.kiosk_audio is AudioChoice.NONE:
        return None, None, ""
    devices = DeviceAudio(settings.audio_input_device, settings.audio_output_device)
    try:
        devices.open()
    except AudioDeviceError as exc:
        print(
            f"no microphone or speaker: voice is off, order by touch or typing ({exc})",
            file=sys.stderr,
        )
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
    timings: KioskTimings = KioskTimings(),  # noqa: B008 - frozen
) -> KioskApp:
    """Creates the session thread, window and controller (on the Qt thread); shows the window."""
    started = time.monotonic()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    load_fonts()
    thread = SessionThread()
    microphone, speaker, audio_notice = thread.run(open_audio(settings, file_microphone), 30)
    controller = KioskController(
        config, session_thread=thread, microphone=microphone, speaker=speaker, timings=timings
    )
    window = KioskWindow(menu, controller, app)
    monitor = None
    if microphone is not None:
        monitor = LevelMonitor(microphone.track, controller.level_poster())
        thread.loop.call_soon_threadsafe(monitor.start)
    if audio_notice:
        QTimer.singleShot(500, lambda: window.notice.show_notice(audio_notice))
    lockdown = None
    if settings.kiosk_locked:
        lockdown = lock(app, window, controller, settings, speaker)
        show_full_screen(window)
    elif windowed:
        window.resize(*size)
        window.show()
    else:
        show_full_screen(window)
    return KioskApp(app, window, controller, thread, microphone, monitor, started, lockdown)


AGENT_HEALTH = {
    Connection.IDLE: ("no order in progress (one is reached when a customer starts)", True),
    Connection.CONNECTING: ("reaching an assistant for this order", True),
    Connection.READY: ("in this order's room", True),
    Connection.RECONNECTING: ("reconnecting to this order", False),
    Connection.WAITING: ("waiting for an assistant: every one is busy", False),
    Connection.UNAVAILABLE: ("none joined the last order", False),
}


def lock(
    app: QApplication,
    window: KioskWindow,
    controller: KioskController,
    settings: KioskSettings,
    speaker: Loudspeaker | None,
    on_exit: Callable[[], None] | None = None,
) -> Lockdown:
    """Locks the window (before it is shown: frameless, on top) and wires the staff panel;
    the panel's Exit ends the app's event loop with code 0 (or calls `on_exit`)."""
    assert settings.staff_pin_hash is not None  # the settings refuse a lock without a PIN
    window.setWindowFlags(window.windowFlags() | LOCKED_FLAGS)

    def agent_health() -> Health:
        state, ok = AGENT_HEALTH[controller.connection]
        return Health("Order assistant", state, ok)

    def speaker_test() -> str:
        if not isinstance(speaker, DeviceAudio):
            return "No speaker is open (KIOSK_AUDIO=none, or no device): nothing to test."
        return speaker.play_test_tone()

    lockdown = Lockdown(
        window,
        PinCheck(settings.staff_pin_hash.get_secret_value()),
        server_url=controller.config.url,
        store_url=controller.config.token_url if controller.config.uses_store else None,
        agent_state=agent_health,
        on_speaker_test=speaker_test,
        on_restart=controller.finish,
        on_exit=on_exit or (lambda: app.exit(0)),
        app=app,
    )
    controller.micLevel.connect(lockdown.show_level)
    controller.locked = True
    return lockdown


FULL_SCREEN_CHECK_MS = 1000


def show_full_screen(window: QWidget) -> QTimer:
    """Full screen with or without a window manager, and kept so: without one (a bare X server
    on a kiosk PC) Qt's full-screen request is not honoured, so the window first takes the
    screen's size; a window manager that starts after the app (or restarts) would frame it, so
    a timer asks for full screen again whenever the window is no longer the screen's size."""

    def fill() -> None:
        screen = window.screen() or QApplication.primaryScreen()
        # what the customer sees: the window's own area covers the screen (a manager that
        # framed it may keep its title bar above the screen's edge, out of sight)
        if screen is None or window.geometry() == screen.geometry():
            return
        if window.isVisible():
            logger.info("window no longer full screen: asking again")
            window.showNormal()
        window.setGeometry(screen.geometry())
        window.showFullScreen()

    fill()
    keeper = QTimer(window)
    keeper.timeout.connect(fill)
    keeper.start(FULL_SCREEN_CHECK_MS)
    return keeper


SIGNAL_POLL_MS = 200
"""Python runs signal handlers only between bytecodes: a timer wakes it inside Qt's loop."""


def quit_on_signals(app: QApplication) -> QTimer:
    """Ctrl-C and SIGTERM close the app the normal way (the caller then stops what it started)."""

    def request_quit(signum: int, _frame: object) -> None:
        logger.info("quitting on a signal", extra={"signal": signum})
        # not quit(): a locked window refuses the close that quit() asks for; and through a
        # timer, so that a signal that comes just before the event loop starts still ends it
        QTimer.singleShot(0, lambda: app.exit(0))

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, request_quit)
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(SIGNAL_POLL_MS)
    return wake


def create_qt_app() -> QApplication:
    """The process's QApplication (made once; loading the platform plugin happens here)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    return app


def run(
    settings: KioskSettings,
    config: SessionConfig,
    menu: Menu,
    *,
    windowed: bool,
    replaces: QWidget | None = None,
) -> int:
    """Runs the app until its window is closed or the process is told to stop. `replaces` (the
    starting screen) closes once the kiosk's window is up, so the screen is never empty."""
    app = create_qt_app()
    wake = quit_on_signals(app)
    kiosk = build_app(settings, config, menu, windowed=windowed)
    if replaces is not None:
        replaces.close()
    print(READY_LINE, file=sys.stderr, flush=True)
    logger.info(
        "kiosk ready", extra={"startup_seconds": round(time.monotonic() - kiosk.started_at, 2)}
    )
    try:
        return app.exec()
    finally:
        wake.stop()
        kiosk.shutdown()
