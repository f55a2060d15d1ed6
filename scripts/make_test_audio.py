"""Synthesizes the customer utterances in tests/audio/utterances.yaml with voices unlike the
agent's (Debian flite and festival) and adds noisy copies with sox. Output: 16 kHz mono WAV
files under the cache directory, reused while the inputs are unchanged.

    python scripts/make_test_audio.py [--out DIR]   # prints the output directory
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
UTTERANCES = ROOT / "tests" / "audio" / "utterances.yaml"
DEFAULT_OUT = ROOT / ".cache" / "test-audio"
TOOLS = ("flite", "text2wave", "sox")
PCM16_MONO_16K = ("-r", "16000", "-c", "1", "-b", "16")


def _run(command: list[str], stdin: str | None = None) -> None:
    subprocess.run(command, input=stdin, text=True, check=True, capture_output=True)


def synthesize(voice: str, text: str, target: Path) -> None:
    engine, _, name = voice.partition(":")
    raw = target.with_suffix(".raw.wav")
    if engine == "flite":
        _run(["flite", "-voice", name, "-t", text, "-o", str(raw)])
    elif engine == "festival":
        _run(["text2wave", "-eval", f"(voice_{name}_diphone)", "-o", str(raw)], stdin=text)
    else:
        raise ValueError(f"unknown voice engine {engine!r}")
    # 16 kHz mono 16-bit, normalized to -3 dBFS peak, 100 ms of silence on both ends
    _run(
        [
            "sox",
            str(raw),
            *PCM16_MONO_16K,
            str(target),
            "gain",
            "-n",
            "-3",
            "pad",
            "0.1",
            "0.1",
        ]
    )
    raw.unlink()


def add_noise(clean: Path, target: Path, snr_db: float) -> None:
    """Mixes in pink noise (restaurant hum) at `snr_db` below the speech level."""
    with tempfile.TemporaryDirectory() as tmp:
        noise = Path(tmp) / "noise.wav"
        duration = subprocess.run(
            ["soxi", "-D", str(clean)], capture_output=True, text=True, check=True
        ).stdout.strip()
        _run(
            [
                "sox",
                "-R",  # seeded: the same noise on every machine, so a test hears the same audio
                "-n",
                *PCM16_MONO_16K,
                str(noise),
                "synth",
                duration,
                "pinknoise",
                "gain",
                "-n",
                f"-{3 + snr_db}",
            ]
        )
        _run(["sox", "-R", "-m", str(clean), str(noise), str(target), "gain", "-n", "-3"])


def generate(out: Path) -> Path:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"missing {', '.join(missing)}; run scripts/system-deps.sh (flite, festival, sox)"
        )
    spec = yaml.safe_load(UTTERANCES.read_text())
    fingerprint = hashlib.sha256(UTTERANCES.read_bytes() + Path(__file__).read_bytes()).hexdigest()[
        :16
    ]
    stamp = out / "manifest.json"
    if stamp.exists() and json.loads(stamp.read_text()).get("fingerprint") == fingerprint:
        return out
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, str]] = {}
    for key, text in spec["utterances"].items():
        for voice in spec["voices"]:
            label = voice.replace(":", "-")
            clean = out / f"{key}.{label}.wav"
            synthesize(voice, text, clean)
            noisy = out / f"{key}.{label}.noisy.wav"
            add_noise(clean, noisy, float(spec["noise_snr_db"]))
            files[f"{key}.{label}"] = {"text": text, "clean": clean.name, "noisy": noisy.name}
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "files": files}, indent=1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    print(generate(args.out))


if __name__ == "__main__":
    main()
