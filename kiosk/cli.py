"""`kiosk`: the touchscreen app. `kiosk --demo` also runs livekit-server, the agent worker and the
store service (kitchen display, pickup board) locally and stops them on exit. Without a display,
`--demo` runs a headless session instead."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from agent.core.config import CONFIG_EXIT_CODE, exit_with_config_error, load_settings
from agent.core.errors import ConfigError
from agent.core.menu import MenuError, load_menu
from kiosk.errors import KioskError, StartClosed
from kiosk.localstack import LocalStack
from kiosk.session import SessionConfig
from kiosk.settings import KioskSettings
from kiosk.shutdown import exit_process

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

logger = logging.getLogger("kiosk")

DEMO_AGENT_WAIT = 60.0
NO_DISPLAY = (
    "No display found (DISPLAY / WAYLAND_DISPLAY are not set): running a headless kiosk session "
    "(kiosk-sim) against the local stack instead of the touchscreen app."
)


def has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )


def stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C, so that `finally` stops the local stack either way."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def print_pin_hash() -> None:
    """`kiosk --hash-pin`: asks twice on a terminal, reads one line otherwise; exits."""
    import getpass

    from kiosk.staff_pin import PinError, hash_pin

    if sys.stdin.isatty():
        pin = getpass.getpass("staff PIN (4–12 digits): ")
        if getpass.getpass("the same PIN again: ") != pin:
            print("error: the two PINs differ", file=sys.stderr)
            raise SystemExit(CONFIG_EXIT_CODE)
    else:
        pin = sys.stdin.readline().strip()
    try:
        print(f"STAFF_PIN_HASH='{hash_pin(pin)}'")
    except PinError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(CONFIG_EXIT_CODE) from None
    raise SystemExit(0)


def main_command(
    demo: Annotated[
        bool, typer.Option("--demo", help="Also start livekit-server and the agent worker locally.")
    ] = False,
    windowed: Annotated[
        bool, typer.Option("--windowed", help="A window instead of full screen (development).")
    ] = False,
    menu: Annotated[
        Path | None, typer.Option(help="Menu file (default: MENU_PATH or the bundled menu).")
    ] = None,
    check_screens: Annotated[
        bool,
        typer.Option(
            "--check-screens",
            help="Walk every screen full screen on this display and report what does not fit.",
        ),
    ] = False,
    screenshots: Annotated[
        Path | None,
        typer.Option(help="With --check-screens: save a grab of the screen at each stop here."),
    ] = None,
    list_devices: Annotated[
        bool,
        typer.Option("--list-devices", help="List the microphones and speakers, then exit."),
    ] = False,
    locked: Annotated[
        bool,
        typer.Option(
            "--locked",
            help="Lockdown for a store (as KIOSK_LOCKED=true): full screen, no way out but the "
            "staff panel (a 3-second press in the top-left corner, then STAFF_PIN_HASH's PIN).",
        ),
    ] = False,
    hash_pin: Annotated[
        bool,
        typer.Option("--hash-pin", help="Read a staff PIN, print its STAFF_PIN_HASH, exit."),
    ] = False,
    self_test: Annotated[
        bool,
        typer.Option(
            "--self-test",
            help="Order one item by touch through the real window against the configured server "
            "and agent (or --demo's), then exit: 0 when it was placed and confirmed.",
        ),
    ] = False,
) -> None:
    """Run the kiosk."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if list_devices:
        from kiosk.devices import describe_devices

        print(describe_devices())
        raise SystemExit(0)
    if hash_pin:
        print_pin_hash()
    if locked:
        os.environ["KIOSK_LOCKED"] = "true"  # the settings then insist on a staff PIN
    try:
        settings = load_settings(KioskSettings)
        menu_data = load_menu(menu or settings.menu_path)
    except ConfigError as exc:
        exit_with_config_error(exc)
    except MenuError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(CONFIG_EXIT_CODE) from None
    if check_screens:
        from kiosk.ui.check import check_screens as walk_screens

        exit_process(walk_screens(settings, menu_data, screenshots))
    config = SessionConfig.from_settings(settings)
    if self_test and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the same window, drawn off any screen
    headless = demo and not has_display()
    if not headless:
        # Qt aborts the process when no platform plugin loads: find out before starting servers
        from kiosk.ui.app import create_qt_app

        create_qt_app()
    stop_on_sigterm()
    stack: LocalStack | None = None
    starting: QWidget | None = None
    code = 1
    try:
        if demo:
            log_dir = Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
            print(
                f"starting livekit-server and the agent worker (logs in {log_dir}) …",
                file=sys.stderr,
            )
            agent_env = {"MENU_PATH": str(menu)} if menu else {}
            stack = LocalStack(
                log_dir,
                agent_env=agent_env,
                livekit_port=settings.local_livekit_port,
                workers=settings.demo_workers,
                start_store=True,
                kiosk_id=settings.kiosk_id,
            )
            if headless:
                endpoint = stack.start(progress=lambda step: print(f"{step} …", file=sys.stderr))
            else:  # the window shows the steps meanwhile
                from kiosk.ui.app import LANDSCAPE
                from kiosk.ui.starting import start_with_screen

                endpoint, starting = start_with_screen(
                    create_qt_app(), stack, menu_data, windowed=windowed, size=LANDSCAPE
                )
            config = endpoint.configure(config)
            print(
                f"local LiveKit server at {endpoint.url}; agent worker registered", file=sys.stderr
            )
            if endpoint.store_url:
                print(
                    f"kitchen display {endpoint.store_url}/kitchen, pickup board "
                    f"{endpoint.store_url}/board, admin {endpoint.store_url}/admin "
                    f"(sign in as demo, password {endpoint.demo_password})",
                    file=sys.stderr,
                )
        if self_test:
            from kiosk.ui.self_test import run_self_test

            if starting is not None:
                starting.close()
            code = run_self_test(settings, config, menu_data, windowed=windowed)
        elif headless:
            from kiosk.sim import run_session

            print(NO_DISPLAY, file=sys.stderr)
            # a worker that has just registered still loads its first job process (8–12 s on
            # two cores): a one-off demo session waits for it rather than give up at 10 s
            patient = dataclasses.replace(
                config, agent_join_timeout=max(config.agent_join_timeout, DEMO_AGENT_WAIT)
            )
            code = asyncio.run(run_session(patient, reply_timeout=60.0))
        else:
            from kiosk.ui.app import run

            code = run(settings, config, menu_data, windowed=windowed, replaces=starting)
    except StartClosed:
        code = 0  # closed like the kiosk's own window: nothing went wrong
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = CONFIG_EXIT_CODE
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print("stopping …", file=sys.stderr)
        code = 130
    finally:
        if stack is not None:
            stack.stop()
    exit_process(code)


def main() -> None:
    typer.run(main_command)
