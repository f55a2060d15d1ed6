"""The starting screen: what `kiosk --demo` shows while its local servers start (10–40 s on a
store PC), so the customer and the installer see progress instead of a blank screen.

The servers start on a plain thread (LocalStack.start blocks); the Qt thread shows each step
with its elapsed time. Ctrl-C, SIGTERM or closing the window stop what was started.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QProgressBar, QVBoxLayout, QWidget

from agent.core.menu import Menu
from kiosk.errors import StartClosed
from kiosk.localstack import START_STEPS, LocalStack, StackEndpoint
from kiosk.ui.theme import apply_theme, density_for, load_fonts
from kiosk.ui.widgets import label, welcome_layout

POLL_SECONDS = 0.03
STEPS_WIDTH_PX = 820
PENDING, ACTIVE, DONE = "○", "…", "✓"


class StartingScreen(QWidget):
    """The restaurant's welcome, one line per start-up step and a busy bar."""

    closed = Signal()

    def __init__(self, menu: Menu, steps: Sequence[str] = START_STEPS) -> None:
        super().__init__()
        self.setWindowTitle(f"{menu.restaurant.name} — starting")
        layout = welcome_layout(self, "Starting", menu.restaurant.name)
        self.status = label("Getting the kiosk ready …", "AttractTagline", wrap=True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.status)
        layout.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(STEPS_WIDTH_PX)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.bar = QProgressBar()
        self.bar.setObjectName("StartingProgress")
        self.bar.setRange(0, 0)  # busy: how long a step takes is not known in advance
        self.bar.setTextVisible(False)
        column.addWidget(self.bar)
        self._steps = list(steps)
        self.rows = [label(f"{PENDING}  {step}", "StartingStep") for step in steps]
        for row in self.rows:
            column.addWidget(row)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self._current = -1
        self._began = time.monotonic()
        self._took: list[float] = []

    def begin(self, step: str) -> None:
        """`step` has started; the one before it is done."""
        now = time.monotonic()
        if self._current >= 0:
            self._took.append(now - self._began)
            self._show(self._current, DONE, self._took[-1])
        self._current = self._steps.index(step)
        self._began = now
        self.tick()

    def tick(self) -> None:
        if self._current >= 0:
            self._show(self._current, ACTIVE, time.monotonic() - self._began)

    def finish(self) -> None:
        if self._current >= 0:
            self._show(self._current, DONE, time.monotonic() - self._began)
        self.status.setText("Ready")

    def _show(self, index: int, mark: str, seconds: float) -> None:
        self.rows[index].setText(f"{mark}  {self._steps[index]}  ({seconds:.0f} s)")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.closed.emit()
        super().closeEvent(event)


@dataclass
class _Outcome:
    endpoint: StackEndpoint | None = None
    error: BaseException | None = None


def start_with_screen(
    app: QApplication,
    stack: LocalStack,
    menu: Menu,
    *,
    windowed: bool,
    size: tuple[int, int],
    on_step: Callable[[StartingScreen, str], None] | None = None,
) -> tuple[StackEndpoint, StartingScreen]:
    """Shows the starting screen while `stack` starts; returns its endpoint and the screen
    (still shown: the caller closes it once the kiosk's own window is up). Ctrl-C and SIGTERM
    (KeyboardInterrupt) or a closed window (StartClosed) stop the stack before they propagate;
    a failed start raises the stack's error. `on_step` runs on the Qt thread once each step is
    on screen (the screenshot script grabs it there)."""
    from kiosk.ui.app import show_full_screen

    load_fonts()
    screen = StartingScreen(menu, stack.steps)
    was_closed = threading.Event()
    screen.closed.connect(was_closed.set)
    if windowed:
        width, height = size
        screen.resize(width, height)
        screen.show()
    else:
        target = app.primaryScreen()
        geometry = target.geometry() if target is not None else None
        width, height = (geometry.width(), geometry.height()) if geometry else size
        show_full_screen(screen)
    apply_theme(app, menu.restaurant.branding, density=density_for(width, height))

    steps: queue.Queue[str] = queue.Queue()
    outcome = _Outcome()

    def start() -> None:
        try:
            outcome.endpoint = stack.start(progress=steps.put)
        except BaseException as exc:  # handed to the Qt thread
            outcome.error = exc

    worker = threading.Thread(target=start, name="local-stack-start", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            began = []
            while not steps.empty():
                began.append(steps.get_nowait())
                screen.begin(began[-1])
            screen.tick()
            app.processEvents()
            if on_step is not None:
                for step in began:
                    on_step(screen, step)
            if was_closed.is_set():
                raise StartClosed("the window was closed while the kiosk was starting")
            time.sleep(POLL_SECONDS)
    except BaseException:
        stack.stop()  # the start thread gives up and stops what it had started
        worker.join(timeout=15)
        screen.close()
        raise
    if outcome.error is not None:
        screen.close()
        raise outcome.error
    assert outcome.endpoint is not None
    screen.finish()
    app.processEvents()
    return outcome.endpoint, screen
