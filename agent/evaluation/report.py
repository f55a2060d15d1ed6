"""`kiosk-agent eval`: runs conversation files and prints a line per conversation, a summary
line, and optionally a JSON file of the results (`make eval` keeps them in bench/results)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

from agent.core.settings import AgentSettings
from agent.evaluation.corpus import CorpusError, load_conversation_file
from agent.evaluation.runner import Outcome, Summary, file_label, run_file
from agent.evaluation.slips import with_slips

CORPUS_EXIT_CODE = 2


def _transcript(outcome: Outcome) -> str:
    said = [f"    > {r['user']}\n    < {r['agent']}" for r in outcome.transcript if "user" in r]
    return "\n".join(said)


class _Faults(logging.Handler):
    """Counts the understanding's own faults (each answered "say it another way")."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _write(path: Path, text: str) -> None:
    path.write_text(text)


async def run_and_report(
    settings: AgentSettings,
    files: list[Path],
    menu: Path | None,
    label: str,
    json_out: Path | None,
    verbose: bool,
    slips_seed: int | None = None,
) -> int:
    try:
        loaded = [load_conversation_file(path, menu) for path in files]
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return CORPUS_EXIT_CODE
    if slips_seed is not None:
        loaded = [with_slips(f, slips_seed + index) for index, f in enumerate(loaded)]

    def show(outcome: Outcome) -> None:
        print(outcome.line(), flush=True)
        if verbose and not outcome.passed:
            print(_transcript(outcome), flush=True)

    outcomes: list[Outcome] = []
    per_file: list[dict[str, Any]] = []
    faults = _Faults()
    understanding = logging.getLogger("agent.understanding")
    understanding.addHandler(faults)
    try:
        for conversation_file in loaded:
            results = await run_file(settings, conversation_file, show)
            outcomes.extend(results)
            per_file.append(Summary.of(file_label(conversation_file.path), results).as_json())
    finally:
        understanding.removeHandler(faults)
    summary = Summary.of(label, outcomes)
    faulted = f"; understanding faults: {faults.count}" if faults.count else ""
    print(summary.line() + faulted, flush=True)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        record = {
            **summary.as_json(),
            "understanding_faults": faults.count,
            "files": per_file,
            "failures": [
                {"file": o.file, "name": o.conversation.name, "verdict": o.verdict}
                for o in outcomes
                if not o.passed
            ],
        }
        _write(json_out, json.dumps(record, indent=2) + "\n")
    return 0
