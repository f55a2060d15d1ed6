"""A real livekit-server and agent worker for the integration tests, on free loopback ports."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agent.core.protocol import TurnMode
from kiosk.localstack import LocalStack
from kiosk.session import SessionConfig

BIN_DIR = Path(sys.executable).parent


@pytest.fixture(scope="module")
def local_stack(
    livekit_server_bin: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalStack]:
    data_dir = tmp_path_factory.mktemp("agent-data")
    stack = LocalStack(
        tmp_path_factory.mktemp("stack-logs"),
        agent_env={"DATA_DIR": str(data_dir), "LOG_LEVEL": "DEBUG"},
    )
    with stack:
        yield stack


def session_config(stack: LocalStack, kiosk_id: str, agent_join_timeout: float) -> SessionConfig:
    """An OrderSession's configuration for `stack` (push-to-talk, the default agent name)."""
    assert stack.endpoint is not None
    return SessionConfig(
        url=stack.endpoint.url,
        api_key=stack.endpoint.api_key,
        api_secret=stack.endpoint.api_secret,
        agent_name="kiosk-agent",
        kiosk_id=kiosk_id,
        token_ttl=dt.timedelta(minutes=10),
        turn_mode=TurnMode.PUSH_TO_TALK,
        agent_join_timeout=agent_join_timeout,
    )


@dataclass
class SimRun:
    returncode: int
    events: list[dict[str, Any]]
    stderr: str

    def of(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("event") == name]


def run_sim(
    stack: LocalStack, *args: str, env: dict[str, str] | None = None, timeout: float = 180.0
) -> SimRun:
    assert stack.endpoint is not None
    result = subprocess.run(
        [str(BIN_DIR / "kiosk-sim"), *args],
        env={
            **os.environ,
            **stack.endpoint.env(),
            "KIOSK_ID": "test-kiosk",
            # a worker warming its first job process on a busy 2-core machine can take more
            # than the kiosk's 10 s default; how long it takes is the bench's business
            "AGENT_JOIN_TIMEOUT_SECONDS": "60",
            **(env or {}),
        },
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return SimRun(result.returncode, events, result.stderr)


def run_bench_script(script: str, tmp_path: Path, *args: str) -> dict[str, Any]:
    """Runs bench/`script` (a small version of `make load` or `make faults`) with its logs in
    `tmp_path/logs`, leaving docs/performance.md alone; fails with its output if it fails.
    Returns its results file."""
    results = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve().parents[2] / "bench" / script),
            *args,
            "--results",
            str(results),
            "--logs",
            str(tmp_path / "logs"),
            "--no-report",
        ],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    loaded: dict[str, Any] = json.loads(results.read_text())
    return loaded
