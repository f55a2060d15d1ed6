"""The small version of `make faults` at placing (bench/order_faults_bench.py), on a real
livekit-server, worker and PostgreSQL: the database down when the customer places (told
plainly, nothing lost, stored once when it is back, a replay answered with the same order), a
double tap with a replayed place (one order) and a place racing a touch edit (the order holds
exactly the lines seen, or the place is refused as changed and nothing is stored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import run_bench_script

pytestmark = pytest.mark.integration

TRIALS = 3


def test_placing_survives_the_database_going_down_and_the_customer_s_hurry(
    tmp_path: Path,
) -> None:
    results = run_bench_script("order_faults_bench.py", tmp_path, "--trials", str(TRIALS))
    summaries = results["summaries"]
    assert set(summaries) == {"database-down", "double-tap", "race-edit"}
    for fault, summary in summaries.items():
        failed = [t for t in results["trials"][fault] if not t["recovered"]]
        assert summary["recovered"] == TRIALS, failed
        assert (summary["lost"], summary["duplicated"], summary["mixed"]) == (0, 0, 0), fault
    # every check of the database-down trials held: told plainly, cart kept, replay the same
    for trial in results["trials"]["database-down"]:
        assert trial["told_plainly"] and trial["cart_kept"] and trial["replay_same_order"]
    race = summaries["race-edit"]
    assert race["place_first"] + race["edit_first"] == TRIALS
