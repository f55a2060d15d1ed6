"""`make bench`: spoken-turn latency of the offline stack, per turn-taking mode, tuned and with
the framework's defaults, on a real livekit-server and worker.

Writes bench/results/latest.json (flat keys such as `push_to_talk.e2e_ms.p50`) and the table in
docs/performance.md. End-to-end latency is measured at the client: from the end of the
customer's speech (push-to-talk: the `turn.end` call) to the first audible agent audio frame
received by kiosk-sim. The breakdown by stage comes from the agent's own timestamps.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_test_audio import DEFAULT_OUT, generate  # noqa: E402
from sampling import GroupSampler, percentile  # noqa: E402

from kiosk.localstack import LocalStack  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "latest.json"
REPORT = ROOT / "docs" / "performance.md"
MODES = {"push_to_talk": ["--push-to-talk"], "hands_free": []}
TUNINGS = ("tuned", "defaults")
STAGES = ("transcript_ms", "llm_first_token_ms", "tts_first_audio_ms", "first_frame_published_ms")
ORDERS = (
    ("flite-rms", ("headline", "thats_all", "confirm")),
    ("flite-slt", ("burger_fries", "ketchup", "thats_all", "confirm")),
    ("flite-rms", ("wings_two", "make_three", "whats_in", "thats_all", "confirm")),
    ("festival-kal", ("caesar_large", "diet_coke", "thats_all", "confirm")),
)


def run_mode(stack: LocalStack, audio: Path, mode: str) -> dict[str, Any]:
    assert stack.endpoint is not None
    manifest = json.loads((audio / "manifest.json").read_text())["files"]
    worker_group = stack.process_group_ids[1]
    sampler = GroupSampler(worker_group)
    sampler.start()
    cpu_before, started = sampler.cpu_seconds(), time.monotonic()
    turns: list[dict[str, Any]] = []
    for voice, keys in ORDERS:
        args = [a for k in keys for a in ("--say", str(audio / manifest[f"{k}.{voice}"]["clean"]))]
        result = subprocess.run(
            [sys.executable, "-m", "kiosk.sim", *MODES[mode], *args],
            env={**os.environ, **stack.endpoint.env(), "KIOSK_ID": "bench"},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        if result.returncode != 0:
            raise SystemExit(
                f"bench session failed ({mode}): {events[-1] if events else result.stderr}"
            )
        turns += [e for e in events if e["event"] == "turn"]
    elapsed = time.monotonic() - started
    sampler.stop()
    e2e = [t["latency_ms"] for t in turns if t["latency_ms"] is not None]
    stages = {
        stage: percentile(
            [
                t["agent_metrics"][stage]
                for t in turns
                if t["agent_metrics"] and t["agent_metrics"].get(stage) is not None
            ],
            0.5,
        )
        for stage in STAGES
    }
    return {
        "turns": len(turns),
        "slowest": [slow_turn(t) for t in sorted(turns, key=turn_latency, reverse=True)[:3]],
        "e2e_ms": {
            "p50": percentile(e2e, 0.5),
            "p95": percentile(e2e, 0.95),
            "mean": round(statistics.fmean(e2e), 1) if e2e else None,
        },
        "agent_stage_p50_ms": stages,
        "worker": {
            "cpu_percent_of_one_core": round(
                100 * (sampler.cpu_seconds() - cpu_before) / elapsed, 1
            ),
            "peak_rss_mb": round(sampler.peak_rss / 2**20, 1),
        },
    }


def turn_latency(turn: dict[str, Any]) -> float:
    latency = turn["latency_ms"]
    return -1.0 if latency is None else float(latency)


def slow_turn(turn: dict[str, Any]) -> dict[str, Any]:
    """What one turn said and where its time went (to explain the tail, not guess at it)."""
    metrics = turn["agent_metrics"] or {}
    return {
        "audio": Path(turn["audio"]).stem,
        "transcript": turn["transcript"],
        "e2e_ms": turn["latency_ms"],
        **{stage: metrics.get(stage) for stage in STAGES},
    }


def run_tuning(tuning: str, audio: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"bench-{tuning}-") as tmp:
        stack = LocalStack(
            Path(tmp) / "logs",
            agent_env={
                "SPEECH_TUNING": tuning,
                "DATA_DIR": str(Path(tmp) / "data"),
                "LOG_LEVEL": "INFO",
            },
        )
        with stack:
            return {mode: run_mode(stack, audio, mode) for mode in MODES}


def flatten(prefix: str, data: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(f"{name}.", value))
        else:
            flat[name] = value
    return flat


def report(results: dict[str, Any]) -> str:
    tuned, defaults = results["tuned"], results["defaults"]
    machine = results["machine"]
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {machine['date']} ({machine['cpus']} CPUs, "
        f"{machine['platform']}), offline stack (faster-whisper tiny.en, offline order "
        "understanding, hibari-tts), real livekit-server on loopback, one session at a time. "
        "End-to-end is from the end of the customer's speech (push-to-talk: the `turn.end` "
        "call) to the first audible agent audio frame received by kiosk-sim.",
        "",
        "| | push-to-talk tuned | push-to-talk defaults | hands-free tuned | hands-free defaults |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]

    def row(label: str, path: tuple[str, ...], unit: str = "") -> None:
        cells = []
        for mode in MODES:
            for data in (tuned, defaults):
                value: Any = data[mode]
                for key in path:
                    value = value.get(key) if isinstance(value, dict) else None
                cells.append("—" if value is None else f"{value}{unit}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("turns measured", ("turns",))
    row("**end-to-end p50**", ("e2e_ms", "p50"), " ms")
    row("end-to-end p95", ("e2e_ms", "p95"), " ms")
    row("agent: final transcript (p50)", ("agent_stage_p50_ms", "transcript_ms"), " ms")
    row("agent: LLM first token (p50)", ("agent_stage_p50_ms", "llm_first_token_ms"), " ms")
    row("agent: TTS first audio (p50)", ("agent_stage_p50_ms", "tts_first_audio_ms"), " ms")
    row(
        "agent: first frame published (p50)",
        ("agent_stage_p50_ms", "first_frame_published_ms"),
        " ms",
    )
    row("worker CPU (% of one core)", ("worker", "cpu_percent_of_one_core"), "%")
    row("worker peak memory", ("worker", "peak_rss_mb"), " MB")
    lines += ["", "Slowest turns (tuned; agent stages in ms from the end of speech):", ""]
    for mode in MODES:
        for turn in tuned[mode].get("slowest", []):
            stages = ", ".join(
                f"{stage.removesuffix('_ms').replace('_', ' ')} {turn[stage]}"
                for stage in STAGES
                if turn.get(stage) is not None
            )
            lines.append(
                f"- {mode.replace('_', '-')}: {turn['e2e_ms']} ms for “{turn['transcript']}” "
                f"({turn['audio']}; {stages or 'no agent metrics'})"
            )
    lines += [
        "",
        "Defaults ÷ tuned (end-to-end p50): "
        + ", ".join(
            f"{mode.replace('_', '-')} {results['ratio'][f'{mode}.e2e_ms.p50']}×" for mode in MODES
        ),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    audio = generate(DEFAULT_OUT)
    results: dict[str, Any] = {
        "machine": {
            "date": time.strftime("%Y-%m-%d"),
            "cpus": os.cpu_count(),
            "platform": platform.platform(terse=True),
            "python": platform.python_version(),
        }
    }
    for tuning in TUNINGS:
        print(f"benchmarking {tuning} …", file=sys.stderr)
        results[tuning] = run_tuning(tuning, audio)
    results.update(flatten("", results["tuned"]))
    results.update(flatten("defaults.", results["defaults"]))
    results["ratio"] = {
        f"{mode}.e2e_ms.{q}": round(
            results["defaults"][mode]["e2e_ms"][q] / results["tuned"][mode]["e2e_ms"][q], 2
        )
        for mode in MODES
        for q in ("p50", "p95")
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    table = report(results)
    existing = REPORT.read_text() if REPORT.exists() else ""
    marker = "<!-- analysis -->"
    analysis = existing[existing.index(marker) :] if marker in existing else f"{marker}\n"
    REPORT.write_text(table + "\n" + analysis)
    print(table)


if __name__ == "__main__":
    main()
