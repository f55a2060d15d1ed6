"""The kiosk's settings, read once at the entry point from the environment and `.env`."""

from __future__ import annotations

import socket
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode

from agent.core.config import LIVEKIT_URL_SCHEMES, LiveKitSettings
from agent.core.protocol import TurnMode
from agent.core.settings import DEFAULT_MENU_PATH


def _default_kiosk_id() -> str:
    host = "".join(c if c.isalnum() else "-" for c in socket.gethostname().lower()).strip("-")
    return (host or "kiosk")[:32]


class AudioChoice(StrEnum):
    DEVICE = "device"
    NONE = "none"


class KioskSettings(LiveKitSettings):
    kiosk_id: str = Field(default_factory=_default_kiosk_id, pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")
    token_ttl_seconds: int = Field(default=900, ge=60, le=86_400)
    turn_mode: TurnMode = TurnMode.PUSH_TO_TALK
    agent_join_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    menu_path: Path = DEFAULT_MENU_PATH
    kiosk_audio: AudioChoice = AudioChoice.DEVICE
    audio_input_device: int | None = Field(default=None, ge=0)
    audio_output_device: int | None = Field(default=None, ge=0)
    local_livekit_port: int = Field(default=0, ge=0, le=65535)
    """`kiosk --demo`'s livekit-server port (0: any free port)."""
    demo_workers: int = Field(default=1, ge=1, le=4)
    """`kiosk --demo`'s agent worker processes: 2 adds a standby that takes the order at once
    when the serving worker dies (about 1 GB more memory with the offline speech models)."""
    livekit_fallback_urls: Annotated[tuple[str, ...], NoDecode] = ()
    """The other nodes of a LiveKit cluster (distributed mode, nodes sharing one Redis), comma
    separated: when LIVEKIT_URL (or the store's) does not answer, the kiosk joins the first of
    these that does, and an order whose node was lost continues there."""
    token_url: str | None = None
    """The store service's /connection (e.g. http://store.local:8090/connection): set it with
    KIOSK_KEY and the kiosk asks the store for each session's token instead of minting one."""
    kiosk_key: SecretStr | None = None
    """This kiosk's device key, issued in the admin pages or by `kiosk-store issue-key`."""
    kiosk_locked: bool = False
    """Lockdown (`kiosk --locked`): full screen, frameless, no way out for customers; staff
    open their panel with a 3-second press in the top-left corner and the PIN."""
    staff_pin_hash: SecretStr | None = None
    """The staff PIN as an argon2 hash (`kiosk --hash-pin` makes one); required when locked."""

    @field_validator("staff_pin_hash", mode="before")
    @classmethod
    def _pin_hash(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            if not value.strip():
                return None
            if not value.strip().startswith("$argon2"):
                raise ValueError("must be an argon2 hash: make one with `kiosk --hash-pin`")
            return value.strip()
        return value

    @field_validator("livekit_fallback_urls", mode="before")
    @classmethod
    def _fallback_urls(cls, value: object) -> object:
        if isinstance(value, str):
            value = [url.strip() for url in value.split(",") if url.strip()]
        if isinstance(value, list | tuple):
            for url in value:
                if not isinstance(url, str) or not url.startswith(LIVEKIT_URL_SCHEMES):
                    raise ValueError(
                        f"{url!r} must start with one of {', '.join(LIVEKIT_URL_SCHEMES)}"
                    )
            return tuple(value)
        return value

    @field_validator("token_url", mode="before")
    @classmethod
    def _token_url(cls, value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return None
            if not value.strip().startswith(("http://", "https://")):
                raise ValueError("must be an http:// or https:// URL of the store's /connection")
            return value.strip()
        return value

    @field_validator("kiosk_key", mode="before")
    @classmethod
    def _kiosk_key(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @model_validator(mode="after")
    def _store_needs_key(self) -> KioskSettings:
        if (self.token_url is None) != (self.kiosk_key is None):
            raise ValueError("TOKEN_URL and KIOSK_KEY go together: set both, or neither")
        return self

    @model_validator(mode="after")
    def _locked_needs_pin(self) -> KioskSettings:
        if self.kiosk_locked and self.staff_pin_hash is None:
            raise ValueError(
                "KIOSK_LOCKED needs STAFF_PIN_HASH, or staff could never leave the kiosk: "
                "make one with `kiosk --hash-pin`"
            )
        return self
