"""`make faults`: a customer's order survives its agent dying, on a real livekit-server and worker.

Each trial is one order at the real kiosk controller (offscreen Qt): items added by touch, then
a fault, then the order placed by touch once the kiosk shows it again. Faults:

- `kill-job`: SIGKILL to the job process serving the order (the worker starts another).
- `kill-worker`: SIGKILL to the worker's main process alone, then the worker started again
  (what a supervisor such as systemd does); its job processes are left to fend for themselves.
- `kill-worker-standby`: the same with a second worker process registered on the host (the
  deployment docs/deploy.md recommends): the kiosk's new room goes to the standby at once
  while the killed one restarts.
- `restart-server`: livekit-server killed (SIGKILL) and started again on the same ports, as a
  crash and its supervisor would (its rooms are gone; the worker and the kiosk reconnect).
- `net-cut`: the kiosk's network cut for `--cut-seconds` and restored. livekit-server and the
  worker run in a network namespace the bench makes (tests/netns.py, needs root) and the kiosk
  reaches them over a veth link, which is taken down and brought back up.

Per trial: did the kiosk notice, was the cart back exactly (recovered), was the order stored
once with the lines the customer saw (lost / duplicated), and how long from the fault to the
cart on screen again. Writes bench/results/faults.json and the faults table in
docs/performance.md.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/faults_bench.py [--trials 50]
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from PySide6.QtWidgets import QApplication  # noqa: E402
from sampling import fault_bench_arguments, percentile, write_section  # noqa: E402

from agent.core.config import load_settings  # noqa: E402
from agent.core.menu import MenuItem, load_menu  # noqa: E402
from agent.store import OrderStore, default_database_url  # noqa: E402
from kiosk.localstack import LocalStack  # noqa: E402
from kiosk.session import AGENT_SILENT_MESSAGE, SessionConfig  # noqa: E402
from kiosk.settings import KioskSettings  # noqa: E402
from kiosk.ui.bridge import SessionThread  # noqa: E402
from kiosk.ui.controller import Connection, KioskController  # noqa: E402
from kiosk.ui.waiting import wait_signal, wait_until  # noqa: E402
from tests.netns import CuttableNetwork, can_make_namespaces, cuttable_network  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "faults.json"
REPORT = ROOT / "docs" / "performance.md"
FAULTS = ("kill-job", "kill-worker", "kill-worker-standby", "restart-server", "net-cut")
CUT_SECONDS = 10.0
"""How long the kiosk's network stays cut: longer than the kiosk's heartbeat takes to notice
the agent gone, shorter than LiveKit's 20 s before it drops a silent participant."""
STALE_JOB_WAIT_SECONDS = 30.0
KIOSK_NOT_BACK = "the kiosk did not come back after the room reconnected"
"""What agent/worker.py logs when it ends a job whose kiosk went on in a new room."""
SESSION_STARTED = re.compile(r'order session started .*?"room": "([^"]+)".*?"pid": (\d+)')


def plain_items(menu_items: list[MenuItem], count: int) -> list[MenuItem]:
    """The first `count` available items a touch adds with no size to choose."""
    return [item for item in menu_items if item.available and not item.requires_size][:count]


def job_pid(stack: LocalStack, room: str) -> int:
    """The job process serving `room`, from the log of the worker that started it."""
    serving = stack.worker_logs[stack.worker_serving(room)]
    log = re.sub(r"\x1b\[[0-9;]*m", "", serving.read_text(errors="replace"))
    pids = [int(pid) for found_room, pid in SESSION_STARTED.findall(log) if found_room == room]
    if not pids:
        raise RuntimeError(f"no job process for room {room} in the worker log")
    return pids[-1]


def line_keys(lines: Any) -> list[tuple[str, int, int]]:
    return sorted((line.item_id, line.qty, line.unit_cents) for line in lines)


def stored(database: str, number: int) -> list[tuple[str, int, int]] | None:
    """The lines of today's order `number` in the database at URL `database` (None if absent)."""

    async def read() -> list[tuple[str, int, int]] | None:
        store = await OrderStore.open(database)
        try:
            order = await store.order(dt.date.today(), number)
            if order is None:
                return None
            return sorted((line.item_id, line.quantity, line.unit_cents) for line in order.lines)
        finally:
            await store.close()

    return asyncio.run(read())


def count_stored(database: str) -> int:
    """How many orders today the database at URL `database` holds."""

    async def read() -> int:
        store = await OrderStore.open(database)
        try:
            return len(await store.orders_on(dt.date.today()))
        finally:
            await store.close()

    return asyncio.run(read())


class SilenceSeen(logging.Handler):
    """Counts the kiosk's "the agent went silent" (noticed by heartbeat, not by LiveKit)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == AGENT_SILENT_MESSAGE:
            self.count += 1


SILENCE = SilenceSeen()


def trial(
    stack: LocalStack,
    controller: KioskController,
    items: list[MenuItem],
    fault: str,
    data_dir: Path,
    network: CuttableNetwork | None = None,
    cut_seconds: float = CUT_SECONDS,
) -> dict[str, Any]:
    """One order with `fault` in the middle; what the customer saw and what was stored."""
    result: dict[str, Any] = {"fault": fault}
    silences = SILENCE.count
    database = default_database_url(data_dir)
    stored_before = count_stored(database)
    controller.start_order()
    wait_signal(controller.connectionChanged, lambda s, _m: s == Connection.READY, 120)
    for item in items:
        controller.add_item(item.id, 1, "", [])
    wait_until(lambda: controller.cart.item_count() == len(items), 60)
    before = line_keys(controller.cart.lines())
    session = controller.session
    assert session is not None and session.room_name is not None
    room = session.room_name
    result["room"] = room  # where the fault struck (the server log tells how its agent left)
    restart: threading.Thread | None = None  # a supervisor bringing back what the fault killed
    restored: list[float] = []
    shown: list[str] = []  # what the kiosk told the customer meanwhile

    def on_connection(state: str, message: str) -> None:
        if state == Connection.RECONNECTING and message not in shown:
            shown.append(message)

    controller.connectionChanged.connect(on_connection)
    if fault == "net-cut":
        assert network is not None

        def restore_later() -> None:
            time.sleep(cut_seconds)
            network.restore()
            restored.append(time.monotonic())

        struck = time.monotonic()
        network.cut()
        restart = threading.Thread(target=restore_later)
        restart.start()
    elif fault == "kill-job":
        os.kill(job_pid(stack, room), signal.SIGKILL)
        struck = time.monotonic()
    elif fault == "restart-server":
        # a crash and a supervisor's restart, in the background so the kiosk runs meanwhile
        ended_before = stale_jobs_ended(stack)
        struck = time.monotonic()
        restart = threading.Thread(target=stack.restart_server, kwargs={"crash": True})
        restart.start()
    else:
        serving = stack.worker_serving(room)
        struck = time.monotonic()
        stack.crash_worker(serving)
        # the supervisor starts it again while the kiosk copes (registering takes seconds)
        restart = threading.Thread(target=stack.restart_worker)
        restart.start()
    try:
        wait_until(
            lambda: (
                controller.connection is Connection.RECONNECTING
                or (controller.session is not None and controller.session.room_name != room)
            ),
            60,
        )
        result["noticed_s"] = round(time.monotonic() - struck, 2)
    except TimeoutError:
        result["noticed_s"] = None  # the agent stayed: its job process lived on
    try:
        wait_until(
            lambda: (
                controller.connection is Connection.READY
                and line_keys(controller.cart.lines()) == before
            ),
            120,
        )
        result["recovered"] = True
        result["recovery_s"] = round(time.monotonic() - struck, 2)
        if fault == "net-cut":  # back on screen counted from the network's return too
            back = time.monotonic()
            if restart is not None:
                restart.join()
            result["after_restore_s"] = round(max(0.0, back - restored[0]), 2)
    except TimeoutError:
        result["recovered"] = False
        result["recovery_s"] = None
    result["by_heartbeat"] = SILENCE.count > silences
    controller.connectionChanged.disconnect(on_connection)
    result["reconnecting_shown"] = shown
    if restart is not None:
        restart.join()
    placed: list[Any] = []

    def on_placed(order: Any) -> None:  # a Python function: PySide6 miscounts builtin slots
        placed.append(order)

    controller.orderPlaced.connect(on_placed)
    controller.place_order()
    try:
        wait_until(lambda: bool(placed), 60)
    except TimeoutError:
        pass
    controller.orderPlaced.disconnect(on_placed)
    result["placed"] = bool(placed)
    result["stored_orders"] = count_stored(database) - stored_before
    if placed:
        kept = stored(database, placed[0].order_number)
        result["stored_as_seen"] = kept == before
    result["lost"] = not placed or result["stored_orders"] == 0
    result["duplicated"] = result["stored_orders"] > 1
    controller.finish()
    wait_until(lambda: not controller.busy, 30)
    if fault == "restart-server":
        # the job serving the order when the server crashed rejoins its room when the server is
        # back and, its kiosk gone on in a new room, ends KIOSK_GONE_SECONDS later, freeing its
        # session slot; the order may be placed before that, so the trial waits for it
        try:
            wait_until(lambda: stale_jobs_ended(stack) > ended_before, STALE_JOB_WAIT_SECONDS)
            result["stale_job_ended_s"] = round(time.monotonic() - struck, 2)
        except TimeoutError:
            result["stale_job_ended_s"] = None
    return result


def stale_jobs_ended(stack: LocalStack) -> int:
    """How many jobs the (first) worker ended because their kiosk did not come back after a
    server restart."""
    return stack.worker_log.read_text(errors="replace").count(KIOSK_NOT_BACK)


def run_fault(
    fault: str,
    count: int,
    config_of: Callable[[LocalStack], SessionConfig],
    items: list[MenuItem],
    logs: Path,
    tmp: Path,
    cut_seconds: float = CUT_SECONDS,
) -> list[dict[str, Any]]:
    """`count` trials of `fault` on one fresh stack and kiosk controller."""
    data_dir = tmp / fault / "data"
    thread = SessionThread()
    outcomes: list[dict[str, Any]] = []
    with contextlib.ExitStack() as made:
        network = made.enter_context(cuttable_network()) if fault == "net-cut" else None
        where: dict[str, Any] = {}
        if network is not None:  # the servers inside the namespace, the kiosk outside
            where = {"host": network.address, "launcher": network.launcher}
        workers = 2 if fault == "kill-worker-standby" else 1
        stack = made.enter_context(
            LocalStack(logs, agent_env={"DATA_DIR": str(data_dir)}, workers=workers, **where)
        )
        controller = KioskController(config_of(stack), session_thread=thread)
        try:
            for index in range(count):
                try:
                    outcome = trial(stack, controller, items, fault, data_dir, network, cut_seconds)
                except TimeoutError as exc:
                    # the stack no longer serves a new order at all: recorded, and the run of
                    # this fault ends (its later trials would say nothing new)
                    outcome = {"fault": fault, "error": f"no new order could start: {exc}"}
                    outcome |= {"noticed_s": None, "recovered": False, "recovery_s": None}
                    outcome |= {"by_heartbeat": False, "lost": True, "duplicated": False}
                outcome["trial"] = index + 1
                outcomes.append(outcome)
                print(json.dumps(outcome), flush=True)
                if "error" in outcome:
                    break
        finally:
            controller.finish()
            wait_until(lambda: not controller.busy, 30)
            controller.deleteLater()
            thread.stop()
    return outcomes


def summarize(trials: list[dict[str, Any]]) -> dict[str, Any]:
    times = [t["recovery_s"] for t in trials if t["recovery_s"] is not None]
    after = [t["after_restore_s"] for t in trials if t.get("after_restore_s") is not None]
    stale: dict[str, int] = {}
    if any("stale_job_ended_s" in t for t in trials):
        stale["stale_jobs_ended"] = sum(t.get("stale_job_ended_s") is not None for t in trials)
    extra = {"after_restore_s": {"p50": percentile(after, 0.5), "max": max(after)}} if after else {}
    return extra | {
        "date": dt.date.today().isoformat(),
        "trials": len(trials),
        "recovered": sum(t["recovered"] for t in trials),
        "lost": sum(t["lost"] for t in trials),
        "duplicated": sum(t["duplicated"] for t in trials),
        "stored_as_seen": sum(bool(t.get("stored_as_seen")) for t in trials),
        "agent_stayed": sum(t["noticed_s"] is None for t in trials),
        "noticed_by_heartbeat": sum(t["by_heartbeat"] for t in trials),
        "showed_reconnecting": sum(bool(t.get("reconnecting_shown")) for t in trials),
        **stale,
        "recovery_s": {
            "p50": percentile(times, 0.5),
            "p95": percentile(times, 0.95),
            "max": max(times) if times else None,
        },
    }


def write_report(summaries: dict[str, dict[str, Any]], when: str) -> None:
    rows = [
        "| fault | run on | trials | recovered | stored as seen | lost | duplicated "
        "| fault → cart back p50 / p95 / max |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for fault, s in summaries.items():
        r = s["recovery_s"]
        back = s.get("after_restore_s")
        after = f" (network back → cart: p50 {back['p50']}, max {back['max']} s)" if back else ""
        rows.append(
            f"| {fault} | {s.get('date', '')} | {s['trials']} | {s['recovered']} "
            f"| {s['stored_as_seen']} | {s['lost']} "
            f"| {s['duplicated']} | {r['p50']} / {r['p95']} / {r['max']} s{after} |"
        )
    write_section(
        REPORT,
        "faults",
        "## Faults: the agent dies mid-order\n\n"
        f"`make faults` on {os.cpu_count()} cores (last run {when}; `--faults` reruns some, "
        "each row says when it ran): the real kiosk controller "
        "(offscreen), a real livekit-server and worker; items added by touch, the fault, "
        "then the order placed by touch. kill-job: SIGKILL to the job process serving the "
        "order. kill-worker: SIGKILL to the worker's main process, then the worker started "
        "again (as systemd would); kill-worker-standby: the same with a second worker "
        "registered on the host, which serves the new room while the first restarts. "
        "restart-server: livekit-server killed and started again "
        "on the same ports. net-cut: the kiosk's network cut (a veth link to a network namespace "
        "holding livekit-server and the worker taken down) and restored after "
        f"{CUT_SECONDS:.0f} s; its time is counted from the cut. The kiosk notices a dead "
        "job process from its heartbeat; a job whose worker died leaves its room on the way "
        "out, so the kiosk sees it go at once.\n\n" + "\n".join(rows),
    )


def main() -> None:
    args, chosen, parser = fault_bench_arguments(
        __doc__ or "", FAULTS, RESULTS, {"cut-seconds": CUT_SECONDS}
    )
    app = QApplication(sys.argv)
    logging.getLogger("kiosk").addHandler(SILENCE)
    settings = load_settings(KioskSettings)
    menu = load_menu(settings.menu_path)
    items = plain_items(list(menu.items()), 2)

    def config_of(stack: LocalStack) -> SessionConfig:
        assert stack.endpoint is not None
        # the kiosk's own settings (an agent that does not join within 10 s is asked again)
        return stack.endpoint.configure(SessionConfig.from_settings(settings), kiosk_id="faults")

    cannot = can_make_namespaces() if "net-cut" in chosen else None
    if cannot is not None and args.faults != ",".join(FAULTS):
        others = ",".join(f for f in chosen if f != "net-cut")
        parser.exit(2, f"faults: net-cut cannot run here: {cannot}; run --faults {others}\n")
    if cannot is not None:  # `make faults` as a user: the rest still runs, and says so
        print(f"faults: net-cut skipped: {cannot}", file=sys.stderr, flush=True)
        chosen = [f for f in chosen if f != "net-cut"]
    summaries: dict[str, dict[str, Any]] = {}
    trials: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="kiosk-faults-") as tmp:
        for fault in chosen:
            logs = (args.logs or Path(tmp)) / fault
            trials[fault] = run_fault(
                fault, args.trials, config_of, items, logs, Path(tmp), args.cut_seconds
            )
            summaries[fault] = summarize(trials[fault])
            print(json.dumps({fault: summaries[fault]}), flush=True)
    del app
    when = dt.date.today().isoformat()
    args.results.parent.mkdir(parents=True, exist_ok=True)
    # the faults run now replace their earlier figures; the others stay (`--faults` runs some)
    kept: dict[str, Any] = {"summaries": {}, "trials": {}}
    if args.results.exists():
        kept = json.loads(args.results.read_text())
    summaries = {**kept["summaries"], **summaries}
    trials = {**kept["trials"], **trials}
    args.results.write_text(
        json.dumps({"date": when, "summaries": summaries, "trials": trials}, indent=2) + "\n"
    )
    if not args.no_report:
        write_report(summaries, when)
    bad = [f for f, s in summaries.items() if s["lost"] or s["duplicated"]]
    if bad:
        raise SystemExit(f"faults: orders lost or duplicated under {bad}")


if __name__ == "__main__":
    main()
