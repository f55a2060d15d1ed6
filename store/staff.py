"""Staff accounts and their sign-ins: argon2 password hashes, server-side sessions (only a hash
of the cookie is stored), a CSRF token per session, and a limit on failed logins."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import time
from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from agent.store import OrderStore
from agent.store.models import StaffSessionRow, StaffUserRow

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a real password, only evens out timing")


class Role(StrEnum):
    MANAGER = "manager"
    """Everything: admin pages, menu, devices, staff, and the kitchen."""
    KITCHEN = "kitchen"
    """The kitchen display only."""


class StaffError(ValueError):
    """A username, password or role that cannot be used (said so to whoever typed it)."""


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    role: Role

    def may(self, *roles: Role) -> bool:
        return self.role is Role.MANAGER or self.role in roles


@dataclass(frozen=True)
class StaffSession:
    user: StaffUser
    csrf_token: str
    expires_at: dt.datetime


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_username(username: str) -> str:
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise StaffError(
            "a username is 2–32 characters: lower-case letters, digits, dots, dashes, underscores"
        )
    return username


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StaffError(f"a password has at most {MAX_PASSWORD_LENGTH} characters")
    return password


class StaffDirectory:
    def __init__(self, store: OrderStore, *, session_lifetime: dt.timedelta) -> None:
        self._store = store
        self._lifetime = session_lifetime

    async def create_user(self, username: str, password: str, role: Role) -> StaffUser:
        username = check_username(username)
        row = StaffUserRow(
            username=username,
            password_hash=_HASHER.hash(check_password(password)),
            role=Role(role).value,
            created_at=self._store.now(),
        )
        try:
            async with self._store.sessions.begin() as session:
                session.add(row)
                await session.flush()
        except IntegrityError:
            raise StaffError(f"there is already a user called {username}") from None
        return StaffUser(id=row.id, username=row.username, role=Role(row.role))

    async def ensure_user(self, username: str, password: str, role: Role) -> StaffUser:
        """Creates the user, or gives an existing one this password and role (demo set-up)."""
        username = check_username(username)
        async with self._store.sessions.begin() as session:
            row = await session.scalar(
                select(StaffUserRow).where(StaffUserRow.username == username)
            )
            if row is None:
                row = StaffUserRow(username=username, created_at=self._store.now())
                session.add(row)
            row.password_hash = _HASHER.hash(check_password(password))
            row.role = Role(role).value
            row.disabled_at = None
            await session.flush()
            return StaffUser(id=row.id, username=row.username, role=Role(row.role))

    async def users(self) -> list[StaffUser]:
        async with self._store.sessions() as session:
            rows = await session.scalars(
                select(StaffUserRow)
                .where(StaffUserRow.disabled_at.is_(None))
                .order_by(StaffUserRow.username)
            )
            return [StaffUser(id=r.id, username=r.username, role=Role(r.role)) for r in rows]

    async def authenticate(self, username: str, password: str) -> StaffUser | None:
        """The user when the password is right; None otherwise (same work either way)."""
        async with self._store.sessions() as session:
            row = await session.scalar(
                select(StaffUserRow).where(
                    StaffUserRow.username == username.strip().lower(),
                    StaffUserRow.disabled_at.is_(None),
                )
            )
        stored = row.password_hash if row is not None else _DUMMY_HASH
        try:
            _HASHER.verify(stored, password[:MAX_PASSWORD_LENGTH])
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _HASHER.check_needs_rehash(row.password_hash):
            async with self._store.sessions.begin() as session:
                fresh = await session.get(StaffUserRow, row.id)
                if fresh is not None:
                    fresh.password_hash = _HASHER.hash(password)
        return StaffUser(id=row.id, username=row.username, role=Role(row.role))

    async def start_session(self, user: StaffUser) -> tuple[str, StaffSession]:
        """A new session: the cookie value (shown once, never stored) and the session."""
        token = secrets.token_urlsafe(32)
        now = self._store.now()
        record = StaffSessionRow(
            token_hash=_token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(24),
            created_at=now,
            expires_at=now + self._lifetime,
        )
        async with self._store.sessions.begin() as session:
            await session.execute(delete(StaffSessionRow).where(StaffSessionRow.expires_at < now))
            session.add(record)
        return token, StaffSession(
            user=user, csrf_token=record.csrf_token, expires_at=now + self._lifetime
        )

    async def session_for(self, token: str | None) -> StaffSession | None:
        if not token or len(token) > 100:
            return None
        async with self._store.sessions() as session:
            found = await session.execute(
                select(StaffSessionRow, StaffUserRow)
                .join(StaffUserRow, StaffUserRow.id == StaffSessionRow.user_id)
                .where(
                    StaffSessionRow.token_hash == _token_hash(token),
                    StaffUserRow.disabled_at.is_(None),
                )
            )
            row = found.first()
        if row is None:
            return None
        record, user = row
        if record.expires_at <= self._store.now():
            return None
        return StaffSession(
            user=StaffUser(id=user.id, username=user.username, role=Role(user.role)),
            csrf_token=record.csrf_token,
            expires_at=record.expires_at,
        )

    async def end_session(self, token: str | None) -> None:
        if not token:
            return
        async with self._store.sessions.begin() as session:
            await session.execute(
                delete(StaffSessionRow).where(StaffSessionRow.token_hash == _token_hash(token))
            )


class LoginLimiter:
    """At most `attempts` failed logins per `window` seconds for one username and for one
    client address; after that, wait (HTTP 429 with Retry-After)."""

    def __init__(self, attempts: int = 5, window: float = 300.0) -> None:
        self._attempts = attempts
        self._window = window
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        return failures

    def retry_after(self, *keys: str) -> float:
        """Seconds until another try is allowed (0: allowed now)."""
        now = time.monotonic()
        wait = 0.0
        for key in keys:
            failures = self._recent(key, now)
            if len(failures) >= self._attempts:
                wait = max(wait, failures[0] + self._window - now)
        return wait

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            self._recent(key, now).append(now)
        if len(self._failures) > 10_000:  # forget idle keys rather than grow without bound
            for key in [k for k, v in self._failures.items() if not v]:
                del self._failures[key]

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)
