"""Settings: environment and `.env`, and one clear line with exit code 2 for a bad value."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from agent.core.config import CONFIG_EXIT_CODE, load_settings
from agent.core.errors import ConfigError
from agent.core.protocol import TurnMode
from agent.core.settings import AgentSettings, ProviderChoice
from agent.providers.llm_choice import describe_llm_choice
from kiosk.session import SessionConfig
from kiosk.settings import KioskSettings
from store.settings import StoreSettings

BIN_DIR = Path(sys.executable).parent


def test_defaults_match_a_local_dev_server() -> None:
    settings = load_settings(AgentSettings)
    assert settings.livekit_url == "ws://127.0.0.1:7880"
    assert settings.livekit_api_key == "devkey"
    assert settings.agent_name == "kiosk-agent"
    assert settings.llm_provider is ProviderChoice.AUTO


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEKIT_URL", "wss://example.livekit.cloud")
    monkeypatch.setenv("KIOSK_ID", "lobby-2")
    monkeypatch.setenv("TURN_MODE", "hands_free")
    settings = load_settings(KioskSettings)
    assert settings.livekit_url == "wss://example.livekit.cloud"
    assert settings.kiosk_id == "lobby-2"
    assert settings.turn_mode is TurnMode.HANDS_FREE


def test_a_kiosk_lists_the_other_nodes_of_a_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEKIT_FALLBACK_URLS", " wss://lk-b.store.local , ws://10.0.0.12:7880,")
    settings = load_settings(KioskSettings)
    assert settings.livekit_fallback_urls == ("wss://lk-b.store.local", "ws://10.0.0.12:7880")
    config = SessionConfig.from_settings(settings)
    assert config.fallback_urls == settings.livekit_fallback_urls
    # a node that answered is tried first from then on; none is forgotten
    moved = config.preferring("ws://10.0.0.12:7880")
    assert (moved.url, *moved.fallback_urls) == (
        "ws://10.0.0.12:7880",
        settings.livekit_url,
        "wss://lk-b.store.local",
    )
    assert config.preferring(config.url) is config


def test_a_fallback_node_that_is_not_a_url_names_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIVEKIT_FALLBACK_URLS", "wss://lk-b.store.local,lk-c:7880")
    with pytest.raises(ConfigError) as excinfo:
        load_settings(KioskSettings)
    message = str(excinfo.value)
    assert "LIVEKIT_FALLBACK_URLS" in message and "lk-c:7880" in message
    assert "\n" not in message


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("AGENT_NAME=harbor-grill\nAGENT_CONNECT_RETRIES=3\n")
    settings = load_settings(AgentSettings)
    assert settings.agent_name == "harbor-grill"
    assert settings.agent_connect_retries == 3


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LIVEKIT_URL", "localhost:7880"),
        ("AGENT_CONNECT_RETRIES", "many"),
        ("LLM_PROVIDER", "sometimes"),
        ("AGENT_NAME", "has spaces"),
    ],
)
def test_invalid_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as excinfo:
        load_settings(AgentSettings)
    message = str(excinfo.value)
    assert variable in message
    assert "\n" not in message


def test_secret_value_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEKIT_API_SECRET", "")
    with pytest.raises(ConfigError, match="LIVEKIT_API_SECRET"):
        load_settings(AgentSettings)
    monkeypatch.setenv("LIVEKIT_API_SECRET", "super-secret-value")
    settings = load_settings(AgentSettings)
    assert "super-secret-value" not in repr(settings)


def _run_command(command: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN_DIR / command), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("command", "args", "variable", "value"),
    [
        ("kiosk-agent", ("start",), "LIVEKIT_URL", "not-a-url"),
        ("kiosk-agent", ("dev",), "AGENT_HTTP_PORT", "99999"),
        ("kiosk-sim", (), "KIOSK_ID", "Lobby One!"),
        ("kiosk-sim", (), "TOKEN_TTL_SECONDS", "5"),
    ],
)
def test_commands_exit_2_with_one_line(
    command: str, args: tuple[str, ...], variable: str, value: str
) -> None:
    result = _run_command(command, *args, env={variable: value})
    assert result.returncode == CONFIG_EXIT_CODE
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: invalid configuration:")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_worker_exits_nonzero_when_server_is_unreachable(unused_tcp_port: int) -> None:
    result = _run_command(
        "kiosk-agent",
        "dev",
        env={
            "LIVEKIT_URL": f"ws://127.0.0.1:{unused_tcp_port}",
            "AGENT_CONNECT_RETRIES": "0",
            "AGENT_HTTP_PORT": "0",
        },
    )
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("error: could not connect to the LiveKit server")
    assert f"127.0.0.1:{unused_tcp_port}" in last_line


def test_env_example_documents_every_setting_and_nothing_else() -> None:
    example = Path(__file__).resolve().parent.parent / ".env.example"
    documented = {
        line.lstrip("# ").split("=", 1)[0]
        for line in example.read_text().splitlines()
        if "=" in line and line.lstrip("# ").split("=", 1)[0].isupper()
    }
    fields = {
        name.upper()
        for name in (
            *AgentSettings.model_fields,
            *KioskSettings.model_fields,
            *StoreSettings.model_fields,
        )
    }
    assert documented == fields


def test_a_blank_key_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIREWORKS_API_KEY", "")
    monkeypatch.setenv("DEEPGRAM_API_KEY", "   ")
    monkeypatch.setenv("LLM_BASE_URL", "")
    settings = load_settings(AgentSettings)
    assert settings.fireworks_api_key is None and settings.deepgram_api_key is None
    assert settings.llm_base_url is None
    assert describe_llm_choice(settings) == "offline"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FIREWORKS_API_KEY", "fw_abc def"),
        ("DEEPGRAM_API_KEY", '"dg-key"'),
        ("LLM_API_KEY", "<your key here>"),
        ("LLM_BASE_URL", "api.example.com/v1"),
    ],
)
def test_a_malformed_key_or_endpoint_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings(AgentSettings)
    message = str(caught.value)
    assert name in message and "\n" not in message
    assert value.strip('"<>') not in message or name == "LLM_BASE_URL"


def test_worker_with_its_health_port_taken_says_so_before_connecting(
    unused_tcp_port: int,
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run_command(
            "kiosk-agent",
            "dev",
            env={"LIVEKIT_URL": f"ws://127.0.0.1:{unused_tcp_port}", "AGENT_HTTP_PORT": str(port)},
        )
    assert result.returncode == CONFIG_EXIT_CODE
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: AGENT_HTTP_PORT: port") and str(port) in line


def test_worker_with_its_speech_model_missing_says_so_before_connecting(
    unused_tcp_port: int, tmp_path: Path
) -> None:
    result = _run_command(
        "kiosk-agent",
        "dev",
        env={
            "LIVEKIT_URL": f"ws://127.0.0.1:{unused_tcp_port}",
            "AGENT_HTTP_PORT": "0",
            "STT_PROVIDER": "local",
            "STT_MODEL_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: STT_MODEL_DIR:") and "model.bin is missing" in line
