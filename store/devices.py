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
