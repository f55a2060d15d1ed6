"""What the worker checks before it starts anything, so a start that cannot work fails at once
with one line naming the cause (instead of a traceback from a job process, or from the
framework's health server, after it has already connected)."""

from __future__ import annotations

from agent.core.config import check_port_free
from agent.core.errors import KioskAgentError
from agent.core.settings import AgentSettings
from agent.providers.whisper_stt import SpeechModelError, default_model_dir, verify_model_files
from agent.voice.speech import stt_choice


class StartupError(KioskAgentError):
    """The worker cannot start on this machine as configured; the message says why."""


def check_worker_can_start(settings: AgentSettings) -> None:
    """The health port is free and the offline speech model, when used, is installed intact."""
    check_port_free(settings.agent_http_host, settings.agent_http_port, "AGENT_HTTP_PORT")
    if stt_choice(settings) == "local":
        try:
            verify_model_files(settings.stt_model_dir or default_model_dir())
        except SpeechModelError as exc:
            if settings.stt_model_dir is None:
                raise
            reason = str(exc).split("; ")[0]
            raise StartupError(
                f"STT_MODEL_DIR: {reason} (unset STT_MODEL_DIR to use the installed model)"
            ) from None
