"""Errors raised by the agent package; boundaries translate them into messages or exit codes."""


class KioskAgentError(Exception):
    """Base class for the agent package's own errors."""


class ConfigError(KioskAgentError):
    """A setting is missing or invalid; the message names the variable."""


class WorkerConnectionError(KioskAgentError):
    """The worker could not reach or register with the LiveKit server."""
