"""`make faults`, placing: an order survives the database going down and the customer's hurry.

On a real livekit-server, agent worker and PostgreSQL (Debian's, started for the run), one
kiosk session (kiosk.session.OrderSession, what the app uses) orders by touch. Faults:

- `database-down`: PostgreSQL stopped just before the customer places. The customer must be
  told plainly (the desk's ORDER_SYSTEM_DOWN), the cart must stay as it was at the kiosk and
  the agent; with the database back, placing again stores the order once, as seen, and a
  replay of that place (a retry after a lost reply) answers with the same order number.
- `double-tap`: three places of the same cart at once, then the same place replayed: one order.
- `race-edit`: a place and a touch edit sent at once. Either the place came first (the order
  holds exactly the lines seen; the edit opens the next order) or the edit did (the place is
  refused as changed, nothing is stored, the edit is in the cart). Never a mix.

Per fault: trials, recovered (every check of the trial held), lost, duplicated, mixed (stored
lines other than those seen), and for database-down the time from the database being back to
the order stored. Writes bench/results/order_faults.json and the order-faults table in
docs/performance.md.

    .venv/bin/python bench/order_faults_bench.py [--trials 50]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from faults_bench import line_keys, plain_items  # noqa: E402
from sampling import fault_bench_arguments, percentile, write_section  # noqa: E402

from agent.core.config import load_settings  # noqa: E402
from agent.core.menu import MenuItem, load_menu  # noqa: E402
from agent.core.protocol import TurnMode  # noqa: E402
from agent.ordering.desk import ORDER_SYSTEM_DOWN  # noqa: E402
from agent.store import OrderStore  # noqa: E402
from kiosk.localstack import LocalStack  # noqa: E402
from kiosk.session import OrderSession, SessionConfig  # noqa: E402
from kiosk.settings import KioskSettings  # noqa: E402
from tests.postgres import PostgresServer, running_postgres  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "order_faults.json"
REPORT = ROOT / "docs" / "performance.md"
FAULTS = ("database-down", "double-tap", "race-edit")


async def stored_today(database: str) -> dict[int, list[tuple[str, int, int]]]:
    """Today's orders in the database at URL `database`: number → sorted lines."""
    store = await OrderStore.open(database, migrate=False)
    try:
        return {
            order.order_number: sorted(
                (line.item_id, line.quantity, line.unit_cents) for line in order.lines
            )
            for order in await store.orders_on(dt.date.today())
        }
    finally:
        await store.close()


async def place_what_is_open(session: OrderSession) -> None:
    """Places whatever the last trial left open, so the next starts from an empty cart."""
    cart = session.cart
    if cart is not None and cart.lines and cart.status == "open":
        if not (await session.place_order()).ok:
            raise RuntimeError("the cart left open by a trial could not be placed")


async def database_down(
    session: OrderSession, postgres: PostgresServer, database: str, items: list[MenuItem]
) -> dict[str, Any]:
    before = await stored_today(database)
    for quantity, item in enumerate(items, start=1):
        assert (await session.add_item(item.id, qty=quantity)).ok
    assert session.cart is not None
    seen, seq = line_keys(session.cart.lines), session.cart.seq
    postgres.pause()
    try:
        refused = await session.place_order()
        told = not refused.ok and refused.error == ORDER_SYSTEM_DOWN
        again = await session.refresh_cart()
        kept = (
            again.ok
            and again.snapshot is not None
            and again.snapshot.status == "open"
            and line_keys(again.snapshot.lines) == seen
        )
    finally:
        postgres.resume()
    back = time.monotonic()
    placed = await session.place_order()  # the customer tries again, as told
    placed_s = round(time.monotonic() - back, 2)
    replay = json.loads(await session.call_raw("order.place", json.dumps({"seq": seq})))
    new = {n: lines for n, lines in (await stored_today(database)).items() if n not in before}
    result = {
        "told_plainly": told,
        "cart_kept": kept,
        "placed": placed.ok,
        "replay_same_order": placed.ok and replay.get("order_number") == placed.order_number,
        "stored_orders": len(new),
        "stored_as_seen": placed.ok and new.get(placed.order_number or -1) == seen,
        "lost": not placed.ok or not new,
        "mixed": any(lines != seen for lines in new.values()),
        "recovery_s": placed_s if placed.ok else None,
    }
    result["recovered"] = all(
        result[k]
        for k in ("told_plainly", "cart_kept", "placed", "replay_same_order", "stored_as_seen")
    )
    return result


async def double_tap(session: OrderSession, database: str, items: list[MenuItem]) -> dict[str, Any]:
    before = await stored_today(database)
    assert (await session.add_item(items[0].id)).ok
    assert session.cart is not None
    seen, seq = line_keys(session.cart.lines), session.cart.seq
    taps = await asyncio.gather(*(session.place_order() for _ in range(3)))
    numbers = {tap.order_number for tap in taps if tap.ok}
    replay = json.loads(await session.call_raw("order.place", json.dumps({"seq": seq})))
    new = {n: lines for n, lines in (await stored_today(database)).items() if n not in before}
    result = {
        "placed": bool(numbers) and None not in numbers,
        "one_number": len(numbers) == 1,
        "replay_same_order": replay.get("order_number") in numbers,
        "stored_orders": len(new),
        "stored_as_seen": list(new.values()) == [seen],
        "lost": not new,
        "mixed": any(lines != seen for lines in new.values()),
        "recovery_s": None,
    }
    result["recovered"] = all(
        result[k] for k in ("placed", "one_number", "replay_same_order", "stored_as_seen")
    )
    return result


async def race_edit(session: OrderSession, database: str, items: list[MenuItem]) -> dict[str, Any]:
    before = await stored_today(database)
    assert (await session.add_item(items[0].id)).ok
    assert session.cart is not None
    seen = line_keys(session.cart.lines)
    placed, added = await asyncio.gather(session.place_order(), session.add_item(items[1].id))
    new = {n: lines for n, lines in (await stored_today(database)).items() if n not in before}
    cart = session.cart
    edit_in_cart = cart is not None and items[1].id in [line.item_id for line in cart.lines]
    if placed.ok:  # the place came first: exactly the lines seen; the edit opens the next
        winner = "place"
        right = (
            list(new.items()) == [(placed.order_number, seen)]
            and added.ok
            and added.snapshot is not None
            and added.snapshot.status == "open"
        )
    else:  # the edit came first: refused as changed, nothing stored, the edit is kept
        winner = "edit"
        right = "changed" in (placed.error or "") and not new and added.ok and edit_in_cart
    result = {
        "winner": winner,
        "placed": placed.ok,
        "stored_orders": len(new),
        "stored_as_seen": placed.ok and right,
        "lost": placed.ok and not new,
        "mixed": any(lines != seen for lines in new.values()),
        "recovery_s": None,
        "recovered": right,
    }
    await place_what_is_open(session)
    return result


def summarize(trials: list[dict[str, Any]]) -> dict[str, Any]:
    times = [t["recovery_s"] for t in trials if t.get("recovery_s") is not None]
    summary: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "trials": len(trials),
        "recovered": sum(bool(t.get("recovered")) for t in trials),
        "lost": sum(bool(t.get("lost")) for t in trials),
        "duplicated": sum(t.get("stored_orders", 0) > 1 for t in trials),
        "mixed": sum(bool(t.get("mixed")) for t in trials),
        "errors": sum("error" in t for t in trials),
    }
    if times:
        summary["back_to_stored_s"] = {"p50": percentile(times, 0.5), "max": max(times)}
    winners = [t["winner"] for t in trials if "winner" in t]
    if winners:
        summary["place_first"] = winners.count("place")
        summary["edit_first"] = winners.count("edit")
    return summary


def write_report(summaries: dict[str, dict[str, Any]], when: str) -> None:
    rows = [
        "| fault | run on | trials | recovered | lost | duplicated | mixed | note |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for fault, s in summaries.items():
        note = ""
        if "back_to_stored_s" in s:
            t = s["back_to_stored_s"]
            note = f"database back → order stored p50 {t['p50']} s, max {t['max']} s"
        if "place_first" in s:
            note = f"place first {s['place_first']}, edit first {s['edit_first']}"
        rows.append(
            f"| {fault} | {s['date']} | {s['trials']} | {s['recovered']} | {s['lost']} "
            f"| {s['duplicated']} | {s['mixed']} | {note} |"
        )
    write_section(
        REPORT,
        "order-faults",
        "## Faults at placing: the database down, a double tap, a race\n\n"
        f"`make faults` on {os.cpu_count()} cores (last run {when}): a real livekit-server, "
        "worker and PostgreSQL, one kiosk session ordering by touch. database-down: "
        "PostgreSQL stopped before the place; recovered = the customer was told plainly, the "
        "cart stayed, placing again once it was back stored it once as seen and a replay "
        "answered with the same number. double-tap: three places at once and a replay; "
        "recovered = one order, as seen. race-edit: a place and an edit sent at once; "
        "recovered = either the order holds exactly the lines seen or the place was refused "
        "as changed with nothing stored. mixed: an order stored with lines the customer did "
        "not see.\n\n" + "\n".join(rows),
    )


async def run(args: argparse.Namespace, items: list[MenuItem], logs: Path) -> dict[str, Any]:
    settings = load_settings(KioskSettings)
    trials: dict[str, list[dict[str, Any]]] = {fault: [] for fault in args.faults}
    with running_postgres() as postgres:
        database = postgres.create_database()
        with LocalStack(logs, agent_env={"DATABASE_URL": database}) as stack:
            assert stack.endpoint is not None
            config = stack.endpoint.configure(
                SessionConfig.from_settings(settings),
                kiosk_id="order-faults",
                turn_mode=TurnMode.PUSH_TO_TALK,  # touch only: no microphone here
            )
            session = OrderSession(config)
            await session.start()
            await session.wait_for_agent()
            try:
                for index in range(args.trials):
                    for fault in args.faults:
                        try:
                            if fault == "database-down":
                                outcome = await database_down(session, postgres, database, items)
                            elif fault == "double-tap":
                                outcome = await double_tap(session, database, items)
                            else:
                                outcome = await race_edit(session, database, items)
                        except Exception as exc:  # recorded as a failed trial, the run goes on
                            outcome = {"error": f"{type(exc).__name__}: {exc}", "recovered": False}
                            await place_what_is_open(session)
                        outcome |= {"fault": fault, "trial": index + 1}
                        trials[fault].append(outcome)
                        print(json.dumps(outcome), flush=True)
            finally:
                await session.close()
    return trials


def main() -> None:
    args, chosen, _parser = fault_bench_arguments(__doc__ or "", FAULTS, RESULTS)
    args.faults = chosen
    menu = load_menu(load_settings(KioskSettings).menu_path)
    items = plain_items(list(menu.items()), 2)
    with tempfile.TemporaryDirectory(prefix="kiosk-order-faults-") as tmp:
        trials = asyncio.run(run(args, items, args.logs or Path(tmp)))
    summaries = {fault: summarize(outcomes) for fault, outcomes in trials.items()}
    print(json.dumps(summaries), flush=True)
    when = dt.date.today().isoformat()
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps({"date": when, "summaries": summaries, "trials": trials}, indent=2) + "\n"
    )
    if not args.no_report:
        write_report(summaries, when)
    bad = [f for f, s in summaries.items() if s["lost"] or s["duplicated"] or s["mixed"]]
    if bad:
        raise SystemExit(f"order faults: orders lost, duplicated or mixed under {bad}")


if __name__ == "__main__":
    main()
