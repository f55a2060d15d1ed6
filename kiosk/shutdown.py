"""Leaving a process that used livekit.rtc.

The rtc SDK's native runtime can still deliver events while the interpreter finalizes, and then
aborts with "panic in a function that cannot unwind" (seen about one exit in ten with livekit
1.1.21). Command-line tools have flushed everything by then, so they leave without finalizing.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def exit_process(code: int) -> NoReturn:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
