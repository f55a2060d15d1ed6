"""The kiosk's calls to the store service: a session token for a new order room
(`POST TOKEN_URL` with the kiosk's device key), how a placed order is doing, and how the kiosk
itself is (for the managers' kiosk list).

In a store the kiosk holds only its own revocable key (KIOSK_KEY), never the LiveKit secret.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import aiohttp

from agent.core.kiosk_health import HEALTH_PATH, KioskHealth
from agent.core.protocol import TurnMode
from agent.core.tokens import SessionToken
from kiosk.errors import ConnectError

logger = logging.getLogger("kiosk.store_link")

REQUEST_TIMEOUT_SECONDS = 8.0


class OrderStatusUnavailable(ConnectError):
    """The store service did not say how the order is doing (the screen keeps what it showed)."""


@dataclass(frozen=True)
class StoreSession:
    server_url: str
    token: SessionToken


async def _call(method: str, url: str, kiosk_key: str, body: dict[str, Any] | None) -> Any:
    headers = {"Authorization": f"Bearer {kiosk_key}"}
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as http,
            http.request(method, url, json=body, headers=headers) as response,
        ):
            if response.status == 401:
                raise ConnectError(
                    "the store service refused this kiosk's key (KIOSK_KEY): ask a manager to "
                    "issue one in the admin pages"
                )
            if response.status >= 400:
                detail = (await response.text())[:200]
                raise ConnectError(f"the store service answered {response.status}: {detail}")
            if response.status == 204:
                return None
            return await response.json()
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise ConnectError(
            f"cannot reach the store service at {url}: {exc or 'timed out'}"
        ) from exc


async def request_session(
    token_url: str, kiosk_key: str, *, turn_mode: TurnMode, resume_room: str | None
) -> StoreSession:
    body: dict[str, Any] = {"turn_mode": turn_mode.value}
    if resume_room:
        body["resume_room"] = resume_room
    data = await _call("POST", token_url, kiosk_key, body)
    try:
        token = SessionToken(
            room=str(data["room_name"]),
            identity=str(data["participant_identity"]),
            jwt=str(data["participant_token"]),
            expires_at=dt.datetime.fromisoformat(str(data["expires_at"])),
        )
        return StoreSession(server_url=str(data["server_url"]), token=token)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConnectError("the store service's answer is not a session token") from exc


async def order_status(
    token_url: str, kiosk_key: str, business_date: str, order_number: int
) -> tuple[str, str]:
    """(status, label) of a placed order, e.g. ("ready", "Ready")."""
    url = urljoin(token_url, f"/api/kiosk/orders/{business_date}/{order_number}")
    try:
        data = await _call("GET", url, kiosk_key, None)
        return str(data["status"]), str(data["status_label"])
    except (ConnectError, KeyError, TypeError) as exc:
        raise OrderStatusUnavailable(str(exc)) from exc


async def report_health(token_url: str, kiosk_key: str, health: KioskHealth) -> None:
    await _call("POST", urljoin(token_url, HEALTH_PATH), kiosk_key, health.model_dump(mode="json"))
