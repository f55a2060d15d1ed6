"""`kiosk-store`: run the store service, and set it up from a shell (first manager, kiosk keys)."""

from __future__ import annotations

import asyncio
import datetime as dt
import getpass
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer

from agent.core.config import check_port_free, exit_with_config_error, load_settings
from agent.core.errors import ConfigError
from agent.core.menu import MenuError, load_menu
from agent.store import OrderStore, StoreError
from store.devices import DeviceError, DeviceRegistry
from store.settings import StoreSettings
from store.staff import Role, StaffDirectory, StaffError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

FAILED_EXIT_CODE = 1
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
T = TypeVar("T")


def _settings() -> StoreSettings:
    try:
        return load_settings(StoreSettings)
    except ConfigError as exc:
        exit_with_config_error(exc)


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(FAILED_EXIT_CODE)


def _with_store(settings: StoreSettings, job: Callable[[OrderStore], Awaitable[T]]) -> T:
    async def run() -> T:
        store = await OrderStore.open(settings.resolved_database_url)
        try:
            return await job(store)
        finally:
            await store.close()

    try:
        return asyncio.run(run())
    except StoreError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (STORE_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (STORE_PORT; 0 picks one).")] = None,
) -> None:
    """Run the store service: /connection for kiosks, /kitchen, /board and /admin for staff."""
    settings = _settings()
    changes = {k: v for k, v in (("store_host", host), ("store_port", port)) if v is not None}
    if changes:
        settings = settings.model_copy(update=changes)
    try:
        check_port_free(settings.store_host, settings.store_port, "STORE_PORT")
        load_menu(settings.menu_path)
    except ConfigError as exc:
        exit_with_config_error(exc)
    except MenuError as exc:
        _fail(str(exc))

    import uvicorn

    from store.app import create_app

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    uvicorn.run(
        create_app(settings),
        host=settings.store_host,
        port=settings.store_port,
        log_level="info",
        proxy_headers=False,
    )


@app.command("create-user")
def create_user(
    username: Annotated[str, typer.Argument(help="Lower-case letters, digits, . - _")],
    role: Annotated[
        Role, typer.Option(help="manager: everything; kitchen: the kitchen display.")
    ] = (Role.MANAGER),
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a staff account (the first manager, before anyone can sign in to /admin)."""
    settings = _settings()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            _fail("the passwords differ")

    async def job(store: OrderStore) -> str:
        lifetime = dt.timedelta(hours=settings.staff_session_hours)
        directory = StaffDirectory(store, session_lifetime=lifetime)
        user = await directory.create_user(username, password, role)
        return f"created {user.role.value} {user.username}"

    try:
        print(_with_store(settings, job))
    except StaffError as exc:
        _fail(str(exc))


@app.command("issue-key")
def issue_key(
    kiosk_id: Annotated[str, typer.Argument(help="The kiosk's KIOSK_ID.")],
    name: Annotated[str, typer.Option(help='What staff call it ("Front door").')] = "",
) -> None:
    """Give a kiosk a key (replacing its old one) and print it once: set it as KIOSK_KEY."""
    settings = _settings()

    async def job(store: OrderStore) -> str:
        key, _device = await DeviceRegistry(store).issue_key(kiosk_id, name)
        return key

    try:
        print(_with_store(settings, job))
    except DeviceError as exc:
        _fail(str(exc))


@app.command("revoke-key")
def revoke_key(kiosk_id: Annotated[str, typer.Argument(help="The kiosk's KIOSK_ID.")]) -> None:
    """Stop a kiosk's key from working (a lost or replaced kiosk)."""
    settings = _settings()

    async def job(store: OrderStore) -> str:
        device = await DeviceRegistry(store).revoke(kiosk_id)
        return f"revoked the key of {device.kiosk_id}"

    try:
        print(_with_store(settings, job))
    except LookupError as exc:
        _fail(str(exc))


def main() -> None:
    app()
