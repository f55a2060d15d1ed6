"""`/admin`: the manager's pages — the day's figures, orders (payments, refunds, voids, CSV),
sold-out switches and menu versions (upload, activate, roll back), kiosk devices and their keys.
Managers only; every change is a form POST carrying the session's CSRF token."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Path,
    Query,
    Request,
    UploadFile,
    status,
)
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from agent.core.menu import MenuError
from agent.core.money import format_cents
from agent.core.order_status import OrderStatus, PaymentStatus, StatusChangeError
from agent.store import AvailabilityStore, PlacedOrder
from agent.store.menus import MAX_MENU_BYTES
from store.devices import DeviceError
from store.figures import day_figures
from store.menus import version_views
from store.staff import Role, StaffSession
from store.web import TEMPLATES, ServiceDep, ServiceState, staff_page

router = APIRouter(prefix="/admin", tags=["admin"])

Manager = Annotated[StaffSession, Depends(staff_page(Role.MANAGER))]
Service = Annotated[ServiceState, ServiceDep]
CsrfField = Annotated[str, Form(max_length=100)]
CHART_HEIGHT = 160


def _check_csrf(session: StaffSession, sent: str) -> None:
    if not secrets.compare_digest(sent.encode(), session.csrf_token.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the form expired: reload the page")


def _today(service: ServiceState) -> dt.date:
    return service.store.now().date()


def _page(
    request: Request, service: ServiceState, session: StaffSession, name: str, **context: Any
) -> HTMLResponse:
    currency = service.menu.restaurant.currency
    return TEMPLATES.TemplateResponse(
        request,
        name,
        {
            "session": session,
            "restaurant": service.menu.restaurant.name,
            "money": lambda cents: format_cents(int(cents), currency),
            "section": name.removeprefix("admin_").removesuffix(".html"),
            **context,
        },
    )


@router.get("", response_class=HTMLResponse)
async def dashboard(
    request: Request,
    service: Service,
    session: Manager,
    day: Annotated[dt.date | None, Query()] = None,
) -> HTMLResponse:
    day = day or _today(service)
    orders = await service.store.orders_on(day)
    figures = day_figures(day, orders, tz=service.store.now().tzinfo)
    busiest = max((count for _hour, count in figures.per_hour), default=0)
    top = max((count for _name, count in figures.top_items), default=0)
    return _page(
        request,
        service,
        session,
        "admin_dashboard.html",
        day=day,
        figures=figures,
        busiest=busiest,
        top=top,
        chart_height=CHART_HEIGHT,
        previous_day=day - dt.timedelta(days=1),
        next_day=day + dt.timedelta(days=1) if day < _today(service) else None,
    )


def _matches(order: PlacedOrder, state: str, payment: str, query: str) -> bool:
    if state and order.status.value != state:
        return False
    if payment and order.payment_status.value != payment:
        return False
    if query:
        words = f"{order.order_number} {order.customer_name or ''} {order.kiosk_id}".lower()
        return query.lower() in words
    return True


@router.get("/orders", response_class=HTMLResponse)
async def orders_page(
    request: Request,
    service: Service,
    session: Manager,
    day: Annotated[dt.date | None, Query()] = None,
    state: Annotated[OrderStatus | None, Query(alias="status")] = None,
    payment: Annotated[PaymentStatus | None, Query()] = None,
    q: Annotated[str, Query(max_length=64)] = "",
    message: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    day = day or _today(service)
    orders = [
        order
        for order in await service.store.orders_on(day)
        if _matches(order, state.value if state else "", payment.value if payment else "", q)
    ]
    return _page(
        request,
        service,
        session,
        "admin_orders.html",
        day=day,
        orders=list(reversed(orders)),
        statuses=list(OrderStatus),
        payments=list(PaymentStatus),
        chosen_status=state.value if state else "",
        chosen_payment=payment.value if payment else "",
        q=q,
        message=message,
    )


@router.post("/orders/{day}/{number}/payment")
async def change_payment(
    day: dt.date,
    number: Annotated[int, Path(ge=1, le=1_000_000)],
    service: Service,
    session: Manager,
    csrf: CsrfField,
    payment: Annotated[PaymentStatus, Form()],
    reason: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    _check_csrf(session, csrf)
    try:
        change = await service.store.change_payment(
            day, number, payment, actor=f"staff:{session.user.username}", reason=reason
        )
        message = f"Order {number} is now {change.order.payment_status.label.lower()}."
    except StatusChangeError as exc:
        message = f"Order {number} not changed: {exc}."
    service.feed.nudge()
    query = urlencode({"day": day.isoformat(), "message": message})
    return RedirectResponse(f"/admin/orders?{query}", status_code=303)


@router.get("/orders.csv")
async def orders_csv(
    service: Service, session: Manager, day: Annotated[dt.date | None, Query()] = None
) -> Response:
    day = day or _today(service)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "date",
            "number",
            "placed_at",
            "kiosk",
            "customer",
            "status",
            "payment",
            "subtotal",
            "tax",
            "total",
            "items",
        ]
    )
    for order in await service.store.orders_on(day):
        writer.writerow(
            [
                day.isoformat(),
                order.order_number,
                order.placed_at.isoformat(),
                order.kiosk_id,
                _safe_cell(order.customer_name or ""),
                order.status.value,
                order.payment_status.value,
                f"{order.subtotal_cents / 100:.2f}",
                f"{order.tax_cents / 100:.2f}",
                f"{order.total_cents / 100:.2f}",
                _safe_cell("; ".join(line.describe() for line in order.lines)),
            ]
        )
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="orders-{day.isoformat()}.csv"'},
    )


def _safe_cell(text: str) -> str:
    """A spreadsheet must not run what a customer said as a formula (`=…`, `+…`, `@…`)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


async def _menu_page(
    request: Request,
    service: ServiceState,
    session: StaffSession,
    *,
    message: str = "",
    upload_name: str = "",
    upload_problems: tuple[str, ...] = (),
) -> HTMLResponse:
    switches = await AvailabilityStore(service.store).overrides()
    menu = service.menu.with_availability(switches)
    versions = await service.menu_versions.versions()
    response = _page(
        request,
        service,
        session,
        "admin_menu.html",
        menu=menu,
        message=message,
        versions=version_views(versions, service.menu),
        file_name=service.settings.menu_path.name,
        file_on_sale=not any(version.active for version in versions),
        upload_name=upload_name,
        upload_problems=upload_problems,
        max_kib=MAX_MENU_BYTES // 1024,
    )
    if upload_problems:
        response.status_code = status.HTTP_422_UNPROCESSABLE_CONTENT
    return response


@router.get("/menu", response_class=HTMLResponse)
async def menu_page(
    request: Request,
    service: Service,
    session: Manager,
    message: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    return await _menu_page(request, service, session, message=message)


def _to_menu_page(message: str, anchor: str = "versions") -> RedirectResponse:
    return RedirectResponse(f"/admin/menu?{urlencode({'message': message})}#{anchor}", 303)


@router.post("/menu/versions", response_class=HTMLResponse, response_model=None)
async def upload_menu(
    request: Request,
    service: Service,
    session: Manager,
    csrf: CsrfField,
    menu_file: Annotated[UploadFile, File()],
    activate: Annotated[bool, Form()] = False,
) -> Response:
    """A menu file checked by the same loader as the services' own: its problems are listed
    by item and field, and nothing is stored unless it loads."""
    _check_csrf(session, csrf)
    name = (menu_file.filename or "menu.yaml")[:200]
    raw = await menu_file.read(MAX_MENU_BYTES + 1)
    problems: tuple[str, ...] = ()
    if len(raw) > MAX_MENU_BYTES:
        problems = (f"the file is larger than {MAX_MENU_BYTES // 1024} KiB",)
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems = ("the file is not UTF-8 text (save it as a .yaml text file)",)
    if not problems:
        try:
            version = await service.menu_versions.add(
                text, name, actor=f"staff:{session.user.username}"
            )
        except MenuError as exc:
            problems = tuple(problem.removeprefix(f"{name}: ") for problem in exc.problems)
    if problems:
        return await _menu_page(
            request, service, session, upload_name=name, upload_problems=problems
        )
    if activate:
        return await activate_version(version.id, service, session, csrf)
    return _to_menu_page(f"Menu version {version.id} ({name}) is stored; it is not on sale yet.")


@router.post("/menu/versions/{version_id}/activate")
async def activate_version(
    version_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    service: Service,
    session: Manager,
    csrf: CsrfField,
) -> RedirectResponse:
    """Puts a version on sale (a roll back is activating an older one): new order sessions sell
    it; carts already open keep the prices they were built with."""
    _check_csrf(session, csrf)
    stored = next((v for v in await service.menu_versions.versions() if v.id == version_id), None)
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"there is no menu version {version_id}")
    try:
        menu = stored.menu()
    except MenuError as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"menu version {version_id} no longer loads: {exc}"
        ) from exc
    await service.menu_versions.activate(version_id)
    service.menu = menu
    return _to_menu_page(
        f"Menu version {version_id} is on sale: new orders use it, open carts keep their prices."
    )


@router.post("/menu/versions/file")
async def sell_menu_file(service: Service, session: Manager, csrf: CsrfField) -> RedirectResponse:
    """Back to the menu file the services were started with."""
    _check_csrf(session, csrf)
    await service.menu_versions.deactivate()
    service.menu = service.file_menu
    return _to_menu_page(f"The menu file ({service.settings.menu_path.name}) is on sale again.")


@router.get("/menu/versions/{version_id}.yaml")
async def download_version(
    version_id: Annotated[int, Path(ge=1, le=2**31 - 1)], service: Service, session: Manager
) -> Response:
    stored = next((v for v in await service.menu_versions.versions() if v.id == version_id), None)
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"there is no menu version {version_id}")
    filename = f"menu-version-{version_id}.yaml"
    return Response(
        stored.yaml_text,
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/menu/{item_id}/availability")
async def set_availability(
    item_id: str,
    service: Service,
    session: Manager,
    csrf: CsrfField,
    available: Annotated[bool, Form()],
) -> RedirectResponse:
    _check_csrf(session, csrf)
    item = service.menu.item(item_id)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"there is no item {item_id} on the menu")
    await AvailabilityStore(service.store).set_available(
        item_id, available, actor=f"staff:{session.user.username}"
    )
    state = "back on" if available else "sold out"
    query = urlencode({"message": f"{item.name} is {state}."})
    return RedirectResponse(f"/admin/menu?{query}#item-{item_id}", status_code=303)


@router.get("/devices", response_class=HTMLResponse)
async def devices_page(request: Request, service: Service, session: Manager) -> HTMLResponse:
    return _page(
        request,
        service,
        session,
        "admin_devices.html",
        devices=await service.devices.devices(),
        now=service.store.now(),
        new_key=None,
        error=None,
    )


@router.post("/devices", response_class=HTMLResponse)
async def issue_device_key(
    request: Request,
    service: Service,
    session: Manager,
    csrf: CsrfField,
    kiosk_id: Annotated[str, Form(max_length=64)],
    name: Annotated[str, Form(max_length=64)] = "",
) -> HTMLResponse:
    _check_csrf(session, csrf)
    new_key: tuple[str, str] | None = None
    error = None
    try:
        key, device = await service.devices.issue_key(kiosk_id, name)
        new_key = (device.kiosk_id, key)
    except DeviceError as exc:
        error = str(exc)
    response = _page(
        request,
        service,
        session,
        "admin_devices.html",
        devices=await service.devices.devices(),
        now=service.store.now(),
        new_key=new_key,
        error=error,
    )
    response.headers["Cache-Control"] = "no-store"  # the key is shown once, never cached
    if error:
        response.status_code = status.HTTP_422_UNPROCESSABLE_CONTENT
    return response


@router.post("/devices/{kiosk_id}/revoke")
async def revoke_device(
    kiosk_id: str, service: Service, session: Manager, csrf: CsrfField
) -> RedirectResponse:
    _check_csrf(session, csrf)
    await service.devices.revoke(kiosk_id)
    return RedirectResponse("/admin/devices", status_code=303)
