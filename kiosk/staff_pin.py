"""The staff PIN of a locked kiosk: stored only as an argon2 hash (STAFF_PIN_HASH), checked
with a limit on wrong tries so that a customer cannot guess it at the screen."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

PIN_DIGITS = (4, 12)
MAX_WRONG = 5
"""Wrong PINs in a row before the pad locks."""
LOCKOUT_SECONDS = 60.0

_HASHER = PasswordHasher()


class PinError(ValueError):
    """A PIN that cannot be used (not 4–12 digits)."""


def check_pin_format(pin: str) -> str:
    low, high = PIN_DIGITS
    if not (pin.isdigit() and pin.isascii() and low <= len(pin) <= high):
        raise PinError(f"a staff PIN is {low} to {high} digits")
    return pin


def hash_pin(pin: str) -> str:
    """The value for STAFF_PIN_HASH."""
    return _HASHER.hash(check_pin_format(pin))


@dataclass(frozen=True)
class PinResult:
    ok: bool
    tries_left: int = 0
    locked_for: float = 0.0
    """Seconds before the pad takes a PIN again (0 when it does)."""


class PinCheck:
    """Checks PINs against the hash; after MAX_WRONG wrong ones in a row no PIN is even tried
    for LOCKOUT_SECONDS."""

    def __init__(
        self,
        pin_hash: str,
        *,
        max_wrong: int = MAX_WRONG,
        lockout_seconds: float = LOCKOUT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._hash = pin_hash
        self._max_wrong = max_wrong
        self._lockout = lockout_seconds
        self._clock = clock
        self._wrong = 0
        self._locked_until = 0.0

    def check(self, pin: str) -> PinResult:
        now = self._clock()
        if now < self._locked_until:
            return PinResult(ok=False, locked_for=self._locked_until - now)
        try:
            _HASHER.verify(self._hash, pin)
        except (VerificationError, InvalidHashError):
            self._wrong += 1
            if self._wrong >= self._max_wrong:
                self._wrong = 0
                self._locked_until = now + self._lockout
                return PinResult(ok=False, locked_for=self._lockout)
            return PinResult(ok=False, tries_left=self._max_wrong - self._wrong)
        self._wrong = 0
        return PinResult(ok=True)
