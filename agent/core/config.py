"""Loading pydantic-settings classes with one clear line per problem instead of a traceback.

Shared by the agent and the kiosk entry points; imports neither Qt nor LiveKit.
"""

from __future__ import annotations

import errno
import socket
import sys
from typing import NoReturn, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from agent.core.errors import ConfigError

SettingsT = TypeVar("SettingsT", bound=BaseSettings)

CONFIG_EXIT_CODE = 2


def _env_name(settings_cls: type[BaseSettings], loc: tuple[int | str, ...]) -> str:
    """The environment variable that feeds the field at `loc`."""
    if not loc:
        return "settings"
    field = str(loc[0])
    prefix = str(settings_cls.model_config.get("env_prefix", ""))
    info = settings_cls.model_fields.get(field)
    if info is not None and isinstance(info.validation_alias, str):
        return info.validation_alias.upper()
    return f"{prefix}{field}".upper()


def describe_validation_error(settings_cls: type[BaseSettings], error: ValidationError) -> str:
    """One line naming each offending variable and what is wrong with it."""
    problems = []
    for detail in error.errors():
        name = _env_name(settings_cls, tuple(detail["loc"]))
        message = str(detail["msg"]).removeprefix("Value error, ")
        if detail["type"] == "missing":
            message = "is required but not set"
        # a check across fields names its variables itself
        problems.append(f"{name} {message}" if detail["loc"] else message)
    return "invalid configuration: " + "; ".join(problems)


def load_settings(settings_cls: type[SettingsT]) -> SettingsT:
    """Builds settings from the environment and `.env`, raising ConfigError on bad values."""
    try:
        return settings_cls()
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(settings_cls, exc)) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            "invalid configuration: .env is not UTF-8 text; save it as UTF-8"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"invalid configuration: cannot read .env ({exc.strerror})") from exc


def exit_with_config_error(error: ConfigError) -> NoReturn:
    """Prints the problem on one line to stderr and exits with the configuration exit code."""
    print(f"error: {error}", file=sys.stderr)
    raise SystemExit(CONFIG_EXIT_CODE)


def check_port_free(host: str, port: int, setting: str) -> None:
    """ConfigError naming `setting` when `host:port` is taken (0 means any free port)."""
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(
                    f"{setting}: port {port} on {host} is already in use (is another copy "
                    f"running?); stop it or set {setting} to a free port (0 picks one)"
                ) from None
            raise ConfigError(
                f"{setting}: cannot listen on {host}:{port} ({exc.strerror})"
            ) from None


LIVEKIT_URL_SCHEMES = ("ws://", "wss://", "http://", "https://")


class LiveKitSettings(BaseSettings):
    """How to reach the LiveKit server and which agent to dispatch; shared by agent and kiosk.

    Defaults match `livekit-server --dev` on this machine.
    """

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    livekit_url: str = "ws://127.0.0.1:7880"
    livekit_api_key: str = Field(default="devkey", min_length=1)
    livekit_api_secret: SecretStr = SecretStr("secret")
    agent_name: str = Field(default="kiosk-agent", pattern=r"^[A-Za-z0-9_.-]{1,64}$")

    @field_validator("livekit_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(LIVEKIT_URL_SCHEMES):
            raise ValueError(f"must start with one of {', '.join(LIVEKIT_URL_SCHEMES)}")
        return value

    @field_validator("livekit_api_secret")
    @classmethod
    def _check_secret(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value():
            raise ValueError("must not be empty")
        return value
