"""Waiting on the Qt thread for a signal or a condition, with Qt events processed meanwhile
(tools that drive the app, such as the screenshot script)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer, SignalInstance


def wait_signal(
    signal: SignalInstance, predicate: Callable[..., bool] = lambda *_: True, timeout: float = 30.0
) -> tuple[Any, ...]:
    """The arguments of the next emission of `signal` that satisfies `predicate`."""
    loop = QEventLoop()
    caught: list[tuple[Any, ...]] = []

    def on_emit(*args: Any) -> None:
        if not caught and predicate(*args):
            caught.append(args)
            loop.quit()

    signal.connect(on_emit)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    try:
        loop.exec()
    finally:
        signal.disconnect(on_emit)
    if not caught:
        raise TimeoutError(f"no matching signal within {timeout:.0f} s")
    return caught[0]


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Processes Qt events until `condition()` holds; TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout:.0f} s")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
