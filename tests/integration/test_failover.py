"""The small version of the failover part of `make faults` (bench/failover_bench.py): LiveKit's
distributed mode, two livekit-server nodes sharing a real Redis with a worker each and one real
PostgreSQL; two kiosks ordering at once, one through each node. One node and its worker are
lost mid-order (SIGKILL); both kiosks carry on through the surviving node with their carts, and
each order is stored once, as the customer saw it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import run_bench_script

pytestmark = pytest.mark.integration


def test_orders_continue_on_the_other_node_when_one_is_lost(tmp_path: Path) -> None:
    results = run_bench_script("failover_bench.py", tmp_path, "--trials", "1")
    summary = results["summary"]
    assert summary["orders"] == 2
    assert summary["recovered"] == 2 and summary["stored_as_seen"] == 2
    assert (summary["lost"], summary["duplicated"]) == (0, 0)
    # the kiosk that joined through the lost node now talks through the other one
    assert summary["joined_through_the_lost_node"] >= 1
    assert summary["continued_on_the_other_node"] == summary["joined_through_the_lost_node"]
    for node in ("A", "B"):
        server_log = (tmp_path / "logs" / f"node-{node}" / "livekit-server.log").read_text()
        assert "connecting to redis" in server_log  # both really ran in distributed mode
