"""What staff see on a locked kiosk: the PIN pad and the staff panel (health, speaker test,
restart the order session, exit)."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff_pin import PIN_DIGITS
from kiosk.ui.widgets import LevelMeter, button, label

SERVER_CHECK_SECONDS = 1.5


class PinPad(QWidget):
    """Ten digits, clear and delete; the PIN shows as dots. A keyboard's digits, Backspace and
    Enter work too."""

    submitted = Signal()

    def __init__(self, message: str = "") -> None:
        super().__init__()
        self.pin = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = label(message, "EmptyCart", wrap=True)
        self.message.setVisible(bool(message))
        layout.addWidget(self.message)
        self.display = label("", "GrandTotalValue")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.display)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789C0<"):
            text = {"C": "Clear", "<": "⌫"}.get(key, key)
            pad_key = button(text, "PinKey")
            pad_key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            pad_key.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(pad_key, index // 3, index % 3)
            self.keys[key] = pad_key
        layout.addLayout(grid)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def press(self, key: str) -> None:
        if key == "C":
            self.pin = ""
        elif key == "<":
            self.pin = self.pin[:-1]
        elif key.isdigit() and len(self.pin) < PIN_DIGITS[1]:
            self.pin += key
        self.display.setText("●" * len(self.pin) if self.pin else " ")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        if text.isdigit():
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.press("<")
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        else:
            super().keyPressEvent(event)


@dataclass(frozen=True)
class Health:
    """One line of the staff panel: what, its state, and whether that is fine."""

    name: str
    state: str
    ok: bool


def server_health(url: str) -> Health:
    """Whether the LiveKit server takes connections (a TCP connect to its host and port)."""
    parts = urlsplit(url)
    secure = parts.scheme in ("wss", "https")
    host, port = parts.hostname or "", parts.port or (443 if secure else 80)
    try:
        with socket.create_connection((host, port), timeout=SERVER_CHECK_SECONDS):
            return Health("LiveKit server", f"reachable at {host}:{port}", True)
    except OSError as exc:
        return Health("LiveKit server", f"not reachable at {host}:{port} ({exc})", False)


ORDER_DATABASE = "Order database"


def store_health(token_url: str | None) -> Health:
    """Whether placed orders can be stored: the store service's own health (`/healthz` says
    whether it reaches the shared database). Without a store service (local development) the
    agent worker keeps the orders and the kiosk has nothing to ask."""
    if token_url is None:
        return Health(
            ORDER_DATABASE, "kept by the agent worker (no store service: TOKEN_URL)", True
        )
    url = urljoin(token_url, "/healthz")
    parts = urlsplit(url)
    where = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
    try:
        with urllib.request.urlopen(url, timeout=SERVER_CHECK_SECONDS) as response:
            database = str(json.loads(response.read()).get("database", "?"))
            return Health(ORDER_DATABASE, f"reachable ({database}, store service at {where})", True)
    except urllib.error.HTTPError as exc:
        if exc.code == 503:
            return Health(
                ORDER_DATABASE,
                f"not reachable: the store service at {where} cannot reach it",
                False,
            )
        return Health(
            ORDER_DATABASE, f"unknown: the store service at {where} answered {exc.code}", False
        )
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Health(
            ORDER_DATABASE,
            f"unknown: the store service at {where} is not reachable ({reason})",
            False,
        )


class StaffPanel(QWidget):
    """Health lines, the microphone's live level and a speaker test."""

    def __init__(self, health: list[Health], on_speaker_test: Callable[[], str]) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self.rows: list[QLabel] = []
        for line in health:
            row = label(f"{'✓' if line.ok else '✗'}  {line.name}: {line.state}", "LineName")
            row.setWordWrap(True)
            layout.addWidget(row)
            self.rows.append(row)
        mic = QHBoxLayout()
        mic.addWidget(label("Microphone level", "LineName"))
        self.meter = LevelMeter()
        mic.addWidget(self.meter, 1)
        layout.addLayout(mic)
        self.speaker_result = label("", "LineDetail", wrap=True)
        self.speaker_test = button("Test the speaker")

        def test() -> None:
            self.speaker_result.setText(on_speaker_test())

        self.speaker_test.clicked.connect(test)
        layout.addWidget(self.speaker_test)
        layout.addWidget(self.speaker_result)
