"""Random input to every route of the store service: never a 500, never a changed order.

Hypothesis posts random JSON, forms and path segments to each route, signed in as a manager
(so the requests get past the login and the CSRF check to the handlers themselves)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route

from agent.store import OrderStore, default_database_url
from store.app import create_app
from store.staff import Role
from tests.store.conftest import StoreService, store_settings

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
SEGMENTS = st.one_of(
    st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s and s not in (".", "..")),
    st.integers(min_value=-10, max_value=10**12).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["cheeseburger", "front", "2026-12-02", "1", "0", "%00", "' OR 1=1 --"]),
)
FORMS = st.dictionaries(
    st.sampled_from(["csrf", "payment", "reason", "available", "kiosk_id", "name", "username",
                     "password", "next", "x"]),
    st.text(max_size=60),
    max_size=5,
)  # fmt: skip


@pytest.fixture
def fuzzed(tmp_path: Path) -> Iterator[tuple[StoreService, str, list[tuple[str, str]]]]:
    url = default_database_url(tmp_path / "data")
    with asyncio.Runner() as run:
        worker = run.run(OrderStore.open(url))
        app = create_app(store_settings(url))
        routes = [
            (method, route.path)
            for route in app.routes
            if isinstance(route, Route) and not route.path.startswith("/static")
            for method in sorted(route.methods or ())
            if method in ("GET", "POST")
        ]
        try:
            with TestClient(app, raise_server_exceptions=False) as client:
                service = StoreService(client=client, settings=app.state.service.settings,
                                       worker=worker, run=run)  # fmt: skip
                csrf = service.sign_in("fuzzer", role=Role.MANAGER)
                service.place("cheeseburger", "fries", name="Ana")
                yield service, csrf, routes
        finally:
            run.run(worker.close())


def _fill(path: str, segments: list[str]) -> str:
    values = iter(segments)
    return re.sub(r"\{[^}]+\}", lambda _m: next(values, "x"), path)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    choice=st.integers(min_value=0, max_value=1000),
    segments=st.lists(SEGMENTS, min_size=3, max_size=3),
    body=JSON_VALUES,
    form=FORMS,
    as_form=st.booleans(),
    real_csrf=st.booleans(),
)
def test_random_requests_never_break_the_service_or_an_order(
    fuzzed: tuple[StoreService, str, list[tuple[str, str]]],
    choice: int,
    segments: list[str],
    body: Any,
    form: dict[str, str],
    as_form: bool,
    real_csrf: bool,
) -> None:
    service, csrf, routes = fuzzed
    method, template = routes[choice % len(routes)]
    if real_csrf and template != "/logout":  # past the form's CSRF check, into the handler
        form = {**form, "csrf": csrf}
    path = _fill(template, segments)
    headers = {"X-CSRF-Token": csrf}
    if method == "GET":
        response = service.client.get(path, params=form, headers=headers)
    elif as_form:
        response = service.client.post(path, data=form, headers=headers)
    else:
        response = service.client.post(path, json=body, headers=headers)
    assert response.status_code < 500, (method, path, response.status_code, response.text[:300])
    orders = service.run.run(service.worker.orders_on(service.worker.now().date()))
    assert [(o.order_number, len(o.lines)) for o in orders] == [(1, 2)]
