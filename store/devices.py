"""Kiosk devices: each gets a key (shown once, stored only as a hash) that lets it ask for order
session tokens; a manager revokes a lost or replaced kiosk's key."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from agent.core.kiosk_health import HEALTH_INTERVAL_SECONDS, KioskHealth
from agent.store import OrderStore
from agent.store.models import DeviceRow

KIOSK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
KEY_PREFIX = "kk_"
SEEN_WRITE_INTERVAL = dt.timedelta(seconds=30)
"""A kiosk's "last seen" is written at most this often (every token request would be a write)."""


class DeviceError(ValueError):
    """A kiosk id or name that cannot be used."""


@dataclass(frozen=True)
class Device:
    kiosk_id: str
    name: str
    key_hint: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_seen_at: dt.datetime | None
    last_health: dict[str, Any] | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def health_words(self, now: dt.datetime) -> tuple[str, str]:
        """(what a manager reads, "ok" | "warn" | "bad" | "none") from the kiosk's last report."""
        if not self.active:
            return "key revoked", "none"
        if self.last_seen_at is None:
            return "never connected", "none"
        silent = now - self.last_seen_at
        if silent > dt.timedelta(seconds=3 * HEALTH_INTERVAL_SECONDS):
            return f"not heard from for {_duration(silent)}", "bad"
        if self.last_health is None:
            return "seen (it sends no health report)", "ok"
        try:
            health = KioskHealth.model_validate(self.last_health)
        except ValueError:
            return "seen (its last report was not understood)", "warn"
        words = [VOICE_WORDS[health.voice], SCREEN_WORDS[health.screen]]
        level = "bad" if health.voice == "unavailable" else "ok"
        if health.voice in ("reconnecting", "waiting"):
            level = "warn"
        if not health.microphone:
            words.append("no microphone: typing and touch only")
            level = "warn" if level == "ok" else level
        if health.menu_version not in (None, "file"):
            words.append(f"menu version {health.menu_version}")
        return "; ".join(words), level


VOICE_WORDS = {
    "idle": "ready for the next customer",
    "connecting": "reaching an assistant",
    "ready": "voice ordering in progress",
    "reconnecting": "reconnecting to its assistant",
    "waiting": "waiting for an assistant (every one is busy)",
    "unavailable": "voice unavailable (no assistant joined the last order)",
}
SCREEN_WORDS = {
    "attract": "on the welcome screen",
    "ordering": "a customer is ordering",
    "confirmation": "showing an order number",
}


def _duration(span: dt.timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h"


def _key_hash(key: str) -> str:
    # device keys are 256 random bits: a plain hash is enough (passwords get argon2)
    return hashlib.sha256(key.encode()).hexdigest()


def _device(row: DeviceRow) -> Device:
    return Device(
        kiosk_id=row.kiosk_id,
        name=row.name,
        key_hint=row.key_hint,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        last_seen_at=row.last_seen_at,
        last_health=row.last_health,
    )


class DeviceRegistry:
    def __init__(self, store: OrderStore) -> None:
        self._store = store

    async def issue_key(
        self, kiosk_id: str, name: str = "", *, key: str | None = None
    ) -> tuple[str, Device]:
        """A new key for `kiosk_id` (registering it, or replacing its old key): the key itself is
        returned once and never stored. `key` sets it (a local demo's kiosk brings its own)."""
        kiosk_id = kiosk_id.strip().lower()
        if not KIOSK_ID_PATTERN.match(kiosk_id):
            raise DeviceError(
                "a kiosk id is 1–32 lower-case letters, digits and dashes, starting with a "
                "letter or digit"
            )
        name = " ".join(name.split())[:64] or kiosk_id
        if key is None:
            key = KEY_PREFIX + secrets.token_urlsafe(32)
        elif not key.startswith(KEY_PREFIX) or len(key) < len(KEY_PREFIX) + 32 or len(key) > 100:
            raise DeviceError(f"a kiosk key starts with {KEY_PREFIX} and has 32–97 more characters")
        now = self._store.now()
        async with self._store.sessions.begin() as session:
            row = await session.get(DeviceRow, kiosk_id)
            if row is None:
                row = DeviceRow(kiosk_id=kiosk_id, created_at=now)
                session.add(row)
            row.name = name
            row.key_hash = _key_hash(key)
            row.key_hint = key[: len(KEY_PREFIX) + 4]
            row.revoked_at = None
            await session.flush()
            return key, _device(row)

    async def revoke(self, kiosk_id: str) -> Device:
        async with self._store.sessions.begin() as session:
            row = await session.get(DeviceRow, kiosk_id)
            if row is None:
                raise LookupError(f"there is no kiosk {kiosk_id}")
            if row.revoked_at is None:
                row.revoked_at = self._store.now()
            return _device(row)

    async def report_health(self, kiosk_id: str, health: dict[str, Any]) -> None:
        """A kiosk's own report (it was seen now, and this is how it is)."""
        async with self._store.sessions.begin() as session:
            row = await session.get(DeviceRow, kiosk_id)
            if row is not None:
                row.last_seen_at = self._store.now()
                row.last_health = health

    async def devices(self) -> list[Device]:
        async with self._store.sessions() as session:
            rows = await session.scalars(select(DeviceRow).order_by(DeviceRow.kiosk_id))
            return [_device(row) for row in rows]

    async def device_for_key(
        self, key: str | None, *, health: dict[str, Any] | None = None
    ) -> Device | None:
        """The active kiosk holding `key` (and note that it was seen), or None."""
        if not key or not key.startswith(KEY_PREFIX) or len(key) > 100:
            return None
        now = self._store.now()
        async with self._store.sessions.begin() as session:
            row = await session.scalar(
                select(DeviceRow).where(DeviceRow.key_hash == _key_hash(key))
            )
            if row is None or row.revoked_at is not None:
                return None
            stale = row.last_seen_at is None or now - row.last_seen_at >= SEEN_WRITE_INTERVAL
            if stale or health is not None:
                row.last_seen_at = now
                if health is not None:
                    row.last_health = health
            return _device(row)
