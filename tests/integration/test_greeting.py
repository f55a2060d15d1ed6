"""A kiosk meets the agent in a real LiveKit room: dispatch, state, voice and captions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.localstack import LocalStack
from kiosk.session import SILENCE_DBFS
from tests.integration.conftest import run_sim

pytestmark = pytest.mark.integration


def test_agent_is_dispatched_and_greets_the_customer(local_stack: LocalStack) -> None:
    run = run_sim(local_stack)
    assert run.returncode == 0, run.stderr

    (joined,) = run.of("joined")
    room = joined["room"]
    assert room.startswith("restaurant_test-kiosk_")

    (agent_joined,) = run.of("agent_joined")
    assert agent_joined["identity"].startswith("agent-")
    worker_log = local_stack.worker_log.read_text()
    assert any("order session started" in line and room in line for line in worker_log.splitlines())

    states = [e["state"] for e in run.of("agent_state")]
    assert "speaking" in states
    assert states[-1] == "listening"

    (subscribed,) = run.of("agent_audio_subscribed")
    assert subscribed["first_frame_t"] >= joined["t"]
    audible = run.of("agent_audio")
    assert audible, "no agent audio above silence arrived"
    assert all(e["level_dbfs"] > SILENCE_DBFS for e in audible)

    finals = [e for e in run.of("caption") if e["final"] and e["speaker"] == "agent"]
    assert finals and "welcome" in finals[0]["text"].lower()
    assert run.of("done")[0]["agent_captions"] == [finals[0]["text"]]


def test_each_session_uses_a_new_room(local_stack: LocalStack) -> None:
    rooms = {run_sim(local_stack).of("joined")[0]["room"] for _ in range(2)}
    assert len(rooms) == 2


def test_sim_fails_clearly_when_no_agent_answers(local_stack: LocalStack) -> None:
    # the worker serves only its own agent name; a kiosk dispatching another one waits in vain
    run = run_sim(local_stack, "--agent-timeout", "3", env={"AGENT_NAME": "nobody-serves-this"})
    assert run.returncode == 1
    assert run.events[-1]["event"] == "error"
    assert "no agent joined" in run.events[-1]["message"]
    assert not run.of("agent_joined")


def test_stop_leaves_no_processes(livekit_server_bin: Path, tmp_path: Path) -> None:
    stack = LocalStack(tmp_path / "logs")
    with stack:
        groups = stack.process_group_ids
        assert len(groups) == 2
        run = run_sim(stack)
        assert run.returncode == 0, run.stderr
    for pgid in groups:
        with pytest.raises(ProcessLookupError):
            os.killpg(pgid, 0)
