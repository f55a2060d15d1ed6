"""The generated customer utterances (scripts/make_test_audio.py), built once per test run."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_test_audio import DEFAULT_OUT, generate  # noqa: E402


@cache
def audio_dir() -> Path:
    return generate(DEFAULT_OUT)


def utterance(key: str, voice: str = "flite-slt", *, noisy: bool = False) -> Path:
    """Path of utterance `key` (tests/audio/utterances.yaml) said by `voice`."""
    directory = audio_dir()
    files = json.loads((directory / "manifest.json").read_text())["files"]
    entry = files[f"{key}.{voice}"]
    return directory / str(entry["noisy" if noisy else "clean"])


def text_of(key: str) -> str:
    files = json.loads((audio_dir() / "manifest.json").read_text())["files"]
    return str(next(v["text"] for k, v in files.items() if k.startswith(f"{key}.")))
