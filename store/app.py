"""The store service's FastAPI application: opens the shared database (migrating it), loads the
menu, follows order changes, and serves the kiosks' token endpoint and the staff's pages."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import FastAPI, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from agent.core.menu import load_menu
from agent.core.order_status import StatusChangeError
from agent.store import MenuVersionStore, OrderStore, StoreError
from store import admin, board, connection, kitchen, login, orders
from store.devices import DeviceRegistry
from store.feed import OrderFeed
from store.menus import menu_on_sale
from store.settings import StoreSettings
from store.staff import LoginLimiter, Role, StaffDirectory
from store.web import (
    PACKAGE_DIR,
    TEMPLATES,
    LoginRequired,
    ServiceDep,
    ServiceState,
    staff_session,
)

logger = logging.getLogger("kiosk.store")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


DEMO_USER = "demo"


async def _demo_setup(settings: StoreSettings, store: OrderStore) -> None:
    """`kiosk --demo`: its manager sign-in and its kiosk's key (both made up for this run)."""
    if settings.store_demo_password is not None:
        lifetime = dt.timedelta(hours=settings.staff_session_hours)
        await StaffDirectory(store, session_lifetime=lifetime).ensure_user(
            DEMO_USER, settings.store_demo_password.get_secret_value(), Role.MANAGER
        )
    if settings.store_demo_kiosk_key is not None and settings.kiosk_id:
        await DeviceRegistry(store).issue_key(
            settings.kiosk_id,
            "Demo kiosk",
            key=settings.store_demo_kiosk_key.get_secret_value(),
        )


def create_app(settings: StoreSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        file_menu = load_menu(settings.menu_path)
        store = await OrderStore.open(settings.resolved_database_url)
        feed = OrderFeed(store, poll_seconds=settings.store_feed_poll_seconds)
        try:
            await feed.start()
            await _demo_setup(settings, store)
            menu = await menu_on_sale(MenuVersionStore(store), file_menu)
            app.state.service = ServiceState(
                settings=settings,
                store=store,
                feed=feed,
                staff=StaffDirectory(
                    store, session_lifetime=dt.timedelta(hours=settings.staff_session_hours)
                ),
                devices=DeviceRegistry(store),
                limiter=LoginLimiter(),
                file_menu=file_menu,
                menu=menu,
            )
            logger.info("store service ready")
            yield
        finally:
            await feed.stop()
            await store.close()

    app = FastAPI(
        title="Kiosk store service",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.mount("/static", StaticFiles(directory=PACKAGE_DIR / "static"), name="static")
    for module in (connection, orders, kitchen, board, login, admin):
        app.include_router(module.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(_request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/login?next={exc.next_path}", status_code=303)

    @app.exception_handler(StatusChangeError)
    async def not_allowed(_request: Request, exc: StatusChangeError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_409_CONFLICT)

    @app.exception_handler(LookupError)
    async def not_found(_request: Request, exc: LookupError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_404_NOT_FOUND)

    @app.exception_handler(StoreError)
    async def database_down(_request: Request, exc: StoreError) -> JSONResponse:
        logger.warning("database error", extra={"error": str(exc)})
        return JSONResponse(
            {"detail": "the order database is not reachable; try again in a moment"},
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.method != "GET":
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return TEMPLATES.TemplateResponse(
            request,
            "error.html",
            {"code": exc.status_code, "detail": exc.detail},
            status_code=exc.status_code,
        )

    @app.get("/healthz")
    async def healthz(service: Annotated[ServiceState, ServiceDep]) -> dict[str, Any]:
        try:
            latest = await service.store.latest_event_id()
        except Exception:
            return JSONResponse(  # type: ignore[return-value]
                {"ok": False, "database": "unreachable"}, status_code=503
            )
        return {
            "ok": True,
            "database": service.store.engine.dialect.name,
            "last_event_id": latest,
            "live_pages": service.feed.listener_count,
        }

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request, service: Annotated[ServiceState, ServiceDep]) -> Response:
        session = await staff_session(request)
        return TEMPLATES.TemplateResponse(
            request,
            "index.html",
            {"session": session, "restaurant": service.menu.restaurant.name},
        )

    return app
