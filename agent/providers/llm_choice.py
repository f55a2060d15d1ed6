"""Which LLM serves a session: a Fireworks-hosted model or any OpenAI-compatible endpoint when
configured, else the offline order understanding."""

from __future__ import annotations

from livekit.agents import llm
from livekit.plugins import openai

from agent.core.errors import ConfigError
from agent.core.menu import Menu
from agent.core.settings import AgentSettings, ProviderChoice
from agent.providers.offline_llm import DeskView, OfflineOrderLLM

LLM_TEMPERATURE = 0.7


def describe_llm_choice(settings: AgentSettings) -> str:
    """ "fireworks", "openai-compatible" or "offline" — what `build_llm` will use."""
    if settings.llm_provider is ProviderChoice.LOCAL:
        return "offline"
    if settings.llm_base_url:
        return "openai-compatible"
    if settings.fireworks_api_key is not None:
        return "fireworks"
    if settings.llm_provider is ProviderChoice.CLOUD:
        raise ConfigError(
            "invalid configuration: LLM_PROVIDER is cloud but neither FIREWORKS_API_KEY "
            "nor LLM_BASE_URL is set"
        )
    return "offline"


def build_llm(settings: AgentSettings, menu: Menu, desk: DeskView | None = None) -> llm.LLM[None]:
    """The session's LLM; the offline one reads `desk` (one LLM per session)."""
    choice = describe_llm_choice(settings)
    if choice == "openai-compatible":
        assert settings.llm_base_url is not None
        api_key = settings.llm_api_key or settings.fireworks_api_key
        return openai.LLM(
            model=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=api_key.get_secret_value() if api_key else "not-needed",
            temperature=LLM_TEMPERATURE,
        )
    if choice == "fireworks":
        assert settings.fireworks_api_key is not None
        return openai.LLM.with_fireworks(
            model=settings.llm_model,
            api_key=settings.fireworks_api_key.get_secret_value(),
            temperature=LLM_TEMPERATURE,
        )
    return OfflineOrderLLM(menu, desk)
