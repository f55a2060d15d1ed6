"""What the benchmarks measure with (percentiles, a process group's CPU and memory) and how they
write their section of a report."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

import psutil


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 1)


class GroupSampler(threading.Thread):
    """Samples CPU time and memory of a process group (the worker and its job processes)."""

    def __init__(self, pgid: int) -> None:
        super().__init__(daemon=True)
        self._pgid = pgid
        self._cpu: dict[int, float] = {}
        self.peak_rss = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(0.25):
            rss = 0
            for proc in psutil.process_iter(["pid"]):
                try:
                    if os.getpgid(proc.pid) != self._pgid:
                        continue
                    times = proc.cpu_times()
                    self._cpu[proc.pid] = times.user + times.system
                    rss += proc.memory_info().rss
                except (psutil.Error, ProcessLookupError):
                    continue
            self.peak_rss = max(self.peak_rss, rss)

    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def write_section(report: Path, name: str, body: str) -> None:
    """Puts `body` in `report` between `<!-- name:start -->` and `<!-- name:end -->`, in place
    of what was there, or at the end the first time."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    section = f"{start}\n{body.strip()}\n{end}"
    text = report.read_text() if report.exists() else ""
    if start in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    report.write_text(text)


def fault_bench_arguments(
    doc: str, faults: tuple[str, ...], results: Path, extra: dict[str, float] | None = None
) -> tuple[argparse.Namespace, list[str], argparse.ArgumentParser]:
    """The command line the fault benches share (`--trials`, `--faults`, `--results`, `--logs`,
    `--no-report`, and `extra` float options with their defaults): the parsed arguments and
    the faults chosen, an unknown one refused. SIGTERM (a CI timeout, `kill`) then unwinds like
    Ctrl-C, so whatever the bench starts is stopped."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--faults", default=",".join(faults))
    for name, default in (extra or {}).items():
        parser.add_argument(f"--{name}", type=float, default=default)
    parser.add_argument("--results", type=Path, default=results)
    parser.add_argument("--logs", type=Path, default=None)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    chosen = args.faults.split(",")
    unknown = sorted(set(chosen) - set(faults))
    if unknown:
        parser.error(f"unknown fault {', '.join(unknown)}: choose from {', '.join(faults)}")
    return args, chosen, parser
