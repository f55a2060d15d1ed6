"""Two threads, one job each: Qt draws and takes touches on the main thread; everything LiveKit
(the order session, audio, RPCs) runs on a plain asyncio loop in a background thread.

The rtc SDK delivers its events with `call_soon_threadsafe` from native threads at audio rate.
Run on qasync's Qt-driven loop, that traffic crashed the process under PySide6 6.12 ("Fatal
Python error: none_dealloc" / "bool_dealloc": a reference count corrupted inside the Qt
bindings), reproducibly within a minute of a voice order; on a plain asyncio loop it runs clean.
So the loops are separate, and they talk only through thread-safe queues:

- Qt → session: `SessionThread.submit(coroutine)` (asyncio's own `run_coroutine_threadsafe`).
- session → Qt: a poster from `QtInbox.poster(method)` puts `(method, args)` on a
  `queue.SimpleQueue`; a QTimer on the Qt thread drains it. No Qt object is ever touched off the
  Qt thread.

A poster holds its method's object only weakly. A QObject must also *die* on its own thread:
if a session-thread closure held the last reference to a controller, Python would destroy it
there, its running QTimer could not be unregistered from the Qt thread, and the next timer
event would reach freed memory (a segfault seen when a test ended with a connect in flight).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
import weakref
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

logger = logging.getLogger("kiosk.bridge")

T = TypeVar("T")
INBOX_INTERVAL_MS = 15


def _drop_full_capture_queue(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The rtc SDK's microphone callback checks its queue is not full, then schedules the put:
    under load several puts race and the last raise QueueFull on this loop. The SDK means to
    drop that frame ("drop if full"); so do we, instead of logging a traceback ten times a
    second. Everything else goes to the default handler."""
    if isinstance(context.get("exception"), asyncio.QueueFull):
        return
    loop.default_exception_handler(context)


class SessionThread:
    """A background thread running an asyncio loop for LiveKit work."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.loop.set_exception_handler(_drop_full_capture_queue)
        self._thread = threading.Thread(target=self._run, name="livekit-session", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Runs `coro` on the session loop and waits for it (only where blocking is fine)."""
        return self.submit(coro).result(timeout)

    def stop(self) -> None:
        if self.loop.is_closed():
            return

        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        if self._thread.is_alive():
            try:
                self.run(cancel_all(), timeout=10)
            except (concurrent.futures.TimeoutError, RuntimeError):
                logger.warning("session tasks did not stop in time")
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self.loop.close()


Mail = tuple[weakref.WeakMethod[Callable[..., Any]], tuple[Any, ...]]


class QtInbox(QObject):
    """Runs methods on the Qt thread that other threads post."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.SimpleQueue[Mail] = queue.SimpleQueue()
        self._timer = QTimer(self)
        self._timer.setInterval(INBOX_INTERVAL_MS)
        self._timer.timeout.connect(self.drain)
        self._timer.start()

    def poster(self, method: Callable[..., Any]) -> Callable[..., None]:
        """A thread-safe function: calling it with `args` runs `method(*args)` soon on the Qt
        thread. It keeps neither the inbox nor `method`'s object alive; mail for an object that
        is gone is dropped."""
        mailbox = self._queue
        target = weakref.WeakMethod(method)

        def post(*args: Any) -> None:
            mailbox.put((target, args))

        return post

    def drain(self) -> None:
        while True:
            try:
                target, args = self._queue.get_nowait()
            except queue.Empty:
                return
            callback = target()
            if callback is None:
                continue
            try:
                callback(*args)
            except Exception:
                logger.exception("kiosk UI callback failed")


def dispose(obj: QObject) -> None:
    """Deletes `obj` and its children now, on the calling (Qt) thread.

    Python frees a parentless QObject whenever its wrapper is collected, and the cyclic garbage
    collector runs on whichever thread happens to allocate; a widget tree with running timers
    destroyed on the session thread crashes Qt later. Call this before letting a top-level
    object go."""
    obj.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
