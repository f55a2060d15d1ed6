"""What a kiosk tells the store service about itself every half minute (`POST /api/kiosk/health`
with its device key), so a manager sees on the admin pages which kiosks are up and serving."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

HEALTH_PATH = "/api/kiosk/health"
HEALTH_INTERVAL_SECONDS = 30.0
"""How often a kiosk reports; silent for three of these, the admin pages say "not heard from"."""

KioskScreen = Literal["attract", "ordering", "confirmation"]
KioskVoice = Literal["idle", "connecting", "ready", "reconnecting", "waiting", "unavailable"]


class KioskHealth(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    screen: KioskScreen
    voice: KioskVoice
    """The order session's link to an assistant (idle between customers)."""
    microphone: bool
    """Whether the kiosk has a microphone open (without one it takes typed and touch orders)."""
    locked: bool = False
    menu_version: str | None = Field(default=None, max_length=16)
    """The menu the last session was sent ("file" or a stored version's number)."""
