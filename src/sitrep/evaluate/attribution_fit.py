"""Fit the English cue classifier (:mod:`sitrep.extract.cue_model`) on PolNeAR *train*.

Reproduce ``data/attribution/en_cue_model.json``::

    python -m sitrep.evaluate.attribution_fit ../shared/eval/polnear/polnear_train.jsonl \\
        src/sitrep/data/attribution/en_cue_model.json

Steps: parse the train documents with the English pipeline's spaCy components; label each
candidate token 1 when it is the syntactic head of a gold cue; fit an L2-regularised
logistic regression (full-batch Adam, numpy) on features seen at least ``MIN_COUNT`` times; predict
every document out-of-fold (``FOLDS``-fold cross-validation by document) and choose the
threshold that maximises the cue overlap F1 of the whole attribution stage on those
held-out predictions; refit on all documents. Nothing from the dev split is read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from sitrep.evaluate.polnear import PRF, gold_roles, load_polnear, predicted_roles, score_document
from sitrep.extract.attribution import find_attributions
from sitrep.extract.attribution_spans import quote_regions
from sitrep.extract.cue_model import features, is_candidate, quote_context
from sitrep.extract.cues import cue_lexicon

MIN_COUNT = 3
L2 = 3.0
FOLDS = 5
MAX_ITER = 300
RATE, BETA1, BETA2 = 0.05, 0.9, 0.999  # Adam
THRESHOLDS = tuple(round(0.25 + 0.025 * i, 3) for i in range(11))  # 0.25 .. 0.5
PRUNE = 0.1  # weights smaller than this are not shipped
Row = tuple[int, int, list[str], int]  # doc index, token index, features, label


def parse(records: Sequence[dict[str, Any]]) -> list[Doc]:
    """The documents parsed as the pipeline parses them (without sitrep's own stages)."""
    from sitrep.extract.pipeline import build_nlp

    nlp = build_nlp("en")
    keep = [p for p in nlp.pipe_names if not p.startswith("sitrep.")]
    with nlp.select_pipes(enable=keep):
        docs = list(nlp.pipe((r["text"] for r in records), batch_size=16))
    for doc in docs:
        doc._.language = "en"
    return docs


def cue_heads(doc: Doc, record: dict[str, Any]) -> set[int]:
    """Token indices heading a gold cue (the root of its extent)."""
    heads: set[int] = set()
    for attribution in record["attributions"]:
        fragments = [f for part in attribution.get("cue") or () for f in part["spans"]]
        if not fragments:
            continue
        span = doc.char_span(fragments[0][0], fragments[-1][1], alignment_mode="expand")
        if span is not None and len(span):
            heads.add(span.root.i)
    return heads


def rows(docs: Sequence[Doc], records: Sequence[dict[str, Any]]) -> list[Row]:
    """One row per candidate token of every document."""
    lex = cue_lexicon("en")
    out: list[Row] = []
    for d, (doc, record) in enumerate(zip(docs, records, strict=True)):
        heads = cue_heads(doc, record)
        quotes = quote_regions(doc)
        inside = {i for s, e in quotes for i in range(s + 1, e - 1)}
        for sent in doc.sents:
            for token in sent:
                if is_candidate(token):
                    near = quote_context(token, quotes)
                    feats = features(token, lex, token.i in inside, near, sent.start)
                    out.append((d, token.i, feats, int(token.i in heads)))
    return out


def _columns(data: Sequence[Row], index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The binary design matrix as (row, column) index arrays of its ones."""
    rows_of: list[int] = []
    cols: list[int] = []
    for r, (_, _, feats, _) in enumerate(data):
        present = {index[f] for f in feats if f in index}
        cols.extend(present)
        rows_of.extend([r] * len(present))
    return np.array(rows_of, dtype=np.int64), np.array(cols, dtype=np.int64)


def fit(data: Sequence[Row], l2: float = L2) -> tuple[float, dict[str, float]]:
    """(bias, feature -> weight) of an L2-regularised logistic regression on ``data``.

    Full-batch Adam on the mean log loss (numpy only), ``MAX_ITER`` steps.
    """
    counts: dict[str, int] = {}
    for _, _, feats, _ in data:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(names)}
    rows_of, cols = _columns(data, index)
    y = np.array([label for *_, label in data], dtype=float)
    n, d = len(data), len(names)
    w = np.zeros(d + 1)
    m = np.zeros(d + 1)
    v = np.zeros(d + 1)
    for step in range(1, MAX_ITER + 1):
        z = np.bincount(rows_of, weights=w[1:][cols], minlength=n) + w[0]
        g = (1.0 / (1.0 + np.exp(-z)) - y) / n
        grad = np.concatenate(([g.sum()], np.bincount(cols, weights=g[rows_of], minlength=d)))
        grad[1:] += (l2 / n) * w[1:]
        m = BETA1 * m + (1 - BETA1) * grad
        v = BETA2 * v + (1 - BETA2) * grad * grad
        m_hat = m / (1 - BETA1**step)
        v_hat = v / (1 - BETA2**step)
        w -= RATE * m_hat / (np.sqrt(v_hat) + 1e-8)
    return float(w[0]), {f: float(w[i + 1]) for f, i in index.items()}


def probabilities(data: Sequence[Row], bias: float, weights: dict[str, float]) -> np.ndarray:
    z = np.array([bias + sum(weights.get(f, 0.0) for f in feats) for _, _, feats, _ in data])
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def end_to_end(
    docs: Sequence[Doc],
    records: Sequence[dict[str, Any]],
    data: Sequence[Row],
    p: np.ndarray,
    t: float,
) -> dict[str, PRF]:
    """Cue / source overlap and attribution PRF when tokens with ``p >= t`` are cues."""
    chosen: list[set[int]] = [set() for _ in docs]
    for (d, i, _, _), prob in zip(data, p, strict=True):
        if prob >= t:
            chosen[d].add(i)
    total = {"cue": PRF(), "source": PRF(), "content": PRF(), "attribution": PRF()}
    for doc, record, cues in zip(docs, records, chosen, strict=True):
        gold = [gold_roles(a) for a in record["attributions"]]
        pred = [predicted_roles(a) for a in find_attributions(doc, cue_tokens=cues)]
        roles, attribution = score_document(record["text"], gold, pred)
        for role in ("cue", "source", "content"):
            total[role] += roles[role]["overlap"]
        total["attribution"] += attribution
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("train", type=Path, help="polnear_train.jsonl")
    parser.add_argument("out", type=Path, help="the model JSON to write")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    records = list(load_polnear(args.train, limit=args.limit))
    if any(r.get("split", "train") != "train" for r in records):
        print("refusing to fit on a split other than train", file=sys.stderr)
        return 2
    docs = parse(records)
    data = rows(docs, records)
    print(f"{len(docs)} docs, {len(data)} candidates, {sum(r[3] for r in data)} cue heads")
    oof = np.zeros(len(data))
    fold_of = np.array([d % FOLDS for d, *_ in data])
    for k in range(FOLDS):
        train = [r for r, f in zip(data, fold_of, strict=True) if f != k]
        bias, weights = fit(train)
        held = np.flatnonzero(fold_of == k)
        oof[held] = probabilities([data[i] for i in held], bias, weights)
    best, best_f1 = THRESHOLDS[0], -1.0
    for t in THRESHOLDS:
        scores = end_to_end(docs, records, data, oof, t)
        line = " ".join(
            f"{k} {v.precision:.3f}/{v.recall:.3f}/{v.f1:.4f}" for k, v in scores.items()
        )
        print(f"threshold {t:.3f}: {line}")
        if scores["cue"].f1 > best_f1:
            best, best_f1 = t, scores["cue"].f1
    print(f"chosen threshold {best} (train CV cue overlap F1 {best_f1:.4f})")
    bias, weights = fit(data)
    kept = {f: round(w, 4) for f, w in sorted(weights.items()) if abs(w) >= PRUNE}
    model = {
        "about": "sitrep cue classifier: sitrep.evaluate.attribution_fit on PolNeAR train",
        "docs": len(docs),
        "train_cv_cue_overlap_f1": round(best_f1, 4),
        "l2": L2,
        "min_count": MIN_COUNT,
        "bias": round(bias, 4),
        "threshold": best,
        "weights": kept,
    }
    args.out.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(kept)} weights")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
