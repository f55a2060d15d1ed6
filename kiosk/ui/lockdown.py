"""Kiosk lockdown (`kiosk --locked`): the window is frameless, full screen and on top, and a
customer cannot leave it (closing, Alt+F4 through the window manager, Ctrl+Q and Esc do
nothing); the screen is kept on; staff open their panel with a 3-second press in the top-left
corner and the PIN. SIGTERM (systemd stopping the unit) still ends the app the normal way.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.staff_pin import PinCheck
from kiosk.ui.staff import Health, PinPad, StaffPanel, server_health, store_health

logger = logging.getLogger("kiosk.lockdown")

CORNER_PX = 96
"""The hidden staff corner: this square at the window's top-left."""
HOLD_MS = 3000
LOCKED_FLAGS = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint


class CornerHold(QObject):
    """Emits `held` when a press (finger or mouse) stays in the window's top-left corner for
    HOLD_MS; whatever widget is under the finger gets the press as usual."""

    held = Signal()

    def __init__(self, window: QWidget, hold_ms: int = HOLD_MS) -> None:
        super().__init__(window)
        self._window = window
        self._timer = QTimer(self, singleShot=True, interval=hold_ms)
        self._timer.timeout.connect(self.held)

    def _in_corner(self, global_pos: QPoint) -> bool:
        origin = self._window.mapToGlobal(QPoint(0, 0))
        return QRect(origin, QSize(CORNER_PX, CORNER_PX)).contains(global_pos)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._press(event.globalPosition().toPoint())
        elif kind == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent):
            points = event.points()
            if len(points) == 1:
                self._press(points[0].globalPosition().toPoint())
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd):
            self._timer.stop()
        elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if self._timer.isActive() and not self._in_corner(event.globalPosition().toPoint()):
                self._timer.stop()
        return False

    def _press(self, where: QPoint) -> None:
        if self._in_corner(where):
            self._timer.start()


class ScreenKeeper:
    """Keeps an X screen from blanking (screensaver and DPMS off) and puts the settings back
    when the kiosk exits. Wayland compositors (cage) blank only when an idle daemon tells them
    to: run none on a kiosk (deploy/README.md)."""

    def __init__(self) -> None:
        self._restore: list[list[str]] = []

    def hold(self) -> bool:
        xset = shutil.which("xset")
        if QGuiApplication.platformName() != "xcb" or xset is None:
            logger.info("screen blanking left to the system (not X, or no xset)")
            return False
        state = _xset(xset, "q")
        if state is None:
            return False
        saver = re.search(r"timeout:\s*(\d+)\s+cycle:\s*(\d+)", state)
        if saver:
            self._restore.append([xset, "s", saver.group(1), saver.group(2)])
        if "DPMS is Enabled" in state:
            self._restore.append([xset, "+dpms"])
        for args in (["s", "off"], ["s", "noblank"], ["-dpms"]):
            _xset(xset, *args)
        return True

    def release(self) -> None:
        for command in self._restore:
            _xset(command[0], *command[1:])
        self._restore.clear()


def _xset(xset: str, *args: str) -> str | None:
    try:
        done = subprocess.run([xset, *args], capture_output=True, text=True, timeout=5, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        logger.warning("xset %s failed: %s", " ".join(args), exc)
        return None
    return done.stdout


class Lockdown(QObject):
    """Locks `window` (a KioskWindow) and runs the staff side of it."""

    def __init__(
        self,
        window: QWidget,
        pin: PinCheck,
        *,
        server_url: str,
        store_url: str | None = None,
        agent_state: Callable[[], Health],
        on_speaker_test: Callable[[], str],
        on_restart: Callable[[], None],
        on_exit: Callable[[], None],
        app: QApplication,
    ) -> None:
        super().__init__(window)
        self.window = window
        self._pin = pin
        self._server_url = server_url
        self._store_url = store_url
        """The store service's /connection (TOKEN_URL), whose health says the database's."""
        self._agent_state = agent_state
        self._on_speaker_test = on_speaker_test
        self._on_restart = on_restart
        self._on_exit = on_exit
        self._app = app
        self.exiting = False
        self.panel: StaffPanel | None = None
        self.pad: PinPad | None = None
        self.corner = CornerHold(window)
        self.corner.held.connect(self.ask_pin)
        app.installEventFilter(self.corner)
        app.installEventFilter(self)
        self.screen = ScreenKeeper()
        self.screen.hold()

    # -- the customer cannot leave -----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Close and watched is self.window and not self.exiting:
            assert isinstance(event, QCloseEvent)
            event.ignore()
            logger.info("close refused: the kiosk is locked")
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            quit_keys = event.key() == Qt.Key.Key_Q and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            )
            alt_f4 = event.key() == Qt.Key.Key_F4 and (
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if quit_keys or alt_f4:
                return True
        return False

    # -- staff -------------------------------------------------------------------------------
    def ask_pin(self, message: str = "") -> None:
        overlay = self.window.overlay  # type: ignore[attr-defined]
        pad = self.pad = PinPad(message)
        overlay.open(
            "pin",
            "Staff only: enter the PIN",
            pad,
            [("Back", "", lambda: None), ("Open", "Primary", lambda: self._check(pad.pin))],
        )

        def submit() -> None:
            overlay.close_overlay()
            self._check(pad.pin)

        pad.submitted.connect(submit)
        pad.setFocus(Qt.FocusReason.OtherFocusReason)

    def _check(self, pin: str) -> None:
        result = self._pin.check(pin)
        if result.ok:
            logger.info("staff panel opened")
            self.open_panel()
        elif result.locked_for:
            logger.warning("staff PIN locked after wrong tries")
            self.window.notice.show_notice(  # type: ignore[attr-defined]
                f"Too many wrong PINs. Try again in {result.locked_for:.0f} seconds."
            )
        else:
            logger.warning("wrong staff PIN")
            self.ask_pin(f"Wrong PIN: {result.tries_left} tries left.")

    def open_panel(self) -> None:
        overlay = self.window.overlay  # type: ignore[attr-defined]
        health = [
            server_health(self._server_url),
            self._agent_state(),
            store_health(self._store_url),
        ]
        self.panel = StaffPanel(health, self._on_speaker_test)
        overlay.open(
            "staff",
            "Staff",
            self.panel,
            [
                ("Close", "", lambda: None),
                ("Restart session", "", self._on_restart),
                ("Exit kiosk", "Danger", self.exit),
            ],
        )

    def show_level(self, dbfs: float) -> None:
        """The microphone's level on the staff panel, while it is open."""
        if self.panel is not None and shiboken6.isValid(self.panel):
            self.panel.meter.set_level(dbfs)

    def exit(self) -> None:
        logger.info("staff exit")
        self.exiting = True
        self._on_exit()

    def release(self) -> None:
        self.screen.release()
        self._app.removeEventFilter(self.corner)
        self._app.removeEventFilter(self)
