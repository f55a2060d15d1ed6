"""Staff sign-in: argon2-checked passwords, HttpOnly SameSite cookies, a CSRF token on the
form, a limit on failed tries, and a `next` that never leaves the site."""

from __future__ import annotations

from typing import Any

import pytest

from store.login import safe_next
from store.staff import Role
from tests.store.conftest import PASSWORD, StoreService


def _form_csrf(service: StoreService) -> str:
    page = service.client.get("/login")
    return page.text.split('name="csrf" value="')[1].split('"')[0]


def _login(service: StoreService, username: str, password: str, next_path: str = "/kitchen") -> Any:
    return service.client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf": _form_csrf(service),
            "next": next_path,
        },
        follow_redirects=False,
    )


def test_a_right_password_signs_in_with_a_safe_cookie(service: StoreService) -> None:
    service.add_user("chef", Role.KITCHEN)
    response = _login(service, "chef", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/kitchen"
    cookie = response.headers["set-cookie"]
    assert "kiosk_staff=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert PASSWORD not in cookie
    assert service.client.get("/kitchen").status_code == 200


def test_wrong_passwords_are_refused_then_limited(service: StoreService) -> None:
    service.add_user("chef", Role.KITCHEN)
    for _ in range(5):
        assert _login(service, "chef", "not the password").status_code == 401
    limited = _login(service, "chef", PASSWORD)  # even the right one waits now
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert "kiosk_staff=" not in limited.headers.get("set-cookie", "")


def test_an_unknown_user_gets_the_same_answer(service: StoreService) -> None:
    response = _login(service, "nobody", PASSWORD)
    assert response.status_code == 401 and "Wrong username or password" in response.text


def test_the_form_needs_its_csrf_token(service: StoreService) -> None:
    service.add_user("chef", Role.KITCHEN)
    service.client.cookies.clear()
    response = service.client.post(
        "/login",
        data={"username": "chef", "password": PASSWORD, "csrf": "forged", "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("asked", "followed"),
    [
        ("/kitchen", "/kitchen"),
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/\\evil", "/"),
        ("", "/"),
    ],
)
def test_next_stays_on_this_site(asked: str, followed: str) -> None:
    assert safe_next(asked) == followed


def test_signing_out_ends_the_session(service: StoreService) -> None:
    csrf = service.sign_in("chef")
    response = service.client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert service.client.get("/kitchen", follow_redirects=False).status_code == 303


def test_pages_carry_security_headers(service: StoreService) -> None:
    response = service.client.get("/login")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    health = service.client.get("/healthz").json()
    assert health["ok"] is True and health["database"] in ("sqlite", "postgresql")
