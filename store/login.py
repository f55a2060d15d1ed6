"""Staff sign-in and sign-out (`/login`, `/logout`)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from store.staff import StaffSession
from store.web import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    TEMPLATES,
    ServiceDep,
    ServiceState,
    staff_session,
)

router = APIRouter(tags=["staff"])


def safe_next(path: str | None) -> str:
    """Only a path on this site (never `//elsewhere` or a full URL) is followed after login."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path[:200]


def _login_page(
    request: Request, next_path: str, message: str | None = None, code: int = 200
) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = TEMPLATES.TemplateResponse(
        request,
        "login.html",
        {"next": next_path, "csrf": token, "message": message},
        status_code=code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.service.settings.store_cookie_secure,
        max_age=3600,
    )
    return response


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str | None = None) -> HTMLResponse:  # noqa: A002
    return _login_page(request, safe_next(next))


@router.post("/login", response_model=None)
async def login(
    request: Request,
    service: Annotated[ServiceState, ServiceDep],
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=200)] = "/",  # noqa: A002
) -> Response:
    next_path = safe_next(next)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected.encode(), csrf.encode()):
        return _login_page(
            request, next_path, "The sign-in form expired. Please try again.", code=403
        )
    client = request.client.host if request.client else "unknown"
    keys = (f"user:{username.strip().lower()}", f"addr:{client}")
    wait = service.limiter.retry_after(*keys)
    if wait > 0:
        page = _login_page(
            request,
            next_path,
            f"Too many failed sign-ins. Try again in {int(wait // 60) + 1} min.",
            code=status.HTTP_429_TOO_MANY_REQUESTS,
        )
        page.headers["Retry-After"] = str(int(wait) + 1)
        return page
    user = await service.staff.authenticate(username, password)
    if user is None:
        service.limiter.failed(*keys)
        return _login_page(request, next_path, "Wrong username or password.", code=401)
    service.limiter.succeeded(*keys)
    token, session = await service.staff.start_session(user)
    response = RedirectResponse(next_path, status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=service.settings.store_cookie_secure,
        expires=session.expires_at,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
async def logout(
    request: Request,
    service: Annotated[ServiceState, ServiceDep],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> RedirectResponse:
    session: StaffSession | None = await staff_session(request)
    if session is None:
        return RedirectResponse("/login", status_code=status.HTTP_303_SEE_OTHER)
    if not secrets.compare_digest(session.csrf_token.encode(), csrf.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the form expired: reload the page")
    await service.staff.end_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=status.HTTP_303_SEE_OTHER)
    response.delete_cookie(SESSION_COOKIE)
    return response
