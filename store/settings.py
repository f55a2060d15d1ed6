"""The store service's settings, read once at the entry point from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, model_validator

from agent.core.config import LiveKitSettings
from agent.core.settings import DEFAULT_MENU_PATH, default_data_dir
from agent.store import default_database_url


class StoreSettings(LiveKitSettings):
    store_host: str = "127.0.0.1"
    store_port: int = Field(default=8090, ge=0, le=65535)
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    menu_path: Path = DEFAULT_MENU_PATH
    public_livekit_url: str | None = None
    """The LiveKit URL kiosks are told to join (default: LIVEKIT_URL, as this machine sees it)."""
    token_ttl_seconds: int = Field(default=900, ge=60, le=86_400)
    """The kiosk's own setting of the same name: how long a session token may be used to join."""
    kitchen_warn_minutes: float = Field(default=5.0, gt=0, le=240)
    """A ticket's timer turns amber after this many minutes…"""
    kitchen_late_minutes: float = Field(default=10.0, gt=0, le=480)
    """…and red after this many."""
    staff_session_hours: float = Field(default=12.0, gt=0, le=24 * 14)
    store_cookie_secure: bool = False
    """Mark staff cookies Secure (set it when the service is behind HTTPS)."""
    store_feed_poll_seconds: float = Field(default=0.25, gt=0, le=5)
    """How often the service looks for order changes on SQLite (PostgreSQL notifies at once)."""

    store_demo_password: SecretStr | None = None
    """Local demo only (`kiosk --demo` sets it): a manager "demo" with this password exists."""
    store_demo_kiosk_key: SecretStr | None = None
    """Local demo only: the kiosk KIOSK_ID may ask for tokens with this key."""
    kiosk_id: str | None = None

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> StoreSettings:
        if self.kitchen_late_minutes <= self.kitchen_warn_minutes:
            raise ValueError("KITCHEN_LATE_MINUTES must be more than KITCHEN_WARN_MINUTES")
        return self

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url(self.data_dir)

    @property
    def kiosk_livekit_url(self) -> str:
        return self.public_livekit_url or self.livekit_url
