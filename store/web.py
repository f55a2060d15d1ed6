"""What every route shares: the service's state, the templates, who is asking (staff session
or kiosk device), CSRF checks, and server-sent events."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.responses import StreamingResponse
from fastapi.templating import Jinja2Templates

from agent.core.menu import Menu
from agent.store import MenuVersionStore, OrderChange, OrderStore
from store.devices import Device, DeviceRegistry
from store.feed import OrderFeed
from store.settings import StoreSettings
from store.staff import LoginLimiter, Role, StaffDirectory, StaffSession

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=PACKAGE_DIR / "templates")
SESSION_COOKIE = "kiosk_staff"
LOGIN_CSRF_COOKIE = "kiosk_login_csrf"
CSRF_HEADER = "x-csrf-token"
HEARTBEAT_SECONDS = 15.0


@dataclass
class ServiceState:
    settings: StoreSettings
    store: OrderStore
    feed: OrderFeed
    staff: StaffDirectory
    devices: DeviceRegistry
    limiter: LoginLimiter
    file_menu: Menu
    """The menu file the service was started with: on sale while no uploaded version is active."""
    menu: Menu
    """What new order sessions sell now (the active version, else the file)."""

    @property
    def menu_versions(self) -> MenuVersionStore:
        return MenuVersionStore(self.store)


class LoginRequired(Exception):
    """A page for staff asked for without a session: the login page answers, then comes back."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def state(request: Request) -> ServiceState:
    service: ServiceState = request.app.state.service
    return service


async def staff_session(request: Request) -> StaffSession | None:
    return await state(request).staff.session_for(request.cookies.get(SESSION_COOKIE))


def staff_page(*roles: Role) -> Callable[[Request], Awaitable[StaffSession]]:
    """A page for staff with one of `roles` (managers may see everything)."""

    async def check(request: Request) -> StaffSession:
        session = await staff_session(request)
        if session is None:
            raise LoginRequired(request.url.path)
        if not session.user.may(*roles):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "this page is not for your role")
        return session

    return check


def staff_api(*roles: Role) -> Callable[[Request], Awaitable[StaffSession]]:
    """An API call for staff with one of `roles`; changes need the session's CSRF token."""

    async def check(request: Request) -> StaffSession:
        session = await staff_session(request)
        if session is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in first")
        if not session.user.may(*roles):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "not allowed for your role")
        if request.method not in ("GET", "HEAD"):
            sent = request.headers.get(CSRF_HEADER, "")
            if not secrets.compare_digest(sent.encode(), session.csrf_token.encode()):
                raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")
        return session

    return check


def bearer_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


async def kiosk_device(request: Request) -> Device:
    """The kiosk behind `Authorization: Bearer <KIOSK_KEY>`; 401 for a missing, unknown or
    revoked key (the same answer for each, so a guess learns nothing)."""
    device = await state(request).devices.device_for_key(bearer_key(request))
    if device is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "unknown or revoked kiosk key",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return device


ServiceDep = Depends(state)


def event_stream(
    request: Request,
    first: Callable[[], Awaitable[dict[str, Any]]],
    render: Callable[[list[OrderChange]], dict[str, Any] | None],
) -> StreamingResponse:
    """Server-sent events for a live page: `snapshot` with the whole state first, then
    `changes` for each batch (`render` may drop a batch: None), a comment as a heartbeat."""
    feed = state(request).feed

    async def events() -> AsyncIterator[str]:
        async with feed.listen() as queue:
            yield _sse("snapshot", await first())
            while True:
                try:
                    batch = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_SECONDS)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    yield ": still here\n\n"
                    continue
                if batch is None:
                    yield _sse("restart", {})
                    return
                payload = render(batch)
                if payload is not None:
                    yield _sse("changes", payload)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
