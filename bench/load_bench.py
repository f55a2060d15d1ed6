"""`make load`: N headless kiosks order at once from one worker host on the offline stack.

For each N (default 1, 2, 4, 8, 16) a fresh livekit-server and agent worker (AGENT_MAX_SESSIONS
sessions) are started and `kiosk-sim --sessions N` orders by typing: every kiosk keeps asking for
an agent while all are busy, as the kiosk does, and places one order. The run checks that every
session was served and placed its order, and that the orders the worker stored are exactly the
orders the kiosks were told were placed, line for line: none lost, none twice, none changed.

Writes bench/results/load.json and the load table in docs/performance.md.

    .venv/bin/python bench/load_bench.py [--sessions 1,2,4,8,16] [--max-sessions 4]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sampling import GroupSampler, percentile, write_section  # noqa: E402

from agent.store import OrderStore, default_database_url  # noqa: E402
from kiosk.localstack import LocalStack  # noqa: E402
from kiosk.session import AGENT_SILENT_MESSAGE  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "load.json"
REPORT = ROOT / "docs" / "performance.md"
ORDERS = (
    ("two cheeseburgers, one without onions, and a large coke", "that's all", "yes"),
    ("a chicken sandwich and medium fries please", "that's it", "yes please"),
    ("can I get a lemonade and two brownie sundaes", "no that's everything", "sounds good"),
    ("one veggie burger", "add a small fries", "that's all", "yes"),
)
"""What each kiosk types, in turn (session n orders ORDERS[n % len]); on the bundled menu."""
WAIT_FOR_AGENT = 900.0
REPLY_TIMEOUT = 300.0


class WorkerWatch(threading.Thread):
    """Polls the worker's /worker endpoint: the most sessions it ran at once, its top load."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self._url = url + "/worker"
        self.most_sessions = 0
        self.top_load = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(0.2):
            try:
                with urllib.request.urlopen(self._url, timeout=2) as response:
                    info = json.loads(response.read())
            except (OSError, ValueError):
                continue
            self.most_sessions = max(self.most_sessions, int(info.get("active_jobs", 0)))
            self.top_load = max(self.top_load, float(info.get("worker_load", 0.0)))

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@dataclass
class LoadRun:
    """One `kiosk-sim --sessions N` run and what the worker stored."""

    sessions: int
    max_sessions: int
    events: list[dict[str, Any]]
    stored: dict[tuple[str, int], dict[str, Any]]
    wall_s: float
    exit_code: int
    worker: dict[str, float] = field(default_factory=dict)

    def of(self, session: int) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("session", 1) == session]

    def outcome(self, session: int) -> dict[str, Any]:
        ends = [e for e in self.of(session) if e["event"] in ("done", "error")]
        return ends[-1] if ends else {"event": "error", "message": "no outcome line"}

    @property
    def placed(self) -> list[dict[str, Any]]:
        return [o for s in range(1, self.sessions + 1) for o in self.outcome(s).get("placed", [])]

    def problems(self) -> list[str]:
        """Everything that went wrong: sessions not served or not placed, stored orders that
        differ from what the kiosk was told, missing or extra."""
        found: list[str] = []
        for session in range(1, self.sessions + 1):
            outcome = self.outcome(session)
            if outcome["event"] != "done":
                found.append(f"session {session}: {outcome.get('message')}")
            elif len(outcome["placed"]) != 1:
                found.append(f"session {session}: {len(outcome['placed'])} orders placed, not 1")
        told = {(o["business_date"], o["order_number"]): o for o in self.placed}
        for key, order in told.items():
            stored = self.stored.get(key)
            if stored is None:
                found.append(f"order {key[1]} was placed but not stored")
            elif (
                stored["lines"] != _lines(order["lines"])
                or stored["total_cents"] != order["total_cents"]
            ):
                found.append(f"order {key[1]} was stored with other lines or total")
        for key in self.stored.keys() - told.keys():
            found.append(f"order {key[1]} was stored but no kiosk was told it was placed")
        if len(told) != len(self.placed):
            found.append("two kiosks were given the same order number")
        return found

    def summary(self) -> dict[str, Any]:
        to_agent = [self._seconds_to_agent(s) for s in range(1, self.sessions + 1)]
        waited = [t for t in to_agent if t is not None]
        turn_ms = [e["reply_ms"] for e in self.events if e["event"] == "turn" and e["reply_ms"]]
        return {
            "sessions": self.sessions,
            "max_sessions": self.max_sessions,
            "served": sum(self.outcome(s)["event"] == "done" for s in range(1, self.sessions + 1)),
            "placed": len(self.placed),
            "stored": len(self.stored),
            "problems": self.problems(),
            "told_busy": sum(
                any(e["event"] == "waiting" for e in self.of(s))
                for s in range(1, self.sessions + 1)
            ),
            "seconds_to_agent": {
                "p50": percentile(waited, 0.5),
                "max": round(max(waited), 1) if waited else None,
            },
            "typed_reply_ms": {"p50": percentile(turn_ms, 0.5), "p95": percentile(turn_ms, 0.95)},
            "wall_s": round(self.wall_s, 1),
            "worker": self.worker,
            "exit_code": self.exit_code,
        }

    def _seconds_to_agent(self, session: int) -> float | None:
        events = self.of(session)
        joined = [e["t"] for e in events if e["event"] == "joined"]
        served = [e["t"] for e in events if e["event"] == "cart"]
        return round(served[0] - joined[0], 1) if joined and served else None


def _lines(lines: list[dict[str, Any]]) -> list[tuple[str, str, int, int]]:
    return sorted(
        (line["line_id"], line["item_id"], line["qty"], line["unit_cents"]) for line in lines
    )


def stored_orders(data_dir: Path) -> dict[tuple[str, int], dict[str, Any]]:
    """Every order in the worker's database, by (business date, number)."""

    async def read() -> dict[tuple[str, int], dict[str, Any]]:
        store = await OrderStore.open(default_database_url(data_dir))
        try:
            today = dt.date.today()
            orders = []
            for day in (today - dt.timedelta(days=1), today):
                orders += await store.orders_on(day)
        finally:
            await store.close()
        return {
            (o.business_date.isoformat(), o.order_number): {
                "lines": sorted(
                    (line.line_id, line.item_id, line.quantity, line.unit_cents) for line in o.lines
                ),
                "total_cents": o.total_cents,
            }
            for o in orders
        }

    return asyncio.run(read())


def run_load(
    stack: LocalStack,
    data_dir: Path,
    sessions: int,
    max_sessions: int,
    orders: tuple[tuple[str, ...], ...] = ORDERS,
) -> LoadRun:
    """`kiosk-sim --sessions N` against a started stack, all kiosks at once; session n types
    `orders[(n - 1) % len(orders)]` (one kiosk-sim process per script)."""
    assert stack.endpoint is not None
    sampler = GroupSampler(stack.process_group_ids[-1])
    sampler.start()
    url = stack.worker_http_url()
    assert url is not None, "the worker's HTTP endpoint is not in its log"
    watch = WorkerWatch(url)
    watch.start()
    cpu_before, started = sampler.cpu_seconds(), time.monotonic()
    processes = []
    outputs = tempfile.TemporaryDirectory(prefix="kiosk-load-out-")
    # one kiosk-sim per script, each running its share of the sessions at once; their output
    # goes to files (a pipe read one process after another fills up and stalls the others)
    shares = [list(range(i + 1, sessions + 1, len(orders))) for i in range(len(orders))]
    for index, (script, members) in enumerate(zip(orders, shares, strict=False)):
        if not members:
            continue
        args = [a for text in script for a in ("--type", text)]
        out_path = Path(outputs.name) / f"{index}.out"
        err_path = Path(outputs.name) / f"{index}.err"
        with out_path.open("w") as out, err_path.open("w") as err:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kiosk.sim",
                    "--sessions",
                    str(len(members)),
                    "--wait-for-agent",
                    str(WAIT_FOR_AGENT),
                    "--reply-timeout",
                    str(REPLY_TIMEOUT),
                    *args,
                ],
                env={**os.environ, **stack.endpoint.env(), "KIOSK_ID": f"load-{members[0]}"},
                stdout=out,
                stderr=err,
                text=True,
            )
        processes.append((members, process, out_path, err_path))
    events: list[dict[str, Any]] = []
    exit_code = 0
    silences = 0
    with outputs:
        for members, process, out_path, err_path in processes:
            try:
                process.wait(timeout=WAIT_FOR_AGENT + 4 * REPLY_TIMEOUT)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
            silences += err_path.read_text().count(AGENT_SILENT_MESSAGE)
            exit_code = max(exit_code, process.returncode)
            for line in out_path.read_text().splitlines():
                if line.startswith("{"):
                    event = json.loads(line)
                    event["session"] = members[event.get("session", 1) - 1]
                    events.append(event)
    wall = time.monotonic() - started
    sampler.stop()
    watch.stop()
    worker = {
        "most_sessions_at_once": watch.most_sessions,
        "top_load": round(watch.top_load, 2),
        "cpu_percent_of_one_core": round(100 * (sampler.cpu_seconds() - cpu_before) / wall, 1),
        "peak_rss_mb": round(sampler.peak_rss / 2**20, 1),
    }
    worker["agent_went_silent"] = silences  # a heartbeat missed under load (a false alarm)
    return LoadRun(sessions, max_sessions, events, stored_orders(data_dir), wall, exit_code, worker)


def report_table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| kiosks | capacity | most at once | served | placed | stored | problems | told busy "
        "| to agent p50 / max | typed reply p50 / p95 | worker CPU | worker memory |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        rows.append(
            f"| {r['sessions']} | {r['max_sessions']} | {r['worker']['most_sessions_at_once']} "
            f"| {r['served']} | {r['placed']} "
            f"| {r['stored']} | {len(r['problems'])} | {r['told_busy']} "
            f"| {r['seconds_to_agent']['p50']} / {r['seconds_to_agent']['max']} s "
            f"| {r['typed_reply_ms']['p50']} / {r['typed_reply_ms']['p95']} ms "
            f"| {r['worker']['cpu_percent_of_one_core']}% of a core "
            f"| {r['worker']['peak_rss_mb']} MB |"
        )
    return "\n".join(rows)


def write_report(results: list[dict[str, Any]]) -> None:
    write_section(
        REPORT,
        "load",
        "## Load: kiosks at once on one worker host\n\n"
        f"`make load` on {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, {dt.date.today().isoformat()}. Each kiosk types an order "
        'and places it; a kiosk no agent joins is told "All our assistants are busy, one '
        'moment" and keeps asking. Problems counts sessions not served or not placed and '
        "orders stored differently from what the kiosk was told (none lost, none twice). "
        "Most at once: the worker's own count of running sessions (its /worker endpoint, "
        "polled). To agent: from joining the room to the agent serving it, waits included. "
        "Typed reply: from the text sent to the agent starting to speak. Worker memory: peak "
        "resident memory summed over its processes (pages the job processes share are counted "
        "in each). The kiosks run on the same 2 cores.\n\n" + report_table(results),
    )


def main() -> None:
    # SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C: the stack's processes are stopped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,2,4,8,16")
    parser.add_argument("--max-sessions", type=int, default=4)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--no-report", action="store_true", help="leave docs/performance.md as it is"
    )
    parser.add_argument(
        "--logs", type=Path, default=None, help="keep each run's server and worker logs here"
    )
    args = parser.parse_args()
    results = []
    for index, count in enumerate(int(n) for n in args.sessions.split(",")):
        with tempfile.TemporaryDirectory(prefix="kiosk-load-") as tmp:
            data_dir = Path(tmp) / "data"
            env = {"DATA_DIR": str(data_dir), "AGENT_MAX_SESSIONS": str(args.max_sessions)}
            logs = args.logs / f"run{index + 1}-{count}-kiosks" if args.logs else Path(tmp) / "logs"
            with LocalStack(logs, agent_env=env) as stack:
                run = run_load(stack, data_dir, count, args.max_sessions)
            if args.logs:
                (logs / "kiosk-sim.jsonl").write_text(
                    "".join(json.dumps(e) + "\n" for e in run.events)
                )
            summary = run.summary()
            results.append(summary)
            print(json.dumps(summary), flush=True)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps({"date": dt.date.today().isoformat(), "runs": results}, indent=2) + "\n"
    )
    if not args.no_report:
        write_report(results)
    failed = [r for r in results if r["problems"]]
    if failed:
        raise SystemExit(f"load: problems at {[r['sessions'] for r in failed]} kiosks")


if __name__ == "__main__":
    main()
