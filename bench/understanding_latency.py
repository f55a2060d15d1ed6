"""How long the offline understanding takes to decide a turn: every turn of the development
and held-out corpora run through the real agent (`run_file`), `Planner.decide` timed around
each call (the first, uncached decision of a turn only). Writes
bench/results/understanding-latency.json.

    python bench/understanding_latency.py
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agent.core.config import load_settings  # noqa: E402
from agent.core.settings import AgentSettings  # noqa: E402
from agent.evaluation.corpus import load_conversation_file  # noqa: E402
from agent.evaluation.runner import run_file  # noqa: E402
from agent.understanding import planner  # noqa: E402

CORPUS = ROOT / "tests" / "conversations"
OUT = ROOT / "bench" / "results" / "understanding-latency.json"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def main() -> None:
    files = sorted(CORPUS.glob("*.yaml")) + sorted(CORPUS.glob("*/*.yaml"))
    timings: list[float] = []
    original = planner.Planner.decide

    def timed(self: planner.Planner, *args: Any, **kwargs: Any) -> planner.Decision:
        turn = args[0]
        memo = self._memo
        if memo is not None and memo[0] == (turn.index, turn.text):
            return original(self, *args, **kwargs)  # a repeat of the turn's decision
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            timings.append((time.perf_counter() - started) * 1000)

    planner.Planner.decide = timed  # type: ignore[method-assign]
    settings = load_settings(AgentSettings)
    for path in files:
        if path.parent.name == "menus":
            continue
        await run_file(settings, load_conversation_file(path))
    result = {
        "machine": {"cpus": os.cpu_count(), "system": platform.platform()},
        "decisions": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "p99_ms": round(percentile(timings, 0.99), 2),
        "max_ms": round(max(timings), 2),
    }
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
