"""`kiosk-agent`: run the worker (`start`, `dev`)."""

from __future__ import annotations

import sys

import typer

from agent.config import exit_with_config_error, load_settings
from agent.errors import ConfigError, WorkerConnectionError
from agent.settings import AgentSettings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

WORKER_FAILED_EXIT_CODE = 1


def _run(dev: bool) -> None:
    try:
        settings = load_settings(AgentSettings)
    except ConfigError as exc:
        exit_with_config_error(exc)

    from agent.worker import run_worker

    try:
        run_worker(settings, dev=dev)
    except WorkerConnectionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(WORKER_FAILED_EXIT_CODE) from None


@app.command()
def start() -> None:
    """Run the worker for production: JSON logs, warm job processes."""
    _run(dev=False)


@app.command()
def dev() -> None:
    """Run the worker for development: readable logs, debug level."""
    _run(dev=True)


def main() -> None:
    app()
