"""Awaiting Qt signals from asyncio code (tools and tests driving the app on a qasync loop)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SignalInstance


async def next_signal(
    signal: SignalInstance, predicate: Callable[..., bool] = lambda *_: True
) -> tuple[Any, ...]:
    """The arguments of the next emission of `signal` that satisfies `predicate` (bound the
    wait with `asyncio.wait_for`)."""
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def on_emit(*args: Any) -> None:
        if not future.done() and predicate(*args):
            future.set_result(args)

    signal.connect(on_emit)
    try:
        return await future
    finally:
        signal.disconnect(on_emit)
