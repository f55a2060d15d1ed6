"""The small version of `make faults` (bench/faults_bench.py): one order per fault at the real
kiosk controller, its agent killed with SIGKILL mid-order (the job process; the worker's main
process, then the worker started again; livekit-server restarted). The kiosk notices (a dead
agent from its heartbeat), continues the order in a new room with the same cart, and the order
is stored once, as the customer saw it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import run_bench_script

pytestmark = pytest.mark.integration


def test_an_order_survives_its_agent_being_killed(tmp_path: Path) -> None:
    summaries = run_bench_script("faults_bench.py", tmp_path, "--trials", "1")["summaries"]
    assert set(summaries) == {"kill-job", "kill-worker", "restart-server"}
    for fault, summary in summaries.items():
        assert summary["recovered"] == 1, fault
        assert summary["stored_as_seen"] == 1, fault
        assert (summary["lost"], summary["duplicated"]) == (0, 0), fault
        assert summary["agent_stayed"] == 0, fault
    for fault in ("kill-job", "kill-worker"):
        # noticed from the heartbeat, not from LiveKit dropping the dead agent ~20 s later
        assert summaries[fault]["noticed_by_heartbeat"] == 1, fault
    worker_logs = "".join(p.read_text() for p in (tmp_path / "logs").glob("*/agent-worker.log"))
    assert "order session started" in worker_logs
    # the job serving the order when livekit-server crashed rejoined its room when the server
    # came back, found no kiosk there (it went on in a new room) and ended, freeing its slot
    restart_log = (tmp_path / "logs" / "restart-server" / "agent-worker.log").read_text()
    assert "the kiosk did not come back after the room reconnected" in restart_log
