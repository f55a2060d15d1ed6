"""`kiosk`: the touchscreen app; `kiosk --demo` also runs livekit-server and the agent locally."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from agent.config import exit_with_config_error, load_settings
from agent.errors import ConfigError
from kiosk.errors import KioskError
from kiosk.localstack import LocalStack
from kiosk.session import SessionConfig
from kiosk.settings import KioskSettings
from kiosk.shutdown import exit_process
from kiosk.sim import run_session

logger = logging.getLogger("kiosk")

UI_MISSING = (
    "The touchscreen UI is not part of this build yet; "
    "running a headless kiosk session (kiosk-sim) against the local stack instead."
)


def _run_demo(settings: KioskSettings) -> int:
    log_dir = Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
    print(f"starting livekit-server and the agent worker (logs in {log_dir}) ...", file=sys.stderr)
    with LocalStack(log_dir) as stack:
        assert stack.endpoint is not None
        print(
            f"local LiveKit server at {stack.endpoint.url}; agent worker registered",
            file=sys.stderr,
        )
        print(UI_MISSING, file=sys.stderr)
        config = dataclasses.replace(
            SessionConfig.from_settings(settings),
            url=stack.endpoint.url,
            api_key=stack.endpoint.api_key,
            api_secret=stack.endpoint.api_secret,
        )
        return asyncio.run(run_session(config, reply_timeout=60.0))


def main_command(
    demo: Annotated[
        bool, typer.Option("--demo", help="Also start livekit-server and the agent worker locally.")
    ] = False,
) -> None:
    """Run the kiosk."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        settings = load_settings(KioskSettings)
    except ConfigError as exc:
        exit_with_config_error(exc)
    if not demo:
        print(
            f"error: {UI_MISSING.split(';')[0]}; use `kiosk --demo` or kiosk-sim", file=sys.stderr
        )
        raise SystemExit(1)
    try:
        code = _run_demo(settings)
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = 1
    exit_process(code)


def main() -> None:
    typer.run(main_command)
