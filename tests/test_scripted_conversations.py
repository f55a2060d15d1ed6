"""The regression subset of the conversation corpus (tests/conversations/regression.txt: the
development and scripted conversations the understanding gets right) through the real agent via
the eval runner: each must still end with exactly its expected order. The full figures, held-out
apart, come from `make eval`."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.core.config import load_settings
from agent.core.settings import AgentSettings
from agent.evaluation.corpus import ConversationFile, load_conversation_file
from agent.evaluation.runner import file_label, run_file

CORPUS = Path(__file__).resolve().parent / "conversations"
REGRESSION = CORPUS / "regression.txt"
SOURCES = [CORPUS / "harbor_grill.yaml", CORPUS / "sunrise_taqueria.yaml"] + sorted(
    CORPUS.glob("dev*/*.yaml")
)


def _listed() -> set[str]:
    lines = REGRESSION.read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _files() -> list[ConversationFile]:
    """Each source file with its listed conversations: run through one store, the way
    `kiosk-agent eval` runs them (a store per conversation costs more than the talking)."""
    listed = _listed()
    files = []
    for path in SOURCES:
        loaded = load_conversation_file(path)
        chosen = tuple(c for c in loaded.conversations if f"{file_label(path)}: {c.name}" in listed)
        if chosen:
            files.append(ConversationFile(loaded.path, loaded.menu_path, loaded.menu, chosen))
    return files


FILES = _files()
CASES = [pytest.param(loaded, id=file_label(loaded.path)) for loaded in FILES]


def test_the_regression_subset_is_large_and_spans_menus_and_never_holds_held_out_ones() -> None:
    listed = _listed()
    counted = sum(len(loaded.conversations) for loaded in FILES)
    assert counted == len(listed), "regression.txt names a conversation that does not exist"
    assert counted >= 100
    assert len({loaded.menu_path for loaded in FILES}) >= 4
    assert not any(key.startswith("heldout") for key in listed)


@pytest.mark.parametrize("loaded", CASES)
async def test_every_listed_conversation_places_exactly_the_expected_order(
    loaded: ConversationFile,
) -> None:
    outcomes = await run_file(load_settings(AgentSettings), loaded)
    failed = [
        outcome.line()
        + "\n"
        + "\n".join(f"> {r['user']}\n< {r['agent']}" for r in outcome.transcript if "user" in r)
        for outcome in outcomes
        if not outcome.passed
    ]
    assert len(outcomes) == len(loaded.conversations)
    assert not failed, "\n\n".join(failed)
