"""Secrets and what customers say stay out of logs and command lines, over a full order on a
real stack (livekit-server, store service, agent worker and its job process, kiosk-sim getting
its token from the store with a device key).

Every user of the machine can read command lines (`ps`), while a process's environment is
readable by its own user only: secrets go in the environment. Logs are kept and shipped, so
neither the secrets nor the customer's words (typed or transcribed) nor the agent's answers
(which repeat them) may appear in any log at the level the default configuration emits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from kiosk.localstack import LocalStack

pytestmark = pytest.mark.integration

BIN_DIR = Path(sys.executable).parent
CUSTOMER_NAME = "Periwinkle"
UTTERANCES = (
    "two cheeseburgers, one without onions, and a large coke",
    f"my name is {CUSTOMER_NAME}",
    "that's all",
    "yes",
)
DISTINCTIVE = (UTTERANCES[0], UTTERANCES[1], CUSTOMER_NAME, "Shall I place the order")
"""What must not be logged: the customer's words, the name they gave, the agent's words."""


def _command_line(pid: int) -> str:
    """/proc/<pid>/cmdline as text ("" for a process that has gone meanwhile)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace")


def _tree(pid: int) -> list[int]:
    """`pid` and every process under it."""
    try:
        return [pid, *(child.pid for child in psutil.Process(pid).children(recursive=True))]
    except psutil.NoSuchProcess:
        return []


def test_a_full_order_leaves_no_secret_or_words_in_logs_or_command_lines(
    livekit_server_bin: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    # the worker and store at their default log level (no LOG_LEVEL set)
    agent_env = {"DATA_DIR": str(tmp_path / "data")}
    stack = LocalStack(logs, agent_env=agent_env, start_store=True)
    with stack as running:
        endpoint = running.endpoint
        assert endpoint is not None and endpoint.store_url
        assert endpoint.kiosk_key and endpoint.demo_password
        secrets = {
            "LiveKit API secret": endpoint.api_secret,
            "kiosk device key": endpoint.kiosk_key,
            "store password": endpoint.demo_password,
        }
        kiosk_env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("LIVEKIT_", "KIOSK_", "TOKEN_"))
        }
        # a kiosk in a store: its token from the store service with its device key, no
        # LiveKit secret of its own
        kiosk_env |= {
            "LIVEKIT_URL": endpoint.url,
            "TOKEN_URL": f"{endpoint.store_url}/connection",
            "KIOSK_KEY": endpoint.kiosk_key,
            "KIOSK_ID": "demo",
            "AGENT_JOIN_TIMEOUT_SECONDS": "60",
        }
        turns = [arg for text in UTTERANCES for arg in ("--type", text)]
        kiosk_log = logs / "kiosk-sim.log"
        with kiosk_log.open("w") as stderr:
            sim = subprocess.Popen(
                [str(BIN_DIR / "kiosk-sim"), "--log-level", "INFO", *turns],
                env=kiosk_env,
                stdout=subprocess.PIPE,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
                text=True,
            )
            assert sim.stdout is not None
            events: list[dict[str, object]] = []
            scanned: dict[int, str] = {}
            try:
                for line in sim.stdout:
                    events.append(json.loads(line))
                    if events[-1].get("event") == "agent_joined" and not scanned:
                        # mid-order: the worker's job process is serving this kiosk now
                        pids = [p for group in running.process_group_ids for p in _tree(group)]
                        worker_tree = _tree(running.process_group_ids[-1])  # started last
                        scanned = {pid: _command_line(pid) for pid in [*pids, *_tree(sim.pid)]}
                        everyone = [
                            " ".join(p.info["cmdline"] or ())
                            for p in psutil.process_iter(["cmdline"])
                        ]
                assert sim.wait(timeout=240) == 0, kiosk_log.read_text()
            finally:
                if sim.poll() is None:
                    sim.kill()
                    sim.wait()

        placed = [e for e in events if e.get("event") == "order_placed"]
        assert len(placed) == 1, "the order went all the way through"
        assert placed[0]["customer_name"] == CUSTOMER_NAME  # the words did reach the agent
        assert scanned, "the command lines were read during the order"
        lines = list(scanned.values())
        assert any("livekit-server" in line for line in lines)
        assert any("-m store serve" in line for line in lines)
        assert any("-m agent dev" in line for line in lines)
        assert any("kiosk-sim" in line for line in lines)
        assert "-m agent dev" in scanned[worker_tree[0]]
        assert len(worker_tree) >= 2, "the worker's job processes were read too"
        leaked_lines = {
            what: [line for line in lines + everyone if secret in line]
            for what, secret in secrets.items()
        }
        assert leaked_lines == dict.fromkeys(secrets, [])

    log_files = sorted(logs.glob("*.log"))
    assert {f.name for f in log_files} == {
        "livekit-server.log",
        "store-service.log",
        "agent-worker.log",
        "kiosk-sim.log",
    }
    texts = {f.name: f.read_text(errors="replace") for f in log_files}
    assert "agent worker registered" in texts["agent-worker.log"]  # the logs were written
    assert "POST /connection" in texts["store-service.log"]
    found = {
        f"{what} in {name}": True
        for name, text in texts.items()
        for what, secret in secrets.items()
        if secret in text
    }
    found |= {
        f"{words!r} in {name}": True
        for name, text in texts.items()
        for words in DISTINCTIVE
        if words.lower() in text.lower()
    }
    assert found == {}
