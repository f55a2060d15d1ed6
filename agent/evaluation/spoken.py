"""Spoken conversations: every customer turn of a conversation file is synthesized with a test
voice (flite, festival or espeak-ng), optionally mixed with pink noise, recognised with the
agent's offline recogniser (faster-whisper tiny.en with `menu_prompt(menu)`, as the agent calls
it) and the transcripts replace the typed turns; the result runs through `run_file` and is
judged like the typed evaluation.

WAVs and transcripts are cached under .cache/spoken/: a WAV by text, voice and noise, a
transcript by that plus the recogniser settings and the prompt and hotwords it was given.

Word error rate (jiwer) is computed on normalized text: lower case, digits spelled out
("2" -> "two"), punctuation removed, apostrophes dropped ("that's" = "thats").

Used by bench/spoken/run.py; the voices and the noise come from scripts/make_test_audio.py.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import importlib
import json
import re
import shutil
import statistics
import sys
import threading
import time
import wave
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import jiwer
import numpy as np

from agent.core.menu import Menu
from agent.core.settings import AgentSettings
from agent.evaluation.corpus import REPO_ROOT, ConversationFile
from agent.evaluation.runner import Outcome, Summary, run_file
from agent.providers.whisper_stt import WhisperEngine, menu_prompt
from agent.understanding.text import inflect

CACHE_DIR = REPO_ROOT / ".cache" / "spoken"
SCRIPTS_DIR = REPO_ROOT / "scripts"
ENGINES = ("flite", "festival", "espeak-ng")
ENGINE_TOOLS = {"flite": "flite", "festival": "text2wave", "espeak-ng": "espeak-ng"}
NOISE_SNR_DB = 10.0
Pcm = np.ndarray[Any, np.dtype[np.int16]]


def test_audio() -> ModuleType:
    """scripts/make_test_audio.py (the project's test voices and noise), imported."""
    if str(SCRIPTS_DIR) not in sys.path:
        sys.path.insert(0, str(SCRIPTS_DIR))
    return importlib.import_module("make_test_audio")


# ---------------------------------------------------------------------------------------------
# voices and noise


@dataclass(frozen=True)
class Condition:
    """One voice at one noise level: `flite:slt`, `espeak-ng:en-us`; snr_db None is clean."""

    voice: str
    snr_db: float | None = None

    def __post_init__(self) -> None:
        engine, _, name = self.voice.partition(":")
        if engine not in ENGINES or not name:
            raise ValueError(f"voice {self.voice!r}: expected ENGINE:VOICE with {ENGINES}")

    @property
    def noise(self) -> str:
        return "clean" if self.snr_db is None else f"{self.snr_db:g} dB"

    @property
    def label(self) -> str:
        return f"{self.voice} {self.noise}"


def missing_tools(voices: Iterable[str]) -> list[str]:
    needed = {"sox", "soxi", *(ENGINE_TOOLS[v.partition(":")[0]] for v in voices)}
    return sorted(tool for tool in needed if shutil.which(tool) is None)


def _espeak(voice: str, text: str, target: Path) -> None:
    """espeak-ng, then the same 16 kHz / -3 dBFS / 100 ms padding as make_test_audio."""
    audio = test_audio()
    raw = target.with_suffix(".raw.wav")
    # "--" so that a turn starting with "-" is not read as an option
    audio._run(["espeak-ng", "-v", voice, "-w", str(raw), "--", text])
    audio._run(
        [
            "sox",
            str(raw),
            *audio.PCM16_MONO_16K,
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


def _digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:24]


def wav_path(text: str, condition: Condition, cache: Path = CACHE_DIR) -> Path:
    key = _digest({"text": text, "voice": condition.voice, "snr_db": condition.snr_db})
    return cache / "wav" / key[:2] / f"{key}.wav"


def synthesize(text: str, condition: Condition, cache: Path = CACHE_DIR) -> Path:
    """The turn spoken by the condition's voice (with its noise), cached."""
    target = wav_path(text, condition, cache)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    audio = test_audio()
    clean = (
        target if condition.snr_db is None else wav_path(text, Condition(condition.voice), cache)
    )
    if not clean.exists():
        clean.parent.mkdir(parents=True, exist_ok=True)
        partial = clean.with_name(f"{clean.stem}.part.wav")
        engine, _, name = condition.voice.partition(":")
        if engine == "espeak-ng":
            _espeak(name, text, partial)
        else:
            audio.synthesize(condition.voice, text, partial)
        partial.replace(clean)
    if condition.snr_db is not None:
        partial = target.with_name(f"{target.stem}.part.wav")
        audio.add_noise(clean, partial, condition.snr_db)
        partial.replace(target)
    return target


def read_pcm(path: Path) -> Pcm:
    with wave.open(str(path), "rb") as handle:
        if handle.getframerate() != 16_000 or handle.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16 kHz mono")
        return np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16)


# ---------------------------------------------------------------------------------------------
# the recogniser


@dataclass(frozen=True)
class RecogniserConfig:
    """How the turn is recognised. The defaults are what the agent does (whisper_stt.py)."""

    label: str = "agent (tiny.en, beam 1, menu prompt)"
    model: str = "tiny.en"
    beam_size: int = 1
    use_menu_prompt: bool = True
    hotwords: bool = False
    vad_filter: bool = False
    hands_free: bool = False
    """Cut by the agent's hands-free voice activity detector (silero, 0.3 s of silence ends a
    segment) and each segment recognised on its own, as the worker's StreamAdapter does; the
    segments' texts joined make the turn (the turn detector's merging of them is not run)."""

    @property
    def is_agent(self) -> bool:
        plain = dataclasses.replace(self, label=AGENT_RECOGNISER.label, hands_free=False)
        return plain == AGENT_RECOGNISER

    def key(self) -> dict[str, Any]:
        fields = dataclasses.asdict(self)
        del fields["label"]
        if not self.hands_free:
            del fields["hands_free"]  # push-to-talk keys stay those of earlier runs
        return fields


SAMPLE_RATE = 16_000
AGENT_RECOGNISER = RecogniserConfig()
HANDS_FREE_RECOGNISER = RecogniserConfig(label="agent, hands-free (VAD segments)", hands_free=True)


def vad_segments(pcm: Pcm) -> list[Pcm]:
    """The speech segments the agent's tuned hands-free VAD finds in a turn's audio (run on a
    loop of its own: the benchmark calls the recogniser from inside the agent's loop)."""
    from livekit.plugins import silero  # noqa: F401  (plugins register on the main thread)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _vad_segments(pcm)).result()


async def _vad_segments(pcm: Pcm) -> list[Pcm]:
    from livekit import rtc
    from livekit.agents.vad import VADEventType
    from livekit.plugins import silero

    from agent.voice.speech import TUNED_VAD_MIN_SILENCE

    vad = silero.VAD.load(min_silence_duration=TUNED_VAD_MIN_SILENCE)
    stream = vad.stream()
    step = SAMPLE_RATE // 100  # 10 ms frames, as the room delivers them
    padded = np.concatenate([pcm, np.zeros(SAMPLE_RATE, dtype=np.int16)])
    for start in range(0, len(padded) - step + 1, step):
        chunk = padded[start : start + step]
        stream.push_frame(
            rtc.AudioFrame(
                data=chunk.tobytes(),
                sample_rate=SAMPLE_RATE,
                num_channels=1,
                samples_per_channel=len(chunk),
            )
        )
    stream.end_input()
    segments: list[Pcm] = []
    async for event in stream:
        if event.type == VADEventType.END_OF_SPEECH and event.frames:
            merged = rtc.combine_audio_frames(event.frames)
            segments.append(np.frombuffer(bytes(merged.data), dtype=np.int16))
    await stream.aclose()
    return segments


def menu_hotwords(menu: Menu) -> str:
    """faster-whisper `hotwords`: the menu's item, size and modifier names, lower case."""
    names: dict[str, None] = {}
    for item in menu.items():
        names[item.name.lower()] = None
        for alias in item.aliases:
            names[alias.lower()] = None
        for size in item.sizes:
            names[size.name.lower()] = None
        for modifier in item.modifiers:
            names[modifier.name.lower()] = None
    return ", ".join(names)


class SpokenRecogniser(WhisperEngine):
    """The agent's WhisperEngine; other settings call the same faster-whisper model with other
    options. A model other than tiny.en is loaded from `model_dir` (it is not the pinned
    package, so its checksums are not checked)."""

    def __init__(
        self, config: RecogniserConfig, *, model_dir: Path | None = None, threads: int = 2
    ) -> None:
        self.config = config
        if config.model == "tiny.en":
            super().__init__(model_dir, threads=threads)
        else:
            if model_dir is None:
                raise ValueError(f"model {config.model!r} needs a model directory")
            from faster_whisper import WhisperModel

            self._model = WhisperModel(
                str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads
            )
            self._lock = threading.Lock()

    def prompts(self, menu: Menu) -> tuple[str | None, str | None]:
        prompt = menu_prompt(menu) if self.config.use_menu_prompt else None
        hotwords = menu_hotwords(menu) if self.config.hotwords else None
        return prompt, hotwords

    def recognise(self, pcm: Pcm, menu: Menu) -> str:
        prompt, hotwords = self.prompts(menu)
        if self.config.is_agent and self.config.hands_free:
            texts = (self.transcribe(segment, prompt) for segment in vad_segments(pcm))
            return " ".join(t for t in texts if t).strip()
        if self.config.is_agent:
            return self.transcribe(pcm, prompt)  # exactly the agent's call
        audio = pcm.astype(np.float32) / 32768.0
        with self._lock:
            segments, _info = self._model.transcribe(
                audio,
                language="en",
                initial_prompt=prompt,
                hotwords=hotwords,
                beam_size=self.config.beam_size,
                without_timestamps=True,
                condition_on_previous_text=False,
                vad_filter=self.config.vad_filter,
            )
            return " ".join(segment.text.strip() for segment in segments).strip()


@dataclass(frozen=True)
class Heard:
    text: str
    transcript: str
    seconds: float
    """transcription time when it was measured (the first time; later runs read the cache)"""


def _transcript_path(
    text: str, condition: Condition, config: RecogniserConfig, prompts: tuple[str | None, ...]
) -> Path:
    key = _digest(
        {
            "text": text,
            "voice": condition.voice,
            "snr_db": condition.snr_db,
            "recogniser": config.key(),
            "prompts": list(prompts),
        }
    )
    return CACHE_DIR / "transcripts" / key[:2] / f"{key}.json"


def recognise_turns(
    texts: Iterable[str],
    menu: Menu,
    condition: Condition,
    recogniser: Callable[[], SpokenRecogniser],
    config: RecogniserConfig,
    *,
    synth_workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Heard]:
    """Transcript of each distinct text; `recogniser` is called only if one is not cached.
    All audio is synthesized first (in worker threads), then recognised one utterance at a time,
    so that the measured transcription times are not slowed by synthesis."""
    distinct = list(dict.fromkeys(texts))
    prompts = (
        menu_prompt(menu) if config.use_menu_prompt else None,
        menu_hotwords(menu) if config.hotwords else None,
    )
    heard: dict[str, Heard] = {}
    todo: list[str] = []
    for text in distinct:
        path = _transcript_path(text, condition, config, prompts)
        if path.exists():
            record = json.loads(path.read_text())
            heard[text] = Heard(text, record["transcript"], record["seconds"])
        else:
            todo.append(text)
    if todo:
        engine = recogniser()
        with ThreadPoolExecutor(synth_workers) as pool:
            wavs = list(pool.map(lambda t: synthesize(t, condition), todo))
        for done, (text, wav) in enumerate(zip(todo, wavs, strict=True), start=1):
            pcm = read_pcm(wav)
            started = time.perf_counter()
            transcript = engine.recognise(pcm, menu)
            seconds = time.perf_counter() - started
            path = _transcript_path(text, condition, config, prompts)
            path.parent.mkdir(parents=True, exist_ok=True)
            record = {
                "text": text,
                "voice": condition.voice,
                "snr_db": condition.snr_db,
                "recogniser": config.key(),
                "transcript": transcript,
                "seconds": round(seconds, 4),
                "audio_seconds": round(len(pcm) / 16_000, 3),
            }
            path.write_text(json.dumps(record, indent=1))
            heard[text] = Heard(text, transcript, seconds)
            if progress is not None:
                progress(done, len(todo))
    return heard


# ---------------------------------------------------------------------------------------------
# word error rate

_NUMBERS = inflect.engine()  # without its slow import-time checks (see text.py)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def normalize(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("%", " percent ")
    text = _DIGITS.sub(lambda m: f" {_NUMBERS.number_to_words(m.group(0))} ", text)
    text = _NOT_WORD.sub(" ", text.replace("-", " "))
    return " ".join(text.replace("'", "").split())


@dataclass(frozen=True)
class WordErrors:
    words: int
    substitutions: int
    deletions: int
    insertions: int

    @property
    def rate(self) -> float:
        return 100.0 * (self.substitutions + self.deletions + self.insertions) / self.words

    def as_json(self) -> dict[str, Any]:
        return {
            "wer": round(self.rate, 1),
            "reference_words": self.words,
            "substitutions": self.substitutions,
            "deletions": self.deletions,
            "insertions": self.insertions,
        }


def word_errors(pairs: Iterable[tuple[str, str]]) -> WordErrors:
    """Corpus WER over (reference, hypothesis) pairs; pairs with no words in the reference
    (a turn that is only punctuation) are left out."""
    refs: list[str] = []
    hyps: list[str] = []
    for reference, hypothesis in pairs:
        ref = normalize(reference)
        if ref:
            refs.append(ref)
            hyps.append(normalize(hypothesis))
    if not refs:
        return WordErrors(0, 0, 0, 0)
    out = jiwer.process_words(refs, hyps)
    words = out.hits + out.substitutions + out.deletions
    return WordErrors(words, out.substitutions, out.deletions, out.insertions)


# ---------------------------------------------------------------------------------------------
# conversations


REWRITES: dict[str, Callable[[str], str]] = {
    "no question marks": lambda text: text.replace("?", ""),
    "lower case, no punctuation": lambda text: " ".join(
        re.sub(r"[^\w' ]+", " ", text.lower()).split()
    ),
}
"""Diagnostics: transcripts rewritten before the agent sees them, to tell recognition errors
from the agent's sensitivity to the recogniser's punctuation and capitals."""


def spoken_file(
    loaded: ConversationFile,
    heard: dict[str, Heard],
    rewrite: Callable[[str], str] | None = None,
) -> ConversationFile:
    """The same file with every turn replaced by its transcript (an empty transcript is a turn
    the agent never hears: run_conversation skips it, as the kiosk would)."""

    def said(text: str) -> str:
        transcript = heard[text].transcript
        return rewrite(transcript) if rewrite is not None else transcript

    conversations = tuple(
        dataclasses.replace(c, turns=tuple(said(t) for t in c.turns)) for c in loaded.conversations
    )
    return dataclasses.replace(loaded, conversations=conversations)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class SpokenResult:
    condition: Condition
    config: RecogniserConfig
    outcomes: list[Outcome] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    """transcription time per distinct utterance"""

    def as_json(self, label: str) -> dict[str, Any]:
        summary = Summary.of(label, self.outcomes)
        record: dict[str, Any] = {
            "voice": self.condition.voice,
            "noise": self.condition.noise,
            "snr_db": self.condition.snr_db,
            "recogniser": self.config.label,
            "recogniser_settings": self.config.key(),
            "turns": len(self.pairs),
            "distinct_utterances": len(self.seconds),
            "empty_transcripts": sum(1 for _, h in self.pairs if not h.strip()),
            **word_errors(self.pairs).as_json(),
            "exact_rate": round(summary.rate("exact"), 1),
            "wrong_order_rate": round(summary.rate("wrong_order"), 1),
            "no_order_rate": round(summary.rate("no_order"), 1),
            "conversations": summary.total,
            "verdicts": dict(summary.verdicts),
        }
        if self.seconds:
            record["transcribe_ms_mean"] = round(1000 * statistics.fmean(self.seconds), 1)
            record["transcribe_ms_p95"] = round(1000 * percentile(self.seconds, 0.95), 1)
        record["failures"] = [
            {"file": o.file, "name": o.conversation.name, "verdict": o.verdict}
            for o in self.outcomes
            if not o.passed
        ]
        return record


async def run_spoken(
    settings: AgentSettings,
    files: list[ConversationFile],
    condition: Condition,
    recogniser: Callable[[], SpokenRecogniser],
    config: RecogniserConfig = AGENT_RECOGNISER,
    *,
    rewrite: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> SpokenResult:
    """Every conversation of `files` spoken in `condition`, recognised and run through the
    agent. `rewrite` names a diagnostic of REWRITES applied to the transcripts (WER is always
    of the transcripts as recognised)."""
    result = SpokenResult(condition, config)
    for loaded in files:
        texts = [t for c in loaded.conversations for t in c.turns]

        def tick(done: int, total: int, name: str = loaded.path.name) -> None:
            if progress is not None and (done % 25 == 0 or done == total):
                progress(f"  {condition.label} [{config.label}] {name}: {done}/{total} heard")

        heard = recognise_turns(texts, loaded.menu, condition, recogniser, config, progress=tick)
        result.pairs.extend((t, heard[t].transcript) for t in texts)
        result.seconds.extend(heard[t].seconds for t in dict.fromkeys(texts))
        rewritten = spoken_file(loaded, heard, REWRITES[rewrite] if rewrite else None)
        result.outcomes.extend(await run_file(settings, rewritten))
    return result


def subset(loaded: ConversationFile, every: int) -> ConversationFile:
    """Every `every`-th conversation of the file (from the first), for quicker runs."""
    return dataclasses.replace(loaded, conversations=loaded.conversations[::every])
