"""The store service under live pages: how long an order takes from being stored by a worker to
showing on every open kitchen and board page, and how many pages one service holds.

For each database (a SQLite file; a real PostgreSQL started here) it runs `kiosk-store serve`,
opens N live pages (the board's event stream, plus one signed-in kitchen stream), places orders
the way an agent worker does (its own connection to the database) and times each order from
`place_order` returning to its arrival on every page. Writes bench/results/store.json.

    .venv/bin/python bench/store_bench.py [--pages 1,50,200,500] [--orders 20]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from agent.core.cart import Cart  # noqa: E402
from agent.core.menu import load_menu  # noqa: E402
from agent.core.settings import DEFAULT_MENU_PATH  # noqa: E402
from agent.store import OrderStore, default_database_url  # noqa: E402
from tests.browser import DEMO_PASSWORD, running_store  # noqa: E402
from tests.postgres import running_postgres  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "store.json"
ARRIVAL_TIMEOUT_S = 15.0


class Page:
    """One open page: reads its event stream and notes when each order number first arrives."""

    def __init__(self, arrival: asyncio.Event) -> None:
        self.arrived: dict[int, float] = {}
        self._arrival = arrival
        self.ready = asyncio.Event()
        self.failed: str | None = None

    async def follow(self, client: httpx.AsyncClient, path: str) -> None:
        try:
            async with client.stream("GET", path, timeout=None) as response:
                if response.status_code != 200:
                    self.failed = f"HTTP {response.status_code}"
                    self.ready.set()
                    return
                event = None
                async for line in response.aiter_lines():
                    if line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: "):
                        if event == "snapshot":
                            self.ready.set()
                        elif event == "changes":
                            data = json.loads(line[6:])
                            now = time.monotonic()
                            for entry in data.get("orders", data.get("tickets", [])):
                                self.arrived.setdefault(int(entry["number"]), now)
                            self._arrival.set()
        except (httpx.HTTPError, asyncio.CancelledError) as exc:
            if not isinstance(exc, asyncio.CancelledError):
                self.failed = type(exc).__name__
            self.ready.set()


async def _signed_in(client: httpx.AsyncClient) -> None:
    form = (await client.get("/login")).text
    csrf = form.split('name="csrf" value="')[1].split('"')[0]
    await client.post(
        "/login",
        data={"username": "demo", "password": DEMO_PASSWORD, "csrf": csrf, "next": "/kitchen"},
    )


@contextlib.asynccontextmanager
async def open_pages(url: str, count: int, arrival: asyncio.Event) -> AsyncIterator[list[Page]]:
    limits = httpx.Limits(max_connections=count + 20, max_keepalive_connections=count + 20)
    async with (
        httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as board_client,
        httpx.AsyncClient(base_url=url, timeout=30) as kitchen_client,
    ):
        await _signed_in(kitchen_client)
        pages = [Page(arrival) for _ in range(count + 1)]
        tasks = [asyncio.create_task(pages[0].follow(kitchen_client, "/api/kitchen/stream"))]
        tasks += [
            asyncio.create_task(page.follow(board_client, "/api/board/stream"))
            for page in pages[1:]
        ]
        try:
            await asyncio.wait_for(
                asyncio.gather(*(page.ready.wait() for page in pages)), timeout=120
            )
            yield pages
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


async def measure(url: str, database_url: str, pages_count: int, orders: int) -> dict[str, Any]:
    menu = load_menu(DEFAULT_MENU_PATH)
    item = next(i for i in menu.items() if i.available and not i.sizes)
    worker = await OrderStore.open(database_url, migrate=False)
    latencies: list[float] = []
    missing = 0
    try:
        arrival = asyncio.Event()
        async with open_pages(url, pages_count, arrival) as pages:
            failed = [p.failed for p in pages if p.failed]
            for index in range(orders):
                cart = Cart(menu.restaurant.tax_rate)
                cart.add(item)
                placed = await worker.place_order(f"bench-{pages_count}-{index}", "b", cart, "B")
                stored = time.monotonic()
                number = placed.order_number
                deadline = stored + ARRIVAL_TIMEOUT_S
                while not all(number in p.arrived for p in pages):
                    arrival.clear()
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(arrival.wait(), timeout=remaining)
                for page in pages:
                    if number in page.arrived:
                        latencies.append((page.arrived[number] - stored) * 1000)
                    else:
                        missing += 1
                await asyncio.sleep(0.05)
    finally:
        await worker.close()
    latencies.sort()
    return {
        "pages": pages_count + 1,
        "orders": orders,
        "deliveries": len(latencies),
        "missing": missing,
        "failed_pages": failed,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1) if latencies else None,
        "max_ms": round(latencies[-1], 1) if latencies else None,
    }


@contextlib.contextmanager
def database(kind: str) -> Iterator[str | None]:
    if kind == "sqlite":
        yield None
        return
    with running_postgres() as server:
        yield server.create_database()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default="1,50,200,500")
    parser.add_argument("--orders", type=int, default=20)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    results: dict[str, Any] = {"measured_at": dt.datetime.now().isoformat(timespec="seconds")}
    for kind in args.databases.split(","):
        runs = []
        with tempfile.TemporaryDirectory() as tmp, database(kind) as url:
            data_dir = Path(tmp) / "data"
            with running_store(data_dir, database_url=url) as store:
                database_url = url or default_database_url(data_dir)
                for count in (int(n) for n in args.pages.split(",")):
                    run = asyncio.run(measure(store.url, database_url, count, args.orders))
                    print(kind, json.dumps(run), flush=True)
                    runs.append(run)
        results[kind] = runs
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
