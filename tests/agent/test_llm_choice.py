"""Which LLM the agent uses: wiring from settings to plugin construction (no network)."""

from __future__ import annotations

import pytest

from agent.core.config import load_settings
from agent.core.errors import ConfigError
from agent.core.settings import AgentSettings
from agent.providers.llm_choice import LLM_TEMPERATURE, build_llm, describe_llm_choice
from agent.providers.offline_llm import OfflineOrderLLM
from tests.menus import bundled

FIREWORKS_MODEL = "accounts/fireworks/models/qwen3-235b-a22b-instruct-2507"


def test_no_keys_means_the_offline_parser() -> None:
    settings = load_settings(AgentSettings)
    assert describe_llm_choice(settings) == "offline"
    assert isinstance(build_llm(settings, bundled()), OfflineOrderLLM)


def test_fireworks_key_selects_the_seed_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from livekit.plugins import openai

    monkeypatch.setenv("FIREWORKS_API_KEY", "fw-test-key")
    settings = load_settings(AgentSettings)
    model = build_llm(settings, bundled())
    assert isinstance(model, openai.LLM)
    assert model.model == FIREWORKS_MODEL
    assert str(model._client.base_url).startswith("https://api.fireworks.ai/inference/v1")
    assert model._client.api_key == "fw-test-key"
    assert model._opts.temperature == LLM_TEMPERATURE


def test_llm_base_url_selects_any_openai_compatible_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from livekit.plugins import openai

    monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:8000/v1")
    monkeypatch.setenv("LLM_MODEL", "local-model")
    settings = load_settings(AgentSettings)
    assert describe_llm_choice(settings) == "openai-compatible"
    model = build_llm(settings, bundled())
    assert isinstance(model, openai.LLM)
    assert model.model == "local-model"
    assert str(model._client.base_url).startswith("http://127.0.0.1:8000/v1")


def test_local_choice_wins_over_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIREWORKS_API_KEY", "fw-test-key")
    monkeypatch.setenv("LLM_PROVIDER", "local")
    assert isinstance(build_llm(load_settings(AgentSettings), bundled()), OfflineOrderLLM)


def test_cloud_choice_without_key_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_PROVIDER", "cloud")
    with pytest.raises(ConfigError, match="FIREWORKS_API_KEY"):
        describe_llm_choice(load_settings(AgentSettings))
