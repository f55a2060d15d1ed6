"""The packaged kiosk: its size on disk and its cold start, frozen and from source.

Builds dist/kiosk/ (`make package`) unless `--no-build`, then starts a real local stack and runs
`kiosk --self-test` RUNS times each way, timing process start → "attract screen shown" (the
kiosk's own line, printed once the window is up) and → the whole order confirmed. The first
frozen run follows the build, so its files are in the page cache as on a PC that has just
copied the bundle; the later runs are a restart. Writes bench/results/bundle.json.

    .venv/bin/python bench/bundle_bench.py [--no-build]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.localstack import LocalStack  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "bundle.json"
BUNDLE = ROOT / "dist" / "kiosk"
RUNS = 3
ATTRACT_LINE = "self-test: attract screen shown"
PASSED_LINE = "self-test: passed"
RUN_TIMEOUT_S = 300


def build() -> float:
    started = time.monotonic()
    subprocess.run(["make", "-s", "package"], cwd=ROOT, check=True)
    return round(time.monotonic() - started, 1)


def size_of(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return round(sum(p.stat().st_size for p in files) / 2**20, 1), len(files)


def timed_self_test(command: list[str], env: dict[str, str]) -> dict[str, float]:
    started = time.monotonic()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    marks: dict[str, float] = {}
    for line in process.stdout:
        if ATTRACT_LINE in line:
            marks["to_attract_s"] = round(time.monotonic() - started, 2)
        if PASSED_LINE in line:
            marks["to_order_confirmed_s"] = round(time.monotonic() - started, 2)
    code = process.wait(timeout=RUN_TIMEOUT_S)
    if code != 0 or len(marks) != 2:
        raise SystemExit(f"{command[0]} --self-test failed (exit {code})")
    return marks


def summary(runs: list[dict[str, float]]) -> dict[str, object]:
    return {
        "first_to_attract_s": runs[0]["to_attract_s"],
        "median_to_attract_s": statistics.median(r["to_attract_s"] for r in runs),
        "median_to_order_confirmed_s": statistics.median(r["to_order_confirmed_s"] for r in runs),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-build", action="store_true", help="measure dist/kiosk as it is")
    args = parser.parse_args()
    results: dict[str, object] = {}
    if not args.no_build:
        results["build_s"] = build()
    size_mb, files = size_of(BUNDLE)
    results["bundle_mb"], results["bundle_files"] = size_mb, files
    with tempfile.TemporaryDirectory() as tmp, LocalStack(Path(tmp) / "logs") as stack:
        assert stack.endpoint is not None
        env = {
            "HOME": os.environ.get("HOME", "/root"),
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
            "KIOSK_AUDIO": "none",
            **stack.endpoint.env(),
        }
        frozen_cmd = [str(BUNDLE / "kiosk"), "--self-test"]
        frozen = [timed_self_test(frozen_cmd, env) for _ in range(RUNS)]
        source_cmd = [sys.executable, "-m", "kiosk", "--self-test"]
        source_env = {**env, "PYTHONPATH": str(ROOT)}
        source = [timed_self_test(source_cmd, source_env) for _ in range(RUNS)]
    results["frozen"] = summary(frozen)
    results["from_source"] = summary(source)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k not in ("frozen", "from_source")}))
    for label in ("frozen", "from_source"):
        data = results[label]
        assert isinstance(data, dict)
        print(label, {k: v for k, v in data.items() if k != "runs"})


if __name__ == "__main__":
    main()
