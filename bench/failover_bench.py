"""`make faults` (failover part): LiveKit's distributed mode loses a node mid-order.

Two livekit-server nodes share one Redis (Debian's redis-server) and the same API keys; an agent
worker is attached to each node and both use one PostgreSQL. Two kiosk controllers (offscreen
Qt) order at once, one joining through each node (`LIVEKIT_URL` that node, `LIVEKIT_FALLBACK_URLS`
the other). Each trial: both kiosks add items by touch, then one host is lost (its
livekit-server, worker and job processes killed with SIGKILL at once, alternating between the
nodes); each kiosk continues on the surviving node with its cart and the order is placed by
touch. Then the lost host comes back for the next trial.

Per kiosk and trial: did it notice, was the cart back exactly (recovered), was the order stored
once with the lines the customer saw (lost / duplicated), how long from the loss to the cart on
screen again, and through which node it joined. Writes bench/results/failover.json and the
failover table in docs/performance.md.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/failover_bench.py [--trials 10]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from faults_bench import count_stored, line_keys, plain_items, stored  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sampling import percentile, write_section  # noqa: E402

from agent.core.config import load_settings  # noqa: E402
from agent.core.menu import MenuItem, load_menu  # noqa: E402
from kiosk.localstack import LocalStack  # noqa: E402
from kiosk.session import SessionConfig  # noqa: E402
from kiosk.settings import KioskSettings  # noqa: E402
from kiosk.ui.bridge import SessionThread  # noqa: E402
from kiosk.ui.controller import Connection, KioskController  # noqa: E402
from kiosk.ui.waiting import wait_until  # noqa: E402
from tests.postgres import running_postgres  # noqa: E402
from tests.redis import running_redis  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "failover.json"
REPORT = ROOT / "docs" / "performance.md"
NODES = ("A", "B")


@dataclasses.dataclass
class Kiosk:
    name: str
    home: str
    """The node it joins through first."""
    controller: KioskController
    before: list[tuple[str, int, int]] = dataclasses.field(default_factory=list)
    room: str = ""
    joined: str = ""


def is_ready(kiosk: Kiosk) -> bool:
    return kiosk.controller.connection is Connection.READY


def holds(kiosk: Kiosk, count: int) -> bool:
    return bool(kiosk.controller.cart.item_count() == count)


def shows_its_cart_again(kiosk: Kiosk) -> bool:
    return is_ready(kiosk) and line_keys(kiosk.controller.cart.lines()) == kiosk.before


def moved(kiosk: Kiosk) -> bool:
    """Reconnecting, or already in another room."""
    session = kiosk.controller.session
    return kiosk.controller.connection is Connection.RECONNECTING or (
        session is not None and session.room_name != kiosk.room
    )


def idle(kiosk: Kiosk) -> bool:
    return not kiosk.controller.busy


def node_of(stacks: dict[str, LocalStack], url: str | None) -> str:
    for name, stack in stacks.items():
        if stack.endpoint is not None and stack.endpoint.url == url:
            return name
    return "?"


def trial(
    stacks: dict[str, LocalStack],
    kiosks: list[Kiosk],
    items: list[MenuItem],
    lost: str,
    database: str,
) -> list[dict[str, Any]]:
    """Both kiosks mid-order, then host `lost` gone; what each customer saw and what was stored."""
    stored_before = count_stored(database)
    for kiosk in kiosks:
        kiosk.controller.start_order()
    for kiosk in kiosks:
        wait_until(functools.partial(is_ready, kiosk), 120)
        for item in items:
            kiosk.controller.add_item(item.id, 1, "", [])
    for kiosk in kiosks:
        wait_until(functools.partial(holds, kiosk, len(items)), 60)
        kiosk.before = line_keys(kiosk.controller.cart.lines())
        session = kiosk.controller.session
        assert session is not None and session.room_name is not None
        kiosk.room, kiosk.joined = session.room_name, node_of(stacks, session.server_url)
    struck = time.monotonic()
    stacks[lost].lose_host()
    results: list[dict[str, Any]] = [
        {"lost_node": lost, "kiosk": k.name, "joined_through": k.joined, "noticed_s": None}
        for k in kiosks
    ]

    def watch() -> bool:
        """Notes when each kiosk noticed and when its cart was back; True when all are back."""
        now = round(time.monotonic() - struck, 2)
        for kiosk, result in zip(kiosks, results, strict=True):
            if result["noticed_s"] is None and moved(kiosk):
                result["noticed_s"] = now
            if "recovery_s" not in result and moved(kiosk) and shows_its_cart_again(kiosk):
                result["recovery_s"] = now
        return all("recovery_s" in result for result in results)

    with contextlib.suppress(TimeoutError):
        wait_until(watch, 120)
    for kiosk, result in zip(kiosks, results, strict=True):
        result.setdefault("recovery_s", None)
        result["recovered"] = result["recovery_s"] is not None
        session = kiosk.controller.session
        result["continued_on"] = node_of(stacks, session.server_url if session else None)
    for kiosk, result in zip(kiosks, results, strict=True):
        placed: list[Any] = []

        def on_placed(order: Any, into: list[Any] = placed) -> None:
            into.append(order)

        kiosk.controller.orderPlaced.connect(on_placed)
        kiosk.controller.place_order()
        try:
            wait_until(functools.partial(bool, placed), 60)
        except TimeoutError:
            pass
        kiosk.controller.orderPlaced.disconnect(on_placed)
        result["placed"] = bool(placed)
        if placed:
            result["stored_as_seen"] = stored(database, placed[0].order_number) == kiosk.before
        result["lost"] = not placed
    stored_now = count_stored(database) - stored_before
    for result in results:
        result["stored_orders_in_trial"] = stored_now
        result["duplicated"] = stored_now > sum(r["placed"] for r in results)
    for kiosk in kiosks:
        kiosk.controller.finish()
        wait_until(functools.partial(idle, kiosk), 30)
    stacks[lost].restore_host()
    return results


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    times = [r["recovery_s"] for r in results if r["recovery_s"] is not None]
    moved = [r for r in results if r["joined_through"] == r["lost_node"]]
    return {
        "orders": len(results),
        "recovered": sum(r["recovered"] for r in results),
        "lost": sum(r["lost"] for r in results),
        "duplicated": sum(r["duplicated"] for r in results),
        "stored_as_seen": sum(bool(r.get("stored_as_seen")) for r in results),
        "joined_through_the_lost_node": len(moved),
        "continued_on_the_other_node": sum(r["continued_on"] != r["lost_node"] for r in moved),
        "agent_kept": sum(r["noticed_s"] is None for r in results),
        "recovery_s": {
            "p50": percentile(times, 0.5),
            "p95": percentile(times, 0.95),
            "max": max(times) if times else None,
        },
    }


def write_report(summary: dict[str, Any], trials: int, when: str) -> None:
    r = summary["recovery_s"]
    write_section(
        REPORT,
        "failover",
        "## Failover: a LiveKit node and its worker lost mid-order\n\n"
        f"`make faults` on {os.cpu_count()} cores, {when}: two livekit-server nodes sharing "
        "Redis, a worker on each, one PostgreSQL; two kiosks ordering at once, one joining "
        f"through each node. {trials} trials, each losing one host (server, worker and job "
        "processes killed at once, alternating nodes) with both orders in progress, then "
        "placing by touch.\n\n"
        "| orders | recovered | stored as seen | lost | duplicated | joined through the lost "
        "node → continued on the other | loss → cart back p50 / p95 / max |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        f"| {summary['orders']} | {summary['recovered']} | {summary['stored_as_seen']} "
        f"| {summary['lost']} | {summary['duplicated']} "
        f"| {summary['joined_through_the_lost_node']} → "
        f"{summary['continued_on_the_other_node']} "
        f"| {r['p50']} / {r['p95']} / {r['max']} s |",
    )


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--logs", type=Path, default=None)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    app = QApplication(sys.argv)
    settings = load_settings(KioskSettings)
    items = plain_items(list(load_menu(settings.menu_path).items()), 2)
    keys = ("kiosk-cluster", secrets.token_urlsafe(32))
    results: list[dict[str, Any]] = []
    thread = SessionThread()
    with (
        tempfile.TemporaryDirectory(prefix="kiosk-failover-") as tmp,
        running_redis() as redis,
        running_postgres() as postgres,
    ):
        logs = args.logs or Path(tmp)
        database = postgres.create_database()
        stacks = {
            name: LocalStack(
                logs / f"node-{name}",
                agent_env={"DATABASE_URL": database},
                redis_address=redis,
                api_keys=keys,
            )
            for name in NODES
        }
        kiosks: list[Kiosk] = []
        try:
            for stack in stacks.values():
                stack.start()
            urls = {name: stack.endpoint.url for name, stack in stacks.items() if stack.endpoint}
            for index, home in enumerate(NODES):
                endpoint = stacks[home].endpoint
                assert endpoint is not None
                config = endpoint.configure(
                    SessionConfig.from_settings(settings), kiosk_id=f"failover-{index + 1}"
                )
                config = dataclasses.replace(
                    config, fallback_urls=tuple(u for n, u in urls.items() if n != home)
                )
                controller = KioskController(config, session_thread=thread)
                kiosks.append(Kiosk(f"kiosk-{index + 1}", home, controller))
            for number in range(args.trials):
                lost = NODES[number % len(NODES)]
                for result in trial(stacks, kiosks, items, lost, database):
                    result["trial"] = number + 1
                    results.append(result)
                    print(json.dumps(result), flush=True)
        finally:
            for kiosk in kiosks:
                kiosk.controller.finish()
                wait_until(functools.partial(idle, kiosk), 30)
                kiosk.controller.deleteLater()
            for stack in stacks.values():
                stack.stop()
            thread.stop()
    del app
    summary = summarize(results)
    print(json.dumps({"failover": summary}), flush=True)
    when = dt.date.today().isoformat()
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps({"date": when, "summary": summary, "orders": results}, indent=2) + "\n"
    )
    if not args.no_report:
        write_report(summary, args.trials, when)
    if summary["lost"] or summary["duplicated"]:
        raise SystemExit("failover: orders lost or duplicated")


if __name__ == "__main__":
    main()
