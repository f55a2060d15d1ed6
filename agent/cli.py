"""`kiosk-agent`: run the worker (`start`, `dev`) or talk to the agent in text (`converse`)."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from agent.core.config import CONFIG_EXIT_CODE, exit_with_config_error, load_settings
from agent.core.errors import ConfigError, KioskAgentError
from agent.core.menu import Menu, MenuError, load_menu
from agent.core.settings import AgentSettings
from agent.providers.llm_choice import describe_llm_choice
from agent.store import StoreError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

WORKER_FAILED_EXIT_CODE = 1


def _checked_setup(menu_path: Path | None = None) -> tuple[AgentSettings, Menu]:
    """Settings, menu and provider choice, or one line naming the problem and exit code 2."""
    try:
        settings = load_settings(AgentSettings)
        menu = load_menu(menu_path or settings.menu_path)
        describe_llm_choice(settings)
    except ConfigError as exc:
        exit_with_config_error(exc)
    except MenuError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(CONFIG_EXIT_CODE) from None
    return settings, menu


def _run(dev: bool) -> None:
    settings, _menu = _checked_setup()

    from agent.voice.preflight import check_worker_can_start
    from agent.worker import run_worker

    try:
        check_worker_can_start(settings)
        run_worker(settings, dev=dev)
    except ConfigError as exc:
        exit_with_config_error(exc)
    except (KioskAgentError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(WORKER_FAILED_EXIT_CODE) from None


@app.command()
def converse(
    menu: Annotated[
        Path | None, typer.Option(help="Menu file (default: MENU_PATH or the bundled menu).")
    ] = None,
) -> None:
    """Talk to the agent in text: one utterance per stdin line, one JSON line per turn."""
    settings, menu_data = _checked_setup(menu)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    from agent.converse import converse as run_conversation
    from agent.converse import print_json, stdin_lines

    try:
        asyncio.run(run_conversation(settings, menu_data, stdin_lines(), print_json))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(WORKER_FAILED_EXIT_CODE) from None


@app.command(name="eval")
def evaluate(
    conversations: Annotated[
        list[Path],
        typer.Option(
            "--conversations", help="A conversation file (tests/conversations/FORMAT.md); repeat."
        ),
    ],
    menu: Annotated[
        Path | None, typer.Option(help="Run every file on this menu instead of its own.")
    ] = None,
    label: Annotated[str, typer.Option(help="Name of this set in the summary line.")] = "all",
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the results to this JSON file.")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Print the transcript of each failure.")
    ] = False,
    slips: Annotated[
        int | None,
        typer.Option(
            "--slips",
            help="Put one typing slip in a menu word of every turn (this seed): typo robustness.",
        ),
    ] = None,
) -> None:
    """Run scripted conversations through the agent: a line per conversation, then a summary."""
    settings, _menu = _checked_setup(menu)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)

    from agent.evaluation.report import run_and_report

    code = asyncio.run(
        run_and_report(settings, conversations, menu, label, json_out, verbose, slips)
    )
    raise SystemExit(code)


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
