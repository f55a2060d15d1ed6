"""Errors raised by the kiosk package; the shell turns them into a friendly screen or exit code."""


class KioskError(Exception):
    """Base class for the kiosk package's own errors."""


class ConnectError(KioskError):
    """The LiveKit server could not be reached or refused the token."""


class AgentUnavailableError(KioskError):
    """No agent joined the order room in time."""


class StartClosed(KioskError):
    """The starting window was closed before the kiosk was ready (an exit, not a failure)."""
