"""Capacity on a real livekit-server and worker: a worker serves its configured number of
customers and no more, the others are told "All our assistants are busy" and served when a
session frees (orders stored exactly as placed), a finished session frees its slot, and a kiosk
that arrives before any worker has registered is served once one does. The small version of
`make load` (bench/load_bench.py)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.localstack import LocalStack
from kiosk.session import ASSISTANTS_BUSY
from kiosk.ui.bridge import SessionThread
from kiosk.ui.controller import VOICE_UNAVAILABLE, Connection, KioskController, KioskTimings
from tests.integration.conftest import BIN_DIR, run_bench_script, session_config

pytestmark = pytest.mark.integration

SECONDS = 1000
ORDER = ("two cheeseburgers, one without onions, and a large coke", "that's all", "yes")


def _clean(text: str) -> str:
    return "".join(part.split("m", 1)[-1] for part in text.split("\x1b["))


def test_a_full_worker_serves_its_sessions_and_the_next_customer_waits(tmp_path: Path) -> None:
    """Three kiosks at once, a worker of two sessions: never more than two run, the third is
    told the assistants are busy and is served when one ends; every order is stored exactly
    as its kiosk was told."""
    run = run_bench_script("load_bench.py", tmp_path, "--sessions", "3", "--max-sessions", "2")[
        "runs"
    ][0]
    assert run["problems"] == []
    assert (run["served"], run["placed"], run["stored"]) == (3, 3, 3)
    assert run["worker"]["most_sessions_at_once"] == 2
    assert run["worker"]["top_load"] == 1.0
    assert run["told_busy"] >= 1
    events = _events(tmp_path / "logs" / "run1-3-kiosks" / "kiosk-sim.jsonl")
    waiting = [e for e in events if e["event"] == "waiting"]
    assert waiting and {e["message"] for e in waiting} == {ASSISTANTS_BUSY}
    worker_log = _clean((tmp_path / "logs" / "run1-3-kiosks" / "agent-worker.log").read_text())
    assert "worker is at full capacity" in worker_log
    # a session ends when its kiosk leaves, not when LiveKit closes the empty room
    assert "the order session closed (participant_disconnected)" in worker_log


def _events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture
def no_worker_yet(livekit_server_bin: Path, tmp_path: Path) -> Iterator[LocalStack]:
    """A livekit-server with no worker registered; `restart_worker()` brings one."""
    stack = LocalStack(
        tmp_path / "logs",
        agent_env={"DATA_DIR": str(tmp_path / "data"), "AGENT_MAX_SESSIONS": "2"},
        start_worker=False,
    )
    with stack:
        yield stack


def test_a_kiosk_that_arrives_before_any_worker_is_served_when_one_registers(
    no_worker_yet: LocalStack,
) -> None:
    assert no_worker_yet.endpoint is not None
    sim = subprocess.Popen(
        [
            str(BIN_DIR / "kiosk-sim"),
            "--agent-timeout",
            "3",
            "--wait-for-agent",
            "240",
            *(a for text in ORDER for a in ("--type", text)),
        ],
        env={**os.environ, **no_worker_yet.endpoint.env(), "KIOSK_ID": "early"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert sim.stdout is not None
        events: list[dict[str, Any]] = []
        for line in sim.stdout:  # waits for the kiosk to be told, before any worker exists
            events.append(json.loads(line))
            if events[-1]["event"] == "waiting":
                break
        assert events[-1] == {
            "event": "waiting",
            "message": ASSISTANTS_BUSY,
            "reason": "no agent joined within 3 s",
        }
        no_worker_yet.restart_worker()
        out, err = sim.communicate(timeout=300)
    finally:
        if sim.poll() is None:
            sim.kill()
            sim.communicate()
    events += [json.loads(line) for line in out.splitlines() if line.strip()]
    outcome = events[-1]
    assert outcome["event"] == "done", f"{outcome} {err}"
    assert [p["order_number"] for p in outcome["placed"]] == [1]
    assert [line["item_id"] for line in outcome["placed"][0]["lines"]] == [
        "cheeseburger",
        "cheeseburger",
        "coke",
    ]


def test_the_kiosk_says_the_assistants_are_busy_and_keeps_asking(
    no_worker_yet: LocalStack, qtbot: QtBot, session_thread: SessionThread
) -> None:
    """The touchscreen kiosk with no agent to be had: "All our assistants are busy" (not an
    error), asking again and again; after its patience, voice unavailable; once a worker
    registers, it is served."""
    config = session_config(no_worker_yet, "busy", agent_join_timeout=2)
    timings = KioskTimings(busy_retry_delay=0.2, busy_patience=8.0)
    controller = KioskController(config, session_thread=session_thread, timings=timings)
    states: list[tuple[str, str]] = []
    controller.connectionChanged.connect(lambda state, message: states.append((state, message)))
    try:
        with qtbot.waitSignal(
            controller.connectionChanged,
            check_params_cb=lambda s, _m: s == Connection.WAITING,
            timeout=30 * SECONDS,
        ):
            controller.start_order()
        assert states[-1] == (Connection.WAITING, ASSISTANTS_BUSY)
        with qtbot.waitSignal(
            controller.connectionChanged,
            check_params_cb=lambda s, _m: s == Connection.UNAVAILABLE,
            timeout=60 * SECONDS,
        ):
            pass
        assert states[-1] == (Connection.UNAVAILABLE, VOICE_UNAVAILABLE)
        asked = [s for s, _m in states if s == Connection.CONNECTING]
        assert len(asked) >= 3  # it kept asking
        no_worker_yet.restart_worker()
        with qtbot.waitSignal(
            controller.connectionChanged,
            check_params_cb=lambda s, _m: s == Connection.READY,
            timeout=120 * SECONDS,
        ):
            pass
    finally:
        controller.finish()
        qtbot.waitUntil(lambda: not controller.busy, timeout=30 * SECONDS)
        controller.deleteLater()
